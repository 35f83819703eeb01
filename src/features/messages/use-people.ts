"use client";
import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, useMemo } from "react";
import { useNow } from "@/client/now";
import { useTRPC } from "@/client/trpc";
import { currentStatus } from "@/shared/users";
import { personMark } from "../common/role-labels";
import { useWorkspaceMembers } from "../common/use-workspace-members";
import { useCurrentWorkspace } from "../common/workspace-context";
import { groupMentionKey } from "@/shared/user-groups";
import type { Person } from "./message-row";

/**
 * People of a conversation who are not members of the workspace (a live-chat visitor), known to the view that
 * shows them: their messages, typing and receipts name them like anyone else.
 */
export const ConversationGuests = createContext<ReadonlyMap<string, Person> | null>(null);

/** Everyone in the workspace by id (names and avatars for messages, mentions and reactions), and who I am. */
export function usePeople() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const members = useWorkspaceMembers({ includeDeactivated: true });
  const me = useQuery(trpc.users.me.queryOptions());
  const now = useNow();
  // Rebuilt when a status runs out, not on every tick of the clock: every message row depends on this map.
  const expired = (members.data ?? []).filter((member) => member.statusExpiresAt && member.statusExpiresAt <= now).length;
  const guests = useContext(ConversationGuests);
  const groups = useQuery(trpc.userGroups.list.queryOptions({ workspaceId: workspace.id }));
  const people = useMemo(
    () =>
      new Map<string, Person>([
        ...(guests ?? []),
        ...(members.data ?? []).map((member): [string, Person] => [member.userId, { name: member.name, image: member.image, status: currentStatus(member), mark: personMark(member) }]),
        // A group's handle shows in its mention chip as a person's name does.
        ...(groups.data ?? []).map((group): [string, Person] => [groupMentionKey(group.id), { name: group.handle, image: null }]),
      ]),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [members.data, groups.data, expired, guests],
  );
  const mentionable = useMemo(
    () => [
      ...(members.data ?? []).filter((member) => !member.deactivated).map(({ userId, name, image }) => ({ userId, name, image })),
      ...(groups.data ?? []).map((group) => ({ userId: groupMentionKey(group.id), name: group.handle, image: null })),
    ],
    [members.data, groups.data],
  );
  return { people, mentionable, meId: me.data?.id ?? "" };
}
