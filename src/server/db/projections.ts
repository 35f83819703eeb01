import { users, workspaces } from "./schema";

/** A workspace as its members' clients hold it. */
export const workspaceSummaryColumns = { id: workspaces.id, name: workspaces.name, slug: workspaces.slug, readReceipts: workspaces.readReceipts, pushContent: workspaces.pushContent };

/** A person's custom status and Do Not Disturb, as everyone who can see them gets it. */
export const personStatusColumns = {
  statusEmoji: users.statusEmoji,
  statusText: users.statusText,
  statusExpiresAt: users.statusExpiresAt,
  dndUntil: users.dndUntil,
};

export const publicPersonColumns = { id: users.id, name: users.name, image: users.image, ...personStatusColumns };
