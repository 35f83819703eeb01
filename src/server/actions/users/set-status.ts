import { eq, lte } from "drizzle-orm";
import type { z } from "zod";
import type { setDndInput, setStatusInput } from "@/shared/users";
import { users } from "../../db/schema";
import { inTransaction } from "../../events";
import { announcePerson } from "./announce-person";

/** Sets (or, with nothing in it, clears) the actor's custom status, live for everyone who can see them. */
export async function setStatus(actorId: string, input: z.output<typeof setStatusInput>) {
  const text = input.text || null;
  const empty = !input.emoji && !text;
  return inTransaction(async (tx, emit) => {
    await tx
      .update(users)
      .set({ statusEmoji: empty ? null : input.emoji, statusText: empty ? null : text, statusExpiresAt: empty ? null : input.expiresAt })
      .where(eq(users.id, actorId));
    return announcePerson(tx, emit, actorId);
  });
}

export async function setDoNotDisturb(actorId: string, input: z.output<typeof setDndInput>) {
  return inTransaction(async (tx, emit) => {
    await tx.update(users).set({ dndUntil: input.until }).where(eq(users.id, actorId));
    return announcePerson(tx, emit, actorId);
  });
}

/**
 * Clears statuses and Do Not Disturb that have run out and tells everyone. Safe to run from several processes at
 * once: each expired row is claimed by exactly one UPDATE.
 */
export async function clearExpiredStatuses(now = new Date()): Promise<number> {
  return inTransaction(async (tx, emit) => {
    const statuses = await tx
      .update(users)
      .set({ statusEmoji: null, statusText: null, statusExpiresAt: null })
      .where(lte(users.statusExpiresAt, now))
      .returning({ id: users.id });
    const dnd = await tx.update(users).set({ dndUntil: null }).where(lte(users.dndUntil, now)).returning({ id: users.id });
    const changed = new Set([...statuses, ...dnd].map((row) => row.id));
    for (const userId of changed) await announcePerson(tx, emit, userId);
    return changed.size;
  });
}
