"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { applyMessage } from "@/client/message-cache";
import { useTRPC } from "@/client/trpc";
import { messagePath, type MessageView } from "@/shared/messages";
import { useCurrentWorkspace } from "../common/workspace-context";
import type { MessageActions } from "./message-row";
import { useSendMessage } from "./use-send-message";

/** A link that opens the channel scrolled to the message (or its thread), highlighted. */
export function permalink(slug: string, message: Pick<MessageView, "id" | "channelId" | "threadRootId">): string {
  return `${window.location.origin}${messagePath(slug, message)}`;
}

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
  const pin = useMutation(trpc.messages.setPinned.mutationOptions(onSettled));
  const removePreview = useMutation(trpc.messages.removePreview.mutationOptions(onSettled));
  // The app answers by changing the message (or posting), which arrives as events like any change.
  const click = useMutation(trpc.apps.clickBlockAction.mutationOptions({ onError: onSettled.onError }));
  const workspace = useCurrentWorkspace();
  const saved = useQuery(trpc.messages.saved.queryOptions({ workspaceId: workspace.id }));
  const savedIds = useMemo(() => new Set(saved.data?.map((message) => message.id)), [saved.data]);
  const save = useMutation(
    trpc.messages.setSaved.mutationOptions({
      onError: onSettled.onError,
      // The saved list follows the message.saved event, in this tab as in the person's others.
      onSuccess: (result) => toast.success(result.saved ? "Saved for later" : "Removed from saved"),
    }),
  );

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
      setPinned: (message, pinned) => pin.mutate({ messageId: message.id, on: pinned }),
      removePreview: (message, url) => removePreview.mutate({ messageId: message.id, url }),
      setSaved: (message, on) => save.mutate({ messageId: message.id, on }),
      isSaved: (message) => savedIds.has(message.id),
      blockAction: (message, action) => click.mutate({ messageId: message.id, action }),
      copyLink: (message) => {
        const url = permalink(workspace.slug, message);
        void navigator.clipboard?.writeText(url).then(
          () => toast.success("Link copied"),
          () => toast.error("Could not copy the link"),
        );
      },
    }),
    // The mutation objects change identity every render; their mutate functions do not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [options.openThread, options.allowMarkUnread, retry, savedIds, workspace.slug],
  );
  return { actions, editingId, setEditingId };
}
