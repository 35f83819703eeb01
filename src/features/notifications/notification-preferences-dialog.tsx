"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Dialog } from "@/components/dialog";
import { FormError } from "@/components/field";
import { FormActions } from "@/components/form-actions";
import { useSubmit } from "@/components/use-submit";
import { PushDevices } from "./push-devices";
import { EMAIL_FREQUENCIES, type EmailFrequency, type NotificationPreferences, type NotifyLevel, type WeeklySchedule } from "@/shared/notifications";

const LEVELS: Array<[NotifyLevel, string]> = [
  ["all", "All new messages"],
  ["mentions", "Direct messages, mentions and keywords"],
  ["nothing", "Nothing"],
];
const EMAIL_LABELS: Record<EmailFrequency, string> = { after_15_minutes: "After 15 minutes", hourly: "Hourly", never: "Never" };
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const NINE_TO_FIVE: WeeklySchedule = [null, ...Array.from({ length: 5 }, () => ({ start: 9 * 60, end: 17 * 60 })), null];

const toClock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
const fromClock = (clock: string) => {
  const [hours, minutes] = clock.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function permissionNote(desktop: boolean): string | null {
  if (!desktop || typeof Notification === "undefined") return null;
  if (Notification.permission === "denied")
    return "Your browser blocks notifications from Confab. Allow them in the site settings (the icon left of the address bar), then reload.";
  if (Notification.permission === "default") return "Your browser will ask for permission when you turn them on from the banner.";
  return null;
}

/** Profile → Notifications: what reaches a person, how, and when not to disturb them. */
export function NotificationPreferencesDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const saved = useQuery({ ...trpc.notifications.preferences.queryOptions(), enabled: open });
  const options = useQuery({ ...trpc.notifications.deliveryOptions.queryOptions(), enabled: open });
  const [draft, setDraft] = useState<NotificationPreferences | null>(null);
  const [keywords, setKeywords] = useState("");
  const save = useMutation(
    trpc.notifications.setPreferences.mutationOptions({
      onSuccess: (preferences) => queryClient.setQueryData(trpc.notifications.preferences.queryKey(), preferences),
    }),
  );
  const submit = useSubmit();
  useEffect(() => {
    if (!open || !saved.data) return;
    setDraft(saved.data);
    setKeywords(saved.data.keywords.join(", "));
  }, [open, saved.data]);

  const update = (change: Partial<NotificationPreferences>) => setDraft((current) => (current ? { ...current, ...change } : current));
  const setDay = (day: number, hours: WeeklySchedule[number]) =>
    update({ schedule: (draft?.schedule ?? NINE_TO_FIVE).map((entry, index) => (index === day ? hours : entry)) });
  // The browser's own zone may be an alias ("UTC") that the canonical list leaves out.
  const timeZones = [...new Set([draft?.timeZone ?? browserTimeZone(), ...(typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [])])];

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Notifications" description="What reaches you while you are away from Confab.">
      {!draft ? (
        <p className="text-sm text-muted">Loading…</p>
      ) : (
        <form
          className="space-y-5 text-sm"
          onSubmit={submit.handleSubmit(async () => {
            const words = keywords.split(",").map((word) => word.trim()).filter(Boolean);
            await save.mutateAsync({ ...draft, keywords: words, timeZone: draft.timeZone ?? (draft.schedule ? browserTimeZone() : null) });
            onOpenChange(false);
          })}
        >
          <fieldset className="space-y-1.5">
            <legend className="mb-1 font-medium">Notify me about</legend>
            {LEVELS.map(([level, label]) => (
              <label key={level} className="flex items-center gap-2">
                <input type="radio" name="level" checked={draft.level === level} onChange={() => update({ level })} />
                {label}
              </label>
            ))}
          </fieldset>
          <label className="block">
            <span className="font-medium">My keywords</span>
            <input
              value={keywords}
              onChange={(event) => setKeywords(event.target.value)}
              placeholder="deploy, outage, Ana"
              className="mt-1 h-9 w-full rounded-md border border-border bg-bg px-3"
            />
            <span className="mt-1 block text-muted">Separated by commas; whole words, any case.</span>
          </label>
          <fieldset className="space-y-1.5">
            <legend className="mb-1 font-medium">How</legend>
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={draft.threadReplies} onChange={(event) => update({ threadReplies: event.target.checked })} />
              Replies in threads I follow
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={draft.desktop} onChange={(event) => update({ desktop: event.target.checked })} />
              Desktop notifications
            </label>
            {permissionNote(draft.desktop) && <p className="ml-6 text-muted">{permissionNote(draft.desktop)}</p>}
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={draft.sound} onChange={(event) => update({ sound: event.target.checked })} />
              Play a sound
            </label>
            <label className="flex items-center gap-2">
              Email me about missed activity
              <select value={draft.email} onChange={(event) => update({ email: event.target.value as EmailFrequency })} className="h-8 rounded-md border border-border bg-bg px-2">
                {EMAIL_FREQUENCIES.map((frequency) => (
                  <option key={frequency} value={frequency}>
                    {EMAIL_LABELS[frequency]}
                  </option>
                ))}
              </select>
            </label>
            {options.data && !options.data.emailConfigured && <p className="text-muted">This server has no email configured, so no email is sent.</p>}
          </fieldset>
          <PushDevices />
          <fieldset className="space-y-2">
            <legend className="mb-1 font-medium">Working hours</legend>
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={draft.schedule !== null} onChange={(event) => update({ schedule: event.target.checked ? NINE_TO_FIVE : null })} />
              Pause notifications outside my working hours
            </label>
            {draft.schedule && (
              <>
                <label className="flex items-center gap-2">
                  Time zone
                  <select
                    value={draft.timeZone ?? browserTimeZone()}
                    onChange={(event) => update({ timeZone: event.target.value })}
                    className="h-8 min-w-0 flex-1 rounded-md border border-border bg-bg px-2"
                  >
                    {timeZones.map((zone) => (
                      <option key={zone}>{zone}</option>
                    ))}
                  </select>
                </label>
                <ul className="space-y-1" aria-label="Working hours by day">
                  {WEEKDAYS.map((day, index) => {
                    const hours = draft.schedule![index] ?? null;
                    return (
                      <li key={day} className="flex items-center gap-2">
                        <label className="flex w-32 items-center gap-2">
                          <input type="checkbox" checked={hours !== null} onChange={(event) => setDay(index, event.target.checked ? { start: 9 * 60, end: 17 * 60 } : null)} />
                          {day}
                        </label>
                        {hours ? (
                          <>
                            <input type="time" aria-label={`${day} from`} value={toClock(hours.start)} onChange={(event) => setDay(index, { ...hours, start: fromClock(event.target.value) })} className="h-8 rounded-md border border-border bg-bg px-2" />
                            <span aria-hidden="true">–</span>
                            <input type="time" aria-label={`${day} until`} value={toClock(hours.end)} onChange={(event) => setDay(index, { ...hours, end: fromClock(event.target.value) })} className="h-8 rounded-md border border-border bg-bg px-2" />
                          </>
                        ) : (
                          <span className="text-muted">Paused all day</span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
          </fieldset>
          <FormError message={submit.error} />
          <FormActions onCancel={() => onOpenChange(false)} pending={submit.pending} />
        </form>
      )}
    </Dialog>
  );
}
