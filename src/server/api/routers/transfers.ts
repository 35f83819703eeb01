import { workspaceIdInput } from "@/shared/workspaces";
import { runAction } from "../../actions/context";
import { startTransfer } from "../../actions/transfers/start-transfer";
import { listTransfers } from "../../queries/transfers";
import { authedProcedure, router } from "../trpc";

export const transfersRouter = router({
  list: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listTransfers(ctx.userId, input.workspaceId)),
  startExport: authedProcedure.input(workspaceIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, startTransfer, { workspaceId: input.workspaceId, kind: "export" })),
});
