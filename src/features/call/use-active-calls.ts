"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/client/trpc";
import { useCurrentWorkspace } from "../common/workspace-context";

/** The workspace's live calls, live. */
export function useActiveCalls() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  return useQuery(trpc.calls.active.queryOptions({ workspaceId: workspace.id }));
}
