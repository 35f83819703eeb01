import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { startConversationInput } from "@/shared/support";
import { DomainError, notFound } from "../../access/errors";
import { newSecretToken } from "../../auth/secret-tokens";
import { channels, supportConversations, supportInboxes, supportVisitors, users } from "../../db/schema";
import { inboxAvailability, visitorConversations } from "../../queries/support";
import { defineAction } from "../context";
import { postSystemMessage } from "../messages/system-message";
import { emitConversation, nameOf, pickAgent, seatTeam } from "./conversation-events";
import { INBOX_UNAVAILABLE } from "./start-widget-session";
import { writeVisitorMessage } from "./visitor-message";

/**
 * A visitor's new conversation: the pre-chat form's answers, checked against the inbox's form (an email is needed
 * when nobody can answer live, so the answer can reach them), then the first message, with the team seated and,
 * when someone active has room, the conversation given to them.
 */
export const startConversation = defineAction({ actors: ["visitor"], onUniqueViolation: "retry" }, async (ctx, input: z.output<typeof startConversationInput>) => {
  const { tx, actor, services } = ctx;
  const [inbox] = await tx.select().from(supportInboxes).where(eq(supportInboxes.id, actor.inboxId));
  if (!inbox) throw notFound(INBOX_UNAVAILABLE);
  const [visitor] = await tx.select().from(supportVisitors).where(eq(supportVisitors.id, actor.visitorId)).for("update");
  const { online } = await inboxAvailability(tx, inbox, services.presence, services.clock.now());
  const form = inbox.prechat;
  const email = input.email || visitor!.email || "";
  if (!email && (form.requireEmail || !online)) throw badRequestOn("email", online ? "Enter your email address" : "Nobody can answer right now: leave your email and we will reply there");
  const fields: Record<string, string> = {};
  for (const field of form.fields) {
    const answer = (input.fields[field.key] ?? "").trim();
    if (field.required && !answer) throw badRequestOn(`fields.${field.key}`, `${field.label} is required`);
    if (answer) fields[field.key] = answer;
  }
  await tx.update(supportVisitors).set({ email: email || null, fields: { ...visitor!.fields, ...fields } }).where(eq(supportVisitors.id, visitor!.id));
  const name = form.askName && input.name ? input.name : null;
  if (name) await tx.update(users).set({ name }).where(eq(users.id, actor.userId));
  const [person] = await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.userId));

  const [channel] = await tx.insert(channels).values({ workspaceId: inbox.workspaceId, kind: "support", name: person!.name }).returning();
  const assigneeId = await pickAgent(ctx, inbox);
  const [conversation] = await tx
    .insert(supportConversations)
    .values({ id: channel!.id, inboxId: inbox.id, visitorId: visitor!.id, assigneeId, replyToken: newSecretToken() })
    .returning();
  await seatTeam(ctx, channel!.id, inbox.id, assigneeId);
  if (assigneeId) await postSystemMessage(ctx, channel!.id, `Assigned to ${await nameOf(tx, assigneeId)} automatically`);
  const message = await writeVisitorMessage(ctx, conversation!, actor.userId, input);
  await emitConversation(ctx, channel!.id);
  const [forVisitor] = await visitorConversations(tx, visitor!.id, channel!.id);
  return { conversation: forVisitor!, messageId: message.id };
});

const badRequestOn = (field: string, message: string) => new DomainError("BAD_REQUEST", message, field);
