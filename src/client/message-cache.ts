import type { QueryClient } from "@tanstack/react-query";
import type { TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@/server/api/root";
import { belongsInChannelList, type MessageView, upsertMessage } from "@/shared/messages";

type Trpc = TRPCOptionsProxy<AppRouter>;

/**
 * Applies a message snapshot everywhere the cache holds it: the channel's list, its thread, and the thread it
 * starts. A message whose seq jumps past what the list holds means events were missed: that list is refetched.
 */
export function applyMessage(queryClient: QueryClient, trpc: Trpc, message: MessageView) {
  const historyKey = trpc.messages.history.queryKey({ channelId: message.channelId });
  let gap = false;
  queryClient.setQueryData(historyKey, (history) => {
    if (!history) return history;
    if (message.seq > history.lastSeq + 1) gap = true;
    const lastSeq = Math.max(history.lastSeq, message.seq);
    if (!belongsInChannelList(message)) return { ...history, lastSeq };
    // Outside the loaded window and not already in it: it belongs to a page not loaded yet.
    const oldest = history.messages[0];
    const newest = history.messages.at(-1);
    if (oldest && message.seq < oldest.seq && history.hasMore) return { ...history, lastSeq };
    if (newest && message.seq > newest.seq && history.hasNewer) return { ...history, lastSeq };
    return { ...history, messages: upsertMessage(history.messages, message), lastSeq };
  });
  if (gap) void queryClient.invalidateQueries({ queryKey: historyKey });

  const rootId = message.threadRootId ?? message.id;
  queryClient.setQueryData(trpc.messages.thread.queryKey({ rootId }), (thread) => {
    if (!thread) return thread;
    if (message.id === thread.root.id) return message.version > thread.root.version ? { ...thread, root: message } : thread;
    return { ...thread, replies: upsertMessage(thread.replies, message) };
  });
}
