import { and, eq, getTableColumns, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { AppMessageContent } from "@/shared/apps";
import { type MessageMentions, topics } from "@/shared/events";
import { parseMentions } from "@/shared/mentions";
import { linksIn } from "@/shared/previews";
import type { MessageView, sendMessageInput } from "@/shared/messages";
import { newId } from "@/shared/ids";
import { CONVERSATION_KINDS } from "@/shared/channels";
import { CHANNEL_NOT_FOUND, channelMembershipOf, requireChannelMember, requireNotArchived } from "../../access/channels";
import { badRequest, notFound } from "../../access/errors";
import { fromDriverRow, preparedStatement } from "../../db/prepared";
import { apps, channelMembers, channels, files, jobs, mentions, messages, notificationPreferences, threadFollowers, userGroupMembers, userGroups } from "../../db/schema";
import { runInBackground } from "../../jobs/background";
import { messageView, newMessageView, toMessageViews } from "../../queries/message-views";
import { type ActionContext, type ActorOf, defineAction, runAction, SYSTEM } from "../context";
import { listensForEvents } from "../apps/app-events";
import { refreshLinkPreviews } from "./refresh-link-previews";
import { mayWantUnaddressed, NOTIFY_JOB, type NotifyJobPayload, tellsChannelMemberEverything } from "./notify-recipients";

/** How many recent repliers a thread summary shows. */
const REPLY_AVATARS = 5;

type SenderContext = ActionContext<ActorOf<"user" | "bot">>;

/** What a send takes: a person's message, or an app's, which may add Block Kit blocks and post under its own name and icon. */
export type SendMessageInput = z.output<typeof sendMessageInput> & { appContent?: AppMessageContent; internal?: boolean };

/** The people of the channel's workspace's groups named in a message. */
async function membersOfGroups({ tx }: SenderContext, channelId: string, groupIds: string[]): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ userId: userGroupMembers.userId })
    .from(userGroupMembers)
    .innerJoin(userGroups, eq(userGroups.id, userGroupMembers.groupId))
    .innerJoin(channels, eq(channels.workspaceId, userGroups.workspaceId))
    .where(and(eq(channels.id, channelId), inArray(userGroups.id, groupIds)));
  return rows.map((row) => row.userId);
}

/** Who "@here" reaches: the channel's members active right now, each mentioned as if by name. */
async function activeMembers({ tx, actor, services }: SenderContext, channelId: string): Promise<string[]> {
  const members = await tx.select({ userId: channelMembers.userId }).from(channelMembers).where(eq(channelMembers.channelId, channelId));
  const online = await services.presence.presenceOf(members.map((member) => member.userId).filter((userId) => userId !== actor.userId));
  return [...online].filter(([, state]) => state === "active").map(([userId]) => userId);
}

type MessageRow = Omit<typeof messages.$inferSelect, "search">;
const { search: _search, ...writtenColumns } = getTableColumns(messages);

/**
 * The write every send makes, as one statement: the sender may post here (a member of the channel and of its
 * workspace, the channel not archived), the nonce is new, the channel's seq advances (its row lock serializes
 * senders, so seq has no gaps among committed messages), the message and its mentions of members are inserted, the
 * conversation comes back to the sidebar of whoever had closed it, and the sender's own message never counts as
 * unread for them, and the job that will notify recipients is written (so a crash right after the commit loses no
 * notification) unless no one could be told: a message that names no one, in a channel where no member wants every
 * message or has keywords, writes none. One round trip where there were nine: on a busy server each one costs more than the work.
 */
const insertMessageRow = preparedStatement<Record<string, unknown> & { allowed: number; previous_id: string | null; mentioned: string[] }>(() => {
  const p = (name: string) => sql.placeholder(name);
  const returned = sql.join(Object.values(writtenColumns).map((column) => sql.identifier(column.name)), sql`, `);
  return sql`
    with allowed as (
      -- Whether anyone could be told is decided here, before the channel's row is locked, so it does not hold up the next sender.
      select ${channels.id}, (${p("addressed")} or ${inArray(channels.kind, [...CONVERSATION_KINDS])}
          or exists (select 1 from ${channelMembers} where ${channelMembers.channelId} = ${channels.id} and ${tellsChannelMemberEverything} and ${channelMembers.userId} <> ${p("actorId")})
          or exists (select 1 from ${notificationPreferences} join ${channelMembers} on ${channelMembers.channelId} = ${channels.id} and ${channelMembers.userId} = ${notificationPreferences.userId}
            where ${mayWantUnaddressed} and ${notificationPreferences.userId} <> ${p("actorId")})
          or exists (select 1 from ${apps} where ${apps.workspaceId} = ${channels.workspaceId} and ${listensForEvents})) as notify
        from ${channels}
        where ${channels.id} = ${p("channelId")} and ${channels.archivedAt} is null and ${channelMembershipOf(p("actorId"))}
    ), previous as (
      select ${messages.id} from ${messages} where ${messages.authorId} = ${p("actorId")} and ${messages.clientNonce} = ${p("clientNonce")}
    ), numbered as (
      update ${channels} set last_seq = last_seq + 1
        where id = (select id from allowed) and not exists (select 1 from previous)
        returning last_seq as seq
    ), inserted as (
      insert into ${messages} (id, channel_id, seq, author_id, body, client_nonce, thread_root_id, also_in_channel, mentions_channel, internal,
          app_id, blocks, attachments, username, icon_url, icon_emoji)
        select ${p("id")}, ${p("channelId")}, seq, ${p("actorId")}, ${p("body")}, ${p("clientNonce")}, ${p("threadRootId")}, ${p("alsoInChannel")}, ${p("mentionsChannel")}, ${p("internal")},
          ${p("appId")}, ${p("blocks")}::jsonb, ${p("attachments")}::jsonb, ${p("username")}, ${p("iconUrl")}, ${p("iconEmoji")}
        from numbered
        returning ${returned}
    ), named as (
      insert into ${mentions} (message_id, user_id, channel_id, seq)
        select inserted.id, ${channelMembers.userId}, inserted.channel_id, inserted.seq from inserted
        join ${channelMembers} on ${channelMembers.channelId} = inserted.channel_id
          and ${channelMembers.userId} in (select jsonb_array_elements_text(${p("mentioned")}::jsonb))
        returning user_id
    ), notify as (
      insert into ${jobs} (kind, key, payload) select ${sql.raw(`'${NOTIFY_JOB}'`)}, ${sql.raw(`'${NOTIFY_JOB}:'`)} || inserted.id, ${p("notify")}::jsonb from inserted
        where (select notify from allowed)
    ), sidebar as (
      update ${channelMembers} set hidden = false,
          last_read_seq = case when user_id = ${p("actorId")} then (select seq from inserted) else last_read_seq end
        where channel_id = ${p("channelId")} and (hidden or user_id = ${p("actorId")}) and exists (select 1 from inserted)
    )
    select (select count(*) from allowed)::int as allowed, (select id from previous) as previous_id,
      array(select user_id from named) as mentioned, inserted.*
    from (select 1) as one left join inserted on true`;
});

interface Mentioned {
  /** @channel / @everyone */
  channel: boolean;
  /** People named, and those @here reached; the statement keeps only the channel's members. */
  userIds: string[];
  notify: NotifyJobPayload;
}

async function writeMessage({ tx, actor }: SenderContext, input: SendMessageInput, thread: { rootId: string; alsoInChannel: boolean } | null, mentioned: Mentioned): Promise<{ previous: MessageView } | { message: MessageRow; mentioned: string[] }> {
  const actorId = actor.userId;
  const [result] = await insertMessageRow(tx, {
    id: newId(),
    actorId,
    channelId: input.channelId,
    clientNonce: input.clientNonce,
    body: input.body,
    threadRootId: thread?.rootId ?? null,
    alsoInChannel: thread?.alsoInChannel ?? false,
    mentionsChannel: mentioned.channel,
    internal: input.internal ?? false,
    mentioned: JSON.stringify(mentioned.userIds),
    notify: JSON.stringify(mentioned.notify),
    appId: actor.kind === "bot" ? actor.appId : null,
    blocks: input.appContent?.blocks.length ? JSON.stringify(input.appContent.blocks) : null,
    attachments: input.appContent?.attachments.length ? JSON.stringify(input.appContent.attachments) : null,
    username: input.appContent?.username ?? null,
    iconUrl: input.appContent?.iconUrl ?? null,
    iconEmoji: input.appContent?.iconEmoji ?? null,
    addressed: mentioned.userIds.length > 0 || mentioned.channel || mentioned.notify.mentions.here || thread !== null,
  });
  if (!result?.allowed) {
    // Not allowed to post: the access rules say why, in the words every other action uses.
    const { channel } = await requireChannelMember(tx, input.channelId, actorId);
    requireNotArchived(channel);
    throw notFound(CHANNEL_NOT_FOUND);
  }
  // A retry of a send that already landed: the original, not a duplicate.
  if (result.previous_id) {
    const previous = await messageView(tx, result.previous_id);
    if (!previous) throw notFound("That message was deleted");
    return { previous };
  }
  return { message: fromDriverRow(messages, result) as MessageRow, mentioned: result.mentioned };
}

function mentionsOf(written: { message: MessageRow; mentioned: string[] }): MessageMentions {
  return { userIds: written.mentioned, channel: written.message.mentionsChannel };
}

/** Files the sender uploaded into this channel and has not sent yet become the message's attachments. */
async function attachFiles({ tx, actor }: SenderContext, messageId: string, input: { channelId: string; fileIds: string[] }) {
  const fileIds = [...new Set(input.fileIds)];
  if (fileIds.length === 0) return;
  const attached = await tx
    .update(files)
    .set({ messageId })
    .where(and(inArray(files.id, fileIds), eq(files.uploaderId, actor.userId), eq(files.channelId, input.channelId), isNull(files.messageId)))
    .returning({ id: files.id });
  if (attached.length !== fileIds.length) throw badRequest("A file was not uploaded to this conversation, or was already sent; upload it again");
}

/**
 * The same nonce racing itself (a double-click, a retry over a slow link): whoever lost gets the winner's row, as
 * the unique key refuses its insert and it runs again, and the statement finds the original by its nonce.
 */
export const sendMessage = defineAction({ actors: ["user", "bot"], transaction: false, onUniqueViolation: "retry" }, async (ctx, input: SendMessageInput) => {
  const parsed = parseMentions(input.body);
  // A group's handle mentions its people, as if each were named.
  const found = parsed.groupIds.length ? { ...parsed, userIds: [...new Set([...parsed.userIds, ...(await membersOfGroups(ctx, input.channelId, parsed.groupIds))])] } : parsed;
  const here = found.here && !found.everyone ? await activeMembers(ctx, input.channelId) : [];
  const { view, created } = await insertMessage(ctx, input, { channel: found.everyone, userIds: [...new Set([...found.userIds, ...here])], notify: { mentions: found, reachedByHere: here } });
  // A retried send that had landed already was notified of then.
  if (created) ctx.afterCommit(() => ctx.services.pokeJobs());
  // Previews load without holding up the send.
  if (linksIn(view.body).length > 0) ctx.afterCommit(() => runInBackground("previews", () => runAction(SYSTEM, refreshLinkPreviews, { messageId: view.id }, ctx.services)));
  return view;
});

async function insertMessage(ctx: SenderContext, input: SendMessageInput, mentioned: Mentioned): Promise<{ view: MessageView; created: boolean }> {
  const { emit, actor } = ctx;
  const actorId = actor.userId;
  // Most sends are that one statement, atomic on its own; a reply or an attachment changes other rows too.
  if (!input.threadRootId && input.fileIds.length === 0) {
    const written = await writeMessage(ctx, input, null, mentioned);
    if ("previous" in written) return { view: written.previous, created: false };
    const view = newMessageView(written.message);
    emit(topics.channel(input.channelId), { type: "message.created", message: view, mentions: mentionsOf(written) });
    return { view, created: true };
  }
  return ctx.tx.transaction(async (tx) => {
    const inTx: SenderContext = { ...ctx, tx };
    let root: typeof messages.$inferSelect | undefined;
    if (input.threadRootId) {
      await requireChannelMember(tx, input.channelId, actorId);
      [root] = await tx.select().from(messages).where(eq(messages.id, input.threadRootId)).for("update");
      if (!root || root.channelId !== input.channelId) throw notFound("That thread does not exist");
      if (root.threadRootId) throw badRequest("Reply to the thread's first message, not to a reply");
      if (root.deletedAt && root.replyCount === 0) throw badRequest("That message was deleted");
    }
    const written = await writeMessage(inTx, input, root ? { rootId: root.id, alsoInChannel: input.alsoInChannel } : null, mentioned);
    if ("previous" in written) return { view: written.previous, created: false };
    const { message } = written;
    await attachFiles(inTx, message.id, input);

    if (root) {
      const repliers = [actorId, ...root.replyUserIds.filter((id) => id !== actorId)].slice(0, REPLY_AVATARS);
      await tx
        .update(messages)
        .set({ replyCount: sql`${messages.replyCount} + 1`, lastReplyAt: message.createdAt, replyUserIds: repliers, version: sql`${messages.version} + 1` })
        .where(eq(messages.id, root.id));
      // You follow a thread you post in or are mentioned in; its author follows it from the first reply.
      const followers = [...new Set([actorId, ...written.mentioned, ...(root.authorId ? [root.authorId] : [])])];
      await tx.insert(threadFollowers).values(followers.map((userId) => ({ rootId: root.id, userId }))).onConflictDoNothing();
      await tx
        .update(threadFollowers)
        .set({ lastReadReplyCount: root.replyCount + 1 })
        .where(and(eq(threadFollowers.rootId, root.id), eq(threadFollowers.userId, actorId)));
    }

    const [view] = input.fileIds.length ? await toMessageViews(tx, [message]) : [newMessageView(message)];
    emit(topics.channel(input.channelId), { type: "message.created", message: view!, mentions: mentionsOf(written) });
    if (root) emit(topics.channel(input.channelId), { type: "message.updated", message: (await messageView(tx, root.id))! });
    return { view: view!, created: true };
  });
}
