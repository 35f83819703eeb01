"use client";
import { useCallback } from "react";
import { useNow } from "@/client/now";
import { presenceIn, usePresenceList } from "@/client/presence";
import type { PresenceStatus } from "@/shared/presence";
import { personInDoNotDisturb } from "@/shared/notifications";
import { currentStatus } from "@/shared/users";
import { useWorkspaceMembers } from "./use-workspace-members";
import { useCurrentWorkspace } from "./workspace-context";

export interface PersonState {
  presence: PresenceStatus;
  dnd: boolean;
  status: { emoji: string | null; text: string | null } | null;
}

/** How each person of the workspace is right now: presence, Do Not Disturb and custom status, all live. */
export function usePersonState(): (userId: string) => PersonState {
  const workspace = useCurrentWorkspace();
  const list = usePresenceList(workspace.id);
  const members = useWorkspaceMembers();
  const now = useNow();
  return useCallback(
    (userId: string) => {
      const member = members.data?.find((candidate) => candidate.userId === userId);
      return {
        presence: presenceIn(list.data, userId),
        dnd: member ? personInDoNotDisturb(member, now) : false,
        status: member ? currentStatus(member, now) : null,
      };
    },
    [list.data, members.data, now],
  );
}
