import { readFileSync } from "node:fs";
import { hashKey, type Query, QueryClient, type QueryKey, QueryObserver } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { endedCalls, ringingStore } from "../../src/client/call-signals";
import { desktopNotifier } from "../../src/client/desktop-notifier";
import { ephemeralMessages } from "../../src/client/ephemeral-messages";
import { applyServerEvent, refetchOvertakenFetches } from "../../src/client/dispatcher";
import { typingStore } from "../../src/client/typing";
import { appRouter, createCaller } from "../../src/server/api/root";
import { db } from "../../src/server/db/client";
import { linkPreviews, messagePreviews } from "../../src/server/db/schema";
import { streamUserEvents } from "../../src/server/events/stream";
import { presence } from "../../src/server/presence";
import { NO_MENTIONS, type ServerEvent } from "../../src/shared/events";
import { callerFor, eventually, joinedMember, openTabOf, workspaceWithMember } from "./factories";

type Trpc = ReturnType<typeof proxyFor>;
type EventType = ServerEvent["type"];
/**
 * Events only a live-chat visitor's widget stream carries (its topic is never one of a person's): no person's tab
 * hears them, so they have no replay here; support.test.ts follows them down the widget's stream.
 */
const WIDGET_ONLY = ["support.visitor_conversation"] as const;
/**
 * Events the tab acts on before the dispatcher: session.ended sends the tab to sign in (event-stream.tsx), which the
 * accounts journey (e2e/accounts.spec.ts) watches in a real browser.
 */
const NOT_DISPATCHED = ["session.ended"] as const;
type TabEventType = Exclude<EventType, (typeof WIDGET_ONLY)[number] | (typeof NOT_DISPATCHED)[number]>;
const proxyFor = (userId: string, queryClient: QueryClient) => createTRPCOptionsProxy({ router: appRouter, ctx: { userId }, queryClient });

/** One look at the dispatcher (Zulip's verify_action): a person's tab, what it holds, what someone does, what the tab must then show. */
interface Step {
  viewer: string;
  /** The queries the tab holds (as its mounted pages would) before the action; who is signed in is always held. */
  holds?: (trpc: Trpc, client: QueryClient) => Promise<unknown>;
  action: () => Promise<unknown>;
  /** The event types this tab must hear from the action; it is judged once all of them arrived. */
  hears: EventType[];
  /**
   * Held queries the events only invalidate (a mounted page refetches them): exactly these must be invalidated, and
   * right once refetched. Every other held query must be right as the events left it, without any refetch.
   */
  refetched?: (trpc: Trpc) => readonly QueryKey[];
  /** The action runs while the tab's stream is away; the stream then connects, and its stream.ready catches the tab up. */
  whileAway?: boolean;
  /** What else the events must have done in the tab, beyond its queries: its typing, ringing and notifier state. */
  shows?: (tab: { client: QueryClient; trpc: Trpc; heard: ServerEvent[] }) => void | Promise<void>;
}

/** What the server answers a held query now, asked as the viewer. */
const freshAnswer = (client: QueryClient, query: Query) =>
  (query.options.queryFn as (context: object) => Promise<unknown>)({ queryKey: query.queryKey, signal: new AbortController().signal, meta: undefined, client });

async function differsFromServer(client: QueryClient, query: Query) {
  const fresh = await freshAnswer(client, query);
  try {
    expect(query.state.data).toEqual(fresh);
    return false;
  } catch {
    return true;
  }
}

const keysOf = (queries: Query[]) => queries.map((query) => JSON.stringify(query.queryKey)).sort();

/**
 * The browser's view of an action: the viewer's query cache is primed, the action runs, and the events that viewer's
 * stream delivers go through the real client dispatcher. Then, before anything is refetched, every held query the
 * events patch must equal what the server now says, and exactly the queries the step names must be invalidated;
 * after those refetch (as a mounted page would), everything the tab holds must equal the server. Returns what the
 * viewer heard.
 */
async function expectViewerConverges(step: Step): Promise<ServerEvent[]> {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const trpc = proxyFor(step.viewer, client);
  // The app shell always holds who is signed in; the dispatcher relies on it (whose message is whose).
  await client.fetchQuery(trpc.users.me.queryOptions());
  await step.holds?.(trpc, client);
  const abort = new AbortController();
  const received: ServerEvent[] = [];
  let reading: Promise<void> = Promise.resolve();
  const connect = async () => {
    reading = (async () => {
      for await (const { events } of streamUserEvents(step.viewer, undefined, abort.signal)) received.push(...events);
    })();
    await eventually(() => expect(received[0]).toEqual({ type: "stream.ready" }));
  };
  // A connected tab hears the action's events; one that was away hears only the stream.ready it connects with.
  const firstHeard = step.whileAway ? 0 : 1;
  const heard = () => received.slice(firstHeard);
  const after = () => `after ${heard().map((event) => event.type).join(", ") || "no events"}`;
  try {
    if (!step.whileAway) await connect();
    await step.action();
    if (step.whileAway) await connect();
    // Before any event is applied: a step whose action changes nothing the tab holds or shows proves nothing.
    const stale = [];
    for (const query of client.getQueryCache().getAll()) if (await differsFromServer(client, query)) stale.push(query);
    expect(stale.length > 0 || step.shows !== undefined, "the action changes nothing this tab holds").toBe(true);

    const refetched = new Set((step.refetched?.(trpc) ?? []).map((key) => hashKey(key)));
    let applied = 0;
    const applyHeard = () => {
      for (; applied < heard().length; applied++) applyServerEvent(client, trpc, heard()[applied]!);
    };
    const expectMatches = async (query: Query) => expect(query.state.data, `${JSON.stringify(query.queryKey)} ${after()}`).toEqual(await freshAnswer(client, query));

    // As the events left the tab, nothing refetched.
    await eventually(async () => {
      applyHeard();
      expect(heard().map((event) => event.type)).toEqual(expect.arrayContaining(step.hears));
      const held = client.getQueryCache().getAll();
      const invalidated = held.filter((query) => query.state.isInvalidated);
      expect(keysOf(invalidated), `invalidated queries ${after()}`).toEqual(keysOf(held.filter((query) => refetched.has(query.queryHash))));
      expect(invalidated.length, "every query the step says is refetched is held").toBe(refetched.size);
      for (const query of held) if (!query.state.isInvalidated) await expectMatches(query);
      await step.shows?.({ client, trpc, heard: heard() });
    }, 8000);
    // Then as mounted pages would: what was invalidated refetches, and everything the tab holds is the server's.
    await eventually(async () => {
      applyHeard();
      await client.refetchQueries({ predicate: (query) => query.state.isInvalidated });
      for (const query of client.getQueryCache().getAll()) await expectMatches(query);
      await step.shows?.({ client, trpc, heard: heard() });
    }, 8000);
    return heard();
  } finally {
    abort.abort();
    await reading;
  }
}

const nonce = () => crypto.randomUUID();
const inAnHour = (hours = 1) => new Date(Date.now() + hours * 60 * 60 * 1000);

/** A replay case: fixtures, then one or more steps, each a tab watching an action. */
interface ReplayCase {
  name: string;
  setup: () => Promise<Step[]>;
}

/**
 * A case for every event the server sends, keyed by its type: a new member of ServerEvent does not compile until it
 * has one here (and the test below fails, for runs that do not type-check). Each case must make its tab hear its
 * type, and every step must hear what it says it hears.
 */
const replays: Record<TabEventType, ReplayCase[]> = {
  "stream.ready": [
    {
      name: "what changed while the stream was away is caught up when it connects",
      async setup() {
        const { owner, member, workspace, general } = await workspaceWithMember();
        const held = await callerFor(owner.id).messages.send({ channelId: general, body: "before", clientNonce: nonce() });
        return [
          {
            viewer: member.id,
            whileAway: true,
            holds: (trpc, client) =>
              Promise.all([client.fetchQuery(trpc.messages.history.queryOptions({ channelId: general })), client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id }))]),
            action: async () => {
              await callerFor(owner.id).messages.edit({ messageId: held.id, body: "before, edited" });
              await callerFor(owner.id).messages.send({ channelId: general, body: "missed", clientNonce: nonce() });
            },
            hears: ["stream.ready"],
            // The held channel list catches up by seq; everything else is refetched.
            refetched: (trpc) => [trpc.users.me.queryKey(), trpc.channels.mine.queryKey({ workspaceId: workspace.id })],
          },
        ];
      },
    },
  ],

  "workspace.updated": [
    {
      name: "renamed, read receipts turned off: the workspace list, and a DM's receipts",
      async setup() {
        const { owner, member, workspace } = await workspaceWithMember();
        const dm = await callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: [member.id] });
        await callerFor(owner.id).messages.send({ channelId: dm.id, body: "read this", clientNonce: nonce() });
        return [
          {
            viewer: member.id,
            holds: (trpc, client) => Promise.all([client.fetchQuery(trpc.workspaces.list.queryOptions()), client.fetchQuery(trpc.channels.receipts.queryOptions({ channelId: dm.id }))]),
            action: () => callerFor(owner.id).workspaces.update({ workspaceId: workspace.id, name: "Acme Renamed", readReceipts: false }),
            hears: ["workspace.updated"],
            refetched: (trpc) => [trpc.channels.receipts.queryKey({ channelId: dm.id })],
          },
        ];
      },
    },
  ],

  "workspace.member_joined": [
    {
      name: "an invite accepted: the member list, #general's members and count",
      async setup() {
        const { owner, workspace, general } = await workspaceWithMember();
        return [
          {
            viewer: owner.id,
            holds: (trpc, client) =>
              Promise.all([
                client.fetchQuery(trpc.workspaces.members.queryOptions({ workspaceId: workspace.id })),
                client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })),
                client.fetchQuery(trpc.channels.members.queryOptions({ channelId: general })),
              ]),
            action: () => joinedMember(owner.id, workspace.id, "Newcomer"),
            hears: ["workspace.member_joined", "channel.member_joined", "channel.updated"],
            refetched: (trpc) => [trpc.channels.members.queryKey({ channelId: general })],
          },
        ];
      },
    },
  ],

  "workspace.member_updated": [
    {
      name: "a role changed: the member list, and the person's own workspace list",
      async setup() {
        const { owner, member, workspace } = await workspaceWithMember();
        return [
          {
            viewer: member.id,
            holds: (trpc, client) => Promise.all([client.fetchQuery(trpc.workspaces.members.queryOptions({ workspaceId: workspace.id })), client.fetchQuery(trpc.workspaces.list.queryOptions())]),
            action: () => callerFor(owner.id).workspaces.changeRole({ workspaceId: workspace.id, userId: member.id, role: "admin" }),
            hears: ["workspace.member_updated"],
            refetched: (trpc) => [trpc.workspaces.list.queryKey()],
          },
        ];
      },
    },
    {
      name: "someone is deactivated, then reactivated: the others' member lists mark them, #general's members follow",
      async setup() {
        const { owner, member, workspace, general } = await workspaceWithMember();
        const holds = (trpc: Trpc, client: QueryClient) =>
          Promise.all([
            client.fetchQuery(trpc.workspaces.members.queryOptions({ workspaceId: workspace.id })),
            client.fetchQuery(trpc.channels.members.queryOptions({ channelId: general })),
            client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })),
          ]);
        const target = { workspaceId: workspace.id, userId: member.id };
        return [
          {
            viewer: owner.id,
            holds,
            action: () => callerFor(owner.id).workspaces.deactivateMember(target),
            hears: ["workspace.member_updated", "channel.member_left", "channel.updated"],
          },
          {
            viewer: owner.id,
            holds,
            action: () => callerFor(owner.id).workspaces.reactivateMember(target),
            hears: ["workspace.member_updated", "channel.member_joined", "channel.updated"],
            refetched: (trpc) => [trpc.channels.members.queryKey({ channelId: general })],
          },
        ];
      },
    },
  ],

  "user_group.changed": [
    {
      name: "a group is created, given people, then deleted: everyone's list of groups follows",
      async setup() {
        const { owner, member, workspace } = await workspaceWithMember();
        const holds = (trpc: Trpc, client: QueryClient) => client.fetchQuery(trpc.userGroups.list.queryOptions({ workspaceId: workspace.id }));
        let groupId = "";
        return [
          {
            viewer: member.id,
            holds,
            action: async () => (groupId = (await callerFor(owner.id).userGroups.create({ workspaceId: workspace.id, handle: "design", name: "Design" })).id),
            hears: ["user_group.changed"],
          },
          { viewer: member.id, holds, action: () => callerFor(owner.id).userGroups.update({ groupId, memberIds: [owner.id, member.id] }), hears: ["user_group.changed"] },
          { viewer: member.id, holds, action: () => callerFor(owner.id).userGroups.delete({ groupId }), hears: ["user_group.changed"] },
        ];
      },
    },
  ],
  "workspace.member_left": [
    {
      name: "someone leaves: the others' member lists and #general",
      async setup() {
        const { owner, member, workspace, general } = await workspaceWithMember();
        return [
          {
            viewer: owner.id,
            holds: (trpc, client) =>
              Promise.all([
                client.fetchQuery(trpc.workspaces.members.queryOptions({ workspaceId: workspace.id })),
                client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })),
                client.fetchQuery(trpc.channels.members.queryOptions({ channelId: general })),
              ]),
            action: () => callerFor(member.id).workspaces.leave({ workspaceId: workspace.id }),
            hears: ["workspace.member_left", "channel.member_left", "channel.updated"],
          },
        ];
      },
    },
    {
      name: "leaving: the leaver's other tabs drop the workspace",
      async setup() {
        const { member, workspace } = await workspaceWithMember();
        return [
          {
            viewer: member.id,
            holds: (trpc, client) => client.fetchQuery(trpc.workspaces.list.queryOptions()),
            action: () => callerFor(member.id).workspaces.leave({ workspaceId: workspace.id }),
            hears: ["workspace.member_left", "membership.changed"],
            refetched: (trpc) => [trpc.workspaces.list.queryKey()],
          },
        ];
      },
    },
    {
      name: "removed by an admin: the others' member lists and #general",
      async setup() {
        const { owner, member, workspace, general } = await workspaceWithMember();
        const bystander = await joinedMember(owner.id, workspace.id, "Bystander");
        return [
          {
            viewer: bystander.id,
            holds: (trpc, client) =>
              Promise.all([
                client.fetchQuery(trpc.workspaces.members.queryOptions({ workspaceId: workspace.id })),
                client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })),
                client.fetchQuery(trpc.channels.members.queryOptions({ channelId: general })),
              ]),
            action: () => callerFor(owner.id).workspaces.removeMember({ workspaceId: workspace.id, userId: member.id }),
            hears: ["workspace.member_left", "channel.member_left", "channel.updated"],
          },
        ];
      },
    },
  ],

  "user.updated": [
    {
      name: "profile, status and Do Not Disturb: co-workers' member lists, and the person's own other tabs",
      async setup() {
        const { owner, member, workspace, general } = await workspaceWithMember();
        const change = (round: number) => async () => {
          await callerFor(member.id).users.updateProfile({ name: `Member ${round}` });
          await callerFor(member.id).users.setStatus({ emoji: round === 1 ? "🌴" : "🎧", text: `Away, round ${round}`, expiresAt: null });
          await callerFor(member.id).users.setDoNotDisturb({ until: inAnHour(round) });
        };
        return [
          {
            viewer: owner.id,
            holds: (trpc, client) =>
              Promise.all([client.fetchQuery(trpc.workspaces.members.queryOptions({ workspaceId: workspace.id })), client.fetchQuery(trpc.channels.members.queryOptions({ channelId: general }))]),
            action: change(1),
            hears: ["user.updated"],
          },
          {
            viewer: member.id,
            holds: (trpc, client) => client.fetchQuery(trpc.workspaces.members.queryOptions({ workspaceId: workspace.id })),
            action: change(2),
            hears: ["user.updated"],
          },
        ];
      },
    },
  ],

  "membership.changed": [
    {
      name: "added to a private channel: the added person's sidebar",
      async setup() {
        const { owner, member, workspace } = await workspaceWithMember();
        const room = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "room", kind: "private" });
        return [
          {
            viewer: member.id,
            holds: (trpc, client) => client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })),
            action: () => callerFor(owner.id).channels.addMember({ channelId: room.id, userId: member.id }),
            hears: ["membership.changed"],
            refetched: (trpc) => [trpc.channels.mine.queryKey({ workspaceId: workspace.id })],
          },
        ];
      },
    },
    {
      name: "a DM opened: the other person's sidebar, and the opener's other tabs",
      async setup() {
        const { owner, member, workspace } = await workspaceWithMember();
        const bystander = await joinedMember(owner.id, workspace.id, "Bystander");
        const sidebar = (trpc: Trpc, client: QueryClient) => client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id }));
        return [
          {
            viewer: member.id,
            holds: sidebar,
            action: () => callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: [member.id] }),
            hears: ["membership.changed"],
            refetched: (trpc) => [trpc.channels.mine.queryKey({ workspaceId: workspace.id })],
          },
          {
            viewer: owner.id,
            holds: sidebar,
            action: () => callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: [bystander.id] }),
            hears: ["membership.changed"],
            refetched: (trpc) => [trpc.channels.mine.queryKey({ workspaceId: workspace.id })],
          },
        ];
      },
    },
  ],

  "channel.updated": [
    {
      name: "a topic set: the sidebar, the header and the browse list",
      async setup() {
        const { owner, member, workspace, general } = await workspaceWithMember();
        return [
          {
            viewer: member.id,
            holds: (trpc, client) =>
              Promise.all([
                client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })),
                client.fetchQuery(trpc.channels.get.queryOptions({ channelId: general })),
                client.fetchQuery(trpc.channels.browse.queryOptions({ workspaceId: workspace.id })),
              ]),
            action: () => callerFor(owner.id).channels.update({ channelId: general, topic: "Launch day" }),
            hears: ["channel.updated"],
            refetched: (trpc) => [trpc.channels.browse.queryKey({ workspaceId: workspace.id })],
          },
        ];
      },
    },
    {
      name: "a public channel created: everyone's browse list",
      async setup() {
        const { owner, member, workspace } = await workspaceWithMember();
        return [
          {
            viewer: member.id,
            holds: (trpc, client) =>
              Promise.all([client.fetchQuery(trpc.channels.browse.queryOptions({ workspaceId: workspace.id })), client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id }))]),
            action: () => callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "launch", kind: "public" }),
            hears: ["channel.updated"],
            refetched: (trpc) => [trpc.channels.browse.queryKey({ workspaceId: workspace.id })],
          },
        ];
      },
    },
    {
      name: "a channel archived: it leaves its members' sidebars, and its header says so",
      async setup() {
        const { owner, member, workspace } = await workspaceWithMember();
        const launch = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "launch", kind: "public" });
        await callerFor(member.id).channels.join({ channelId: launch.id });
        return [
          {
            viewer: member.id,
            holds: (trpc, client) =>
              Promise.all([client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })), client.fetchQuery(trpc.channels.get.queryOptions({ channelId: launch.id }))]),
            action: () => callerFor(owner.id).channels.setArchived({ channelId: launch.id, archived: true }),
            hears: ["channel.updated"],
          },
        ];
      },
    },
  ],

  "channel.member_joined": [
    {
      name: "someone joins a channel: its members, count and header",
      async setup() {
        const { owner, member, workspace } = await workspaceWithMember();
        const room = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "room", kind: "public" });
        return [
          {
            viewer: owner.id,
            holds: (trpc, client) =>
              Promise.all([
                client.fetchQuery(trpc.channels.members.queryOptions({ channelId: room.id })),
                client.fetchQuery(trpc.channels.get.queryOptions({ channelId: room.id })),
                client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })),
              ]),
            action: () => callerFor(member.id).channels.join({ channelId: room.id }),
            hears: ["channel.member_joined", "channel.updated"],
            refetched: (trpc) => [trpc.channels.members.queryKey({ channelId: room.id })],
          },
        ];
      },
    },
  ],

  "channel.member_left": [
    {
      name: "someone leaves a channel: its members, count and header",
      async setup() {
        const { owner, member, workspace } = await workspaceWithMember();
        const room = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "room", kind: "public" });
        await callerFor(member.id).channels.join({ channelId: room.id });
        return [
          {
            viewer: owner.id,
            holds: (trpc, client) =>
              Promise.all([
                client.fetchQuery(trpc.channels.members.queryOptions({ channelId: room.id })),
                client.fetchQuery(trpc.channels.get.queryOptions({ channelId: room.id })),
                client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })),
              ]),
            action: () => callerFor(member.id).channels.leave({ channelId: room.id }),
            hears: ["channel.member_left", "channel.updated"],
          },
        ];
      },
    },
    {
      name: "someone removed from a private channel: its members and header",
      async setup() {
        const { owner, member, workspace } = await workspaceWithMember();
        const room = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "room", kind: "private" });
        await callerFor(owner.id).channels.addMember({ channelId: room.id, userId: member.id });
        return [
          {
            viewer: owner.id,
            holds: (trpc, client) =>
              Promise.all([client.fetchQuery(trpc.channels.members.queryOptions({ channelId: room.id })), client.fetchQuery(trpc.channels.get.queryOptions({ channelId: room.id }))]),
            action: () => callerFor(owner.id).channels.removeMember({ channelId: room.id, userId: member.id }),
            hears: ["channel.member_left", "channel.updated"],
          },
        ];
      },
    },
  ],

  "channel.read": [
    {
      name: "marked read: the reader's other tabs, and the notifications it covers close",
      async setup() {
        const { owner, member, workspace, general } = await workspaceWithMember();
        const sent = await callerFor(owner.id).messages.send({ channelId: general, body: "unread", clientNonce: nonce() });
        const read = vi.spyOn(desktopNotifier, "read");
        onTestFinished(() => read.mockRestore());
        return [
          {
            viewer: member.id,
            holds: (trpc, client) => client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })),
            action: () => callerFor(member.id).channels.markRead({ channelId: general, seq: sent.seq }),
            hears: ["channel.read"],
            shows: () => expect(read).toHaveBeenCalledWith(general, sent.seq),
          },
        ];
      },
    },
    {
      name: "marked unread: the position moves back and the counts come from the server",
      async setup() {
        const { owner, member, workspace, general } = await workspaceWithMember();
        const first = await callerFor(owner.id).messages.send({ channelId: general, body: "one", clientNonce: nonce() });
        const second = await callerFor(owner.id).messages.send({ channelId: general, body: "two", clientNonce: nonce() });
        await callerFor(member.id).channels.markRead({ channelId: general, seq: second.seq });
        return [
          {
            viewer: member.id,
            holds: (trpc, client) => client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })),
            action: () => callerFor(member.id).channels.markUnread({ channelId: general, seq: first.seq }),
            hears: ["channel.read"],
            refetched: (trpc) => [trpc.channels.mine.queryKey({ workspaceId: workspace.id })],
          },
        ];
      },
    },
  ],

  "channel.receipt": [
    {
      name: "a DM read, then read receipts turned off: the other person's receipts",
      async setup() {
        const { owner, member, workspace } = await workspaceWithMember();
        const dm = await callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: [member.id] });
        const sent = await callerFor(owner.id).messages.send({ channelId: dm.id, body: "seen?", clientNonce: nonce() });
        const receipts = (trpc: Trpc, client: QueryClient) => client.fetchQuery(trpc.channels.receipts.queryOptions({ channelId: dm.id }));
        return [
          { viewer: owner.id, holds: receipts, action: () => callerFor(member.id).channels.markRead({ channelId: dm.id, seq: sent.seq }), hears: ["channel.receipt"] },
          { viewer: owner.id, holds: receipts, action: () => callerFor(member.id).users.setReadReceipts({ on: false }), hears: ["channel.receipt"] },
        ];
      },
    },
  ],

  "message.created": [
    {
      name: "sent: the reader's list and unread and mention counts",
      async setup() {
        const { owner, member, workspace, general } = await workspaceWithMember();
        return [
          {
            viewer: member.id,
            holds: (trpc, client) =>
              Promise.all([client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })), client.fetchQuery(trpc.messages.history.queryOptions({ channelId: general }))]),
            action: async () => {
              await callerFor(owner.id).messages.send({ channelId: general, body: `hi <@${member.id}>`, clientNonce: nonce() });
              await callerFor(owner.id).messages.send({ channelId: general, body: "and again", clientNonce: nonce() });
            },
            hears: ["message.created"],
          },
        ];
      },
    },
    {
      name: "@here and @channel: counted for an active reader, @channel not in a channel they muted",
      async setup() {
        const { owner, member, workspace, general } = await workspaceWithMember();
        const room = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "room", kind: "public" });
        await callerFor(member.id).channels.join({ channelId: room.id });
        await callerFor(member.id).notifications.setChannel({ channelId: room.id, level: "all", muted: true, ignoreChannelMentions: false });
        const tabId = nonce();
        await presence().openTab(member.id, tabId, "active");
        onTestFinished(() => presence().closeTab(member.id, tabId));
        return [
          {
            viewer: member.id,
            holds: (trpc, client) => client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })),
            action: async () => {
              await callerFor(owner.id).messages.send({ channelId: general, body: "@here standup", clientNonce: nonce() });
              await callerFor(owner.id).messages.send({ channelId: room.id, body: "@channel heads up", clientNonce: nonce() });
              await callerFor(owner.id).messages.send({ channelId: room.id, body: "@here anyone?", clientNonce: nonce() });
            },
            hears: ["message.created"],
            shows: async ({ client, trpc }) => {
              const counts = Object.fromEntries((client.getQueryData(trpc.channels.mine.queryKey({ workspaceId: workspace.id })) ?? []).map((entry) => [entry.name, entry.mentionCount]));
              // @here reached them wherever it was sent (they are active); @channel does not count in a muted channel.
              expect(counts).toMatchObject({ general: 1, room: 1 });
            },
          },
        ];
      },
    },
  ],

  "message.updated": [
    {
      name: "edit, delete, react and thread reply: the list and the open thread",
      async setup() {
        const { owner, member, general } = await workspaceWithMember();
        const first = await callerFor(owner.id).messages.send({ channelId: general, body: "first", clientNonce: nonce() });
        const second = await callerFor(owner.id).messages.send({ channelId: general, body: "second", clientNonce: nonce() });
        return [
          {
            viewer: member.id,
            holds: (trpc, client) =>
              Promise.all([client.fetchQuery(trpc.messages.history.queryOptions({ channelId: general })), client.fetchQuery(trpc.messages.thread.queryOptions({ rootId: first.id }))]),
            action: async () => {
              await callerFor(owner.id).messages.edit({ messageId: first.id, body: "first, edited" });
              await callerFor(owner.id).messages.delete({ messageId: second.id });
              await callerFor(owner.id).messages.react({ messageId: first.id, emoji: "👍" });
              await callerFor(owner.id).messages.send({ channelId: general, body: "in thread", clientNonce: nonce(), threadRootId: first.id });
            },
            hears: ["message.updated", "message.created"],
          },
        ];
      },
    },
    {
      name: "pinned, then unpinned: the message and the channel's pin list",
      async setup() {
        const { owner, member, general } = await workspaceWithMember();
        const sent = await callerFor(owner.id).messages.send({ channelId: general, body: "pin me", clientNonce: nonce() });
        const holds = (trpc: Trpc, client: QueryClient) =>
          Promise.all([client.fetchQuery(trpc.messages.history.queryOptions({ channelId: general })), client.fetchQuery(trpc.messages.pins.queryOptions({ channelId: general }))]);
        const pins = (trpc: Trpc) => [trpc.messages.pins.queryKey({ channelId: general })];
        return [true, false].map((on): Step => ({
          viewer: member.id,
          holds,
          action: () => callerFor(owner.id).messages.setPinned({ messageId: sent.id, on }),
          hears: ["message.updated"],
          refetched: pins,
        }));
      },
    },
    {
      name: "a link preview removed by its author: everyone's list",
      async setup() {
        const { owner, member, general } = await workspaceWithMember();
        // The preview as the preview job would have stored it (no link in the body: the job is not what this tests).
        const sent = await callerFor(owner.id).messages.send({ channelId: general, body: "the release notes", clientNonce: nonce() });
        const url = "https://example.test/release-notes";
        await db().insert(linkPreviews).values({ url, ok: true, title: "Release notes", description: "What shipped", siteName: "Example" });
        await db().insert(messagePreviews).values({ messageId: sent.id, url, position: 0 });
        return [
          {
            viewer: member.id,
            holds: (trpc, client) => client.fetchQuery(trpc.messages.history.queryOptions({ channelId: general })),
            action: () => callerFor(owner.id).messages.removePreview({ messageId: sent.id, url }),
            hears: ["message.updated"],
          },
        ];
      },
    },
  ],

  "call.updated": [
    {
      name: "a call started in a channel: its members' call banners",
      async setup() {
        const { owner, member, workspace, general } = await workspaceWithMember();
        return [
          {
            viewer: member.id,
            holds: (trpc, client) => client.fetchQuery(trpc.calls.active.queryOptions({ workspaceId: workspace.id })),
            action: () => callerFor(owner.id).calls.join({ channelId: general }),
            hears: ["call.updated"],
          },
        ];
      },
    },
  ],

  "call.ringing": [
    {
      name: "a DM call rings the other person, who declines: the ringing starts and stops, the banner comes and goes",
      async setup() {
        const { owner, member, workspace } = await workspaceWithMember();
        const dm = await callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: [member.id] });
        const ended: string[] = [];
        onTestFinished(endedCalls.subscribe((callId) => ended.push(callId)));
        let callId = "";
        const holds = (trpc: Trpc, client: QueryClient) =>
          Promise.all([client.fetchQuery(trpc.calls.active.queryOptions({ workspaceId: workspace.id })), client.fetchQuery(trpc.messages.history.queryOptions({ channelId: dm.id }))]);
        return [
          {
            viewer: member.id,
            holds,
            action: async () => {
              callId = (await callerFor(owner.id).calls.join({ channelId: dm.id })).callId;
            },
            hears: ["call.updated", "call.ringing"],
            shows: () => expect(ringingStore.current()).toMatchObject({ call: { id: callId, channelId: dm.id }, callerId: owner.id, workspaceId: workspace.id }),
          },
          {
            viewer: member.id,
            holds,
            action: () => callerFor(member.id).calls.decline({ callId }),
            hears: ["call.ended", "message.created"],
            shows: () => {
              expect(ringingStore.current()).toBeNull();
              expect(ended).toEqual([callId]);
            },
          },
        ];
      },
    },
  ],

  "call.ended": [
    {
      name: "ended by the host: the banner goes, the tab in the call leaves it, the channel sums it up",
      async setup() {
        const { owner, member, workspace, general } = await workspaceWithMember();
        const { callId } = await callerFor(owner.id).calls.join({ channelId: general });
        const ended: string[] = [];
        onTestFinished(endedCalls.subscribe((id) => ended.push(id)));
        return [
          {
            viewer: member.id,
            holds: (trpc, client) =>
              Promise.all([client.fetchQuery(trpc.calls.active.queryOptions({ workspaceId: workspace.id })), client.fetchQuery(trpc.messages.history.queryOptions({ channelId: general }))]),
            action: () => callerFor(owner.id).calls.end({ callId }),
            hears: ["call.ended", "message.created"],
            shows: () => expect(ended).toEqual([callId]),
          },
        ];
      },
    },
  ],

  "presence.changed": [
    {
      name: "a co-worker's tab opens and is used, then closes: who is online",
      async setup() {
        const { owner, member, workspace } = await workspaceWithMember();
        const tabId = crypto.randomUUID();
        onTestFinished(() => presence().closeTab(member.id, tabId));
        const holds = (trpc: Trpc, client: QueryClient) => client.fetchQuery(trpc.presence.list.queryOptions({ workspaceId: workspace.id }));
        const online = ({ client, trpc }: { client: QueryClient; trpc: Trpc }) => client.getQueryData(trpc.presence.list.queryKey({ workspaceId: workspace.id }))?.people;
        return [
          {
            viewer: owner.id,
            holds,
            action: async () => {
              // The stream opening counts the tab (as the events route does); using it makes its person active.
              await presence().openTab(member.id, tabId, "idle");
              await callerFor(member.id).presence.setTabState({ tabId, active: true });
            },
            hears: ["presence.changed"],
            shows: (tab) => expect(online(tab)).toEqual({ [member.id]: "active" }),
          },
          {
            viewer: owner.id,
            holds,
            action: () => presence().closeTab(member.id, tabId),
            hears: ["presence.changed"],
            shows: (tab) => expect(online(tab)).toEqual({}),
          },
        ];
      },
    },
  ],

  "notifications.preferences": [
    {
      name: "defaults and working hours changed: the person's other tabs, and co-workers' Do Not Disturb",
      async setup() {
        const { member, workspace } = await workspaceWithMember();
        return [
          {
            viewer: member.id,
            holds: (trpc, client) =>
              Promise.all([client.fetchQuery(trpc.notifications.preferences.queryOptions()), client.fetchQuery(trpc.workspaces.members.queryOptions({ workspaceId: workspace.id }))]),
            action: () =>
              callerFor(member.id).notifications.setPreferences({
                level: "all",
                keywords: ["deploy", "Deploy", "outage"],
                threadReplies: false,
                desktop: true,
                sound: false,
                email: "hourly",
                timeZone: "Europe/Berlin",
                schedule: null,
              }),
            hears: ["notifications.preferences", "user.updated"],
          },
        ];
      },
    },
  ],

  "channel.notifications": [
    {
      name: "a channel muted: the person's other tabs",
      async setup() {
        const { member, workspace, general } = await workspaceWithMember();
        return [
          {
            viewer: member.id,
            holds: (trpc, client) => client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })),
            action: () => callerFor(member.id).notifications.setChannel({ channelId: general, level: "all", muted: true, ignoreChannelMentions: true }),
            hears: ["channel.notifications"],
          },
        ];
      },
    },
  ],

  "message.ephemeral": [
    {
      name: "a command's answer only its caller sees: in their tab, above the message box",
      async setup() {
        const { member, general } = await workspaceWithMember();
        return [
          {
            viewer: member.id,
            action: () => callerFor(member.id).commands.run({ channelId: general, command: "/mute", text: "" }),
            hears: ["message.ephemeral", "channel.notifications"],
            shows: () => {
              expect(ephemeralMessages.current()).toContainEqual(expect.objectContaining({ channelId: general, threadRootId: null, app: null, body: expect.stringContaining("You muted #general") }));
            },
          },
        ];
      },
    },
  ],

  notification: [
    {
      name: "a mention while a tab is open: the desktop notifier is handed it",
      async setup() {
        const { owner, member, workspace, general } = await workspaceWithMember();
        const tab = await openTabOf(member.id);
        onTestFinished(() => tab.close());
        const show = vi.spyOn(desktopNotifier, "show");
        onTestFinished(() => show.mockRestore());
        let sent: { id: string; seq: number } | undefined;
        return [
          {
            viewer: member.id,
            holds: (trpc, client) =>
              Promise.all([client.fetchQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id })), client.fetchQuery(trpc.messages.history.queryOptions({ channelId: general }))]),
            action: async () => {
              sent = await callerFor(owner.id).messages.send({ channelId: general, body: `look <@${member.id}>`, clientNonce: nonce() });
            },
            hears: ["message.created", "notification"],
            shows: () => {
              expect(show).toHaveBeenCalledTimes(1);
              expect(show).toHaveBeenCalledWith(expect.objectContaining({ messageId: sent!.id, channelId: general, seq: sent!.seq, title: "#general", threadRootId: null }));
            },
          },
        ];
      },
    },
  ],

  "message.saved": [
    {
      name: "saved for later, then taken off: the person's other tabs' saved list",
      async setup() {
        const { owner, member, workspace, general } = await workspaceWithMember();
        const sent = await callerFor(owner.id).messages.send({ channelId: general, body: "read this later", clientNonce: nonce() });
        const saved = (trpc: Trpc) => [trpc.messages.saved.queryKey({ workspaceId: workspace.id })];
        const holds = (trpc: Trpc, client: QueryClient) => client.fetchQuery(trpc.messages.saved.queryOptions({ workspaceId: workspace.id }));
        return [
          { viewer: member.id, holds, action: () => callerFor(member.id).messages.setSaved({ messageId: sent.id, on: true }), hears: ["message.saved"], refetched: saved },
          { viewer: member.id, holds, action: () => callerFor(member.id).messages.setSaved({ messageId: sent.id, on: false }), hears: ["message.saved"] },
        ];
      },
    },
  ],

  "thread.read": [
    {
      name: "a followed thread read: the person's other tabs' threads list",
      async setup() {
        const { owner, member, workspace, general } = await workspaceWithMember();
        const root = await callerFor(owner.id).messages.send({ channelId: general, body: "a question", clientNonce: nonce() });
        await callerFor(member.id).messages.send({ channelId: general, body: "following", clientNonce: nonce(), threadRootId: root.id });
        await callerFor(owner.id).messages.send({ channelId: general, body: "an answer", clientNonce: nonce(), threadRootId: root.id });
        return [
          {
            viewer: member.id,
            holds: (trpc, client) => client.fetchQuery(trpc.messages.threads.queryOptions({ workspaceId: workspace.id })),
            action: () => callerFor(member.id).messages.markThreadRead({ rootId: root.id }),
            hears: ["thread.read"],
          },
        ];
      },
    },
  ],

  "support.conversation": [
    {
      name: "a live-chat conversation taken by an agent: its panel at once, the lists and counts refetched",
      async setup() {
        const { owner, member, workspace } = await workspaceWithMember();
        const inbox = await callerFor(owner.id).support.createInbox({ workspaceId: workspace.id, name: "Help", allowedOrigins: ["https://site.example.test"], agentIds: [owner.id, member.id], autoAssignLimit: 0 });
        const { token } = await createCaller({ userId: null, ip: "203.0.113.9" }).widget.session({ inboxKey: inbox.key, hostOrigin: "https://site.example.test" });
        const { conversation } = await createCaller({ userId: null, visitorToken: token, ip: "203.0.113.9" }).widget.start({ name: "Vi", email: "vi@example.test", body: "help", clientNonce: nonce() });
        return [
          {
            viewer: member.id,
            holds: (trpc, client) =>
              Promise.all([
                client.fetchQuery(trpc.support.conversation.queryOptions({ conversationId: conversation.id })),
                client.fetchQuery(trpc.support.conversations.queryOptions({ workspaceId: workspace.id, view: "unassigned" })),
                client.fetchQuery(trpc.support.counts.queryOptions({ workspaceId: workspace.id })),
              ]),
            action: () => callerFor(owner.id).support.assign({ conversationId: conversation.id, assigneeId: member.id }),
            hears: ["support.conversation"],
            refetched: (trpc) => [trpc.support.conversations.queryKey({ workspaceId: workspace.id, view: "unassigned" }), trpc.support.counts.queryKey({ workspaceId: workspace.id })],
          },
        ];
      },
    },
  ],

  typing: [
    {
      name: "someone writing: others see it, the typer's own tabs do not, and their message ends it",
      async setup() {
        const { owner, member, general } = await workspaceWithMember();
        const root = await callerFor(owner.id).messages.send({ channelId: general, body: "a thread", clientNonce: nonce() });
        const history = (trpc: Trpc, client: QueryClient) => client.fetchQuery(trpc.messages.history.queryOptions({ channelId: general }));
        // A typer heard up to this moment still shows at it, however long the rest of the test takes.
        let heardBy = 0;
        return [
          {
            viewer: member.id,
            action: () => callerFor(owner.id).typing.start({ channelId: general }),
            hears: ["typing"],
            shows: () => {
              heardBy = Date.now();
              expect(typingStore.typing(general, null)).toEqual([owner.id]);
            },
          },
          {
            viewer: owner.id,
            action: () => callerFor(owner.id).typing.start({ channelId: general, threadRootId: root.id }),
            hears: ["typing"],
            shows: () => expect(typingStore.typing(general, root.id)).toEqual([]),
          },
          {
            viewer: member.id,
            holds: history,
            action: () => callerFor(owner.id).messages.send({ channelId: general, body: "done typing", clientNonce: nonce() }),
            hears: ["message.created"],
            shows: () => expect(typingStore.typing(general, null, heardBy)).toEqual([]),
          },
        ];
      },
    },
  ],
};

/** The members of the ServerEvent union, read from its source (the type itself is gone at run time). */
function serverEventTypes(): string[] {
  const source = readFileSync(new URL("../../src/shared/events.ts", import.meta.url), "utf8");
  const union = /export type ServerEvent =([\s\S]*?)\n(?:export |\/\*\*|$)/.exec(source)?.[1];
  expect(union, "ServerEvent is declared in src/shared/events.ts").toBeDefined();
  // Comments between members say things in prose; only the members themselves count.
  const members = union!.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "").split(/^\s*\|/m).slice(1);
  const types = members.map((member) => /^\s*\{\s*type:\s*"([^"]+)"/.exec(member)?.[1]);
  expect(types.filter((type) => type === undefined), "every ServerEvent member is written as { type: \"…\"; … } (teach this test to read any other form)").toEqual([]);
  return types as string[];
}

describe("every event the server sends has a replay case", () => {
  it("one for each member of ServerEvent, and none for events that no longer exist", () => {
    const types = serverEventTypes();
    expect(types).toContain("stream.ready");
    expect(Object.keys(replays).sort()).toEqual(types.filter((type) => ![...WIDGET_ONLY, ...NOT_DISPATCHED].includes(type as never)).sort());
    for (const type of Object.keys(replays)) expect(replays[type as TabEventType], type).not.toHaveLength(0);
  });
});

describe("events replayed through the client dispatcher give the server's state", () => {
  for (const [type, cases] of Object.entries(replays) as Array<[EventType, ReplayCase[]]>) {
    describe(type, () => {
      for (const replay of cases) {
        it(replay.name, async () => {
          const steps = await replay.setup();
          expect(steps.some((step) => step.hears.includes(type)), `a step of this case hears ${type}`).toBe(true);
          const heard: EventType[] = [];
          for (const step of steps) heard.push(...(await expectViewerConverges(step)).map((event) => event.type));
          expect(heard).toContain(type);
        });
      }
    });
  }

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
    applyServerEvent(client, trpc, { type: "message.created", message: live, mentions: NO_MENTIONS });
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
    applyServerEvent(client, trpc, { type: "message.created", message, mentions: NO_MENTIONS });
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
    const message = { id: "m2", channelId: "c1", seq: 2, version: 1, authorId: "someone-else", kind: "user", body: `hi <@${me}>`, clientNonce: null, threadRootId: null, alsoInChannel: false, inChannelList: true };
    applyServerEvent(client, trpc, { type: "message.created", message: message as never, mentions: { userIds: [me], channel: false } });
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
