import { eq } from "drizzle-orm";
import { db, type Tx } from "../db/client";
import { users } from "../db/schema";

/** Per user, when their sessions start being valid, briefly cached: every HTTP call checks it. */
const validFrom = new Map<string, { from: number; until: number }>();
const CACHE_MS = 30_000;

/**
 * Whether a session token issued at `issuedAtSeconds` is still good: a password reset or change ends every session
 * signed in before it. In another server process an ended session may be honoured for up to CACHE_MS more.
 */
export async function sessionStillValid(userId: string, issuedAtSeconds: number | undefined): Promise<boolean> {
  const cached = validFrom.get(userId);
  let from = cached && cached.until > Date.now() ? cached.from : undefined;
  if (from === undefined) {
    const [row] = await db().select({ from: users.sessionsValidFrom }).from(users).where(eq(users.id, userId));
    if (!row) return false;
    from = row.from?.getTime() ?? 0;
    if (validFrom.size > 10_000) validFrom.clear();
    validFrom.set(userId, { from, until: Date.now() + CACHE_MS });
  }
  // JWT times are whole seconds: a session signed in within the same second as the reset stays valid.
  return (issuedAtSeconds ?? 0) >= Math.floor(from / 1000);
}

/** Ends every session of the person signed in until now. */
export async function endSessions(tx: Tx, userId: string) {
  const now = new Date();
  await tx.update(users).set({ sessionsValidFrom: now }).where(eq(users.id, userId));
  validFrom.delete(userId);
}
