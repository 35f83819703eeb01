"use client";
import { useState } from "react";
import { Button } from "@/components/button";

/** In-place editing: Enter saves, Shift+Enter adds a line, Esc cancels. */
export function MessageEditor({ initial, onSave, onCancel }: { initial: string; onSave: (body: string) => Promise<void>; onCancel: () => void }) {
  const [body, setBody] = useState(initial);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    if (!body.trim() || saving) return;
    setSaving(true);
    try {
      await onSave(body);
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="mt-1 rounded-md border border-border bg-bg p-2">
      <textarea
        aria-label="Edit message"
        value={body}
        autoFocus
        rows={Math.min(10, body.split("\n").length + 1)}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            onCancel();
          }
          if (event.key === "Enter" && !event.shiftKey) {
            event.preventDefault();
            void save();
          }
        }}
        className="w-full resize-none bg-transparent text-sm outline-none"
      />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" className="h-7" onClick={onCancel}>
          Cancel
        </Button>
        <Button className="h-7" pending={saving} onClick={() => void save()}>
          Save
        </Button>
      </div>
    </div>
  );
}
