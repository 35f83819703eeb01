import { IncomingWebhook } from "@slack/webhook";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { topics } from "../../src/shared/events";
import { toSlackId } from "../../src/server/slack/ids";
import { startDoorServer } from "./door-server";
import { callerFor, eventually, expectTrpcError, recordTopic, workspaceWithMember } from "./factories";

let doors: Awaited<ReturnType<typeof startDoorServer>>;
beforeAll(async () => {
  doors = await startDoorServer();
});
afterAll(() => doors.close());

/** An app with an incoming webhook into #general, made in settings as an admin would, and the URL it shows once. */
async function webhookIntoGeneral() {
  const fixture = await workspaceWithMember();
  const app = await callerFor(fixture.owner.id).apps.create({ workspaceId: fixture.workspace.id, name: "CI", description: "", scopes: [] });
  const webhook = await callerFor(fixture.owner.id).apps.createWebhook({ appId: app.appId, channelId: fixture.general });
  return { ...fixture, app, webhook, url: `http://${doors.host}${webhook.path}` };
}

const newest = async (userId: string, channelId: string) => (await callerFor(userId).messages.history({ channelId })).messages.at(-1)!;

describe("incoming webhooks, posted to by @slack/webhook", () => {
  it("posts mrkdwn text as the app, live, mentions and all", async () => {
    const { url, member, general, app } = await webhookIntoGeneral();
    const live = recordTopic(topics.channel(general));
    const result = await new IncomingWebhook(url).send({ text: `*Build 42* passed for <@${toSlackId("U", member.id)}> :tada: <https://ci.example/42|details>` });
    expect(result.text).toBe("ok");
    await eventually(() =>
      expect(live.events).toContainEqual(
        expect.objectContaining({ type: "message.created", message: expect.objectContaining({ body: `**Build 42** passed for <@${member.id}> 🎉 [details](<https://ci.example/42>)` }), mentions: { userIds: [member.id], channel: false } }),
      ),
    );
    expect(await newest(member.id, general)).toMatchObject({ app: { id: app.appId, username: null } });
    live.stop();
  });

  it("takes blocks and attachments, with the name and icon the payload asks for, into Confab's own model", async () => {
    const { url, member, general } = await webhookIntoGeneral();
    await new IncomingWebhook(url, { username: "Deploys", icon_emoji: ":rocket:" }).send({
      text: "Deploy finished",
      blocks: [
        { type: "header", text: { type: "plain_text", text: "Deploy finished" } },
        { type: "section", text: { type: "mrkdwn", text: "*api* is live" }, fields: [{ type: "mrkdwn", text: "*Env*\nprod" }] },
        { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Roll back" }, action_id: "rollback", value: "42", style: "danger" }] },
      ],
      attachments: [{ color: "good", title: "Changelog", title_link: "https://ci.example/changes", text: "3 commits" }],
    });
    const message = await newest(member.id, general);
    expect(message).toMatchObject({ body: "Deploy finished", app: { username: "Deploys", iconEmoji: "🚀" } });
    expect(message.blocks).toHaveLength(3);
    expect(JSON.stringify(message.blocks)).toContain("rollback");
    expect(JSON.stringify(message.attachments)).toContain("https://ci.example/changes");
  });

  it("refuses what Slack refuses, and a revoked URL stops working", async () => {
    const { url, owner, webhook, member, general } = await webhookIntoGeneral();
    const post = (body: string, contentType = "application/json") => fetch(url, { method: "POST", headers: { "content-type": contentType }, body });
    expect(await post("{}").then(async (response) => [response.status, await response.text()])).toEqual([400, "no_text"]);
    expect(await post("not json").then(async (response) => [response.status, await response.text()])).toEqual([400, "invalid_payload"]);
    expect(await post(JSON.stringify({ blocks: [{ type: "section" }] })).then(async (response) => [response.status, await response.text()])).toEqual([400, "invalid_blocks"]);
    expect((await post("x".repeat(600 * 1024))).status).toBe(413);
    // The form Slack also takes: payload=<json>.
    expect((await post(`payload=${encodeURIComponent(JSON.stringify({ text: "as a form" }))}`, "application/x-www-form-urlencoded")).status).toBe(200);
    expect((await newest(member.id, general)).body).toBe("as a form");

    // A burst past Slack's pace of about one a second: the rest are told when to try again.
    const burst = await Promise.all(Array.from({ length: 6 }, (_, index) => post(JSON.stringify({ text: `burst ${index}` }))));
    const limited = burst.filter((response) => response.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await limited[0]!.text()).toBe("rate_limited");

    const [entry] = (await callerFor(owner.id).apps.list({ workspaceId: (await callerFor(owner.id).workspaces.list())[0]!.id })).flatMap((app) => app.webhooks);
    expect(entry!.id).toBe(webhook.id);
    await callerFor(owner.id).apps.revokeWebhook({ webhookId: webhook.id });
    expect(await post(JSON.stringify({ text: "after revoking" })).then(async (response) => [response.status, await response.text()])).toEqual([404, "no_service"]);
  });

  it("posts only into channels, and never leaks a private channel's name", async () => {
    const { owner, member, workspace, app, url, general } = await webhookIntoGeneral();
    const dm = await callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: [member.id] });
    await expectTrpcError(callerFor(owner.id).apps.createWebhook({ appId: app.appId, channelId: dm.id }), "BAD_REQUEST", /channels, not direct messages/);
    const secret = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "acquisition", kind: "private" });
    await new IncomingWebhook(url).send({ text: `see <#${toSlackId("C", secret.id)}> and <#${toSlackId("C", general)}>` });
    const body = (await newest(member.id, general)).body;
    expect(body).not.toContain("acquisition");
    expect(body).toContain("#general");
  });

  it("renders hostile payloads inert: script in text, javascript: links, hostile icon and names stay data", async () => {
    const { url, member, general } = await webhookIntoGeneral();
    await new IncomingWebhook(url).send({
      text: "<javascript:alert(1)|click> <img src=x onerror=alert(2)> [x](javascript:alert(3))",
      username: "<script>alert(4)</script>",
      icon_url: "javascript:alert(5)",
      blocks: [{ type: "image", image_url: "javascript:alert(6)", alt_text: "x" }, { type: "section", text: { type: "mrkdwn", text: "<https://ok.example|fine>" } }],
    });
    const message = await newest(member.id, general);
    // Slack's link to javascript: is dropped, and Markdown typed in the text stays literal (escaped), never a link.
    expect(message.body).not.toMatch(/(?<!\\)\]\(<?javascript:/i);
    expect(message.body).toContain("\\<img src=x onerror=alert(2)\\>");
    expect(message.app).toMatchObject({ username: "<script>alert(4)</script>", iconUrl: null });
    expect(JSON.stringify(message.blocks)).not.toContain("javascript:");
  });
});
