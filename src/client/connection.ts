"use client";
import type { createWSClient } from "@trpc/client";
import { createContext, useContext, useSyncExternalStore } from "react";

const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 30_000;

/**
 * Exponential backoff with jitter: the ceiling doubles with each attempt up to 30 s and the wait is a random point in
 * its upper half, so a server restart is not met by every tab reconnecting in the same instant.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export type ConnectionStatus = "connecting" | "online" | "reconnecting";

type WsClient = ReturnType<typeof createWSClient>;

/**
 * The live connection's state as React reads it: first connect, connected, or lost and retrying. Connected means the
 * server confirmed the event stream (`streamReady`), not merely that a socket opened: a socket that opens and drops at
 * once (a flaky proxy, a captive portal) must not flash the tab back to "online" between retries.
 */
export function connectionStore(wsClient: WsClient) {
  let status: ConnectionStatus = "connecting";
  let everOnline = false;
  const listeners = new Set<() => void>();
  const become = (next: ConnectionStatus) => {
    everOnline ||= next === "online";
    if (next === status) return;
    status = next;
    for (const listener of listeners) listener();
  };
  wsClient.connectionState.subscribe({
    next: (state) => {
      if (state.state === "connecting") become(everOnline ? "reconnecting" : "connecting");
    },
  });
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getSnapshot: () => status,
    streamReady: () => become("online"),
  };
}

export type ConnectionStore = ReturnType<typeof connectionStore>;

export const ConnectionContext = createContext<ConnectionStore | null>(null);

export function useConnectionStore(): ConnectionStore | null {
  return useContext(ConnectionContext);
}

export function useConnectionStatus(): ConnectionStatus {
  const store = useConnectionStore();
  return useSyncExternalStore(
    store?.subscribe ?? (() => () => {}),
    store?.getSnapshot ?? (() => "connecting"),
    () => "connecting",
  );
}
