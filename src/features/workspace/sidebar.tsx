"use client";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useQuery } from "@tanstack/react-query";
import { ChevronDown, Hash, Lock, Settings, UserPlus } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTRPC } from "@/client/trpc";
import { cn } from "@/components/cn";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { useCurrentWorkspace } from "./workspace-context";

const menuItem = "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-accent data-[highlighted]:text-accent-fg";

export function Sidebar() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const pathname = usePathname();
  const channels = useQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id }));
  const admin = isWorkspaceAdmin(workspace.role);

  return (
    <aside aria-label="Sidebar" className="flex w-[260px] shrink-0 flex-col border-r border-border bg-sidebar">
      <DropdownMenu.Root>
        <DropdownMenu.Trigger className="flex h-12 items-center gap-1 border-b border-border px-4 text-left font-semibold hover:bg-surface-2">
          <span className="truncate">{workspace.name}</span>
          <ChevronDown size={14} aria-hidden="true" className="shrink-0 text-muted" />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content align="start" sideOffset={4} className="z-50 min-w-56 rounded-md border border-border bg-bg p-1 shadow-lg">
            {admin && (
              <DropdownMenu.Item className={menuItem} onSelect={workspace.openInvite}>
                <UserPlus size={14} aria-hidden="true" /> Invite people
              </DropdownMenu.Item>
            )}
            <DropdownMenu.Item className={menuItem} asChild>
              <Link href={`/w/${workspace.slug}/settings`}>
                <Settings size={14} aria-hidden="true" /> Workspace settings
              </Link>
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>

      <nav aria-label="Channels" className="flex-1 overflow-y-auto px-2 py-3">
        <h2 className="px-2 pb-1 text-xs font-semibold uppercase tracking-wide text-muted">Channels</h2>
        {channels.isPending ? (
          <div className="space-y-2 px-2 py-1" aria-hidden="true">
            <div className="h-4 w-32 animate-pulse rounded bg-surface-2" />
            <div className="h-4 w-24 animate-pulse rounded bg-surface-2" />
          </div>
        ) : (
          <ul>
            {channels.data?.map((channel) => {
              const href = `/w/${workspace.slug}/c/${channel.id}`;
              const current = pathname === href;
              const Icon = channel.kind === "private" ? Lock : Hash;
              return (
                <li key={channel.id}>
                  <Link
                    href={href}
                    aria-current={current ? "page" : undefined}
                    className={cn(
                      "flex h-7 items-center gap-1.5 rounded-md px-2 text-[15px]",
                      current ? "bg-accent text-accent-fg" : "text-muted hover:bg-surface-2 hover:text-text",
                    )}
                  >
                    <Icon size={14} aria-hidden="true" />
                    <span className="truncate">{channel.name}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
      </nav>
      {admin && (
        <button type="button" onClick={workspace.openInvite} className="m-2 flex h-8 items-center gap-2 rounded-md px-2 text-sm text-muted hover:bg-surface-2 hover:text-text">
          <UserPlus size={14} aria-hidden="true" /> Invite people
        </button>
      )}
    </aside>
  );
}
