import type { Db, Tx } from "../db/client";
import { eq } from "drizzle-orm";
import { auditLog, users } from "../db/schema";

/** One line in the workspace's audit log, written in the same transaction as what it records. */
export async function audit(tx: Db | Tx, entry: { workspaceId: string; actorId: string | null; action: string; detail?: string }) {
  await tx.insert(auditLog).values({ ...entry, detail: entry.detail ?? "" });
}

/** "Ana Lima <ana@example.test>": who an entry is about, readable after they rename or leave. */
export async function personLabel(tx: Db | Tx, userId: string): Promise<string> {
  const [person] = await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, userId));
  return person ? `${person.name} <${person.email}>` : userId;
}
