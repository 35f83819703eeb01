"use client";
import { Button } from "./button";

/** A dialog form's buttons: Cancel, and the submit button that shows when its work is under way. */
export function FormActions({ onCancel, pending, submitLabel = "Save" }: { onCancel: () => void; pending: boolean; submitLabel?: string }) {
  return (
    <div className="flex justify-end gap-2">
      <Button type="button" variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" pending={pending}>
        {submitLabel}
      </Button>
    </div>
  );
}
