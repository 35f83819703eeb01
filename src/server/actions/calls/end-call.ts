import { isWorkspaceAdmin } from "@/shared/workspaces";
import { forbidden } from "../../access/errors";
import { requireWorkspaceRole } from "../../access/workspaces";
import { defineAction } from "../context";
import { closeRoomAfterCommit, finishCall } from "./finish-call";
import { liveCallFor } from "./live-call";

/** Ends a call for everyone: the person who started it, or a workspace admin. */
export const endCall = defineAction({ actors: ["user"] }, async (ctx, input: { callId: string }) => {
  const { tx, actor } = ctx;
  const { call, channel } = await liveCallFor(ctx, input.callId);
  const role = await requireWorkspaceRole(tx, channel.workspaceId, actor.userId);
  if (call.startedBy !== actor.userId && !isWorkspaceAdmin(role)) throw forbidden("Only the person who started the call or an admin can end it for everyone");
  await finishCall(ctx, input.callId, "ended_by_host");
  closeRoomAfterCommit(ctx, input.callId);
});
