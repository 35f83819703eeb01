"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/client/trpc";
import { useCurrentWorkspace } from "./workspace-context";

export function useWorkspaceMembers() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  return useQuery(trpc.workspaces.members.queryOptions({ workspaceId: workspace.id }));
}
