import type { z } from "zod";
import { topics } from "@/shared/events";
import type { notificationPreferencesInput } from "@/shared/notifications";
import { notificationPreferences } from "../../db/schema";
import { defineAction } from "../context";
import { announcePerson } from "../users/announce-person";

/** Replaces the person's notification defaults; their other tabs follow. */
export const setNotificationPreferences = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof notificationPreferencesInput>) => {
  const { tx, emit, actor, services } = ctx;
  const row = { ...input, updatedAt: services.clock.now() };
  await tx
    .insert(notificationPreferences)
    .values({ userId: actor.userId, ...row })
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: row });
  emit(topics.user(actor.userId), { type: "notifications.preferences", preferences: input });
  // Co-workers see Do Not Disturb from the working hours too.
  await announcePerson(ctx, actor.userId);
  return input;
});
