"use client";
import { useQuery } from "@tanstack/react-query";
import type { MemberSummary } from "@/shared/events";
import { useTRPC } from "@/client/trpc";
import { useCurrentWorkspace } from "./workspace-context";

const activeOnly = (members: MemberSummary[]) => members.filter((member) => !member.deactivated);

/**
 * The workspace's people. Deactivated ones are left out (nobody picks them, mentions or DMs them) unless asked for:
 * their messages still name them.
 */
export function useWorkspaceMembers({ includeDeactivated = false } = {}) {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  return useQuery({ ...trpc.workspaces.members.queryOptions({ workspaceId: workspace.id }), select: includeDeactivated ? undefined : activeOnly });
}
