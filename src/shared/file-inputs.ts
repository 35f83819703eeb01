import { z } from "zod";

// Apart from ./files, which the live-chat widget imports: zod would be most of the widget's bundle.
const id = (what: string) => z.string().uuid(`Unknown ${what}`);
export const fileListInput = z.object({
  workspaceId: id("workspace"),
  /** One channel's files; the whole workspace's (the channels you can read) when omitted. */
  channelId: id("channel").optional(),
  /** Older than this file (paging; tRPC's infinite queries call it the cursor). */
  cursor: id("file").nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});
