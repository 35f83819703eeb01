import type { z } from "zod";
import type { tabStateInput } from "@/shared/presence";
import { defineAction } from "../context";

/** A tab's event stream opened: the tab counts towards its person's presence until it closes. */
export const openTab = defineAction({ actors: ["user", "visitor"], transaction: false }, async ({ actor, services }, input: z.output<typeof tabStateInput>) => {
  await services.presence.openTab(actor.userId, input.tabId, input.active ? "active" : "idle");
});
