import { useEffect, useReducer, useSyncExternalStore } from "react";
import { TYPING_TIMEOUT_MS } from "@/shared/messages";

/** Who is typing where, by the time each was last heard from. Ephemeral: never leaves this tab. */
const typers = new Map<string, Map<string, number>>();
const listeners = new Set<() => void>();
let version = 0;

const placeKey = (channelId: string, threadRootId: string | null) => `${channelId}:${threadRootId ?? ""}`;

function changed() {
  version++;
  for (const listener of listeners) listener();
}

export const typingStore = {
  heard(channelId: string, threadRootId: string | null, userId: string, at = Date.now()) {
    const key = placeKey(channelId, threadRootId);
    const place = typers.get(key) ?? new Map<string, number>();
    typers.set(key, place);
    place.set(userId, at);
    changed();
  },
  /** A typer's message arrived: they have stopped typing there. */
  sent(channelId: string, threadRootId: string | null, userId: string) {
    if (typers.get(placeKey(channelId, threadRootId))?.delete(userId)) changed();
  },
  typing(channelId: string, threadRootId: string | null, now = Date.now()): string[] {
    const place = typers.get(placeKey(channelId, threadRootId));
    if (!place) return [];
    return [...place].filter(([, at]) => now - at < TYPING_TIMEOUT_MS).map(([userId]) => userId);
  },
};

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** The people typing in a channel or thread right now; forgets each one six seconds after they were last heard. */
export function useTypingUsers(channelId: string, threadRootId: string | null): string[] {
  useSyncExternalStore(subscribe, () => version, () => 0);
  const [, tick] = useReducer((count: number) => count + 1, 0);
  const userIds = typingStore.typing(channelId, threadRootId);
  const someone = userIds.length > 0;
  useEffect(() => {
    if (!someone) return;
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [someone]);
  return userIds;
}

/** "Ana is typing…", "Ana and Ben are typing…", "Several people are typing…". */
export function describeTyping(names: string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return "Several people are typing…";
}
