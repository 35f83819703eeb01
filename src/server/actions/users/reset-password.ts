import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { resetPasswordInput } from "@/shared/users";
import { badRequest } from "../../access/errors";
import { consumeAccountToken } from "../../auth/account-tokens";
import { hashPassword } from "../../auth/password";
import { clearFailedSignIns } from "../../auth/rate-limit";
import { endSessionsAndTell } from "./session-ended";
import { users } from "../../db/schema";
import { defineAction } from "../context";

export const RESET_LINK_INVALID = "This reset link has expired or was already used. Ask for a new one.";

/**
 * Sets the new password from a reset link, once; every session signed in before is signed out. Holding the link is
 * the permission: whoever opens it, signed in as anyone or not.
 */
export const resetPassword = defineAction({ actors: ["anonymous", "user"], transaction: false }, async (ctx, input: z.output<typeof resetPasswordInput>) => {
  // Hashed before the transaction: a slow hash must not hold a database connection.
  const passwordHash = await hashPassword(input.password);
  const email = await ctx.tx.transaction(async (tx) => {
    const token = await consumeAccountToken(tx, input.token, "password_reset");
    if (!token) throw badRequest(RESET_LINK_INVALID);
    const [user] = await tx.update(users).set({ passwordHash }).where(eq(users.id, token.userId)).returning({ email: users.email });
    await endSessionsAndTell(tx, ctx.emit, token.userId);
    return user!.email;
  });
  await clearFailedSignIns(email);
  return { email };
});
