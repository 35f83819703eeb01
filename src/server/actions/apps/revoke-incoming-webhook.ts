import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { webhookIdInput } from "@/shared/apps";
import { requireManagedApp } from "../../access/apps";
import { notFound } from "../../access/errors";
import { incomingWebhooks } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";

export const revokeIncomingWebhook = defineAction({ actors: ["user"] }, async ({ tx, actor, services }, input: z.output<typeof webhookIdInput>) => {
  const [webhook] = await tx.select().from(incomingWebhooks).where(eq(incomingWebhooks.id, input.webhookId));
  if (!webhook) throw notFound("That webhook does not exist");
  const app = await requireManagedApp(tx, webhook.appId, actor.userId);
  await tx.update(incomingWebhooks).set({ revokedAt: services.clock.now() }).where(eq(incomingWebhooks.id, webhook.id));
  await audit(tx, { workspaceId: app.workspaceId, actorId: actor.userId, action: "app.webhook_revoked", detail: app.name });
});
