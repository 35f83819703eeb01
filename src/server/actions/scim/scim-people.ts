import { and, eq, ne } from "drizzle-orm";
import { topics } from "@/shared/events";
import { badRequest, conflict, notFound } from "../../access/errors";
import { domainVerifiedBy } from "../../access/workspaces";
import { publicPersonColumns } from "../../db/projections";
import { deactivatedMembers, scimUsers, users, workspaceMembers } from "../../db/schema";
import type { UserChanges } from "../../scim/protocol";
import { audit, personLabel } from "../audit";
import type { ActionContext, ActorOf } from "../context";
import { deactivate, reactivate } from "../workspaces/member-lifecycle";

export type ScimContext = ActionContext<ActorOf<"scim">>;
export const SCIM_USER_NOT_FOUND = "No such user in this workspace";
export const USER_NAME_TAKEN = "Another account already uses that userName";

/** "Ana" and "Lima", or the display name, or the address's local part: what the person is called in Confab. */
export function nameOf(changes: UserChanges, fallback: string): string {
  const joined = [changes.givenName, changes.familyName].filter(Boolean).join(" ").trim();
  return (changes.displayName?.trim() || joined || fallback).slice(0, 80);
}

/** Where the person stands in the SCIM token's workspace: a member, deactivated, or nobody to it. */
export async function standingOf(ctx: ScimContext, userId: string): Promise<"active" | "deactivated"> {
  const { tx, actor } = ctx;
  const [member] = await tx.select({ role: workspaceMembers.role }).from(workspaceMembers).where(and(eq(workspaceMembers.workspaceId, actor.workspaceId), eq(workspaceMembers.userId, userId)));
  if (member) return "active";
  const [gone] = await tx
    .select({ reason: deactivatedMembers.reason })
    .from(deactivatedMembers)
    .where(and(eq(deactivatedMembers.workspaceId, actor.workspaceId), eq(deactivatedMembers.userId, userId), eq(deactivatedMembers.reason, "deactivated")));
  if (gone) return "deactivated";
  throw notFound(SCIM_USER_NOT_FOUND);
}

export async function rememberExternalId(ctx: ScimContext, userId: string, externalId: string | null | undefined, made: Pick<UserChanges, "givenName" | "familyName"> & { provisioned?: boolean } = {}) {
  const now = ctx.services.clock.now();
  await ctx.tx
    .insert(scimUsers)
    .values({ workspaceId: ctx.actor.workspaceId, userId, externalId: externalId ?? null, givenName: made.givenName ?? null, familyName: made.familyName ?? null, provisioned: made.provisioned ?? false, updatedAt: now })
    .onConflictDoUpdate({ target: [scimUsers.workspaceId, scimUsers.userId], set: { ...(externalId !== undefined && { externalId }), updatedAt: now } });
}

/** The IdP's `active`: false deactivates (the last owner excepted), true gives the membership back. */
export async function applyActive(ctx: ScimContext, userId: string, active: boolean | undefined, standing: "active" | "deactivated") {
  const { tx, actor } = ctx;
  if (active === undefined || (active ? "active" : "deactivated") === standing) return standing;
  if (!active) {
    const [member] = await tx.select({ role: workspaceMembers.role }).from(workspaceMembers).where(and(eq(workspaceMembers.workspaceId, actor.workspaceId), eq(workspaceMembers.userId, userId)));
    // Owners are deactivated by owners, in Confab: a SCIM token (which any admin can make) does not reach them.
    if (member?.role === "owner") throw badRequest("An owner cannot be deactivated through SCIM; change their role in Confab first");
    await deactivate(ctx, actor.workspaceId, userId, { by: null, reason: "deactivated" });
  } else {
    await reactivate(ctx, actor.workspaceId, userId);
  }
  await audit(tx, { workspaceId: actor.workspaceId, actorId: null, action: active ? "scim.user_reactivated" : "scim.user_deactivated", detail: await personLabel(tx, userId) });
  return active ? "active" : "deactivated";
}

/**
 * An account's address and name are everyone's who shares it: the IdP changes them only for an account it made and
 * that belongs to no other workspace, or one whose address (old and new) is in a domain this workspace verified.
 */
async function requireIdentityOwned(ctx: ScimContext, userId: string, email: string, changes: UserChanges, provisioned: boolean) {
  const { tx, actor } = ctx;
  const newEmail = changes.userName?.trim().toLowerCase();
  const renames = changes.displayName !== undefined || changes.givenName !== undefined || changes.familyName !== undefined;
  if ((!newEmail || newEmail === email) && !renames) return;
  const [elsewhere] = await tx.select({ id: workspaceMembers.workspaceId }).from(workspaceMembers).where(and(eq(workspaceMembers.userId, userId), ne(workspaceMembers.workspaceId, actor.workspaceId))).limit(1);
  if (provisioned && !elsewhere) return;
  const vouched = (await domainVerifiedBy(tx, actor.workspaceId, email)) && (!newEmail || (await domainVerifiedBy(tx, actor.workspaceId, newEmail)));
  if (!vouched) throw badRequest("This account is not this workspace's to rename or readdress: verify its email domain in Workspace settings → Single sign-on");
}

/**
 * A new userName (the address) or name from the IdP. A PATCH of one part of the name keeps the other part as the
 * IdP last sent it.
 */
export async function applyProfile(ctx: ScimContext, userId: string, changes: UserChanges) {
  const { tx, actor } = ctx;
  const [person] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId));
  const [known] = await tx.select().from(scimUsers).where(and(eq(scimUsers.workspaceId, actor.workspaceId), eq(scimUsers.userId, userId)));
  await requireIdentityOwned(ctx, userId, person!.email, changes, known?.provisioned ?? false);
  if (changes.givenName !== undefined || changes.familyName !== undefined) {
    const givenName = changes.givenName ?? known?.givenName ?? undefined;
    const familyName = changes.familyName ?? known?.familyName ?? undefined;
    changes = { ...changes, givenName, familyName };
    await tx
      .insert(scimUsers)
      .values({ workspaceId: actor.workspaceId, userId, givenName: givenName ?? null, familyName: familyName ?? null })
      .onConflictDoUpdate({ target: [scimUsers.workspaceId, scimUsers.userId], set: { givenName: givenName ?? null, familyName: familyName ?? null } });
  }
  const email = changes.userName?.trim().toLowerCase();
  if (email && email !== person!.email) {
    const [taken] = await tx.select({ id: users.id }).from(users).where(and(eq(users.email, email), ne(users.id, userId)));
    if (taken) throw conflict(USER_NAME_TAKEN);
  }
  const named = changes.displayName !== undefined || changes.givenName !== undefined || changes.familyName !== undefined;
  if ((email && email !== person!.email) || named) {
    const [updated] = await tx
      .update(users)
      .set({ ...(email && { email }), ...(named && { name: nameOf(changes.displayName ? changes : { ...changes, displayName: undefined }, person!.name) }) })
      .where(eq(users.id, userId))
      .returning(publicPersonColumns);
    ctx.emit(topics.workspace(ctx.actor.workspaceId), { type: "user.updated", user: updated! });
  }
}
