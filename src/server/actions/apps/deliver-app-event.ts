import { eq, sql } from "drizzle-orm";
import { decryptSecret } from "../../auth/secrets";
import { apps } from "../../db/schema";
import { type Job, registerJobHandler } from "../../jobs/queue";
import { safePost } from "../../outbound/safe-fetch";
import { signedHeaders } from "../../slack/signing";
import { servicesAt } from "../../services";
import { audit } from "../audit";
import { defineAction, runAction, SYSTEM } from "../context";

export const APP_EVENT_JOB = "app_event";

/** Slack retries a failed delivery three times, then drops it. */
const RETRIES = 3;
/** Failed deliveries in a row after which an app's events are turned off until an admin saves its Events URL again. */
export const FAILURES_BEFORE_DISABLING = 20;

/**
 * One event to one app's Events URL, signed as Slack signs it, through the SSRF guard: an answer other than 2xx (or
 * none within the guard's time) is retried with X-Slack-Retry-Num, and an app that keeps failing is switched off,
 * with a line in the audit log for the workspace's admins.
 */
export const deliverAppEvent = defineAction({ actors: ["system"], transaction: false }, async (ctx, job: Job) => {
  const { appId, envelope } = job.payload as { appId: string; envelope: Record<string, unknown> };
  const [app] = await ctx.tx.select().from(apps).where(eq(apps.id, appId));
  if (!app?.eventsUrl || app.eventsDisabledAt) return;
  const body = JSON.stringify(envelope);
  const retry = job.attempts - 1;
  const headers = {
    "content-type": "application/json",
    ...signedHeaders(decryptSecret(app.signingSecretEncrypted), body, ctx.services.clock.now()),
    ...(retry > 0 && { "x-slack-retry-num": String(retry), "x-slack-retry-reason": "http_error" }),
  };
  const delivered = await safePost(app.eventsUrl, headers, Buffer.from(body)).then(
    (answer) => answer.status >= 200 && answer.status < 300,
    () => false,
  );
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
      await audit(tx, { workspaceId: app.workspaceId, actorId: null, action: "app.events_disabled", detail: `${app.name}: ${FAILURES_BEFORE_DISABLING} deliveries in a row failed at ${app.eventsUrl}` });
    }
  });
  if (retry < RETRIES) throw new Error(`${app.eventsUrl} did not accept the event`);
});

registerJobHandler(APP_EVENT_JOB, (job, now) => runAction(SYSTEM, deliverAppEvent, job, servicesAt(now)));
