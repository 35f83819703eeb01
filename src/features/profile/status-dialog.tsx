"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { FormError, SelectField, TextField } from "@/components/field";
import { useSubmit } from "@/components/use-submit";
import { STATUS_DURATIONS, type StatusDuration, statusExpiry } from "@/shared/status-expiry";
import { ReactionPicker } from "../messages/reaction-picker";

const PRESETS = [
  { emoji: "📅", text: "In a meeting", duration: "1h" },
  { emoji: "🚌", text: "Commuting", duration: "30m" },
  { emoji: "🤒", text: "Out sick", duration: "today" },
  { emoji: "🌴", text: "Vacationing", duration: "never" },
  { emoji: "🏡", text: "Working remotely", duration: "today" },
] as const;

/** Sets a custom status: an emoji, a few words, and when it clears itself. */
export function StatusDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [emoji, setEmoji] = useState<string | null>("💬");
  const [text, setText] = useState("");
  const [duration, setDuration] = useState<StatusDuration>("today");
  const [custom, setCustom] = useState("");
  const save = useMutation(
    trpc.users.setStatus.mutationOptions({
      onSuccess: (me) => queryClient.setQueryData(trpc.users.me.queryKey(), (current) => (current ? { ...current, ...me } : current)),
    }),
  );
  const submit = useSubmit();
  const onSubmit = submit.handleSubmit(async () => {
    const expiresAt = duration === "custom" ? (custom ? new Date(custom) : null) : statusExpiry(duration);
    if (duration === "custom" && !expiresAt) throw new Error("Choose when the status clears");
    await save.mutateAsync({ emoji, text: text.trim() || null, expiresAt });
    onOpenChange(false);
  });
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Set a status">
      <form className="flex flex-col gap-4" onSubmit={onSubmit}>
        <div className="flex items-end gap-2">
          <div className="flex h-9 items-center gap-1 rounded-md border border-border px-2 text-lg">
            <span aria-label={`Status emoji: ${emoji ?? "none"}`} role="img">
              {emoji ?? "💬"}
            </span>
            <ReactionPicker label="Choose a status emoji" onPick={setEmoji} />
          </div>
          <TextField label="What's your status?" value={text} onChange={(event) => setText(event.target.value)} maxLength={100} placeholder="In a meeting" className="flex-1" autoFocus />
        </div>
        <ul aria-label="Suggestions" className="flex flex-col">
          {PRESETS.map((preset) => (
            <li key={preset.text}>
              <button
                type="button"
                className="flex w-full items-center gap-2 rounded-md px-2 py-1 text-left text-sm hover:bg-surface-2"
                onClick={() => {
                  setEmoji(preset.emoji);
                  setText(preset.text);
                  setDuration(preset.duration);
                }}
              >
                <span aria-hidden="true">{preset.emoji}</span> {preset.text}
                <span className="text-muted">· {STATUS_DURATIONS.find((option) => option.value === preset.duration)!.label}</span>
              </button>
            </li>
          ))}
        </ul>
        <SelectField label="Clear after" value={duration} onChange={(event) => setDuration(event.target.value as StatusDuration)}>
          {STATUS_DURATIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
        {duration === "custom" && <TextField label="Clear at" type="datetime-local" value={custom} onChange={(event) => setCustom(event.target.value)} />}
        <FormError message={submit.error} />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" pending={submit.pending}>
            Save status
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
