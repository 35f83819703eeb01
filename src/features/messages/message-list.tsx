"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { usePendingMessages, type PendingMessage } from "@/client/pending-messages";
import { useTRPC, useTRPCClient } from "@/client/trpc";
import type { MessageView } from "@/shared/messages";
import { belongsInChannelList } from "@/shared/messages";
import { dayKey, formatDay, GROUP_WINDOW_MS } from "./format";
import { type MessageActions, MessageRow, type Person } from "./message-row";

type Item =
  | { kind: "day"; key: string; label: string }
  | { kind: "unread"; key: string }
  | { kind: "message"; key: string; message: MessageView | PendingMessage; grouped: boolean };

function buildItems(messages: MessageView[], pending: PendingMessage[], firstUnreadSeq: number | null, meId: string): Item[] {
  const items: Item[] = [];
  let previous = null as { authorId: string | null; createdAt: Date; day: string } | null;
  const all: Array<MessageView | PendingMessage> = [...messages, ...pending];
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
    items.push({ kind: "message", key: "id" in message ? message.id : message.clientNonce, message, grouped });
    previous = { authorId, createdAt: message.createdAt, day };
  }
  return items;
}

const NEAR_BOTTOM_PX = 80;

/**
 * A channel's messages: newest page first, older pages by keyset as you scroll up, virtualized so long histories
 * stay smooth. Announced to screen readers as a log. Marks the channel read while you are at the bottom of a
 * focused window.
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
  highlightId?: string | null;
  emptyState: React.ReactNode;
}) {
  const { channelId, lastReadSeq, meId } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const historyKey = trpc.messages.history.queryKey({ channelId });
  const history = useQuery(trpc.messages.history.queryOptions({ channelId }));
  const allPending = usePendingMessages();
  // Memoized so the item list below is rebuilt only when something it shows changes, not on every render.
  const pending = useMemo(() => allPending.filter((message) => message.channelId === channelId && belongsInChannelList(message)), [allPending, channelId]);
  const markRead = useMutation(trpc.channels.markRead.mutationOptions());
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const restoreFromBottom = useRef<number | null>(null);
  // Where "new messages" starts is fixed when the channel opens, so reading does not make it jump.
  const [firstUnreadSeq] = useState(() => (lastReadSeq === null ? null : lastReadSeq + 1));

  const messages = history.data?.messages;
  const unreadAnchor = messages?.some((message) => message.seq >= (firstUnreadSeq ?? Infinity) && message.authorId !== meId)
    ? (messages.find((message) => message.seq >= firstUnreadSeq! && message.authorId !== meId)?.seq ?? null)
    : null;
  const items = useMemo(() => buildItems(messages ?? [], pending, unreadAnchor, meId), [messages, pending, unreadAnchor, meId]);

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
      queryClient.setQueryData(historyKey, (current) =>
        current ? { ...current, messages: [...page.messages.filter((m) => m.seq < (current.messages[0]?.seq ?? Infinity)), ...current.messages], hasMore: page.hasMore } : current,
      );
    } finally {
      setLoadingOlder(false);
    }
  }, [channelId, client, historyKey, loadingOlder, queryClient]);

  // Keep the reader where they were when older messages are prepended, and at the bottom when new ones arrive.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    if (restoreFromBottom.current !== null) {
      element.scrollTop = element.scrollHeight - restoreFromBottom.current;
      restoreFromBottom.current = null;
    } else if (atBottom.current && items.length > 0) {
      virtualizer.scrollToIndex(items.length - 1, { align: "end" });
    }
  }, [items, virtualizer]);

  // A permalink: page back until the message is loaded (bounded), then bring it to the middle of the view.
  const permalinkPages = useRef(0);
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    const target = props.highlightId;
    if (!target || !messages || scrolledTo.current === target) return;
    const index = items.findIndex((item) => item.kind === "message" && "id" in item.message && item.message.id === target);
    if (index >= 0) {
      scrolledTo.current = target;
      atBottom.current = false;
      virtualizer.scrollToIndex(index, { align: "center" });
    } else if (history.data?.hasMore && permalinkPages.current < 40) {
      permalinkPages.current += 1;
      void loadOlder();
    }
  }, [props.highlightId, messages, items, history.data?.hasMore, loadOlder, virtualizer]);

  const lastSeq = history.data?.lastSeq ?? 0;
  const readIfSeen = useCallback(() => {
    if (lastReadSeq === null || lastSeq <= lastReadSeq) return;
    if (!atBottom.current || document.visibilityState !== "visible" || !document.hasFocus()) return;
    markRead.mutate({ channelId, seq: lastSeq });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [channelId, lastReadSeq, lastSeq]);
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
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
    if (element.scrollTop < 400) void loadOlder();
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
    <div ref={scrollRef} onScroll={onScroll} className="min-h-0 flex-1 overflow-y-auto" data-testid="message-scroller">
      {!history.data.hasMore && <div className="px-5 pb-2 pt-8">{props.emptyState}</div>}
      {loadingOlder && <p className="py-2 text-center text-xs text-muted">Loading older messages…</p>}
      <div role="log" aria-live="polite" aria-relevant="additions" aria-label={`Messages in ${props.channelName}`} className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
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
                  highlighted={"id" in item.message && item.message.id === props.highlightId}
                  actions={props.actions}
                />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
