import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { describeUserAgent, type SessionView } from "@/shared/account-security";
import { recoveryCodesLeft, twoFactorRequiredFor } from "../auth/two-factor";
import { db } from "../db/client";
import { authSessions, users } from "../db/schema";

/** Profile → Security: two-factor status and where the person is signed in, most recent first. */
export async function accountSecurity(userId: string, currentSessionId: string | undefined) {
  const database = db();
  const [[user], rows, codesLeft, required] = await Promise.all([
    database.select({ since: users.totpEnabledAt, hasPassword: sql<boolean>`${users.passwordHash} is not null` }).from(users).where(eq(users.id, userId)),
    database
      .select()
      .from(authSessions)
      .where(and(eq(authSessions.userId, userId), isNull(authSessions.revokedAt), sql`${authSessions.expiresAt} > now()`))
      .orderBy(desc(authSessions.lastSeenAt))
      .limit(100),
    recoveryCodesLeft(database, userId),
    twoFactorRequiredFor(database, userId),
  ]);
  const sessions: SessionView[] = rows.map((row) => ({
    id: row.id,
    method: row.method,
    twoFactor: row.twoFactor,
    device: describeUserAgent(row.userAgent),
    ip: row.ip,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    current: row.id === currentSessionId,
  }));
  return {
    twoFactor: { enabledAt: user?.since ?? null, recoveryCodesLeft: codesLeft, required },
    hasPassword: user?.hasPassword ?? false,
    sessions,
  };
}
