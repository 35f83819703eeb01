export const STATUS_DURATIONS = [
  { value: "30m", label: "30 minutes" },
  { value: "1h", label: "1 hour" },
  { value: "4h", label: "4 hours" },
  { value: "today", label: "Today" },
  { value: "week", label: "This week" },
  { value: "never", label: "Don't clear" },
  { value: "custom", label: "Choose date and time" },
] as const;

export type StatusDuration = (typeof STATUS_DURATIONS)[number]["value"];

/** When a status chosen now for `duration` ends, in the person's own time zone ("today" ends at their midnight). */
export function statusExpiry(duration: Exclude<StatusDuration, "custom">, now = new Date()): Date | null {
  const minutes = (count: number) => new Date(now.getTime() + count * 60_000);
  switch (duration) {
    case "30m":
      return minutes(30);
    case "1h":
      return minutes(60);
    case "4h":
      return minutes(240);
    case "today":
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
    case "week": {
      // The week ends at the start of Monday.
      const daysToMonday = ((8 - now.getDay()) % 7) || 7;
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday);
    }
    case "never":
      return null;
  }
}

/** "Until tomorrow" for Do Not Disturb: tomorrow at 9:00. */
export function tomorrowMorning(now = new Date()): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9);
}
