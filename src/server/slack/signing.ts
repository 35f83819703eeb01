import { createHmac } from "node:crypto";

/** Slack's request signature: `v0=` and the HMAC-SHA256 of `v0:<timestamp>:<body>` under the app's signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** The headers a request Confab sends an app carries, so the app (Bolt, or its own check) knows it came from us. */
export function signedHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { "x-slack-request-timestamp": String(timestamp), "x-slack-signature": slackSignature(secret, timestamp, body) };
}
