import type { z } from "zod";
import { type createIncomingWebhookInput, INCOMING_WEBHOOK_PATH } from "@/shared/apps";
import { requireManagedApp } from "../../access/apps";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { badRequest, notFound } from "../../access/errors";
import { hashToken, newSecretToken } from "../../auth/secret-tokens";
import { incomingWebhooks } from "../../db/schema";
import { audit } from "../audit";
import { addToChannel } from "../channels/add-to-channel";
import { defineAction } from "../context";

/**
 * A URL that posts into a channel the admin is in, as the app; the app's bot joins the channel (as installing a
 * Slack webhook adds the app there). The URL holds the secret, so it is returned this once.
 */
export const createIncomingWebhook = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof createIncomingWebhookInput>) => {
  const { tx, actor } = ctx;
  const app = await requireManagedApp(tx, input.appId, actor.userId);
  const { channel } = await requireChannelMember(tx, input.channelId, actor.userId);
  if (channel.workspaceId !== app.workspaceId) throw notFound("That channel does not exist or you cannot see it");
  requireNotArchived(channel);
  // A conversation's people choose who is in it: an admin cannot bring a bot into someone's DM.
  if (channel.kind === "dm" || channel.kind === "group_dm") throw badRequest("Incoming webhooks post into channels, not direct messages");
  await addToChannel(ctx, channel.id, [app.botUserId]);
  const secret = newSecretToken();
  const [webhook] = await tx.insert(incomingWebhooks).values({ appId: app.id, channelId: channel.id, secretHash: hashToken(secret), createdBy: actor.userId }).returning();
  await audit(tx, { workspaceId: app.workspaceId, actorId: actor.userId, action: "app.webhook_created", detail: `${app.name} → #${channel.name}` });
  return { id: webhook!.id, path: `${INCOMING_WEBHOOK_PATH}${secret}` };
});
