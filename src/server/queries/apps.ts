import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { appManagement, requireManagedApp } from "../access/apps";
import { hashToken } from "../auth/secret-tokens";
import { decryptSecret } from "../auth/secrets";
import { type Db, db, type Tx } from "../db/client";
import { apps, appTokens, channels, incomingWebhooks, slashCommands, workspaces } from "../db/schema";

export type AppRow = typeof apps.$inferSelect;

/** The app a presented token belongs to, if the token is of that kind and not revoked. */
export async function appForToken(token: string, kind: "bot" | "app", database: Db | Tx = db()): Promise<(AppRow & { workspaceName: string; workspaceSlug: string }) | null> {
  const [row] = await database
    .select({ app: apps, workspaceName: workspaces.name, workspaceSlug: workspaces.slug })
    .from(appTokens)
    .innerJoin(apps, eq(apps.id, appTokens.appId))
    .innerJoin(workspaces, eq(workspaces.id, apps.workspaceId))
    .where(and(eq(appTokens.tokenHash, hashToken(token)), eq(appTokens.kind, kind), isNull(appTokens.revokedAt)));
  return row ? { ...row.app, workspaceName: row.workspaceName, workspaceSlug: row.workspaceSlug } : null;
}

/** A workspace's apps as its settings show them (a member's own, when members may create apps): never a token or secret, only the tokens' first characters. */
export async function listApps(actorId: string, workspaceId: string) {
  const scope = await appManagement(db(), workspaceId, actorId);
  const rows = await db()
    .select()
    .from(apps)
    .where(and(eq(apps.workspaceId, workspaceId), scope === "own" ? eq(apps.createdBy, actorId) : undefined))
    .orderBy(asc(apps.name));
  if (rows.length === 0) return [];
  const appIds = rows.map((app) => app.id);
  const [tokens, webhooks, commands] = await Promise.all([
    db().select({ appId: appTokens.appId, kind: appTokens.kind, hint: appTokens.hint, createdAt: appTokens.createdAt }).from(appTokens).where(and(inArray(appTokens.appId, appIds), isNull(appTokens.revokedAt))),
    db()
      .select({ id: incomingWebhooks.id, appId: incomingWebhooks.appId, channelId: incomingWebhooks.channelId, channelName: channels.name, createdAt: incomingWebhooks.createdAt })
      .from(incomingWebhooks)
      .innerJoin(channels, eq(channels.id, incomingWebhooks.channelId))
      .where(and(inArray(incomingWebhooks.appId, appIds), isNull(incomingWebhooks.revokedAt))),
    db().select().from(slashCommands).where(inArray(slashCommands.appId, appIds)).orderBy(asc(slashCommands.command)),
  ]);
  return rows.map(({ signingSecretEncrypted: _secret, ...app }) => ({
    ...app,
    tokens: tokens.filter((token) => token.appId === app.id),
    webhooks: webhooks.filter((webhook) => webhook.appId === app.id),
    commands: commands.filter((command) => command.appId === app.id),
  }));
}

/** The signing secret, for an admin setting the app up (it is the app's to verify Confab's requests with). */
export async function appSigningSecret(actorId: string, appId: string) {
  const app = await requireManagedApp(db(), appId, actorId);
  return { signingSecret: decryptSecret(app.signingSecretEncrypted) };
}

/** The app and channel an incoming webhook's secret posts as and to, if it is still live. */
export async function webhookForSecret(secret: string) {
  const [row] = await db()
    .select({ webhook: incomingWebhooks, app: apps })
    .from(incomingWebhooks)
    .innerJoin(apps, eq(apps.id, incomingWebhooks.appId))
    .where(and(eq(incomingWebhooks.secretHash, hashToken(secret)), isNull(incomingWebhooks.revokedAt)));
  return row ?? null;
}
