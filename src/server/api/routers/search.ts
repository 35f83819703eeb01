import { searchInput } from "@/shared/search";
import { searchWorkspace } from "../../queries/search";
import { authedProcedure, router } from "../trpc";

export const searchRouter = router({
  workspace: authedProcedure.input(searchInput).query(({ ctx, input }) => searchWorkspace(ctx.userId, input)),
});
