"use client";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useQuery } from "@tanstack/react-query";
import { BellOff, Bookmark, ChevronDown, Compass, Files, Headphones, MessagesSquare, Hash, Lock, MessageSquarePlus, Plus, Search, Settings, TextSearch, UserPlus } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { PresenceAvatar } from "@/components/presence-avatar";
import { StatusEmoji } from "@/components/status-emoji";
import { useActiveCalls } from "../call/use-active-calls";
import { usePersonState } from "../common/use-person-state";
import { cn } from "@/components/cn";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { channelLabel, isConversation } from "../channel/channel-label";
import { BrowseChannelsDialog, CreateChannelDialog, NewMessageDialog } from "../channel/channel-dialogs";
import { useAppBadge, useUnreadTitle } from "./unread-title";
import { useMyChannels } from "../common/use-my-channels";
import { useCurrentWorkspace } from "../common/workspace-context";
import { SupportSidebarSection } from "../support/support-sidebar";

const menuItem = "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-accent data-[highlighted]:text-accent-fg";
const sectionButton = "rounded p-0.5 text-muted hover:bg-surface-2 hover:text-text";

export function Sidebar({ onOpenSwitcher }: { onOpenSwitcher: () => void }) {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const pathname = usePathname();
  const channels = useMyChannels();
  const me = useQuery(trpc.users.me.queryOptions());
  const stateOf = usePersonState();
  const calling = new Set(useActiveCalls().data?.map((call) => call.channelId));
  const admin = isWorkspaceAdmin(workspace.role);
  const [dialog, setDialog] = useState<"create" | "browse" | "dm" | null>(null);
  const threads = useQuery(trpc.messages.threads.queryOptions({ workspaceId: workspace.id }));
  const unreadThreads = threads.data?.filter((thread) => thread.unreadReplies > 0).length ?? 0;
  // Live-chat conversations have their own section (and views), not a place among the channels.
  const named = channels.data?.filter((channel) => !isConversation(channel.kind) && channel.kind !== "support") ?? [];
  const conversations = channels.data?.filter((channel) => isConversation(channel.kind)) ?? [];

  useUnreadTitle(channels.data);
  useAppBadge(channels.data);

  const entry = (channel: NonNullable<typeof channels.data>[number]) => {
    const href = `/w/${workspace.slug}/c/${channel.id}`;
    const current = pathname === href;
    // A muted channel stays quiet: no bold, only a direct mention's badge.
    const unread = channel.unreadCount > 0 && !channel.muted;
    const label = channelLabel(channel, channel.dmPeople, me.data?.name);
    const person = channel.dmPeople[0];
    return (
      <li key={channel.id}>
        <Link
          href={href}
          aria-current={current ? "page" : undefined}
          aria-label={`${isConversation(channel.kind) ? label : `${channel.kind === "private" ? "private channel" : "channel"} ${label}`}${channel.muted ? ", muted" : ""}${channel.mentionCount ? `, ${channel.mentionCount} mentions` : unread ? ", unread messages" : ""}`}
          className={cn(
            "flex h-7 items-center gap-1.5 rounded-md px-2 text-[15px]",
            current ? "bg-accent text-accent-fg" : unread ? "font-bold text-text hover:bg-surface-2" : "text-muted hover:bg-surface-2 hover:text-text",
          )}
        >
          {isConversation(channel.kind) && channel.dmPeople.length > 1 ? (
            <Avatar name={person?.name ?? "?"} image={person?.image} size={18} />
          ) : isConversation(channel.kind) ? (
            <PresenceAvatar
              name={person?.name ?? me.data?.name ?? "?"}
              image={person?.image}
              size={18}
              {...stateOf(person?.userId ?? me.data?.id ?? "")}
              className={current ? "[--ring-bg:var(--accent)]" : "[--ring-bg:var(--sidebar)]"}
            />
          ) : channel.kind === "private" ? (
            <Lock size={14} aria-hidden="true" />
          ) : (
            <Hash size={14} aria-hidden="true" />
          )}
          <span className="truncate">{label}</span>
          {channel.muted && <BellOff size={12} aria-hidden="true" className="shrink-0" />}
          {calling.has(channel.id) && <Headphones size={13} aria-label="Call in progress" className="shrink-0 text-success" />}
          {channel.dmPeople.length === 1 && <StatusEmoji status={stateOf(person!.userId).status} />}
          {channel.mentionCount > 0 && (
            <span aria-hidden="true" className="ml-auto rounded-full bg-danger px-1.5 text-xs font-bold text-white dark:text-bg">
              {channel.mentionCount >= 100 ? "99+" : channel.mentionCount}
            </span>
          )}
        </Link>
      </li>
    );
  };

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

      <button type="button" onClick={onOpenSwitcher} className="mx-2 mt-2 flex h-8 items-center gap-2 rounded-md border border-border bg-bg px-2 text-sm text-muted hover:text-text">
        <Search size={14} aria-hidden="true" /> Jump to…
        <kbd className="ml-auto font-sans text-xs">Ctrl K</kbd>
      </button>

      <nav aria-label="Channels and conversations" className="flex-1 overflow-y-auto px-2 py-3">
        <ul className="mb-3" aria-label="Views">
          {(
            [
              ["search", "Search", TextSearch, 0],
              ["threads", "Threads", MessagesSquare, unreadThreads],
              ["saved", "Saved", Bookmark, 0],
              ["files", "Files", Files, 0],
            ] as const
          ).map(([path, name, Icon, count]) => {
            const href = `/w/${workspace.slug}/${path}`;
            return (
              <li key={path}>
                <Link
                  href={href}
                  aria-current={pathname === href ? "page" : undefined}
                  className={cn(
                    "flex h-7 items-center gap-1.5 rounded-md px-2 text-[15px]",
                    pathname === href ? "bg-accent text-accent-fg" : count ? "font-bold text-text hover:bg-surface-2" : "text-muted hover:bg-surface-2 hover:text-text",
                  )}
                >
                  <Icon size={14} aria-hidden="true" />
                  {name}
                  {count > 0 && <span className="ml-auto rounded-full bg-danger px-1.5 text-xs font-bold text-white dark:text-bg">{count}</span>}
                </Link>
              </li>
            );
          })}
        </ul>
        <SupportSidebarSection />
        <div className="flex items-center justify-between px-2 pb-1">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-muted">Channels</h2>
          <span className="flex gap-0.5">
            <button type="button" aria-label="Browse channels" className={sectionButton} onClick={() => setDialog("browse")}>
              <Compass size={14} aria-hidden="true" />
            </button>
            {workspace.role !== "guest" && (
              <button type="button" aria-label="Create a channel" className={sectionButton} onClick={() => setDialog("create")}>
                <Plus size={14} aria-hidden="true" />
              </button>
            )}
          </span>
        </div>
        {channels.isPending ? (
          <div className="space-y-2 px-2 py-1" aria-hidden="true">
            <div className="h-4 w-32 animate-pulse rounded bg-surface-2" />
            <div className="h-4 w-24 animate-pulse rounded bg-surface-2" />
          </div>
        ) : (
          <ul aria-label="Channels">{named.map(entry)}</ul>
        )}
        <div className="mt-4 flex items-center justify-between px-2 pb-1">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-muted">Direct messages</h2>
          <button type="button" aria-label="New message" className={sectionButton} onClick={() => setDialog("dm")}>
            <MessageSquarePlus size={14} aria-hidden="true" />
          </button>
        </div>
        <ul aria-label="Direct messages">{conversations.map(entry)}</ul>
      </nav>
      {admin && (
        <button type="button" onClick={workspace.openInvite} className="m-2 flex h-8 items-center gap-2 rounded-md px-2 text-sm text-muted hover:bg-surface-2 hover:text-text">
          <UserPlus size={14} aria-hidden="true" /> Invite people
        </button>
      )}
      <CreateChannelDialog open={dialog === "create"} onOpenChange={(open) => setDialog(open ? "create" : null)} />
      <BrowseChannelsDialog open={dialog === "browse"} onOpenChange={(open) => setDialog(open ? "browse" : null)} />
      <NewMessageDialog open={dialog === "dm"} onOpenChange={(open) => setDialog(open ? "dm" : null)} />
    </aside>
  );
}
