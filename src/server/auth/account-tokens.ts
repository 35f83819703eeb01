import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { hashToken } from "./secret-tokens";
import { and, eq, gt, isNull } from "drizzle-orm";
import { env } from "@/env";
import type { Db, Tx } from "../db/client";
import { accountTokens } from "../db/schema";

type Purpose = (typeof accountTokens.$inferSelect)["purpose"];


/** A new single-use token; earlier unused ones of the same purpose stop working, so only the latest email's link does. */
export async function issueAccountToken(tx: Tx, userId: string, purpose: Purpose, lifetimeMs: number, newEmail: string | null = null): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await tx.delete(accountTokens).where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt)));
  await tx.insert(accountTokens).values({ tokenHash: hashToken(token), userId, purpose, newEmail, expiresAt: new Date(Date.now() + lifetimeMs) });
  return token;
}

/** Uses up a token: its row once, or null when it is unknown, used, expired or for another purpose. */
export async function consumeAccountToken(tx: Tx | Db, token: string, purpose: Purpose) {
  const [row] = await tx
    .update(accountTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(accountTokens.tokenHash, hashToken(token)), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, new Date())))
    .returning();
  return row ?? null;
}

/**
 * A link that needs no stored state (unsubscribing from email must work without signing in): the user id signed
 * with a key derived from AUTH_SECRET and the link's purpose.
 */
export function signedUserToken(userId: string, purpose: string): string {
  const mac = createHmac("sha256", env().AUTH_SECRET).update(`${purpose}:${userId}`).digest("base64url");
  return `${Buffer.from(userId).toString("base64url")}.${mac}`;
}

export function userIdFromSignedToken(token: string, purpose: string): string | null {
  const [encodedId, mac] = token.split(".");
  if (!encodedId || !mac) return null;
  const userId = Buffer.from(encodedId, "base64url").toString("utf8");
  const expected = Buffer.from(signedUserToken(userId, purpose).split(".")[1]!);
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? userId : null;
}
