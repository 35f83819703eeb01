import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { signUpInput } from "@/shared/users";
import { conflict } from "../../access/errors";
import { hashPassword } from "../../auth/password";
import { users } from "../../db/schema";
import { inTransaction } from "../../events";
import { isUniqueViolation } from "../unique-violation";

export const EMAIL_TAKEN = "An account with this email already exists. Sign in instead.";

export async function signUp(input: z.output<typeof signUpInput>) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await inTransaction(async (tx) => {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
      if (existing) throw conflict(EMAIL_TAKEN);
      const [user] = await tx
        .insert(users)
        .values({ name: input.name, email: input.email, passwordHash })
        .returning({ id: users.id, name: users.name, email: users.email });
      return user!;
    });
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides, and the loser hears the same message.
    if (isUniqueViolation(error)) throw conflict(EMAIL_TAKEN);
    throw error;
  }
}
