import { asc, eq } from "drizzle-orm";
import { BUILT_IN_COMMANDS, type CommandView } from "@/shared/commands";
import { requireWorkspaceRole } from "../access/workspaces";
import { db } from "../db/client";
import { apps, slashCommands } from "../db/schema";

/** The commands a member can type in a workspace, Confab's own first, for the message box to suggest. */
export async function listCommands(actorId: string, workspaceId: string): Promise<CommandView[]> {
  await requireWorkspaceRole(db(), workspaceId, actorId);
  const appCommands = await db()
    .select({ command: slashCommands.command, description: slashCommands.description, usageHint: slashCommands.usageHint, appId: apps.id, appName: apps.name })
    .from(slashCommands)
    .innerJoin(apps, eq(apps.id, slashCommands.appId))
    .where(eq(slashCommands.workspaceId, workspaceId))
    .orderBy(asc(slashCommands.command));
  return [
    ...BUILT_IN_COMMANDS.map((builtIn) => ({ ...builtIn, app: null })),
    ...appCommands.map(({ appId, appName, ...command }) => ({ ...command, app: { id: appId, name: appName } })),
  ];
}
