import { and, eq, inArray, isNull } from "drizzle-orm";
import { topics } from "@/shared/events";
import { badRequest } from "../../access/errors";
import { verifyPassword } from "../../auth/password";
import { disableTwoFactor } from "../../auth/two-factor";
import { publicPersonColumns } from "../../db/projections";
import { accounts, channels, deactivatedMembers, files, mentions, messages, pins, reactions, ssoIdentities, users, workspaceMembers, workspaces } from "../../db/schema";
import { removeStoredFiles, storedColumns, storedKeys } from "../../files/storage";
import { audit } from "../audit";
import { defineAction } from "../context";
import { deactivate } from "../workspaces/member-lifecycle";
import { lockOwners } from "../workspaces/remove-from-workspace";
import { WRONG_CURRENT_PASSWORD } from "./change-password";
import { endSessionsAndTell } from "./session-ended";

export const DELETED_NAME = "Deleted user";

/**
 * A person deletes their account. In each workspace their messages stay, signed "Deleted user", or are removed, as
 * the workspace's policy says; their membership becomes a deleted one (never reactivated); the account keeps no
 * name, address, password, second factor or sign-in link, and every session ends. The last owner of a workspace
 * must hand it over first.
 */
export const deleteAccount = defineAction({ actors: ["user"] }, async (ctx, input: { password?: string; confirmEmail: string }) => {
  const { tx, actor, emit, services } = ctx;
  const [me] = await tx.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId)).for("update");
  if (input.confirmEmail.trim().toLowerCase() !== me!.email) throw badRequest("Type your email address exactly to confirm");
  if (me!.passwordHash && !(input.password && (await verifyPassword(input.password, me!.passwordHash)))) throw badRequest(WRONG_CURRENT_PASSWORD);

  const memberships = await tx
    .select({ workspaceId: workspaceMembers.workspaceId, role: workspaceMembers.role, name: workspaces.name, policy: workspaces.deletedAccountMessages })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.userId, actor.userId));
  for (const membership of memberships) {
    if (membership.role === "owner" && (await lockOwners(tx, membership.workspaceId)).length <= 1) {
      throw badRequest(`You are the last owner of ${membership.name}. Transfer its ownership first (Workspace settings → Members).`);
    }
  }
  const now = services.clock.now();
  const removedKeys: string[] = [];
  for (const membership of memberships) {
    if (membership.policy === "remove") removedKeys.push(...(await removeMessagesOf(tx, actor.userId, membership.workspaceId, now)));
    await deactivate(ctx, membership.workspaceId, actor.userId, { by: actor.userId, reason: "deleted" });
    await audit(tx, { workspaceId: membership.workspaceId, actorId: actor.userId, action: "account.deleted", detail: `messages ${membership.policy === "remove" ? "removed" : "kept"}` });
  }
  // Workspaces that had deactivated them: their policy holds too, and the membership can never be given back.
  const deactivatedIn = await tx
    .update(deactivatedMembers)
    .set({ reason: "deleted" })
    .where(and(eq(deactivatedMembers.userId, actor.userId), eq(deactivatedMembers.reason, "deactivated")))
    .returning({ workspaceId: deactivatedMembers.workspaceId });
  for (const { workspaceId } of deactivatedIn) {
    const [workspace] = await tx.select({ policy: workspaces.deletedAccountMessages }).from(workspaces).where(eq(workspaces.id, workspaceId));
    if (workspace?.policy === "remove") removedKeys.push(...(await removeMessagesOf(tx, actor.userId, workspaceId, now)));
    await audit(tx, { workspaceId, actorId: actor.userId, action: "account.deleted", detail: `messages ${workspace?.policy === "remove" ? "removed" : "kept"}` });
  }
  if (removedKeys.length) ctx.afterCommit(() => void removeStoredFiles(services.storage, removedKeys));

  await disableTwoFactor(tx, actor.userId);
  await tx.delete(accounts).where(eq(accounts.userId, actor.userId));
  await tx.delete(ssoIdentities).where(eq(ssoIdentities.userId, actor.userId));
  const [person] = await tx
    .update(users)
    .set({
      name: DELETED_NAME,
      email: `deleted-${actor.userId}@deleted.invalid`,
      emailVerified: null,
      image: null,
      passwordHash: null,
      statusEmoji: null,
      statusText: null,
      statusExpiresAt: null,
      dndUntil: null,
      deletedAt: now,
    })
    .where(eq(users.id, actor.userId))
    .returning(publicPersonColumns);
  for (const { workspaceId } of memberships) emit(topics.workspace(workspaceId), { type: "user.updated", user: person! });
  // Someone in no workspace had nothing to deactivate them, and so no session ended yet.
  if (memberships.length === 0) await endSessionsAndTell(tx, emit, actor.userId);
  return { deleted: true };
});

/** Their messages in one workspace become "message deleted" placeholders (threads stay reachable); returns the files' storage keys. */
async function removeMessagesOf(tx: Parameters<typeof deactivate>[0]["tx"], userId: string, workspaceId: string, now: Date): Promise<string[]> {
  const theirs = await tx
    .update(messages)
    .set({ deletedAt: now, body: "" })
    .where(and(eq(messages.authorId, userId), isNull(messages.deletedAt), inArray(messages.channelId, tx.select({ id: channels.id }).from(channels).where(eq(channels.workspaceId, workspaceId)))))
    .returning({ id: messages.id });
  const ids = theirs.map((row) => row.id);
  if (ids.length === 0) return [];
  await tx.delete(reactions).where(inArray(reactions.messageId, ids));
  await tx.delete(mentions).where(inArray(mentions.messageId, ids));
  await tx.delete(pins).where(inArray(pins.messageId, ids));
  return storedKeys(await tx.delete(files).where(inArray(files.messageId, ids)).returning(storedColumns));
}
