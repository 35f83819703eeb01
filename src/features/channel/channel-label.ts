import type { ChannelKind } from "@/shared/channels";

/** What a conversation is called: #name for channels; the other people's names for DMs (yours alone: notes). */
export function channelLabel(channel: { kind: ChannelKind; name: string }, others: Array<{ name: string }>, myName?: string): string {
  if (channel.kind === "public" || channel.kind === "private") return channel.name;
  if (others.length === 0) return `${myName ?? "You"} (you)`;
  return others.map((person) => person.name).join(", ");
}

export { isConversation } from "@/shared/channels";
