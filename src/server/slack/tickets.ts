import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/env";

/**
 * A short-lived credential Confab hands an app inside a URL (a Socket Mode WebSocket, a file upload): what it allows,
 * until when, signed with the server's secret, so any process can check it without a lookup.
 */
const sign = (purpose: string, encoded: string) => createHmac("sha256", env().AUTH_SECRET).update(`${purpose}:${encoded}`).digest("base64url");

export function signTicket(purpose: string, claim: object, expiresAt: Date): string {
  const encoded = Buffer.from(JSON.stringify({ ...claim, exp: expiresAt.getTime() })).toString("base64url");
  return `${encoded}.${sign(purpose, encoded)}`;
}

export function readTicket<T extends object>(purpose: string, ticket: string | null, now: Date): T | null {
  const [encoded, signature, extra] = (ticket ?? "").split(".");
  if (!encoded || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(purpose, encoded));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claim = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) as T & { exp?: unknown };
    return typeof claim.exp === "number" && claim.exp > now.getTime() ? claim : null;
  } catch {
    return null;
  }
}
