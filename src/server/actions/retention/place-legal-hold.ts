import { and, eq, isNull } from "drizzle-orm";
import { notFound } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { channels, legalHolds, users } from "../../db/schema";
import { audit, personLabel } from "../audit";
import { defineAction } from "../context";
import { CHANNEL_NOT_FOUND } from "../../access/channels";

/** A legal hold on a person or a channel of the workspace: retention deletes nothing of theirs until it is released. */
export const placeLegalHold = defineAction({ actors: ["user"] }, async (ctx, input: { workspaceId: string; kind: "user" | "channel"; targetId: string; reason: string }) => {
  const { tx, actor } = ctx;
  await requireWorkspaceAdmin(tx, input.workspaceId, actor.userId);
  let label: string;
  if (input.kind === "channel") {
    const [channel] = await tx.select({ name: channels.name }).from(channels).where(and(eq(channels.id, input.targetId), eq(channels.workspaceId, input.workspaceId)));
    if (!channel) throw notFound(CHANNEL_NOT_FOUND);
    label = `#${channel.name}`;
  } else {
    const [person] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.targetId));
    if (!person) throw notFound("That person does not exist");
    label = await personLabel(tx, input.targetId);
  }
  const [existing] = await tx
    .select()
    .from(legalHolds)
    .where(and(eq(legalHolds.workspaceId, input.workspaceId), eq(legalHolds.kind, input.kind), eq(legalHolds.targetId, input.targetId), isNull(legalHolds.releasedAt)));
  if (existing) return existing;
  const [hold] = await tx.insert(legalHolds).values({ ...input, createdBy: actor.userId }).returning();
  await audit(tx, { workspaceId: input.workspaceId, actorId: actor.userId, action: "legal_hold.placed", detail: `${label}${input.reason ? `: ${input.reason}` : ""}` });
  return hold!;
});
