import { tracked } from "@trpc/server";
import { z } from "zod";
import { tabStateInput } from "@/shared/presence";
import { runAction } from "../../actions/context";
import { closeTab } from "../../actions/realtime/close-tab";
import { openTab } from "../../actions/realtime/open-tab";
import { serializeFrame } from "../../events/serialized";
import { streamUserEvents } from "../../events/stream";
import { authedProcedure, router } from "../trpc";

/** Long enough for the session.ended frame to leave before its socket is cut. */
const SOCKET_CLOSE_DELAY_MS = 250;

export const eventsRouter = router({
  /** ONE per browser tab; the client dispatcher applies every event to the query cache. The open stream is the tab's presence. */
  stream: authedProcedure
    .input(tabStateInput.extend({ lastEventId: z.string().nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      await runAction(ctx.actor, openTab, input);
      try {
        for await (const { id, events } of streamUserEvents(ctx.userId, ctx.sessionId, signal!, ctx.socket)) {
          yield tracked(id, serializeFrame(events));
          // A session that ended hears nothing more, whether or not its tab obeys: once the frame is out, the socket
          // (which every call of the tab shares) closes, and a new one needs a session that is still good.
          if (events.some((event) => event.type === "session.ended")) {
            setTimeout(() => ctx.socket?.terminate(), SOCKET_CLOSE_DELAY_MS).unref();
            return;
          }
        }
      } finally {
        await runAction(ctx.actor, closeTab, { tabId: input.tabId });
      }
    }),
});
