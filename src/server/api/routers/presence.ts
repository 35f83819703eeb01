import { tabStateInput } from "@/shared/presence";
import { workspaceIdInput } from "@/shared/workspaces";
import { runAction } from "../../actions/context";
import { setTabState } from "../../actions/realtime/set-tab-state";
import { listPresence } from "../../queries/presence";
import { authedProcedure, router } from "../trpc";

export const presenceRouter = router({
  list: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listPresence(ctx.userId, input.workspaceId)),
  setTabState: authedProcedure.input(tabStateInput).mutation(({ ctx, input }) => runAction(ctx.actor, setTabState, input)),
});
