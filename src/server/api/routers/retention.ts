import { legalHoldIdInput, placeLegalHoldInput, setChannelRetentionInput } from "@/shared/retention";
import { workspaceIdInput } from "@/shared/workspaces";
import { runAction } from "../../actions/context";
import { placeLegalHold } from "../../actions/retention/place-legal-hold";
import { releaseLegalHold } from "../../actions/retention/release-legal-hold";
import { setChannelRetention } from "../../actions/retention/set-channel-retention";
import { retentionSettings } from "../../queries/retention";
import { authedProcedure, router } from "../trpc";

export const retentionRouter = router({
  settings: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => retentionSettings(ctx.userId, input.workspaceId)),
  setChannel: authedProcedure.input(setChannelRetentionInput).mutation(({ ctx, input }) => runAction(ctx.actor, setChannelRetention, input)),
  placeHold: authedProcedure.input(placeLegalHoldInput).mutation(({ ctx, input }) => runAction(ctx.actor, placeLegalHold, input)),
  releaseHold: authedProcedure.input(legalHoldIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, releaseLegalHold, input)),
});
