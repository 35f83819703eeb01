import { describe, expect, it, vi } from "vitest";
import { runAction, SYSTEM } from "../../src/server/actions/context";
import { clearExpiredStatuses } from "../../src/server/actions/users/clear-expired-statuses";
import { servicesAt } from "../../src/server/services";
import { PresenceService, TAB_TTL_MS, presence } from "../../src/server/presence";
import { type ServerEvent, topics } from "../../src/shared/events";
import { callerFor, eventually, expectTrpcError, makeUser, recordTopic, workspaceWithMember } from "./factories";

const presenceEvents = (events: ServerEvent[]) => events.flatMap((event) => (event.type === "presence.changed" ? event.changes.map((change) => change.presence) : []));
const presenceEventsOf = (events: ServerEvent[], userId: string) =>
  events.flatMap((event) => (event.type === "presence.changed" ? event.changes.filter((change) => change.userId === userId).map((change) => change.presence) : []));

describe("presence", () => {
  it("is active while a tab is used, away when every tab is idle or hidden, offline when all are closed", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const recorder = recordTopic(topics.workspace(workspace.id));
    const [phone, laptop] = [crypto.randomUUID(), crypto.randomUUID()];
    const list = () => callerFor(owner.id).presence.list({ workspaceId: workspace.id });

    await presence().openTab(member.id, phone, "idle");
    await eventually(() => expect(presenceEvents(recorder.events)).toEqual(["away"]));
    await presence().openTab(member.id, laptop, "active");
    await eventually(() => expect(presenceEvents(recorder.events)).toEqual(["away", "active"]));
    expect((await list()).people).toEqual({ [member.id]: "active" });

    await callerFor(member.id).presence.setTabState({ tabId: laptop, active: false });
    await eventually(() => expect(presenceEvents(recorder.events)).toEqual(["away", "active", "away"]));
    await presence().closeTab(member.id, phone);
    await presence().closeTab(member.id, laptop);
    await eventually(() => expect(presenceEvents(recorder.events)).toEqual(["away", "active", "away", "offline"]));
    expect((await list()).people).toEqual({});
    expect((await list()).awayAfterMs).toBe(10 * 60 * 1000);
    recorder.stop();
  });

  it("tells a workspace about many people arriving together in a few events, not one per person", async () => {
    const { owner, workspace } = await workspaceWithMember();
    const arrivals = await Promise.all(Array.from({ length: 30 }, (_, index) => makeUser(`Arrival ${index}`)));
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    for (const person of arrivals) await callerFor(person.id).invites.accept({ token: invite.token });
    const recorder = recordTopic(topics.workspace(workspace.id));
    const tabs = arrivals.map((person) => ({ person, tab: crypto.randomUUID() }));
    await Promise.all(tabs.map(({ person, tab }) => presence().openTab(person.id, tab, "active")));
    await eventually(() => expect(presenceEvents(recorder.events)).toHaveLength(30));
    const batches = recorder.events.filter((event) => event.type === "presence.changed");
    expect(batches.length).toBeLessThanOrEqual(3);
    expect((await callerFor(owner.id).presence.list({ workspaceId: workspace.id })).people).toEqual(Object.fromEntries(arrivals.map((person) => [person.id, "active"])));
    await Promise.all(tabs.map(({ person, tab }) => presence().closeTab(person.id, tab)));
    recorder.stop();
  });

  it("coalesces a flapping connection into no announcement at all", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const [tab, ownerTab] = [crypto.randomUUID(), crypto.randomUUID()];
    const recorder = recordTopic(topics.workspace(workspace.id));
    await presence().openTab(member.id, tab, "active");
    await eventually(() => expect(presenceEventsOf(recorder.events, member.id)).toEqual(["active"]));
    for (let flap = 0; flap < 10; flap++) {
      await presence().closeTab(member.id, tab);
      await presence().openTab(member.id, tab, "active");
    }
    // A change made after the flaps, announced the same way: once it is here, an announcement of the flaps would be too.
    await presence().openTab(owner.id, ownerTab, "active");
    await eventually(() => expect(presenceEventsOf(recorder.events, owner.id)).toEqual(["active"]));
    expect(presenceEventsOf(recorder.events, member.id)).toEqual(["active"]);
    // And the member's own next real change is announced, so the silence above was not a stalled member.
    await presence().closeTab(member.id, tab);
    await eventually(() => expect(presenceEventsOf(recorder.events, member.id)).toEqual(["active", "offline"]));
    await presence().closeTab(owner.id, ownerTab);
    recorder.stop();
  });

  it("takes people offline within a minute when the process holding their tabs stops refreshing them", async () => {
    const { member, workspace } = await workspaceWithMember();
    const recorder = recordTopic(topics.workspace(workspace.id));
    // Another server process, sharing the store, that will crash: its timers (the heartbeat) never run.
    vi.useFakeTimers({ toFake: ["setInterval"] });
    const doomed = new PresenceService(presence().store, 50);
    vi.useRealTimers();
    const opened = Date.now();
    await doomed.openTab(member.id, crypto.randomUUID(), "active");
    const openedBy = Date.now();
    await eventually(() => expect(presenceEvents(recorder.events)).toEqual(["active"]));

    // This process's sweep, at moments to come: not before the tab's deadline (a live process refreshes it in time)…
    await presence().sweep(opened + TAB_TTL_MS - 1);
    expect((await presence().presenceOf([member.id])).get(member.id)).toBe("active");
    // …and within a minute of its last refresh, the person is offline, and everyone is told.
    await presence().sweep(openedBy + 60_000);
    expect((await presence().presenceOf([member.id])).get(member.id)).toBeUndefined();
    await eventually(() => expect(presenceEvents(recorder.events)).toEqual(["active", "offline"]));
    recorder.stop();
  });

  it("lists presence only for members of the workspace", async () => {
    const { workspace } = await workspaceWithMember();
    const { member: outsider } = await workspaceWithMember();
    await expectTrpcError(callerFor(outsider.id).presence.list({ workspaceId: workspace.id }), "NOT_FOUND");
  });
});

describe("custom status and Do Not Disturb", () => {
  it("sets a status live for the workspace, clears it, and refuses bad ones", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const recorder = recordTopic(topics.workspace(workspace.id));
    const inAnHour = new Date(Date.now() + 60 * 60 * 1000);
    await callerFor(member.id).users.setStatus({ emoji: "🌴", text: "On holiday", expiresAt: inAnHour });
    await eventually(() =>
      expect(recorder.events).toContainEqual({
        type: "user.updated",
        user: expect.objectContaining({ id: member.id, statusEmoji: "🌴", statusText: "On holiday", statusExpiresAt: inAnHour }),
      }),
    );
    const seen = (await callerFor(owner.id).workspaces.members({ workspaceId: workspace.id })).find((person) => person.userId === member.id);
    expect(seen).toMatchObject({ statusEmoji: "🌴", statusText: "On holiday" });

    await callerFor(member.id).users.setStatus({ emoji: null, text: "", expiresAt: null });
    expect(await callerFor(member.id).users.me()).toMatchObject({ statusEmoji: null, statusText: null, statusExpiresAt: null });

    await expectTrpcError(callerFor(member.id).users.setStatus({ emoji: "not an emoji", text: null, expiresAt: null }), "BAD_REQUEST", /one emoji/);
    await expectTrpcError(callerFor(member.id).users.setStatus({ emoji: null, text: "x".repeat(101), expiresAt: null }), "BAD_REQUEST", /100 characters/);
    await expectTrpcError(callerFor(member.id).users.setStatus({ emoji: "🌴", text: null, expiresAt: new Date(Date.now() - 1000) }), "BAD_REQUEST", /future/);
    expect(await callerFor(member.id).users.me()).toMatchObject({ statusEmoji: null });
    recorder.stop();
  });

  it("clears statuses and Do Not Disturb that ran out, and tells everyone", async () => {
    const { member, workspace } = await workspaceWithMember();
    const soon = new Date(Date.now() + 60_000);
    await callerFor(member.id).users.setStatus({ emoji: "🍔", text: "Lunch", expiresAt: soon });
    await callerFor(member.id).users.setDoNotDisturb({ until: soon });
    const recorder = recordTopic(topics.workspace(workspace.id));
    // Not yet: the sweep a moment before they run out leaves them.
    expect(await runAction(SYSTEM, clearExpiredStatuses, undefined, servicesAt(new Date(soon.getTime() - 1)))).toBe(0);
    expect(await runAction(SYSTEM, clearExpiredStatuses, undefined, servicesAt(soon))).toBe(1);
    await eventually(() =>
      expect(recorder.events).toContainEqual({
        type: "user.updated",
        user: expect.objectContaining({ id: member.id, statusEmoji: null, statusText: null, dndUntil: null }),
      }),
    );
    expect(await runAction(SYSTEM, clearExpiredStatuses, undefined)).toBe(0);
    recorder.stop();
  });
});

describe("read receipts", () => {
  it("shares how far each person has read in DMs, live, and stops for people who opt out or when admins turn them off", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const dm = await callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: [member.id] });
    const sent = await callerFor(owner.id).messages.send({ channelId: dm.id, body: "hi", clientNonce: crypto.randomUUID() });
    const recorder = recordTopic(topics.channel(dm.id));

    await callerFor(member.id).channels.markRead({ channelId: dm.id, seq: sent.seq });
    await eventually(() => expect(recorder.events).toContainEqual({ type: "channel.receipt", channelId: dm.id, userId: member.id, lastReadSeq: sent.seq }));
    expect(await callerFor(owner.id).channels.receipts({ channelId: dm.id })).toEqual([{ userId: member.id, lastReadSeq: sent.seq }]);
    // Channels have no receipts.
    await callerFor(member.id).channels.markRead({ channelId: general, seq: 0 });
    expect(await callerFor(owner.id).channels.receipts({ channelId: general })).toEqual([]);

    // Opting out: the reader's receipt disappears for others, and they see none either.
    await callerFor(member.id).users.setReadReceipts({ on: false });
    await eventually(() => expect(recorder.events).toContainEqual({ type: "channel.receipt", channelId: dm.id, userId: member.id, lastReadSeq: null }));
    expect(await callerFor(owner.id).channels.receipts({ channelId: dm.id })).toEqual([]);
    await callerFor(owner.id).channels.markRead({ channelId: dm.id, seq: sent.seq });
    expect(await callerFor(member.id).channels.receipts({ channelId: dm.id })).toEqual([]);
    // A read that moves the member's position (a new message), which would be a receipt if they shared them…
    const before = recorder.events.length;
    const later = await callerFor(owner.id).messages.send({ channelId: dm.id, body: "still there?", clientNonce: crypto.randomUUID() });
    expect(await callerFor(member.id).channels.markRead({ channelId: dm.id, seq: later.seq })).toEqual({ lastReadSeq: later.seq });
    // …then the owner's receipt on the same channel, published after it would have been: once it is here, the member's would be.
    await callerFor(owner.id).channels.markRead({ channelId: dm.id, seq: later.seq });
    await eventually(() => expect(recorder.events).toContainEqual({ type: "channel.receipt", channelId: dm.id, userId: owner.id, lastReadSeq: later.seq }));
    expect(recorder.events.slice(before).filter((event) => event.type === "channel.receipt" && event.userId === member.id)).toEqual([]);

    // Back in; then the admin turns receipts off for the workspace.
    await callerFor(member.id).users.setReadReceipts({ on: true });
    expect(await callerFor(owner.id).channels.receipts({ channelId: dm.id })).toEqual([{ userId: member.id, lastReadSeq: later.seq }]);
    await callerFor(owner.id).workspaces.update({ workspaceId: workspace.id, readReceipts: false });
    expect(await callerFor(owner.id).channels.receipts({ channelId: dm.id })).toEqual([]);
    await expectTrpcError(callerFor(member.id).workspaces.update({ workspaceId: workspace.id, readReceipts: true }), "FORBIDDEN");
    recorder.stop();
  });
});

describe("@here", () => {
  it("mentions the channel's members who are active now, and nobody else", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const { makeUser } = await import("./factories");
    const away = await makeUser("Away");
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    await callerFor(away.id).invites.accept({ token: invite.token });
    const [memberTab, awayTab] = [crypto.randomUUID(), crypto.randomUUID()];
    await presence().openTab(member.id, memberTab, "active");
    await presence().openTab(away.id, awayTab, "idle");

    await callerFor(owner.id).messages.send({ channelId: general, body: "@here standup in 5", clientNonce: crypto.randomUUID() });
    const mentionsOf = async (userId: string) => (await callerFor(userId).channels.mine({ workspaceId: workspace.id })).find((channel) => channel.id === general)!.mentionCount;
    expect(await mentionsOf(member.id)).toBe(1);
    expect(await mentionsOf(away.id)).toBe(0);
    await callerFor(owner.id).messages.send({ channelId: general, body: "@channel all hands", clientNonce: crypto.randomUUID() });
    expect(await mentionsOf(away.id)).toBe(1);
    await presence().closeTab(member.id, memberTab);
    await presence().closeTab(away.id, awayTab);
  });
});
