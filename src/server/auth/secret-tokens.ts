import { createHash, randomBytes } from "node:crypto";

/** Tokens that are shown once and kept only as a hash: looking one up is hashing what was presented. */
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A fresh unguessable token (192 bits), with a prefix that says what it is, as Slack's xoxb-/xapp- do. */
export function newSecretToken(prefix = ""): string {
  return `${prefix}${randomBytes(24).toString("base64url")}`;
}
