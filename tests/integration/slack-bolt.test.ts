import { createServer } from "node:http";
import { App, LogLevel } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
});
