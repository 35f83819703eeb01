
/** What the loader on the website says to the widget, and the widget to it: the only messages either side accepts. */
export type FromHost =
  | { type: "context"; pageUrl: string; referrer: string; identity?: { id: string; hash?: string; name?: string; email?: string }; token?: string | null }
  | { type: "open" }
  | { type: "closed" };
export type ToHost = { type: "ready" } | { type: "unread"; count: number } | { type: "close" } | { type: "online"; online: boolean; color: string } | { type: "token"; token: string };

const HOST_SOURCE = "confab-host";
const WIDGET_SOURCE = "confab-widget";

/**
 * The page that frames the widget, as the loader named it: messages go only to that exact origin, and only its
 * window's messages (from that origin) are read. A widget opened on its own (a link from an email) has no host.
 */
export function hostBridge(hostOrigin: string | null, onMessage: (message: FromHost) => void) {
  // Where the browser says who frames us (Chromium, Safari), it must be the host the loader named.
  const ancestor = window.location.ancestorOrigins?.[0];
  const framed = hostOrigin !== null && window.parent !== window && (ancestor === undefined || ancestor === hostOrigin);
  const listener = (event: MessageEvent) => {
    if (!framed || event.source !== window.parent || event.origin !== hostOrigin) return;
    const data = event.data as { source?: unknown; message?: FromHost } | null;
    if (data?.source === HOST_SOURCE && data.message && typeof data.message.type === "string") onMessage(data.message);
  };
  window.addEventListener("message", listener);
  return {
    framed,
    post(message: ToHost) {
      if (framed) window.parent.postMessage({ source: WIDGET_SOURCE, message }, hostOrigin!);
    },
    stop: () => window.removeEventListener("message", listener),
  };
}
