"use client";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ChevronDown, Inbox, PanelRight } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { Button } from "@/components/button";
import { cn } from "@/components/cn";
import type { ChannelSummary } from "@/shared/events";
import type { MessageView } from "@/shared/messages";
import { NavigationButton } from "../common/navigation-button";
import { useCurrentWorkspace } from "../common/workspace-context";
import { Composer } from "../messages/composer";
import { MessageList } from "../messages/message-list";
import type { Person } from "../messages/message-row";
import { useMessageActions } from "../messages/use-message-actions";
import { ConversationGuests, usePeople } from "../messages/use-people";
import { useSendMessage } from "../messages/use-send-message";
import { ThreadPane } from "../thread/thread-pane";
import { VisitorPanel } from "./visitor-panel";

const menuItem = "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-accent data-[highlighted]:text-accent-fg";

/**
 * A live-chat conversation, as the team sees it: the visitor's messages and the team's answers, notes only the team
 * sees (and threads, which stay internal too), who has it, and who the visitor is beside it.
 */
export function SupportConversationView({ initialChannel }: { initialChannel: ChannelSummary }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const workspace = useCurrentWorkspace();
  const conversationId = initialChannel.id;
  const conversation = useQuery(trpc.support.conversation.queryOptions({ conversationId }));
  const savedReplies = useQuery(trpc.support.savedReplies.queryOptions({ workspaceId: workspace.id }));
  const { people: members, mentionable, meId } = usePeople();
  const { send } = useSendMessage();
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const [panelOpen, setPanelOpen] = useState(true);
  const threadId = searchParams.get("thread");
  const highlightId = searchParams.get("message");
  const openThread = useCallback((message: MessageView) => router.push(`${pathname}?thread=${message.id}`, { scroll: false }), [pathname, router]);
  const { actions, editingId } = useMessageActions({ openThread, allowMarkUnread: true });
  const mine = useQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id }));
  const entry = mine.data?.find((candidate) => candidate.id === conversationId);

  const onError = { onError: (error: { message: string }) => void toast.error(error.message) };
  const assign = useMutation(trpc.support.assign.mutationOptions(onError));
  const close = useMutation(trpc.support.close.mutationOptions(onError));
  const reopen = useMutation(trpc.support.reopen.mutationOptions(onError));

  const data = conversation.data;
  const visitor = data?.visitor;
  const guests = useMemo(() => new Map<string, Person>(visitor ? [[visitor.userId, { name: visitor.name, image: null, status: null }]] : []), [visitor]);
  // This view provides the guests to what it renders; its own list of people adds them here.
  const people = useMemo(() => new Map([...guests, ...members]), [guests, members]);
  const replies = useMemo(() => (savedReplies.data ?? []).filter((reply) => reply.inboxId === data?.inboxId), [savedReplies.data, data?.inboxId]);
  const open = data?.status === "open";
  const team = (data?.team ?? []).map((userId) => ({ userId, name: people.get(userId)?.name ?? "Someone" }));
  const assignee = data?.assigneeId ? people.get(data.assigneeId) : undefined;
  const name = visitor?.name ?? initialChannel.name;

  if (conversation.error) {
    return (
      <main className="flex flex-1 items-center justify-center p-6 text-sm text-danger" role="alert">
        {conversation.error.message}
      </main>
    );
  }

  return (
    <ConversationGuests.Provider value={guests}>
      <div className="flex min-h-0 flex-1">
        <main className="flex min-w-0 flex-1 flex-col" aria-labelledby="channel-title">
          <header className="flex h-12 shrink-0 items-center gap-2 border-b border-border px-4">
            <NavigationButton />
            <Inbox size={16} aria-hidden="true" className="shrink-0 text-muted" />
            <h1 id="channel-title" className="truncate font-semibold">
              {name}
            </h1>
            {data && (
              <span className={cn("shrink-0 rounded px-1.5 text-xs font-medium", open ? "bg-accent-soft text-accent" : "bg-surface-2 text-muted")}>{open ? "Open" : "Closed"}</span>
            )}
            {data && <span className="hidden truncate text-sm text-muted sm:block">{data.inboxName}</span>}
            <span className="ml-auto" />
            {data && open && (
              <DropdownMenu.Root>
                <DropdownMenu.Trigger className="flex h-8 items-center gap-1.5 rounded-md border border-border px-2 text-sm hover:bg-surface-2" aria-label={`Assigned to ${assignee?.name ?? "nobody"}; change`}>
                  {assignee ? <Avatar name={assignee.name} image={assignee.image} size={18} /> : null}
                  {assignee ? assignee.name : "Unassigned"}
                  <ChevronDown size={14} aria-hidden="true" className="text-muted" />
                </DropdownMenu.Trigger>
                <DropdownMenu.Portal>
                  <DropdownMenu.Content align="end" sideOffset={4} className="z-50 min-w-52 rounded-md border border-border bg-bg p-1 shadow-lg">
                    <DropdownMenu.Item className={menuItem} onSelect={() => assign.mutate({ conversationId, assigneeId: meId })}>
                      Assign to me
                    </DropdownMenu.Item>
                    {team
                      .filter((agent) => agent.userId !== meId)
                      .map((agent) => (
                        <DropdownMenu.Item key={agent.userId} className={menuItem} onSelect={() => assign.mutate({ conversationId, assigneeId: agent.userId })}>
                          Assign to {agent.name}
                        </DropdownMenu.Item>
                      ))}
                    {data.assigneeId && (
                      <DropdownMenu.Item className={menuItem} onSelect={() => assign.mutate({ conversationId, assigneeId: null })}>
                        Unassign
                      </DropdownMenu.Item>
                    )}
                  </DropdownMenu.Content>
                </DropdownMenu.Portal>
              </DropdownMenu.Root>
            )}
            {data &&
              (open ? (
                <Button variant="secondary" pending={close.isPending} onClick={() => close.mutate({ conversationId })}>
                  Close
                </Button>
              ) : (
                <Button variant="secondary" pending={reopen.isPending} onClick={() => reopen.mutate({ conversationId })}>
                  Reopen
                </Button>
              ))}
            <button
              type="button"
              onClick={() => setPanelOpen((shown) => !shown)}
              aria-pressed={panelOpen}
              aria-label="Visitor details"
              className="rounded-md border border-border p-1.5 text-muted hover:bg-surface-2 hover:text-text"
            >
              <PanelRight size={14} aria-hidden="true" />
            </button>
          </header>
          <MessageList
            key={`history-${conversationId}`}
            channelId={conversationId}
            channelName={name}
            lastReadSeq={entry?.lastReadSeq ?? null}
            meId={meId}
            canModerate={false}
            people={people}
            actions={actions}
            editingId={editingId}
            receipts="named"
            highlightId={threadId ? null : highlightId}
            emptyState={<p className="text-muted">The conversation starts here.</p>}
          />
          <div className="flex shrink-0 items-center gap-1 px-5 pt-1" role="radiogroup" aria-label="Write">
            {(
              [
                ["reply", `Reply to ${name}`],
                ["note", "Internal note"],
              ] as const
            ).map(([value, label]) => (
              <button
                key={value}
                type="button"
                role="radio"
                aria-checked={mode === value}
                onClick={() => setMode(value)}
                className={cn("rounded-t-md px-2.5 py-1 text-xs font-medium", mode === value ? (value === "note" ? "bg-warning-soft text-warning" : "bg-accent-soft text-accent") : "text-muted hover:text-text")}
              >
                {label}
              </button>
            ))}
            {mode === "note" && <span className="text-xs text-muted">Only your team sees notes.</span>}
          </div>
          <Composer
            key={`composer-${conversationId}`}
            channelId={conversationId}
            placeholder={mode === "note" ? "Write a note for your team (the visitor never sees it)" : open || !data ? `Reply to ${name}` : `Reply to ${name} (this reopens the conversation)`}
            people={mentionable}
            internal={mode === "note"}
            disabledReason={mode === "note" && !open && data ? "Reopen the conversation to add a note" : null}
            savedReplies={replies}
            onSend={(body, { files }) => send({ channelId: conversationId, body, files, internal: mode === "note" })}
            autoFocus
          />
        </main>
        {threadId && <ThreadPane rootId={threadId} highlightId={highlightId} channelName={name} canModerate={false} archived={false} onClose={() => router.push(pathname, { scroll: false })} />}
        {panelOpen && !threadId && data && <VisitorPanel conversation={data} onClose={() => setPanelOpen(false)} />}
      </div>
    </ConversationGuests.Provider>
  );
}
