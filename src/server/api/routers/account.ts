import { changePasswordInput, confirmEmailChangeInput, requestEmailChangeInput, requestPasswordResetInput, resetPasswordInput } from "@/shared/users";
import { changePassword } from "../../actions/users/change-password";
import { confirmEmailChange, requestEmailChange } from "../../actions/users/change-email";
import { requestPasswordReset, resetPassword } from "../../actions/users/reset-password";
import { authedProcedure, publicProcedure, router } from "../trpc";

export const accountRouter = router({
  requestPasswordReset: publicProcedure.input(requestPasswordResetInput).mutation(({ ctx, input }) => requestPasswordReset(input, ctx.ip ?? "in-process")),
  resetPassword: publicProcedure.input(resetPasswordInput).mutation(({ input }) => resetPassword(input)),
  changePassword: authedProcedure.input(changePasswordInput).mutation(({ ctx, input }) => changePassword(ctx.userId, input)),
  requestEmailChange: authedProcedure.input(requestEmailChangeInput).mutation(({ ctx, input }) => requestEmailChange(ctx.userId, input)),
  confirmEmailChange: publicProcedure.input(confirmEmailChangeInput).mutation(({ input }) => confirmEmailChange(input)),
});
