import type { ChannelKind } from "@/shared/channels";
/**
 * Slack-shaped ids for Confab's UUIDs: a kind letter and the UUID's 32 hex digits in capitals ("C1F0…"), so they look
 * and sort like Slack's to an app (which treats them as opaque) and map back without a lookup table.
 */
export type SlackIdKind = "T" | "C" | "D" | "G" | "U" | "B" | "A" | "F";

const UUID = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/;
const SLACK_ID = /^([TCDGUBAF])([0-9A-F]{32})$/;

export function toSlackId(kind: SlackIdKind, id: string): string {
  if (!UUID.test(id)) throw new Error(`Not a Confab id: ${id}`);
  return kind + id.replaceAll("-", "").toUpperCase();
}

/** The Confab id a Slack-shaped id stands for, or null for anything that is not one of ours (of those kinds). */
export function fromSlackId(slackId: unknown, kinds: readonly SlackIdKind[]): string | null {
  const match = typeof slackId === "string" ? SLACK_ID.exec(slackId) : null;
  if (!match || !kinds.includes(match[1] as SlackIdKind)) return null;
  const hex = match[2]!.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Channels are C, DMs D and group DMs G, as Slack's were; an app may pass any of them for any conversation. */
export const CONVERSATION_ID_KINDS: readonly SlackIdKind[] = ["C", "D", "G"];

/** A support conversation shows to apps as a private channel. */
export function conversationKindLetter(kind: ChannelKind): SlackIdKind {
  return kind === "dm" ? "D" : kind === "group_dm" ? "G" : "C";
}

/**
 * A message's ts: the second it was written, then its seq in the channel modulo a million (six digits). Unique in a
 * channel (a channel would need a million messages in one second to repeat one), it reads as Slack's "1700000000.000123"
 * and maps back to at most one message: the seq is one of the few below the channel's last congruent to those digits.
 */
export function toSlackTs(message: { createdAt: Date; seq: number }): string {
  return `${Math.floor(message.createdAt.getTime() / 1000)}.${String(message.seq % 1_000_000).padStart(6, "0")}`;
}

export function parseSlackTs(ts: unknown): { second: number; seqModulo: number } | null {
  const match = typeof ts === "string" ? /^(\d{1,12})\.(\d{6})$/.exec(ts) : null;
  return match ? { second: Number(match[1]), seqModulo: Number(match[2]) } : null;
}
