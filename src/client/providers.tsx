"use client";
import * as Tooltip from "@radix-ui/react-tooltip";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import { ThemeProvider } from "next-themes";
import { type ReactNode, useState } from "react";
import { Toaster } from "sonner";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";
import { ConnectionContext, connectionStore, reconnectDelay } from "./connection";
import { TRPCProvider } from "./trpc";

function createClients() {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 } },
  });
  // A function: evaluated in the browser when the socket opens, never during server rendering.
  const wsUrl = () => `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/api/ws`;
  const wsClient = createWSClient({
    url: wsUrl,
    // Lazy: the socket opens with the first subscription, after sign-in, so it carries the right cookie.
    lazy: { enabled: true, closeMs: 0 },
    retryDelayMs: reconnectDelay,
    // A connection that silently died (laptop asleep, network gone) is noticed within seconds, not minutes.
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 5_000 },
  });
  const trpcClient = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        // A tab's activity goes down its own socket, to the process that holds the tab.
        condition: (op) => op.type === "subscription" || op.path === "presence.setTabState",
        true: wsLink({ client: wsClient, transformer: superjson }),
        false: httpBatchLink({ url: "/api/trpc", transformer: superjson }),
      }),
    ],
  });
  return { queryClient, trpcClient, connection: connectionStore(wsClient) };
}

export function Providers({ children }: { children: ReactNode }) {
  const [{ queryClient, trpcClient, connection }] = useState(createClients);
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
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
