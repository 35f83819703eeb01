// Confab's service worker: shows Web Push notifications while no Confab tab is open, and opens the message on click.
// The server pushes only when the person has no active tab, so every push that arrives is shown.

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let data;
  try {
    data = event.data ? event.data.json() : null;
  } catch {
    data = null;
  }
  if (!data) return;
  event.waitUntil(
    self.registration.showNotification(data.title || "Confab", {
      body: data.body || "",
      icon: data.icon || "/icons/192",
      badge: "/icons/96",
      // One notification per message: a retried push replaces rather than stacks.
      tag: data.tag,
      data: { path: data.path },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const path = (event.notification.data && event.notification.data.path) || "/";
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const existing = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (existing) {
        await existing.focus();
        return existing.navigate(path);
      }
      return self.clients.openWindow(path);
    })(),
  );
});
