import { eq } from "drizzle-orm";
import { topics } from "@/shared/events";
import type { PublicPerson } from "@/shared/users";
import { publicPersonColumns } from "../../db/projections";
import { users, workspaceMembers } from "../../db/schema";
import type { ActionContext } from "../context";

/** Tells everyone who can see this person (their workspaces) and the person's own other tabs how they now look. */
export async function announcePerson({ tx, emit }: ActionContext, userId: string): Promise<PublicPerson> {
  const [person] = await tx.select(publicPersonColumns).from(users).where(eq(users.id, userId));
  const memberships = await tx.select({ workspaceId: workspaceMembers.workspaceId }).from(workspaceMembers).where(eq(workspaceMembers.userId, userId));
  for (const { workspaceId } of memberships) emit(topics.workspace(workspaceId), { type: "user.updated", user: person! });
  emit(topics.user(userId), { type: "user.updated", user: person! });
  return person!;
}
