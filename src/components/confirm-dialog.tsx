"use client";
import { type ReactNode, useState } from "react";
import { Button } from "./button";
import { Dialog } from "./dialog";
import { FormError } from "./field";
import { useSubmit } from "./use-submit";

/**
 * A button that asks before doing something hard to undo. The action's error is shown in the dialog, in words,
 * instead of closing it silently.
 */
export function ConfirmButton({
  title,
  description,
  confirmLabel,
  onConfirm,
  children,
  variant = "secondary",
  className,
  "aria-label": ariaLabel,
}: {
  title: string;
  description: string;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  children: ReactNode;
  variant?: "secondary" | "ghost" | "danger";
  className?: string;
  "aria-label"?: string;
}) {
  const [open, setOpen] = useState(false);
  const confirm = useSubmit();
  return (
    <>
      <Button variant={variant} className={className} aria-label={ariaLabel} onClick={() => (confirm.reset(), setOpen(true))}>
        {children}
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={title} description={description}>
        <div className="flex flex-col gap-4">
          <FormError message={confirm.error} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              pending={confirm.pending}
              onClick={() =>
                confirm.run(async () => {
                  await onConfirm();
                  setOpen(false);
                })
              }
            >
              {confirmLabel}
            </Button>
          </div>
        </div>
      </Dialog>
    </>
  );
}
