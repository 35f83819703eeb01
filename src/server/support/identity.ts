import { createHmac, timingSafeEqual } from "node:crypto";
import { readTicket, signTicket } from "../slack/tickets";

/**
 * Identity verification, as Intercom and Crisp do it: the website computes HMAC-SHA256(secret, its user's id) on
 * its server and hands the hex digest to the widget with the id; only someone holding the secret can vouch for an id.
 */
export function identityHash(secret: string, externalId: string): string {
  return createHmac("sha256", secret).update(externalId).digest("hex");
}

export function identityVerified(secret: string, externalId: string, hash: string): boolean {
  const expected = Buffer.from(identityHash(secret, externalId), "hex");
  const given = Buffer.from(hash, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const TOKEN_PURPOSE = "support-visitor";
const TOKEN_LIFETIME_MS = 365 * 24 * 60 * 60_000;

/**
 * The token the widget keeps: the visitor's id and their current key, signed with the server's secret. Every device
 * of a verified visitor holds one; changing the key revokes them all.
 */
export function visitorToken(visitor: { id: string; tokenKey: string }, now: Date): string {
  return signTicket(TOKEN_PURPOSE, { v: visitor.id, k: visitor.tokenKey }, new Date(now.getTime() + TOKEN_LIFETIME_MS));
}

export function readVisitorToken(token: string, now: Date): { visitorId: string; tokenKey: string } | null {
  const claim = readTicket<{ v?: unknown; k?: unknown }>(TOKEN_PURPOSE, token, now);
  return claim && typeof claim.v === "string" && typeof claim.k === "string" ? { visitorId: claim.v, tokenKey: claim.k } : null;
}
