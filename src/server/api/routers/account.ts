import { changePasswordInput, confirmEmailChangeInput, requestEmailChangeInput, requestPasswordResetInput, resetPasswordInput } from "@/shared/users";
import { anonymousActor, runAction } from "../../actions/context";
import { changePassword } from "../../actions/users/change-password";
import { confirmEmailChange } from "../../actions/users/confirm-email-change";
import { requestEmailChange } from "../../actions/users/request-email-change";
import { requestPasswordReset } from "../../actions/users/request-password-reset";
import { resetPassword } from "../../actions/users/reset-password";
import { authedProcedure, publicProcedure, router } from "../trpc";

export const accountRouter = router({
  // Asked for by address, not by account: a session changes nothing, and the client's address is what is rate-limited.
  requestPasswordReset: publicProcedure.input(requestPasswordResetInput).mutation(({ ctx, input }) => runAction(anonymousActor(ctx.ip ?? "in-process"), requestPasswordReset, input)),
  resetPassword: publicProcedure.input(resetPasswordInput).mutation(({ ctx, input }) => runAction(ctx.actor, resetPassword, input)),
  changePassword: authedProcedure.input(changePasswordInput).mutation(({ ctx, input }) => runAction(ctx.actor, changePassword, input)),
  requestEmailChange: authedProcedure.input(requestEmailChangeInput).mutation(({ ctx, input }) => runAction(ctx.actor, requestEmailChange, input)),
  confirmEmailChange: publicProcedure.input(confirmEmailChangeInput).mutation(({ ctx, input }) => runAction(ctx.actor, confirmEmailChange, input)),
});
