import { lte } from "drizzle-orm";
import { users } from "../../db/schema";
import { defineAction } from "../context";
import { announcePerson } from "./announce-person";

/**
 * Clears statuses and Do Not Disturb that have run out and tells everyone. Safe to run from several processes at
 * once: each expired row is claimed by exactly one UPDATE.
 */
export const clearExpiredStatuses = defineAction({ actors: ["system"] }, async (ctx): Promise<number> => {
  const { tx, services } = ctx;
  const now = services.clock.now();
  const statuses = await tx
    .update(users)
    .set({ statusEmoji: null, statusText: null, statusExpiresAt: null })
    .where(lte(users.statusExpiresAt, now))
    .returning({ id: users.id });
  const dnd = await tx.update(users).set({ dndUntil: null }).where(lte(users.dndUntil, now)).returning({ id: users.id });
  const changed = new Set([...statuses, ...dnd].map((row) => row.id));
  for (const userId of changed) await announcePerson(ctx, userId);
  return changed.size;
});
