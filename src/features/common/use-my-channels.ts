"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/client/trpc";
import { useCurrentWorkspace } from "./workspace-context";

export function useMyChannels() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  return useQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id }));
}
