import { eq } from "drizzle-orm";
import type { z } from "zod";
import { type AppEventType, EVENT_SCOPES, type updateAppInput } from "@/shared/apps";
import { newId } from "@/shared/ids";
import { requireManagedApp } from "../../access/apps";
import { DomainError } from "../../access/errors";
import { decryptSecret } from "../../auth/secrets";
import { apps } from "../../db/schema";
import { safePost } from "../../outbound/safe-fetch";
import { signedHeaders } from "../../slack/signing";
import { audit } from "../audit";
import { defineAction } from "../context";
import { log } from "../../observability/log";

const fieldError = (field: string, message: string) => new DomainError("BAD_REQUEST", message, field);

/**
 * Slack's url_verification handshake: the Events URL must echo a challenge, signed as every event will be, before
 * any event goes there, so a typo or someone else's server is caught now rather than by failed deliveries.
 */
async function verifyEventsUrl(url: string, signingSecret: string, now: Date) {
  const challenge = newId().replaceAll("-", "");
  const body = JSON.stringify({ token: "", challenge, type: "url_verification" });
  const answer = await safePost(url, { "content-type": "application/json", ...signedHeaders(signingSecret, body, now) }, Buffer.from(body)).catch((error: Error) => {
    // The reason may name an internal address the URL resolved to: the server's log has it, the admin gets none.
    log().warn({ reason: error.message }, `[apps] url_verification of ${url} failed`);
    throw fieldError("eventsUrl", "Confab could not reach that URL: it must be a public https address that answers within a few seconds");
  });
  if (answer.status !== 200 || !answer.body.includes(challenge)) {
    throw fieldError("eventsUrl", `That URL answered ${answer.status} without the challenge; it must reply to url_verification with the challenge it was sent`);
  }
}

/** Scopes, events and the URLs Confab calls; changed scopes are in the audit log, what was added and taken away. */
export const updateApp = defineAction({ actors: ["user"], transaction: false }, async ({ tx: database, actor, services }, input: z.output<typeof updateAppInput>) => {
  const current = await requireManagedApp(database, input.appId, actor.userId);
  const scopesAfter = input.scopes ?? current.scopes;
  const unscoped = (input.eventTypes ?? current.eventTypes).filter((type) => !scopesAfter.includes(EVENT_SCOPES[type as AppEventType]));
  if (unscoped.length > 0) {
    throw fieldError("eventTypes", `Add the scope each event needs first: ${unscoped.map((type) => `${type} needs ${EVENT_SCOPES[type as AppEventType]}`).join(", ")}`);
  }
  if (input.eventsUrl && input.eventsUrl !== current.eventsUrl) await verifyEventsUrl(input.eventsUrl, decryptSecret(current.signingSecretEncrypted), services.clock.now());
  return database.transaction(async (tx) => {
    const app = await requireManagedApp(tx, input.appId, actor.userId);
    const scopes = input.scopes ? [...new Set(input.scopes)] : app.scopes;
    const [updated] = await tx
      .update(apps)
      .set({
        scopes,
        ...(input.eventTypes && { eventTypes: [...new Set(input.eventTypes)] }),
        ...(input.eventsUrl !== undefined && { eventsUrl: input.eventsUrl, eventsDisabledAt: null, failedDeliveries: 0 }),
        ...(input.interactivityUrl !== undefined && { interactivityUrl: input.interactivityUrl }),
        // Turning Socket Mode on is a fresh start for delivery, as saving an Events URL is.
        ...(input.socketMode !== undefined && { socketMode: input.socketMode, ...(input.socketMode && !app.socketMode && { eventsDisabledAt: null, failedDeliveries: 0 }) }),
      })
      .where(eq(apps.id, app.id))
      .returning();
    if (input.socketMode !== undefined && input.socketMode !== app.socketMode) {
      await audit(tx, { workspaceId: app.workspaceId, actorId: actor.userId, action: "app.socket_mode_changed", detail: `${app.name}: Socket Mode ${input.socketMode ? "on" : "off"}` });
    }
    const added = scopes.filter((scope) => !app.scopes.includes(scope));
    const removed = app.scopes.filter((scope) => !scopes.includes(scope));
    if (added.length || removed.length) {
      const detail = [added.length ? `added ${added.join(", ")}` : "", removed.length ? `removed ${removed.join(", ")}` : ""].filter(Boolean).join("; ");
      await audit(tx, { workspaceId: app.workspaceId, actorId: actor.userId, action: "app.scopes_changed", detail: `${app.name}: ${detail}` });
    }
    return updated!;
  });
});
