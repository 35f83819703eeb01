import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type ServerEvent, topics } from "../../src/shared/events";
import { DEFAULT_NOTIFICATION_PREFERENCES } from "../../src/shared/notifications";
import { db } from "../../src/server/db/client";
import { jobs } from "../../src/server/db/schema";
import { backgroundSettled } from "../../src/server/jobs/background";
import { runDueJobs } from "../../src/server/jobs/queue";
import { callerFor, eventually, expectTrpcError, joinedMember, openTabOf, recordTopic, tableSizes, workspaceWithMember } from "./factories";

const nonce = () => crypto.randomUUID();
const notificationsIn = (events: ServerEvent[]) => events.flatMap((event) => (event.type === "notification" ? [event.notification] : []));

describe("notifications", () => {
  it("tells a mentioned member's open tabs, with the channel as title and the text as plain words, and nobody else", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const away = await joinedMember(owner.id, workspace.id, "Away");
    const memberTab = await openTabOf(member.id);
    const ownerTab = await openTabOf(owner.id);
    // Mentioned too, but with no tab open: nothing to show it on (email and push are its way).
    const awayTopic = recordTopic(topics.user(away.id));
    const sent = await callerFor(owner.id).messages.send({ channelId: general, body: `**Heads up** <@${member.id}> <@${away.id}>, see [the doc](https://example.test/doc)`, clientNonce: nonce() });
    await callerFor(owner.id).messages.send({ channelId: general, body: "A plain message for nobody in particular", clientNonce: nonce() });
    await backgroundSettled();
    await eventually(() => expect(notificationsIn(memberTab.events)).toHaveLength(1));
    expect(notificationsIn(memberTab.events)[0]).toMatchObject({
      title: "#general",
      body: "Acme Owner: Heads up @Member @Away, see the doc",
      path: `/w/${workspace.slug}/c/${general}?message=${sent.id}`,
    });
    expect(notificationsIn(ownerTab.events)).toEqual([]);
    expect(notificationsIn(awayTopic.events)).toEqual([]);
    await memberTab.close();
    await ownerTab.close();
    awayTopic.stop();
  });

  it("follows the person's level and the channel's mute, and a DM notifies by default", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const memberTab = await openTabOf(member.id);
    await callerFor(member.id).notifications.setChannel({ channelId: general, level: null, muted: true, ignoreChannelMentions: false });
    await callerFor(owner.id).messages.send({ channelId: general, body: "@channel lunch is here", clientNonce: nonce() });
    await callerFor(owner.id).messages.send({ channelId: general, body: `Only you <@${member.id}>`, clientNonce: nonce() });
    const dm = await callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: [member.id] });
    await callerFor(owner.id).messages.send({ channelId: dm.id, body: "Got a minute?", clientNonce: nonce() });
    await backgroundSettled();
    await eventually(() => expect(notificationsIn(memberTab.events).map((entry) => entry.body)).toEqual(["Acme Owner: Only you @Member", "Got a minute?"]));
    expect(notificationsIn(memberTab.events)[1]!.title).toBe("Acme Owner");

    // Muted state and level show in the sidebar list; the @channel there did not count as a mention.
    const entry = (await callerFor(member.id).channels.mine({ workspaceId: workspace.id })).find((channel) => channel.id === general)!;
    expect(entry).toMatchObject({ muted: true, notifyLevel: null, mentionCount: 1 });

    await callerFor(member.id).notifications.setPreferences({ ...DEFAULT_NOTIFICATION_PREFERENCES, level: "nothing" });
    await callerFor(owner.id).messages.send({ channelId: dm.id, body: "Still there?", clientNonce: nonce() });
    await backgroundSettled();
    expect(notificationsIn(memberTab.events)).toHaveLength(2);
    expect(await callerFor(member.id).notifications.preferences()).toMatchObject({ level: "nothing" });
    await memberTab.close();
  });

  it("tells those who asked about messages that name no one (keywords, every message), and writes no notify job where no one asked", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const listener = await joinedMember(owner.id, workspace.id, "Listener");
    const memberTab = await openTabOf(member.id);
    const listenerTab = await openTabOf(listener.id);
    const notifyJobs = async () => (await db().select().from(jobs).where(eq(jobs.kind, "notify"))).length;
    const send = (body: string) => callerFor(owner.id).messages.send({ channelId: general, body, clientNonce: nonce() });

    await backgroundSettled();
    await runDueJobs();
    await send("Nobody here asked for this one");
    expect(await notifyJobs()).toBe(0);

    // Each of the two ways alone makes the send write its notify job.
    await callerFor(member.id).notifications.setPreferences({ ...DEFAULT_NOTIFICATION_PREFERENCES, keywords: ["deploy"] });
    await send("The Deploy is done");
    await backgroundSettled();
    await eventually(() => expect(notificationsIn(memberTab.events).map((entry) => entry.body)).toEqual(["Acme Owner: The Deploy is done"]));
    await callerFor(member.id).notifications.setPreferences(DEFAULT_NOTIFICATION_PREFERENCES);
    await callerFor(listener.id).notifications.setChannel({ channelId: general, level: "all", muted: false, ignoreChannelMentions: false });
    await send("Lunch at noon");
    await backgroundSettled();
    await eventually(() => expect(notificationsIn(listenerTab.events).map((entry) => entry.body)).toEqual(["Acme Owner: Lunch at noon"]));
    expect(notificationsIn(memberTab.events)).toHaveLength(1);
    await memberTab.close();
    await listenerTab.close();
  });

  it("refuses bad preferences with readable errors and writes nothing", async () => {
    const { member } = await workspaceWithMember();
    const before = await tableSizes();
    await expectTrpcError(
      callerFor(member.id).notifications.setPreferences({ ...DEFAULT_NOTIFICATION_PREFERENCES, keywords: Array.from({ length: 1000 }, (_, index) => `word${index}`) }),
      "BAD_REQUEST",
      /At most 50 keywords/,
    );
    await expectTrpcError(callerFor(member.id).notifications.setPreferences({ ...DEFAULT_NOTIFICATION_PREFERENCES, timeZone: "Nowhere/Land" }), "BAD_REQUEST", /time zone/);
    await expectTrpcError(callerFor(member.id).notifications.setChannel({ channelId: crypto.randomUUID(), level: "all", muted: false, ignoreChannelMentions: false }), "NOT_FOUND");
    await expectTrpcError(callerFor(member.id).notifications.setChannel({ channelId: "not-a-channel", level: "all", muted: false, ignoreChannelMentions: false }), "BAD_REQUEST", /Unknown channel/);
    expect(await tableSizes()).toEqual(before);
  });
});
