import { eq } from "drizzle-orm";
import type { z } from "zod";
import { DEFAULT_CHANNEL_NAME } from "@/shared/channels";
import type { createWorkspaceInput } from "@/shared/workspaces";
import { conflict } from "../../access/errors";
import { channels, workspaces } from "../../db/schema";
import { defineAction } from "../context";
import { joinWorkspace } from "./join-workspace";

export const SLUG_TAKEN = "That URL is already taken; choose another";

export const createWorkspace = defineAction({ actors: ["user"], onUniqueViolation: () => conflict(SLUG_TAKEN) }, async (ctx, input: z.output<typeof createWorkspaceInput>) => {
  const { tx, actor } = ctx;
  const [taken] = await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, input.slug));
  if (taken) throw conflict(SLUG_TAKEN);
  const [workspace] = await tx
    .insert(workspaces)
    .values({ name: input.name, slug: input.slug, createdBy: actor.userId })
    .returning({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug });
  const [general] = await tx
    .insert(channels)
    .values({
      workspaceId: workspace!.id,
      kind: "public",
      name: DEFAULT_CHANNEL_NAME,
      isDefault: true,
      createdBy: actor.userId,
      description: "This channel is for workspace-wide communication and announcements. Everyone is in it.",
    })
    .returning({ id: channels.id });
  await joinWorkspace(ctx, workspace!.id, actor.userId, "owner");
  return { ...workspace!, generalChannelId: general!.id };
});
