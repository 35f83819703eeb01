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

/** The live connection's state as React reads it: first connect, connected, or lost and retrying. */
export function connectionStore(wsClient: WsClient) {
  let status: ConnectionStatus = "connecting";
  let everOnline = false;
  const listeners = new Set<() => void>();
  wsClient.connectionState.subscribe({
    next: (state) => {
      const next: ConnectionStatus =
        state.state === "pending" ? "online" : state.state === "connecting" ? (everOnline ? "reconnecting" : "connecting") : status;
      everOnline ||= next === "online";
      if (next === status) return;
      status = next;
      for (const listener of listeners) listener();
    },
  });
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getSnapshot: () => status,
  };
}

export type ConnectionStore = ReturnType<typeof connectionStore>;

export const ConnectionContext = createContext<ConnectionStore | null>(null);

export function useConnectionStatus(): ConnectionStatus {
  const store = useContext(ConnectionContext);
  return useSyncExternalStore(
    store?.subscribe ?? (() => () => {}),
    store?.getSnapshot ?? (() => "connecting"),
    () => "connecting",
  );
}
