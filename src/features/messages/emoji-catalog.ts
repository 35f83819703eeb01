import keywords from "emojilib";
import groups from "unicode-emoji-json/data-by-group.json";

export interface EmojiEntry {
  emoji: string;
  name: string;
  /** Shortcode and keywords, lowercased, underscores as spaces ("tada" for 🎉). */
  keywords: string[];
  /** Name and keywords in one string, for matching partial words. */
  terms: string;
}

/** Every emoji of the current Unicode set, grouped as on a phone keyboard. Loaded only when a picker opens. */
export const EMOJI_GROUPS: Array<{ name: string; emojis: EmojiEntry[] }> = groups.map((group) => ({
  name: group.name,
  emojis: group.emojis.map((entry) => {
    const words = (keywords[entry.emoji] ?? []).map((keyword) => keyword.replaceAll("_", " ").toLowerCase());
    return { emoji: entry.emoji, name: entry.name, keywords: words, terms: [entry.name, ...words].join(" ") };
  }),
}));

/**
 * Emoji whose name or keywords contain every word typed. Exact names first, then exact keywords, then names that
 * start with the query, so "eyes" gives 👀 before 😃 ("grinning face with big eyes").
 */
export function searchEmoji(query: string, limit = 72): EmojiEntry[] {
  const words = query.toLowerCase().replaceAll(":", " ").split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const phrase = words.join(" ");
  const ranked: Array<{ entry: EmojiEntry; rank: number }> = [];
  for (const group of EMOJI_GROUPS) {
    for (const entry of group.emojis) {
      if (!words.every((word) => entry.terms.includes(word))) continue;
      const rank = entry.name === phrase ? 0 : entry.keywords.includes(phrase) ? 1 : entry.name.startsWith(phrase) ? 2 : 3;
      ranked.push({ entry, rank });
    }
  }
  return ranked
    .sort((a, b) => a.rank - b.rank)
    .slice(0, limit)
    .map(({ entry }) => entry);
}
