import { z } from "zod";
import { inDoNotDisturb, type PersonStatus } from "./users";

/** What a person is notified about: everything, DMs plus mentions and keywords (the default), or nothing. */
export const NOTIFY_LEVELS = ["all", "mentions", "nothing"] as const;
export type NotifyLevel = (typeof NOTIFY_LEVELS)[number];

export const EMAIL_FREQUENCIES = ["after_15_minutes", "hourly", "never"] as const;
export type EmailFrequency = (typeof EMAIL_FREQUENCIES)[number];

/** What a Web Push may show on a lock screen, chosen by the workspace's admins. */
export const PUSH_CONTENTS = ["full", "sender_and_channel", "generic"] as const;
export type PushContent = (typeof PUSH_CONTENTS)[number];
export const PUSH_CONTENT_LABELS: Record<PushContent, string> = {
  full: "Sender, channel and message text",
  sender_and_channel: "Sender and channel only",
  generic: "Only \"You have a new message\"",
};

export const MAX_KEYWORDS = 50;
export const MAX_KEYWORD_LENGTH = 60;
const MINUTES_PER_DAY = 24 * 60;

/** Working hours of one weekday in minutes after local midnight; `end` before `start` runs past midnight. */
export const workingHours = z
  .object({ start: z.number().int().min(0).max(MINUTES_PER_DAY - 1), end: z.number().int().min(0).max(MINUTES_PER_DAY - 1) })
  .refine((hours) => hours.start !== hours.end, "A working day needs a start and an end that differ");
export type WorkingHours = z.infer<typeof workingHours>;

/** Sunday first, as `Date.getDay()` counts; null: no working hours that day, so notifications pause all day. */
export const weeklySchedule = z.array(workingHours.nullable()).length(7, "A schedule has one entry per weekday");
export type WeeklySchedule = z.infer<typeof weeklySchedule>;

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const keyword = z
  .string()
  .trim()
  .min(1, "A keyword cannot be empty")
  .max(MAX_KEYWORD_LENGTH, `Keywords are at most ${MAX_KEYWORD_LENGTH} characters`);

export const notificationPreferencesInput = z.object({
  level: z.enum(NOTIFY_LEVELS),
  keywords: z
    .array(keyword)
    .max(MAX_KEYWORDS, `At most ${MAX_KEYWORDS} keywords`)
    .transform((words) => [...new Map(words.map((word) => [word.toLocaleLowerCase(), word])).values()]),
  threadReplies: z.boolean(),
  desktop: z.boolean(),
  sound: z.boolean(),
  email: z.enum(EMAIL_FREQUENCIES),
  timeZone: z.string().max(64).refine(isTimeZone, "Choose a time zone from the list").nullable(),
  schedule: weeklySchedule.nullable(),
});
export type NotificationPreferences = z.output<typeof notificationPreferencesInput>;

export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = {
  level: "mentions",
  keywords: [],
  threadReplies: true,
  desktop: true,
  sound: true,
  email: "after_15_minutes",
  timeZone: null,
  schedule: null,
};

/** What a tab shows as a desktop notification, computed by the server for its one recipient. */
export interface DesktopNotification {
  messageId: string;
  channelId: string;
  seq: number;
  threadRootId: string | null;
  /** Where clicking it goes, from the workspace's root. */
  path: string;
  /** The channel (`#general`), or the person for a DM. */
  title: string;
  /** Sender and plain text, truncated. */
  body: string;
  icon: string | null;
  sound: boolean;
}

/** What a Web Push carries to the service worker (encrypted end to end), shaped by the workspace's push content. */
export interface PushPayload {
  /** One notification per message: the service worker replaces, not stacks, on this tag. */
  tag: string;
  channelId: string;
  seq: number;
  path: string;
  title: string;
  body: string;
  icon: string | null;
  authorName: string;
}

const base64url = (what: string, bytes: number) =>
  z
    .string()
    .max(200)
    .refine((value) => /^[A-Za-z0-9_-]+={0,2}$/.test(value) && Math.floor((value.replace(/=+$/, "").length * 3) / 4) === bytes, {
      message: `The subscription's ${what} key is not valid`,
    });

/** A browser's PushSubscription.toJSON(), as the service worker's page hands it over. */
export const pushSubscriptionInput = z.object({
  endpoint: z.string().max(2048, "That push endpoint is too long").url("The push endpoint is not a URL"),
  keys: z.object({ p256dh: base64url("p256dh", 65), auth: base64url("auth", 16) }),
  userAgent: z.string().max(300).default(""),
});
export const pushSubscriptionIdInput = z.object({ id: z.string().min(1).max(64) });

/** A channel's own setting: null follows the person's default. */
export const channelNotificationsInput = z.object({
  channelId: z.string().uuid("Unknown channel"),
  level: z.enum(NOTIFY_LEVELS).nullable(),
  muted: z.boolean(),
  ignoreChannelMentions: z.boolean(),
});

const WORD_CHARACTER = /[\p{L}\p{N}_]/u;
// Scripts written without spaces between words: any neighbour is a word boundary there.
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const continuesWord = (character: string | undefined) => character !== undefined && WORD_CHARACTER.test(character) && !UNSPACED_SCRIPT.test(character);

/** Whole-word, case-insensitive, in any script: "deploy" matches "Deploy!" but not "deployment". */
export function matchesKeyword(text: string, keywords: readonly string[]): string | null {
  const folded = text.toLocaleLowerCase();
  for (const word of keywords) {
    const needle = word.toLocaleLowerCase();
    for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + 1)) {
      const before = [...folded.slice(0, at)].at(-1);
      const after = [...folded.slice(at + needle.length, at + needle.length + 2)][0];
      if (!continuesWord(before) && !continuesWord(after)) return word;
    }
  }
  return null;
}

/** Weekday (0 = Sunday) and minutes after midnight of an instant in a time zone. */
function localTime(now: Date, timeZone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "numeric", minute: "numeric", hourCycle: "h23" }).formatToParts(now);
  const part = (type: string) => parts.find((entry) => entry.type === type)!.value;
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(part("weekday"));
  return { day, minutes: Number(part("hour")) * 60 + Number(part("minute")) };
}

/** Outside the schedule's working hours, in the person's time zone (UTC when they have not set one). */
export function outsideWorkingHours(schedule: WeeklySchedule, timeZone: string | null, now: Date): boolean {
  const { day, minutes } = localTime(now, timeZone ?? "UTC");
  const today = schedule[day];
  const yesterday = schedule[(day + 6) % 7];
  const inToday = today ? (today.start < today.end ? minutes >= today.start && minutes < today.end : minutes >= today.start) : false;
  // A shift that began yesterday evening and runs past midnight.
  const inYesterdays = yesterday && yesterday.start > yesterday.end ? minutes < yesterday.end : false;
  return !inToday && !inYesterdays;
}

/** Do Not Disturb now: paused by hand, or outside the working hours of a schedule. */
export function inDoNotDisturbAt(person: { dndUntil: Date | null; schedule: WeeklySchedule | null; timeZone: string | null }, now: Date): boolean {
  if (inDoNotDisturb(person, now)) return true;
  return person.schedule ? outsideWorkingHours(person.schedule, person.timeZone, now) : false;
}

/** Whether someone shows as Do Not Disturb to others now, from what everyone can see of them. */
export function personInDoNotDisturb(person: Pick<PersonStatus, "dndUntil" | "dndSchedule" | "dndTimeZone">, now: Date): boolean {
  return inDoNotDisturbAt({ dndUntil: person.dndUntil, schedule: person.dndSchedule, timeZone: person.dndTimeZone }, now);
}

const NOTIFICATION_TEXT_LENGTH = 180;

/**
 * A message as a notification shows it: plain text (Markdown marks, code fences and link targets dropped), mentions
 * as the names they stand for, on one line, truncated.
 */
export function notificationText(body: string, nameOf: (userId: string) => string | undefined): string {
  const plain = body
    .replace(/```[^\n]*\n?([\s\S]*?)```/g, "$1")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<@([0-9a-f-]{36})>/g, (_match, userId: string) => `@${nameOf(userId) ?? "someone"}`)
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, "")
    .replace(/(\*\*|__|~~|\*|_)(?=\S)([\s\S]*?\S)\1/g, "$2")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > NOTIFICATION_TEXT_LENGTH ? `${plain.slice(0, NOTIFICATION_TEXT_LENGTH - 1).trimEnd()}…` : plain;
}
