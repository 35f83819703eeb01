"use client";
import type { DesktopNotification } from "@/shared/notifications";
import { TAB_ID } from "./presence";

const LEADER_LOCK = "confab-desktop-notifier";
const FOCUS_CHANNEL = "confab-tab-focus";

type Shown = { notification: Notification; channelId: string; seq: number };

/**
 * Desktop notifications while Confab is open but not looked at. The server decides who is told about what; this only
 * makes sure a browser shows each one once: every tab of the browser receives the event, one tab (the holder of a
 * Web Lock, passed on when it closes) shows it, and only when no tab of the browser has focus.
 */
function createDesktopNotifier() {
  let leader = false;
  let navigate: (path: string) => void = (path) => window.location.assign(path);
  const focusedTabs = new Set<string>();
  const shown = new Map<string, Shown>();
  let started = false;

  function start() {
    if (started || typeof window === "undefined") return;
    started = true;
    // A lock request that never resolves holds the lock for the life of the tab; the next tab in line gets it then.
    void navigator.locks?.request(LEADER_LOCK, () => {
      leader = true;
      return new Promise<never>(() => {});
    });
    const channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(FOCUS_CHANNEL);
    const say = () => {
      const focused = document.visibilityState === "visible" && document.hasFocus();
      if (focused) focusedTabs.add(TAB_ID);
      else focusedTabs.delete(TAB_ID);
      channel?.postMessage({ tabId: TAB_ID, focused });
    };
    channel?.addEventListener("message", (event: MessageEvent<{ tabId: string; focused: boolean }>) => {
      if (event.data.focused) focusedTabs.add(event.data.tabId);
      else focusedTabs.delete(event.data.tabId);
    });
    window.addEventListener("focus", say);
    window.addEventListener("blur", say);
    document.addEventListener("visibilitychange", say);
    window.addEventListener("pagehide", () => channel?.postMessage({ tabId: TAB_ID, focused: false }));
    say();
  }

  function chime() {
    try {
      const audio = new AudioContext();
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.frequency.value = 880;
      volume.gain.setValueAtTime(0.08, audio.currentTime);
      volume.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
      tone.connect(volume).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.25);
      tone.onended = () => void audio.close();
    } catch {
      // No audio output (or autoplay refused): the notification itself still shows.
    }
  }

  return {
    start,
    /** The app's router, so clicking a notification opens the message without reloading the page. */
    setNavigate(next: (path: string) => void) {
      navigate = next;
    },
    show(payload: DesktopNotification) {
      start();
      if (!leader || focusedTabs.size > 0 || typeof Notification === "undefined" || Notification.permission !== "granted") return;
      if (shown.has(payload.messageId)) return;
      const notification = new Notification(payload.title, { body: payload.body, icon: payload.icon ?? undefined, tag: payload.messageId, silent: true });
      shown.set(payload.messageId, { notification, channelId: payload.channelId, seq: payload.seq });
      notification.onclick = () => {
        window.focus();
        navigate(payload.path);
        notification.close();
      };
      notification.onclose = () => shown.delete(payload.messageId);
      if (payload.sound) chime();
    },
    /** Read elsewhere (another tab, another device): what it covers is closed here. */
    read(channelId: string, lastReadSeq: number) {
      for (const [messageId, entry] of shown) {
        if (entry.channelId === channelId && entry.seq <= lastReadSeq) {
          entry.notification.close();
          shown.delete(messageId);
        }
      }
    },
  };
}

export const desktopNotifier = createDesktopNotifier();
