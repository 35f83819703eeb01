import { env } from "@/env";
import { runCommandInput } from "@/shared/commands";
import { workspaceIdInput } from "@/shared/workspaces";
import { runAction } from "../../actions/context";
import { runCommand } from "../../actions/commands/run-command";
import { listCommands } from "../../queries/commands";
import { authedProcedure, router } from "../trpc";

export const commandsRouter = router({
  list: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listCommands(ctx.userId, input.workspaceId)),
  run: authedProcedure
    .input(runCommandInput)
    .mutation(({ ctx, input }) => runAction(ctx.actor, runCommand, { ...input, origin: ctx.origin ?? env().publicUrl })),
});
