import { tracked } from "@trpc/server";
import { z } from "zod";
import { tabStateInput } from "@/shared/presence";
import { serializeFrame } from "../../events/serialized";
import { streamUserEvents } from "../../events/stream";
import { presence } from "../../presence";
import { authedProcedure, router } from "../trpc";

export const eventsRouter = router({
  /** ONE per browser tab; the client dispatcher applies every event to the query cache. The open stream is the tab's presence. */
  stream: authedProcedure
    .input(tabStateInput.extend({ lastEventId: z.string().nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      await presence().openTab(ctx.userId, input.tabId, input.active ? "active" : "idle");
      try {
        for await (const { id, events } of streamUserEvents(ctx.userId, signal!, ctx.socket)) yield tracked(id, serializeFrame(events));
      } finally {
        await presence().closeTab(ctx.userId, input.tabId);
      }
    }),
});
