"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { applyServerEvent } from "./dispatcher";
import { useTRPC } from "./trpc";

/** Mounted once per signed-in tab: the tab's single events.stream subscription, feeding the dispatcher. */
export function EventStream() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useSubscription(
    trpc.events.stream.subscriptionOptions(undefined, {
      onData: (tracked) => applyServerEvent(queryClient, trpc, tracked.data),
    }),
  );
  return null;
}
