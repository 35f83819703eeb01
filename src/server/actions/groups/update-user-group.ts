import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { updateUserGroupInput } from "@/shared/user-groups";
import { conflict } from "../../access/errors";
import { userGroups } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";
import { emitGroupChanged, groupInWorkspace, HANDLE_TAKEN, refuseTakenHandle, requireGroupManager, setGroupChannels, setGroupMembers } from "./group-changes";

export const updateUserGroup = defineAction({ actors: ["user"], onUniqueViolation: () => conflict(HANDLE_TAKEN) }, async (ctx, input: z.output<typeof updateUserGroupInput>) => {
  const group = await groupInWorkspace(ctx, input.groupId);
  await requireGroupManager(ctx, group.workspaceId);
  if (input.handle && input.handle !== group.handle) await refuseTakenHandle(ctx, group.workspaceId, input.handle, group.id);
  if (input.handle !== undefined || input.name !== undefined || input.description !== undefined) {
    await ctx.tx
      .update(userGroups)
      .set({ ...(input.handle && { handle: input.handle }), ...(input.name && { name: input.name }), ...(input.description !== undefined && { description: input.description }) })
      .where(eq(userGroups.id, group.id));
  }
  if (input.channelIds) await setGroupChannels(ctx, group, input.channelIds);
  if (input.memberIds) await setGroupMembers(ctx, group, input.memberIds);
  await audit(ctx.tx, { workspaceId: group.workspaceId, actorId: ctx.actor.userId, action: "group.updated", detail: `@${input.handle ?? group.handle}` });
  return (await emitGroupChanged(ctx, group.workspaceId, group.id))!;
});
