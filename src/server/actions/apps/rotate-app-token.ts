import { and, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { rotateAppTokenInput } from "@/shared/apps";
import { requireManagedApp } from "../../access/apps";
import { hashToken, newSecretToken } from "../../auth/secret-tokens";
import { appTokens } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";

const PREFIX = { bot: "xoxb-", app: "xapp-" } as const;

/** A new token of that kind, shown this once; the one it replaces stops working at once. */
export const rotateAppToken = defineAction({ actors: ["user"] }, async ({ tx, actor, services }, input: z.output<typeof rotateAppTokenInput>) => {
  const app = await requireManagedApp(tx, input.appId, actor.userId);
  await tx
    .update(appTokens)
    .set({ revokedAt: services.clock.now() })
    .where(and(eq(appTokens.appId, app.id), eq(appTokens.kind, input.kind), isNull(appTokens.revokedAt)));
  const token = newSecretToken(PREFIX[input.kind]);
  await tx.insert(appTokens).values({ appId: app.id, kind: input.kind, tokenHash: hashToken(token), hint: token.slice(0, 9) });
  await audit(tx, { workspaceId: app.workspaceId, actorId: actor.userId, action: "app.token_rotated", detail: `${app.name}: ${input.kind === "bot" ? "bot token" : "app-level token"}` });
  return { token };
});
