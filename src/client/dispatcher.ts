import type { QueryClient } from "@tanstack/react-query";
import type { TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@/server/api/root";
import type { ServerEvent } from "@/shared/events";
import type { PublicPerson } from "@/shared/users";
import { applyMessage, catchUpAll } from "./message-cache";
import { pendingMessages } from "./pending-messages";
import { ephemeralMessages } from "./ephemeral-messages";
import { endedCalls, ringingStore } from "./call-signals";
import { desktopNotifier } from "./desktop-notifier";
import { typingStore } from "./typing";

type Trpc = TRPCOptionsProxy<AppRouter>;
type ChannelEntry = { id: string; lastSeq: number; lastReadSeq: number; unreadCount: number; mentionCount: number; muted: boolean; ignoreChannelMentions: boolean };

/**
 * Events patch the query cache at once, and a (re)connected stream invalidates what the tab holds, but a fetch already
 * under way read the server before that change and lands on top of it (a first load absorbs the invalidation instead
 * of refetching). Each fetch overtaken so, by a patch or an invalidation, is followed by one more fetch, which reads
 * the server after the change: a call banner or a message was lost this way in a tab that was still loading.
 */
export function refetchOvertakenFetches(queryClient: QueryClient): () => void {
  const overtaken = new WeakSet<object>();
  return queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== "updated") return;
    const { query, action } = event;
    const change = (action.type === "success" && action.manual) || action.type === "invalidate";
    if (change) {
      if (query.state.fetchStatus === "fetching") overtaken.add(query);
    } else if (action.type === "success" && overtaken.delete(query)) {
      queueMicrotask(() => void queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true }));
    }
  });
}

/** A list row shows some of a person's fields: the event refreshes those and adds none the row's query does not select. */
function refreshPerson<Row extends { userId: string }>(row: Row, person: PublicPerson): Row {
  if (row.userId !== person.id) return row;
  const fields = Object.fromEntries(Object.keys(row).filter((key) => key in person).map((key) => [key, person[key as keyof PublicPerson]]));
  return { ...row, ...fields };
}

function hasStaleCounts(data: unknown, event: { channelId: string; lastReadSeq: number }): boolean {
  const entry = (data as ChannelEntry[] | undefined)?.find((candidate) => candidate.id === event.channelId);
  return entry !== undefined && event.lastReadSeq < entry.lastSeq;
}

/** The one place server events reach the query cache; exhaustive, so a new event type will not compile until handled. */
export function applyServerEvent(queryClient: QueryClient, trpc: Trpc, event: ServerEvent): void {
  switch (event.type) {
    case "stream.ready": {
      // Whatever changed while this tab was not subscribed (first load or reconnect) is caught up.
      void catchUpAll(queryClient, trpc);
      return;
    }
    case "workspace.member_joined": {
      const key = trpc.workspaces.members.queryKey({ workspaceId: event.workspaceId });
      queryClient.setQueryData(key, (members) => {
        if (!members) return members;
        if (members.some((member) => member.userId === event.member.userId)) return members;
        return [...members, event.member].sort((a, b) => a.name.localeCompare(b.name));
      });
      return;
    }
    case "workspace.member_updated": {
      const key = trpc.workspaces.members.queryKey({ workspaceId: event.workspaceId });
      queryClient.setQueryData(key, (members) =>
        members?.map((member) => (member.userId === event.userId ? { ...member, role: event.role, deactivated: event.deactivated } : member)),
      );
      // The actor's own role gates what their UI offers.
      void queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
      return;
    }
    case "workspace.member_left": {
      const key = trpc.workspaces.members.queryKey({ workspaceId: event.workspaceId });
      queryClient.setQueryData(key, (members) => members?.filter((member) => member.userId !== event.userId));
      return;
    }
    case "workspace.updated": {
      queryClient.setQueryData(trpc.workspaces.list.queryKey(), (list) =>
        list?.map((workspace) => (workspace.id === event.workspace.id ? { ...workspace, ...event.workspace } : workspace)),
      );
      // An admin may have turned read receipts on or off.
      void queryClient.invalidateQueries({ queryKey: trpc.channels.receipts.pathKey() });
      return;
    }
    case "user.updated": {
      for (const path of [trpc.workspaces.members.pathKey(), trpc.channels.members.pathKey()]) {
        queryClient.setQueriesData({ queryKey: path }, (members: unknown) =>
          (members as Array<{ userId: string }> | undefined)?.map((member) => refreshPerson(member, event.user)),
        );
      }
      queryClient.setQueryData(trpc.users.me.queryKey(), (me) => (me && me.id === event.user.id ? { ...me, ...event.user } : me));
      return;
    }
    case "user_group.changed": {
      queryClient.setQueryData(trpc.userGroups.list.queryKey({ workspaceId: event.workspaceId }), (groups) => {
        if (!groups) return groups;
        const others = groups.filter((group) => group.id !== event.groupId);
        return event.group ? [...others, event.group].sort((a, b) => (a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0)) : others;
      });
      return;
    }
    case "session.ended":
      // Not the cache's business: the event stream sends the tab to the sign-in page.
      return;
    case "membership.changed": {
      void queryClient.invalidateQueries({ queryKey: trpc.workspaces.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.channels.pathKey() });
      return;
    }
    case "channel.updated": {
      const { channel } = event;
      queryClient.setQueryData(trpc.channels.mine.queryKey({ workspaceId: channel.workspaceId }), (mine) =>
        channel.archivedAt
          ? mine?.filter((entry) => entry.id !== channel.id)
          : mine?.map((entry) => (entry.id === channel.id ? { ...entry, ...channel, lastSeq: Math.max(entry.lastSeq, channel.lastSeq) } : entry)),
      );
      queryClient.setQueryData(trpc.channels.get.queryKey({ channelId: channel.id }), (current) => (current ? { ...current, ...channel } : current));
      void queryClient.invalidateQueries({ queryKey: trpc.channels.browse.queryKey({ workspaceId: channel.workspaceId }) });
      return;
    }
    case "channel.member_joined": {
      // The event names only who joined; their row (name, picture) comes from the server.
      void queryClient.invalidateQueries({ queryKey: trpc.channels.members.queryKey({ channelId: event.channelId }) });
      return;
    }
    case "channel.member_left": {
      queryClient.setQueryData(trpc.channels.members.queryKey({ channelId: event.channelId }), (members) =>
        members?.filter((member) => member.userId !== event.userId),
      );
      return;
    }
    case "notifications.preferences": {
      queryClient.setQueryData(trpc.notifications.preferences.queryKey(), event.preferences);
      return;
    }
    case "channel.notifications": {
      const { type: _type, channelId, ...settings } = event;
      queryClient.setQueriesData({ queryKey: trpc.channels.mine.pathKey() }, (mine: unknown) =>
        (mine as ChannelEntry[] | undefined)?.map((entry) => (entry.id === channelId ? { ...entry, ...settings } : entry)),
      );
      return;
    }
    case "notification": {
      desktopNotifier.show(event.notification);
      return;
    }
    case "message.saved": {
      const key = trpc.messages.saved.queryKey({ workspaceId: event.workspaceId });
      // A saved list shows the whole message, which the event does not carry; taking one off needs nothing more.
      if (event.saved) void queryClient.invalidateQueries({ queryKey: key, exact: true });
      else queryClient.setQueryData(key, (saved) => saved?.filter((message) => message.id !== event.messageId));
      return;
    }
    case "thread.read": {
      queryClient.setQueryData(trpc.messages.threads.queryKey({ workspaceId: event.workspaceId }), (threads) =>
        threads?.map((thread) =>
          thread.root.id === event.rootId ? { ...thread, unreadReplies: Math.max(0, thread.root.replyCount - event.lastReadReplyCount) } : thread,
        ),
      );
      return;
    }
    case "channel.read": {
      desktopNotifier.read(event.channelId, event.lastReadSeq);
      queryClient.setQueriesData({ queryKey: trpc.channels.mine.pathKey() }, (mine: unknown) =>
        (mine as ChannelEntry[] | undefined)?.map((entry) =>
          entry.id !== event.channelId
            ? entry
            : event.lastReadSeq >= entry.lastSeq
              ? { ...entry, lastReadSeq: event.lastReadSeq, unreadCount: 0, mentionCount: 0 }
              : { ...entry, lastReadSeq: event.lastReadSeq },
        ),
      );
      // Marking unread moves the position back: the counts above it come from the server.
      void queryClient.invalidateQueries({ queryKey: trpc.channels.mine.pathKey(), predicate: (query) => hasStaleCounts(query.state.data, event) });
      return;
    }
    case "message.created": {
      const { message } = event;
      applyMessage(queryClient, trpc, message);
      if (message.clientNonce) pendingMessages.settle(message.clientNonce);
      if (message.authorId) typingStore.sent(message.channelId, message.threadRootId, message.authorId);
      if (message.threadRootId) void queryClient.invalidateQueries({ queryKey: trpc.messages.threads.pathKey() });
      const myId = queryClient.getQueryData(trpc.users.me.queryKey())?.id;
      const mine = message.authorId === myId;
      // The server's findings (who was named or reached by @here when it was sent), applied as the sidebar's query counts them.
      const direct = myId !== undefined && event.mentions.userIds.includes(myId);
      const counts = !mine && message.kind === "user" && message.inChannelList;
      queryClient.setQueriesData({ queryKey: trpc.channels.mine.pathKey() }, (list: unknown) =>
        (list as ChannelEntry[] | undefined)?.map((entry) =>
          entry.id !== message.channelId
            ? entry
            : {
                ...entry,
                lastSeq: Math.max(entry.lastSeq, message.seq),
                lastReadSeq: mine ? Math.max(entry.lastReadSeq, message.seq) : entry.lastReadSeq,
                unreadCount: counts && message.seq > entry.lastReadSeq ? entry.unreadCount + 1 : entry.unreadCount,
                mentionCount:
                  !mine && (direct || (event.mentions.channel && !entry.muted && !entry.ignoreChannelMentions)) && message.seq > entry.lastReadSeq
                    ? entry.mentionCount + 1
                    : entry.mentionCount,
              },
        ),
      );
      return;
    }
    case "message.updated": {
      applyMessage(queryClient, trpc, event.message);
      // Cheap when nobody has the pin list open: only active queries refetch.
      void queryClient.invalidateQueries({ queryKey: trpc.messages.pins.queryKey({ channelId: event.message.channelId }) });
      return;
    }
    case "message.ephemeral": {
      ephemeralMessages.add(event.message);
      return;
    }
    case "channel.receipt": {
      // Receipts are about others; a person's own reads reach their tabs as channel.read.
      if (event.userId === queryClient.getQueryData(trpc.users.me.queryKey())?.id) return;
      queryClient.setQueryData(trpc.channels.receipts.queryKey({ channelId: event.channelId }), (receipts) => {
        if (!receipts) return receipts;
        const others = receipts.filter((receipt) => receipt.userId !== event.userId);
        return event.lastReadSeq === null ? others : [...others, { userId: event.userId, lastReadSeq: event.lastReadSeq }];
      });
      return;
    }
    case "call.updated": {
      queryClient.setQueryData(trpc.calls.active.queryKey({ workspaceId: event.workspaceId }), (active) =>
        active ? [...active.filter((call) => call.id !== event.call.id), event.call] : active,
      );
      const myId = queryClient.getQueryData(trpc.users.me.queryKey())?.id;
      if (event.call.answeredAt || (myId && event.call.participantIds.includes(myId))) ringingStore.stop(event.call.id);
      return;
    }
    case "call.ended": {
      queryClient.setQueryData(trpc.calls.active.queryKey({ workspaceId: event.workspaceId }), (active) => active?.filter((call) => call.id !== event.callId));
      ringingStore.stop(event.callId);
      endedCalls.notify(event.callId);
      return;
    }
    case "call.ringing": {
      ringingStore.ring(event.call, event.callerId, event.workspaceId);
      return;
    }
    case "presence.changed": {
      queryClient.setQueryData(trpc.presence.list.queryKey({ workspaceId: event.workspaceId }), (list) => {
        if (!list) return list;
        const people = { ...list.people };
        for (const change of event.changes) {
          if (change.presence === "offline") delete people[change.userId];
          else people[change.userId] = change.presence;
        }
        return { ...list, people };
      });
      return;
    }
    case "typing": {
      // The typer's other tabs hear it too; nobody is shown their own typing.
      if (event.userId !== queryClient.getQueryData(trpc.users.me.queryKey())?.id) typingStore.heard(event.channelId, event.threadRootId, event.userId);
      return;
    }
    case "support.conversation": {
      const { conversation } = event;
      queryClient.setQueryData(trpc.support.conversation.queryKey({ conversationId: conversation.id }), (held) => (held ? { ...held, ...conversation } : held));
      // Which lists it belongs to, and every count, follow from its status and assignee: the server's lists say.
      void queryClient.invalidateQueries({ queryKey: trpc.support.conversations.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.support.counts.pathKey() });
      return;
    }
    case "support.visitor_conversation": {
      // Only a visitor's widget stream carries these.
      return;
    }
    default: {
      const unhandled: never = event;
      console.warn("Unhandled server event", unhandled);
    }
  }
}
