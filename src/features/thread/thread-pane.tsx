"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { useEffect, useRef } from "react";
import { usePendingMessages } from "@/client/pending-messages";
import { useTRPC } from "@/client/trpc";
import { Composer } from "../messages/composer";
import { MessageRow } from "../messages/message-row";
import { useMessageActions } from "../messages/use-message-actions";
import { usePeople } from "../messages/use-people";
import { useSendMessage } from "../messages/use-send-message";

/** A thread beside its channel: the first message, its replies, and a composer that can also post to the channel. */
export function ThreadPane({ rootId, channelName, canModerate, archived, highlightId, onClose }: { rootId: string; channelName: string; canModerate: boolean; archived: boolean; highlightId?: string | null; onClose: () => void }) {
  const trpc = useTRPC();
  const thread = useQuery(trpc.messages.thread.queryOptions({ rootId }));
  const { people, mentionable, meId } = usePeople();
  const { send } = useSendMessage();
  const { actions, editingId } = useMessageActions({ allowMarkUnread: false });
  const pending = usePendingMessages().filter((message) => message.threadRootId === rootId);
  const closeButton = useRef<HTMLButtonElement>(null);
  const replies = thread.data?.replies ?? [];
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    closeButton.current?.focus();
  }, [rootId]);
  // The threads list follows the thread.read event, in this tab as in the person's others.
  const markRead = useMutation(trpc.messages.markThreadRead.mutationOptions());
  useEffect(() => {
    if (thread.data) markRead.mutate({ rootId });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rootId, thread.data?.root.replyCount]);
  // Braces matter: scrollIntoView returns a promise in current Chromium, and an effect may only return a cleanup.
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [replies.length, pending.length]);

  return (
    <aside aria-label="Thread" className="fixed inset-0 z-20 flex flex-col border-l border-border bg-bg md:static md:z-auto md:w-[400px] md:shrink-0" onKeyDown={(event) => {
        if (event.key !== "Escape" || event.defaultPrevented) return;
        event.preventDefault();
        onClose();
      }}>
      <header className="flex h-12 shrink-0 items-center justify-between border-b border-border px-4">
        <h2 className="font-semibold">
          Thread <span className="font-normal text-muted">· #{channelName}</span>
        </h2>
        <button ref={closeButton} type="button" onClick={onClose} aria-label="Close thread" className="rounded-md p-1 text-muted hover:bg-surface-2 hover:text-text">
          <X size={16} aria-hidden="true" />
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto py-2">
        {thread.isPending && <p className="p-4 text-sm text-muted">Loading thread…</p>}
        {thread.isError && (
          <p role="alert" className="p-4 text-sm text-danger">
            {thread.error.message}
          </p>
        )}
        {thread.data && (
          <>
            <MessageRow message={thread.data.root} grouped={false} meId={meId} canModerate={canModerate} people={people} editing={thread.data.root.id === editingId} actions={actions} />
            <div role="separator" className="my-2 flex items-center gap-2 px-5 text-xs text-muted">
              {replies.length} {replies.length === 1 ? "reply" : "replies"}
              <span className="h-px flex-1 bg-border" />
            </div>
            <div role="log" aria-live="polite" aria-label="Replies">
              {replies.map((reply, index) => (
                <MessageRow
                  key={reply.id}
                  message={reply}
                  grouped={index > 0 && replies[index - 1]!.authorId === reply.authorId && !reply.deletedAt}
                  meId={meId}
                  canModerate={canModerate}
                  people={people}
                  editing={reply.id === editingId}
                  highlighted={reply.id === highlightId}
                  actions={actions}
                />
              ))}
              {pending.map((message) => (
                <MessageRow key={message.clientNonce} message={message} grouped={false} meId={meId} canModerate={false} people={people} editing={false} actions={actions} />
              ))}
            </div>
            <div ref={bottom} />
          </>
        )}
      </div>
      {thread.data && (
        <Composer
          channelId={thread.data.root.channelId}
          threadRootId={rootId}
          placeholder="Reply…"
          people={mentionable}
          disabledReason={archived ? "This channel is archived" : null}
          alsoInChannelLabel={`Also send to #${channelName}`}
          onSend={(body, { alsoInChannel, files }) => send({ channelId: thread.data.root.channelId, body, files, threadRootId: rootId, alsoInChannel })}
        />
      )}
    </aside>
  );
}
