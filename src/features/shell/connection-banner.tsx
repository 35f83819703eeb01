"use client";
import { LoaderCircle } from "lucide-react";
import { useConnectionStatus } from "@/client/connection";

/** Says so while the live connection is lost; what was missed is fetched when it returns. */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  return (
    <div role="status" aria-live="polite">
      {status === "reconnecting" && (
        <p className="flex items-center justify-center gap-2 bg-warning-soft px-4 py-1.5 text-sm font-medium text-warning">
          <LoaderCircle size={14} aria-hidden="true" className="animate-spin motion-reduce:animate-none" />
          Reconnecting… Messages sent meanwhile will appear when the connection is back.
        </p>
      )}
    </div>
  );
}
