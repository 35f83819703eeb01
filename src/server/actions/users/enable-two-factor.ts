import type { z } from "zod";
import type { enableTwoFactorInput } from "@/shared/account-security";
import { badRequest } from "../../access/errors";
import { finishEnrollment } from "../../auth/two-factor";
import { defineAction } from "../context";

export const SETUP_EXPIRED = "This setup has expired; start again to get a new QR code";
export const WRONG_CODE = "That code is not right. Enter the newest code your authenticator app shows (check the phone's clock if it keeps failing).";

/** Two-factor on, once a first code from the authenticator proves it holds the secret startTwoFactorSetup showed. */
export const enableTwoFactor = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof enableTwoFactorInput>) => {
  const problem = await finishEnrollment(ctx.tx, ctx.actor.userId, input.enrollmentToken, input.code, ctx.services.clock.now());
  if (problem === "expired") throw badRequest(SETUP_EXPIRED);
  if (problem === "wrong_code") throw badRequest(WRONG_CODE);
  return { enabled: true };
});
