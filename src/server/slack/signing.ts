import { createHmac, timingSafeEqual } from "node:crypto";

/** How old a signed request may be before it is refused as a replay (Slack's own limit). */
export const SIGNATURE_MAX_AGE_SECONDS = 5 * 60;

/** Slack's request signature: `v0=` and the HMAC-SHA256 of `v0:<timestamp>:<body>` under the app's signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** The headers a request Confab sends an app carries, so the app (Bolt, or its own check) knows it came from us. */
export function signedHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { "x-slack-request-timestamp": String(timestamp), "x-slack-signature": slackSignature(secret, timestamp, body) };
}

/** Whether a request an app sent was signed with its secret, recently. */
export function verifySlackSignature(secret: string, headers: { timestamp: unknown; signature: unknown }, body: string, now: Date): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > SIGNATURE_MAX_AGE_SECONDS) return false;
  const expected = Buffer.from(slackSignature(secret, timestamp, body));
  const given = Buffer.from(String(headers.signature ?? ""));
  return expected.length === given.length && timingSafeEqual(expected, given);
}
