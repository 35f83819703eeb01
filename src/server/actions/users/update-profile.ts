import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { updateProfileInput } from "@/shared/users";
import { users } from "../../db/schema";
import { inTransaction } from "../../events";
import { announcePerson } from "./announce-person";

export async function updateProfile(actorId: string, input: z.output<typeof updateProfileInput>) {
  return inTransaction(async (tx, emit) => {
    await tx.update(users).set({ name: input.name }).where(eq(users.id, actorId));
    return announcePerson(tx, emit, actorId);
  });
}
