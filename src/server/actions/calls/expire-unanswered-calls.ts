import { and, isNull, lt } from "drizzle-orm";
import { calls } from "../../db/schema";
import { defineAction } from "../context";
import { closeRoomAfterCommit, finishCall } from "./finish-call";

/** DM calls nobody answered in time become missed calls. Safe from several processes: each call ends once. */
export const expireUnansweredCalls = defineAction({ actors: ["system"] }, async (ctx): Promise<number> => {
  const now = ctx.services.clock.now();
  const due = await ctx.tx
    .select({ id: calls.id })
    .from(calls)
    .where(and(isNull(calls.endedAt), isNull(calls.answeredAt), lt(calls.ringUntil, now)));
  let missed = 0;
  for (const { id } of due) {
    if (!(await finishCall(ctx, id, "missed", now))) continue;
    closeRoomAfterCommit(ctx, id);
    missed += 1;
  }
  return missed;
});
