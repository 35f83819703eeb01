import type { z } from "zod";
import type { confirmWithCodeInput } from "@/shared/account-security";
import { badRequest } from "../../access/errors";
import { hashToken } from "../../auth/secret-tokens";
import { newRecoveryCodes } from "../../auth/totp";
import { consumeSecondFactor, replaceRecoveryCodes } from "../../auth/two-factor";
import { defineAction } from "../context";
import { WRONG_CODE } from "./enable-two-factor";

/** Ten new recovery codes, proven by a current code; every earlier code stops working. */
export const regenerateRecoveryCodes = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof confirmWithCodeInput>) => {
  const { tx, actor } = ctx;
  if (!(await consumeSecondFactor(tx, actor.userId, input.code, ctx.services.clock.now()))) throw badRequest(WRONG_CODE);
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(tx, actor.userId, codes.map(hashToken));
  return { recoveryCodes: codes };
});
