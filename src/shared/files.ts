export const FILE_KINDS = ["image", "video", "audio", "file"] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** How many files one message may carry. */
export const FILES_PER_MESSAGE = 10;
export const FILE_NAME_MAX = 255;

/** A file as readers see it: enough to show a thumbnail, a player or a card, and to download it. */
export interface FileView {
  id: string;
  name: string;
  size: number;
  mimeType: string;
  kind: FileKind;
  width: number | null;
  height: number | null;
  hasThumbnail: boolean;
  channelId: string | null;
  messageId: string | null;
  uploaderId: string | null;
  createdAt: Date;
}

/** Where a file's bytes are served from; the name in the path is for people (and "Save as"), the id decides. */
export const fileUrl = (file: { id: string; name: string }) => `/api/files/${file.id}/${encodeURIComponent(file.name)}`;
export const thumbnailUrl = (file: { id: string }) => `/api/files/${file.id}/thumbnail`;

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** A file name as stored and offered for download: no folders, no control characters, not empty. */
export function cleanFileName(name: string): string {
  const base = name.replace(/[\u0000-\u001f\u007f]/g, "").split(/[\\/]/).at(-1)!.trim().slice(0, FILE_NAME_MAX);
  return base && base !== "." && base !== ".." ? base : "file";
}
