"use client";
import * as Popover from "@radix-ui/react-popover";
import { SmilePlus } from "lucide-react";
import { useEffect, useState } from "react";
import { isSingleEmoji } from "@/shared/messages";
import { QUICK_REACTIONS } from "./emoji";

type Catalog = typeof import("./emoji-catalog");
type Choice = { emoji: string; name: string };

const FREQUENT: Choice[] = QUICK_REACTIONS.map(([emoji, name]) => ({ emoji, name }));

function EmojiGrid({ label, choices, onPick }: { label: string; choices: Choice[]; onPick: (emoji: string) => void }) {
  return (
    <section aria-label={label}>
      <h3 className="sticky top-0 bg-bg px-1 py-1 text-xs font-semibold text-muted">{label}</h3>
      <div role="listbox" aria-label={label} className="grid grid-cols-9 gap-0.5">
        {choices.map(({ emoji, name }) => (
          <button key={emoji} type="button" role="option" aria-selected={false} aria-label={name} title={name} onClick={() => onPick(emoji)} className="rounded p-1 text-xl leading-none hover:bg-surface-2 focus-visible:bg-surface-2">
            {emoji}
          </button>
        ))}
      </div>
    </section>
  );
}

/**
 * The whole Unicode emoji set, searchable by name and keyword, with the usual reactions first. The catalog loads the
 * first time a picker opens, so it costs nothing to people who never react. Any single emoji typed works too.
 */
export function ReactionPicker({
  onPick,
  label = "Add reaction",
  ...control
}: {
  onPick: (emoji: string) => void;
  label?: string;
  /** Controlled by the caller when given (a keyboard shortcut opens it). */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const [ownOpen, setOwnOpen] = useState(false);
  const open = control.open ?? ownOpen;
  const setOpen = control.onOpenChange ?? setOwnOpen;
  const [filter, setFilter] = useState("");
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  useEffect(() => {
    if (open && !catalog) void import("./emoji-catalog").then(setCatalog);
  }, [open, catalog]);

  const query = filter.trim();
  const results: Choice[] | null = query
    ? catalog
      ? catalog.searchEmoji(query)
      : FREQUENT.filter(({ name }) => name.includes(query.toLowerCase()))
    : null;
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
        <Popover.Content sideOffset={4} align="end" collisionPadding={8} className="z-50 w-80 rounded-md border border-border bg-bg p-2 shadow-lg">
          <input
            aria-label="Search emoji, or type one"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            onKeyDown={(event) => {
              if (event.key !== "Enter") return;
              const first = results?.[0]?.emoji ?? (isSingleEmoji(query) ? query : null);
              if (first) pick(first);
            }}
            placeholder="Search emoji (e.g. tada) or type one"
            className="mb-2 h-8 w-full rounded border border-border bg-bg px-2 text-sm"
            autoFocus
          />
          <div className="max-h-72 overflow-y-auto">
            {results ? (
              results.length > 0 ? (
                <EmojiGrid label="Results" choices={results} onPick={pick} />
              ) : isSingleEmoji(query) ? (
                <button type="button" onClick={() => pick(query)} className="w-full rounded px-2 py-1 text-left text-sm hover:bg-surface-2">
                  React with {query}
                </button>
              ) : (
                <p className="px-2 py-1 text-sm text-muted">No emoji match “{query}”</p>
              )
            ) : (
              <>
                <EmojiGrid label="Frequently used" choices={FREQUENT} onPick={pick} />
                {catalog?.EMOJI_GROUPS.map((group) => <EmojiGrid key={group.name} label={group.name} choices={group.emojis} onPick={pick} />)}
              </>
            )}
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
