import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../src/server/db/client";
import { channels, messages } from "../../src/server/db/schema";
import { type ServerEvent, topics } from "../../src/shared/events";
import { type MessageView, upsertMessage } from "../../src/shared/messages";
import { callerFor, eventually, expectTrpcError, makeUser, recordTopic, workspaceWithMember } from "./factories";

const nonce = () => crypto.randomUUID();

/** Applies the message events a client receives to the list it held, exactly as the browser's cache does. */
function applyEvents(list: MessageView[], events: ServerEvent[]) {
  let next = list;
  for (const event of events) {
    if ((event.type === "message.created" || event.type === "message.updated") && event.message.inChannelList) {
      next = upsertMessage(next, event.message);
    }
  }
  return next;
}

/** Runs an action while recording a channel's events, then checks: state before + events = state after. */
async function expectEventsToReplay(viewerId: string, channelId: string, action: () => Promise<unknown>) {
  const before = (await callerFor(viewerId).messages.history({ channelId })).messages;
  const recorder = recordTopic(topics.channel(channelId));
  await action();
  const after = (await callerFor(viewerId).messages.history({ channelId })).messages;
  await eventually(() => expect(applyEvents(before, recorder.events)).toEqual(after));
  recorder.stop();
  return { before, after, events: recorder.events };
}

describe("sending", () => {
  it("gives each message the next seq of its channel, and its events replay to the new state", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const { after, events } = await expectEventsToReplay(member.id, general, async () => {
      await callerFor(owner.id).messages.send({ channelId: general, body: "first", clientNonce: nonce() });
      await callerFor(member.id).messages.send({ channelId: general, body: "second", clientNonce: nonce() });
    });
    expect(after.map((message) => [message.seq, message.body])).toEqual([[1, "first"], [2, "second"]]);
    expect(events.map((event) => event.type)).toEqual(["message.created", "message.created"]);
    const [channel] = await db().select().from(channels).where(eq(channels.id, general));
    expect(channel!.lastSeq).toBe(2);
  });

  it("returns the original for a retried nonce instead of a duplicate", async () => {
    const { owner, general } = await workspaceWithMember();
    const clientNonce = nonce();
    const first = await callerFor(owner.id).messages.send({ channelId: general, body: "once", clientNonce });
    const again = await callerFor(owner.id).messages.send({ channelId: general, body: "once", clientNonce });
    const raced = await Promise.all([1, 2, 3].map(() => callerFor(owner.id).messages.send({ channelId: general, body: "race", clientNonce: "race-nonce-1" })));
    expect(again.id).toBe(first.id);
    expect(new Set(raced.map((message) => message.id)).size).toBe(1);
    expect(await db().select().from(messages).where(eq(messages.channelId, general))).toHaveLength(2);
  });

  it("keeps seq gap-free when many people send at once", async () => {
    const { owner, member, general } = await workspaceWithMember();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => callerFor(i % 2 ? owner.id : member.id).messages.send({ channelId: general, body: `m${i}`, clientNonce: nonce() })),
    );
    const rows = await db().select({ seq: messages.seq }).from(messages).where(eq(messages.channelId, general));
    expect(rows.map((row) => row.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("refuses empty, oversized and misaddressed messages, writing nothing", async () => {
    const { owner, general } = await workspaceWithMember();
    const send = (input: { channelId: string; body: string }) => callerFor(owner.id).messages.send({ ...input, clientNonce: nonce() });
    await expectTrpcError(send({ channelId: general, body: "   " }), "BAD_REQUEST", /Write something/);
    await expectTrpcError(send({ channelId: general, body: "x".repeat(40_001) }), "BAD_REQUEST", /at most 40,000/);
    await expectTrpcError(send({ channelId: crypto.randomUUID(), body: "hi" }), "NOT_FOUND");
    await expectTrpcError(send({ channelId: "not-a-uuid", body: "hi" }), "BAD_REQUEST", /Unknown channel/);
    expect(await db().select().from(messages)).toHaveLength(0);
    expect(await send({ channelId: general, body: "x".repeat(40_000) })).toMatchObject({ seq: 1 });
  });
});

describe("editing, deleting and reacting", () => {
  it("edits your own message (marked edited), live", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const message = await callerFor(owner.id).messages.send({ channelId: general, body: "helo", clientNonce: nonce() });
    const { after } = await expectEventsToReplay(member.id, general, () => callerFor(owner.id).messages.edit({ messageId: message.id, body: "hello" }));
    expect(after[0]).toMatchObject({ body: "hello", editedAt: expect.any(Date) });
    await expectTrpcError(callerFor(member.id).messages.edit({ messageId: message.id, body: "mine now" }), "FORBIDDEN", /your own/);
  });

  it("deletes your own message; admins may delete anyone's; members may not", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const mine = await callerFor(member.id).messages.send({ channelId: general, body: "oops", clientNonce: nonce() });
    const theirs = await callerFor(owner.id).messages.send({ channelId: general, body: "owner says", clientNonce: nonce() });
    await expectTrpcError(callerFor(member.id).messages.delete({ messageId: theirs.id }), "FORBIDDEN");
    const { after } = await expectEventsToReplay(owner.id, general, async () => {
      await callerFor(member.id).messages.delete({ messageId: mine.id });
    });
    expect(after.find((message) => message.id === mine.id)).toMatchObject({ body: "", deletedAt: expect.any(Date) });
    await callerFor(owner.id).messages.delete({ messageId: mine.id });
  });

  it("toggles reactions and replays them", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const message = await callerFor(owner.id).messages.send({ channelId: general, body: "ship it", clientNonce: nonce() });
    const { after } = await expectEventsToReplay(owner.id, general, async () => {
      await callerFor(member.id).messages.react({ messageId: message.id, emoji: "🎉" });
      await callerFor(owner.id).messages.react({ messageId: message.id, emoji: "🎉" });
      await callerFor(owner.id).messages.react({ messageId: message.id, emoji: "👍🏽" });
      await callerFor(owner.id).messages.react({ messageId: message.id, emoji: "👍🏽" });
    });
    expect(after[0]!.reactions).toEqual([{ emoji: "🎉", userIds: [member.id, owner.id] }]);
  });

  it("refuses a malformed emoji", async () => {
    const { owner, general } = await workspaceWithMember();
    const message = await callerFor(owner.id).messages.send({ channelId: general, body: "hi", clientNonce: nonce() });
    for (const emoji of ["", "abc", "🎉🎉", "<script>", "🎉x"]) {
      await expectTrpcError(callerFor(owner.id).messages.react({ messageId: message.id, emoji }), "BAD_REQUEST", /single emoji/);
    }
    expect((await callerFor(owner.id).messages.history({ channelId: general })).messages[0]!.reactions).toEqual([]);
  });
});

describe("history", () => {
  it("pages by seq: newest first, older pages, a window around a permalink, and what came after", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const sender = callerFor(owner.id);
    const sent: MessageView[] = [];
    for (let n = 1; n <= 30; n++) sent.push(await sender.messages.send({ channelId: general, body: `m${n}`, clientNonce: nonce() }));
    // A thread-only reply takes a seq but is not part of the channel's list.
    const reply = await sender.messages.send({ channelId: general, body: "in thread", clientNonce: nonce(), threadRootId: sent[0]!.id });
    const reader = callerFor(member.id);
    const bodies = (page: { messages: MessageView[] }) => page.messages.map((message) => message.body);
    const seqOf = (n: number) => sent[n - 1]!.seq;

    const newest = await reader.messages.history({ channelId: general, limit: 10 });
    expect(bodies(newest)).toEqual(["m21", "m22", "m23", "m24", "m25", "m26", "m27", "m28", "m29", "m30"]);
    expect(newest).toMatchObject({ hasMore: true, hasNewer: false, lastSeq: reply.seq });

    const older = await reader.messages.history({ channelId: general, beforeSeq: seqOf(21), limit: 10 });
    expect(bodies(older)).toEqual(["m11", "m12", "m13", "m14", "m15", "m16", "m17", "m18", "m19", "m20"]);

    const around = await reader.messages.history({ channelId: general, aroundMessageId: sent[14]!.id, limit: 10 });
    expect(bodies(around)).toEqual(["m11", "m12", "m13", "m14", "m15", "m16", "m17", "m18", "m19", "m20"]);
    expect(around).toMatchObject({ hasMore: true, hasNewer: true });
    const nearStart = await reader.messages.history({ channelId: general, aroundMessageId: sent[1]!.id, limit: 10 });
    expect(bodies(nearStart)).toEqual(["m1", "m2", "m3", "m4", "m5", "m6", "m7"]);
    expect(nearStart).toMatchObject({ hasMore: false, hasNewer: true });

    const after = await reader.messages.history({ channelId: general, afterSeq: seqOf(20), limit: 10 });
    expect(bodies(after)).toEqual(["m21", "m22", "m23", "m24", "m25", "m26", "m27", "m28", "m29", "m30"]);
    expect(after).toMatchObject({ hasMore: true, hasNewer: false });
    expect(await reader.messages.history({ channelId: general, afterSeq: seqOf(5), limit: 10 })).toMatchObject({ hasMore: true, hasNewer: true });
  });

  it("refuses a window around a message that is not in the channel's list", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const root = await callerFor(owner.id).messages.send({ channelId: general, body: "root", clientNonce: nonce() });
    const reply = await callerFor(owner.id).messages.send({ channelId: general, body: "reply", clientNonce: nonce(), threadRootId: root.id });
    const other = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "elsewhere", kind: "public" });
    const elsewhere = await callerFor(owner.id).messages.send({ channelId: other.id, body: "elsewhere", clientNonce: nonce() });
    for (const messageId of [reply.id, elsewhere.id, crypto.randomUUID()]) {
      await expectTrpcError(callerFor(member.id).messages.history({ channelId: general, aroundMessageId: messageId }), "NOT_FOUND", /does not exist/);
    }
  });
});

describe("typing", () => {
  it("tells the channel who is typing, in the channel or a thread, and stores nothing", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const root = await callerFor(owner.id).messages.send({ channelId: general, body: "root", clientNonce: nonce() });
    const recorder = recordTopic(topics.channel(general));
    await callerFor(member.id).typing.start({ channelId: general });
    await callerFor(member.id).typing.start({ channelId: general, threadRootId: root.id });
    await eventually(() =>
      expect(recorder.events).toEqual([
        { type: "typing", channelId: general, threadRootId: null, userId: member.id },
        { type: "typing", channelId: general, threadRootId: root.id, userId: member.id },
      ]),
    );
    recorder.stop();
    expect(await db().select().from(messages).where(eq(messages.channelId, general))).toHaveLength(1);
  });

  it("refuses typing where the person cannot post", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const other = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "elsewhere", kind: "public" });
    const elsewhere = await callerFor(owner.id).messages.send({ channelId: other.id, body: "elsewhere", clientNonce: nonce() });
    await expectTrpcError(callerFor(member.id).typing.start({ channelId: other.id }), "BAD_REQUEST", /Join #elsewhere/);
    await expectTrpcError(callerFor(member.id).typing.start({ channelId: general, threadRootId: elsewhere.id }), "NOT_FOUND");
  });
});

describe("threads", () => {
  it("counts replies on the root, tracks repliers, and can also send to the channel", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const root = await callerFor(owner.id).messages.send({ channelId: general, body: "thread?", clientNonce: nonce() });
    const { after } = await expectEventsToReplay(owner.id, general, async () => {
      await callerFor(member.id).messages.send({ channelId: general, body: "reply 1", clientNonce: nonce(), threadRootId: root.id });
      await callerFor(owner.id).messages.send({ channelId: general, body: "reply 2", clientNonce: nonce(), threadRootId: root.id, alsoInChannel: true });
    });
    expect(after.map((message) => message.body)).toEqual(["thread?", "reply 2"]);
    expect(after[0]).toMatchObject({ replyCount: 2, replyUserIds: [owner.id, member.id], lastReplyAt: expect.any(Date) });
    const thread = await callerFor(member.id).messages.thread({ rootId: root.id });
    expect(thread.replies.map((reply) => reply.body)).toEqual(["reply 1", "reply 2"]);
  });

  it("keeps the replies when the root is deleted, behind a placeholder", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const root = await callerFor(owner.id).messages.send({ channelId: general, body: "root", clientNonce: nonce() });
    await callerFor(member.id).messages.send({ channelId: general, body: "kept", clientNonce: nonce(), threadRootId: root.id });
    await callerFor(owner.id).messages.delete({ messageId: root.id });
    const thread = await callerFor(member.id).messages.thread({ rootId: root.id });
    expect(thread.root).toMatchObject({ body: "", deletedAt: expect.any(Date), replyCount: 1 });
    expect(thread.replies.map((reply) => reply.body)).toEqual(["kept"]);
  });

  it("refuses replies to replies and to threads of other channels", async () => {
    const { owner, workspace, general } = await workspaceWithMember();
    const other = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "other", kind: "public" });
    const root = await callerFor(owner.id).messages.send({ channelId: general, body: "root", clientNonce: nonce() });
    const reply = await callerFor(owner.id).messages.send({ channelId: general, body: "r", clientNonce: nonce(), threadRootId: root.id });
    await expectTrpcError(callerFor(owner.id).messages.send({ channelId: general, body: "x", clientNonce: nonce(), threadRootId: reply.id }), "BAD_REQUEST", /first message/);
    await expectTrpcError(callerFor(owner.id).messages.send({ channelId: other.id, body: "x", clientNonce: nonce(), threadRootId: root.id }), "NOT_FOUND");
  });
});

describe("unread state and mentions", () => {
  it("counts unread messages and mentions from the read position, and marks read live for the reader's tabs", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    await callerFor(owner.id).messages.send({ channelId: general, body: "hello all", clientNonce: nonce() });
    await callerFor(owner.id).messages.send({ channelId: general, body: `hey <@${member.id}>`, clientNonce: nonce() });
    await callerFor(owner.id).messages.send({ channelId: general, body: "@channel standup", clientNonce: nonce() });
    const entry = async (userId: string) => (await callerFor(userId).channels.mine({ workspaceId: workspace.id })).find((channel) => channel.id === general)!;
    expect(await entry(member.id)).toMatchObject({ unreadCount: 3, mentionCount: 2, lastSeq: 3 });
    expect(await entry(owner.id)).toMatchObject({ unreadCount: 0, mentionCount: 0, lastReadSeq: 3 });

    const recorder = recordTopic(topics.user(member.id));
    await callerFor(member.id).channels.markRead({ channelId: general, seq: 3 });
    expect(await entry(member.id)).toMatchObject({ unreadCount: 0, mentionCount: 0, lastReadSeq: 3 });
    await eventually(() => expect(recorder.events).toContainEqual({ type: "channel.read", channelId: general, lastReadSeq: 3 }));
    // A stale tab cannot move the position back; "mark unread from here" can.
    await callerFor(member.id).channels.markRead({ channelId: general, seq: 1 });
    expect(await entry(member.id)).toMatchObject({ lastReadSeq: 3 });
    await callerFor(member.id).channels.markUnread({ channelId: general, seq: 2 });
    expect(await entry(member.id)).toMatchObject({ lastReadSeq: 1, unreadCount: 2, mentionCount: 2 });
    recorder.stop();
  });
});

describe("channels", () => {
  it("creates channels by Slack's name rules, unique per workspace", async () => {
    const { owner, workspace } = await workspaceWithMember();
    const recorder = recordTopic(topics.workspace(workspace.id));
    const design = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "Design-Team", kind: "public" });
    expect(design.name).toBe("design-team");
    await expectTrpcError(callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "design-team", kind: "private" }), "CONFLICT", /already exists/);
    await expectTrpcError(callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "no spaces", kind: "public" }), "BAD_REQUEST", /lowercase/);
    await expectTrpcError(callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "x".repeat(81), kind: "public" }), "BAD_REQUEST", /at most 80/);
    await eventually(() => expect(recorder.events).toContainEqual(expect.objectContaining({ type: "channel.updated", channel: expect.objectContaining({ name: "design-team", memberCount: 1 }) })));
    recorder.stop();
  });

  it("lets members browse and join public channels, and archives and unarchives them", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const design = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "design", kind: "public" });
    expect((await callerFor(member.id).channels.browse({ workspaceId: workspace.id })).map((channel) => [channel.name, channel.joined])).toEqual([
      ["design", false],
      ["general", true],
    ]);
    await callerFor(member.id).channels.join({ channelId: design.id });
    expect((await callerFor(member.id).channels.members({ channelId: design.id })).map((person) => person.userId).sort()).toEqual([member.id, owner.id].sort());
    await expectTrpcError(callerFor(member.id).channels.setArchived({ channelId: design.id, archived: true }), "FORBIDDEN");
    await callerFor(owner.id).channels.setArchived({ channelId: design.id, archived: true });
    expect((await callerFor(member.id).channels.mine({ workspaceId: workspace.id })).map((channel) => channel.name)).toEqual(["general"]);
    // Hidden from the sidebar, still found in the browser, marked archived.
    expect((await callerFor(member.id).channels.browse({ workspaceId: workspace.id })).find((channel) => channel.id === design.id)).toMatchObject({ archivedAt: expect.any(Date) });
    await expectTrpcError(callerFor(member.id).messages.send({ channelId: design.id, body: "hi", clientNonce: nonce() }), "BAD_REQUEST", /archived/);
    expect((await callerFor(member.id).messages.history({ channelId: design.id })).messages).toEqual([]);
    await callerFor(owner.id).channels.setArchived({ channelId: design.id, archived: false });
    expect((await callerFor(member.id).channels.mine({ workspaceId: workspace.id })).map((channel) => channel.name)).toEqual(["design", "general"]);
  });

  it("hides a private channel from everyone outside it: NOT_FOUND everywhere", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const secret = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "secret", kind: "private" });
    const message = await callerFor(owner.id).messages.send({ channelId: secret.id, body: "psst", clientNonce: nonce() });
    const outsider = callerFor(member.id);
    expect((await outsider.channels.browse({ workspaceId: workspace.id })).map((channel) => channel.name)).not.toContain("secret");
    expect((await callerFor(owner.id).channels.browse({ workspaceId: workspace.id })).map((channel) => channel.name)).toContain("secret");
    expect((await outsider.channels.mine({ workspaceId: workspace.id })).map((channel) => channel.name)).not.toContain("secret");
    const attempts = [
      () => outsider.channels.get({ channelId: secret.id }),
      () => outsider.channels.join({ channelId: secret.id }),
      () => outsider.channels.members({ channelId: secret.id }),
      () => outsider.messages.history({ channelId: secret.id }),
      () => outsider.messages.thread({ rootId: message.id }),
      () => outsider.messages.react({ messageId: message.id, emoji: "👀" }),
      () => outsider.messages.send({ channelId: secret.id, body: "let me in", clientNonce: nonce() }),
    ];
    for (const attempt of attempts) await expectTrpcError(attempt(), "NOT_FOUND");
    await callerFor(owner.id).channels.addMember({ channelId: secret.id, userId: member.id });
    expect((await outsider.messages.history({ channelId: secret.id })).messages.map((m) => m.body)).toEqual(["psst"]);
  });

  it("keeps one conversation per set of people, including notes to yourself", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const dm = await callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: [member.id] });
    const same = await callerFor(member.id).channels.openDm({ workspaceId: workspace.id, userIds: [owner.id] });
    expect(same.id).toBe(dm.id);
    expect(dm.kind).toBe("dm");
    const notes = await callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: [] });
    expect(notes.id).not.toBe(dm.id);
    const third = await makeUser("Third");
    await expectTrpcError(callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: [member.id, third.id] }), "NOT_FOUND");
    const list = await callerFor(owner.id).channels.mine({ workspaceId: workspace.id });
    expect(list.find((channel) => channel.id === dm.id)?.dmPeople.map((person) => person.userId)).toEqual([member.id]);
    await expectTrpcError(
      callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: Array.from({ length: 8 }, () => crypto.randomUUID()) }),
      "BAD_REQUEST",
      /at most 8 people/,
    );
  });
});

describe("pins, saved messages and followed threads", () => {
  it("pins live for the channel, saves privately, and lists followed threads with unread replies", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const message = await callerFor(owner.id).messages.send({ channelId: general, body: "pin me", clientNonce: nonce() });
    const { after } = await expectEventsToReplay(member.id, general, () => callerFor(member.id).messages.setPinned({ messageId: message.id, on: true }));
    expect(after[0]!.pinned).toBe(true);
    expect((await callerFor(owner.id).messages.pins({ channelId: general })).map((m) => m.id)).toEqual([message.id]);
    await callerFor(member.id).messages.setPinned({ messageId: message.id, on: false });
    expect(await callerFor(owner.id).messages.pins({ channelId: general })).toEqual([]);

    await callerFor(member.id).messages.setSaved({ messageId: message.id, on: true });
    expect((await callerFor(member.id).messages.saved({ workspaceId: workspace.id })).map((m) => m.id)).toEqual([message.id]);
    expect(await callerFor(owner.id).messages.saved({ workspaceId: workspace.id })).toEqual([]);

    // Posting in a thread follows it; the root's author follows it too; a mention brings the mentioned in.
    const third = await makeUser("Third");
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    await callerFor(third.id).invites.accept({ token: invite.token });
    await callerFor(member.id).messages.send({ channelId: general, body: `what do you think <@${third.id}>?`, clientNonce: nonce(), threadRootId: message.id });
    await callerFor(member.id).messages.send({ channelId: general, body: "and another", clientNonce: nonce(), threadRootId: message.id });
    const threadsOf = async (userId: string) => (await callerFor(userId).messages.threads({ workspaceId: workspace.id })).map((t) => [t.root.id, t.unreadReplies]);
    expect(await threadsOf(owner.id)).toEqual([[message.id, 2]]);
    expect(await threadsOf(member.id)).toEqual([[message.id, 0]]);
    expect(await threadsOf(third.id)).toEqual([[message.id, 2]]);
    await callerFor(owner.id).messages.markThreadRead({ rootId: message.id });
    expect(await threadsOf(owner.id)).toEqual([[message.id, 0]]);
  });
});
