"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Dialog } from "@/components/dialog";
import { FormError } from "@/components/field";
import { FormActions } from "@/components/form-actions";
import { useSubmit } from "@/components/use-submit";
import type { NotifyLevel } from "@/shared/notifications";

interface Settings {
  notifyLevel: NotifyLevel | null;
  muted: boolean;
  ignoreChannelMentions: boolean;
}

const LEVELS: Array<[NotifyLevel | null, string]> = [
  [null, "Use my default"],
  ["all", "All new messages"],
  ["mentions", "Mentions and keywords"],
  ["nothing", "Nothing"],
];

/** One conversation's notifications: its level, mute, and whether @channel and @here count. */
export function ChannelNotificationsDialog({ channelId, label, conversation, settings, open, onOpenChange }: { channelId: string; label: string; conversation: boolean; settings: Settings; open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState(settings);
  const save = useMutation(trpc.notifications.setChannel.mutationOptions());
  const submit = useSubmit();
  return (
    <Dialog open={open} onOpenChange={(next) => (setDraft(settings), onOpenChange(next))} title={`Notifications for ${label}`}>
      <form
        className="space-y-4 text-sm"
        onSubmit={submit.handleSubmit(async () => {
          await save.mutateAsync({ channelId, level: draft.notifyLevel, muted: draft.muted, ignoreChannelMentions: draft.ignoreChannelMentions });
          onOpenChange(false);
        })}
      >
        <fieldset className="space-y-1.5">
          <legend className="mb-1 font-medium">Notify me about</legend>
          {LEVELS.map(([level, name]) => (
            <label key={name} className="flex items-center gap-2">
              <input type="radio" name="level" checked={draft.notifyLevel === level} onChange={() => setDraft({ ...draft, notifyLevel: level })} />
              {name}
            </label>
          ))}
        </fieldset>
        <label className="flex items-start gap-2">
          <input type="checkbox" className="mt-0.5" checked={draft.muted} onChange={(event) => setDraft({ ...draft, muted: event.target.checked })} />
          <span>
            Mute {label}
            <span className="block text-muted">No bold, badge or notification, except when someone mentions you by name.</span>
          </span>
        </label>
        {!conversation && (
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={draft.ignoreChannelMentions} onChange={(event) => setDraft({ ...draft, ignoreChannelMentions: event.target.checked })} />
            Ignore @channel and @here here
          </label>
        )}
        <FormError message={submit.error} />
        <FormActions onCancel={() => onOpenChange(false)} pending={submit.pending} />
      </form>
    </Dialog>
  );
}
