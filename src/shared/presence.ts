import { z } from "zod";

export type PresenceStatus = "active" | "away" | "offline";

/** A browser tab's say in its person's presence: active while it is visible and used, idle otherwise. */
export const tabStateInput = z.object({ tabId: z.string().uuid("Unknown tab"), active: z.boolean() });
