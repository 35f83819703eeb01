import type { z } from "zod";
import type { confirmWithCodeInput } from "@/shared/account-security";
import { badRequest } from "../../access/errors";
import { consumeSecondFactor, disableTwoFactor as turnOff, twoFactorRequiredFor } from "../../auth/two-factor";
import { defineAction } from "../context";
import { WRONG_CODE } from "./enable-two-factor";

export const REQUIRED_BY_WORKSPACE = "A workspace you belong to requires two-factor authentication, so it stays on";

/** Two-factor off, proven by a current code (or a recovery code), unless a workspace of theirs requires it. */
export const disableTwoFactor = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof confirmWithCodeInput>) => {
  const { tx, actor } = ctx;
  if (await twoFactorRequiredFor(tx, actor.userId)) throw badRequest(REQUIRED_BY_WORKSPACE);
  if (!(await consumeSecondFactor(tx, actor.userId, input.code, ctx.services.clock.now()))) throw badRequest(WRONG_CODE);
  await turnOff(tx, actor.userId);
  return { enabled: false };
});
