import { eq } from "drizzle-orm";
import type { z } from "zod";
import { DEFAULT_CHANNEL_NAME } from "@/shared/channels";
import type { createWorkspaceInput } from "@/shared/workspaces";
import { conflict } from "../../access/errors";
import { channels, workspaces } from "../../db/schema";
import { inTransaction } from "../../events";
import { isUniqueViolation } from "../unique-violation";
import { joinWorkspace } from "./join-workspace";

export const SLUG_TAKEN = "That URL is already taken; choose another";

export async function createWorkspace(actorId: string, input: z.output<typeof createWorkspaceInput>) {
  try {
    return await inTransaction(async (tx, emit) => {
      const [taken] = await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, input.slug));
      if (taken) throw conflict(SLUG_TAKEN);
      const [workspace] = await tx
        .insert(workspaces)
        .values({ name: input.name, slug: input.slug, createdBy: actorId })
        .returning({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug });
      const [general] = await tx
        .insert(channels)
        .values({
          workspaceId: workspace!.id,
          kind: "public",
          name: DEFAULT_CHANNEL_NAME,
          isDefault: true,
          createdBy: actorId,
          description: "This channel is for workspace-wide communication and announcements. Everyone is in it.",
        })
        .returning({ id: channels.id });
      await joinWorkspace(tx, emit, workspace!.id, actorId, "owner");
      return { ...workspace!, generalChannelId: general!.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(SLUG_TAKEN);
    throw error;
  }
}
