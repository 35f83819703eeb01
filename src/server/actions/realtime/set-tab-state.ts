import type { z } from "zod";
import type { tabStateInput } from "@/shared/presence";
import { defineAction } from "../context";

/** A tab reports whether its person is using it; presence follows, coalesced. */
export const setTabState = defineAction({ actors: ["user"], transaction: false }, async ({ actor, services }, input: z.output<typeof tabStateInput>) => {
  await services.presence.setTabState(actor.userId, input.tabId, input.active ? "active" : "idle");
});
