import { and, eq, inArray, isNull } from "drizzle-orm";
import { topics } from "@/shared/events";
import type { WorkspaceRole } from "@/shared/workspaces";
import { personStatusColumns } from "../../db/projections";
import { forbidden } from "../../access/errors";
import { channels, deactivatedMembers, users, workspaceMembers } from "../../db/schema";
import type { ActionContext } from "../context";
import { addToChannel } from "../channels/add-to-channel";

export const DEACTIVATED_HERE = "Your account in this workspace was deactivated. Ask one of its admins to reactivate it.";

/**
 * Adds a person to a workspace and (unless it is an app's bot, which joins channels when invited, as Slack's do) its
 * default channels; shared by creating a workspace, accepting an invite and creating an app.
 */
export async function joinWorkspace(
  ctx: ActionContext,
  workspaceId: string,
  userId: string,
  role: WorkspaceRole,
  { intoDefaultChannels = true, guestChannelIds = [] as string[], singleChannel = false } = {},
) {
  const { tx, emit } = ctx;
  const [deactivated] = await tx
    .select({ reason: deactivatedMembers.reason })
    .from(deactivatedMembers)
    .where(and(eq(deactivatedMembers.workspaceId, workspaceId), eq(deactivatedMembers.userId, userId)));
  if (deactivated) throw forbidden(DEACTIVATED_HERE);
  const [membership] = await tx.insert(workspaceMembers).values({ workspaceId, userId, role, singleChannel: role === "guest" && singleChannel }).returning();
  // A guest joins the channels their invite names (those still there), never the default ones.
  const joining =
    role === "guest"
      ? guestChannelIds.length
        ? await tx.select({ id: channels.id }).from(channels).where(and(eq(channels.workspaceId, workspaceId), inArray(channels.id, guestChannelIds), isNull(channels.archivedAt)))
        : []
      : intoDefaultChannels
        ? await tx
            .select({ id: channels.id })
            .from(channels)
            .where(and(eq(channels.workspaceId, workspaceId), eq(channels.isDefault, true)))
        : [];
  for (const channel of joining) await addToChannel(ctx, channel.id, [userId]);
  const [user] = await tx
    .select({ name: users.name, email: users.email, image: users.image, isBot: users.isBot, ...personStatusColumns })
    .from(users)
    .where(eq(users.id, userId));
  emit(topics.workspace(workspaceId), {
    type: "workspace.member_joined",
    workspaceId,
    member: { userId, role, joinedAt: membership!.joinedAt, singleChannel: membership!.singleChannel, deactivated: false, ...user! },
  });
  emit(topics.user(userId), { type: "membership.changed" });
}
