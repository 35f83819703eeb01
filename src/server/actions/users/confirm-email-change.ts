import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { confirmEmailChangeInput } from "@/shared/users";
import { badRequest, conflict } from "../../access/errors";
import { consumeAccountToken } from "../../auth/account-tokens";
import { users } from "../../db/schema";
import { defineAction } from "../context";

/** Opening the emailed link is the permission: whoever opens it, signed in as anyone or not. */
export const confirmEmailChange = defineAction(
  { actors: ["anonymous", "user"], onUniqueViolation: () => conflict("Another account took that address meanwhile") },
  async (ctx, input: z.output<typeof confirmEmailChangeInput>) => {
    const { tx, services } = ctx;
    const token = await consumeAccountToken(tx, input.token, "email_change");
    if (!token?.newEmail) throw badRequest("This confirmation link has expired or was already used");
    await tx.update(users).set({ email: token.newEmail, emailVerified: services.clock.now() }).where(eq(users.id, token.userId));
    return { email: token.newEmail };
  },
);
