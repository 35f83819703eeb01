import type { QueryClient } from "@tanstack/react-query";
import type { TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@/server/api/root";
import { type MessageView, upsertMessage } from "@/shared/messages";
import type { RouterOutputs } from "./trpc";

type Trpc = TRPCOptionsProxy<AppRouter>;
type HistoryPage = RouterOutputs["messages"]["history"];

/*
 * The one writer of the messages.history and messages.thread caches. Live events, sends, catch-ups and the pages a
 * list loads as it scrolls all merge here, so the rules of a held window (seq order, the newest version wins, lastSeq
 * only grows, a gap means a catch-up) are kept in one place.
 */

/**
 * Applies a message snapshot everywhere the cache holds it: the channel's list, its thread, and the thread it
 * starts. A message whose seq jumps past what the list holds means events were missed: that list is refetched.
 */
export function applyMessage(queryClient: QueryClient, trpc: Trpc, message: MessageView) {
  const historyKey = trpc.messages.history.queryKey({ channelId: message.channelId });
  const state = queryClient.getQueryState(historyKey);
  if (state && state.data === undefined) {
    // Arrived while the list is still loading, and the load may have read the channel just before this message:
    // once it lands, catch up.
    void queryClient.fetchQuery(trpc.messages.history.queryOptions({ channelId: message.channelId })).then(
      () => catchUpChannel(queryClient, trpc, message.channelId),
      () => undefined,
    );
  }
  let gap = false;
  queryClient.setQueryData(historyKey, (history) => {
    if (!history) return history;
    if (message.seq > history.lastSeq + 1) gap = true;
    const lastSeq = Math.max(history.lastSeq, message.seq);
    if (!message.inChannelList) return { ...history, lastSeq };
    // Outside the loaded window and not already in it: it belongs to a page not loaded yet.
    const oldest = history.messages[0];
    const newest = history.messages.at(-1);
    if (oldest && message.seq < oldest.seq && history.hasMore) return { ...history, lastSeq };
    if (newest && message.seq > newest.seq && history.hasNewer) return { ...history, lastSeq };
    return { ...history, messages: upsertMessage(history.messages, message), lastSeq };
  });
  if (gap) void catchUpChannel(queryClient, trpc, message.channelId);

  const rootId = message.threadRootId ?? message.id;
  queryClient.setQueryData(trpc.messages.thread.queryKey({ rootId }), (thread) => {
    if (!thread) return thread;
    if (message.id === thread.root.id) return message.version > thread.root.version ? { ...thread, root: message } : thread;
    return { ...thread, replies: upsertMessage(thread.replies, message) };
  });
}

/** The most of a held window a catch-up refreshes; a longer one is trimmed to its newest part first. */
const CATCH_UP_WINDOW = 200;
/** Further behind than this many pages, the newest page is loaded fresh instead. */
const CATCH_UP_PAGES = 5;
const catchingUp = new Set<string>();

/**
 * Brings one held channel list up to date after a gap or a reconnect: the held window is fetched again (edits,
 * reactions and deletions made meanwhile) together with everything after it, and merged so that a message that
 * arrived live during the fetch is kept and nothing shows twice.
 */
export async function catchUpChannel(queryClient: QueryClient, trpc: Trpc, channelId: string): Promise<void> {
  const key = trpc.messages.history.queryKey({ channelId });
  const held = queryClient.getQueryData(key);
  if (!held || catchingUp.has(channelId)) return;
  // An empty list catches up from the start of the channel.
  const from = held.messages[Math.max(0, held.messages.length - CATCH_UP_WINDOW)]?.seq ?? 1;
  catchingUp.add(channelId);
  try {
    const fetched: MessageView[] = [];
    let afterSeq = from - 1;
    let page = null as Awaited<ReturnType<typeof fetchPage>> | null;
    for (let turn = 0; turn < CATCH_UP_PAGES && (!page || page.hasNewer); turn++) {
      page = await fetchPage(queryClient, trpc, channelId, afterSeq);
      fetched.push(...page.messages);
      afterSeq = page.messages.at(-1)?.seq ?? afterSeq;
    }
    if (!page || page.hasNewer) {
      await queryClient.invalidateQueries({ queryKey: key });
      return;
    }
    const snapshotSeq = page.lastSeq;
    const fetchedIds = new Set(fetched.map((message) => message.id));
    queryClient.setQueryData(key, (current) => {
      if (!current) return current;
      let messages = fetched;
      for (const message of current.messages) {
        // Newer than the fetch (arrived live meanwhile), or a newer version of one it returned: keep what is newest.
        if (message.seq >= from && (message.seq > snapshotSeq || fetchedIds.has(message.id))) messages = upsertMessage(messages, message);
      }
      const trimmed = current.messages[0] !== undefined && current.messages[0].seq < from;
      return { messages, hasMore: current.hasMore || trimmed, hasNewer: false, lastSeq: Math.max(current.lastSeq, snapshotSeq) };
    });
  } finally {
    catchingUp.delete(channelId);
  }
}

function fetchPage(queryClient: QueryClient, trpc: Trpc, channelId: string, afterSeq: number) {
  return queryClient.fetchQuery({ ...trpc.messages.history.queryOptions({ channelId, afterSeq, limit: CATCH_UP_WINDOW }), staleTime: 0, gcTime: 0 });
}

/**
 * After the event stream (re)connects: every held channel list catches up by seq, lists still loading are fetched
 * again (their request may predate the stream), and everything else the tab holds is refreshed, unread counts
 * included.
 */
export async function catchUpAll(queryClient: QueryClient, trpc: Trpc): Promise<void> {
  const historyPath = trpc.messages.history.pathKey();
  const isHistory = (queryKey: readonly unknown[]) => JSON.stringify(queryKey[0]) === JSON.stringify(historyPath[0]);
  const held = queryClient.getQueryCache().findAll({ queryKey: historyPath });
  await Promise.all([
    queryClient.invalidateQueries({ predicate: (query) => !isHistory(query.queryKey) }),
    ...held.map((query) => {
      const input = (query.queryKey[1] as { input?: { channelId?: string; afterSeq?: number } } | undefined)?.input;
      if (!input?.channelId || input.afterSeq !== undefined) return undefined;
      return query.state.data === undefined ? queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true }) : catchUpChannel(queryClient, trpc, input.channelId);
    }),
  ]);
}

/** Older messages, loaded as the reader scrolls up, go before the held window (any already held are kept). */
export function prependOlderPage(queryClient: QueryClient, trpc: Trpc, channelId: string, page: HistoryPage) {
  queryClient.setQueryData(trpc.messages.history.queryKey({ channelId }), (current) =>
    current ? { ...current, messages: [...page.messages.filter((m) => m.seq < (current.messages[0]?.seq ?? Infinity)), ...current.messages], hasMore: page.hasMore } : current,
  );
}

/**
 * Newer messages, loaded as the reader scrolls down an older window, merge into it. Returns whether a message arrived
 * while the page was in flight past its end (and so was not kept): the caller fetches again.
 */
export function mergeNewerPage(queryClient: QueryClient, trpc: Trpc, channelId: string, page: HistoryPage): boolean {
  let behind = false;
  queryClient.setQueryData(trpc.messages.history.queryKey({ channelId }), (current) => {
    if (!current) return current;
    behind = current.lastSeq > page.lastSeq;
    return { ...current, messages: page.messages.reduce(upsertMessage, current.messages), hasNewer: page.hasNewer || behind, lastSeq: Math.max(current.lastSeq, page.lastSeq) };
  });
  return behind;
}

/**
 * Puts a fetched window (around a permalink, or the newest page) in place of the held one without forgetting how far
 * the channel is known to go. Returns whether messages arrived while it was fetched that it ends before: the caller
 * loads them.
 */
export function replaceHistoryWindow(queryClient: QueryClient, trpc: Trpc, channelId: string, page: HistoryPage): boolean {
  const key = trpc.messages.history.queryKey({ channelId });
  const seenSeq = queryClient.getQueryData(key)?.lastSeq ?? 0;
  const stale = seenSeq > page.lastSeq;
  queryClient.setQueryData(key, { ...page, lastSeq: Math.max(seenSeq, page.lastSeq), hasNewer: page.hasNewer || stale });
  return stale && !page.hasNewer;
}
