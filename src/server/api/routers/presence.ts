import { tabStateInput } from "@/shared/presence";
import { workspaceIdInput } from "@/shared/workspaces";
import { setTabState } from "../../actions/realtime/tab-state";
import { listPresence } from "../../queries/presence";
import { authedProcedure, router } from "../trpc";

export const presenceRouter = router({
  list: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listPresence(ctx.userId, input.workspaceId)),
  setTabState: authedProcedure.input(tabStateInput).mutation(({ ctx, input }) => setTabState(ctx.userId, input)),
});
