import { and, eq, sql } from "drizzle-orm";
import { channels, invites, workspaceMembers, workspaces } from "../../db/schema";
import { inviteProblem } from "../../queries/invites";
import { badRequest, notFound } from "../../access/errors";
import { audit, personLabel } from "../audit";
import { defineAction } from "../context";
import { joinWorkspace } from "../workspaces/join-workspace";

export const INVITE_NOT_FOUND = "This invite link is not valid. Ask for a new one.";

/** Joins the workspace an invite link points at; where the person already belongs, nothing is used up. */
export const acceptInvite = defineAction({ actors: ["user"] }, async (ctx, input: { token: string }) => {
  const { tx, actor, services } = ctx;
  // Locked so two people racing for the last use cannot both get in.
  const [invite] = await tx.select().from(invites).where(eq(invites.token, input.token)).for("update");
  if (!invite) throw notFound(INVITE_NOT_FOUND);
  const [workspace] = await tx
    .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.id, invite.workspaceId));
  const [general] = await tx
    .select({ id: channels.id })
    .from(channels)
    .where(and(eq(channels.workspaceId, invite.workspaceId), eq(channels.isDefault, true)));
  const result = { ...workspace!, generalChannelId: general?.id ?? null };
  const [existing] = await tx
    .select({ role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, invite.workspaceId), eq(workspaceMembers.userId, actor.userId)));
  if (existing) return { ...result, alreadyMember: true };
  const problem = inviteProblem(invite, services.clock.now());
  if (problem) throw badRequest(problem);
  await tx.update(invites).set({ uses: sql`${invites.uses} + 1` }).where(eq(invites.id, invite.id));
  await joinWorkspace(ctx, invite.workspaceId, actor.userId, invite.role, { guestChannelIds: invite.channelIds, singleChannel: invite.singleChannel });
  await audit(tx, { workspaceId: invite.workspaceId, actorId: actor.userId, action: "member.joined", detail: `${await personLabel(tx, actor.userId)} as ${invite.singleChannel ? "single-channel guest" : invite.role}, by invite link` });
  return { ...result, alreadyMember: false };
});
