import { eq } from "drizzle-orm";
import { topics } from "@/shared/events";
import { channels } from "../../db/schema";
import { type CallRow, callView } from "../../queries/calls";
import type { ActionContext } from "../context";

export async function workspaceOf({ tx }: ActionContext, channelId: string): Promise<string> {
  const [channel] = await tx.select({ workspaceId: channels.workspaceId }).from(channels).where(eq(channels.id, channelId));
  return channel!.workspaceId;
}

export async function announceCall(ctx: ActionContext, call: CallRow) {
  ctx.emit(topics.channel(call.channelId), { type: "call.updated", workspaceId: await workspaceOf(ctx, call.channelId), call: await callView(ctx.tx, call) });
}
