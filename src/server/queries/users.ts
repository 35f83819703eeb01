import { eq } from "drizzle-orm";
import { db } from "../db/client";
import { publicPersonColumns } from "../db/projections";
import { users } from "../db/schema";

export async function getMe(userId: string) {
  const [me] = await db()
    .select({ ...publicPersonColumns, email: users.email, readReceipts: users.readReceipts })
    .from(users)
    .where(eq(users.id, userId));
  return me ?? null;
}
