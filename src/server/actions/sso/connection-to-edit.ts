import { eq } from "drizzle-orm";
import { notFound } from "../../access/errors";
import type { Db, Tx } from "../../db/client";
import { ssoConnections } from "../../db/schema";

export async function connectionToEdit(tx: Db | Tx, connectionId: string) {
  const [connection] = await tx.select().from(ssoConnections).where(eq(ssoConnections.id, connectionId));
  if (!connection) throw notFound("That connection does not exist");
  return connection;
}
