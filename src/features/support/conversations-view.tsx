"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { cn } from "@/components/cn";
import { CONVERSATION_VIEW_NAMES, CONVERSATION_VIEWS, type ConversationView } from "@/shared/support";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { ViewPage } from "../common/view-page";
import { useCurrentWorkspace } from "../common/workspace-context";
import { usePeople } from "../messages/use-people";

const EMPTY: Record<ConversationView, string> = {
  unassigned: "Nobody is waiting. New conversations from your website arrive here.",
  mine: "No open conversations are assigned to you.",
  open: "No open conversations.",
  closed: "No closed conversations yet.",
};

const ago = (date: Date) => {
  const minutes = Math.round((Date.now() - date.getTime()) / 60_000);
  if (minutes < 1) return "now";
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) return `${Math.round(minutes / 60)} h`;
  return date.toLocaleDateString();
};

/** Support → a list of conversations: who wrote, what they last said, how long ago, and who has it. */
export function ConversationsView() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const requested = useSearchParams().get("view");
  const view: ConversationView = (CONVERSATION_VIEWS as readonly string[]).includes(requested ?? "") ? (requested as ConversationView) : "unassigned";
  const list = useQuery(trpc.support.conversations.queryOptions({ workspaceId: workspace.id, view }));
  const counts = useQuery(trpc.support.counts.queryOptions({ workspaceId: workspace.id }));
  const { people } = usePeople();
  return (
    <ViewPage
      title={`Support · ${CONVERSATION_VIEW_NAMES[view]}`}
      actions={
        isWorkspaceAdmin(workspace.role) ? (
          <Link href={`/w/${workspace.slug}/support/reports`} className="ml-auto text-sm text-accent hover:underline">
            Reports
          </Link>
        ) : undefined
      }
    >
      <nav aria-label="Support views" className="flex gap-1">
        {CONVERSATION_VIEWS.map((name) => (
          <Link
            key={name}
            href={`/w/${workspace.slug}/support?view=${name}`}
            aria-current={name === view ? "page" : undefined}
            className={cn("rounded-md px-2.5 py-1 text-sm", name === view ? "bg-accent text-accent-fg" : "text-muted hover:bg-surface-2 hover:text-text")}
          >
            {CONVERSATION_VIEW_NAMES[name]} {counts.data && <span className="opacity-80">{counts.data[name]}</span>}
          </Link>
        ))}
      </nav>
      {list.isPending ? (
        <p className="text-sm text-muted">Loading…</p>
      ) : list.data?.length === 0 ? (
        <p className="py-10 text-center text-muted">{EMPTY[view]}</p>
      ) : (
        <ul aria-label={`${CONVERSATION_VIEW_NAMES[view]} conversations`} className="divide-y divide-border rounded-md border border-border">
          {list.data?.map((conversation) => {
            const assignee = conversation.assigneeId ? people.get(conversation.assigneeId) : undefined;
            return (
              <li key={conversation.id}>
                <Link href={`/w/${workspace.slug}/c/${conversation.id}`} className="flex items-center gap-3 px-3 py-2 hover:bg-surface">
                  <Avatar name={conversation.visitor.name} image={null} size={32} />
                  <span className="min-w-0 flex-1">
                    <span className="flex items-baseline gap-2">
                      <span className="truncate font-semibold">{conversation.visitor.name}</span>
                      <span className="truncate text-xs text-muted">{conversation.inboxName}</span>
                    </span>
                    <span className="block truncate text-sm text-muted">{conversation.lastMessage}</span>
                  </span>
                  <span className="flex shrink-0 flex-col items-end gap-0.5 text-xs text-muted">
                    <time dateTime={conversation.lastActivityAt.toISOString()}>{ago(conversation.lastActivityAt)}</time>
                    {assignee ? <span>{assignee.name}</span> : conversation.status === "open" ? <span className="font-medium text-warning">Unassigned</span> : null}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </ViewPage>
  );
}
