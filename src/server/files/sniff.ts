import { fileTypeFromBuffer } from "file-type";
import type { FileKind } from "@/shared/files";

/** Enough bytes for every signature file-type knows. */
export const SNIFF_BYTES = 4100;

// Only types a browser shows safely inline; everything else (SVG and HTML included) is a download.
const INLINE_KINDS: Record<string, FileKind> = {
  "image/png": "image",
  "image/jpeg": "image",
  "image/gif": "image",
  "image/webp": "image",
  "image/avif": "image",
  "video/mp4": "video",
  "video/webm": "video",
  "video/ogg": "video",
  "video/quicktime": "video",
  "audio/mpeg": "audio",
  "audio/ogg": "audio",
  "audio/wav": "audio",
  "audio/x-wav": "audio",
  "audio/mp4": "audio",
  "audio/x-m4a": "audio",
  "audio/aac": "audio",
  "audio/flac": "audio",
  "audio/x-flac": "audio",
};

function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  // A multi-byte character cut at the end of the sample is still text.
  const decoded = new TextDecoder("utf-8", { fatal: false }).decode(head);
  const replacements = decoded.match(/\uFFFD/g)?.length ?? 0;
  return replacements <= 1;
}

/** What a file really is, from its first bytes; the name it came with is never trusted. */
export async function sniffFileType(head: Buffer): Promise<{ mimeType: string; kind: FileKind }> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return { mimeType: detected.mime, kind: INLINE_KINDS[detected.mime] ?? "file" };
  return { mimeType: looksLikeText(head) ? "text/plain; charset=utf-8" : "application/octet-stream", kind: "file" };
}
