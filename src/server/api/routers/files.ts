import { fileListInput } from "@/shared/file-inputs";
import { workspaceIdInput } from "@/shared/workspaces";
import { fileLimits, listFiles } from "../../queries/files";
import { authedProcedure, router } from "../trpc";

export const filesRouter = router({
  list: authedProcedure.input(fileListInput).query(({ ctx, input }) => listFiles(ctx.userId, input)),
  limits: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => fileLimits(ctx.userId, input.workspaceId)),
});
