/** The browser's side of Web Push: the service worker, and this browser's push subscription. */

export const SERVICE_WORKER_PATH = "/sw.js";

export function pushSupported(): boolean {
  return typeof navigator !== "undefined" && "serviceWorker" in navigator && typeof window !== "undefined" && "PushManager" in window;
}

export async function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!pushSupported()) return null;
  return navigator.serviceWorker.register(SERVICE_WORKER_PATH);
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(raw, (char) => char.charCodeAt(0));
}

/** This browser's subscription, made with the server's VAPID key (asking for notification permission if needed). */
export async function subscribeThisBrowser(vapidPublicKey: string): Promise<PushSubscriptionJSON & { userAgent: string }> {
  if (!(await registerServiceWorker())) throw new Error("This browser does not support push notifications");
  const ready = await navigator.serviceWorker.ready;
  try {
    const subscription =
      (await ready.pushManager.getSubscription()) ?? (await ready.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(vapidPublicKey) }));
    return { ...subscription.toJSON(), userAgent: navigator.userAgent };
  } catch (error) {
    // The browser's own words ("Registration failed - permission denied") do not say what to do.
    if (Notification.permission === "denied") {
      throw new Error("Notifications are blocked for Confab in this browser: allow them in the site settings (the icon left of the address), then try again.");
    }
    throw new Error(
      `This browser could not register with its push service (${(error as Error).message}). Some browsers and privacy settings turn push off (in Brave: Settings → Privacy → "Use Google services for push messaging"). Desktop notifications still work while a Confab tab is open.`,
    );
  }
}

export async function thisBrowserEndpoint(): Promise<string | null> {
  if (!pushSupported()) return null;
  const registration = await navigator.serviceWorker.getRegistration(SERVICE_WORKER_PATH);
  return (await registration?.pushManager.getSubscription())?.endpoint ?? null;
}
