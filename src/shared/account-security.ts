import { z } from "zod";
import { email } from "./users";

/** A code from an authenticator app (6 digits) or a recovery code ("k7m2p-9xq4r"). */
export const secondFactorCode = z
  .string()
  .trim()
  .min(6, "Enter the 6-digit code from your authenticator app, or a recovery code")
  .max(20, "That code is too long");

/** Signed in: nothing more. At a sign-in that requires setting it up: the password proves who is asking. */
export const startTwoFactorSetupInput = z.object({ email: email.optional(), password: z.string().max(200).optional() });
export const enableTwoFactorInput = z.object({ enrollmentToken: z.string().min(1).max(4000), code: secondFactorCode });
export const confirmWithCodeInput = z.object({ code: secondFactorCode });
export const deleteAccountInput = z.object({ password: z.string().max(200).optional(), confirmEmail: z.string().max(254) });
export const endSessionInput = z.object({ sessionId: z.string().uuid("Unknown session") });

export interface SessionView {
  id: string;
  method: "password" | "sso";
  twoFactor: boolean;
  device: string;
  ip: string;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

const BROWSERS: Array<[RegExp, string]> = [
  [/Edg\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/Firefox\//, "Firefox"],
  [/Chrome\/|Chromium\/|CriOS\//, "Chrome"],
  [/Safari\//, "Safari"],
];
const SYSTEMS: Array<[RegExp, string]> = [
  [/iPhone|iPad|iOS/, "iOS"],
  [/Android/, "Android"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Windows/, "Windows"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/** "Chrome on macOS" from a User-Agent header: enough to recognise one's own devices in a list. */
export function describeUserAgent(userAgent: string): string {
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? (userAgent.trim() ? userAgent.slice(0, 60) : "Unknown device");
}
