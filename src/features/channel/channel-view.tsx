"use client";
import { Hash, Lock, Users } from "lucide-react";
import { useState } from "react";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { NavigationButton } from "../workspace/navigation-button";
import { MembersPanel, useWorkspaceMembers } from "../workspace/members-panel";
import { useCurrentWorkspace } from "../workspace/workspace-context";

interface ChannelViewProps {
  channel: { id: string; name: string; kind: string; topic: string; description: string; isDefault: boolean };
}

export function ChannelView({ channel }: ChannelViewProps) {
  const workspace = useCurrentWorkspace();
  const members = useWorkspaceMembers();
  const [membersOpen, setMembersOpen] = useState(false);
  const Icon = channel.kind === "private" ? Lock : Hash;
  return (
    <div className="flex min-h-0 flex-1">
      <main className="flex min-w-0 flex-1 flex-col" aria-labelledby="channel-title">
        <header className="flex h-12 shrink-0 items-center gap-3 border-b border-border px-4">
          <NavigationButton />
          <h1 id="channel-title" className="flex items-center gap-1 font-semibold">
            <Icon size={16} aria-hidden="true" />
            {channel.name}
          </h1>
          {channel.topic && <p className="truncate text-sm text-muted">{channel.topic}</p>}
          <button
            type="button"
            onClick={() => setMembersOpen((open) => !open)}
            aria-pressed={membersOpen}
            aria-label={`Members: ${members.data?.length ?? "…"}`}
            className="ml-auto flex h-8 items-center gap-1.5 rounded-md border border-border px-2 text-sm text-muted hover:bg-surface-2 hover:text-text"
          >
            <Users size={14} aria-hidden="true" />
            {members.data?.length ?? "…"}
          </button>
        </header>
        <section className="flex flex-1 flex-col justify-end overflow-y-auto p-6" aria-label="Messages">
          <div className="max-w-xl">
            <div className="mb-3 flex h-12 w-12 items-center justify-center rounded-lg bg-accent-soft text-accent">
              <Icon size={22} aria-hidden="true" />
            </div>
            <h2 className="text-xl font-bold">
              This is the very beginning of #{channel.name}
            </h2>
            <p className="mt-1 text-muted">
              {channel.description || `Say hello, and invite people to ${workspace.name}.`}
            </p>
            {channel.isDefault && isWorkspaceAdmin(workspace.role) && (
              <button type="button" onClick={workspace.openInvite} className="mt-3 text-sm font-medium text-accent hover:underline">
                Invite people to {workspace.name}
              </button>
            )}
          </div>
        </section>
      </main>
      {membersOpen && (
        <div className="fixed inset-0 z-20 flex bg-bg md:static md:z-auto">
          <MembersPanel onClose={() => setMembersOpen(false)} />
        </div>
      )}
    </div>
  );
}
