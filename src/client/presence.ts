"use client";
import { useQuery } from "@tanstack/react-query";
import type { PresenceStatus } from "@/shared/presence";
import { useTRPC } from "./trpc";

/** This tab's identity in its person's presence, for as long as the page lives. */
export const TAB_ID = typeof crypto !== "undefined" ? crypto.randomUUID() : "";

/** Default until the server says otherwise (PRESENCE_AWAY_AFTER_MS). */
export const DEFAULT_AWAY_AFTER_MS = 10 * 60 * 1000;

/** Presence of the people of a workspace, live. */
export function usePresenceList(workspaceId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.presence.list.queryOptions({ workspaceId }));
}

export function presenceIn(data: { people: Record<string, "active" | "away"> } | undefined, userId: string): PresenceStatus {
  return data?.people[userId] ?? "offline";
}
