export const TRANSFER_IMPORT_PATH = "/api/transfers/import";
export const TRANSFER_DOWNLOAD_PATH = /^\/api\/transfers\/([0-9a-f-]{36})\/download$/;
export const transferDownloadUrl = (transferId: string) => `/api/transfers/${transferId}/download`;
/** A Slack export zip of a large workspace is big; this is the door's limit. */
export const IMPORT_MAX_BYTES = 4 * 1024 * 1024 * 1024;
