import { describe, expect, it } from "vitest";
import { DEFAULT_NOTIFICATION_PREFERENCES, matchesKeyword, notificationPreferencesInput, outsideWorkingHours, type WeeklySchedule } from "@/shared/notifications";
import { decideNotification, type NotifyMessage, type NotifyRecipient } from "@/server/notifications/decide";

const BEN = "00000000-0000-4000-8000-00000000000b";
const ANA = "00000000-0000-4000-8000-00000000000a";
// A Wednesday, 12:00 UTC.
const NOON_UTC = new Date("2026-12-02T12:00:00Z");

const message = (overrides: Partial<NotifyMessage> = {}): NotifyMessage => ({
  authorId: ANA,
  kind: "user",
  channelKind: "public",
  threadRootId: null,
  inChannelList: true,
  body: "Lunch is ready",
  mentions: { userIds: [], everyone: false, here: false },
  ...overrides,
});

const ben = (overrides: Partial<NotifyRecipient> = {}, preferences: Partial<NotifyRecipient["preferences"]> = {}): NotifyRecipient => ({
  userId: BEN,
  membership: { level: null, muted: false, ignoreChannelMentions: false },
  preferences: { ...DEFAULT_NOTIFICATION_PREFERENCES, ...preferences },
  dndUntil: null,
  followsThread: false,
  activeNow: false,
  hasRead: false,
  ...overrides,
});

const member = (membership: Partial<NonNullable<NotifyRecipient["membership"]>>) => ({ membership: { level: null, muted: false, ignoreChannelMentions: false, ...membership } });
const weekdays9to17: WeeklySchedule = [null, ...Array.from({ length: 5 }, () => ({ start: 9 * 60, end: 17 * 60 })), null];
const nights22to6: WeeklySchedule = Array.from({ length: 7 }, () => ({ start: 22 * 60, end: 6 * 60 }));
const named = { mentions: { userIds: [BEN], everyone: false, here: false } };
const atChannel = { mentions: { userIds: [], everyone: true, here: false } };
const atHere = { mentions: { userIds: [], everyone: false, here: true } };

// [case, message, recipient, reason (null: nothing), email]
const cases: Array<[string, NotifyMessage, NotifyRecipient, string | null, boolean]> = [
  ["a plain channel message, default level", message(), ben(), null, false],
  ["a plain channel message, level all", message(), ben({}, { level: "all" }), "message", false],
  ["a direct mention", message(named), ben(), "mention", true],
  ["@channel", message(atChannel), ben(), "channel_mention", false],
  ["@channel ignored in this channel", message(atChannel), ben(member({ ignoreChannelMentions: true })), null, false],
  ["@here while active", message(atHere), ben({ activeNow: true }), "channel_mention", false],
  ["@here while away", message(atHere), ben(), null, false],
  ["a keyword, other case and punctuation", message({ body: "Who broke the DEPLOY?" }), ben({}, { keywords: ["deploy"] }), "keyword", true],
  ["a keyword inside a longer word", message({ body: "deployment notes" }), ben({}, { keywords: ["deploy"] }), null, false],
  ["a keyword in another script", message({ body: "Новый релиз готов" }), ben({}, { keywords: ["релиз"] }), "keyword", true],
  ["a DM", message({ channelKind: "dm" }), ben(), "dm", true],
  ["a group DM", message({ channelKind: "group_dm" }), ben(), "dm", true],
  ["a DM with notifications off", message({ channelKind: "dm" }), ben({}, { level: "nothing" }), null, false],
  ["a reply in a followed thread", message({ threadRootId: "root", inChannelList: false }), ben({ followsThread: true }), "thread_reply", false],
  ["a reply in a followed thread, thread notifications off", message({ threadRootId: "root", inChannelList: false }), ben({ followsThread: true }, { threadReplies: false }), null, false],
  ["a reply in a thread not followed, level all", message({ threadRootId: "root", inChannelList: false }), ben({}, { level: "all" }), null, false],
  ["a reply also sent to the channel, level all", message({ threadRootId: "root", inChannelList: true }), ben({}, { level: "all" }), "message", false],
  ["a muted channel", message(atChannel), ben(member({ muted: true })), null, false],
  ["a muted channel, direct mention", message(named), ben(member({ muted: true })), "mention", true],
  ["a muted DM", message({ channelKind: "dm" }), ben(member({ muted: true })), null, false],
  ["channel set to all over a default of mentions", message(), ben(member({ level: "all" })), "message", false],
  ["channel set to nothing over a default of all", message(named), ben(member({ level: "nothing" }), { level: "all" }), null, false],
  ["channel set to mentions over a default of nothing", message(named), ben(member({ level: "mentions" }), { level: "nothing" }), "mention", true],
  ["paused by hand", message(named), ben({ dndUntil: new Date(NOON_UTC.getTime() + 60_000) }), null, false],
  ["a pause that has ended", message(named), ben({ dndUntil: new Date(NOON_UTC.getTime() - 60_000) }), "mention", true],
  ["inside working hours", message(named), ben({}, { schedule: weekdays9to17, timeZone: "UTC" }), "mention", true],
  ["outside working hours in the person's time zone (Tokyo, 21:00)", message(named), ben({}, { schedule: weekdays9to17, timeZone: "Asia/Tokyo" }), null, false],
  ["inside a night shift across midnight (Tokyo, 21:00 is before 22:00)", message(named), ben({}, { schedule: nights22to6, timeZone: "Asia/Tokyo" }), null, false],
  ["inside a night shift after midnight (Honolulu, 02:00)", message(named), ben({}, { schedule: nights22to6, timeZone: "Pacific/Honolulu" }), "mention", true],
  ["the author", message({ ...named, authorId: BEN }), ben(), null, false],
  ["a non-member, or a private channel never joined", message(named), ben({ membership: null }), null, false],
  ["already read", message(named), ben({ hasRead: true }), null, false],
  ["a system message", message({ ...named, kind: "system" }), ben(), null, false],
  ["email turned off", message(named), ben({}, { email: "never" }), "mention", false],
];

describe("who is notified of a message", () => {
  it.each(cases)("%s", (_case, given, recipient, reason, email) => {
    const decision = decideNotification(given, recipient, NOON_UTC);
    expect(decision.reason).toBe(reason);
    expect(decision.email).toBe(email);
    expect(decision.desktop).toBe(reason !== null && recipient.preferences.desktop);
    expect(decision.push).toBe(reason !== null);
  });

  it("honours desktop off while keeping push and email", () => {
    expect(decideNotification(message(named), ben({}, { desktop: false }), NOON_UTC)).toEqual({ reason: "mention", desktop: false, push: true, email: true });
  });
});

describe("notification preferences", () => {
  it("matches keywords as whole words in any case", () => {
    expect(matchesKeyword("Incident: prod is DOWN.", ["down"])).toBe("down");
    expect(matchesKeyword("downtime planned", ["down"])).toBeNull();
    expect(matchesKeyword("ping me at #release-train", ["release"])).toBe("release");
    expect(matchesKeyword("日本語のテストです", ["テスト"])).toBe("テスト");
    expect(matchesKeyword("Straße gesperrt", ["STRASSE", "straße"])).toBe("straße");
  });

  it("reads working hours across midnight and week boundaries", () => {
    // Sunday 23:30 UTC: Saturday and Sunday are days off; a night shift from Sunday 22:00 covers it.
    const sundayNight = new Date("2026-12-06T23:30:00Z");
    expect(outsideWorkingHours(weekdays9to17, "UTC", sundayNight)).toBe(true);
    expect(outsideWorkingHours(nights22to6, "UTC", sundayNight)).toBe(false);
    // Monday 05:59 in the shift begun on Sunday; 06:00 outside it.
    expect(outsideWorkingHours(nights22to6, "UTC", new Date("2026-12-07T05:59:00Z"))).toBe(false);
    expect(outsideWorkingHours(nights22to6, "UTC", new Date("2026-12-07T06:00:00Z"))).toBe(true);
  });

  it("refuses too many keywords, unknown time zones and malformed schedules with readable messages", () => {
    const valid = { ...DEFAULT_NOTIFICATION_PREFERENCES };
    const issues = (input: unknown) => notificationPreferencesInput.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];
    expect(issues(valid)).toEqual([]);
    expect(issues({ ...valid, keywords: Array.from({ length: 1000 }, (_, index) => `word${index}`) })).toEqual(["At most 50 keywords"]);
    expect(issues({ ...valid, timeZone: "Mars/Olympus_Mons" })).toEqual(["Choose a time zone from the list"]);
    expect(issues({ ...valid, schedule: [null] })).toEqual(["A schedule has one entry per weekday"]);
    expect(issues({ ...valid, schedule: Array(7).fill({ start: 540, end: 540 }) })).toContain("A working day needs a start and an end that differ");
    expect(notificationPreferencesInput.parse({ ...valid, keywords: ["Deploy", "deploy", " outage "] }).keywords).toEqual(["deploy", "outage"]);
  });
});
