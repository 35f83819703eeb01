import { topics } from "@/shared/events";
import { endSessions } from "../../auth/session-validity";
import type { Db, Tx } from "../../db/client";
import type { Emit } from "../context";

/** Ends sessions (see endSessions) and tells their open tabs, which go to the sign-in page at once. */
export async function endSessionsAndTell(tx: Db | Tx, emit: Emit, userId: string, scope: Parameters<typeof endSessions>[2] = {}): Promise<string[]> {
  const ended = await endSessions(tx, userId, scope);
  const all = !scope.only;
  if (ended.length > 0 || all) emit(topics.user(userId), { type: "session.ended", sessionIds: ended, all });
  return ended;
}
