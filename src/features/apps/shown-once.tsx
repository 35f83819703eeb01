import { TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";

/** The warning beside a secret Confab keeps only as a hash: closing the dialog loses it for good. */
export function ShownOnce({ children }: { children: ReactNode }) {
  return (
    <p className="flex items-start gap-2 rounded-md bg-warning-soft px-3 py-2 text-sm text-warning">
      <TriangleAlert size={16} aria-hidden="true" className="mt-0.5 shrink-0" />
      <span>{children}</span>
    </p>
  );
}
