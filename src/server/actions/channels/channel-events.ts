import { topics } from "@/shared/events";
import { channelSummary } from "../../queries/channels";
import type { ActionContext } from "../context";

/**
 * Tells everyone who can see a channel that it changed: the whole workspace for a public channel (its browse list
 * shows it), only its members otherwise.
 */
export async function emitChannelUpdated({ tx, emit }: Pick<ActionContext, "tx" | "emit">, channelId: string) {
  const channel = await channelSummary(tx, channelId);
  emit(channel.kind === "public" ? topics.workspace(channel.workspaceId) : topics.channel(channelId), {
    type: "channel.updated",
    channel,
  });
  return channel;
}
