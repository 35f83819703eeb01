"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/client/trpc";
import { useCurrentWorkspace } from "../common/workspace-context";
import { FeedPage } from "./feed-page";
import { MessageCard } from "./message-card";

/** The threads you follow (you posted in them or were mentioned), with how many replies you have not read. */
export function ThreadsView() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const threads = useQuery({ ...trpc.messages.threads.queryOptions({ workspaceId: workspace.id }), refetchOnMount: "always" });
  return (
    <FeedPage title="Threads" description="Threads you reply in or are mentioned in show up here." loading={threads.isPending} empty={threads.data?.length === 0}>
      <ul className="flex flex-col gap-3" aria-label="Followed threads">
        {threads.data?.map(({ root, unreadReplies }) => (
          <li key={root.id}>
            <MessageCard message={root} href={`/w/${workspace.slug}/c/${root.channelId}?thread=${root.id}`} linkLabel="Open thread">
              <span className="text-muted">
                {root.replyCount} {root.replyCount === 1 ? "reply" : "replies"}
              </span>
              {unreadReplies > 0 && <span className="rounded-full bg-danger px-1.5 font-bold text-white dark:text-bg">{unreadReplies} new</span>}
            </MessageCard>
          </li>
        ))}
      </ul>
    </FeedPage>
  );
}
