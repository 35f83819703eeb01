import { and, eq, isNull, ne } from "drizzle-orm";
import { env } from "@/env";
import { isConversation } from "@/shared/channels";
import { topics } from "@/shared/events";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { badRequest } from "../../access/errors";
import { CALLS_NOT_CONFIGURED, livekitConfig, mintCallToken, roomName } from "../../calls/livekit";
import { channelMembers, calls, channels, users } from "../../db/schema";
import { callView } from "../../queries/calls";
import { type ActionContext, type ActorOf, defineAction } from "../context";
import { announceCall, workspaceOf } from "./call-events";

/**
 * Joins the channel's live call, starting one if there is none (a DM call rings the others), and hands back a
 * short-lived LiveKit token for its room. Who is actually in the call is then told by LiveKit's webhooks.
 */
export const joinCall = defineAction(
  { actors: ["user"], onUniqueViolation: () => badRequest("A call was starting in this channel at the same moment; try again") },
  async (ctx, input: { channelId: string }) => {
    const config = livekitConfig();
    if (!config) throw badRequest(CALLS_NOT_CONFIGURED);
    const call = await liveOrNewCall(ctx, input.channelId);
    const [me] = await ctx.tx.select({ name: users.name }).from(users).where(eq(users.id, ctx.actor.userId));
    return { callId: call.id, room: roomName(call.id), url: config.publicUrl, token: await mintCallToken(config, { callId: call.id, userId: ctx.actor.userId, name: me!.name }) };
  },
);

async function liveOrNewCall(ctx: ActionContext<ActorOf<"user">>, channelId: string) {
  const { tx, emit, actor, services } = ctx;
  const { channel } = await requireChannelMember(tx, channelId, actor.userId);
  requireNotArchived(channel);
  // The channel row lock makes two people starting a call at once end up in the same one.
  await tx.select({ id: channels.id }).from(channels).where(eq(channels.id, channelId)).for("update");
  const [live] = await tx.select().from(calls).where(and(eq(calls.channelId, channelId), isNull(calls.endedAt)));
  if (live) return live;
  const ringing = isConversation(channel.kind);
  const [started] = await tx
    .insert(calls)
    .values({ channelId, startedBy: actor.userId, ringUntil: ringing ? new Date(services.clock.now().getTime() + env().CALL_RING_MS) : null })
    .returning();
  await announceCall(ctx, started!);
  if (ringing) {
    const others = await tx
      .select({ userId: channelMembers.userId })
      .from(channelMembers)
      .where(and(eq(channelMembers.channelId, channelId), ne(channelMembers.userId, actor.userId)));
    const view = await callView(tx, started!);
    const workspaceId = await workspaceOf(ctx, channelId);
    for (const { userId } of others) emit(topics.user(userId), { type: "call.ringing", workspaceId, call: view, callerId: actor.userId });
  }
  return started!;
}
