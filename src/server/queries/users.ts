import { eq } from "drizzle-orm";
import { db } from "../db/client";
import { users } from "../db/schema";

export async function getMe(userId: string) {
  const [me] = await db()
    .select({ id: users.id, name: users.name, email: users.email, image: users.image })
    .from(users)
    .where(eq(users.id, userId));
  return me ?? null;
}
