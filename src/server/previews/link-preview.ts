import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { Parser } from "htmlparser2";
import { env } from "@/env";
import type { LinkPreviewView } from "@/shared/previews";
import { db } from "../db/client";
import { linkPreviews } from "../db/schema";
import { FetchRefused, safeFetch } from "../outbound/safe-fetch";
import { log } from "../observability/log";

export const PREVIEW_PAGE_MAX_BYTES = 1024 * 1024;
/** A cached preview (or a failure) is trusted this long before the page is asked again. */
const PREVIEW_TTL_MS = 24 * 60 * 60 * 1000;
const TEXT_MAX = 300;

type PreviewRow = typeof linkPreviews.$inferSelect;

/** What a page says about itself in its head: Open Graph first, then Twitter cards, then plain HTML. */
export function readPageMetadata(html: string, pageUrl: URL) {
  const meta = new Map<string, string>();
  let title = "";
  let inTitle = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === "title") inTitle = true;
        if (name === "meta") {
          const key = (attributes.property ?? attributes.name ?? "").toLowerCase();
          if (key && attributes.content && !meta.has(key)) meta.set(key, attributes.content);
        }
      },
      ontext(text) {
        if (inTitle) title += text;
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
        if (name === "head") parser.pause();
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  const clean = (text: string | undefined) => text?.replace(/\s+/g, " ").trim().slice(0, TEXT_MAX) || null;
  const image = meta.get("og:image") ?? meta.get("og:image:url") ?? meta.get("twitter:image");
  let imageUrl: string | null = null;
  try {
    imageUrl = image ? new URL(image, pageUrl).href : null;
  } catch {
    imageUrl = null;
  }
  return {
    title: clean(meta.get("og:title") ?? meta.get("twitter:title") ?? title),
    description: clean(meta.get("og:description") ?? meta.get("twitter:description") ?? meta.get("description")),
    siteName: clean(meta.get("og:site_name")) ?? pageUrl.hostname.replace(/^www\./, ""),
    imageUrl: imageUrl && /^https?:/.test(imageUrl) ? imageUrl : null,
  };
}

/** The preview of a URL: from the cache while fresh, else fetched (safely) and remembered, failures included. */
export async function previewFor(url: string): Promise<PreviewRow> {
  const [cached] = await db().select().from(linkPreviews).where(eq(linkPreviews.url, url));
  if (cached && Date.now() - cached.fetchedAt.getTime() < PREVIEW_TTL_MS) return cached;
  let row: typeof linkPreviews.$inferInsert = { url, ok: false, fetchedAt: new Date() };
  try {
    const page = await safeFetch(url, { maxBytes: PREVIEW_PAGE_MAX_BYTES, accept: "text/html,application/xhtml+xml" });
    if (/^(text\/html|application\/xhtml\+xml)/i.test(page.contentType)) {
      const metadata = readPageMetadata(page.body.toString("utf8"), page.url);
      row = { ...row, ...metadata, ok: Boolean(metadata.title) };
    }
  } catch (error) {
    if (!(error instanceof FetchRefused)) log().warn({ reason: (error as Error).message }, `[previews] ${url} failed`);
  }
  const [stored] = await db().insert(linkPreviews).values(row).onConflictDoUpdate({ target: linkPreviews.url, set: row }).returning();
  return stored!;
}

function signature(src: string) {
  return createHmac("sha256", env().AUTH_SECRET).update(`preview-image:${src}`).digest("base64url");
}

/** Preview images come through our server, so readers' browsers never contact the linked site. */
export function proxiedImageUrl(src: string) {
  return `/api/previews/image?src=${encodeURIComponent(src)}&sig=${signature(src)}`;
}

/** Only URLs we put in a preview ourselves: the proxy is not an open one. */
export function isSignedImageUrl(src: string, sig: string) {
  const expected = Buffer.from(signature(src));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function toPreviewView(row: Pick<PreviewRow, "url" | "title" | "description" | "siteName" | "imageUrl">): LinkPreviewView {
  return { url: row.url, title: row.title ?? row.url, description: row.description, siteName: row.siteName, imageUrl: row.imageUrl ? proxiedImageUrl(row.imageUrl) : null };
}
