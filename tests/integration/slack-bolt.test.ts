import { createServer } from "node:http";
import { App, LogLevel } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createCaller } from "../../src/server/api/root";
import { clickBlockAction } from "../../src/server/actions/apps/click-block-action";
import { runAction, userActor } from "../../src/server/actions/context";
import { servicesAt } from "../../src/server/services";
import { toSlackId } from "../../src/server/slack/ids";
import { signedHeaders } from "../../src/server/slack/signing";
import { topics } from "../../src/shared/events";
import { TEST_APP_PORT } from "../setup/env";
import { startDoorServer } from "./door-server";
import { callerFor, eventually, expectTrpcError, recordTopic, workspaceWithMember } from "./factories";

let doors: Awaited<ReturnType<typeof startDoorServer>>;
beforeAll(async () => {
  doors = await startDoorServer();
});
afterAll(() => doors.close());

const eventsUrl = `http://127.0.0.1:${TEST_APP_PORT}/slack/events`;

describe("an unmodified @slack/bolt app over HTTP", () => {
  it("verifies its Events URL, hears an @-mention and a channel message, and answers through the Web API, live", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const installed = await callerFor(owner.id).apps.create({ workspaceId: workspace.id, name: "Deploy Bot", description: "", scopes: ["chat:write", "channels:join", "channels:history", "app_mentions:read", "reactions:read"] });
    const slackApiUrl = `http://${doors.host}/api/slack/`;

    // A URL that does not answer Slack's challenge is refused when it is saved, beside the field.
    const impostor = createServer((_req, res) => res.end("hello"));
    await new Promise<void>((resolve) => impostor.listen(TEST_APP_PORT, "127.0.0.1", resolve));
    await expectTrpcError(callerFor(owner.id).apps.update({ appId: installed.appId, eventsUrl, eventTypes: ["app_mention"] }), "BAD_REQUEST", /challenge/);
    // An event tells what its scope would let the app read, so it needs that scope.
    await expectTrpcError(callerFor(owner.id).apps.update({ appId: installed.appId, eventTypes: ["message.im"] }), "BAD_REQUEST", /message\.im needs im:history/);
    await new Promise((resolve) => impostor.close(resolve));

    const bolt = new App({ token: installed.botToken, signingSecret: installed.signingSecret, clientOptions: { slackApiUrl }, logLevel: LogLevel.ERROR });
    const heard: string[] = [];
    bolt.event("app_mention", async ({ event, say }) => {
      heard.push(`mention:${event.text}`);
      await say({ text: `On it, <@${event.user}>`, thread_ts: event.ts });
    });
    bolt.event("reaction_added", async ({ event }) => {
      heard.push(`reaction:${event.reaction}:${event.item.type === "message" ? event.item.ts : ""}`);
    });
    bolt.message(async ({ message }) => {
      if ("text" in message && message.text) heard.push(`message:${message.text}`);
    });
    await bolt.start(TEST_APP_PORT);
    try {
      await callerFor(owner.id).apps.update({ appId: installed.appId, eventsUrl, eventTypes: ["app_mention", "message.channels", "reaction_added"] });
      await new WebClient(installed.botToken, { slackApiUrl }).conversations.join({ channel: toSlackId("C", general) });
      const botUserId = (await callerFor(owner.id).apps.list({ workspaceId: workspace.id }))[0]!.botUserId;

      await callerFor(member.id).messages.send({ channelId: general, body: "hello team", clientNonce: crypto.randomUUID() });
      const asked = await callerFor(member.id).messages.send({ channelId: general, body: `<@${botUserId}> deploy api`, clientNonce: crypto.randomUUID() });
      await eventually(async () => {
        const thread = await callerFor(member.id).messages.thread({ rootId: asked.id });
        expect(thread.replies.map((reply) => [reply.authorId, reply.body])).toEqual([[botUserId, `On it, <@${member.id}>`]]);
      }, 15_000);
      const botId = toSlackId("U", botUserId);
      expect(heard).toContain("message:hello team");
      expect(heard).toContain(`mention:<@${botId}> deploy api`);
      await callerFor(member.id).messages.react({ messageId: asked.id, emoji: "🚀" });
      const askedTs = (await new WebClient(installed.botToken, { slackApiUrl }).conversations.history({ channel: toSlackId("C", general), limit: 5 })).messages!.find((message) => message.text?.endsWith("deploy api"))!.ts;
      await eventually(() => expect(heard).toContain(`reaction:rocket:${askedTs}`), 15_000);
      // Its own answer is not sent back to it.
      expect(heard.filter((entry) => entry.startsWith("message:On it"))).toEqual([]);
    } finally {
      await bolt.stop();
    }
  });

  it("gets a click on a button in its message, acks, and replaces the message through the response_url, live", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const installed = await callerFor(owner.id).apps.create({ workspaceId: workspace.id, name: "Deploy Bot", description: "", scopes: ["chat:write", "channels:join"] });
    const slackApiUrl = `http://${doors.host}/api/slack/`;
    const bolt = new App({ token: installed.botToken, signingSecret: installed.signingSecret, clientOptions: { slackApiUrl }, logLevel: LogLevel.ERROR });
    const clicks: Array<{ user: string; value?: string }> = [];
    bolt.action("rollback", async ({ ack, respond, body, action }) => {
      await ack();
      clicks.push({ user: body.user.id, value: "value" in action ? action.value : undefined });
      await respond({ replace_original: true, text: `Rolled back by <@${body.user.id}>` });
    });
    await bolt.start(TEST_APP_PORT);
    try {
      const web = new WebClient(installed.botToken, { slackApiUrl });
      await web.conversations.join({ channel: toSlackId("C", general) });
      await web.chat.postMessage({
        channel: toSlackId("C", general),
        text: "Deploy 42 is live",
        blocks: [{ type: "actions", block_id: "deploy", elements: [{ type: "button", action_id: "rollback", value: "42", text: { type: "plain_text", text: "Roll back" }, style: "danger" }] }],
      });
      const posted = (await callerFor(member.id).messages.history({ channelId: general })).messages.at(-1)!;
      // Clicks go nowhere until the app says where.
      const asMember = createCaller({ userId: member.id, origin: `http://${doors.host}` });
      const click = { messageId: posted.id, action: { type: "button" as const, blockId: "deploy", actionId: "rollback", value: "42" } };
      await expectTrpcError(asMember.apps.clickBlockAction(click), "BAD_REQUEST", /interactivity URL/);
      await callerFor(owner.id).apps.update({ appId: installed.appId, interactivityUrl: `http://127.0.0.1:${TEST_APP_PORT}/slack/events` });
      // A click the message does not offer is refused before it reaches the app.
      await expectTrpcError(asMember.apps.clickBlockAction({ ...click, action: { ...click.action, value: "43" } }), "BAD_REQUEST", /not in the message/);
      // Signed ten minutes ago (as a replayed capture would be): Bolt's own check refuses it before any handler runs.
      const tenMinutesAgo = servicesAt(new Date(Date.now() - 10 * 60_000));
      await expect(runAction(userActor(member.id), clickBlockAction, { ...click, origin: `http://${doors.host}` }, tenMinutesAgo)).rejects.toThrow(/did not answer/);
      // A body changed after signing is refused as well.
      const forgedBody = new URLSearchParams({ payload: JSON.stringify({ type: "block_actions", actions: [{ action_id: "rollback", value: "1" }] }) }).toString();
      const forged = await fetch(`http://127.0.0.1:${TEST_APP_PORT}/slack/events`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...signedHeaders(installed.signingSecret, "payload=%7B%7D", new Date()) },
        body: forgedBody,
      });
      expect(forged.status).toBe(401);
      expect(clicks).toEqual([]);
      await asMember.apps.clickBlockAction(click);
      expect(clicks).toEqual([{ user: toSlackId("U", member.id), value: "42" }]);
      await eventually(async () => {
        const changed = (await callerFor(member.id).messages.history({ channelId: general })).messages.find((message) => message.id === posted.id)!;
        expect(changed).toMatchObject({ body: `Rolled back by <@${member.id}>`, blocks: null });
      });
    } finally {
      await bolt.stop();
    }
  });

  it("answers a slash command typed by one person: an ephemeral ack only they see, then follow-ups through the response_url", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const installed = await callerFor(owner.id).apps.create({ workspaceId: workspace.id, name: "Deploy Bot", description: "", scopes: ["chat:write", "channels:join", "commands"] });
    const slackApiUrl = `http://${doors.host}/api/slack/`;
    const commandUrl = `http://127.0.0.1:${TEST_APP_PORT}/slack/events`;
    await callerFor(owner.id).apps.createCommand({ appId: installed.appId, command: "/deploy", url: commandUrl, description: "Deploy a service", usageHint: "[service]" });
    const bolt = new App({ token: installed.botToken, signingSecret: installed.signingSecret, clientOptions: { slackApiUrl }, logLevel: LogLevel.ERROR });
    const received: Array<Record<string, unknown>> = [];
    bolt.command("/deploy", async ({ command, ack, respond }) => {
      received.push({ ...command });
      await ack({ response_type: "ephemeral", text: `Deploying *${command.text}*…` });
      await respond({ response_type: "in_channel", text: `<@${command.user_id}> deployed ${command.text}` });
      await respond({ text: "Logs are ready" });
    });
    await bolt.start(TEST_APP_PORT);
    const callerTab = recordTopic(topics.user(member.id));
    const othersTab = recordTopic(topics.user(owner.id));
    try {
      await new WebClient(installed.botToken, { slackApiUrl }).conversations.join({ channel: toSlackId("C", general) });
      // The composer's list: Confab's own commands, then the app's, with its usage hint.
      const offered = await callerFor(member.id).commands.list({ workspaceId: workspace.id });
      expect(offered.map((command) => command.command)).toEqual(["/me", "/shrug", "/invite", "/leave", "/topic", "/mute", "/deploy"]);
      expect(offered.at(-1)).toEqual({ command: "/deploy", description: "Deploy a service", usageHint: "[service]", app: { id: installed.appId, name: "Deploy Bot" } });

      const asMember = createCaller({ userId: member.id, origin: `http://${doors.host}` });
      const result = await asMember.commands.run({ channelId: general, command: "/deploy", text: "api" });
      // Bolt checked the signature, or the handler would not have run; the form is Slack's.
      expect(received).toEqual([
        expect.objectContaining({
          command: "/deploy",
          text: "api",
          team_id: toSlackId("T", workspace.id),
          team_domain: workspace.slug,
          channel_id: toSlackId("C", general),
          channel_name: "general",
          user_id: toSlackId("U", member.id),
          user_name: "Member",
          api_app_id: toSlackId("A", installed.appId),
          response_url: expect.stringMatching(new RegExp(`^http://${doors.host}/api/slack-respond/`)),
          trigger_id: expect.any(String),
        }),
      ]);
      expect(result.ephemeral).toEqual([expect.objectContaining({ channelId: general, threadRootId: null, body: "Deploying **api**…", app: expect.objectContaining({ name: "Deploy Bot" }) })]);
      const botUserId = (await callerFor(owner.id).apps.list({ workspaceId: workspace.id }))[0]!.botUserId;
      await eventually(async () => {
        const last = (await callerFor(owner.id).messages.history({ channelId: general })).messages.at(-1)!;
        expect(last).toMatchObject({ authorId: botUserId, body: `<@${member.id}> deployed api` });
      }, 10_000);
      await eventually(() => {
        const ephemeral = callerTab.events.flatMap((event) => (event.type === "message.ephemeral" ? [event.message.body] : []));
        expect(ephemeral).toEqual(["Deploying **api**…", "Logs are ready"]);
      }, 10_000);
      expect(othersTab.events.filter((event) => event.type === "message.ephemeral")).toEqual([]);

      // A response_url takes five follow-ups; two were used.
      const responseUrl = String(received[0]!.response_url);
      const follow = (text: string) => fetch(responseUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text }) });
      for (const round of [3, 4, 5]) expect((await follow(`follow-up ${round}`)).status).toBe(200);
      const sixth = await follow("one too many");
      expect(sixth.status).toBe(404);
      expect(await sixth.json()).toMatchObject({ ok: false, error: "expired_url" });
    } finally {
      callerTab.stop();
      othersTab.stop();
      await bolt.stop();
    }
  });

  it("tells the caller when a command's app is slow, down or answers an error, and refuses commands it cannot register", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const installed = await callerFor(owner.id).apps.create({ workspaceId: workspace.id, name: "Ops", description: "", scopes: ["chat:write"] });
    const url = `http://127.0.0.1:${TEST_APP_PORT}/commands`;
    const command = { appId: installed.appId, command: "/status", url, description: "", usageHint: "" };
    await expectTrpcError(callerFor(owner.id).apps.createCommand(command), "BAD_REQUEST", /commands scope/);
    await callerFor(owner.id).apps.update({ appId: installed.appId, scopes: ["chat:write", "commands"] });
    await expectTrpcError(callerFor(owner.id).apps.createCommand({ ...command, url: "http://10.0.0.7/commands" }), "BAD_REQUEST", /public address/);
    await expectTrpcError(callerFor(owner.id).apps.createCommand({ ...command, url: "http://localhost:9/commands" }), "BAD_REQUEST", /public address/);
    await expectTrpcError(callerFor(owner.id).apps.createCommand({ ...command, command: "/shrug" }), "BAD_REQUEST", /Confab's own/);
    await expectTrpcError(callerFor(owner.id).apps.createCommand({ ...command, command: "Not a command!" }), "BAD_REQUEST", /lowercase letters/);
    await expectTrpcError(callerFor(member.id).apps.createCommand(command), "NOT_FOUND");
    await callerFor(owner.id).apps.createCommand(command);
    await expectTrpcError(callerFor(owner.id).apps.createCommand(command), "CONFLICT", /already a command/);
    await expectTrpcError(callerFor(member.id).commands.run({ channelId: general, command: "/nope", text: "" }), "BAD_REQUEST", /not a command in this workspace/);

    let behaviour: "hang" | "fail" | "plain" = "hang";
    const app = createServer((_req, res) => {
      if (behaviour === "fail") res.writeHead(500).end("boom");
      else if (behaviour === "plain") res.writeHead(200, { "content-type": "text/plain" }).end("All <b>systems</b> go");
      // "hang": never answers.
    });
    await new Promise<void>((resolve) => app.listen(TEST_APP_PORT, "127.0.0.1", resolve));
    try {
      const run = () => callerFor(member.id).commands.run({ channelId: general, command: "/status", text: "" });
      expect((await run()).ephemeral.map((note) => note.body)).toEqual(["/status failed: Ops did not answer within 3 seconds."]);
      behaviour = "fail";
      expect((await run()).ephemeral.map((note) => note.body)).toEqual(["/status failed: Ops answered with an error (HTTP 500)."]);
      behaviour = "plain";
      // Plain text is shown as text: markup in it is inert.
      expect((await run()).ephemeral).toEqual([expect.objectContaining({ body: "All \\<b\\>systems\\</b\\> go", app: expect.objectContaining({ name: "Ops" }) })]);
    } finally {
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
    }
    // Nothing a command answered was stored as a message.
    expect((await callerFor(member.id).messages.history({ channelId: general })).messages.filter((message) => message.authorId !== null && message.kind === "user")).toEqual([]);
  });

  it("runs the same app over Socket Mode: it connects with its app-level token, acks a message event, and answers a command in its ack", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const installed = await callerFor(owner.id).apps.create({ workspaceId: workspace.id, name: "Socket Bot", description: "", scopes: ["chat:write", "channels:join", "channels:history", "commands"] });
    const slackApiUrl = `http://${doors.host}/api/slack/`;
    await callerFor(owner.id).apps.update({ appId: installed.appId, socketMode: true, eventTypes: ["message.channels"] });
    // No request URL: the command reaches the app over its connection.
    await callerFor(owner.id).apps.createCommand({ appId: installed.appId, command: "/ping", url: "", description: "", usageHint: "" });

    // The wrong kind of token, or a made-up ticket, opens nothing.
    const asBot = new WebClient(installed.botToken, { slackApiUrl });
    expect(await asBot.apiCall("apps.connections.open").catch((error: { data?: { error?: string } }) => error.data?.error)).toBe("not_allowed_token_type");
    const forged = new WebSocket(`ws://${doors.host}/api/slack-socket?ticket=made-up`);
    expect(await new Promise((resolve) => forged.on("unexpected-response", (_req, res) => resolve(res.statusCode)))).toBe(401);

    const bolt = new App({ token: installed.botToken, appToken: installed.appToken, socketMode: true, clientOptions: { slackApiUrl }, logLevel: LogLevel.ERROR });
    const heard: Array<{ text?: string; channel: string }> = [];
    bolt.message(async ({ message }) => {
      if ("text" in message) heard.push({ text: message.text, channel: message.channel });
    });
    bolt.command("/ping", async ({ command, ack }) => {
      await ack(`pong, <@${command.user_id}>`);
    });
    await bolt.start();
    try {
      await asBot.conversations.join({ channel: toSlackId("C", general) });
      await callerFor(member.id).messages.send({ channelId: general, body: "hello over the socket", clientNonce: crypto.randomUUID() });
      await eventually(() => expect(heard).toContainEqual({ text: "hello over the socket", channel: toSlackId("C", general) }), 15_000);

      const answered = await callerFor(member.id).commands.run({ channelId: general, command: "/ping", text: "" });
      expect(answered.ephemeral.map((note) => note.body)).toEqual([`pong, <@${member.id}>`]);
    } finally {
      await bolt.stop();
    }
    // Gone from the app's side: a command now says so instead of waiting.
    await eventually(async () => {
      const after = await callerFor(member.id).commands.run({ channelId: general, command: "/ping", text: "" });
      expect(after.ephemeral.map((note) => note.body)).toEqual(["/ping failed: Socket Bot is not connected to Confab right now."]);
    });
  });
});
