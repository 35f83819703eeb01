import { callIdInput } from "@/shared/calls";
import { channelIdInput } from "@/shared/channels";
import { workspaceIdInput } from "@/shared/workspaces";
import { declineCall } from "../../actions/calls/decline-call";
import { endCall } from "../../actions/calls/end-call";
import { joinCall } from "../../actions/calls/join-call";
import { runAction } from "../../actions/context";
import { callsConfig, listActiveCalls } from "../../queries/calls";
import { authedProcedure, router } from "../trpc";

export const callsRouter = router({
  config: authedProcedure.query(() => callsConfig()),
  active: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listActiveCalls(ctx.userId, input.workspaceId)),
  join: authedProcedure.input(channelIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, joinCall, input)),
  decline: authedProcedure.input(callIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, declineCall, input)),
  end: authedProcedure.input(callIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, endCall, input)),
});
