import type { z } from "zod";
import { env } from "@/env";
import type { pushSubscriptionInput } from "@/shared/notifications";
import { badRequest } from "../../access/errors";
import { pushSubscriptions } from "../../db/schema";
import { allowedForTests, FetchRefused, vettedAddress } from "../../outbound/safe-fetch";
import { defineAction } from "../context";

const ENDPOINT_REFUSED = "Push endpoints must be https:// addresses on the public internet";

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
export const subscribePush = defineAction({ actors: ["user"], transaction: false }, async (ctx, input: z.output<typeof pushSubscriptionInput>) => {
  const { tx, actor, services } = ctx;
  if (!env().vapid) throw badRequest("Push notifications are not configured on this server (VAPID keys)");
  await checkEndpoint(input.endpoint);
  const values = { userId: actor.userId, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, userAgent: input.userAgent };
  const [row] = await tx
    .insert(pushSubscriptions)
    .values(values)
    .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: { ...values, createdAt: services.clock.now(), lastPushAt: null } })
    .returning({ id: pushSubscriptions.id });
  return { id: row!.id };
});
