import { eq } from "drizzle-orm";
import type { z } from "zod";
import { topics } from "@/shared/events";
import type { updateInboxInput } from "@/shared/support";
import { requireManagedInbox } from "../../access/support";
import { supportAgents, supportInboxes } from "../../db/schema";
import { inboxSettings } from "../../queries/support";
import { audit } from "../audit";
import { defineAction } from "../context";
import { reseatOpenConversations } from "./conversation-events";
import { setInboxTeam } from "./inbox-team";

/** Changes an inbox; a new team takes over its open conversations at once. */
export const updateInbox = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof updateInboxInput>) => {
  const { tx, actor, emit } = ctx;
  const inbox = await requireManagedInbox(tx, input.inboxId, actor.userId);
  const { inboxId: _inboxId, agentIds, ...fields } = input;
  const [updated] = Object.keys(fields).length ? await tx.update(supportInboxes).set(fields).where(eq(supportInboxes.id, inbox.id)).returning() : [inbox];
  if (agentIds) {
    const before = (await tx.select({ userId: supportAgents.userId }).from(supportAgents).where(eq(supportAgents.inboxId, inbox.id))).map((agent) => agent.userId);
    await setInboxTeam(tx, inbox, agentIds);
    for (const userId of new Set([...before, ...agentIds])) emit(topics.user(userId), { type: "membership.changed" });
    await reseatOpenConversations(ctx, inbox.id);
  }
  await audit(tx, { workspaceId: inbox.workspaceId, actorId: actor.userId, action: "support.inbox_updated", detail: `${updated!.name}: ${Object.keys(input).filter((key) => key !== "inboxId").join(", ")}` });
  return inboxSettings(tx, updated!);
});
