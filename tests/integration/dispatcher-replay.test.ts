import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { describe, expect, it } from "vitest";
import { applyServerEvent, refetchOvertakenFetches } from "../../src/client/dispatcher";
import { appRouter } from "../../src/server/api/root";
import { streamUserEvents } from "../../src/server/events/stream";
import type { ServerEvent } from "../../src/shared/events";
import { callerFor, eventually, workspaceWithMember } from "./factories";

type Trpc = ReturnType<typeof proxyFor>;
const proxyFor = (userId: string, queryClient: QueryClient) => createTRPCOptionsProxy({ router: appRouter, ctx: { userId }, queryClient });

/**
 * The browser's view of an action: a viewer's query cache is primed, the action runs, the events that viewer's
 * stream delivers go through the real client dispatcher (invalidated queries refetch, as a mounted page would),
 * and then every cached query must equal what the server now says.
 */
async function expectViewerConverges(viewerId: string, prime: (trpc: Trpc, client: QueryClient) => Promise<unknown>, action: () => Promise<unknown>) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const trpc = proxyFor(viewerId, client);
  // The app shell always holds who is signed in; the dispatcher relies on it (whose message is whose).
  await client.fetchQuery(trpc.users.me.queryOptions());
  await prime(trpc, client);
  const abort = new AbortController();
  const received: ServerEvent[] = [];
  const reading = (async () => {
    for await (const { events } of streamUserEvents(viewerId, abort.signal)) received.push(...events);
  })();
  await eventually(() => expect(received[0]).toEqual({ type: "stream.ready" }));
  await action();
  let applied = 1;
  await eventually(async () => {
    for (; applied < received.length; applied++) applyServerEvent(client, trpc, received[applied]!);
    await client.refetchQueries({ predicate: (query) => query.state.isInvalidated });
    for (const query of client.getQueryCache().getAll()) {
      const fresh = await (query.options.queryFn as (context: object) => Promise<unknown>)({ queryKey: query.queryKey, signal: new AbortController().signal, meta: undefined, client });
      expect(query.state.data, `${JSON.stringify(query.queryKey)} after ${received.map((e) => e.type).join(", ")}`).toEqual(fresh);
    }
  }, 8000);
  abort.abort();
  await reading;
  return received.slice(1).map((event) => event.type);
}

const nonce = () => crypto.randomUUID();

describe("events replayed through the client dispatcher give the server's state", () => {
  it("send: the reader's list and unread and mention counts", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const types = await expectViewerConverges(
      member.id,
      (trpc, client) => Promise.all([client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })), client.fetchQuery(trpc.messages.history.queryOptions({ channelId: general }))]),
      async () => {
        await callerFor(owner.id).messages.send({ channelId: general, body: `hi <@${member.id}>`, clientNonce: nonce() });
        await callerFor(owner.id).messages.send({ channelId: general, body: "and again", clientNonce: nonce() });
      },
    );
    // The mention also notifies the member's tabs, on its own schedule.
    expect(types.filter((type) => type !== "notification")).toEqual(["message.created", "message.created"]);
  });

  it("edit, delete, react and thread reply", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const first = await callerFor(owner.id).messages.send({ channelId: general, body: "first", clientNonce: nonce() });
    const second = await callerFor(owner.id).messages.send({ channelId: general, body: "second", clientNonce: nonce() });
    await expectViewerConverges(
      member.id,
      (trpc, client) => Promise.all([client.fetchQuery(trpc.messages.history.queryOptions({ channelId: general })), client.fetchQuery(trpc.messages.thread.queryOptions({ rootId: first.id }))]),
      async () => {
        await callerFor(owner.id).messages.edit({ messageId: first.id, body: "first, edited" });
        await callerFor(owner.id).messages.delete({ messageId: second.id });
        await callerFor(owner.id).messages.react({ messageId: first.id, emoji: "👍" });
        await callerFor(owner.id).messages.send({ channelId: general, body: "in thread", clientNonce: nonce(), threadRootId: first.id });
      },
    );
  });

  it("mark read: the reader's other tabs", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    await callerFor(owner.id).messages.send({ channelId: general, body: "unread", clientNonce: nonce() });
    const types = await expectViewerConverges(
      member.id,
      (trpc, client) => client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })),
      () => callerFor(member.id).channels.markRead({ channelId: general, seq: 1 }),
    );
    expect(types).toEqual(["channel.read"]);
  });

  it("channel create and archive: everyone's browse list and sidebar", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    let channelId = "";
    await expectViewerConverges(
      member.id,
      (trpc, client) => Promise.all([client.fetchQuery(trpc.channels.browse.queryOptions({ workspaceId: workspace.id })), client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id }))]),
      async () => {
        channelId = (await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "launch", kind: "public" })).id;
      },
    );
    await callerFor(member.id).channels.join({ channelId });
    await expectViewerConverges(
      member.id,
      (trpc, client) => Promise.all([client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })), client.fetchQuery(trpc.channels.get.queryOptions({ channelId }))]),
      () => callerFor(owner.id).channels.setArchived({ channelId, archived: true }),
    );
  });

  it("member add and remove: the channel's members, and the added person's sidebar", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const room = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "room", kind: "private" });
    await expectViewerConverges(
      member.id,
      (trpc, client) => client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })),
      () => callerFor(owner.id).channels.addMember({ channelId: room.id, userId: member.id }),
    );
    const types = await expectViewerConverges(
      owner.id,
      (trpc, client) => Promise.all([client.fetchQuery(trpc.channels.members.queryOptions({ channelId: room.id })), client.fetchQuery(trpc.channels.get.queryOptions({ channelId: room.id }))]),
      () => callerFor(owner.id).channels.removeMember({ channelId: room.id, userId: member.id }),
    );
    expect(types).toContain("channel.member_left");
  });
});

describe("catching up after the stream was away", () => {
  it("brings held lists up to date with what was missed: new messages in order, edits and reactions, nothing twice", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const anchor = await callerFor(owner.id).messages.send({ channelId: general, body: "before", clientNonce: nonce() });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    const trpc = proxyFor(member.id, client);
    await client.fetchQuery(trpc.users.me.queryOptions());
    await client.fetchQuery(trpc.messages.history.queryOptions({ channelId: general }));
    await client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id }));

    // While the reader is away: 20 messages, an edit of one they hold, a reaction to another.
    const missed: Array<{ id: string; body: string }> = [];
    for (let n = 1; n <= 20; n++) missed.push(await callerFor(owner.id).messages.send({ channelId: general, body: `missed ${n}`, clientNonce: nonce() }));
    await callerFor(owner.id).messages.edit({ messageId: anchor.id, body: "before, edited" });
    await callerFor(owner.id).messages.react({ messageId: missed[4]!.id, emoji: "👍" });

    applyServerEvent(client, trpc, { type: "stream.ready" });
    const server = callerFor(member.id);
    await eventually(async () => {
      const held = client.getQueryData(trpc.messages.history.queryKey({ channelId: general }));
      expect(held).toEqual(await server.messages.history({ channelId: general }));
      expect(held!.messages.map((message) => message.body)).toEqual(["before, edited", ...missed.map((message) => message.body)]);
      expect(held!.messages[5]!.reactions).toEqual([{ emoji: "👍", userIds: [owner.id] }]);
      // A mounted sidebar refetches its invalidated list; this cache has no observers, so it is told to.
      await client.refetchQueries({ predicate: (query) => query.state.isInvalidated });
      const mine = client.getQueryData(trpc.channels.mine.queryKey({ workspaceId: workspace.id }));
      expect(mine?.find((channel) => channel.id === general)?.unreadCount).toBe(21);
    });
  });

  it("keeps a message that arrives live while the catch-up is in flight", async () => {
    const { owner, member, general } = await workspaceWithMember();
    await callerFor(owner.id).messages.send({ channelId: general, body: "held", clientNonce: nonce() });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    const trpc = proxyFor(member.id, client);
    await client.fetchQuery(trpc.users.me.queryOptions());
    await client.fetchQuery(trpc.messages.history.queryOptions({ channelId: general }));
    await callerFor(owner.id).messages.send({ channelId: general, body: "missed", clientNonce: nonce() });

    applyServerEvent(client, trpc, { type: "stream.ready" });
    // Sent after the catch-up's query ran, delivered live before the catch-up's result is merged.
    const live = await callerFor(owner.id).messages.send({ channelId: general, body: "live", clientNonce: nonce() });
    applyServerEvent(client, trpc, { type: "message.created", message: live });
    await eventually(async () => {
      const held = client.getQueryData(trpc.messages.history.queryKey({ channelId: general }));
      expect(held!.messages.map((message) => message.body)).toEqual(["held", "missed", "live"]);
    });
  });
});

describe("a message arriving while its channel is still loading", () => {
  it("is caught up once the load lands, even when the load read the channel before it", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    const trpc = proxyFor(member.id, client);
    await client.fetchQuery(trpc.users.me.queryOptions());
    // The load reads the channel (empty) and is still on its way when the message's event arrives.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const options = trpc.messages.history.queryOptions({ channelId: general });
    const loading = client.fetchQuery({
      ...options,
      queryFn: async (context) => {
        const page = await (options.queryFn as (context: unknown) => Promise<unknown>)(context);
        await held;
        return page as never;
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const message = await callerFor(owner.id).messages.send({ channelId: general, body: "while loading", clientNonce: nonce() });
    applyServerEvent(client, trpc, { type: "message.created", message });
    release();
    await loading;
    await eventually(() => expect(client.getQueryData(trpc.messages.history.queryKey({ channelId: general }))?.messages.map((m) => m.body)).toEqual(["while loading"]));
  });
});

/** A query function whose answers are what the server says when it is called, handed back only when released. */
function heldAnswers<T>(server: () => T) {
  const releases: Array<() => void> = [];
  const queryFn = () => {
    const answer = server();
    return new Promise<T>((resolve) => releases.push(() => resolve(answer)));
  };
  return { releases, queryFn };
}

describe("an event and a fetch under way", () => {
  it("a sidebar fetch that read the server before a mention was sent, and answers after its event, is followed by another", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    refetchOvertakenFetches(client);
    const me = "00000000-0000-4000-8000-00000000000b";
    const trpc = proxyFor(me, client);
    client.setQueryData(trpc.users.me.queryKey(), { id: me } as never);
    // What the server says, read at the moment each fetch reaches it; the answer comes back when released.
    let server = [{ id: "c1", kind: "public", lastSeq: 1, lastReadSeq: 0, unreadCount: 1, mentionCount: 0 }];
    const queryKey = trpc.channels.mine.queryKey({ workspaceId: "w1" });
    const { releases, queryFn } = heldAnswers(() => server);
    // Mounted, as the sidebar is: an invalidated list refetches at once.
    const sidebar = new QueryObserver(client, { queryKey, queryFn } as never);
    const unmount = sidebar.subscribe(() => {});
    await eventually(() => expect(releases).toHaveLength(1));
    releases.shift()!();
    await eventually(() => expect(client.getQueryData(queryKey)).toEqual(server));

    // A refetch reads the list, then a mention is sent and its event arrives before that read's answer does.
    const refetch = client.refetchQueries({ queryKey });
    server = [{ ...server[0]!, lastSeq: 2, unreadCount: 2, mentionCount: 1 }];
    const message = { id: "m2", channelId: "c1", seq: 2, version: 1, authorId: "someone-else", kind: "user", body: `hi <@${me}>`, clientNonce: null, threadRootId: null, alsoInChannel: false };
    applyServerEvent(client, trpc, { type: "message.created", message: message as never });
    while (releases.length) releases.shift()!();
    await refetch;
    await eventually(async () => {
      while (releases.length) releases.shift()!();
      expect(client.isFetching({ queryKey })).toBe(0);
      expect(client.getQueryData(queryKey)).toEqual(server);
    });
    unmount();
  });

  it("a first load that read the server before a message was sent, and answers after the stream's catch-up, is followed by another", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    refetchOvertakenFetches(client);
    const trpc = proxyFor("00000000-0000-4000-8000-00000000000b", client);
    let server = [{ id: "c1", kind: "public", lastSeq: 0, lastReadSeq: 0, unreadCount: 0, mentionCount: 0 }];
    const queryKey = trpc.channels.mine.queryKey({ workspaceId: "w1" });
    const { releases, queryFn } = heldAnswers(() => server);
    const sidebar = new QueryObserver(client, { queryKey, queryFn } as never);
    const unmount = sidebar.subscribe(() => {});
    await eventually(() => expect(releases).toHaveLength(1));
    // The message lands before the stream subscribed; the stream's first event invalidates what the tab holds.
    server = [{ ...server[0]!, lastSeq: 1, unreadCount: 1 }];
    applyServerEvent(client, trpc, { type: "stream.ready" });
    await eventually(async () => {
      while (releases.length) releases.shift()!();
      expect(client.isFetching({ queryKey })).toBe(0);
      expect(client.getQueryData(queryKey)).toEqual(server);
    });
    unmount();
  });
});
