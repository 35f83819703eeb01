"use client";
import * as Tooltip from "@radix-ui/react-tooltip";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import { ThemeProvider } from "next-themes";
import { type ReactNode, useEffect, useState } from "react";
import { Toaster } from "sonner";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";
import { ConnectionContext, type ConnectionStore, connectionStore } from "./connection";
import { refetchOvertakenFetches } from "./dispatcher";
import { TRPCProvider } from "./trpc";

function createClients() {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 } },
  });
  refetchOvertakenFetches(queryClient);
  const connection = connectionStore();
  const wsClient = createWSClient({
    // Evaluated in the browser when a socket is about to open, never during server rendering; it also waits out the
    // reconnect backoff, which the connection store can cut short when the network returns.
    url: async () => {
      await connection.beforeAttempt();
      return `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/api/ws`;
    },
    retryDelayMs: () => 0,
    // Lazy: the socket opens with the first subscription, after sign-in, so it carries the right cookie.
    lazy: { enabled: true, closeMs: 0 },
    // A connection that silently died (laptop asleep, network gone) is noticed within seconds, not minutes.
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 5_000 },
  });
  connection.follow(wsClient);
  // Any answer from the server, even an error, proves the network works again.
  const answeredFetch: typeof fetch = (input, init) =>
    fetch(input, init).then((response) => {
      connection.networkBack();
      return response;
    });
  const trpcClient = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        // A tab's activity goes down its own socket, to the process that holds the tab.
        condition: (op) => op.type === "subscription" || op.path === "presence.setTabState",
        true: wsLink({ client: wsClient, transformer: superjson }),
        false: httpBatchLink({ url: "/api/trpc", transformer: superjson, fetch: answeredFetch }),
      }),
    ],
  });
  return { queryClient, trpcClient, connection };
}

/** The browser's signs that the network may be back: retry the live connection at once instead of after the backoff. */
function useRetryWhenNetworkReturns(connection: ConnectionStore) {
  useEffect(() => {
    const onVisible = () => document.visibilityState === "visible" && connection.networkBack();
    window.addEventListener("online", connection.networkBack);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.removeEventListener("online", connection.networkBack);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [connection]);
}

export function Providers({ children, nonce }: { children: ReactNode; nonce?: string }) {
  const [{ queryClient, trpcClient, connection }] = useState(createClients);
  useRetryWhenNetworkReturns(connection);
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <ConnectionContext value={connection}>
            <Tooltip.Provider delayDuration={300}>{children}</Tooltip.Provider>
          </ConnectionContext>
          <Toaster richColors closeButton position="bottom-right" />
        </TRPCProvider>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
