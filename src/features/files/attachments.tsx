"use client";
import { Download, FileText, X } from "lucide-react";
import { useState } from "react";
import { Dialog } from "@/components/dialog";
import { type FileView, fileUrl, formatFileSize, thumbnailUrl } from "@/shared/files";
import type { LinkPreviewView } from "@/shared/previews";

/** Thumbnails at most this tall in the message list; the lightbox shows the original. */
const THUMBNAIL_HEIGHT = 240;

function ImageAttachment({ file }: { file: FileView }) {
  const [open, setOpen] = useState(false);
  const ratio = file.width && file.height ? file.width / file.height : 4 / 3;
  const height = Math.min(THUMBNAIL_HEIGHT, file.height ?? THUMBNAIL_HEIGHT);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} aria-label={`Open ${file.name}`} className="block overflow-hidden rounded-md border border-border bg-surface-2">
        <img src={file.hasThumbnail ? thumbnailUrl(file) : fileUrl(file)} alt={file.name} loading="lazy" style={{ height, width: Math.round(height * ratio), maxWidth: "100%" }} className="object-cover" />
      </button>
      <Dialog open={open} onOpenChange={setOpen} title={file.name} wide>
        <div className="flex flex-col items-center gap-3">
          <img src={fileUrl(file)} alt={file.name} className="max-h-[70vh] max-w-full object-contain" />
          <a href={fileUrl(file)} download={file.name} className="inline-flex items-center gap-1.5 text-sm text-accent hover:underline">
            <Download size={14} aria-hidden="true" /> Download ({formatFileSize(file.size)})
          </a>
        </div>
      </Dialog>
    </>
  );
}

/** The download button of a file, wherever files are listed. */
export function DownloadLink({ file }: { file: Pick<FileView, "id" | "name"> }) {
  return (
    <a href={fileUrl(file)} download={file.name} aria-label={`Download ${file.name}`} className="rounded p-1 text-muted hover:bg-surface-2 hover:text-text">
      <Download size={16} aria-hidden="true" />
    </a>
  );
}

export function FileCard({ file }: { file: FileView }) {
  return (
    <div className="flex w-72 max-w-full items-center gap-3 rounded-md border border-border bg-surface px-3 py-2">
      <FileText size={22} aria-hidden="true" className="shrink-0 text-muted" />
      <div className="min-w-0 flex-1">
        <div className="truncate text-sm font-medium" title={file.name}>
          {file.name}
        </div>
        <div className="text-xs text-muted">
          {formatFileSize(file.size)} · {file.mimeType.split(";")[0]}
        </div>
      </div>
      <DownloadLink file={file} />
    </div>
  );
}

/** A message's files: images as thumbnails that open in a lightbox, video and audio as players, the rest as cards. */
export function Attachments({ files }: { files: FileView[] }) {
  if (files.length === 0) return null;
  return (
    <div className="mt-1 flex flex-wrap items-start gap-2">
      {files.map((file) =>
        file.kind === "image" ? (
          <ImageAttachment key={file.id} file={file} />
        ) : file.kind === "video" ? (
          <video key={file.id} src={fileUrl(file)} controls preload="metadata" aria-label={file.name} className="max-h-72 max-w-full rounded-md border border-border bg-black" />
        ) : file.kind === "audio" ? (
          <figure key={file.id} className="flex flex-col gap-1">
            <figcaption className="text-xs text-muted">{file.name}</figcaption>
            <audio src={fileUrl(file)} controls preload="metadata" aria-label={file.name} />
          </figure>
        ) : (
          <FileCard key={file.id} file={file} />
        ),
      )}
    </div>
  );
}

/** Link preview cards; the message's author can take one off. */
export function LinkPreviews({ previews, onRemove }: { previews: LinkPreviewView[]; onRemove?: (preview: LinkPreviewView) => void }) {
  if (previews.length === 0) return null;
  return (
    <div className="mt-1 flex flex-col gap-2">
      {previews.map((preview) => (
        <article key={preview.url} aria-label={`Preview of ${preview.title}`} className="relative flex max-w-xl gap-3 border-l-4 border-border py-1 pl-3 pr-8">
          <div className="min-w-0 flex-1">
            {preview.siteName && <div className="text-xs font-medium text-muted">{preview.siteName}</div>}
            <a href={preview.url} target="_blank" rel="noopener noreferrer nofollow" className="block font-semibold text-accent hover:underline">
              {preview.title}
            </a>
            {preview.description && <p className="line-clamp-3 text-sm text-muted">{preview.description}</p>}
          </div>
          {preview.imageUrl && <img src={preview.imageUrl} alt="" loading="lazy" className="h-16 w-16 shrink-0 rounded object-cover" />}
          {onRemove && (
            <button type="button" onClick={() => onRemove(preview)} aria-label={`Remove preview of ${preview.title}`} className="absolute right-0 top-0 rounded p-1 text-muted hover:bg-surface-2 hover:text-text">
              <X size={14} aria-hidden="true" />
            </button>
          )}
        </article>
      ))}
    </div>
  );
}
