/**
 * Mentions travel in message text as `<@user-id>` (the composer inserts them from its autocomplete, and the
 * renderer shows them as chips with the person's current name); `@channel` notifies everyone in the channel and
 * `@here` everyone in it who is active right now.
 */
export const USER_MENTION = /<@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/g;
/** A user group's handle (`@design-team`), as Slack writes it: `<!subteam^id>`; it mentions everyone in the group. */
export const GROUP_MENTION = /<!subteam\^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/g;
const CHANNEL_MENTION = /(^|[^\w@])@channel\b/;
const HERE_MENTION = /(^|[^\w@])@here\b/;

export function parseMentions(body: string): { userIds: string[]; groupIds: string[]; everyone: boolean; here: boolean } {
  const userIds = new Set<string>();
  for (const match of body.matchAll(USER_MENTION)) userIds.add(match[1]!);
  const groupIds = new Set<string>();
  for (const match of body.matchAll(GROUP_MENTION)) groupIds.add(match[1]!);
  return { userIds: [...userIds], groupIds: [...groupIds], everyone: CHANNEL_MENTION.test(body), here: HERE_MENTION.test(body) };
}
