"use client";
import { useEffect } from "react";
import { isConversation, type ChannelKind } from "@/shared/channels";

type SidebarEntry = { kind: ChannelKind; unreadCount: number; mentionCount: number; muted: boolean };

const UNREAD_PREFIX = /^(\(\d+\+?\)|\*) /;

/**
 * Slack's convention for a tab title: what is addressed to the person (mentions, and every DM message) as a count,
 * `(3) #general · Team · Confab`; other unread channel activity as a mark, `* #general · Team · Confab`. Muted
 * channels count only their direct mentions.
 */
export function titleWithUnread(title: string, entries: readonly SidebarEntry[]): string {
  const bare = title.replace(UNREAD_PREFIX, "");
  const { addressed, anyUnread } = unreadSummary(entries);
  if (addressed > 0) return `(${addressed}) ${bare}`;
  return anyUnread ? `* ${bare}` : bare;
}

/** What is addressed to the person (counted), and whether anything else is unread. */
export function unreadSummary(entries: readonly SidebarEntry[]): { addressed: number; anyUnread: boolean } {
  const addressed = entries.reduce(
    (sum, entry) => sum + (isConversation(entry.kind) && !entry.muted ? Math.max(entry.unreadCount, entry.mentionCount) : entry.mentionCount),
    0,
  );
  return { addressed, anyUnread: addressed > 0 || entries.some((entry) => entry.unreadCount > 0 && !entry.muted) };
}

const ICON_PATH = "/icon.svg";
let iconSvg: Promise<string> | undefined;

/** The favicon with a dot in its corner while anything is unread, drawn from the same SVG as every app icon. */
async function setFaviconDot(on: boolean) {
  const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) return;
  if (!on) {
    link.href = ICON_PATH;
    return;
  }
  iconSvg ??= fetch(ICON_PATH).then((response) => response.text());
  const dotted = (await iconSvg).replace("</svg>", '<circle cx="420" cy="92" r="92" fill="#ef4444" stroke="#fff" stroke-width="24"/></svg>');
  link.href = `data:image/svg+xml,${encodeURIComponent(dotted)}`;
}

/** The installed app's badge (where the browser has one) shows the addressed count; the favicon a dot. */
export function useAppBadge(entries: readonly SidebarEntry[] | undefined) {
  const summary = entries ? unreadSummary(entries) : null;
  const addressed = summary?.addressed ?? 0;
  const anyUnread = summary?.anyUnread ?? false;
  const known = entries !== undefined;
  useEffect(() => {
    if (!known) return;
    if ("setAppBadge" in navigator) {
      const badge = addressed > 0 ? navigator.setAppBadge(addressed) : anyUnread ? navigator.setAppBadge() : navigator.clearAppBadge();
      void badge.catch(() => undefined);
    }
    void setFaviconDot(anyUnread).catch(() => undefined);
  }, [known, addressed, anyUnread]);
}

/**
 * Keeps the unread prefix on the tab title. Next writes the page's own title on every navigation, possibly after this
 * component rendered, so the prefix is put back whenever the title element changes.
 */
export function useUnreadTitle(entries: readonly SidebarEntry[] | undefined) {
  useEffect(() => {
    if (!entries) return;
    const apply = () => {
      const wanted = titleWithUnread(document.title, entries);
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [entries]);
}
