import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { slashCommandIdInput } from "@/shared/commands";
import { requireManagedApp } from "../../access/apps";
import { notFound } from "../../access/errors";
import { slashCommands } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";

export const deleteSlashCommand = defineAction({ actors: ["user"] }, async ({ tx, actor }, input: z.output<typeof slashCommandIdInput>) => {
  const [command] = await tx.select().from(slashCommands).where(eq(slashCommands.id, input.commandId));
  if (!command) throw notFound("That command does not exist");
  const app = await requireManagedApp(tx, command.appId, actor.userId);
  await tx.delete(slashCommands).where(eq(slashCommands.id, command.id));
  await audit(tx, { workspaceId: app.workspaceId, actorId: actor.userId, action: "app.command_deleted", detail: `${app.name}: ${command.command}` });
});
