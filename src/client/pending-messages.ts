import { useSyncExternalStore } from "react";
import type { FileView } from "@/shared/files";

/** A message on its way: shown at once, quietly marked, replaced by the real one when the server confirms it. */
export interface PendingMessage {
  clientNonce: string;
  channelId: string;
  threadRootId: string | null;
  alsoInChannel: boolean;
  /**
   * In a live-chat conversation: sent as the team's answer to the visitor (false) or as a note for the team only
   * (true); undefined everywhere else.
   */
  internal?: boolean;
  body: string;
  /** Already uploaded; sent as the message's attachments. */
  files: FileView[];
  createdAt: Date;
  failed: boolean;
}

let pending: PendingMessage[] = [];
const listeners = new Set<() => void>();

function update(next: PendingMessage[]) {
  pending = next;
  for (const listener of listeners) listener();
}

export const pendingMessages = {
  add(message: PendingMessage) {
    update([...pending, message]);
  },
  settle(clientNonce: string) {
    if (pending.some((message) => message.clientNonce === clientNonce)) update(pending.filter((message) => message.clientNonce !== clientNonce));
  },
  fail(clientNonce: string) {
    update(pending.map((message) => (message.clientNonce === clientNonce ? { ...message, failed: true } : message)));
  },
  retry(clientNonce: string) {
    update(pending.map((message) => (message.clientNonce === clientNonce ? { ...message, failed: false } : message)));
  },
};

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

const none: PendingMessage[] = [];

export function usePendingMessages(): PendingMessage[] {
  return useSyncExternalStore(subscribe, () => pending, () => none);
}
