import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { appIdInput } from "@/shared/apps";
import { requireManagedApp } from "../../access/apps";
import { apps } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";
import { removeFromWorkspace } from "../workspaces/remove-from-workspace";

/** Uninstalls an app: its tokens, webhooks and commands go with it; its bot leaves, its messages stay. */
export const deleteApp = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof appIdInput>) => {
  const { tx, actor } = ctx;
  const app = await requireManagedApp(tx, input.appId, actor.userId);
  await removeFromWorkspace(ctx, app.workspaceId, app.botUserId);
  await tx.delete(apps).where(eq(apps.id, app.id));
  await audit(tx, { workspaceId: app.workspaceId, actorId: actor.userId, action: "app.deleted", detail: app.name });
});
