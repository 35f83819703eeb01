import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

/**
 * The widget's own tRPC client, apart from the app's (no query cache, no session cookie): every call carries the
 * visitor's token, over HTTP in a header and over the WebSocket as a connection parameter.
 */
export function widgetClient(token: () => string | null) {
  const wsClient = createWSClient({
    url: () => `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/api/ws`,
    connectionParams: () => ({ visitorToken: token() ?? "" }),
    lazy: { enabled: true, closeMs: 0 },
    keepAlive: { enabled: true, intervalMs: 15_000, pongTimeoutMs: 5_000 },
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: wsClient, transformer: superjson }),
        false: httpBatchLink({
          url: "/api/trpc",
          transformer: superjson,
          headers: () => {
            const current = token();
            return current ? { "x-confab-visitor": current } : {};
          },
        }),
      }),
    ],
  });
  return { client, close: () => wsClient.close() };
}

export type WidgetClient = ReturnType<typeof widgetClient>["client"];
