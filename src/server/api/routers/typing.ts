import { typingInput } from "@/shared/messages";
import { startTyping } from "../../actions/realtime/typing";
import { authedProcedure, router } from "../trpc";

export const typingRouter = router({
  start: authedProcedure.input(typingInput).mutation(({ ctx, input }) => startTyping(ctx.userId, input)),
});
