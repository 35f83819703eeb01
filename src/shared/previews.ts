import { z } from "zod";

/** A link's preview card as readers see it; the image URL points at our own proxy. */
export interface LinkPreviewView {
  url: string;
  title: string;
  description: string | null;
  siteName: string | null;
  imageUrl: string | null;
}

/** How many links of one message get a preview card. */
export const PREVIEWS_PER_MESSAGE = 3;

const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"»]+$/;

/** The http(s) links of a message, in order, without duplicates or trailing punctuation; not those in code. */
export function linksIn(body: string): string[] {
  const prose = body.replace(/```[\s\S]*?```/g, " ").replace(/`[^`\n]*`/g, " ");
  const found: string[] = [];
  for (const match of prose.matchAll(/https?:\/\/[^\s<>"'`]+/gi)) {
    const candidate = match[0].replace(TRAILING_PUNCTUATION, "");
    try {
      const url = new URL(candidate).href;
      if (!found.includes(url)) found.push(url);
    } catch {
      // Not a URL after all.
    }
  }
  return found.slice(0, PREVIEWS_PER_MESSAGE);
}

export const removePreviewInput = z.object({ messageId: z.string().uuid("Unknown message"), url: z.string().url("Unknown link") });
