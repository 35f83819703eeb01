import { useEffect, useState } from "react";
import { fileUrl, formatFileSize, thumbnailUrl } from "@/shared/files";
import type { VisitorMessage } from "@/shared/support";

type VisitorFile = VisitorMessage["files"][number];
const TOKEN_HEADER = "x-confab-visitor";

/** Uploads one file into the visitor's conversation (the same door and checks as members' uploads); sent with the next message. */
export async function uploadVisitorFile(token: string, conversationId: string, file: File): Promise<VisitorFile> {
  const response = await fetch(`/api/files?channelId=${conversationId}&name=${encodeURIComponent(file.name)}`, { method: "POST", headers: { [TOKEN_HEADER]: token }, body: file });
  const result = (await response.json().catch(() => ({}))) as { file?: VisitorFile; error?: string };
  if (!response.ok || !result.file) throw new Error(result.error ?? `${file.name} could not be uploaded`);
  return result.file;
}

/**
 * The visitor's token travels in a header, never in a URL (where logs and referrers would keep it), so the widget
 * fetches a file's bytes itself and shows them from a blob.
 */
async function fetchBlobUrl(token: string, path: string): Promise<string> {
  const response = await fetch(path, { headers: { [TOKEN_HEADER]: token } });
  if (!response.ok) throw new Error("That file is not available");
  return URL.createObjectURL(await response.blob());
}

async function download(token: string, file: VisitorFile) {
  const url = await fetchBlobUrl(token, fileUrl(file));
  const link = Object.assign(document.createElement("a"), { href: url, download: file.name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function Thumbnail({ token, file }: { token: string; file: VisitorFile }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let current = true;
    void fetchBlobUrl(token, thumbnailUrl(file)).then(
      (made) => {
        url = made;
        if (current) setSrc(made);
        else URL.revokeObjectURL(made);
      },
      () => {},
    );
    return () => {
      current = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [token, file]);
  const ratio = file.width && file.height ? `${file.width} / ${file.height}` : "4 / 3";
  return src ? <img src={src} alt={file.name} className="max-h-48 max-w-full rounded-md object-contain" style={{ aspectRatio: ratio }} /> : <span className="block h-24 w-32 rounded-md bg-surface" style={{ aspectRatio: ratio }} />;
}

/** A paperclip, drawn inline: an emoji shows as an empty box where no emoji font is installed. */
export function PaperclipIcon({ className = "h-4 w-4" }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className={className}>
      <path d="m21.44 11.05-9.19 9.19a6 6 0 0 1-8.49-8.49l8.57-8.57A4 4 0 1 1 18 8.84l-8.59 8.57a2 2 0 0 1-2.83-2.83l8.49-8.48" />
    </svg>
  );
}

/** A message's files: images as thumbnails, everything else as a card; either downloads when chosen. */
export function MessageFiles({ token, files }: { token: string; files: VisitorFile[] }) {
  const [error, setError] = useState<string | null>(null);
  if (!files.length) return null;
  return (
    <ul className="mt-1 flex flex-col gap-1">
      {files.map((file) => (
        <li key={file.id}>
          <button
            type="button"
            onClick={() => void download(token, file).catch((caught: Error) => setError(caught.message))}
            aria-label={`Download ${file.name}, ${formatFileSize(file.size)}`}
            className="block max-w-full rounded-md text-left underline-offset-2 hover:underline"
          >
            {file.kind === "image" && file.hasThumbnail ? (
              <Thumbnail token={token} file={file} />
            ) : (
              <span className="flex items-center gap-2">
                <PaperclipIcon className="h-4 w-4 shrink-0" />
                <span className="truncate">{file.name}</span>
                <span className="shrink-0 text-xs opacity-70">{formatFileSize(file.size)}</span>
              </span>
            )}
          </button>
        </li>
      ))}
      {error && (
        <li role="alert" className="text-xs">
          {error}
        </li>
      )}
    </ul>
  );
}
