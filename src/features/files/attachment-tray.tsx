"use client";
import { AlertCircle, CheckCircle2, File as FileIcon, X } from "lucide-react";
import { cn } from "@/components/cn";
import { formatFileSize } from "@/shared/files";
import type { Upload } from "./use-uploads";

/** The files on a draft: a progress bar per upload, a cancel while it runs, the reason when one is refused. */
export function AttachmentTray({ uploads, onRemove }: { uploads: Upload[]; onRemove: (localId: string) => void }) {
  if (uploads.length === 0) return null;
  return (
    <ul aria-label="Attachments" className="flex flex-wrap gap-2 px-2 pt-2">
      {uploads.map((upload) => (
        <li
          key={upload.localId}
          className={cn("flex w-60 items-center gap-2 rounded-md border px-2 py-1.5 text-xs", upload.status === "failed" ? "border-danger/50 bg-danger-soft" : "border-border bg-surface")}
        >
          {upload.status === "failed" ? (
            <AlertCircle size={16} aria-hidden="true" className="shrink-0 text-danger" />
          ) : upload.status === "done" ? (
            <CheckCircle2 size={16} aria-hidden="true" className="shrink-0 text-success" />
          ) : (
            <FileIcon size={16} aria-hidden="true" className="shrink-0 text-muted" />
          )}
          <div className="min-w-0 flex-1">
            <div className="truncate font-medium" title={upload.name}>
              {upload.name}
            </div>
            {upload.status === "uploading" && (
              <div
                role="progressbar"
                aria-label={`Uploading ${upload.name}`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(upload.progress * 100)}
                className="mt-1 h-1 overflow-hidden rounded bg-surface-2"
              >
                <div className="h-full bg-accent transition-[width]" style={{ width: `${Math.round(upload.progress * 100)}%` }} />
              </div>
            )}
            {upload.status === "done" && <div className="text-muted">{formatFileSize(upload.size)}</div>}
            {upload.status === "failed" && (
              <div role="alert" className="text-danger">
                {upload.error}
              </div>
            )}
          </div>
          <button
            type="button"
            onClick={() => onRemove(upload.localId)}
            aria-label={`${upload.status === "uploading" ? "Cancel" : "Remove"} ${upload.name}`}
            className="shrink-0 rounded p-0.5 text-muted hover:bg-surface-2 hover:text-text"
          >
            <X size={14} aria-hidden="true" />
          </button>
        </li>
      ))}
    </ul>
  );
}
