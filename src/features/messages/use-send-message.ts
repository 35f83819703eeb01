"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { applyMessage } from "@/client/message-cache";
import { useTRPC, useTRPCClient } from "@/client/trpc";
import { pendingMessages, type PendingMessage } from "@/client/pending-messages";
import type { FileView } from "@/shared/files";
import { isTransient } from "@/client/transient";

/**
 * Sends to one channel leave one at a time, in the order they were written: sent together (one HTTP batch, or two
 * racing requests) the server could give the later one the lower seq, and the channel would show them swapped.
 */
const queues = new Map<string, Promise<void>>();

function inOrder(channelId: string, task: () => Promise<void>): Promise<void> {
  const next = (queues.get(channelId) ?? Promise.resolve()).then(task);
  queues.set(channelId, next);
  void next.finally(() => {
    if (queues.get(channelId) === next) queues.delete(channelId);
  });
  return next;
}

/** Waits before each automatic retry of a send nothing answered: about ten seconds in all. */
const TRANSIENT_RETRIES = [300, 700, 1500, 3000, 4500];

/**
 * Optimistic, idempotent sending: the message shows as pending at once; the nonce makes a retry return the
 * original instead of posting twice; a failure leaves the row with a retry button.
 */
export function useSendMessage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();

  const deliverNow = useCallback(
    async (message: PendingMessage, attempt: number): Promise<void> => {
      try {
        const fileIds = message.files.map((file) => file.id);
        // A live-chat answer goes through support, which also claims the conversation and emails an absent visitor.
        const sent =
          message.internal !== undefined && !message.threadRootId
            ? await client.support.reply.mutate({ conversationId: message.channelId, body: message.body, fileIds, clientNonce: message.clientNonce, internal: message.internal })
            : await client.messages.send.mutate({
                channelId: message.channelId,
                body: message.body,
                fileIds,
                clientNonce: message.clientNonce,
                threadRootId: message.threadRootId ?? undefined,
                alsoInChannel: message.alsoInChannel,
              });
        applyMessage(queryClient, trpc, sent);
        pendingMessages.settle(message.clientNonce);
      } catch (error) {
        // Nothing answered (a process restarting, a proxy between two): the same nonce again a little later, so a
        // rolling restart loses nothing. A refusal from the server is shown at once.
        if (attempt < TRANSIENT_RETRIES.length && isTransient(error)) {
          await new Promise((resolve) => setTimeout(resolve, TRANSIENT_RETRIES[attempt]));
          return deliverNow(message, attempt + 1);
        }
        pendingMessages.fail(message.clientNonce);
      }
    },
    [client, queryClient, trpc],
  );
  const deliver = useCallback((message: PendingMessage) => inOrder(message.channelId, () => deliverNow(message, 0)), [deliverNow]);

  const send = useCallback(
    (input: { channelId: string; body: string; files?: FileView[]; threadRootId?: string | null; alsoInChannel?: boolean; internal?: boolean }) => {
      const message: PendingMessage = {
        clientNonce: crypto.randomUUID(),
        channelId: input.channelId,
        threadRootId: input.threadRootId ?? null,
        alsoInChannel: input.alsoInChannel ?? false,
        internal: input.internal,
        body: input.body,
        files: input.files ?? [],
        createdAt: new Date(),
        failed: false,
      };
      pendingMessages.add(message);
      void deliver(message);
    },
    [deliver],
  );

  const retry = useCallback(
    (message: PendingMessage) => {
      pendingMessages.retry(message.clientNonce);
      void deliver(message);
    },
    [deliver],
  );

  return { send, retry };
}
