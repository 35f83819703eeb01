import { defineAction } from "../context";
import { setReadPosition } from "./read-position";

export const markUnread = defineAction({ actors: ["user"] }, (ctx, input: { channelId: string; seq: number }) => setReadPosition(ctx, input.channelId, input.seq - 1, "exact"));
