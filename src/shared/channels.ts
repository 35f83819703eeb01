export const CHANNEL_KINDS = ["public", "private", "dm", "group_dm"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const DEFAULT_CHANNEL_NAME = "general";
