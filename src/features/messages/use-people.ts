"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "@/client/trpc";
import { useWorkspaceMembers } from "../workspace/use-workspace-members";
import type { Person } from "./message-row";

/** Everyone in the workspace by id (names and avatars for messages, mentions and reactions), and who I am. */
export function usePeople() {
  const trpc = useTRPC();
  const members = useWorkspaceMembers();
  const me = useQuery(trpc.users.me.queryOptions());
  const people = useMemo(() => new Map<string, Person>((members.data ?? []).map((member) => [member.userId, { name: member.name, image: member.image }])), [members.data]);
  const mentionable = useMemo(() => (members.data ?? []).map(({ userId, name, image }) => ({ userId, name, image })), [members.data]);
  return { people, mentionable, meId: me.data?.id ?? "" };
}
