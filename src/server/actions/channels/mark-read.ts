import { defineAction } from "../context";
import { setReadPosition } from "./read-position";

export const markRead = defineAction({ actors: ["user"] }, (ctx, input: { channelId: string; seq: number }) => setReadPosition(ctx, input.channelId, input.seq, "forward"));
