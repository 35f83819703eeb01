import { and, eq, inArray, sql } from "drizzle-orm";
import { badRequest } from "../../access/errors";
import type { Db, Tx } from "../../db/client";
import { topics } from "@/shared/events";
import { channelMembers, channels, users, workspaceMembers } from "../../db/schema";
import type { ActionContext } from "../context";
import { conversationKindLetter, toSlackId } from "../../slack/ids";
import { enqueueAppEvents } from "../apps/app-events";
import { emitChannelUpdated } from "./channel-events";

/** A single-channel guest already in a channel of the workspace may not be added to another. */
async function refuseSecondChannelOfSingleChannelGuests(tx: Db | Tx, workspaceId: string, userIds: string[]) {
  const [limited] = await tx
    .select({ name: users.name })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .where(
      and(
        eq(workspaceMembers.workspaceId, workspaceId),
        inArray(workspaceMembers.userId, userIds),
        eq(workspaceMembers.singleChannel, true),
        sql`exists (select 1 from ${channelMembers} join ${channels} on ${channels.id} = ${channelMembers.channelId}
          where ${channelMembers.userId} = ${workspaceMembers.userId} and ${channels.workspaceId} = ${workspaceId} and ${channels.kind} in ('public', 'private'))`,
      ),
    )
    .limit(1);
  if (limited) throw badRequest(`${limited.name} is a single-channel guest and already in a channel; make them a multi-channel guest first`);
}

/** Adds people to a channel (those already in it are left alone), shared by create, join, add and DMs. */
export async function addToChannel(ctx: ActionContext, channelId: string, userIds: string[]) {
  const { tx, emit } = ctx;
  const existing = await tx
    .select({ userId: channelMembers.userId })
    .from(channelMembers)
    .where(and(eq(channelMembers.channelId, channelId), inArray(channelMembers.userId, userIds)));
  const already = new Set(existing.map((row) => row.userId));
  const added = [...new Set(userIds)].filter((userId) => !already.has(userId));
  if (added.length === 0) return added;
  const [channel] = await tx.select({ lastSeq: channels.lastSeq, workspaceId: channels.workspaceId, kind: channels.kind }).from(channels).where(eq(channels.id, channelId));
  if (channel!.kind === "public" || channel!.kind === "private") await refuseSecondChannelOfSingleChannelGuests(tx, channel!.workspaceId, added);
  // Newcomers can read the history, but it does not greet them as a pile of unread messages.
  await tx.insert(channelMembers).values(added.map((userId) => ({ channelId, userId, lastReadSeq: channel!.lastSeq })));
  for (const userId of added) {
    emit(topics.channel(channelId), { type: "channel.member_joined", channelId, userId });
    emit(topics.user(userId), { type: "membership.changed" });
  }
  await emitChannelUpdated({ tx, emit }, channelId);
  const slackChannel = toSlackId(conversationKindLetter(channel!.kind), channelId);
  // Apps in the channel hear who joined; a bot added hears of itself, which is how Slack tells it it was invited.
  await enqueueAppEvents(
    ctx,
    { workspaceId: channel!.workspaceId, channelId },
    added.map((userId) => ({
      key: `member_joined:${channelId}:${userId}:${channel!.lastSeq}`,
      make: (app) =>
        app.inChannel
          ? { subscription: "member_joined_channel", event: { type: "member_joined_channel", user: toSlackId("U", userId), channel: slackChannel, channel_type: channel!.kind === "public" ? "C" : "G", team: toSlackId("T", channel!.workspaceId) } }
          : null,
    })),
  );
  return added;
}
