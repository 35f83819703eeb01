import { and, eq } from "drizzle-orm";
import { env } from "@/env";
import type { z } from "zod";
import { newId } from "@/shared/ids";
import type { widgetSessionInput } from "@/shared/support";
import { DomainError, forbidden, notFound } from "../../access/errors";
import { newSecretToken } from "../../auth/secret-tokens";
import { decryptSecret } from "../../auth/secrets";
import { supportInboxes, supportVisitors, users } from "../../db/schema";
import { visitorConversations, widgetConfig } from "../../queries/support";
import { identityVerified, readVisitorToken, visitorToken } from "../../support/identity";
import { defineAction } from "../context";

export const INBOX_UNAVAILABLE = "This chat is not available";

/** Visitors have no mailbox of ours; the reserved .invalid domain keeps their addresses from ever being anyone's. */
const visitorEmail = (visitorId: string) => `visitor-${visitorId}@visitors.confab.invalid`;

type SessionInput = z.output<typeof widgetSessionInput> & { token?: string | null; hostOrigin: string; userAgent: string };

/**
 * The widget opening on a page: the visitor it already was (its token), the website's signed-in user (verified
 * when the inbox asks for it, and then the same visitor on every device), or a new visitor. It answers with the
 * token to keep, the inbox's face and availability, and the visitor's conversations. Someone signed in to Confab may
 * open a widget too (an agent trying their own), and is a visitor there like anyone.
 */
export const startWidgetSession = defineAction({ actors: ["anonymous", "user"], onUniqueViolation: "retry" }, async ({ tx, services }, input: SessionInput) => {
  const now = services.clock.now();
  const [inbox] = await tx.select().from(supportInboxes).where(eq(supportInboxes.key, input.inboxKey));
  if (!inbox) throw notFound(INBOX_UNAVAILABLE);
  // The frame-ancestors policy is what stops other sites embedding the widget; this refuses a page that says it is
  // one anyway. Confab's own origin is the widget opened alone, from a link in an email.
  if (!inbox.allowedOrigins.includes(input.hostOrigin) && input.hostOrigin !== new URL(env().publicUrl).origin) throw forbidden("This website may not show this chat");
  const identity = input.identity;
  if (identity && inbox.verifyIdentity && !identityVerified(decryptSecret(inbox.identitySecretEncrypted), identity.id, identity.hash)) {
    throw new DomainError("UNAUTHORIZED", "This website could not vouch for who you are, so the chat cannot open. Reload the page or sign in again.");
  }
  const claimed = input.token ? readVisitorToken(input.token, now) : null;
  const [fromToken] = claimed
    ? await tx
        .select()
        .from(supportVisitors)
        .where(and(eq(supportVisitors.id, claimed.visitorId), eq(supportVisitors.inboxId, inbox.id), eq(supportVisitors.tokenKey, claimed.tokenKey)))
    : [];
  const [fromIdentity] = identity
    ? await tx.select().from(supportVisitors).where(and(eq(supportVisitors.inboxId, inbox.id), eq(supportVisitors.externalId, identity.id)))
    : [];
  const context = { pageUrl: input.pageUrl, referrer: input.referrer, timeZone: input.timeZone, userAgent: input.userAgent.slice(0, 500), lastSeenAt: now };
  // A signed-in visitor is who the website says; an anonymous one stays who their token says, until they sign in.
  let visitor = fromIdentity ?? (fromToken && (!identity || !fromToken.externalId) ? fromToken : undefined);
  if (visitor) {
    [visitor] = await tx
      .update(supportVisitors)
      .set({ ...context, ...(identity && { externalId: identity.id, ...(identity.email && { email: identity.email }) }) })
      .where(eq(supportVisitors.id, visitor.id))
      .returning();
    if (identity?.name) await tx.update(users).set({ name: identity.name }).where(eq(users.id, visitor!.userId));
  } else {
    const id = newId();
    const [user] = await tx
      .insert(users)
      .values({ name: identity?.name || `Visitor ${id.slice(0, 4).toUpperCase()}`, email: visitorEmail(id), isVisitor: true })
      .returning({ id: users.id });
    [visitor] = await tx
      .insert(supportVisitors)
      .values({ id, inboxId: inbox.id, userId: user!.id, tokenKey: newSecretToken(), externalId: identity?.id ?? null, email: identity?.email ?? null, ...context })
      .returning();
  }
  const [person] = await tx.select({ name: users.name }).from(users).where(eq(users.id, visitor!.userId));
  return {
    token: visitorToken(visitor!, now),
    visitor: { name: person!.name, email: visitor!.email, identified: Boolean(identity) },
    config: await widgetConfig(tx, inbox, services.presence, now),
    conversations: await visitorConversations(tx, visitor!.id),
  };
});
