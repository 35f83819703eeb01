"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown } from "lucide-react";
import { useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { mergeNewerPage, prependOlderPage, replaceHistoryWindow } from "@/client/message-cache";
import { usePendingMessages, type PendingMessage } from "@/client/pending-messages";
import { useTRPC, useTRPCClient } from "@/client/trpc";
import type { MessageView } from "@/shared/messages";
import { dayKey, formatDay } from "../common/format";
import { type MessageActions, MessageRow, type Person } from "./message-row";
import { ConversationGuests } from "./use-people";

type Item =
  | { kind: "day"; key: string; label: string }
  | { kind: "unread"; key: string }
  | { kind: "message"; key: string; message: MessageView | PendingMessage; grouped: boolean };

function buildItems(messages: MessageView[], pending: PendingMessage[], firstUnreadSeq: number | null, meId: string): Item[] {
  const items: Item[] = [];
  let previous = null as { authorId: string | null; createdAt: Date; day: string } | null;
  // A confirmed message and its pending copy can meet for a moment: the confirmed one wins.
  const confirmed = new Set(pending.length ? messages.map((message) => message.clientNonce) : []);
  const all: Array<MessageView | PendingMessage> = [...messages, ...pending.filter((message) => !confirmed.has(message.clientNonce))];
  for (const message of all) {
    const authorId = "id" in message ? message.authorId : meId;
    const day = dayKey(message.createdAt);
    if (day !== previous?.day) items.push({ kind: "day", key: `day-${day}`, label: formatDay(message.createdAt) });
    const unreadHere = "id" in message && firstUnreadSeq !== null && message.seq === firstUnreadSeq;
    if (unreadHere) items.push({ kind: "unread", key: "unread" });
    const grouped =
      !unreadHere &&
      previous !== null &&
      previous.day === day &&
      previous.authorId === authorId &&
      message.createdAt.getTime() - previous.createdAt.getTime() < GROUP_WINDOW_MS &&
      !("id" in message && (message.kind === "system" || message.deletedAt));
    // A sent message keeps its pending row's key, so the row (its hover, its measured height) carries on when the
    // server confirms it instead of being replaced under the pointer.
    items.push({ kind: "message", key: "id" in message ? (message.clientNonce ?? message.id) : message.clientNonce, message, grouped });
    previous = { authorId, createdAt: message.createdAt, day };
  }
  return items;
}

/** Messages by the same person within five minutes share one header. */
const GROUP_WINDOW_MS = 5 * 60 * 1000;
const NEAR_BOTTOM_PX = 80;
/** How close to either end of the loaded window the reader gets before the next page is fetched. */
const PREFETCH_PX = 400;
const MARK_READ_DELAY_MS = 300;

/**
 * A channel's messages: newest page first, older pages by keyset as you scroll up, virtualized so long histories
 * stay smooth. A permalink opens a window around its message instead, which fills in both ways as you scroll, with
 * a way back to the present. Announced to screen readers as a log. Marks the channel read while you are at the live
 * end of a focused window.
 */
export function MessageList(props: {
  channelId: string;
  channelName: string;
  lastReadSeq: number | null;
  meId: string;
  canModerate: boolean;
  people: Map<string, Person>;
  actions: MessageActions;
  editingId: string | null;
  /** DMs and group DMs show read receipts ("Seen", "Seen by Ana, Ben"); a 1:1 DM names nobody. */
  receipts?: "named" | "unnamed";
  reactingId?: string | null;
  onReactingDone?: () => void;
  highlightId?: string | null;
  emptyState: React.ReactNode;
}) {
  const { channelId, lastReadSeq, meId } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const historyKey = useMemo(() => trpc.messages.history.queryKey({ channelId }), [trpc, channelId]);
  const history = useQuery(trpc.messages.history.queryOptions({ channelId }));
  const allPending = usePendingMessages();
  // Memoized so the item list below is rebuilt only when something it shows changes, not on every render. A reply
  // also sent to the channel waits in its thread: the channel list takes it from the server (inChannelList).
  const pending = useMemo(() => allPending.filter((message) => message.channelId === channelId && message.threadRootId === null), [allPending, channelId]);
  const { mutate: markRead } = useMutation(trpc.channels.markRead.mutationOptions());
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const lastScrollTop = useRef(0);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const restoreFromBottom = useRef<number | null>(null);
  // Where "new messages" starts is fixed when the channel opens, so reading does not make it jump.
  const [firstUnreadSeq] = useState(() => (lastReadSeq === null ? null : lastReadSeq + 1));

  const messages = history.data?.messages;
  // Reading an older window (after a permalink): newer messages exist that are not loaded.
  const detached = history.data?.hasNewer ?? false;
  const unreadAnchor = messages?.some((message) => message.seq >= (firstUnreadSeq ?? Infinity) && message.authorId !== meId)
    ? (messages.find((message) => message.seq >= firstUnreadSeq! && message.authorId !== meId)?.seq ?? null)
    : null;
  const receipts = useQuery({ ...trpc.channels.receipts.queryOptions({ channelId }), enabled: Boolean(props.receipts) });
  const guests = useContext(ConversationGuests);
  // Under the newest message each person has read, among those others wrote (their own say nothing). A live-chat
  // visitor never saw the team's notes or Confab's own lines, so their "Seen" goes under what they were shown.
  const seenLabels = useMemo(() => {
    const readers = new Map<string, string[]>();
    for (const receipt of receipts.data ?? []) {
      const shownTo = (message: MessageView) => !guests?.has(receipt.userId) || (!message.internal && message.kind === "user");
      const newestRead = messages?.findLast((message) => message.seq <= receipt.lastReadSeq && message.authorId !== receipt.userId && shownTo(message));
      if (newestRead) readers.set(newestRead.id, [...(readers.get(newestRead.id) ?? []), props.people.get(receipt.userId)?.name ?? "Someone"]);
    }
    return new Map([...readers].map(([messageId, names]) => [messageId, props.receipts === "named" ? `Seen by ${names.join(", ")}` : "Seen"]));
  }, [receipts.data, messages, props.people, props.receipts, guests]);
  const items = useMemo(() => buildItems(messages ?? [], detached ? [] : pending, unreadAnchor, meId), [messages, detached, pending, unreadAnchor, meId]);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (items[index]?.kind === "message" ? (items[index].grouped ? 28 : 60) : 36),
    overscan: 12,
    getItemKey: (index) => items[index]!.key,
  });

  const loadOlder = useCallback(async () => {
    const data = queryClient.getQueryData(historyKey);
    const oldest = data?.messages[0];
    if (!data?.hasMore || !oldest || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await client.messages.history.query({ channelId, beforeSeq: oldest.seq });
      const element = scrollRef.current;
      if (element) restoreFromBottom.current = element.scrollHeight - element.scrollTop;
      prependOlderPage(queryClient, trpc, channelId, page);
    } finally {
      setLoadingOlder(false);
    }
  }, [channelId, client, historyKey, loadingOlder, queryClient, trpc]);

  const loadingNewer = useRef(false);
  const loadNewer = useCallback(async () => {
    if (loadingNewer.current) return;
    loadingNewer.current = true;
    try {
      for (;;) {
        const newest = queryClient.getQueryData(historyKey)?.messages.at(-1);
        if (!newest) return;
        const page = await client.messages.history.query({ channelId, afterSeq: newest.seq });
        if (!mergeNewerPage(queryClient, trpc, channelId, page)) return;
      }
    } finally {
      loadingNewer.current = false;
    }
  }, [channelId, client, historyKey, queryClient, trpc]);

  const replaceWindow = useCallback(
    (page: NonNullable<typeof history.data>) => {
      if (replaceHistoryWindow(queryClient, trpc, channelId, page)) void loadNewer();
    },
    [channelId, loadNewer, queryClient, trpc],
  );

  const jumpToRecent = useCallback(async () => {
    const newest = await client.messages.history.query({ channelId });
    atBottom.current = true;
    replaceWindow(newest);
  }, [channelId, client, replaceWindow]);

  // Sending from an older window brings the reader back to the present, where the message appears.
  useEffect(() => {
    if (detached && pending.length > 0) void jumpToRecent();
  }, [detached, pending.length, jumpToRecent]);

  // Keep the reader where they were when older messages are prepended, and at the bottom when new ones arrive or
  // rows measure taller than estimated.
  const totalSize = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    if (restoreFromBottom.current !== null) {
      element.scrollTop = element.scrollHeight - restoreFromBottom.current;
      restoreFromBottom.current = null;
    } else if (atBottom.current && items.length > 0) {
      virtualizer.scrollToIndex(items.length - 1, { align: "end" });
    }
  }, [items, totalSize, virtualizer]);

  // A permalink: when its message is not loaded, load the window around it; then bring it to the middle of the view.
  const scrolledTo = useRef<string | null>(null);
  const windowRequested = useRef<string | null>(null);
  useEffect(() => {
    const target = props.highlightId;
    if (!target || !messages || scrolledTo.current === target) return;
    const index = items.findIndex((item) => item.kind === "message" && "id" in item.message && item.message.id === target);
    if (index >= 0) {
      scrolledTo.current = target;
      atBottom.current = false;
      virtualizer.scrollToIndex(index, { align: "center" });
    } else if (windowRequested.current !== target) {
      windowRequested.current = target;
      client.messages.history.query({ channelId, aroundMessageId: target }).then(
        (around) => {
          atBottom.current = false;
          replaceWindow(around);
        },
        (error: Error) => void toast.error(error.message),
      );
    }
  }, [props.highlightId, messages, items, channelId, client, replaceWindow, virtualizer]);

  const lastSeq = history.data?.lastSeq ?? 0;
  // Coalesced: a burst of arriving messages becomes one read mark (and one read event for the reader's other tabs),
  // not one per message.
  const readTimer = useRef<number | null>(null);
  const markReadNow = useCallback(() => {
    readTimer.current = null;
    const seq = queryClient.getQueryData(historyKey)?.lastSeq;
    if (seq !== undefined) markRead({ channelId, seq });
  }, [channelId, historyKey, markRead, queryClient]);
  const readIfSeen = useCallback(() => {
    if (lastReadSeq === null || lastSeq <= lastReadSeq || readTimer.current !== null) return;
    if (!atBottom.current || detached || document.visibilityState !== "visible" || !document.hasFocus()) return;
    readTimer.current = window.setTimeout(markReadNow, MARK_READ_DELAY_MS);
  }, [detached, lastReadSeq, lastSeq, markReadNow]);
  // Esc, as in Slack, marks the whole channel read, unless it is closing something first (a dialog, a menu, the
  // thread, an edit, a suggestion list), which marks the key handled.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented || document.querySelector('[role="dialog"], [data-radix-popper-content-wrapper]')) return;
      if (lastReadSeq !== null && lastSeq > lastReadSeq) markRead({ channelId, seq: lastSeq });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [channelId, lastReadSeq, lastSeq, markRead]);
  // Leaving the channel right after reading still records it.
  useEffect(
    () => () => {
      if (readTimer.current === null) return;
      window.clearTimeout(readTimer.current);
      markReadNow();
    },
    [markReadNow],
  );
  useEffect(() => {
    readIfSeen();
    window.addEventListener("focus", readIfSeen);
    document.addEventListener("visibilitychange", readIfSeen);
    return () => {
      window.removeEventListener("focus", readIfSeen);
      document.removeEventListener("visibilitychange", readIfSeen);
    };
  }, [readIfSeen]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    const fromBottom = element.scrollHeight - element.scrollTop - element.clientHeight;
    // Following the newest messages stops when the reader scrolls up, not when a burst of arrivals briefly leaves
    // the view short of the bottom.
    if (fromBottom < NEAR_BOTTOM_PX) atBottom.current = !detached;
    else if (element.scrollTop < lastScrollTop.current) atBottom.current = false;
    lastScrollTop.current = element.scrollTop;
    if (element.scrollTop < PREFETCH_PX) void loadOlder();
    if (detached && fromBottom < PREFETCH_PX) void loadNewer();
    if (atBottom.current) readIfSeen();
  };

  if (history.isPending) {
    return (
      <div className="flex-1 space-y-4 p-5" aria-busy="true" aria-label="Loading messages">
        {[0, 1, 2].map((row) => (
          <div key={row} className="flex gap-2">
            <div className="h-9 w-9 animate-pulse rounded-md bg-surface-2" />
            <div className="flex-1 space-y-2">
              <div className="h-3 w-32 animate-pulse rounded bg-surface-2" />
              <div className="h-3 w-2/3 animate-pulse rounded bg-surface-2" />
            </div>
          </div>
        ))}
      </div>
    );
  }
  if (history.isError) {
    return (
      <div role="alert" className="flex flex-1 items-center justify-center p-6 text-sm text-danger">
        {history.error.message}
        <button type="button" className="ml-2 underline" onClick={() => void history.refetch()}>
          Retry
        </button>
      </div>
    );
  }

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div ref={scrollRef} onScroll={onScroll} className="min-h-0 flex-1 overflow-y-auto" data-testid="message-scroller">
        {!history.data.hasMore && <div className="px-5 pb-2 pt-8">{props.emptyState}</div>}
        {loadingOlder && <p className="py-2 text-center text-xs text-muted">Loading older messages…</p>}
        <div role="log" aria-live="polite" aria-relevant="additions" aria-label={`Messages in ${props.channelName}`} className="relative w-full" style={{ height: totalSize }}>
          {virtualizer.getVirtualItems().map((virtual) => {
            const item = items[virtual.index]!;
            return (
              <div key={virtual.key} data-index={virtual.index} ref={virtualizer.measureElement} className="absolute left-0 top-0 w-full" style={{ transform: `translateY(${virtual.start}px)` }}>
                {item.kind === "day" ? (
                  <div role="separator" aria-label={item.label} className="relative my-2 flex items-center px-5">
                    <div className="h-px flex-1 bg-border" />
                    <span className="mx-2 rounded-full border border-border bg-bg px-3 py-0.5 text-xs font-semibold">{item.label}</span>
                    <div className="h-px flex-1 bg-border" />
                  </div>
                ) : item.kind === "unread" ? (
                  <div role="separator" aria-label="New messages" className="my-1 flex items-center px-5">
                    <div className="h-px flex-1 bg-danger" />
                    <span className="ml-2 text-xs font-semibold text-danger">New messages</span>
                  </div>
                ) : (
                  <MessageRow
                    message={item.message}
                    grouped={item.grouped}
                    meId={meId}
                    canModerate={props.canModerate}
                    people={props.people}
                    editing={"id" in item.message && item.message.id === props.editingId}
                    reacting={"id" in item.message && item.message.id === props.reactingId}
                    seenLabel={"id" in item.message ? seenLabels.get(item.message.id) : undefined}
                    onReactingDone={props.onReactingDone}
                    highlighted={"id" in item.message && item.message.id === props.highlightId}
                    actions={props.actions}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {detached && (
        <button
          type="button"
          onClick={() => void jumpToRecent()}
          className="absolute bottom-3 left-1/2 flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg shadow-lg hover:opacity-90"
        >
          <ArrowDown size={14} aria-hidden="true" /> Jump to recent messages
        </button>
      )}
    </div>
  );
}
