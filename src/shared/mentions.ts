/**
 * Mentions travel in message text as `<@user-id>` (the composer inserts them from its autocomplete, and the
 * renderer shows them as chips with the person's current name); `@channel` notifies everyone in the channel and
 * `@here` everyone in it who is active right now.
 */
export const USER_MENTION = /<@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/g;
const CHANNEL_MENTION = /(^|[^\w@])@channel\b/;
const HERE_MENTION = /(^|[^\w@])@here\b/;

export function parseMentions(body: string): { userIds: string[]; everyone: boolean; here: boolean } {
  const userIds = new Set<string>();
  for (const match of body.matchAll(USER_MENTION)) userIds.add(match[1]!);
  return { userIds: [...userIds], everyone: CHANNEL_MENTION.test(body), here: HERE_MENTION.test(body) };
}
