import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { env } from "@/env";
import type { pushSubscriptionIdInput, pushSubscriptionInput } from "@/shared/notifications";
import { badRequest, notFound } from "../../access/errors";
import { pushSubscriptions } from "../../db/schema";
import { inTransaction } from "../../events";
import { allowedForTests, FetchRefused, vettedAddress } from "../../outbound/safe-fetch";

export const ENDPOINT_REFUSED = "Push endpoints must be https:// addresses on the public internet";

/** Push endpoints are URLs a browser hands us, so they pass the same guard as any URL the server fetches for a user. */
async function checkEndpoint(endpoint: string) {
  const url = new URL(endpoint);
  const plainAllowed = url.protocol === "http:" && allowedForTests(url);
  if (url.protocol !== "https:" && !plainAllowed) throw badRequest(ENDPOINT_REFUSED);
  try {
    await vettedAddress(url);
  } catch (error) {
    if (error instanceof FetchRefused) throw badRequest(ENDPOINT_REFUSED);
    throw error;
  }
}

/** This browser takes pushes for the person; the same browser again (or after another person used it) is one row. */
export async function subscribePush(actorId: string, input: z.output<typeof pushSubscriptionInput>) {
  if (!env().vapid) throw badRequest("Push notifications are not configured on this server (VAPID keys)");
  await checkEndpoint(input.endpoint);
  return inTransaction(async (tx) => {
    const values = { userId: actorId, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, userAgent: input.userAgent };
    const [row] = await tx
      .insert(pushSubscriptions)
      .values(values)
      .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: { ...values, createdAt: new Date(), lastPushAt: null } })
      .returning({ id: pushSubscriptions.id });
    return { id: row!.id };
  });
}

export async function revokePush(actorId: string, input: z.output<typeof pushSubscriptionIdInput>) {
  return inTransaction(async (tx) => {
    const removed = await tx
      .delete(pushSubscriptions)
      .where(and(eq(pushSubscriptions.id, input.id), eq(pushSubscriptions.userId, actorId)))
      .returning({ id: pushSubscriptions.id });
    if (removed.length === 0) throw notFound("That device is not signed up for your notifications");
    return { id: input.id };
  });
}
