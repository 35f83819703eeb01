import type { z } from "zod";
import type { createUserGroupInput } from "@/shared/user-groups";
import { conflict } from "../../access/errors";
import { userGroups } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";
import { emitGroupChanged, HANDLE_TAKEN, refuseTakenHandle, requireGroupManager, setGroupChannels, setGroupMembers } from "./group-changes";

export const createUserGroup = defineAction({ actors: ["user"], onUniqueViolation: () => conflict(HANDLE_TAKEN) }, async (ctx, input: z.output<typeof createUserGroupInput>) => {
  await requireGroupManager(ctx, input.workspaceId);
  await refuseTakenHandle(ctx, input.workspaceId, input.handle);
  const [group] = await ctx.tx
    .insert(userGroups)
    .values({ workspaceId: input.workspaceId, handle: input.handle, name: input.name, description: input.description, createdBy: ctx.actor.userId })
    .returning();
  await setGroupChannels(ctx, group!, input.channelIds);
  await setGroupMembers(ctx, group!, input.memberIds);
  await audit(ctx.tx, { workspaceId: input.workspaceId, actorId: ctx.actor.userId, action: "group.created", detail: `@${group!.handle}` });
  return (await emitGroupChanged(ctx, input.workspaceId, group!.id))!;
});
