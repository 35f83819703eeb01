import type { IncomingMessage, ServerResponse } from "node:http";
import { userIdFromCookieHeader } from "../auth/session-cookie";
import { sniffFileType } from "../files/sniff";
import { isSignedImageUrl } from "../previews/link-preview";
import { FetchRefused, safeFetch } from "../outbound/safe-fetch";
import { log } from "../observability/log";

export const PREVIEW_IMAGE_PATH = "/api/previews/image";
const IMAGE_MAX_BYTES = 5 * 1024 * 1024;

function fail(res: ServerResponse, status: number, error: string) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ error }));
}

/**
 * A link preview's image, fetched by the server (with the same guards as the page) and passed on only if its bytes are
 * a raster image: readers' browsers never contact the linked site, and the proxy serves only URLs it signed itself.
 */
export async function previewImage(req: IncomingMessage, res: ServerResponse) {
  if (!(await userIdFromCookieHeader(req.headers.cookie))) return fail(res, 401, "Sign in first");
  const url = new URL(req.url ?? "/", "http://localhost");
  const src = url.searchParams.get("src") ?? "";
  if (!isSignedImageUrl(src, url.searchParams.get("sig") ?? "")) return fail(res, 404, "No such preview image");
  try {
    const image = await safeFetch(src, { maxBytes: IMAGE_MAX_BYTES, accept: "image/*" });
    const type = await sniffFileType(image.body);
    if (type.kind !== "image") return fail(res, 502, "The preview image is not an image");
    res.writeHead(200, {
      "content-type": type.mimeType,
      "content-length": image.body.length,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cache-control": "private, max-age=86400",
    });
    res.end(image.body);
  } catch (error) {
    if (!(error instanceof FetchRefused)) log().warn({ reason: (error as Error).message }, `[previews] image ${src} failed`);
    fail(res, 502, "The preview image could not be fetched");
  }
}
