import { typingInput } from "@/shared/messages";
import { runAction } from "../../actions/context";
import { startTyping } from "../../actions/realtime/start-typing";
import { authedProcedure, router } from "../trpc";

export const typingRouter = router({
  start: authedProcedure.input(typingInput).mutation(({ ctx, input }) => runAction(ctx.actor, startTyping, input)),
});
