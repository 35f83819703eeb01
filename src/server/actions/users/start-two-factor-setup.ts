import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { startTwoFactorSetupInput } from "@/shared/account-security";
import { badRequest, DomainError } from "../../access/errors";
import { checkPassword, SignInRefused } from "../../auth/password-sign-in";
import { beginEnrollment, twoFactorRequiredFor, type TwoFactorEnrollment } from "../../auth/two-factor";
import { users } from "../../db/schema";
import { defineAction } from "../context";

export const TWO_FACTOR_ISSUER = "Confab";
export const ALREADY_ON = "Two-factor authentication is already on for this account";

/**
 * A new authenticator secret, its QR code and recovery codes, nothing stored yet (enableTwoFactor, or the sign-in
 * that requires it, finishes with a first code). Signed in, for oneself; at a sign-in a workspace's requirement
 * stopped, proven by the password.
 */
export const startTwoFactorSetup = defineAction({ actors: ["user", "anonymous"], transaction: false }, async (ctx, input: z.output<typeof startTwoFactorSetupInput>): Promise<TwoFactorEnrollment> => {
  const { actor, tx } = ctx;
  if (actor.kind === "user") {
    const [user] = await tx.select({ id: users.id, email: users.email, since: users.totpEnabledAt }).from(users).where(eq(users.id, actor.userId));
    if (user!.since) throw badRequest(ALREADY_ON);
    return beginEnrollment(user!, TWO_FACTOR_ISSUER);
  }
  const user = await checkPassword(input, actor.ip).catch((error: unknown) => {
    if (!(error instanceof SignInRefused)) throw error;
    throw new DomainError(error.code.startsWith("locked:") ? "TOO_MANY_REQUESTS" : "BAD_REQUEST", error.code.startsWith("locked:") ? "Too many failed sign-ins; try again later" : "That email and password do not match an account");
  });
  if (user.twoFactorSince) throw badRequest(ALREADY_ON);
  if (!(await twoFactorRequiredFor(tx, user.id))) throw badRequest("No workspace of yours requires two-factor authentication; set it up from your profile once signed in");
  return beginEnrollment(user, TWO_FACTOR_ISSUER);
});
