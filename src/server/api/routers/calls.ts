import { callIdInput } from "@/shared/calls";
import { channelIdInput } from "@/shared/channels";
import { workspaceIdInput } from "@/shared/workspaces";
import { joinCall } from "../../actions/calls/join-call";
import { declineCall, endCall } from "../../actions/calls/leave-call";
import { callsConfig, listActiveCalls } from "../../queries/calls";
import { authedProcedure, router } from "../trpc";

export const callsRouter = router({
  config: authedProcedure.query(() => callsConfig()),
  active: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listActiveCalls(ctx.userId, input.workspaceId)),
  join: authedProcedure.input(channelIdInput).mutation(({ ctx, input }) => joinCall(ctx.userId, input.channelId)),
  decline: authedProcedure.input(callIdInput).mutation(({ ctx, input }) => declineCall(ctx.userId, input.callId)),
  end: authedProcedure.input(callIdInput).mutation(({ ctx, input }) => endCall(ctx.userId, input.callId)),
});
