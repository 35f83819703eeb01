import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { updateProfileInput } from "@/shared/users";
import { users } from "../../db/schema";
import { defineAction } from "../context";
import { announcePerson } from "./announce-person";

export const updateProfile = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof updateProfileInput>) => {
  await ctx.tx.update(users).set({ name: input.name }).where(eq(users.id, ctx.actor.userId));
  return announcePerson(ctx, ctx.actor.userId);
});
