import type { z } from "zod";
import { topics } from "@/shared/events";
import type { notificationPreferencesInput } from "@/shared/notifications";
import { notificationPreferences } from "../../db/schema";
import { inTransaction } from "../../events";
import { announcePerson } from "../users/announce-person";

/** Replaces the person's notification defaults; their other tabs follow. */
export async function setNotificationPreferences(actorId: string, input: z.output<typeof notificationPreferencesInput>) {
  return inTransaction(async (tx, emit) => {
    const row = { ...input, updatedAt: new Date() };
    await tx
      .insert(notificationPreferences)
      .values({ userId: actorId, ...row })
      .onConflictDoUpdate({ target: notificationPreferences.userId, set: row });
    emit(topics.user(actorId), { type: "notifications.preferences", preferences: input });
    // Co-workers see Do Not Disturb from the working hours too.
    await announcePerson(tx, emit, actorId);
    return input;
  });
}
