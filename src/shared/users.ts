import { z } from "zod";
import type { WeeklySchedule } from "./notifications";
import { isSingleEmoji } from "./messages";

export const displayName = z
  .string()
  .trim()
  .min(1, "Enter your name")
  .max(80, "Names are at most 80 characters");

export const email = z.string().trim().toLowerCase().email("Enter a valid email address").max(254);

export const PASSWORD_MIN_LENGTH = 8;

// The handful of passwords every credential-stuffing list starts with; length alone does not catch them.
const COMMON_PASSWORDS = new Set([
  "password", "password1", "password123", "12345678", "123456789", "1234567890", "qwertyuiop", "qwerty123",
  "iloveyou", "11111111", "00000000", "abc12345", "letmein1", "welcome1", "admin123", "baseball", "football",
  "sunshine", "princess", "passw0rd", "trustno1", "superman", "1q2w3e4r", "zaq12wsx", "qwertyui", "asdfghjk",
]);

/** Why a password is too weak, or null when it is acceptable. */
export function passwordWeakness(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > 200) return "Use at most 200 characters";
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return "That password is one of the most common; choose another";
  if (new Set(password).size < 4) return "Use more than a few different characters";
  const localPart = context.email?.split("@")[0]?.toLowerCase();
  if (localPart && localPart.length >= 4 && lower.includes(localPart)) return "Don't use your email address in the password";
  return null;
}

export const signUpInput = z
  .object({ name: displayName, email, password: z.string() })
  .superRefine((value, ctx) => {
    const weakness = passwordWeakness(value.password, value);
    if (weakness) ctx.addIssue({ code: "custom", path: ["password"], message: weakness });
  });

const newPassword = z.string().superRefine((value, ctx) => {
  const weakness = passwordWeakness(value);
  if (weakness) ctx.addIssue({ code: "custom", message: weakness });
});
export const requestPasswordResetInput = z.object({ email });
export const resetPasswordInput = z.object({ token: z.string().min(1, "This reset link is incomplete").max(200), password: newPassword });
export const changePasswordInput = z.object({ currentPassword: z.string().min(1, "Enter your current password").max(200), newPassword });
export const requestEmailChangeInput = z.object({ newEmail: email, password: z.string().min(1, "Enter your password").max(200) });
export const confirmEmailChangeInput = z.object({ token: z.string().min(1).max(200) });
/** How long a password-reset link works. */
export const RESET_LINK_HOURS = 1;

export const updateProfileInput = z.object({ name: displayName });

/** Up to two initials for the avatar placeholder: "Ana María López" -> "AL". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const first = words[0]!.charAt(0);
  const last = words.length > 1 ? words[words.length - 1]!.charAt(0) : "";
  return (first + last).toUpperCase();
}

/** What everyone who can see a person sees besides their name: a custom status and Do Not Disturb. */
export interface PersonStatus {
  statusEmoji: string | null;
  statusText: string | null;
  statusExpiresAt: Date | null;
  dndUntil: Date | null;
  /** Working hours, outside which notifications pause (visible to co-workers, as Do Not Disturb is), and their zone. */
  dndSchedule: WeeklySchedule | null;
  dndTimeZone: string | null;
}

export interface PublicPerson extends PersonStatus {
  id: string;
  name: string;
  image: string | null;
}

/** The status to show now: an expired one is gone at once, before the server's sweep clears it. */
export function currentStatus(person: PersonStatus, now = new Date()): { emoji: string | null; text: string | null } | null {
  if (!person.statusEmoji && !person.statusText) return null;
  if (person.statusExpiresAt && person.statusExpiresAt <= now) return null;
  return { emoji: person.statusEmoji, text: person.statusText };
}

export function inDoNotDisturb(person: Pick<PersonStatus, "dndUntil">, now = new Date()): boolean {
  return person.dndUntil !== null && person.dndUntil > now;
}

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const future = (what: string) =>
  z
    .date()
    .nullable()
    .refine((date) => date === null || date.getTime() > Date.now(), `${what} must be in the future`)
    .refine((date) => date === null || date.getTime() < Date.now() + YEAR_MS, `${what} must be within a year`);

export const setStatusInput = z.object({
  emoji: z
    .string()
    .nullable()
    .refine((emoji) => emoji === null || isSingleEmoji(emoji), "Choose one emoji"),
  text: z.string().trim().max(100, "A status is at most 100 characters").nullable(),
  expiresAt: future("The end of a status"),
});

export const setDndInput = z.object({ until: future("The end of Do Not Disturb") });
export const readReceiptsInput = z.object({ on: z.boolean() });
