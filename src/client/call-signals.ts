import { useSyncExternalStore } from "react";
import type { CallView } from "@/shared/calls";

/** The DM call ringing for this person right now, if any: what the incoming-call dialog shows. */
let ringing: { call: CallView; callerId: string; workspaceId: string } | null = null;
const listeners = new Set<() => void>();

function set(next: typeof ringing) {
  ringing = next;
  for (const listener of listeners) listener();
}

export const ringingStore = {
  ring: (call: CallView, callerId: string, workspaceId: string) => set({ call, callerId, workspaceId }),
  /** The call was answered (here or in another tab), declined, or ended. */
  stop: (callId: string) => {
    if (ringing?.call.id === callId) set(null);
  },
  current: () => ringing,
};

export function useRinging() {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    () => ringing,
    () => null,
  );
}

const endedListeners = new Set<(callId: string) => void>();

/** Calls that ended (last person out, the host, declined, missed): the tab in one leaves it. */
export const endedCalls = {
  notify: (callId: string) => {
    for (const listener of endedListeners) listener(callId);
  },
  subscribe: (listener: (callId: string) => void) => {
    endedListeners.add(listener);
    return () => void endedListeners.delete(listener);
  },
};
