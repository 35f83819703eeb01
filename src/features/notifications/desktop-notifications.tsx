"use client";
import { useQuery } from "@tanstack/react-query";
import { BellRing, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { desktopNotifier } from "@/client/desktop-notifier";
import { useTRPC } from "@/client/trpc";
import { registerServiceWorker } from "@/client/web-push";
import { Button } from "@/components/button";

const DISMISSED_KEY = "confab:notifications-banner-dismissed";

/**
 * Starts this tab's share of desktop notifications, and asks for the browser's permission from a banner the person
 * clicks (browsers ignore, and people resent, a prompt on page load).
 */
export function DesktopNotifications() {
  const trpc = useTRPC();
  const router = useRouter();
  const preferences = useQuery(trpc.notifications.preferences.queryOptions());
  const [permission, setPermission] = useState<NotificationPermission | "unsupported" | null>(null);
  const [dismissed, setDismissed] = useState(true);

  useEffect(() => {
    desktopNotifier.start();
    void registerServiceWorker().catch((error) => console.warn("[push] service worker not registered:", error));
    desktopNotifier.setNavigate((path) => router.push(path));
    setPermission(typeof Notification === "undefined" ? "unsupported" : Notification.permission);
    setDismissed(window.localStorage.getItem(DISMISSED_KEY) === "1");
  }, [router]);

  if (permission !== "default" || dismissed || !preferences.data?.desktop) return null;
  return (
    <div role="region" aria-label="Desktop notifications" className="flex items-center gap-3 border-b border-border bg-accent-soft px-4 py-2 text-sm">
      <BellRing size={16} aria-hidden="true" className="shrink-0 text-accent" />
      <p className="min-w-0 flex-1">Get a desktop notification for mentions and direct messages while Confab is in the background.</p>
      <Button onClick={() => void Notification.requestPermission().then(setPermission)}>Turn on notifications</Button>
      <button
        type="button"
        aria-label="Not now"
        className="rounded p-1 text-muted hover:bg-surface-2 hover:text-text"
        onClick={() => {
          window.localStorage.setItem(DISMISSED_KEY, "1");
          setDismissed(true);
        }}
      >
        <X size={16} aria-hidden="true" />
      </button>
    </div>
  );
}
