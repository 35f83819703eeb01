"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { applyMessage } from "@/client/message-cache";
import { useTRPC } from "@/client/trpc";
import type { MessageView } from "@/shared/messages";
import type { MessageActions } from "./message-row";
import { useSendMessage } from "./use-send-message";

/** The actions a message row offers, with their errors shown as toasts. */
export function useMessageActions(options: { openThread?: (message: MessageView) => void; allowMarkUnread: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { retry } = useSendMessage();
  const [editingId, setEditingId] = useState<string | null>(null);
  const onSettled = {
    onSuccess: (message: MessageView) => applyMessage(queryClient, trpc, message),
    onError: (error: { message: string }) => void toast.error(error.message),
  };
  const react = useMutation(trpc.messages.react.mutationOptions(onSettled));
  const edit = useMutation(trpc.messages.edit.mutationOptions(onSettled));
  const remove = useMutation(trpc.messages.delete.mutationOptions(onSettled));
  const markUnread = useMutation(trpc.channels.markUnread.mutationOptions({ onError: onSettled.onError }));

  const actions = useMemo<MessageActions>(
    () => ({
      react: (message, emoji) => react.mutate({ messageId: message.id, emoji }),
      openThread: options.openThread,
      startEdit: (message) => setEditingId(message.id),
      saveEdit: async (message, body) => {
        await edit.mutateAsync({ messageId: message.id, body });
        setEditingId(null);
      },
      cancelEdit: () => setEditingId(null),
      remove: (message) => remove.mutate({ messageId: message.id }),
      markUnread: options.allowMarkUnread ? (message) => markUnread.mutate({ channelId: message.channelId, seq: message.seq }) : undefined,
      retry,
    }),
    // The mutation objects change identity every render; their mutate functions do not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [options.openThread, options.allowMarkUnread, retry],
  );
  return { actions, editingId, setEditingId };
}
