import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { db, type Db, type Tx } from "../db/client";
import { authSessions, type SignInMethod, users } from "../db/schema";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * Per session, whether it is still good, briefly cached: every HTTP call checks it. An ended session may be honoured
 * by another server process for up to CACHE_MS more; open tabs are signed out at once by a session.ended event.
 * The caches live on globalThis: Next's bundle of this module and the custom server's are two copies in one
 * process, and an ending seen by one must be seen by the other (or the sign-in page sends the tab straight back).
 */
interface ValidityCaches {
  sessions: Map<string, { valid: boolean; until: number }>;
  validFrom: Map<string, { from: number; until: number }>;
}
const cachesKey = Symbol.for("confab.sessionValidity");
const caches = ((globalThis as { [cachesKey]?: ValidityCaches })[cachesKey] ??= { sessions: new Map(), validFrom: new Map() });
const sessionCache = caches.sessions;
const CACHE_MS = 5_000;
/** last_seen_at moves at most this often, so a busy tab does not write on every call. */
const SEEN_EVERY_MS = 5 * 60_000;

/** Per user, when their sessions start being valid: tokens from before session rows existed carry no `sid`. */
const validFrom = caches.validFrom;

export interface SignIn {
  userId: string;
  method: SignInMethod;
  twoFactor: boolean;
  userAgent: string;
  ip: string;
}

/** A new session row; its id goes into the session cookie's token as `sid`. */
export async function startSession(database: Db | Tx, signIn: SignIn): Promise<string> {
  const [row] = await database
    .insert(authSessions)
    .values({ ...signIn, userAgent: signIn.userAgent.slice(0, 500), expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000) })
    .returning({ id: authSessions.id });
  return row!.id;
}

function remember<V>(cache: Map<string, V & { until: number }>, key: string, value: V) {
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { ...value, until: Date.now() + CACHE_MS });
}

async function sessionRowValid(userId: string, sessionId: string): Promise<boolean> {
  const cached = sessionCache.get(sessionId);
  if (cached && cached.until > Date.now()) return cached.valid;
  const [row] = await db()
    .select({ lastSeenAt: authSessions.lastSeenAt })
    .from(authSessions)
    .where(and(eq(authSessions.id, sessionId), eq(authSessions.userId, userId), isNull(authSessions.revokedAt), sql`${authSessions.expiresAt} > now()`));
  const valid = Boolean(row);
  remember(sessionCache, sessionId, { valid });
  if (row && Date.now() - row.lastSeenAt.getTime() > SEEN_EVERY_MS) {
    await db().update(authSessions).set({ lastSeenAt: new Date() }).where(eq(authSessions.id, sessionId));
  }
  return valid;
}

async function signedInAfterReset(userId: string, issuedAtSeconds: number | undefined): Promise<boolean> {
  const cached = validFrom.get(userId);
  let from = cached && cached.until > Date.now() ? cached.from : undefined;
  if (from === undefined) {
    const [row] = await db().select({ from: users.sessionsValidFrom }).from(users).where(eq(users.id, userId));
    if (!row) return false;
    from = row.from?.getTime() ?? 0;
    remember(validFrom, userId, { from });
  }
  // JWT times are whole seconds: a session signed in within the same second as the reset stays valid.
  return (issuedAtSeconds ?? 0) >= Math.floor(from / 1000);
}

/**
 * Whether a session token is still good: its session row not ended (signed out elsewhere, a password change, a
 * deactivation), or, for a token from before session rows, not older than the person's last password reset.
 */
export async function sessionStillValid(userId: string, issuedAtSeconds: number | undefined, sessionId: string | undefined): Promise<boolean> {
  return sessionId ? sessionRowValid(userId, sessionId) : signedInAfterReset(userId, issuedAtSeconds);
}

/**
 * Ends sessions of a person: all of them, all but one (`except`, the one asking), or only `only`; also every token
 * from before session rows. Returns the ended ids, for the session.ended event that signs their tabs out.
 */
export async function endSessions(tx: Db | Tx, userId: string, scope: { except?: string; only?: string[] } = {}): Promise<string[]> {
  const ended = await tx
    .update(authSessions)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(authSessions.userId, userId),
        isNull(authSessions.revokedAt),
        scope.except ? ne(authSessions.id, scope.except) : undefined,
        scope.only ? inArray(authSessions.id, scope.only.length ? scope.only : [""]) : undefined,
      ),
    )
    .returning({ id: authSessions.id });
  if (!scope.only) {
    await tx.update(users).set({ sessionsValidFrom: new Date() }).where(eq(users.id, userId));
    validFrom.delete(userId);
  }
  for (const { id } of ended) sessionCache.delete(id);
  return ended.map((row) => row.id);
}
