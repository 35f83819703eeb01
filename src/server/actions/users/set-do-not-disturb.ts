import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { setDndInput } from "@/shared/users";
import { users } from "../../db/schema";
import { defineAction } from "../context";
import { announcePerson } from "./announce-person";

export const setDoNotDisturb = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof setDndInput>) => {
  await ctx.tx.update(users).set({ dndUntil: input.until }).where(eq(users.id, ctx.actor.userId));
  return announcePerson(ctx, ctx.actor.userId);
});
