import { type ChannelKind, createChannelInput, openDmInput } from "@/shared/channels";
import { messagePath, type MessageView } from "@/shared/messages";
import { newId } from "@/shared/ids";
import { DomainError } from "../../access/errors";
import { runAction } from "../../actions/context";
import { createChannel } from "../../actions/channels/create-channel";
import { joinChannel } from "../../actions/channels/join-channel";
import { openDm } from "../../actions/channels/open-dm";
import { deleteMessage } from "../../actions/messages/delete-message";
import { editMessage } from "../../actions/messages/edit-message";
import { shareStagedFiles } from "../../actions/files/share-staged-files";
import { postEphemeral } from "../../actions/messages/post-ephemeral";
import { sendMessage } from "../../actions/messages/send-message";
import { setPinned } from "../../actions/messages/set-pinned";
import { toggleReaction } from "../../actions/messages/toggle-reaction";
import { emojiForName } from "@/shared/slack/emoji";
import { requireReadableChannel } from "../../access/channels";
import { db } from "../../db/client";
import { getChannel, listChannelMembers } from "../../queries/channels";
import { maxFileBytes, stagedFiles } from "../../queries/files";
import { messageView } from "../../queries/message-views";
import { getThread, listHistory, listPins } from "../../queries/messages";
import { historyBounds, messageIdForTs, readableConversations, workspacePeople, workspacePerson } from "../../queries/slack";
import { CONVERSATION_ID_KINDS, conversationKindLetter, fromSlackId, toSlackId, toSlackTs } from "../../slack/ids";
import { appMessage, SlackPayloadError } from "../../slack/app-message";
import { slackConversation, slackFile, slackMessage, slackUser } from "../../slack/format";
import { liveConnectionCount, MAX_CONNECTIONS_PER_APP, socketTicket } from "../../slack/socket-mode";
import { SOCKET_MODE_PATH } from "./socket-mode";
import { uploadUrl } from "./file-upload";
import { type SlackArgs, SlackApiError, type SlackCall, type SlackMethod } from "./web-api";

// Support conversations read as private channels to an app in one.
const HISTORY_SCOPES: Record<ChannelKind, string> = { public: "channels:history", private: "groups:history", dm: "im:history", group_dm: "mpim:history", support: "groups:history" };
const READ_SCOPES: Record<ChannelKind, string> = { public: "channels:read", private: "groups:read", dm: "im:read", group_dm: "mpim:read", support: "groups:read" };
const TYPES: Record<string, ChannelKind> = { public_channel: "public", private_channel: "private", im: "dm", mpim: "group_dm" };

const teamIdOf = (call: SlackCall) => toSlackId("T", call.app.workspaceId);
const str = (value: unknown) => (typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined);
const bool = (value: unknown) => value === true || value === "true" || value === "1" || value === 1;

/** The `limit` argument, Slack's way: a default, a ceiling, and nonsense refused. */
function limitOf(args: SlackArgs, fallback: number, max: number): number {
  if (args.limit === undefined || args.limit === "") return fallback;
  const limit = Number(args.limit);
  if (!Number.isInteger(limit) || limit < 0) throw new SlackApiError("invalid_limit");
  return limit === 0 ? fallback : Math.min(limit, max);
}

const encodeCursor = (value: string) => Buffer.from(`next:${value}`).toString("base64url");
function decodeCursor(args: SlackArgs): string | null {
  const cursor = str(args.cursor);
  if (!cursor) return null;
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  if (!decoded.startsWith("next:")) throw new SlackApiError("invalid_cursor");
  return decoded.slice(5);
}
const page = (more: boolean, last: string | undefined) => ({ response_metadata: { next_cursor: more && last ? encodeCursor(last) : "" } });

/** Runs an action as the app's bot; the refusals an app can act on get Slack's names. */
async function asBot<T>(call: SlackCall, work: () => Promise<T>, names: Partial<Record<DomainError["code"], string>> & { join?: string } = {}): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === "BAD_REQUEST" && /^Join #/.test(error.message)) throw new SlackApiError(names.join ?? "not_in_channel");
    if (error.code === "BAD_REQUEST" && /archived/.test(error.message)) throw new SlackApiError("is_archived");
    const name = names[error.code];
    if (name) throw new SlackApiError(name, { warning: error.message });
    throw error;
  }
}

/** The conversation an app named, if it may read it: others are channel_not_found, as they would be for a person. */
async function conversationArg(call: SlackCall, value: unknown = call.args.channel) {
  const channelId = fromSlackId(value, CONVERSATION_ID_KINDS);
  if (!channelId) throw new SlackApiError("channel_not_found");
  const access = await requireReadableChannel(db(), channelId, call.actor.userId).catch(() => {
    throw new SlackApiError("channel_not_found");
  });
  if (access.channel.workspaceId !== call.app.workspaceId) throw new SlackApiError("channel_not_found");
  return access;
}

/**
 * A conversation whose messages the app asks to read: Slack lets a bot read them only from inside it, and with the
 * history scope of its kind, whichever method returns them.
 */
async function readableFromInside(call: SlackCall) {
  const access = await conversationArg(call);
  requireScopeFor(call, HISTORY_SCOPES, access.channel.kind);
  if (!access.isMember) throw new SlackApiError("not_in_channel");
  return access;
}

function requireScopeFor(call: SlackCall, scopes: Record<ChannelKind, string>, kind: ChannelKind) {
  const needed = scopes[kind];
  if (!call.app.scopes.includes(needed)) throw new SlackApiError("missing_scope", { needed, provided: call.app.scopes.join(",") });
}

async function messageArg(call: SlackCall, channelId: string, ts: unknown, missing = "message_not_found") {
  const messageId = await messageIdForTs(call.actor.userId, channelId, ts);
  if (!messageId) throw new SlackApiError(missing);
  return messageId;
}

/** The thread root's ts for each reply among these messages, so every reply says which thread it is in. */
async function withThreadTs(messages: MessageView[]) {
  const rootIds = [...new Set(messages.flatMap((message) => (message.threadRootId ? [message.threadRootId] : [])))];
  const roots = await Promise.all(rootIds.map((id) => messageView(db(), id)));
  const tsOf = new Map(roots.flatMap((root) => (root ? [[root.id, toSlackTs(root)] as const] : [])));
  return (message: MessageView) => (message.threadRootId ? tsOf.get(message.threadRootId) : undefined);
}

/** A payload's content, or Slack's refusal of it. */
async function contentOf(call: SlackCall) {
  try {
    return await appMessage(db(), call.args, call.app);
  } catch (error) {
    if (error instanceof SlackPayloadError) throw new SlackApiError(error.error, { warning: error.message });
    throw error;
  }
}

async function post(call: SlackCall) {
  const { args } = call;
  const message = await contentOf(call);
  // A user id as the channel is a DM with that person, opened if need be (Slack's convenience).
  const userTarget = fromSlackId(args.channel, ["U"]);
  const { channel } = userTarget
    ? await conversationArg(call, toSlackId("D", (await asBot(call, () => runAction(call.actor, openDm, { workspaceId: call.app.workspaceId, userIds: [userTarget] }), { NOT_FOUND: "user_not_found" })).id))
    : await conversationArg(call);
  const threadRootId = args.thread_ts !== undefined ? await messageArg(call, channel.id, args.thread_ts, "thread_not_found") : undefined;
  const sent = await asBot(call, () =>
    runAction(call.actor, sendMessage, { channelId: channel.id, body: message.body, fileIds: [], clientNonce: newId(), threadRootId, alsoInChannel: bool(args.reply_broadcast), appContent: message.content }),
  );
  const threadTs = threadRootId ? toSlackTs((await messageView(db(), threadRootId))!) : undefined;
  return { channel: toSlackId(conversationKindLetter(channel.kind), channel.id), ts: toSlackTs(sent), message: slackMessage(sent, teamIdOf(call), threadTs) };
}

/** conversations.list, and users.conversations (those one person is in): what the app may see, by cursor. */
async function listConversations(call: SlackCall, memberOf: string | null) {
  const requested = (str(call.args.types) ?? "public_channel").split(",").map((type) => type.trim());
  const kinds = requested.map((type) => TYPES[type]);
  if (kinds.some((kind) => kind === undefined)) throw new SlackApiError("invalid_types");
  for (const kind of kinds as ChannelKind[]) requireScopeFor(call, READ_SCOPES, kind);
  const { conversations, more } = await readableConversations(call.actor.userId, call.app.workspaceId, kinds as ChannelKind[], {
    after: decodeCursor(call.args),
    limit: limitOf(call.args, 100, 1000),
    excludeArchived: bool(call.args.exclude_archived),
    memberOf: memberOf ?? undefined,
  });
  return {
    channels: conversations.map((row) => slackConversation(row.channel, { isMember: row.isMember, memberCount: row.memberCount })),
    ...page(more, conversations.at(-1)?.channel.id),
  };
}

/** reactions.add and .remove: Slack's name for the emoji ("thumbsup", "wave::skin-tone-3") on a message. */
async function react(call: SlackCall, on: boolean) {
  const { channel } = await conversationArg(call);
  const messageId = await messageArg(call, channel.id, call.args.timestamp);
  const [name, tone] = (str(call.args.name) ?? "").replace(/^:|:$/g, "").split("::skin-tone-");
  const emoji = name ? emojiForName(name, tone ? Number(tone) : undefined) : undefined;
  if (!emoji) throw new SlackApiError("invalid_name");
  await asBot(call, () => runAction(call.actor, toggleReaction, { messageId, emoji, on }), { CONFLICT: "already_reacted", NOT_FOUND: "no_reaction" });
  return {};
}

/** pins.add and .remove, refusing what is already so, as Slack does. */
async function pin(call: SlackCall, on: boolean) {
  const { channel } = await conversationArg(call);
  const messageId = await messageArg(call, channel.id, call.args.timestamp);
  const pinned = (await listPins(call.actor.userId, channel.id)).some((message) => message.id === messageId);
  if (pinned === on) throw new SlackApiError(on ? "already_pinned" : "no_pin");
  await asBot(call, () => runAction(call.actor, setPinned, { messageId, on }));
  return {};
}

export const SLACK_METHODS: Record<string, SlackMethod> = {
  "api.test": { tier: 4, scopes: [], run: async ({ args }) => ({ args }) },

  "auth.test": {
    tier: 4,
    scopes: [],
    run: async (call) => ({
      url: `${call.origin}/w/${call.app.workspaceSlug}/`,
      team: call.app.workspaceName,
      user: call.app.name,
      team_id: teamIdOf(call),
      user_id: toSlackId("U", call.app.botUserId),
      bot_id: toSlackId("B", call.app.id),
      app_id: toSlackId("A", call.app.id),
      is_enterprise_install: false,
    }),
  },

  "apps.connections.open": {
    tier: 1,
    token: "app",
    scopes: [],
    async run(call) {
      const now = new Date();
      if ((await liveConnectionCount(db(), call.app.id, now)) >= MAX_CONNECTIONS_PER_APP) throw new SlackApiError("too_many_websockets");
      const origin = new URL(call.origin);
      origin.protocol = origin.protocol === "https:" ? "wss:" : "ws:";
      return { url: `${origin.origin}${SOCKET_MODE_PATH}?ticket=${socketTicket(call.app.id, now)}` };
    },
  },

  "files.getUploadURLExternal": {
    tier: 4,
    scopes: ["files:write"],
    async run(call) {
      const filename = str(call.args.filename)?.trim();
      if (!filename) throw new SlackApiError("invalid_arguments", { warning: "filename is required" });
      const length = Number(call.args.length);
      if (!Number.isSafeInteger(length) || length <= 0) throw new SlackApiError("invalid_arguments", { warning: "length must be the file's size in bytes" });
      if (length > maxFileBytes()) throw new SlackApiError("file_too_large", { warning: `Files can be at most ${maxFileBytes()} bytes` });
      const fileId = newId();
      return { upload_url: uploadUrl(call.origin, { appId: call.app.id, fileId, filename, length }, new Date()), file_id: toSlackId("F", fileId) };
    },
  },

  "files.completeUploadExternal": {
    tier: 4,
    scopes: ["files:write"],
    async run(call) {
      const { args } = call;
      let listed: unknown = args.files;
      if (typeof listed === "string") {
        try {
          listed = JSON.parse(listed);
        } catch {
          throw new SlackApiError("invalid_arguments", { warning: "files must be a JSON array of {id, title}" });
        }
      }
      if (!Array.isArray(listed) || listed.length === 0) throw new SlackApiError("invalid_arguments", { warning: "files must be a JSON array of {id, title}" });
      const fileIds = listed.map((entry: { id?: unknown }) => fromSlackId(entry?.id, ["F"]));
      if (fileIds.some((id) => !id)) throw new SlackApiError("file_not_found");
      if (args.channel_id === undefined && args.channels === undefined) {
        // Not shared anywhere yet: the files stay the app's own, as Slack's private files do.
        const staged = await stagedFiles(call.actor.userId, call.app.workspaceId, fileIds as string[]);
        if (staged.length !== new Set(fileIds).size) throw new SlackApiError("file_not_found");
        return { files: staged.map((file) => slackFile(file, call.origin)) };
      }
      const { channel } = await conversationArg(call, args.channel_id ?? str(args.channels)?.split(",")[0]);
      const threadRootId = args.thread_ts !== undefined ? await messageArg(call, channel.id, args.thread_ts, "thread_not_found") : undefined;
      const comment = typeof args.initial_comment === "string" || args.blocks !== undefined ? await contentOf({ ...call, args: { text: args.initial_comment ?? "", blocks: args.blocks } }).catch((error: unknown) => {
        if (error instanceof SlackApiError && error.error === "no_text") return null;
        throw error;
      }) : null;
      const shared = await asBot(
        call,
        () =>
          runAction(call.actor, shareStagedFiles, {
            fileIds: fileIds as string[],
            channelId: channel.id,
            threadRootId,
            body: comment?.body ?? "",
            content: comment?.content,
          }),
        { NOT_FOUND: "file_not_found", BAD_REQUEST: "invalid_arguments" },
      );
      // In the order the app listed them, whichever finished uploading first.
      const byId = new Map(shared.files.map((file) => [file.id, file]));
      return { files: (fileIds as string[]).flatMap((id) => (byId.has(id) ? [slackFile(byId.get(id)!, call.origin)] : [])) };
    },
  },

  "team.info": {
    tier: 3,
    scopes: ["team:read"],
    run: async (call) => ({ team: { id: teamIdOf(call), name: call.app.workspaceName, domain: call.app.workspaceSlug, url: `${call.origin}/w/${call.app.workspaceSlug}/` } }),
  },

  "chat.postMessage": { tier: "post", scopes: ["chat:write"], run: post },

  "chat.postEphemeral": {
    tier: "post",
    scopes: ["chat:write"],
    async run(call) {
      const { args } = call;
      const { channel } = await conversationArg(call);
      const userId = fromSlackId(args.user, ["U"]);
      if (!userId) throw new SlackApiError("user_not_found");
      const threadRootId = args.thread_ts !== undefined ? await messageArg(call, channel.id, args.thread_ts, "thread_not_found") : null;
      const { body, content } = await contentOf(call);
      const shown = await asBot(call, () => runAction(call.actor, postEphemeral, { channelId: channel.id, threadRootId, userId, body, content, via: "api" }), { BAD_REQUEST: "user_not_in_channel" });
      // Never stored, so its ts names only the moment it was shown.
      return { message_ts: toSlackTs({ createdAt: shown.createdAt, seq: 0 }) };
    },
  },

  "chat.update": {
    tier: 3,
    scopes: ["chat:write"],
    async run(call) {
      const { channel } = await conversationArg(call);
      const messageId = await messageArg(call, channel.id, call.args.ts);
      const { body, content } = await contentOf(call);
      const updated = await asBot(call, () => runAction(call.actor, editMessage, { messageId, body, appContent: content }), { FORBIDDEN: "cant_update_message", BAD_REQUEST: "cant_update_message" });
      return { channel: str(call.args.channel), ts: toSlackTs(updated), text: slackMessage(updated, teamIdOf(call)).text, message: slackMessage(updated, teamIdOf(call)) };
    },
  },

  "chat.delete": {
    tier: 3,
    scopes: ["chat:write"],
    async run(call) {
      const { channel } = await conversationArg(call);
      const messageId = await messageArg(call, channel.id, call.args.ts);
      const deleted = await asBot(call, () => runAction(call.actor, deleteMessage, { messageId }), { FORBIDDEN: "cant_delete_message" });
      return { channel: str(call.args.channel), ts: toSlackTs(deleted) };
    },
  },

  "chat.getPermalink": {
    tier: 4,
    scopes: [],
    async run(call) {
      const { channel } = await conversationArg(call);
      const message = (await messageView(db(), await messageArg(call, channel.id, call.args.message_ts)))!;
      return { channel: str(call.args.channel), permalink: `${call.origin}${messagePath(call.app.workspaceSlug, message)}` };
    },
  },

  "conversations.list": { tier: 2, scopes: ["channels:read", "groups:read", "im:read", "mpim:read"], run: (call) => listConversations(call, null) },

  "users.conversations": {
    tier: 3,
    scopes: ["channels:read", "groups:read", "im:read", "mpim:read"],
    async run(call) {
      if (call.args.user === undefined) return listConversations(call, call.actor.userId);
      const userId = fromSlackId(call.args.user, ["U"]);
      if (!userId) throw new SlackApiError("user_not_found");
      await workspacePerson(call.app.workspaceId, { userId }).catch(() => {
        throw new SlackApiError("user_not_found");
      });
      return listConversations(call, userId);
    },
  },

  "conversations.info": {
    tier: 3,
    scopes: ["channels:read", "groups:read", "im:read", "mpim:read"],
    async run(call) {
      const { channel, isMember } = await conversationArg(call);
      requireScopeFor(call, READ_SCOPES, channel.kind);
      const summary = await getChannel(call.actor.userId, channel.id);
      return { channel: slackConversation({ ...channel, ...summary }, { isMember, memberCount: summary.memberCount }) };
    },
  },

  "conversations.history": {
    tier: 3,
    scopes: ["channels:history", "groups:history", "im:history", "mpim:history"],
    async run(call) {
      const { channel } = await readableFromInside(call);
      const limit = limitOf(call.args, 100, 200);
      const cursor = decodeCursor(call.args);
      const bounds = await historyBounds(call.actor.userId, channel.id, { latest: call.args.latest, oldest: call.args.oldest, inclusive: bool(call.args.inclusive) });
      const beforeSeq = cursor ? Number(cursor) : bounds.before;
      if (beforeSeq !== undefined && (!Number.isInteger(beforeSeq) || beforeSeq < 1)) throw new SlackApiError("invalid_cursor");
      const after = bounds.after ?? 0;
      const history = beforeSeq !== undefined && beforeSeq <= after + 1 ? { messages: [], hasMore: false } : await listHistory(call.actor.userId, { channelId: channel.id, beforeSeq, limit });
      // A poller asking for what came after its last message gets only that, and is told when there is no more.
      const inRange = history.messages.filter((message) => message.seq > after);
      const hasMore = inRange.length === history.messages.length && history.hasMore;
      const newestFirst = [...inRange].reverse();
      const threadTsOf = await withThreadTs(newestFirst);
      return {
        messages: newestFirst.map((message) => slackMessage(message, teamIdOf(call), threadTsOf(message))),
        has_more: hasMore,
        pin_count: 0,
        ...page(hasMore, inRange[0] ? String(inRange[0].seq) : undefined),
      };
    },
  },

  "conversations.replies": {
    tier: 3,
    scopes: ["channels:history", "groups:history", "im:history", "mpim:history"],
    async run(call) {
      const { channel } = await readableFromInside(call);
      const rootId = await messageArg(call, channel.id, call.args.ts, "thread_not_found");
      const thread = await getThread(call.actor.userId, rootId).catch(() => {
        throw new SlackApiError("thread_not_found");
      });
      const rootTs = toSlackTs(thread.root);
      const limit = limitOf(call.args, 1000, 1000);
      const all = [thread.root, ...thread.replies];
      return { messages: all.slice(0, limit).map((message) => slackMessage(message, teamIdOf(call), rootTs)), has_more: all.length > limit, ...page(false, undefined) };
    },
  },

  "conversations.members": {
    tier: 4,
    scopes: ["channels:read", "groups:read", "im:read", "mpim:read"],
    async run(call) {
      const { channel } = await conversationArg(call);
      requireScopeFor(call, READ_SCOPES, channel.kind);
      const members = await listChannelMembers(call.actor.userId, channel.id);
      return { members: members.map((member) => toSlackId("U", member.userId)), ...page(false, undefined) };
    },
  },

  "conversations.join": {
    tier: 3,
    scopes: ["channels:join"],
    async run(call) {
      const { channel, isMember } = await conversationArg(call);
      if (channel.kind !== "public") throw new SlackApiError("method_not_supported_for_channel_type");
      if (!isMember) await asBot(call, () => runAction(call.actor, joinChannel, { channelId: channel.id }));
      const summary = await getChannel(call.actor.userId, channel.id);
      return { channel: slackConversation({ ...channel, ...summary }, { isMember: true, memberCount: summary.memberCount }), ...(isMember && { warning: "already_in_channel" }) };
    },
  },

  "conversations.create": {
    tier: 2,
    scopes: ["channels:manage"],
    async run(call) {
      const isPrivate = bool(call.args.is_private);
      if (isPrivate && !call.app.scopes.includes("groups:write")) throw new SlackApiError("missing_scope", { needed: "groups:write", provided: call.app.scopes.join(",") });
      // The same rules as a person's form: lower-case, no spaces, at most 80 characters.
      const parsed = createChannelInput.safeParse({ workspaceId: call.app.workspaceId, name: str(call.args.name) ?? "", kind: isPrivate ? "private" : "public" });
      if (!parsed.success) throw new SlackApiError("invalid_name", { warning: parsed.error.issues[0]?.message });
      const created = await asBot(call, () => runAction(call.actor, createChannel, parsed.data), { CONFLICT: "name_taken", BAD_REQUEST: "invalid_name" });
      const summary = await getChannel(call.actor.userId, created.id);
      return { channel: slackConversation({ ...summary, createdAt: new Date() }, { isMember: true, memberCount: summary.memberCount }) };
    },
  },

  "conversations.open": {
    tier: 3,
    scopes: ["im:write"],
    async run(call) {
      const userIds = (str(call.args.users) ?? "").split(",").map((id) => fromSlackId(id.trim(), ["U"]));
      if (userIds.length === 0 || userIds.some((id) => id === null)) throw new SlackApiError("user_not_found");
      const parsed = openDmInput.safeParse({ workspaceId: call.app.workspaceId, userIds });
      if (!parsed.success) throw new SlackApiError("too_many_users", { warning: parsed.error.issues[0]?.message });
      const opened = await asBot(call, () => runAction(call.actor, openDm, parsed.data), { NOT_FOUND: "user_not_found", BAD_REQUEST: "invalid_arguments" });
      return { channel: { id: toSlackId(conversationKindLetter(opened.kind), opened.id) } };
    },
  },

  "users.list": {
    tier: 2,
    scopes: ["users:read"],
    async run(call) {
      const { people, more } = await workspacePeople(call.app.workspaceId, { after: decodeCursor(call.args), limit: limitOf(call.args, 200, 1000) });
      const withEmail = call.app.scopes.includes("users:read.email");
      return { members: people.map((person) => slackUser(person, teamIdOf(call), { withEmail, origin: call.origin })), ...page(more, people.at(-1)?.user.id) };
    },
  },

  "users.info": {
    tier: 4,
    scopes: ["users:read"],
    async run(call) {
      const userId = fromSlackId(call.args.user, ["U"]);
      if (!userId) throw new SlackApiError("user_not_found");
      const person = await asBot(call, () => workspacePerson(call.app.workspaceId, { userId }), { NOT_FOUND: "user_not_found" });
      return { user: slackUser(person, teamIdOf(call), { withEmail: call.app.scopes.includes("users:read.email"), origin: call.origin }) };
    },
  },

  "users.lookupByEmail": {
    tier: 3,
    scopes: ["users:read.email"],
    async run(call) {
      const email = str(call.args.email);
      if (!email) throw new SlackApiError("users_not_found");
      const person = await asBot(call, () => workspacePerson(call.app.workspaceId, { email }), { NOT_FOUND: "users_not_found" });
      if (person.user.isBot) throw new SlackApiError("users_not_found");
      return { user: slackUser(person, teamIdOf(call), { withEmail: true, origin: call.origin }) };
    },
  },

  "reactions.add": { tier: 3, scopes: ["reactions:write"], run: (call) => react(call, true) },
  "reactions.remove": { tier: 2, scopes: ["reactions:write"], run: (call) => react(call, false) },

  "reactions.get": {
    tier: 3,
    scopes: ["reactions:read"],
    async run(call) {
      const { channel } = await readableFromInside(call);
      const message = (await messageView(db(), await messageArg(call, channel.id, call.args.timestamp)))!;
      return { type: "message", channel: str(call.args.channel), message: slackMessage(message, teamIdOf(call)) };
    },
  },

  "pins.add": { tier: 2, scopes: ["pins:write"], run: (call) => pin(call, true) },
  "pins.remove": { tier: 2, scopes: ["pins:write"], run: (call) => pin(call, false) },

  "pins.list": {
    tier: 2,
    scopes: ["pins:read"],
    async run(call) {
      const { channel } = await readableFromInside(call);
      const pinned = await listPins(call.actor.userId, channel.id);
      return { items: pinned.map((message) => ({ type: "message", channel: str(call.args.channel), message: slackMessage(message, teamIdOf(call)), created: Math.floor(message.createdAt.getTime() / 1000) })) };
    },
  },
};
