import { defineAction } from "../context";

/** A tab's event stream ended: the tab no longer counts towards its person's presence. */
export const closeTab = defineAction({ actors: ["user", "visitor"], transaction: false }, async ({ actor, services }, input: { tabId: string }) => {
  await services.presence.closeTab(actor.userId, input.tabId);
});
