import { changePasswordInput, confirmEmailChangeInput, requestEmailChangeInput, requestPasswordResetInput, resetPasswordInput } from "@/shared/users";
import { anonymousActor, runAction } from "../../actions/context";
import { changePassword } from "../../actions/users/change-password";
import { confirmEmailChange } from "../../actions/users/confirm-email-change";
import { requestEmailChange } from "../../actions/users/request-email-change";
import { requestPasswordReset } from "../../actions/users/request-password-reset";
import { resetPassword } from "../../actions/users/reset-password";
import { deleteAccount } from "../../actions/users/delete-account";
import { confirmWithCodeInput, deleteAccountInput, enableTwoFactorInput, endSessionInput, startTwoFactorSetupInput } from "@/shared/account-security";
import { disableTwoFactor } from "../../actions/users/disable-two-factor";
import { enableTwoFactor } from "../../actions/users/enable-two-factor";
import { regenerateRecoveryCodes } from "../../actions/users/regenerate-recovery-codes";
import { signOutSessions } from "../../actions/users/sign-out-sessions";
import { startTwoFactorSetup } from "../../actions/users/start-two-factor-setup";
import { accountSecurity } from "../../queries/account-security";
import { authedProcedure, publicProcedure, router } from "../trpc";

export const accountRouter = router({
  // Asked for by address, not by account: a session changes nothing, and the client's address is what is rate-limited.
  requestPasswordReset: publicProcedure.input(requestPasswordResetInput).mutation(({ ctx, input }) => runAction(anonymousActor(ctx.ip ?? "in-process"), requestPasswordReset, input)),
  resetPassword: publicProcedure.input(resetPasswordInput).mutation(({ ctx, input }) => runAction(ctx.actor, resetPassword, input)),
  changePassword: authedProcedure.input(changePasswordInput).mutation(({ ctx, input }) => runAction(ctx.actor, changePassword, { ...input, currentSessionId: ctx.sessionId })),
  requestEmailChange: authedProcedure.input(requestEmailChangeInput).mutation(({ ctx, input }) => runAction(ctx.actor, requestEmailChange, input)),
  security: authedProcedure.query(({ ctx }) => accountSecurity(ctx.userId, ctx.sessionId)),
  // Public too: a sign-in stopped by a workspace's two-factor requirement sets it up here, proven by the password.
  startTwoFactorSetup: publicProcedure.input(startTwoFactorSetupInput).mutation(({ ctx, input }) => runAction(ctx.actor, startTwoFactorSetup, input)),
  enableTwoFactor: authedProcedure.input(enableTwoFactorInput).mutation(({ ctx, input }) => runAction(ctx.actor, enableTwoFactor, input)),
  disableTwoFactor: authedProcedure.input(confirmWithCodeInput).mutation(({ ctx, input }) => runAction(ctx.actor, disableTwoFactor, input)),
  regenerateRecoveryCodes: authedProcedure.input(confirmWithCodeInput).mutation(({ ctx, input }) => runAction(ctx.actor, regenerateRecoveryCodes, input)),
  endSession: authedProcedure.input(endSessionInput).mutation(({ ctx, input }) => runAction(ctx.actor, signOutSessions, { only: [input.sessionId] })),
  signOut: authedProcedure.mutation(({ ctx }) => (ctx.sessionId ? runAction(ctx.actor, signOutSessions, { only: [ctx.sessionId] }) : { ended: 0 })),
  endOtherSessions: authedProcedure.mutation(({ ctx }) => runAction(ctx.actor, signOutSessions, { except: ctx.sessionId })),
  deleteAccount: authedProcedure.input(deleteAccountInput).mutation(({ ctx, input }) => runAction(ctx.actor, deleteAccount, input)),
  confirmEmailChange: publicProcedure.input(confirmEmailChangeInput).mutation(({ ctx, input }) => runAction(ctx.actor, confirmEmailChange, input)),
});
