import { eq } from "drizzle-orm";
import type { z } from "zod";
import { topics } from "@/shared/events";
import type { updateProfileInput } from "@/shared/users";
import { users, workspaceMembers } from "../../db/schema";
import { inTransaction } from "../../events";

export async function updateProfile(actorId: string, input: z.output<typeof updateProfileInput>) {
  return inTransaction(async (tx, emit) => {
    const [user] = await tx
      .update(users)
      .set({ name: input.name })
      .where(eq(users.id, actorId))
      .returning({ id: users.id, name: users.name, image: users.image });
    const memberships = await tx
      .select({ workspaceId: workspaceMembers.workspaceId })
      .from(workspaceMembers)
      .where(eq(workspaceMembers.userId, actorId));
    // Everyone who can see this person's name, and the person's own other tabs.
    for (const { workspaceId } of memberships) emit(topics.workspace(workspaceId), { type: "user.updated", user: user! });
    emit(topics.user(actorId), { type: "user.updated", user: user! });
    return user!;
  });
}
