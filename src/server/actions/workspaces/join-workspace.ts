import { and, eq } from "drizzle-orm";
import { topics } from "@/shared/events";
import type { WorkspaceRole } from "@/shared/workspaces";
import { personStatusColumns } from "../../db/projections";
import { channels, users, workspaceMembers } from "../../db/schema";
import type { ActionContext } from "../context";
import { addToChannel } from "../channels/add-to-channel";

/**
 * Adds a person to a workspace and (unless it is an app's bot, which joins channels when invited, as Slack's do) its
 * default channels; shared by creating a workspace, accepting an invite and creating an app.
 */
export async function joinWorkspace(ctx: ActionContext, workspaceId: string, userId: string, role: WorkspaceRole, { intoDefaultChannels = true } = {}) {
  const { tx, emit } = ctx;
  const [membership] = await tx.insert(workspaceMembers).values({ workspaceId, userId, role }).returning();
  const defaults = intoDefaultChannels
    ? await tx
        .select({ id: channels.id })
        .from(channels)
        .where(and(eq(channels.workspaceId, workspaceId), eq(channels.isDefault, true)))
    : [];
  for (const channel of defaults) await addToChannel(ctx, channel.id, [userId]);
  const [user] = await tx
    .select({ name: users.name, email: users.email, image: users.image, isBot: users.isBot, ...personStatusColumns })
    .from(users)
    .where(eq(users.id, userId));
  emit(topics.workspace(workspaceId), {
    type: "workspace.member_joined",
    workspaceId,
    member: { userId, role, joinedAt: membership!.joinedAt, ...user! },
  });
  emit(topics.user(userId), { type: "membership.changed" });
}
