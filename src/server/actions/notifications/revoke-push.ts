import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { pushSubscriptionIdInput } from "@/shared/notifications";
import { notFound } from "../../access/errors";
import { pushSubscriptions } from "../../db/schema";
import { defineAction } from "../context";

export const revokePush = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof pushSubscriptionIdInput>) => {
  const removed = await ctx.tx
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.id, input.id), eq(pushSubscriptions.userId, ctx.actor.userId)))
    .returning({ id: pushSubscriptions.id });
  if (removed.length === 0) throw notFound("That device is not signed up for your notifications");
  return { id: input.id };
});
