import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createCaller } from "../../src/server/api/root";
import { db } from "../../src/server/db/client";
import { channelMembers, users } from "../../src/server/db/schema";
import { streamVisitorEvents } from "../../src/server/events/visitor-stream";
import { backgroundSettled } from "../../src/server/jobs/background";
import { runDueJobs } from "../../src/server/jobs/queue";
import { presence } from "../../src/server/presence";
import { identityHash } from "../../src/server/support/identity";
import { withoutQuote } from "../../src/server/support/inbound-email";
import { type ServerEvent, topics } from "../../src/shared/events";
import type { FileView } from "../../src/shared/files";
import type { VisitorEvent } from "../../src/shared/support";
import { TEST_SMTP_PORT } from "../setup/env";
import { sessionCookie, startDoorServer } from "./door-server";
import { callerFor, eventually, expectTrpcError, joinedMember, openTabOf, recordTopic, workspaceWithOwner } from "./factories";
import { linkIn, startMailServer } from "./mail-server";

const nonce = () => crypto.randomUUID();
const SITE = "https://shop.example.test";
const minutesLater = (minutes: number) => new Date(Date.now() + minutes * 60_000);

let mail: Awaited<ReturnType<typeof startMailServer>>;
let doors: Awaited<ReturnType<typeof startDoorServer>>;
beforeAll(async () => {
  mail = await startMailServer(TEST_SMTP_PORT);
  doors = await startDoorServer();
});
afterAll(async () => {
  await mail.close();
  await doors.close();
});

let ipCounter = 0;
/** Each test's visitors come from their own address, so the per-address limits of one test never reach another's. */
const freshIp = () => `198.51.100.${++ipCounter}`;

function visitorCaller(token: string | null, ip = "203.0.113.7") {
  return createCaller({ userId: null, visitorToken: token, ip, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0" });
}

/** An agent counted active, as an open, focused tab makes them. */
async function activeTab(userId: string) {
  const tabId = crypto.randomUUID();
  await presence().openTab(userId, tabId, "active");
  onTestFinished(() => presence().closeTab(userId, tabId));
}

async function supportSetup(options: { verifyIdentity?: boolean; autoAssignLimit?: number; requireEmail?: boolean } = {}) {
  const { owner, workspace } = await workspaceWithOwner("Shop");
  const agent = await joinedMember(owner.id, workspace.id, "Ada Agent");
  const outsider = await joinedMember(owner.id, workspace.id, "Otto Outsider");
  const inbox = await callerFor(owner.id).support.createInbox({
    workspaceId: workspace.id,
    name: "Shop help",
    allowedOrigins: [SITE],
    agentIds: [owner.id, agent.id],
    verifyIdentity: options.verifyIdentity ?? false,
    autoAssignLimit: options.autoAssignLimit ?? 0,
    prechat: { askName: true, askEmail: true, requireEmail: options.requireEmail ?? false, fields: [{ key: "order", label: "Order number", required: false }] },
  });
  const ip = freshIp();
  const session = (extra: { token?: string | null; identity?: { id: string; hash: string; name?: string; email?: string }; hostOrigin?: string } = {}) =>
    visitorCaller(null, ip).widget.session({ inboxKey: inbox.key, hostOrigin: SITE, pageUrl: `${SITE}/checkout`, referrer: "https://search.example/", timeZone: "Europe/Paris", ...extra });
  return { owner, agent, outsider, workspace, inbox, session, ip };
}

async function visitorWithConversation(setup: Awaited<ReturnType<typeof supportSetup>>, body = "Where is my order?", email = "vera@example.test") {
  await activeTab(setup.agent.id);
  const { token } = await setup.session();
  const visitor = visitorCaller(token, setup.ip);
  const started = await visitor.widget.start({ name: "Vera Visitor", email, fields: { order: "A-1001" }, body, clientNonce: nonce() });
  return { token, visitor, conversationId: started.conversation.id, started };
}

/** What a visitor's widget stream delivers while the test runs. */
function watchVisitor(visitor: { visitorId: string; userId: string }) {
  const abort = new AbortController();
  const events: VisitorEvent[] = [];
  const reading = (async () => {
    for await (const { events: frame } of streamVisitorEvents(visitor, abort.signal)) events.push(...frame);
  })();
  onTestFinished(async () => {
    abort.abort();
    await reading;
  });
  return { events, ready: () => eventually(() => expect(events[0]).toEqual({ type: "stream.ready" })) };
}

const agentCookie = async (userId: string) => ({ cookie: await sessionCookie(userId) });

async function visitorIdentity(token: string) {
  const { visitorFromToken } = await import("../../src/server/support/visitor-session");
  const visitor = await visitorFromToken(token);
  return { visitorId: visitor!.id, userId: visitor!.userId };
}

describe("setting up an inbox", () => {
  it("is for admins; the team and websites are checked, with messages a person can read", async () => {
    const { owner, workspace, agent, inbox } = await supportSetup();
    expect(inbox.key).toMatch(/^cfw/);
    expect(inbox.identitySecret.length).toBeGreaterThan(20);
    expect(inbox.agentIds.sort()).toEqual([owner.id, agent.id].sort());
    await expectTrpcError(callerFor(agent.id).support.createInbox({ workspaceId: workspace.id, name: "Mine", allowedOrigins: [SITE], agentIds: [agent.id], autoAssignLimit: 0 }), "FORBIDDEN");
    await expectTrpcError(callerFor(agent.id).support.updateInbox({ inboxId: inbox.id, name: "Hijacked" }), "NOT_FOUND");
    await expectTrpcError(
      callerFor(owner.id).support.createInbox({ workspaceId: workspace.id, name: "Bad", allowedOrigins: ["ftp://example.test"], agentIds: [owner.id], autoAssignLimit: 0 }),
      "BAD_REQUEST",
      /not a website origin/,
    );
    const stranger = await workspaceWithOwner("Elsewhere");
    await expectTrpcError(
      callerFor(owner.id).support.createInbox({ workspaceId: workspace.id, name: "Bad", allowedOrigins: [SITE], agentIds: [stranger.owner.id], autoAssignLimit: 0 }),
      "BAD_REQUEST",
      /person in this workspace/,
    );
    expect((await callerFor(owner.id).support.inboxes({ workspaceId: workspace.id })).map((row) => row.name)).toEqual(["Shop help"]);
  });
});

describe("a visitor's session", () => {
  it("is refused for an unknown inbox or a website not on its list, and keeps the visitor across reloads", async () => {
    const setup = await supportSetup();
    await expectTrpcError(visitorCaller(null).widget.session({ inboxKey: "cfwnothing-nothing", hostOrigin: SITE }), "NOT_FOUND", /not available/);
    await expectTrpcError(setup.session({ hostOrigin: "https://evil.example.test" }), "FORBIDDEN", /may not show this chat/);
    const first = await setup.session();
    expect(first.config).toMatchObject({ name: "Shop help", online: false, withinHours: true });
    expect(first.conversations).toEqual([]);
    const again = await setup.session({ token: first.token });
    expect(await visitorIdentity(again.token)).toEqual(await visitorIdentity(first.token));
    // A token from nowhere is a new visitor, not an error.
    const fresh = await setup.session({ token: "forged.token" });
    expect((await visitorIdentity(fresh.token)).visitorId).not.toBe((await visitorIdentity(first.token)).visitorId);
    await expectTrpcError(visitorCaller("forged.token").widget.conversations(), "UNAUTHORIZED");
  });

  it("with identity verification: a forged hash is refused; a signed identity is the same visitor on every device", async () => {
    const setup = await supportSetup({ verifyIdentity: true });
    await expectTrpcError(setup.session({ identity: { id: "user-42", hash: "00".repeat(32), name: "Mallory" } }), "UNAUTHORIZED", /could not vouch/);
    await expectTrpcError(setup.session({ identity: { id: "user-42", hash: "" } }), "UNAUTHORIZED");
    const hash = identityHash(setup.inbox.identitySecret, "user-42");
    const laptop = await setup.session({ identity: { id: "user-42", hash, name: "Vera Verified", email: "vera@example.test" } });
    const phone = await setup.session({ identity: { id: "user-42", hash } });
    expect(await visitorIdentity(phone.token)).toEqual(await visitorIdentity(laptop.token));
    expect(phone.visitor).toMatchObject({ name: "Vera Verified", email: "vera@example.test", identified: true });
    // Someone else signing in on the laptop is someone else.
    const other = await setup.session({ token: laptop.token, identity: { id: "user-43", hash: identityHash(setup.inbox.identitySecret, "user-43") } });
    expect((await visitorIdentity(other.token)).visitorId).not.toBe((await visitorIdentity(laptop.token)).visitorId);
  });
});

describe("a conversation", () => {
  it("reaches the team live, unassigned; the agent's answer reaches the visitor, notes and threads never do", async () => {
    const setup = await supportSetup();
    const inboxEvents = recordTopic(topics.inbox(setup.inbox.id));
    onTestFinished(() => inboxEvents.stop());
    const { token, visitor, conversationId } = await visitorWithConversation(setup);
    const stream = watchVisitor(await visitorIdentity(token));
    await stream.ready();

    await eventually(() => expect(inboxEvents.events).toContainEqual(expect.objectContaining({ type: "support.conversation", conversation: expect.objectContaining({ id: conversationId, assigneeId: null }) })));
    expect(await callerFor(setup.agent.id).support.counts({ workspaceId: setup.workspace.id })).toEqual({ unassigned: 1, mine: 0, open: 1, closed: 0, answering: true });
    const [listed] = await callerFor(setup.agent.id).support.conversations({ workspaceId: setup.workspace.id, view: "unassigned" });
    expect(listed).toMatchObject({ id: conversationId, status: "open", lastMessage: "Where is my order?", visitor: { name: "Vera Visitor", email: "vera@example.test" } });
    const details = await callerFor(setup.agent.id).support.conversation({ conversationId });
    expect(details.details).toMatchObject({ pageUrl: `${SITE}/checkout`, referrer: "https://search.example/", timeZone: "Europe/Paris", fields: { order: "A-1001" }, fieldLabels: { order: "Order number" }, online: false });
    expect(details.details.userAgent).toContain("Chrome/156");

    // The agent's history shows the visitor's message like any other.
    const history = await callerFor(setup.agent.id).messages.history({ channelId: conversationId });
    expect(history.messages.map((message) => message.body)).toContain("Where is my order?");

    await callerFor(setup.agent.id).support.reply({ conversationId, body: "Let me look", clientNonce: nonce(), internal: true });
    const answer = await callerFor(setup.agent.id).support.reply({ conversationId, body: "It ships **today**", clientNonce: nonce() });
    await callerFor(setup.agent.id).messages.send({ channelId: conversationId, threadRootId: answer.id, body: "internal thread", clientNonce: nonce(), alsoInChannel: true });
    // The thread's reply count changing sends the answer again (a newer snapshot): the visitor sees one message.
    const seen = () => [...new Set(stream.events.flatMap((event) => (event.type === "message" ? [event.message.body] : [])))];
    await eventually(() => expect(seen()).toEqual(["It ships **today**"]));
    const shown = stream.events.find((event) => event.type === "message");
    expect(shown).toMatchObject({ message: { fromVisitor: false, authorName: "Ada", authorImage: null } });
    expect(JSON.stringify(stream.events)).not.toContain("Let me look");
    expect(JSON.stringify(stream.events)).not.toContain("internal thread");
    expect(JSON.stringify(stream.events)).not.toContain("Assigned");

    // After a reload, the visitor's history says the same.
    const reloaded = await visitor.widget.history({ conversationId });
    expect(reloaded.map((message) => [message.fromVisitor, message.body])).toEqual([
      [true, "Where is my order?"],
      [false, "It ships **today**"],
    ]);
    // Answering claimed it, and was the first response.
    expect(await callerFor(setup.agent.id).support.counts({ workspaceId: setup.workspace.id })).toMatchObject({ unassigned: 0, mine: 1, open: 1 });
  });

  it("tells the team: every open tab while nobody has it, then its assignee; mentions in notes and their threads reach the teammate named", async () => {
    const setup = await supportSetup();
    const ownerTab = await openTabOf(setup.owner.id);
    const agentTab = await openTabOf(setup.agent.id);
    const outsiderTab = await openTabOf(setup.outsider.id);
    onTestFinished(() => Promise.all([ownerTab.close(), agentTab.close(), outsiderTab.close()]).then(() => undefined));
    const told = (tab: { events: ServerEvent[] }) => tab.events.flatMap((event) => (event.type === "notification" ? [event.notification] : []));
    const { visitor, conversationId } = await visitorWithConversation(setup);
    await backgroundSettled();
    await eventually(() => expect(told(ownerTab)).toHaveLength(1));
    await eventually(() => expect(told(agentTab)).toHaveLength(1));
    expect(told(ownerTab)[0]).toMatchObject({ title: "Support: Vera Visitor", body: expect.stringContaining("Where is my order?") });
    expect(told(outsiderTab)).toEqual([]);

    await callerFor(setup.owner.id).support.assign({ conversationId, assigneeId: setup.agent.id });
    await visitor.widget.send({ conversationId, body: "Any news?", clientNonce: nonce() });
    await backgroundSettled();
    await eventually(() => expect(told(agentTab).map((entry) => entry.body)).toContainEqual(expect.stringContaining("Any news?")));
    expect(told(ownerTab).map((entry) => entry.body)).not.toContainEqual(expect.stringContaining("Any news?"));

    // Between agents: a note naming the owner reaches them; so does a reply in its thread naming the agent back.
    const note = await callerFor(setup.agent.id).support.reply({ conversationId, body: `<@${setup.owner.id}> may I refund this order?`, clientNonce: nonce(), internal: true });
    await backgroundSettled();
    await eventually(() => expect(told(ownerTab).map((entry) => entry.body)).toContainEqual(expect.stringContaining("may I refund this order?")));
    await callerFor(setup.owner.id).messages.send({ channelId: conversationId, threadRootId: note.id, body: `<@${setup.agent.id}> yes, go ahead`, clientNonce: nonce() });
    await backgroundSettled();
    await eventually(() => expect(told(agentTab)).toContainEqual(expect.objectContaining({ title: "Thread in Support: Vera Visitor", body: expect.stringContaining("yes, go ahead") })));
    expect(told(outsiderTab)).toEqual([]);
  });

  it("typing goes both ways (but not while writing a note); read marks too", async () => {
    const setup = await supportSetup();
    const { token, visitor, conversationId } = await visitorWithConversation(setup);
    const who = await visitorIdentity(token);
    const stream = watchVisitor(who);
    await stream.ready();
    const channel = recordTopic(topics.channel(conversationId));
    onTestFinished(() => channel.stop());

    await visitor.widget.typing({ conversationId });
    await eventually(() => expect(channel.events).toContainEqual({ type: "typing", channelId: conversationId, threadRootId: null, userId: who.userId }));
    await callerFor(setup.agent.id).typing.start({ channelId: conversationId, internal: true });
    await callerFor(setup.agent.id).typing.start({ channelId: conversationId });
    await eventually(() => expect(stream.events.filter((event) => event.type === "typing")).toEqual([{ type: "typing", conversationId, name: "Ada" }]));

    const answer = await callerFor(setup.agent.id).support.reply({ conversationId, body: "Hello!", clientNonce: nonce() });
    await visitor.widget.read({ conversationId, seq: answer.seq });
    await eventually(() => expect(channel.events).toContainEqual({ type: "channel.receipt", channelId: conversationId, userId: who.userId, lastReadSeq: answer.seq }));
    await callerFor(setup.agent.id).channels.markRead({ channelId: conversationId, seq: answer.seq });
    await eventually(() => expect(stream.events).toContainEqual({ type: "read", conversationId, agentsReadSeq: answer.seq }));
    const [mine] = await visitor.widget.conversations();
    expect(mine).toMatchObject({ id: conversationId, agentsReadSeq: answer.seq, visitorReadSeq: answer.seq });
  });

  it("exists only for its visitor and its inbox's team", async () => {
    const setup = await supportSetup();
    const { conversationId } = await visitorWithConversation(setup);
    const other = visitorCaller((await setup.session()).token, setup.ip);
    await expectTrpcError(other.widget.history({ conversationId }), "NOT_FOUND");
    await expectTrpcError(other.widget.send({ conversationId, body: "hi", clientNonce: nonce() }), "NOT_FOUND");
    await expectTrpcError(other.widget.read({ conversationId, seq: 1 }), "NOT_FOUND");
    // Someone of the workspace who is not on the team: no conversation, no lists.
    await expectTrpcError(callerFor(setup.outsider.id).messages.history({ channelId: conversationId }), "NOT_FOUND");
    await expectTrpcError(callerFor(setup.outsider.id).support.conversation({ conversationId }), "NOT_FOUND");
    await expectTrpcError(callerFor(setup.outsider.id).support.reply({ conversationId, body: "hi", clientNonce: nonce() }), "NOT_FOUND");
    expect(await callerFor(setup.outsider.id).support.counts({ workspaceId: setup.workspace.id })).toMatchObject({ open: 0, answering: false });
    // A visitor is nobody in the workspace: the signed-in API does not exist for their token.
    await expectTrpcError(visitorCaller((await setup.session()).token).workspaces.list(), "UNAUTHORIZED");
  });

  it("files: a visitor uploads into their own conversation only and fetches what they may see, never a note's file", async () => {
    const setup = await supportSetup();
    const { token, visitor, conversationId } = await visitorWithConversation(setup);
    const other = await setup.session();
    const image = await sharp({ create: { width: 320, height: 200, channels: 3, background: "#16a34a" } }).png().toBuffer();
    const asVisitor = (visitorToken: string | null) => ({ ...(visitorToken && { "x-confab-visitor": visitorToken }) });
    const upload = async (headers: Record<string, string>, channelId: string, name: string, bytes: Buffer | string) => {
      const response = await fetch(`http://${doors.host}/api/files?channelId=${channelId}&name=${encodeURIComponent(name)}`, { method: "POST", headers, body: new Uint8Array(Buffer.from(bytes)) });
      return { status: response.status, body: (await response.json()) as { file: FileView; error?: string } };
    };
    const fetched = async (headers: Record<string, string>, file: FileView) => (await fetch(`http://${doors.host}/api/files/${file.id}/${file.name}`, { headers })).status;

    const shot = await upload(asVisitor(token), conversationId, "screenshot.png", image);
    expect(shot.status).toBe(201);
    expect(shot.body.file).toMatchObject({ kind: "image", hasThumbnail: true, width: 320, height: 200 });
    // Another visitor's conversation, and the workspace's own channels, do not exist for this token.
    expect((await upload(asVisitor(other.token), conversationId, "x.txt", "hi")).status).toBe(404);
    expect((await upload(asVisitor(token), setup.workspace.generalChannelId, "x.txt", "hi")).status).toBe(404);
    expect((await upload(asVisitor("forged.token"), conversationId, "x.txt", "hi")).status).toBe(401);
    // Until it is sent, the upload is its visitor's alone.
    expect(await fetched(asVisitor(token), shot.body.file)).toBe(200);
    expect(await fetched(await agentCookie(setup.agent.id), shot.body.file)).toBe(404);

    const sent = await visitor.widget.send({ conversationId, body: "", fileIds: [shot.body.file.id], clientNonce: nonce() });
    expect(sent.files.map((file) => file.name)).toEqual(["screenshot.png"]);
    const served = await fetch(`http://${doors.host}/api/files/${shot.body.file.id}/screenshot.png`, { headers: await agentCookie(setup.agent.id) });
    expect(served.status).toBe(200);
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await fetched(asVisitor(other.token), shot.body.file)).toBe(404);
    expect((await fetch(`http://${doors.host}/api/files/${shot.body.file.id}/thumbnail`, { headers: asVisitor(token) })).status).toBe(200);

    // The team's files: a reply's reaches the visitor, a note's never does.
    const agent = await agentCookie(setup.agent.id);
    const forVisitor = (await upload(agent, conversationId, "invoice.pdf", "%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n")).body.file;
    const forTeam = (await upload(agent, conversationId, "internal.txt", "refund approved by finance")).body.file;
    await callerFor(setup.agent.id).support.reply({ conversationId, body: "Here is the invoice", fileIds: [forVisitor.id], clientNonce: nonce() });
    await callerFor(setup.agent.id).support.reply({ conversationId, body: "finance said yes", fileIds: [forTeam.id], clientNonce: nonce(), internal: true });
    expect(await fetched(asVisitor(token), forVisitor)).toBe(200);
    expect(await fetched(asVisitor(token), forTeam)).toBe(404);
    const history = await visitor.widget.history({ conversationId });
    expect(history.flatMap((message) => message.files.map((file) => file.name))).toEqual(["screenshot.png", "invoice.pdf"]);

    // Ten uploads a minute per visitor (the screenshot and the refused one above counted): a flood is refused.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 9; attempt++) statuses.push((await upload(asVisitor(token), conversationId, `more-${attempt}.txt`, "more")).status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(8);
    const refused = await upload(asVisitor(token), conversationId, "again.txt", "again");
    expect(refused).toMatchObject({ status: 429, body: { error: expect.stringMatching(/going too fast; try again in \d+ seconds?/) } });
  });

  it("a retried send is one message; a flood from one visitor is refused while others keep chatting", async () => {
    const setup = await supportSetup();
    const { visitor, conversationId } = await visitorWithConversation(setup);
    const clientNonce = nonce();
    const [a, b] = await Promise.all([visitor.widget.send({ conversationId, body: "twice?", clientNonce }), visitor.widget.send({ conversationId, body: "twice?", clientNonce })]);
    expect(a.id).toBe(b.id);
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, index) => visitor.widget.send({ conversationId, body: `spam ${index}`, clientNonce: nonce() })));
    const refused = results.filter((result) => result.status === "rejected");
    expect(refused.length).toBeGreaterThan(0);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/try again in/) });
    // The team is not slowed: members send as before.
    const sent = await callerFor(setup.agent.id).support.reply({ conversationId, body: "still here", clientNonce: nonce() });
    expect(sent.body).toBe("still here");
  });

  it("assignment: by hand to a teammate, and automatically round robin to active agents under the limit", async () => {
    const setup = await supportSetup({ autoAssignLimit: 1 });
    await activeTab(setup.owner.id);
    const first = await visitorWithConversation(setup);
    const second = await visitorWithConversation(setup);
    const third = await visitorWithConversation(setup);
    const assignees = await Promise.all([first, second, third].map(async ({ conversationId }) => (await callerFor(setup.owner.id).support.conversation({ conversationId })).assigneeId));
    // Both active agents get one each; the third waits, as both are at the limit.
    expect(new Set(assignees.slice(0, 2))).toEqual(new Set([setup.owner.id, setup.agent.id]));
    expect(assignees[2]).toBeNull();
    const moved = await callerFor(setup.agent.id).support.assign({ conversationId: third.conversationId, assigneeId: setup.owner.id });
    expect(moved.assigneeId).toBe(setup.owner.id);
    await expectTrpcError(callerFor(setup.agent.id).support.assign({ conversationId: third.conversationId, assigneeId: setup.outsider.id }), "BAD_REQUEST", /team/);
    // Only the assignee is told about every message now.
    const levels = await db().select({ userId: channelMembers.userId, level: channelMembers.notifyLevel }).from(channelMembers).where(eq(channelMembers.channelId, third.conversationId));
    expect(Object.fromEntries(levels.map((row) => [row.userId, row.level]))).toEqual({ [setup.owner.id]: "all", [setup.agent.id]: null });
    const lines = (await callerFor(setup.owner.id).messages.history({ channelId: third.conversationId })).messages.filter((message) => message.kind === "system").map((message) => message.body);
    expect(lines).toEqual(["Ada Agent assigned the conversation to Shop Owner"]);
  });

  it("visitors arriving all at once are dealt out in turn to the active agents", async () => {
    const setup = await supportSetup({ autoAssignLimit: 10 });
    await activeTab(setup.owner.id);
    await activeTab(setup.agent.id);
    // Each from an address of their own, all at once: on PostgreSQL, twelve transactions choosing an agent together.
    const started = await Promise.all(
      Array.from({ length: 12 }, async (_, index) => {
        const ip = freshIp();
        const { token } = await visitorCaller(null, ip).widget.session({ inboxKey: setup.inbox.key, hostOrigin: SITE });
        return visitorCaller(token, ip).widget.start({ name: `Visitor ${index}`, email: "", fields: {}, body: "hello", clientNonce: nonce() });
      }),
    );
    const assignees = await Promise.all(started.map(async ({ conversation }) => (await callerFor(setup.owner.id).support.conversation({ conversationId: conversation.id })).assigneeId));
    const count = (userId: string) => assignees.filter((assignee) => assignee === userId).length;
    expect({ owner: count(setup.owner.id), agent: count(setup.agent.id) }).toEqual({ owner: 6, agent: 6 });
  });

  it("closing: off the team's streams, the visitor rates it, asks for the transcript; writing again reopens it", async () => {
    const setup = await supportSetup();
    const { token, visitor, conversationId } = await visitorWithConversation(setup);
    const stream = watchVisitor(await visitorIdentity(token));
    await stream.ready();
    await callerFor(setup.agent.id).support.reply({ conversationId, body: "Done, anything else?", clientNonce: nonce() });
    await expectTrpcError(visitor.widget.rate({ conversationId, rating: 5 }), "BAD_REQUEST", /once it is over/);
    const closed = await callerFor(setup.agent.id).support.close({ conversationId });
    expect(closed.status).toBe("closed");
    await eventually(() => expect(stream.events).toContainEqual({ type: "conversation", conversation: expect.objectContaining({ id: conversationId, status: "closed" }) }));
    expect(await db().select().from(channelMembers).where(eq(channelMembers.channelId, conversationId))).toEqual([]);
    // The team still reads it.
    expect((await callerFor(setup.agent.id).messages.history({ channelId: conversationId })).messages.length).toBeGreaterThan(0);
    await expectTrpcError(visitor.widget.rate({ conversationId, rating: 6 }), "BAD_REQUEST", /1 to 5/);
    expect(await visitor.widget.rate({ conversationId, rating: 4 })).toEqual({ rating: 4 });

    await visitor.widget.transcript({ conversationId });
    await runDueJobs(new Date());
    await eventually(() => expect(mail.to("vera@example.test").some((email) => email.subject?.startsWith("Your conversation with Shop help"))).toBe(true));
    const transcript = mail.to("vera@example.test").find((email) => email.subject?.startsWith("Your conversation with Shop help"))!;
    expect(transcript.text).toContain("Vera Visitor: Where is my order?");
    expect(transcript.text).toContain("Ada: Done, anything else?");
    expect(transcript.text).not.toContain("closed the conversation");

    await visitor.widget.send({ conversationId, body: "One more thing", clientNonce: nonce() });
    expect((await callerFor(setup.agent.id).support.conversation({ conversationId })).status).toBe("open");
    expect((await callerFor(setup.agent.id).support.counts({ workspaceId: setup.workspace.id })).open).toBe(1);
  });

  it("offline: an email is required; the answer is emailed; the visitor's emailed reply continues the conversation", async () => {
    const setup = await supportSetup();
    const { token } = await setup.session();
    const visitor = visitorCaller(token, setup.ip);
    // Nobody on the team is active: without an email nobody could ever answer.
    await expectTrpcError(visitor.widget.start({ name: "Olga", email: "", body: "Anyone?", clientNonce: nonce() }), "BAD_REQUEST", /leave your email/);
    const { conversation } = await visitor.widget.start({ name: "Olga Offline", email: "olga@example.test", body: "Anyone?", clientNonce: nonce() });
    await callerFor(setup.agent.id).support.reply({ conversationId: conversation.id, body: "Yes, we are here now", clientNonce: nonce() });
    // Not before the visitor had a minute to see it in the widget…
    await runDueJobs(new Date());
    expect(mail.to("olga@example.test")).toHaveLength(0);
    await runDueJobs(minutesLater(2));
    const [email] = mail.to("olga@example.test");
    expect(email!.subject).toBe("New reply from Shop help");
    expect(email!.text).toContain("Ada: Yes, we are here now");
    const replyTo = email!.replyTo!.value[0]!.address!;
    expect(replyTo).toMatch(/^support\+[A-Za-z0-9_-]+@confab\.example\.test$/);
    const link = linkIn(email!.text, "http://confab.example.test/widget/");
    expect(link).toContain(`conversation=${conversation.id}`);
    // …and only once.
    await runDueJobs(minutesLater(4));
    expect(mail.to("olga@example.test")).toHaveLength(1);

    // The visitor answers the email; the mail server hands it to the inbound hook.
    const raw = [
      `From: Olga Offline <olga@example.test>`,
      `To: ${replyTo}`,
      `Subject: Re: New reply from Shop help`,
      `Message-ID: <reply-${nonce()}@example.test>`,
      `Content-Type: text/plain; charset=utf-8`,
      ``,
      `Great, thanks! It arrived.`,
      ``,
      `On Mon, Dec 7, 2026 at 10:00 AM Shop help <confab@example.test> wrote:`,
      `> Ada: Yes, we are here now`,
    ].join("\r\n");
    const post = (body: string, secret = "inbound-secret-inbound-secret") =>
      fetch(`http://${doors.host}/api/support/inbound-email`, { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "message/rfc822" }, body });
    expect((await post(raw, "wrong-secret-wrong-secret")).status).toBe(401);
    const accepted = await post(raw);
    expect(accepted.status).toBe(200);
    // Delivered twice by the mail server: still one message.
    expect((await post(raw)).status).toBe(200);
    const history = await visitor.widget.history({ conversationId: conversation.id });
    expect(history.map((message) => message.body)).toEqual(["Anyone?", "Yes, we are here now", "Great, thanks! It arrived."]);
    expect((await post(raw.replace(replyTo, "support+nosuchconversationtoken@confab.example.test"))).status).toBe(202);
  });

  it("names and fields are stored as the text they are, and emails escape them", async () => {
    const setup = await supportSetup();
    const xss = `<img src=x onerror="alert(1)">`;
    const { conversationId } = await visitorWithConversation(setup, `hello ${xss}`);
    await db().update(users).set({ name: xss }).where(eq(users.id, (await callerFor(setup.agent.id).support.conversation({ conversationId })).visitor.userId));
    const details = await callerFor(setup.agent.id).support.conversation({ conversationId });
    expect(details.visitor.name).toBe(xss);
    await callerFor(setup.agent.id).support.reply({ conversationId, body: "ok", clientNonce: nonce() });
    await runDueJobs(minutesLater(2));
    const email = mail.to("vera@example.test").at(-1)!;
    expect(email.html).not.toContain("<img src=x");
  });
});

describe("reports", () => {
  it("count conversations per day, first response and resolution times, ratings, per agent", async () => {
    const setup = await supportSetup();
    const one = await visitorWithConversation(setup);
    await visitorWithConversation(setup);
    await callerFor(setup.agent.id).support.reply({ conversationId: one.conversationId, body: "hi", clientNonce: nonce() });
    await callerFor(setup.agent.id).support.close({ conversationId: one.conversationId });
    await one.visitor.widget.rate({ conversationId: one.conversationId, rating: 5 });
    const report = await callerFor(setup.owner.id).support.report({ workspaceId: setup.workspace.id, days: 7 });
    expect(report.totals).toMatchObject({ conversations: 2, rated: 1, averageRating: 5 });
    expect(report.totals.firstResponseMedian).toBeGreaterThanOrEqual(0);
    expect(report.totals.resolutionMedian).toBeGreaterThanOrEqual(0);
    expect(report.perDay).toEqual([{ day: new Date().toISOString().slice(0, 10), conversations: 2 }]);
    expect(report.ratings).toEqual([{ rating: 5, count: 1 }]);
    expect(report.perAgent).toEqual([expect.objectContaining({ agentId: setup.agent.id, name: "Ada Agent", conversations: 1, rated: 1 })]);
    await expectTrpcError(callerFor(setup.agent.id).support.report({ workspaceId: setup.workspace.id, days: 7 }), "FORBIDDEN");
  });
});

describe("email replies", () => {
  it("keep only what the visitor wrote above the quoted email", () => {
    expect(withoutQuote("Thanks!\n\nOn Tue, Dec 8, 2026 at 9:00 Shop <a@b.c> wrote:\n> old")).toBe("Thanks!");
    expect(withoutQuote("Yes\n> quoted")).toBe("Yes");
    expect(withoutQuote("Sure\n-----Original Message-----\nFrom: x")).toBe("Sure");
    expect(withoutQuote("Line one\nLine two")).toBe("Line one\nLine two");
  });
});
