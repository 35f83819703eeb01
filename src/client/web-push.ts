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
  const subscription =
    (await ready.pushManager.getSubscription()) ?? (await ready.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(vapidPublicKey) }));
  return { ...subscription.toJSON(), userAgent: navigator.userAgent };
}

export async function thisBrowserEndpoint(): Promise<string | null> {
  if (!pushSupported()) return null;
  const registration = await navigator.serviceWorker.getRegistration(SERVICE_WORKER_PATH);
  return (await registration?.pushManager.getSubscription())?.endpoint ?? null;
}
