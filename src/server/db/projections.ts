import { sql } from "drizzle-orm";
import type { WeeklySchedule } from "@/shared/notifications";
import { notificationPreferences, users, workspaces } from "./schema";

/** A workspace as its members' clients hold it. */
export const workspaceSummaryColumns = { id: workspaces.id, name: workspaces.name, slug: workspaces.slug, readReceipts: workspaces.readReceipts, pushContent: workspaces.pushContent, membersCanCreateApps: workspaces.membersCanCreateApps, requireTwoFactor: workspaces.requireTwoFactor, deletedAccountMessages: workspaces.deletedAccountMessages, membersCanManageGroups: workspaces.membersCanManageGroups };

/** A person's custom status and Do Not Disturb, as everyone who can see them gets it. */
export const personStatusColumns = {
  statusEmoji: users.statusEmoji,
  statusText: users.statusText,
  statusExpiresAt: users.statusExpiresAt,
  dndUntil: users.dndUntil,
  dndSchedule: sql<WeeklySchedule | null>`(select ${notificationPreferences.schedule} from ${notificationPreferences} where ${notificationPreferences.userId} = ${users.id})`,
  dndTimeZone: sql<string | null>`(select ${notificationPreferences.timeZone} from ${notificationPreferences} where ${notificationPreferences.userId} = ${users.id})`,
};

export const publicPersonColumns = { id: users.id, name: users.name, image: users.image, ...personStatusColumns };
