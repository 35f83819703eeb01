import type { z } from "zod";
import type { tabStateInput } from "@/shared/presence";
import { presence } from "../../presence";

/** A tab reports whether its person is using it; presence follows, coalesced. */
export async function setTabState(actorId: string, input: z.output<typeof tabStateInput>) {
  await presence().setTabState(actorId, input.tabId, input.active ? "active" : "idle");
}
