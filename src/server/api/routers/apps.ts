import { appIdInput, blockActionInput, createAppInput, createIncomingWebhookInput, rotateAppTokenInput, updateAppInput, webhookIdInput } from "@/shared/apps";
import { createSlashCommandInput, slashCommandIdInput } from "@/shared/commands";
import { workspaceIdInput } from "@/shared/workspaces";
import { runAction } from "../../actions/context";
import { createApp } from "../../actions/apps/create-app";
import { createIncomingWebhook } from "../../actions/apps/create-incoming-webhook";
import { deleteApp } from "../../actions/apps/delete-app";
import { revokeIncomingWebhook } from "../../actions/apps/revoke-incoming-webhook";
import { rotateAppToken } from "../../actions/apps/rotate-app-token";
import { updateApp } from "../../actions/apps/update-app";
import { clickBlockAction } from "../../actions/apps/click-block-action";
import { createSlashCommand } from "../../actions/apps/create-slash-command";
import { deleteSlashCommand } from "../../actions/apps/delete-slash-command";
import { env } from "@/env";
import { appSigningSecret, listApps } from "../../queries/apps";
import { authedProcedure, router } from "../trpc";

export const appsRouter = router({
  list: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listApps(ctx.userId, input.workspaceId)),
  create: authedProcedure.input(createAppInput).mutation(async ({ ctx, input }) => {
    const { app, botToken, appToken, signingSecret } = await runAction(ctx.actor, createApp, input);
    return { appId: app.id, botToken, appToken, signingSecret };
  }),
  update: authedProcedure.input(updateAppInput).mutation(async ({ ctx, input }) => {
    const { signingSecretEncrypted: _secret, ...app } = await runAction(ctx.actor, updateApp, input);
    return app;
  }),
  rotateToken: authedProcedure.input(rotateAppTokenInput).mutation(({ ctx, input }) => runAction(ctx.actor, rotateAppToken, input)),
  signingSecret: authedProcedure.input(appIdInput).query(({ ctx, input }) => appSigningSecret(ctx.userId, input.appId)),
  delete: authedProcedure.input(appIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, deleteApp, input)),
  createWebhook: authedProcedure.input(createIncomingWebhookInput).mutation(({ ctx, input }) => runAction(ctx.actor, createIncomingWebhook, input)),
  revokeWebhook: authedProcedure.input(webhookIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, revokeIncomingWebhook, input)),
  createCommand: authedProcedure.input(createSlashCommandInput).mutation(({ ctx, input }) => runAction(ctx.actor, createSlashCommand, input)),
  deleteCommand: authedProcedure.input(slashCommandIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, deleteSlashCommand, input)),
  clickBlockAction: authedProcedure
    .input(blockActionInput)
    .mutation(({ ctx, input }) => runAction(ctx.actor, clickBlockAction, { ...input, origin: ctx.origin ?? env().publicUrl })),
});
