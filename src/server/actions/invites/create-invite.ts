import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { type createInviteInput, INVITE_EXPIRY_CHOICES } from "@/shared/workspaces";
import { CHANNEL_NOT_FOUND, requireReadableChannel } from "../../access/channels";
import { forbidden, notFound } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { invites } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";

export const createInvite = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof createInviteInput>) => {
  const { tx, actor, services } = ctx;
  const actorRole = await requireWorkspaceAdmin(tx, input.workspaceId, actor.userId);
  if (input.role === "admin" && actorRole !== "owner") throw forbidden("Only owners can invite admins");
  const guest = input.role === "guest";
  // The admin must be able to see every channel they give a guest; a channel they cannot see does not exist for them.
  for (const channelId of guest ? input.channelIds : []) {
    const { channel } = await requireReadableChannel(tx, channelId, actor.userId);
    if (channel.workspaceId !== input.workspaceId || channel.kind === "dm" || channel.kind === "group_dm") throw notFound(CHANNEL_NOT_FOUND);
  }
  const lifetime = INVITE_EXPIRY_CHOICES[input.expiresIn];
  const [invite] = await tx
    .insert(invites)
    .values({
      workspaceId: input.workspaceId,
      // 192 bits: the link is the only secret guarding the workspace.
      token: randomBytes(24).toString("base64url"),
      role: input.role,
      createdBy: actor.userId,
      expiresAt: lifetime === null ? null : new Date(services.clock.now().getTime() + lifetime),
      maxUses: input.maxUses,
      channelIds: guest ? input.channelIds : [],
      singleChannel: guest && input.singleChannel,
    })
    .returning();
  await audit(tx, {
    workspaceId: input.workspaceId,
    actorId: actor.userId,
    action: "invite.created",
    detail: `${guest ? (input.singleChannel ? "single-channel guest" : "multi-channel guest") : input.role} link${guest ? ` for ${input.channelIds.length} channel${input.channelIds.length === 1 ? "" : "s"}` : ""}`,
  });
  return invite!;
});
