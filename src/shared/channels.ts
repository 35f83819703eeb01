import { z } from "zod";

export const CHANNEL_KINDS = ["public", "private", "dm", "group_dm", "support"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const DEFAULT_CHANNEL_NAME = "general";
/** A group DM holds at most this many people, the author included. */
export const GROUP_DM_MAX_PEOPLE = 8;

const id = (what: string) => z.string().uuid(`Unknown ${what}`);

/** Slack's rules: lowercase letters, digits and dashes, up to 80 characters. */
export const channelName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Give the channel a name")
  .max(80, "Channel names are at most 80 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Channel names use lowercase letters, digits and single dashes");

/** What a typed name becomes as a channel name: "Design Team!" -> "design-team". */
export function toChannelName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 80);
}

export const channelTopic = z.string().trim().max(250, "Topics are at most 250 characters");
const topic = channelTopic;
const description = z.string().trim().max(1000, "Descriptions are at most 1,000 characters");

export const createChannelInput = z.object({
  workspaceId: id("workspace"),
  name: channelName,
  kind: z.enum(["public", "private"], { message: "A channel is public or private" }),
  topic: topic.default(""),
  description: description.default(""),
});
export const updateChannelInput = z.object({
  channelId: id("channel"),
  name: channelName.optional(),
  topic: topic.optional(),
  description: description.optional(),
});
export const channelIdInput = z.object({ channelId: id("channel") });
export const channelMemberInput = z.object({ channelId: id("channel"), userId: id("person") });
export const openDmInput = z.object({
  workspaceId: id("workspace"),
  userIds: z
    .array(id("person"))
    .max(GROUP_DM_MAX_PEOPLE - 1, `A group conversation holds at most ${GROUP_DM_MAX_PEOPLE} people`),
});

/** DMs and group DMs: conversations between people rather than topics (read receipts live here). */
export const CONVERSATION_KINDS = ["dm", "group_dm"] as const satisfies readonly ChannelKind[];
export const isConversation = (kind: ChannelKind) => (CONVERSATION_KINDS as readonly ChannelKind[]).includes(kind);
