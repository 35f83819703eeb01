"use client";
import * as Popover from "@radix-ui/react-popover";
import { SmilePlus } from "lucide-react";
import { useState } from "react";
import { QUICK_REACTIONS } from "./emoji";

export function ReactionPicker({ onPick, label = "Add reaction" }: { onPick: (emoji: string) => void; label?: string }) {
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState("");
  const shown = QUICK_REACTIONS.filter(([emoji, name]) => !filter || name.includes(filter.toLowerCase()) || emoji === filter.trim());
  const pick = (emoji: string) => {
    onPick(emoji);
    setOpen(false);
    setFilter("");
  };
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger aria-label={label} className="rounded p-1 text-muted hover:bg-surface-2 hover:text-text">
        <SmilePlus size={16} aria-hidden="true" />
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content sideOffset={4} align="end" className="z-50 w-64 rounded-md border border-border bg-bg p-2 shadow-lg">
          <input
            aria-label="Search emoji, or type one"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && shown[0]) pick(shown[0][0]);
            }}
            placeholder="Search or type an emoji"
            className="mb-2 h-8 w-full rounded border border-border bg-bg px-2 text-sm"
            autoFocus
          />
          <div role="listbox" aria-label="Emoji" className="grid grid-cols-8 gap-0.5">
            {shown.map(([emoji, name]) => (
              <button key={emoji} type="button" role="option" aria-selected={false} aria-label={name} onClick={() => pick(emoji)} className="rounded p-1 text-lg hover:bg-surface-2">
                {emoji}
              </button>
            ))}
          </div>
          {shown.length === 0 && filter.trim() && (
            <button type="button" onClick={() => pick(filter.trim())} className="w-full rounded px-2 py-1 text-left text-sm hover:bg-surface-2">
              React with {filter.trim()}
            </button>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
