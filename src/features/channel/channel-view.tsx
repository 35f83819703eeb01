"use client";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Archive, Bell, BellOff, ChevronDown, Files, Hash, Lock, LogOut, Pencil, Users } from "lucide-react";
import { ChannelNotificationsDialog } from "../notifications/channel-notifications-dialog";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { Button } from "@/components/button";
import { PresenceDot, presenceLabel } from "@/components/presence-avatar";
import { StatusEmoji } from "@/components/status-emoji";
import { usePersonState } from "../common/use-person-state";
import type { ChannelSummary } from "@/shared/events";
import type { MessageView } from "@/shared/messages";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { Composer } from "../messages/composer";
import { MessageList } from "../messages/message-list";
import { useMessageActions } from "../messages/use-message-actions";
import { usePeople } from "../messages/use-people";
import { useSendMessage } from "../messages/use-send-message";
import { ThreadPane } from "../thread/thread-pane";
import { CallBanner, CallButton } from "../call/call-controls";
import { ChannelMembersPanel } from "./channel-members-panel";
import { NavigationButton } from "../common/navigation-button";
import { useCurrentWorkspace } from "../common/workspace-context";
import { ChannelDetailsDialog } from "./channel-details-dialog";
import { channelLabel, isConversation } from "./channel-label";
import { PinnedPopover } from "./pinned-popover";

const menuItem = "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-accent data-[highlighted]:text-accent-fg";

export function ChannelView({ initialChannel }: { initialChannel: ChannelSummary & { isMember: boolean } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const workspace = useCurrentWorkspace();
  const channelQuery = useQuery({ ...trpc.channels.get.queryOptions({ channelId: initialChannel.id }), initialData: initialChannel });
  const channel = channelQuery.data;
  const mine = useQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id }));
  const entry = mine.data?.find((candidate) => candidate.id === channel.id);
  const { people, mentionable, meId } = usePeople();
  const { send } = useSendMessage();
  const [membersOpen, setMembersOpen] = useState(false);
  const [detailsOpen, setDetailsOpen] = useState(false);
  const [notificationsOpen, setNotificationsOpen] = useState(false);
  const threadId = searchParams.get("thread");
  const highlightId = searchParams.get("message");
  const canModerate = isWorkspaceAdmin(workspace.role);
  const conversation = isConversation(channel.kind);
  const label = channelLabel(channel, entry?.dmPeople ?? [], people.get(meId)?.name);
  const stateOf = usePersonState();
  const dmPartner = entry?.dmPeople.length === 1 ? entry.dmPeople[0] : undefined;
  const me = useQuery(trpc.users.me.queryOptions());
  // Receipts: in conversations with someone else, when the workspace allows them and I share mine.
  const receiptsShown = conversation && Boolean(entry?.dmPeople.length) && workspace.readReceipts && me.data?.readReceipts === true;

  const openThread = useCallback((message: MessageView) => router.push(`${pathname}?thread=${message.id}`, { scroll: false }), [pathname, router]);
  const { actions, editingId, setEditingId } = useMessageActions({ openThread, allowMarkUnread: channel.isMember });
  const history = useQuery(trpc.messages.history.queryOptions({ channelId: channel.id }));
  const editLast = () => {
    const last = history.data?.messages.findLast((message) => message.authorId === meId && !message.deletedAt && message.kind === "user");
    if (last) setEditingId(last.id);
  };
  // Ctrl/Cmd+Shift+\ opens the reaction picker on the newest message, as in Slack.
  const [reactingId, setReactingId] = useState<string | null>(null);
  const newestMessages = history.data?.messages;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.code !== "Backslash" || !event.shiftKey || !(event.ctrlKey || event.metaKey)) return;
      const last = newestMessages?.findLast((message) => !message.deletedAt && message.kind === "user");
      if (!last) return;
      event.preventDefault();
      setReactingId(last.id);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [newestMessages]);
  const stopReacting = useCallback(() => setReactingId(null), []);

  const join = useMutation(trpc.channels.join.mutationOptions({ onError: (error) => void toast.error(error.message), onSuccess: () => void channelQuery.refetch() }));
  const leave = useMutation(
    trpc.channels.leave.mutationOptions({ onError: (error) => void toast.error(error.message), onSuccess: () => router.push(`/w/${workspace.slug}`) }),
  );
  const archive = useMutation(trpc.channels.setArchived.mutationOptions({ onError: (error) => void toast.error(error.message) }));

  const Icon = channel.kind === "private" ? Lock : Hash;
  const emptyState = useMemo(
    () =>
      conversation ? (
        <div className="max-w-xl">
          <div className="mb-2 flex -space-x-2">
            {(entry?.dmPeople.length ? entry.dmPeople : [{ userId: meId, name: people.get(meId)?.name ?? "You", image: null }]).map((person) => (
              <Avatar key={person.userId} name={person.name} image={person.image} size={48} className="ring-2 ring-bg" />
            ))}
          </div>
          <h2 className="text-xl font-bold">{label}</h2>
          <p className="mt-1 text-muted">
            {entry?.dmPeople.length ? `This is the very beginning of your conversation with ${label}.` : "Your space for notes, drafts and links to yourself."}
          </p>
        </div>
      ) : (
        <div className="max-w-xl">
          <div className="mb-3 flex h-12 w-12 items-center justify-center rounded-lg bg-accent-soft text-accent">
            <Icon size={22} aria-hidden="true" />
          </div>
          <h2 className="text-xl font-bold">This is the very beginning of #{channel.name}</h2>
          <p className="mt-1 text-muted">{channel.description || `Say hello, and invite people to #${channel.name}.`}</p>
          {channel.isDefault && isWorkspaceAdmin(workspace.role) && (
            <button type="button" onClick={workspace.openInvite} className="mt-3 text-sm font-medium text-accent hover:underline">
              Invite people to {workspace.name}
            </button>
          )}
        </div>
      ),
    [conversation, entry, meId, people, label, Icon, channel.name, channel.description, channel.isDefault, workspace],
  );

  return (
    <div className="flex min-h-0 flex-1">
      <main className="flex min-w-0 flex-1 flex-col" aria-labelledby="channel-title">
        <header className="flex h-12 shrink-0 items-center gap-2 border-b border-border px-4">
          <NavigationButton />
          {conversation ? (
            <>
              <h1 id="channel-title" className="truncate font-semibold">
                {label}
              </h1>
              {dmPartner && (
                <span className="flex shrink-0 items-center gap-1.5 text-sm text-muted">
                  <StatusEmoji status={stateOf(dmPartner.userId).status} />
                  <PresenceDot presence={stateOf(dmPartner.userId).presence} dnd={stateOf(dmPartner.userId).dnd} />
                  <span aria-hidden="true">{presenceLabel(stateOf(dmPartner.userId).presence, stateOf(dmPartner.userId).dnd)}</span>
                </span>
              )}
            </>
          ) : (
            <DropdownMenu.Root>
              <DropdownMenu.Trigger className="flex items-center gap-1 rounded-md px-1 font-semibold hover:bg-surface-2" aria-label={`Channel options for ${channel.name}`}>
                <Icon size={16} aria-hidden="true" />
                <h1 id="channel-title">{channel.name}</h1>
                <ChevronDown size={14} aria-hidden="true" className="text-muted" />
              </DropdownMenu.Trigger>
              <DropdownMenu.Portal>
                <DropdownMenu.Content align="start" sideOffset={4} className="z-50 min-w-52 rounded-md border border-border bg-bg p-1 shadow-lg">
                  {channel.isMember && !channel.isDefault && (
                    <DropdownMenu.Item className={menuItem} onSelect={() => leave.mutate({ channelId: channel.id })}>
                      <LogOut size={14} aria-hidden="true" /> Leave #{channel.name}
                    </DropdownMenu.Item>
                  )}
                  {!channel.isDefault && (canModerate || channel.createdBy === meId) && (
                    <DropdownMenu.Item className={menuItem} onSelect={() => archive.mutate({ channelId: channel.id, archived: !channel.archivedAt })}>
                      <Archive size={14} aria-hidden="true" /> {channel.archivedAt ? "Unarchive" : "Archive"} channel
                    </DropdownMenu.Item>
                  )}
                  {channel.isMember && !channel.archivedAt && (
                    <DropdownMenu.Item className={menuItem} onSelect={() => setDetailsOpen(true)}>
                      <Pencil size={14} aria-hidden="true" /> Edit channel details
                    </DropdownMenu.Item>
                  )}
                  <DropdownMenu.Item className={menuItem} onSelect={() => setMembersOpen(true)}>
                    <Users size={14} aria-hidden="true" /> View members
                  </DropdownMenu.Item>
                </DropdownMenu.Content>
              </DropdownMenu.Portal>
            </DropdownMenu.Root>
          )}
          {channel.topic && <p className="hidden truncate text-sm text-muted sm:block">{channel.topic}</p>}
          <span className="ml-auto" />
          {channel.isMember && <CallButton channelId={channel.id} channelLabel={conversation ? label : `#${channel.name}`} disabledReason={channel.archivedAt ? "This channel is archived" : null} />}
          {channel.isMember && entry && (
            <button
              type="button"
              onClick={() => setNotificationsOpen(true)}
              aria-label={entry.muted ? "Notifications: muted" : "Notifications"}
              className="rounded-md border border-border p-1.5 text-muted hover:bg-surface-2 hover:text-text"
            >
              {entry.muted ? <BellOff size={14} aria-hidden="true" /> : <Bell size={14} aria-hidden="true" />}
            </button>
          )}
          <PinnedPopover channelId={channel.id} />
          <Link
            href={`/w/${workspace.slug}/files?channel=${channel.id}`}
            aria-label="Files in this conversation"
            title="Files"
            className="flex h-8 items-center rounded-md px-2 text-muted hover:bg-surface-2 hover:text-text"
          >
            <Files size={14} aria-hidden="true" />
          </Link>
          <button
            type="button"
            onClick={() => setMembersOpen((open) => !open)}
            aria-pressed={membersOpen}
            aria-label={`Members: ${channel.memberCount}`}
            className="flex h-8 items-center gap-1.5 rounded-md border border-border px-2 text-sm text-muted hover:bg-surface-2 hover:text-text"
          >
            <Users size={14} aria-hidden="true" />
            {channel.memberCount}
          </button>
        </header>
        {channel.isMember && <CallBanner channelId={channel.id} channelLabel={conversation ? label : `#${channel.name}`} />}
        {channel.archivedAt && (
          <p role="status" className="border-b border-border bg-surface px-5 py-2 text-sm text-muted">
            You are viewing an archived channel. It is read-only.
          </p>
        )}
        <MessageList
          key={`history-${channel.id}`}
          channelId={channel.id}
          channelName={conversation ? label : `#${channel.name}`}
          lastReadSeq={channel.isMember ? (entry?.lastReadSeq ?? null) : null}
          meId={meId}
          canModerate={canModerate}
          people={people}
          actions={actions}
          editingId={editingId}
          reactingId={reactingId}
          receipts={receiptsShown ? (channel.kind === "group_dm" ? "named" : "unnamed") : undefined}
          onReactingDone={stopReacting}
          highlightId={threadId ? null : highlightId}
          emptyState={emptyState}
        />
        {conversation && entry && <PausedPeopleNote people={entry.dmPeople.filter((person) => stateOf(person.userId).dnd)} />}
        {channel.isMember ? (
          <Composer
            key={`composer-${channel.id}`}
            channelId={channel.id}
            placeholder={conversation ? `Message ${label}` : `Message #${channel.name}`}
            people={mentionable}
            disabledReason={channel.archivedAt ? "This channel is archived" : null}
            onSend={(body, { files }) => send({ channelId: channel.id, body, files })}
            onEditLast={editLast}
            autoFocus
          />
        ) : (
          <div className="flex shrink-0 items-center justify-center gap-3 border-t border-border bg-surface px-5 py-4 text-sm">
            You are viewing #{channel.name}.
            <Button pending={join.isPending} onClick={() => join.mutate({ channelId: channel.id })}>
              Join channel
            </Button>
          </div>
        )}
      </main>
      {threadId && (
        <ThreadPane rootId={threadId} highlightId={highlightId} channelName={conversation ? label : channel.name} canModerate={canModerate} archived={Boolean(channel.archivedAt)} onClose={() => router.push(pathname, { scroll: false })} />
      )}
      {entry && notificationsOpen && (
        <ChannelNotificationsDialog channelId={channel.id} label={conversation ? label : `#${channel.name}`} conversation={conversation} settings={entry} open onOpenChange={setNotificationsOpen} />
      )}
      {!conversation && <ChannelDetailsDialog channel={channel} canRename={canModerate || channel.createdBy === meId} open={detailsOpen} onOpenChange={setDetailsOpen} />}
      {membersOpen && !threadId && (
        <div className="fixed inset-0 z-20 flex bg-bg md:static md:z-auto">
          <ChannelMembersPanel
            channelId={channel.id}
            canAdd={channel.isMember && !conversation && !channel.archivedAt}
            canRemove={!conversation && !channel.isDefault && (canModerate || channel.createdBy === meId)}
            onClose={() => setMembersOpen(false)}
          />
        </div>
      )}
    </div>
  );
}

/** Above a DM's composer: the people there who will not be notified now (Do Not Disturb, or outside their hours). */
function PausedPeopleNote({ people }: { people: readonly { userId: string; name: string }[] }) {
  if (people.length === 0) return null;
  const names = people.map((person) => person.name);
  const who = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return (
    <p role="status" className="flex shrink-0 items-center gap-2 border-t border-border bg-surface px-5 py-1.5 text-xs text-muted">
      <BellOff size={12} aria-hidden="true" />
      {who} {names.length === 1 ? "has" : "have"} paused notifications
    </p>
  );
}
