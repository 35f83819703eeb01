"use client";
import { useQuery } from "@tanstack/react-query";
import { UserPlus, X } from "lucide-react";
import { useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { ROLE_LABELS } from "./labels";
import { useCurrentWorkspace } from "./workspace-context";

export function useWorkspaceMembers() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  return useQuery(trpc.workspaces.members.queryOptions({ workspaceId: workspace.id }));
}

export function MembersPanel({ onClose }: { onClose: () => void }) {
  const workspace = useCurrentWorkspace();
  const members = useWorkspaceMembers();
  return (
    <aside aria-label="Members" className="flex w-full shrink-0 flex-col border-l border-border bg-bg md:w-[320px]">
      <div className="flex h-12 items-center justify-between border-b border-border px-4">
        <h2 className="font-semibold">Members {members.data && <span className="text-muted">· {members.data.length}</span>}</h2>
        <button type="button" onClick={onClose} aria-label="Close members" className="rounded-md p-1 text-muted hover:bg-surface-2 hover:text-text">
          <X size={16} aria-hidden="true" />
        </button>
      </div>
      {isWorkspaceAdmin(workspace.role) && (
        <button type="button" onClick={workspace.openInvite} className="mx-2 mt-2 flex h-9 items-center gap-2 rounded-md px-2 text-sm font-medium text-accent hover:bg-accent-soft">
          <UserPlus size={16} aria-hidden="true" /> Invite people
        </button>
      )}
      <ul aria-label="Workspace members" className="flex-1 overflow-y-auto p-2">
        {members.data?.map((member) => (
          <li key={member.userId} className="flex items-center gap-3 rounded-md px-2 py-1.5 hover:bg-surface">
            <Avatar name={member.name} image={member.image} size={32} />
            <div className="min-w-0 flex-1">
              <div className="truncate font-medium">{member.name}</div>
              <div className="truncate text-xs text-muted">{member.email}</div>
            </div>
            {member.role !== "member" && <span className="rounded bg-surface-2 px-1.5 py-0.5 text-xs text-muted">{ROLE_LABELS[member.role]}</span>}
          </li>
        ))}
      </ul>
    </aside>
  );
}
