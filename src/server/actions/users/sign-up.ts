import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { signUpInput } from "@/shared/users";
import { conflict } from "../../access/errors";
import { hashPassword } from "../../auth/password";
import { users } from "../../db/schema";
import { defineAction } from "../context";

export const EMAIL_TAKEN = "An account with this email already exists. Sign in instead.";

// Two sign-ups racing for one email: the unique index decides, and the loser hears the same message.
export const signUp = defineAction(
  { actors: ["anonymous", "user"], transaction: false, onUniqueViolation: () => conflict(EMAIL_TAKEN) },
  async (ctx, input: z.output<typeof signUpInput>) => {
    // Hashed before the transaction: a slow hash must not hold a database connection.
    const passwordHash = await hashPassword(input.password);
    return ctx.tx.transaction(async (tx) => {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
      if (existing) throw conflict(EMAIL_TAKEN);
      const [user] = await tx
        .insert(users)
        .values({ name: input.name, email: input.email, passwordHash })
        .returning({ id: users.id, name: users.name, email: users.email });
      return user!;
    });
  },
);
