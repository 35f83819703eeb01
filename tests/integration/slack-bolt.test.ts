import { createServer } from "node:http";
import { App, LogLevel } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../../src/server/api/root";
import { toSlackId } from "../../src/server/slack/ids";
import { TEST_APP_PORT } from "../setup/env";
import { startDoorServer } from "./door-server";
import { callerFor, eventually, expectTrpcError, workspaceWithMember } from "./factories";

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
});
