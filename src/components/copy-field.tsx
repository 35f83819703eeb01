"use client";
import { Check, Copy } from "lucide-react";
import { useId, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "./button";
import { cn } from "./cn";

/** "Bot token" → "bot token" for "Copy bot token", while an acronym keeps its capitals ("URL"). */
const inSentence = (label: string) => label.replace(/^[A-Z](?![A-Z])/, (first) => first.toLowerCase());

/**
 * A link, token or command to copy: read-only, selected on focus, with a Copy button named after it ("Copy bot
 * token"). Where the clipboard is unavailable (a page not served over HTTPS) the text is selected to copy by hand.
 */
export function CopyField({ label, value, hint, multiline }: { label: string; value: string; hint?: string; multiline?: boolean }) {
  const id = useId();
  const control = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  // Remembering which value was copied resets "Copied" by itself when the field is given a new one.
  const [copied, setCopied] = useState<string | null>(null);
  const isCopied = copied === value;

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("No clipboard");
      await navigator.clipboard.writeText(value);
      setCopied(value);
    } catch {
      control.current?.select();
      toast.error("Could not copy; the text is selected for you to copy");
    }
  }

  const props = {
    ref: control,
    id,
    readOnly: true,
    value,
    spellCheck: false,
    "aria-describedby": hint ? `${id}-hint` : undefined,
    onFocus: (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => event.currentTarget.select(),
    className: cn("min-w-0 flex-1 rounded-md border border-border bg-surface px-3 font-mono text-xs text-text", multiline ? "resize-none break-all py-2" : "h-9"),
  };
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className={cn("flex gap-2", multiline && "items-start")}>
        {multiline ? <textarea rows={3} {...props} /> : <input {...props} />}
        <Button type="button" variant="secondary" onClick={copy} aria-label={`Copy ${inSentence(label)}`}>
          {isCopied ? <Check size={14} aria-hidden="true" /> : <Copy size={14} aria-hidden="true" />}
          {isCopied ? "Copied" : "Copy"}
        </Button>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      )}
      <span role="status" className="sr-only">
        {isCopied ? `${label} copied` : ""}
      </span>
    </div>
  );
}
