/** Text as a LIKE pattern matches it literally: its `\`, `%` and `_` escaped (backslash is LIKE's default escape). */
export const likeEscaped = (text: string) => text.replace(/[\\%_]/g, "\\$&");

/** A LIKE pattern for text anywhere in the value. */
export const likeContaining = (text: string) => `%${likeEscaped(text)}%`;
