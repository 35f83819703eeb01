import { describe, expect, it } from "vitest";
import { type ServerEvent, topics } from "../../src/shared/events";
import { DEFAULT_NOTIFICATION_PREFERENCES } from "../../src/shared/notifications";
import { backgroundSettled } from "../../src/server/jobs/background";
import { callerFor, eventually, expectTrpcError, recordTopic, tableSizes, workspaceWithMember } from "./factories";

const nonce = () => crypto.randomUUID();
const notificationsIn = (events: ServerEvent[]) => events.flatMap((event) => (event.type === "notification" ? [event.notification] : []));

describe("notifications", () => {
  it("tells a mentioned member's tabs, with the channel as title and the text as plain words, and nobody else", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const memberTopic = recordTopic(topics.user(member.id));
    const ownerTopic = recordTopic(topics.user(owner.id));
    const sent = await callerFor(owner.id).messages.send({ channelId: general, body: `**Heads up** <@${member.id}>, see [the doc](https://example.test/doc)`, clientNonce: nonce() });
    await callerFor(owner.id).messages.send({ channelId: general, body: "A plain message for nobody in particular", clientNonce: nonce() });
    await backgroundSettled();
    await eventually(() => expect(notificationsIn(memberTopic.events)).toHaveLength(1));
    expect(notificationsIn(memberTopic.events)[0]).toMatchObject({
      title: "#general",
      body: "Acme Owner: Heads up @Member, see the doc",
      path: `/w/${workspace.slug}/c/${general}?message=${sent.id}`,
    });
    expect(notificationsIn(ownerTopic.events)).toEqual([]);
    memberTopic.stop();
    ownerTopic.stop();
  });

  it("follows the person's level and the channel's mute, and a DM notifies by default", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const memberTopic = recordTopic(topics.user(member.id));
    await callerFor(member.id).notifications.setChannel({ channelId: general, level: null, muted: true, ignoreChannelMentions: false });
    await callerFor(owner.id).messages.send({ channelId: general, body: "@channel lunch is here", clientNonce: nonce() });
    await callerFor(owner.id).messages.send({ channelId: general, body: `Only you <@${member.id}>`, clientNonce: nonce() });
    const dm = await callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: [member.id] });
    await callerFor(owner.id).messages.send({ channelId: dm.id, body: "Got a minute?", clientNonce: nonce() });
    await backgroundSettled();
    await eventually(() => expect(notificationsIn(memberTopic.events).map((entry) => entry.body)).toEqual(["Acme Owner: Only you @Member", "Got a minute?"]));
    expect(notificationsIn(memberTopic.events)[1]!.title).toBe("Acme Owner");

    // Muted state and level show in the sidebar list; the @channel there did not count as a mention.
    const entry = (await callerFor(member.id).channels.mine({ workspaceId: workspace.id })).find((channel) => channel.id === general)!;
    expect(entry).toMatchObject({ muted: true, notifyLevel: null, mentionCount: 1 });

    await callerFor(member.id).notifications.setPreferences({ ...DEFAULT_NOTIFICATION_PREFERENCES, level: "nothing" });
    await callerFor(owner.id).messages.send({ channelId: dm.id, body: "Still there?", clientNonce: nonce() });
    await backgroundSettled();
    expect(notificationsIn(memberTopic.events)).toHaveLength(2);
    expect(await callerFor(member.id).notifications.preferences()).toMatchObject({ level: "nothing" });
    memberTopic.stop();
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
