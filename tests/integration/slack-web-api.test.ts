import { ErrorCode, WebClient, WebClientEvent } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction, userActor } from "../../src/server/actions/context";
import { createApp } from "../../src/server/actions/apps/create-app";
import { fromSlackId, toSlackId } from "../../src/server/slack/ids";
import { topics } from "../../src/shared/events";
import { sessionCookie, startDoorServer } from "./door-server";
import { callerFor, eventually, makeUser, recordTopic, workspaceWithMember } from "./factories";

let doors: Awaited<ReturnType<typeof startDoorServer>>;
beforeAll(async () => {
  doors = await startDoorServer();
});
afterAll(() => doors.close());

const ALL_SCOPES = ["channels:manage", "reactions:write", "reactions:read", "chat:write", "channels:read", "channels:history", "channels:join", "groups:read", "groups:history", "users:read", "users:read.email", "pins:write", "pins:read", "team:read", "im:write"] as const;

/** A workspace with an app installed, and Slack's own client pointed at Confab: the only change a bot author makes. */
async function installedApp(scopes: readonly string[] = ALL_SCOPES) {
  const fixture = await workspaceWithMember();
  const installed = await runAction(userActor(fixture.owner.id), createApp, { workspaceId: fixture.workspace.id, name: "Deploy Bot", description: "Ships things", scopes: [...scopes] as never });
  const slack = new WebClient(installed.botToken, { slackApiUrl: `http://${doors.host}/api/slack/`, retryConfig: { retries: 3, factor: 1, minTimeout: 10, maxTimeout: 50 } });
  return { ...fixture, ...installed, slack, general: fixture.general, generalSlackId: toSlackId("C", fixture.general) };
}

async function slackError(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => null,
    (caught: { code?: string; data?: { error?: string } }) => caught,
  );
  expect(error, "the call should have failed").not.toBeNull();
  expect(error!.code).toBe(ErrorCode.PlatformError);
  return error!.data!.error!;
}

describe("Slack Web API, called by @slack/web-api's WebClient", () => {
  it("answers auth.test and team.info with the bot's and the workspace's Slack-shaped ids", async () => {
    const { slack, app, workspace } = await installedApp();
    const auth = await slack.auth.test();
    expect(auth).toMatchObject({ ok: true, team: workspace.name, user: "Deploy Bot", team_id: toSlackId("T", workspace.id), user_id: toSlackId("U", app.botUserId), bot_id: toSlackId("B", app.id) });
    expect((await slack.team.info()).team).toMatchObject({ id: toSlackId("T", workspace.id), name: workspace.name, domain: workspace.slug });
  });

  it("posts, replies in a thread, updates and deletes, each seen live by people through the same actions", async () => {
    const { slack, member, general, generalSlackId, app } = await installedApp();
    // A bot starts outside every channel, as Slack's do.
    expect(await slackError(slack.chat.postMessage({ channel: generalSlackId, text: "hello" }))).toBe("not_in_channel");
    await slack.conversations.join({ channel: generalSlackId });

    const live = recordTopic(topics.channel(general));
    const posted = await slack.chat.postMessage({ channel: generalSlackId, text: `Deploying <@${toSlackId("U", member.id)}>` });
    expect(posted).toMatchObject({ ok: true, channel: generalSlackId, message: { text: `Deploying <@${toSlackId("U", member.id)}>`, bot_id: toSlackId("B", app.id) } });
    await eventually(() => expect(live.events).toContainEqual(expect.objectContaining({ type: "message.created", message: expect.objectContaining({ body: `Deploying <@${member.id}>`, authorId: app.botUserId, app: expect.objectContaining({ id: app.id }) }), mentions: { userIds: [member.id], channel: false } })));

    const reply = await slack.chat.postMessage({ channel: generalSlackId, text: "step 1 done", thread_ts: posted.ts });
    expect(reply.message).toMatchObject({ thread_ts: posted.ts });
    const thread = await slack.conversations.replies({ channel: generalSlackId, ts: posted.ts! });
    expect(thread.messages!.map((message) => message.text)).toEqual([`Deploying <@${toSlackId("U", member.id)}>`, "step 1 done"]);

    await slack.chat.update({ channel: generalSlackId, ts: posted.ts!, text: "Deployed" });
    const history = await callerFor(member.id).messages.history({ channelId: general });
    expect(history.messages.find((message) => message.authorId === app.botUserId)).toMatchObject({ body: "Deployed", editedAt: expect.any(Date) });

    await slack.chat.delete({ channel: generalSlackId, ts: reply.ts! });
    await eventually(() => expect(live.events).toContainEqual(expect.objectContaining({ type: "message.updated", message: expect.objectContaining({ body: "", deletedAt: expect.any(Date) }) })));
    // Someone else's message is not the bot's to change.
    const human = await callerFor(member.id).messages.send({ channelId: general, body: "mine", clientNonce: crypto.randomUUID() });
    const humanTs = (await slack.conversations.history({ channel: generalSlackId, limit: 1 })).messages![0]!.ts!;
    expect(humanTs).toMatch(/^\d+\.\d{6}$/);
    expect(await slackError(slack.chat.update({ channel: generalSlackId, ts: humanTs, text: "hijacked" }))).toBe("cant_update_message");
    expect((await callerFor(member.id).messages.history({ channelId: general })).messages.find((message) => message.id === human.id)?.body).toBe("mine");
    live.stop();
  });

  it("shows an ephemeral message to one person in a conversation, and to no one else, storing nothing", async () => {
    const { slack, owner, member, general, generalSlackId, app } = await installedApp();
    const outsider = await makeUser("Outsider");
    expect(await slackError(slack.chat.postEphemeral({ channel: generalSlackId, user: toSlackId("U", member.id), text: "psst" }))).toBe("not_in_channel");
    await slack.conversations.join({ channel: generalSlackId });
    const callerTab = recordTopic(topics.user(member.id));
    const othersTab = recordTopic(topics.user(owner.id));
    try {
      const shown = await slack.chat.postEphemeral({ channel: generalSlackId, user: toSlackId("U", member.id), text: "Only *you* see this", blocks: [{ type: "section", text: { type: "mrkdwn", text: "Only *you*" } }] });
      expect(shown).toMatchObject({ ok: true, message_ts: expect.stringMatching(/^\d+\.\d{6}$/) });
      await eventually(() =>
        expect(callerTab.events).toContainEqual({
          type: "message.ephemeral",
          message: expect.objectContaining({ channelId: general, authorId: app.botUserId, body: "Only **you** see this", blocks: [expect.objectContaining({ type: "section" })], app: expect.objectContaining({ name: "Deploy Bot" }) }),
        }),
      );
      expect(othersTab.events.filter((event) => event.type === "message.ephemeral")).toEqual([]);
    } finally {
      callerTab.stop();
      othersTab.stop();
    }
    expect(await slackError(slack.chat.postEphemeral({ channel: generalSlackId, user: toSlackId("U", outsider.id), text: "psst" }))).toBe("user_not_in_channel");
    expect(await slackError(slack.chat.postEphemeral({ channel: generalSlackId, user: "nobody", text: "psst" }))).toBe("user_not_found");
    expect((await callerFor(member.id).messages.history({ channelId: general })).messages.filter((message) => message.authorId === app.botUserId)).toEqual([]);
  });

  it("uploads files with files.uploadV2 into a thread, seen by people as the app's attachments; unshared ones stay the app's", async () => {
    const { slack, member, general, generalSlackId, app } = await installedApp([...ALL_SCOPES, "files:write"]);
    await slack.conversations.join({ channel: generalSlackId });
    const root = await slack.chat.postMessage({ channel: generalSlackId, text: "Build 42 finished" });
    const uploaded = await slack.files.uploadV2({
      channel_id: generalSlackId,
      thread_ts: root.ts!,
      initial_comment: "Build *42* logs",
      file_uploads: [
        { content: "compiling…\ndone\n", filename: "build.log", title: "Build log" },
        { file: Buffer.from("step,seconds\ncompile,12\n"), filename: "timings.csv" },
      ],
    });
    expect(uploaded.ok).toBe(true);
    type Completions = { files: Array<{ files?: Array<{ id: string; name: string; size: number }> }> };
    const sharedFiles = (uploaded as unknown as Completions).files.flatMap((completion) => completion.files ?? []);
    expect(sharedFiles.map((file) => [file.name, file.size])).toEqual([
      ["build.log", Buffer.byteLength("compiling…\ndone\n")],
      ["timings.csv", 24],
    ]);
    const rootId = (await callerFor(member.id).messages.history({ channelId: general })).messages.at(-1)!.id;
    const reply = (await callerFor(member.id).messages.thread({ rootId })).replies.at(-1)!;
    expect(reply).toMatchObject({ authorId: app.botUserId, body: "Build **42** logs" });
    // Uploaded side by side, so in either order.
    expect(reply.files.map((file) => file.name).sort()).toEqual(["build.log", "timings.csv"]);
    const log = reply.files.find((file) => file.name === "build.log")!;
    const download = await fetch(`http://${doors.host}/api/files/${log.id}/build.log`, { headers: { cookie: await sessionCookie(member.id) } });
    expect(await download.text()).toBe("compiling…\ndone\n");

    // Uploaded without a channel: the app's own file, which nobody else can open.
    const unshared = await slack.files.uploadV2({ content: "secret", filename: "notes.txt" });
    const fileId = fromSlackId((unshared as unknown as Completions).files[0]!.files![0]!.id, ["F"]);
    expect((await fetch(`http://${doors.host}/api/files/${fileId}/notes.txt`, { headers: { cookie: await sessionCookie(member.id) } })).status).toBe(404);

    // A made-up file, an upload longer than declared, and an app without files:write are refused.
    expect(await slackError(slack.files.completeUploadExternal({ files: [{ id: "F0000000000000000000000000000000A" }], channel_id: generalSlackId }))).toBe("file_not_found");
    const declared = await slack.files.getUploadURLExternal({ filename: "short.txt", length: 3 });
    expect((await fetch(declared.upload_url!, { method: "POST", body: "much longer than three bytes" })).status).toBe(400);
    const { slack: withoutScope } = await installedApp(["chat:write"]);
    expect(await slackError(withoutScope.files.getUploadURLExternal({ filename: "x.txt", length: 1 }))).toBe("missing_scope");
  });

  it("gives back Block Kit as it was sent, so an app can read its own message and change it", async () => {
    const { slack, generalSlackId } = await installedApp();
    await slack.conversations.join({ channel: generalSlackId });
    const blocks = [
      { type: "header", block_id: "title", text: { type: "plain_text", text: "Release 7", emoji: true } },
      { type: "section", block_id: "summary", text: { type: "mrkdwn", text: "*3 services* ready" }, fields: [{ type: "mrkdwn", text: "*Env*\nproduction" }] },
      { type: "divider" },
      {
        type: "actions",
        block_id: "decide",
        elements: [
          { type: "button", action_id: "approve", text: { type: "plain_text", text: "Approve", emoji: true }, value: "7", style: "primary" },
          { type: "static_select", action_id: "env", placeholder: { type: "plain_text", text: "Where", emoji: true }, options: [{ text: { type: "plain_text", text: "Staging", emoji: true }, value: "staging" }] },
        ],
      },
      { type: "context", elements: [{ type: "mrkdwn", text: "by _CI_" }] },
    ];
    const posted = await slack.chat.postMessage({ channel: generalSlackId, text: "Release 7", blocks, attachments: [{ color: "#36a64f", title: "Changelog", text: "Faster" }] });
    expect(posted.message?.blocks).toEqual(blocks);
    const [read] = (await slack.conversations.history({ channel: generalSlackId, limit: 1 })).messages!;
    expect(read!.blocks).toEqual(blocks);
    expect(read!.attachments).toEqual([{ color: "36a64f", title: "Changelog", text: "Faster" }]);
    // Changed from what it read back: the one block replaced, the rest as they were.
    const changed = read!.blocks!.map((block) => (block.block_id === "decide" ? { type: "section", block_id: "decide", text: { type: "mrkdwn", text: "Approved :white_check_mark:" } } : block));
    const updated = await slack.chat.update({ channel: generalSlackId, ts: read!.ts!, text: "Release 7 approved", blocks: changed as never });
    expect(updated.message?.blocks).toEqual(changed.map((block) => (block.block_id === "decide" ? { ...block, text: { type: "mrkdwn", text: "Approved ✅" } } : block)));
  });

  it("pages through history newest first with cursors, every message once", async () => {
    const { slack, member, general, generalSlackId } = await installedApp();
    await slack.conversations.join({ channel: generalSlackId });
    for (let n = 1; n <= 7; n++) await callerFor(member.id).messages.send({ channelId: general, body: `message ${n}`, clientNonce: crypto.randomUUID() });
    const seen: string[] = [];
    for await (const page of slack.paginate("conversations.history", { channel: generalSlackId, limit: 3 })) {
      seen.push(...((page as unknown as { messages: unknown[] }).messages as Array<{ text: string; subtype?: string }>).filter((message) => !message.subtype).map((message) => message.text));
    }
    expect(seen).toEqual(["message 7", "message 6", "message 5", "message 4", "message 3", "message 2", "message 1"]);
    const latest = await slack.conversations.history({ channel: generalSlackId, limit: 1 });
    expect(latest).toMatchObject({ has_more: true, response_metadata: { next_cursor: expect.stringMatching(/.+/) } });

    // A poller: what came after the last message it saw, and nothing once it has caught up.
    const texts = (result: { messages?: Array<{ text?: string }> }) => result.messages!.map((message) => message.text);
    const all = (await slack.conversations.history({ channel: generalSlackId, limit: 100 })).messages!.filter((message) => !message.subtype);
    const tsOf = (text: string) => all.find((message) => message.text === text)!.ts!;
    const after4 = await slack.conversations.history({ channel: generalSlackId, oldest: tsOf("message 4") });
    expect(texts(after4)).toEqual(["message 7", "message 6", "message 5"]);
    expect(after4.has_more).toBe(false);
    expect(texts(await slack.conversations.history({ channel: generalSlackId, oldest: tsOf("message 7") }))).toEqual([]);
    expect(texts(await slack.conversations.history({ channel: generalSlackId, oldest: tsOf("message 2"), latest: tsOf("message 4"), inclusive: true }))).toEqual(["message 4", "message 3", "message 2"]);
    // Moments, not only messages' ts: an hour from now has nothing after it, and everything before it.
    const inAnHour = String(Math.floor(Date.now() / 1000) + 3600);
    expect(texts(await slack.conversations.history({ channel: generalSlackId, oldest: inAnHour }))).toEqual([]);
    expect((await slack.conversations.history({ channel: generalSlackId, latest: inAnHour })).messages!.length).toBe(all.length);
  });

  it("adds and removes reactions by Slack's emoji names, seen by people as the emoji", async () => {
    const { slack, member, general, generalSlackId, app } = await installedApp();
    await slack.conversations.join({ channel: generalSlackId });
    const sent = await callerFor(member.id).messages.send({ channelId: general, body: "shipped", clientNonce: crypto.randomUUID() });
    const ts = (await slack.conversations.history({ channel: generalSlackId, limit: 1 })).messages![0]!.ts!;
    await slack.reactions.add({ channel: generalSlackId, timestamp: ts, name: "tada" });
    await slack.reactions.add({ channel: generalSlackId, timestamp: ts, name: "+1::skin-tone-3" });
    const seen = (await callerFor(member.id).messages.history({ channelId: general })).messages.find((message) => message.id === sent.id)!;
    expect(seen.reactions).toEqual([
      { emoji: "🎉", userIds: [app.botUserId] },
      { emoji: "👍🏼", userIds: [app.botUserId] },
    ]);
    expect(await slackError(slack.reactions.add({ channel: generalSlackId, timestamp: ts, name: "tada" }))).toBe("already_reacted");
    expect(await slackError(slack.reactions.add({ channel: generalSlackId, timestamp: ts, name: "not_an_emoji_at_all" }))).toBe("invalid_name");
    const got = await slack.reactions.get({ channel: generalSlackId, timestamp: ts });
    expect((got.message as { reactions: unknown[] }).reactions).toEqual([
      { name: "tada", users: [toSlackId("U", app.botUserId)], count: 1 },
      { name: "+1::skin-tone-3", users: [toSlackId("U", app.botUserId)], count: 1 },
    ]);
    await slack.reactions.remove({ channel: generalSlackId, timestamp: ts, name: "tada" });
    expect(await slackError(slack.reactions.remove({ channel: generalSlackId, timestamp: ts, name: "tada" }))).toBe("no_reaction");
    expect(await slackError(slack.reactions.add({ channel: generalSlackId, timestamp: "1700000000.999999", name: "tada" }))).toBe("message_not_found");
  });

  it("pins and unpins, creates a channel and opens a DM, each as people would see it", async () => {
    const { slack, member, owner, general, generalSlackId, workspace, app } = await installedApp();
    await slack.conversations.join({ channel: generalSlackId });
    const sent = await callerFor(member.id).messages.send({ channelId: general, body: "the plan", clientNonce: crypto.randomUUID() });
    const ts = (await slack.conversations.history({ channel: generalSlackId, limit: 1 })).messages![0]!.ts!;
    await slack.pins.add({ channel: generalSlackId, timestamp: ts });
    expect(await slackError(slack.pins.add({ channel: generalSlackId, timestamp: ts }))).toBe("already_pinned");
    expect((await callerFor(member.id).messages.pins({ channelId: general })).map((message) => message.id)).toEqual([sent.id]);
    expect((await slack.pins.list({ channel: generalSlackId })).items!.map((item) => (item as { message: { ts: string } }).message.ts)).toEqual([ts]);
    await slack.pins.remove({ channel: generalSlackId, timestamp: ts });
    expect(await slackError(slack.pins.remove({ channel: generalSlackId, timestamp: ts }))).toBe("no_pin");

    const created = await slack.conversations.create({ name: "deploys" });
    expect(created.channel).toMatchObject({ name: "deploys", is_channel: true, is_member: true, creator: toSlackId("U", app.botUserId) });
    expect((await callerFor(owner.id).channels.browse({ workspaceId: workspace.id })).map((channel) => channel.name)).toContain("deploys");
    expect(await slackError(slack.conversations.create({ name: "deploys" }))).toBe("name_taken");
    // The rules a person's form has: no capitals or spaces; a private channel needs groups:write.
    expect(await slackError(slack.conversations.create({ name: "Has Spaces" }))).toBe("invalid_name");
    expect(await slackError(slack.conversations.create({ name: "hidden", is_private: true }))).toBe("missing_scope");

    const dm = await slack.conversations.open({ users: toSlackId("U", member.id) });
    expect(dm.channel!.id).toMatch(/^D/);
    await slack.chat.postMessage({ channel: dm.channel!.id!, text: "psst" });
    const mine = await callerFor(member.id).channels.mine({ workspaceId: workspace.id });
    const conversation = mine.find((channel) => channel.kind === "dm");
    expect(conversation?.dmPeople.map((person) => person.userId)).toEqual([app.botUserId]);
    expect((await callerFor(member.id).messages.history({ channelId: conversation!.id })).messages.map((message) => message.body)).toEqual(["psst"]);
  });

  it("lists people and channels with the scopes it was given, and refuses what its scopes do not cover", async () => {
    const { slack, member, owner, app, workspace } = await installedApp();
    const people = await slack.users.list({});
    expect(people.members!.map((person) => person.id).sort()).toEqual([owner.id, member.id, app.botUserId].map((id) => toSlackId("U", id)).sort());
    expect(people.members!.find((person) => person.id === toSlackId("U", app.botUserId))).toMatchObject({ is_bot: true, profile: { bot_id: toSlackId("B", app.id) } });
    expect((await slack.users.lookupByEmail({ email: member.email })).user).toMatchObject({ id: toSlackId("U", member.id), profile: { email: member.email } });
    const channels = await slack.conversations.list({ types: "public_channel" });
    expect(channels.channels!.map((channel) => channel.name)).toEqual(["general"]);
    // users.conversations: the bot's own (none yet), then a person's, of those the bot may see.
    const secret = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "secret", kind: "private" });
    await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "random", kind: "public" });
    expect((await slack.users.conversations({})).channels).toEqual([]);
    const owners = await slack.users.conversations({ user: toSlackId("U", owner.id), types: "public_channel,private_channel" });
    expect(owners.channels!.map((channel) => channel.name).sort()).toEqual(["general", "random"]);
    await callerFor(owner.id).channels.addMember({ channelId: secret.id, userId: app.botUserId });
    const withSecret = await slack.users.conversations({ user: toSlackId("U", owner.id), types: "public_channel,private_channel" });
    expect(withSecret.channels!.map((channel) => channel.name).sort()).toEqual(["general", "random", "secret"]);
    expect((await slack.users.conversations({ types: "private_channel" })).channels!.map((channel) => channel.name)).toEqual(["secret"]);
    expect(await slackError(slack.users.conversations({ user: "U0000" }))).toBe("user_not_found");

    const narrow = await installedApp(["chat:write"]);
    const error = await narrow.slack.conversations.list({}).catch((caught: { data: Record<string, unknown> }) => caught.data);
    expect(error).toMatchObject({ ok: false, error: "missing_scope", needed: "channels:read,groups:read,im:read,mpim:read", provided: "chat:write" });
    expect(await slackError(narrow.slack.users.list({}))).toBe("missing_scope");
    expect(workspace.id).not.toBe(narrow.workspace.id);
  });

  it("does not show a bot a private channel it was not added to, nor another workspace's channel", async () => {
    const { slack, owner, workspace, app } = await installedApp();
    const secret = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "secret", kind: "private" });
    const secretId = toSlackId("C", secret.id);
    expect(await slackError(slack.conversations.info({ channel: secretId }))).toBe("channel_not_found");
    expect(await slackError(slack.conversations.history({ channel: secretId }))).toBe("channel_not_found");
    expect(await slackError(slack.chat.postMessage({ channel: secretId, text: "psst" }))).toBe("channel_not_found");
    expect((await slack.conversations.list({ types: "public_channel,private_channel" })).channels!.map((channel) => channel.name)).toEqual(["general"]);
    const elsewhere = await installedApp();
    expect(await slackError(slack.conversations.info({ channel: elsewhere.generalSlackId }))).toBe("channel_not_found");
    // Once added, it is there.
    await callerFor(owner.id).channels.addMember({ channelId: secret.id, userId: app.botUserId });
    expect((await slack.conversations.info({ channel: secretId })).channel).toMatchObject({ id: secretId, name: "secret", is_private: true, is_member: true });
  });

  it("refuses revoked, unknown and malformed tokens as invalid_auth, and a missing one as not_authed", async () => {
    const url = `http://${doors.host}/api/slack/`;
    const options = { slackApiUrl: url, retryConfig: { retries: 0 } };
    expect(await slackError(new WebClient("xoxb-not-a-real-token", options).auth.test())).toBe("invalid_auth");
    expect(await slackError(new WebClient("", options).auth.test())).toBe("not_authed");
    const { appToken } = await installedApp();
    // The app-level token is for Socket Mode only, and Slack says so.
    expect(await slackError(new WebClient(appToken, options).auth.test())).toBe("not_allowed_token_type");
  });

  it("answers a burst over chat.postMessage's rate with 429 and Retry-After, which the client waits out and retries", async () => {
    const { slack, generalSlackId, general, member } = await installedApp();
    await slack.conversations.join({ channel: generalSlackId });
    const limited: number[] = [];
    slack.on(WebClientEvent.RATE_LIMITED, (retryAfter: number) => limited.push(retryAfter));
    const burst = await Promise.all(Array.from({ length: 6 }, (_, n) => slack.chat.postMessage({ channel: generalSlackId, text: `burst ${n}` })));
    expect(burst.every((result) => result.ok)).toBe(true);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((seconds) => seconds >= 1)).toBe(true);
    const bodies = (await callerFor(member.id).messages.history({ channelId: general })).messages.map((message) => message.body);
    expect(bodies.filter((body) => body.startsWith("burst ")).sort()).toEqual(Array.from({ length: 6 }, (_, n) => `burst ${n}`));
  });
});
