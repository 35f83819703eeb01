import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { setStatusInput } from "@/shared/users";
import { users } from "../../db/schema";
import { defineAction } from "../context";
import { announcePerson } from "./announce-person";

/** Sets (or, with nothing in it, clears) the actor's custom status, live for everyone who can see them. */
export const setStatus = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof setStatusInput>) => {
  const text = input.text || null;
  const empty = !input.emoji && !text;
  await ctx.tx
    .update(users)
    .set({ statusEmoji: empty ? null : input.emoji, statusText: empty ? null : text, statusExpiresAt: empty ? null : input.expiresAt })
    .where(eq(users.id, ctx.actor.userId));
  return announcePerson(ctx, ctx.actor.userId);
});
