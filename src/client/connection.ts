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
 * The live connection's state as React reads it (first connect, connected, or lost and retrying) and the wait before
 * each attempt to connect. Connected means the server confirmed the event stream (`streamReady`), not merely that a
 * socket opened: a socket that opens and drops at once (a flaky proxy, a captive portal) must not flash the tab back
 * to "online" between retries, nor reset the backoff.
 *
 * The backoff lives here rather than in tRPC's `retryDelayMs`, whose sleep cannot be cut short: the socket's URL is
 * resolved through `beforeAttempt`, which waits out the backoff unless `networkBack` says the network has returned.
 */
export function connectionStore(random: () => number = Math.random) {
  let status: ConnectionStatus = "connecting";
  let everOnline = false;
  // Attempts since the stream was last confirmed; null when the next attempt is a fresh start that need not wait.
  let retries: number | null = null;
  let endWait: (() => void) | null = null;
  const listeners = new Set<() => void>();
  const become = (next: ConnectionStatus) => {
    everOnline ||= next === "online";
    if (next === status) return;
    status = next;
    for (const listener of listeners) listener();
  };
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getSnapshot: () => status,
    streamReady: () => {
      retries = 0;
      become("online");
    },
    follow(wsClient: WsClient) {
      wsClient.connectionState.subscribe({
        next: (state) => {
          if (state.state === "connecting") become(everOnline ? "reconnecting" : "connecting");
          // Closed on purpose (nothing left to listen to): opening again later is not a retry.
          if (state.state === "idle") retries = null;
        },
      });
    },
    async beforeAttempt(): Promise<void> {
      if (retries === null) {
        retries = 0;
        return;
      }
      const delay = reconnectDelay(retries++, random);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => endWait?.(), delay);
        endWait = () => {
          clearTimeout(timer);
          endWait = null;
          resolve();
        };
      });
    },
    /** The network is back (the browser is online, the tab visible again, a request answered): retry now. */
    networkBack: () => endWait?.(),
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
