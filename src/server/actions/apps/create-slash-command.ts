import type { z } from "zod";
import { type createSlashCommandInput, isBuiltInCommand } from "@/shared/commands";
import { requireManagedApp } from "../../access/apps";
import { conflict, DomainError } from "../../access/errors";
import { slashCommands } from "../../db/schema";
import { vettedAddress } from "../../outbound/safe-fetch";
import { audit } from "../audit";
import { defineAction } from "../context";

type Input = z.output<typeof createSlashCommandInput>;

/**
 * A command people type in the message box (`/deploy`), POSTed to the app's URL. The name is the workspace's: two
 * apps cannot both answer it, and Confab's own commands keep theirs. The URL must be public, checked now so the
 * admin hears of a mistake instead of the person typing it later.
 */
export const createSlashCommand = defineAction(
  { actors: ["user"], onUniqueViolation: (input: Input) => conflict(`${input.command} is already a command in this workspace`) },
  async ({ tx, actor }, input: Input) => {
    const app = await requireManagedApp(tx, input.appId, actor.userId);
    if (!app.scopes.includes("commands")) throw new DomainError("BAD_REQUEST", `Give ${app.name} the commands scope first`, "command");
    if (isBuiltInCommand(input.command)) throw new DomainError("BAD_REQUEST", `${input.command} is one of Confab's own commands`, "command");
    if (!input.url && !app.socketMode) throw new DomainError("BAD_REQUEST", "Give the URL Confab should POST the command to (or turn on Socket Mode)", "url");
    if (input.url) {
      await vettedAddress(new URL(input.url)).catch(() => {
        throw new DomainError("BAD_REQUEST", "That URL must be a public address Confab can reach", "url");
      });
    }
    const [command] = await tx
      .insert(slashCommands)
      .values({ appId: app.id, workspaceId: app.workspaceId, command: input.command, url: input.url, description: input.description, usageHint: input.usageHint })
      .returning();
    await audit(tx, { workspaceId: app.workspaceId, actorId: actor.userId, action: "app.command_created", detail: `${app.name}: ${input.command} → ${input.url || "Socket Mode"}` });
    return command!;
  },
);
