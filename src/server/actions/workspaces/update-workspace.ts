import { and, eq, ne } from "drizzle-orm";
import type { z } from "zod";
import { topics } from "@/shared/events";
import type { updateWorkspaceInput } from "@/shared/workspaces";
import { conflict } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { workspaceSummaryColumns } from "../../db/projections";
import { workspaces } from "../../db/schema";
import { defineAction } from "../context";
import { SLUG_TAKEN } from "./create-workspace";

export const updateWorkspace = defineAction({ actors: ["user"], onUniqueViolation: () => conflict(SLUG_TAKEN) }, async (ctx, input: z.output<typeof updateWorkspaceInput>) => {
  const { tx, emit, actor } = ctx;
  await requireWorkspaceAdmin(tx, input.workspaceId, actor.userId);
  if (input.slug) {
    const [taken] = await tx
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(and(eq(workspaces.slug, input.slug), ne(workspaces.id, input.workspaceId)));
    if (taken) throw conflict(SLUG_TAKEN);
  }
  const [workspace] = await tx
    .update(workspaces)
    .set({
      ...(input.name && { name: input.name }),
      ...(input.slug && { slug: input.slug }),
      ...(input.readReceipts !== undefined && { readReceipts: input.readReceipts }),
      ...(input.membersCanCreateApps !== undefined && { membersCanCreateApps: input.membersCanCreateApps }),
      ...(input.pushContent && { pushContent: input.pushContent }),
    })
    .where(eq(workspaces.id, input.workspaceId))
    .returning(workspaceSummaryColumns);
  emit(topics.workspace(workspace!.id), { type: "workspace.updated", workspace: workspace! });
  return workspace!;
});
