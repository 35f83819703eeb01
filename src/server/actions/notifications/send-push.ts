import { eq } from "drizzle-orm";
import webpush from "web-push";
import { env } from "@/env";
import type { PushPayload } from "@/shared/notifications";
import { pushSubscriptions } from "../../db/schema";
import { registerJobHandler } from "../../jobs/queue";
import { FetchRefused, safePost } from "../../outbound/safe-fetch";
import { defineAction, runAction, SYSTEM } from "../context";
import { log } from "../../observability/log";

export const PUSH_SEND_JOB = "push-send";
/** How long a push service keeps a push for a browser that is off, in seconds. */
const PUSH_TTL_SECONDS = 4 * 60 * 60;

/** One push to one browser, through its push service; a browser that can never take one again is forgotten. */
export const sendPush = defineAction({ actors: ["system"], transaction: false }, async (ctx, input: { subscriptionId: string; notification: PushPayload }) => {
  const { tx, services } = ctx;
  const vapid = env().vapid;
  const [device] = await tx.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, input.subscriptionId));
  if (!device || !vapid) return;
  const request = webpush.generateRequestDetails({ endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } }, JSON.stringify(input.notification), {
    vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
    TTL: PUSH_TTL_SECONDS,
    urgency: "high",
    contentEncoding: "aes128gcm",
  });
  let answer;
  try {
    answer = await safePost(request.endpoint, request.headers as Record<string, string | number>, request.body as Buffer);
  } catch (error) {
    // The endpoint now resolves somewhere we do not go: that browser cannot be reached any more.
    if (error instanceof FetchRefused && /non-public|not reached|does not resolve/.test(error.message)) {
      await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.id, device.id));
      return;
    }
    throw error;
  }
  if (answer.status >= 200 && answer.status < 300) {
    await tx.update(pushSubscriptions).set({ lastPushAt: services.clock.now() }).where(eq(pushSubscriptions.id, device.id));
    return;
  }
  // The browser unsubscribed, or the push service forgot it: it will never take a push again.
  if (answer.status === 404 || answer.status === 410) {
    await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.id, device.id));
    return;
  }
  if (answer.status === 429 || answer.status >= 500) throw new Error(`Push service answered ${answer.status}; retrying`);
  log().error({ status: answer.status, answer: answer.body.slice(0, 200) }, `[push] ${new URL(device.endpoint).host} refused a push`);
});

// Run on the process's own clock: lastPushAt is when the push went out, whatever moment the worker was handed.
registerJobHandler(PUSH_SEND_JOB, (job) => runAction(SYSTEM, sendPush, job.payload as { subscriptionId: string; notification: PushPayload }));
