import type { z } from "zod";
import type { createAppInput } from "@/shared/apps";
import { newId } from "@/shared/ids";
import { appManagement } from "../../access/apps";
import { hashToken, newSecretToken } from "../../auth/secret-tokens";
import { encryptSecret } from "../../auth/secrets";
import { apps, appTokens, users } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";
import { joinWorkspace } from "../workspaces/join-workspace";

/** Bots have no mailbox; the reserved .invalid domain keeps their addresses from ever being anyone's. */
const botEmail = (appId: string) => `app-${appId}@bots.confab.invalid`;

/**
 * An app and its bot user, a member of the workspace (and of no channel until someone adds it). Its bot token,
 * app-level token and signing secret are returned this once: only the tokens' hashes are kept.
 */
export const createApp = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof createAppInput>) => {
  const { tx, actor } = ctx;
  await appManagement(tx, input.workspaceId, actor.userId);
  const appId = newId();
  const [bot] = await tx.insert(users).values({ name: input.name, email: botEmail(appId), isBot: true }).returning({ id: users.id });
  await joinWorkspace(ctx, input.workspaceId, bot!.id, "member", { intoDefaultChannels: false });
  const signingSecret = newSecretToken();
  const [app] = await tx
    .insert(apps)
    .values({
      id: appId,
      workspaceId: input.workspaceId,
      name: input.name,
      description: input.description,
      botUserId: bot!.id,
      scopes: [...new Set(input.scopes)],
      signingSecretEncrypted: encryptSecret(signingSecret),
      createdBy: actor.userId,
    })
    .returning();
  const tokens = { bot: newSecretToken("xoxb-"), app: newSecretToken("xapp-") };
  await tx.insert(appTokens).values([
    { appId, kind: "bot", tokenHash: hashToken(tokens.bot), hint: tokens.bot.slice(0, 9) },
    { appId, kind: "app", tokenHash: hashToken(tokens.app), hint: tokens.app.slice(0, 9) },
  ]);
  await audit(tx, { workspaceId: input.workspaceId, actorId: actor.userId, action: "app.created", detail: `${input.name} (scopes: ${app!.scopes.join(", ") || "none"})` });
  return { app: app!, botToken: tokens.bot, appToken: tokens.app, signingSecret };
});
