import { and, eq, ilike, inArray } from "drizzle-orm";
import type { z } from "zod";
import { type ChannelKind, channelTopic, isConversation } from "@/shared/channels";
import { type BuiltInCommand, isBuiltInCommand, type runCommandInput } from "@/shared/commands";
import { topics } from "@/shared/events";
import { newId } from "@/shared/ids";
import { USER_MENTION } from "@/shared/mentions";
import type { EphemeralMessage, MessageView } from "@/shared/messages";
import { escapeMarkdown } from "@/shared/slack/mrkdwn";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { badRequest, notFound } from "../../access/errors";
import { decryptSecret } from "../../auth/secrets";
import { apps, channelMembers, messages, slashCommands, users, workspaceMembers, workspaces } from "../../db/schema";
import { FetchRefused, safePost } from "../../outbound/safe-fetch";
import { appMessage, SlackPayloadError } from "../../slack/app-message";
import { conversationKindLetter, toSlackId, toSlackTs } from "../../slack/ids";
import { signedHeaders } from "../../slack/signing";
import { sendEnvelope } from "../../slack/socket-mode";
import { issueResponseUrl, newTriggerId } from "../apps/issue-response-url";
import { addChannelMember } from "../channels/add-channel-member";
import { leaveChannel } from "../channels/leave-channel";
import { updateChannel } from "../channels/update-channel";
import { type ActionContext, type ActorOf, botActor, defineAction, runAction } from "../context";
import { sendMessage } from "../messages/send-message";
import { appEphemeral } from "../messages/post-ephemeral";
import { setChannelNotifications } from "../notifications/set-channel-notifications";
import { log } from "../../observability/log";
import { likeEscaped } from "../../db/like";

/** Slack gives an app three seconds to answer a command; after that the person is told it did not. */
export const COMMAND_ANSWER_TIMEOUT_MS = 3000;
const MAX_ANSWER_BYTES = 256 * 1024;
const SHRUG = escapeMarkdown("¯\\_(ツ)_/¯");

type Input = z.output<typeof runCommandInput> & { origin: string };
type Context = ActionContext<ActorOf<"user">>;
interface Place {
  channelId: string;
  threadRootId: string | null;
}
/** The thread a command was typed in, as Slack names it to apps. */
type Thread = { ts: string } | null;

/** What a command did, for the tab that ran it: a note only its caller sees, a message it posted, or that they left. */
export interface CommandResult {
  ephemeral: EphemeralMessage[];
  message: MessageView | null;
  left: boolean;
}

const done = (result: Partial<CommandResult>): CommandResult => ({ ephemeral: [], message: null, left: false, ...result });

/** Confab's own note to the caller, about what their command did. */
function note({ services }: Context, place: Place, body: string): EphemeralMessage {
  return { id: newId(), ...place, authorId: null, app: null, body, blocks: null, attachments: null, createdAt: services.clock.now() };
}

const listOfNames = (names: string[]) => (names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);

/** `/invite <@id> @ana`: people picked from the composer's list arrive as ids; typed names are matched in the workspace. */
async function invite(ctx: Context, place: Place, workspaceId: string, channelName: string, text: string): Promise<CommandResult> {
  const ids = [...text.matchAll(USER_MENTION)].map((match) => match[1]!);
  const typed = text
    .replace(USER_MENTION, " ")
    .split(/\s+/)
    .map((word) => word.replace(/^@/, ""))
    .filter(Boolean);
  if (ids.length === 0 && typed.length === 0) throw badRequest("Say who to add: /invite @name");
  const named = typed.length
    ? await ctx.tx
        .select({ id: users.id, name: users.name })
        .from(workspaceMembers)
        .innerJoin(users, eq(users.id, workspaceMembers.userId))
        // One word finds "Ana" in "Ana López"; several must be the whole name. Either way, only one person may match.
        .where(and(eq(workspaceMembers.workspaceId, workspaceId), ilike(users.name, typed.length === 1 ? `${likeEscaped(typed[0]!)}%` : likeEscaped(typed.join(" ")))))
    : [];
  const unknown = typed.length && named.length !== 1 ? [typed.join(" ")] : [];
  const targets = [...new Set([...ids, ...(named.length === 1 ? [named[0]!.id] : [])])];
  const people = targets.length ? await ctx.tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, targets)) : [];
  const present = new Set(
    targets.length
      ? (await ctx.tx.select({ userId: channelMembers.userId }).from(channelMembers).where(and(eq(channelMembers.channelId, place.channelId), inArray(channelMembers.userId, targets)))).map((row) => row.userId)
      : [],
  );
  const added: string[] = [];
  const already: string[] = [];
  for (const person of people) {
    if (present.has(person.id)) already.push(person.name);
    else {
      await runAction(ctx.actor, addChannelMember, { channelId: place.channelId, userId: person.id }, ctx.services);
      added.push(person.name);
    }
  }
  const lines = [
    added.length ? `Added ${listOfNames(added)} to #${channelName}.` : "",
    already.length ? `${listOfNames(already)} ${already.length === 1 ? "is" : "are"} already in #${channelName}.` : "",
    unknown.length ? `No one in this workspace is called “${escapeMarkdown(unknown[0]!)}”${named.length > 1 ? " alone: pick them from the list as you type" : ""}.` : "",
  ].filter(Boolean);
  return done({ ephemeral: [note(ctx, place, lines.join("\n"))] });
}

async function runBuiltIn(ctx: Context, command: BuiltInCommand, place: Place, channel: { workspaceId: string; name: string }, input: Input): Promise<CommandResult> {
  const post = (body: string) =>
    runAction(ctx.actor, sendMessage, { channelId: place.channelId, body, fileIds: [], clientNonce: input.clientNonce ?? newId(), threadRootId: place.threadRootId ?? undefined, alsoInChannel: false }, ctx.services);
  switch (command) {
    case "/me":
      if (!input.text) throw badRequest("Say what you are doing after /me");
      return done({ message: await post(`_${input.text}_`) });
    case "/shrug":
      return done({ message: await post(input.text ? `${input.text} ${SHRUG}` : SHRUG) });
    case "/invite":
      return invite(ctx, place, channel.workspaceId, channel.name, input.text);
    case "/leave":
      await runAction(ctx.actor, leaveChannel, { channelId: place.channelId }, ctx.services);
      return done({ left: true });
    case "/topic": {
      const topic = channelTopic.safeParse(input.text);
      if (!topic.success) throw badRequest(topic.error.issues[0]!.message);
      await runAction(ctx.actor, updateChannel, { channelId: place.channelId, topic: topic.data }, ctx.services);
      return done({ ephemeral: [note(ctx, place, input.text ? `Topic of #${channel.name} set to: ${escapeMarkdown(input.text)}` : `Topic of #${channel.name} cleared.`)] });
    }
    case "/mute": {
      const [settings] = await ctx.tx
        .select({ notifyLevel: channelMembers.notifyLevel, muted: channelMembers.muted, ignoreChannelMentions: channelMembers.ignoreChannelMentions })
        .from(channelMembers)
        .where(and(eq(channelMembers.channelId, place.channelId), eq(channelMembers.userId, ctx.actor.userId)));
      const muted = !settings!.muted;
      await runAction(ctx.actor, setChannelNotifications, { channelId: place.channelId, level: settings!.notifyLevel, muted, ignoreChannelMentions: settings!.ignoreChannelMentions }, ctx.services);
      const body = muted ? `You muted #${channel.name}: it stays quiet unless someone mentions you. /mute again to unmute it.` : `You unmuted #${channel.name}.`;
      return done({ ephemeral: [note(ctx, place, body)] });
    }
  }
}

/** What Slack's apps read an answer as: JSON with text and blocks, or plain text; an empty 200 says "answering later". */
function answerPayload(answer: { body: string; contentType: string }): Record<string, unknown> | null {
  if (!answer.body.trim()) return null;
  if (answer.contentType.includes("json") || answer.body.trimStart().startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(answer.body);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // Not JSON after all: shown as the text it is.
    }
  }
  return { text: answer.body };
}

/**
 * An app's command: Slack's form body, signed, POSTed to the command's URL (or over the app's Socket Mode
 * connection), with a response_url for later answers.
 * The app's answer within three seconds is shown to the caller alone, or posted in the channel as the app when it
 * says in_channel and its bot may post there.
 */
async function askApp(
  ctx: Context,
  found: { command: typeof slashCommands.$inferSelect; app: typeof apps.$inferSelect; teamDomain: string },
  place: Place,
  thread: Thread,
  channel: { id: string; name: string; kind: ChannelKind; workspaceId: string },
  input: Input,
): Promise<CommandResult> {
  const { tx, actor, services } = ctx;
  const { command, app } = found;
  const now = services.clock.now();
  const responseUrl = await issueResponseUrl(ctx, { appId: app.id, channelId: channel.id, userId: actor.userId, messageId: null, threadRootId: place.threadRootId }, input.origin);
  const [caller] = await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.userId));
  const form = new URLSearchParams({
    // Slack's deprecated verification token: Confab has none; apps verify the signature instead.
    token: "",
    team_id: toSlackId("T", channel.workspaceId),
    team_domain: found.teamDomain,
    channel_id: toSlackId(conversationKindLetter(channel.kind), channel.id),
    channel_name: channel.kind === "dm" ? "directmessage" : channel.kind === "group_dm" ? "mpdm" : channel.name,
    user_id: toSlackId("U", actor.userId),
    user_name: caller?.name ?? "",
    command: command.command,
    text: input.text,
    api_app_id: toSlackId("A", app.id),
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: newTriggerId(now),
  });
  if (thread) form.set("thread_ts", thread.ts);
  const failed = (why: string) => done({ ephemeral: [note(ctx, place, `${command.command} failed: ${why}`)] });
  const tooSlow = `${app.name} did not answer within 3 seconds.`;
  let payload: Record<string, unknown> | null;
  if (app.socketMode) {
    const sent = await sendEnvelope(tx, app.id, { type: "slash_commands", payload: Object.fromEntries(form) }, COMMAND_ANSWER_TIMEOUT_MS);
    if (!sent.delivered) return failed(sent.reason === "no_connection" ? `${app.name} is not connected to Confab right now.` : tooSlow);
    // An ack with nothing in it says "answering later", like an empty HTTP 200.
    payload = sent.payload && Object.keys(sent.payload).length > 0 ? sent.payload : null;
  } else {
    const body = form.toString();
    let answer: Awaited<ReturnType<typeof safePost>>;
    try {
      answer = await safePost(command.url, { "content-type": "application/x-www-form-urlencoded", ...signedHeaders(decryptSecret(app.signingSecretEncrypted), body, now) }, Buffer.from(body), {
        timeoutMs: COMMAND_ANSWER_TIMEOUT_MS,
        maxAnswerBytes: MAX_ANSWER_BYTES,
      });
    } catch (error) {
      // The reason may name an internal address: the log has it, the person gets what they can act on.
      log().warn({ reason: (error as Error).message }, `[commands] ${command.command} → ${command.url} failed`);
      return failed(error instanceof FetchRefused && error.message === "Timed out" ? tooSlow : `${app.name} could not be reached.`);
    }
    if (answer.status < 200 || answer.status >= 300) return failed(`${app.name} answered with an error (HTTP ${answer.status}).`);
    payload = answerPayload(answer);
  }
  if (!payload) return done({});
  let message: Awaited<ReturnType<typeof appMessage>>;
  try {
    message = await appMessage(tx, payload, app);
  } catch (error) {
    if (error instanceof SlackPayloadError) return failed(`${app.name}'s answer could not be shown (${error.error}: ${error.message}).`);
    throw error;
  }
  if (payload.response_type === "in_channel") {
    const [botHere] = await tx.select({ userId: channelMembers.userId }).from(channelMembers).where(and(eq(channelMembers.channelId, channel.id), eq(channelMembers.userId, app.botUserId)));
    if (botHere && !isConversation(channel.kind)) {
      const posted = await runAction(
        botActor(app),
        sendMessage,
        { channelId: channel.id, body: message.body, fileIds: [], clientNonce: newId(), threadRootId: place.threadRootId ?? undefined, alsoInChannel: false, appContent: message.content },
        services,
      );
      return done({ message: posted });
    }
    return done({
      ephemeral: [appEphemeral(app, place, message, now), note(ctx, place, `${app.name} answered for everyone, but it is not in this conversation, so only you see it. Add it with /invite @${app.name}.`)],
    });
  }
  return done({ ephemeral: [appEphemeral(app, place, message, now)] });
}

/**
 * A command typed in the message box: one of Confab's own, or an app's. Whatever it answers only for the caller
 * reaches every tab they have open; the tab that ran it also gets it in the result.
 */
export const runCommand = defineAction({ actors: ["user"], transaction: false }, async (ctx, input: Input): Promise<CommandResult> => {
  const { tx, actor, emit } = ctx;
  const { channel } = await requireChannelMember(tx, input.channelId, actor.userId);
  requireNotArchived(channel);
  let thread: Thread = null;
  if (input.threadRootId) {
    const [root] = await tx
      .select({ channelId: messages.channelId, threadRootId: messages.threadRootId, createdAt: messages.createdAt, seq: messages.seq })
      .from(messages)
      .where(eq(messages.id, input.threadRootId));
    if (!root || root.channelId !== channel.id || root.threadRootId) throw notFound("That thread does not exist");
    thread = { ts: toSlackTs(root) };
  }
  const place = { channelId: channel.id, threadRootId: input.threadRootId ?? null };
  let result: CommandResult;
  if (isBuiltInCommand(input.command)) result = await runBuiltIn(ctx, input.command, place, channel, input);
  else {
    const [found] = await tx
      .select({ command: slashCommands, app: apps, teamDomain: workspaces.slug })
      .from(slashCommands)
      .innerJoin(apps, eq(apps.id, slashCommands.appId))
      .innerJoin(workspaces, eq(workspaces.id, slashCommands.workspaceId))
      .where(and(eq(slashCommands.workspaceId, channel.workspaceId), eq(slashCommands.command, input.command)));
    if (!found) throw badRequest(`${input.command} is not a command in this workspace. To send a message that starts with a slash, begin it with a space.`);
    result = await askApp(ctx, found, place, thread, channel, input);
  }
  for (const message of result.ephemeral) emit(topics.user(actor.userId), { type: "message.ephemeral", message });
  return result;
});
