import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { changePasswordInput } from "@/shared/users";
import { badRequest } from "../../access/errors";
import { hashPassword, verifyPassword } from "../../auth/password";
import { endSessionsAndTell } from "./session-ended";
import { users } from "../../db/schema";
import { defineAction } from "../context";

export const WRONG_CURRENT_PASSWORD = "Your current password is not right";

/**
 * A new password, proven by the current one. Every other session ends; this one too when its cookie names no session
 * (signed in before sessions had ids), and then the browser signs in again with the new password.
 */
export const changePassword = defineAction({ actors: ["user"], transaction: false }, async (ctx, input: z.output<typeof changePasswordInput> & { currentSessionId?: string }) => {
  const { actor } = ctx;
  // Hashed before the transaction: a slow hash must not hold a database connection.
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.tx.transaction(async (tx) => {
    const [user] = await tx.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId)).for("update");
    if (!user?.passwordHash || !(await verifyPassword(input.currentPassword, user.passwordHash))) throw badRequest(WRONG_CURRENT_PASSWORD);
    await tx.update(users).set({ passwordHash }).where(eq(users.id, actor.userId));
    await endSessionsAndTell(tx, ctx.emit, actor.userId, { except: input.currentSessionId });
    return { email: user.email, signedOut: !input.currentSessionId };
  });
});
