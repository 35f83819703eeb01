import { tracked } from "@trpc/server";
import { z } from "zod";
import { streamUserEvents } from "../../events/stream";
import { authedProcedure, router } from "../trpc";

export const eventsRouter = router({
  /** ONE per browser tab; the client dispatcher applies every event to the query cache. */
  stream: authedProcedure
    .input(z.object({ lastEventId: z.string().nullish() }).optional())
    .subscription(async function* ({ ctx, signal }) {
      for await (const { id, event } of streamUserEvents(ctx.userId, signal!, ctx.socket)) yield tracked(id, event);
    }),
});
