function withScheme(value: string, schemes: RegExp): string | undefined {
  // Tested on the raw text too: URL() forgives leading spaces and control characters a browser might not.
  if (!schemes.test(value)) return undefined;
  try {
    const url = new URL(value);
    return schemes.test(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** An absolute http(s) URL, normalised; undefined for anything else (javascript:, data:, relative, malformed). */
export const httpUrl = (value: string | undefined) => (value === undefined ? undefined : withScheme(value, /^https?:/i));

/** Where a link in message text may point: the web or an email address. */
export const linkUrl = (value: string) => withScheme(value, /^(https?|mailto):/i);
