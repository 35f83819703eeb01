import { eq, sql } from "drizzle-orm";
import { decryptSecret } from "../../auth/secrets";
import { apps } from "../../db/schema";
import { type Job, registerJobHandler } from "../../jobs/queue";
import { safePost } from "../../outbound/safe-fetch";
import { signedHeaders } from "../../slack/signing";
import { sendEnvelope } from "../../slack/socket-mode";
import { servicesAt } from "../../services";
import { audit } from "../audit";
import { defineAction, runAction, SYSTEM } from "../context";

export const APP_EVENT_JOB = "app_event";

/** How long an app on Socket Mode has to ack an event, as it would have to answer an HTTP delivery. */
export const SOCKET_ACK_TIMEOUT_MS = 3000;
/** Slack retries a failed delivery three times, then drops it. */
const RETRIES = 3;
/** Failed deliveries in a row after which an app's events are turned off until an admin saves its Events URL again. */
export const FAILURES_BEFORE_DISABLING = 20;

/**
 * One event to one app: to its Events URL, signed as Slack signs it, through the SSRF guard, or over its Socket Mode
 * connection. An answer other than 2xx (or no ack) within a few seconds is retried (X-Slack-Retry-Num, or the
 * envelope's retry_attempt), and an app that keeps failing is switched off, with a line in the audit log for the
 * workspace's admins.
 */
export const deliverAppEvent = defineAction({ actors: ["system"], transaction: false }, async (ctx, job: Job) => {
  const { appId, envelope } = job.payload as { appId: string; envelope: Record<string, unknown> };
  const [app] = await ctx.tx.select().from(apps).where(eq(apps.id, appId));
  if (!app || (!app.eventsUrl && !app.socketMode) || app.eventsDisabledAt) return;
  const retry = job.attempts - 1;
  let delivered: boolean;
  if (app.socketMode) {
    const sent = await sendEnvelope(ctx.tx, app.id, { type: "events_api", payload: envelope, retryAttempt: retry, retryReason: retry > 0 ? "timeout" : "" }, SOCKET_ACK_TIMEOUT_MS);
    // An app that is not connected just now is not failing: its event waits for the next attempt, and is not held against it.
    if (!sent.delivered && sent.reason === "no_connection") {
      if (retry < RETRIES) throw new Error(`${app.name} has no Socket Mode connection open`);
      return;
    }
    delivered = sent.delivered;
  } else {
    const body = JSON.stringify(envelope);
    const headers = {
      "content-type": "application/json",
      ...signedHeaders(decryptSecret(app.signingSecretEncrypted), body, ctx.services.clock.now()),
      ...(retry > 0 && { "x-slack-retry-num": String(retry), "x-slack-retry-reason": "http_error" }),
    };
    delivered = await safePost(app.eventsUrl!, headers, Buffer.from(body)).then(
      (answer) => answer.status >= 200 && answer.status < 300,
      () => false,
    );
  }
  if (delivered) {
    if (app.failedDeliveries > 0) await ctx.tx.update(apps).set({ failedDeliveries: 0 }).where(eq(apps.id, app.id));
    return;
  }
  await ctx.tx.transaction(async (tx) => {
    const [counted] = await tx
      .update(apps)
      .set({ failedDeliveries: sql`${apps.failedDeliveries} + 1` })
      .where(eq(apps.id, app.id))
      .returning({ failedDeliveries: apps.failedDeliveries, eventsDisabledAt: apps.eventsDisabledAt });
    if (counted && counted.failedDeliveries >= FAILURES_BEFORE_DISABLING && !counted.eventsDisabledAt) {
      await tx.update(apps).set({ eventsDisabledAt: ctx.services.clock.now() }).where(eq(apps.id, app.id));
      const where = app.socketMode ? "over Socket Mode" : `at ${app.eventsUrl}`;
      await audit(tx, { workspaceId: app.workspaceId, actorId: null, action: "app.events_disabled", detail: `${app.name}: ${FAILURES_BEFORE_DISABLING} deliveries in a row failed ${where}` });
    }
  });
  if (retry < RETRIES) throw new Error(`${app.name} did not accept the event`);
});

registerJobHandler(APP_EVENT_JOB, (job, now) => runAction(SYSTEM, deliverAppEvent, job, servicesAt(now)));
