import { defineAction } from "../context";
import { endSessionsAndTell } from "./session-ended";

/** The person ends one of their sessions (`only`), or every one but the one asking (`except`); their tabs sign out at once. */
export const signOutSessions = defineAction({ actors: ["user"] }, async (ctx, scope: { only?: string[]; except?: string }) => {
  const ended = await endSessionsAndTell(ctx.tx, ctx.emit, ctx.actor.userId, scope);
  return { ended: ended.length };
});
