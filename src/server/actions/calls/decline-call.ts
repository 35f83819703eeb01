import { eq } from "drizzle-orm";
import { badRequest } from "../../access/errors";
import { channelMembers } from "../../db/schema";
import { defineAction } from "../context";
import { closeRoomAfterCommit, finishCall } from "./finish-call";
import { liveCallFor } from "./live-call";

/** Declining a ringing DM call: in a one-to-one DM the call ends ("Call declined") and the caller hears so. */
export const declineCall = defineAction({ actors: ["user"] }, async (ctx, input: { callId: string }) => {
  const { tx, actor } = ctx;
  const { call } = await liveCallFor(ctx, input.callId);
  if (call.answeredAt || !call.ringUntil) throw badRequest("That call is no longer ringing");
  if (call.startedBy === actor.userId) throw badRequest("Leave your own call instead of declining it");
  const members = await tx.select({ userId: channelMembers.userId }).from(channelMembers).where(eq(channelMembers.channelId, call.channelId));
  // In a group DM one person declining leaves it ringing for the others.
  if (members.length <= 2 && (await finishCall(ctx, input.callId, "declined"))) closeRoomAfterCommit(ctx, input.callId);
});
