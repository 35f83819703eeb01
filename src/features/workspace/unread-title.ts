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
  const addressed = entries.reduce(
    (sum, entry) => sum + (isConversation(entry.kind) && !entry.muted ? Math.max(entry.unreadCount, entry.mentionCount) : entry.mentionCount),
    0,
  );
  if (addressed > 0) return `(${addressed}) ${bare}`;
  return entries.some((entry) => entry.unreadCount > 0 && !entry.muted) ? `* ${bare}` : bare;
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
