"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type RouterOutputs, useTRPC } from "@/client/trpc";
import { useCurrentWorkspace } from "../common/workspace-context";

export type App = RouterOutputs["apps"]["list"][number];

export function useApps() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  return useQuery(trpc.apps.list.queryOptions({ workspaceId: workspace.id }));
}

/** After any change to an app: the list is the only place its tokens, scopes and webhooks are shown. */
export function useRefreshApps() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workspace = useCurrentWorkspace();
  return () => queryClient.invalidateQueries({ queryKey: trpc.apps.list.queryKey({ workspaceId: workspace.id }) });
}
