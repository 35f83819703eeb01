import { describe, expect, it } from "vitest";
import { type BusinessHours, hoursAt } from "../../src/shared/support";

const weekdays = (timeZone: string, extra: Partial<BusinessHours["days"]> = {}): BusinessHours => {
  const span = { open: "09:00", close: "17:00" };
  return { timeZone, days: { mon: span, tue: span, wed: span, thu: span, fri: span, sat: null, sun: null, ...extra } };
};
const at = (iso: string) => new Date(iso);

describe("business hours", () => {
  it("are open within a day's span, in the inbox's time zone", () => {
    const paris = weekdays("Europe/Paris");
    // Wednesday 9 December 2026, Paris is UTC+1.
    expect(hoursAt(paris, at("2026-12-09T09:00:00Z"))).toEqual({ open: true, opensAt: null });
    expect(hoursAt(paris, at("2026-12-09T07:59:00Z"))).toEqual({ open: false, opensAt: at("2026-12-09T08:00:00Z") });
    // Closing time itself is closed.
    expect(hoursAt(paris, at("2026-12-09T16:00:00Z"))).toEqual({ open: false, opensAt: at("2026-12-10T08:00:00Z") });
  });

  it("after Friday's close, open again on Monday; west of Greenwich too", () => {
    expect(hoursAt(weekdays("Europe/Paris"), at("2026-12-11T17:00:00Z")).opensAt).toEqual(at("2026-12-14T08:00:00Z"));
    // Monday 7 December 2026, 08:00 in New York (UTC-5).
    expect(hoursAt(weekdays("America/New_York"), at("2026-12-07T13:00:00Z"))).toEqual({ open: false, opensAt: at("2026-12-07T14:00:00Z") });
  });

  it("land on the opening time across daylight-saving changes", () => {
    // Clocks go forward in Paris on Sunday 28 March 2027 (CET → CEST): Monday 09:00 is 07:00 UTC, not 08:00.
    expect(hoursAt(weekdays("Europe/Paris"), at("2027-03-27T19:00:00Z")).opensAt).toEqual(at("2027-03-29T07:00:00Z"));
    // Open on that Sunday itself, the day the change happens.
    expect(hoursAt(weekdays("Europe/Paris", { sun: { open: "09:00", close: "12:00" } }), at("2027-03-27T19:00:00Z")).opensAt).toEqual(at("2027-03-28T07:00:00Z"));
    // Back on Sunday 25 October 2026 (CEST → CET): Monday 09:00 is 08:00 UTC again.
    expect(hoursAt(weekdays("Europe/Paris"), at("2026-10-24T18:00:00Z")).opensAt).toEqual(at("2026-10-26T08:00:00Z"));
    // New York springs forward on Sunday 14 March 2027: Monday 09:00 EDT is 13:00 UTC.
    expect(hoursAt(weekdays("America/New_York"), at("2027-03-12T23:00:00Z")).opensAt).toEqual(at("2027-03-15T13:00:00Z"));
  });

  it("none set is always open; every day closed never opens", () => {
    expect(hoursAt(null, at("2026-12-12T03:00:00Z"))).toEqual({ open: true, opensAt: null });
    const closed: BusinessHours = { timeZone: "UTC", days: { mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null } };
    expect(hoursAt(closed, at("2026-12-09T12:00:00Z"))).toEqual({ open: false, opensAt: null });
  });
});
