"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/client/trpc";
import { useCurrentWorkspace } from "../common/workspace-context";
import { FeedPage } from "./feed-page";
import { MessageCard } from "./message-card";

export function SavedView() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const saved = useQuery(trpc.messages.saved.queryOptions({ workspaceId: workspace.id }));
  return (
    <FeedPage title="Saved for later" description="Save messages from their toolbar to find them here." loading={saved.isPending} empty={saved.data?.length === 0}>
      <ul className="flex flex-col gap-3" aria-label="Saved messages">
        {saved.data?.map((message) => (
          <li key={message.id}>
            <MessageCard
              message={message}
              href={`/w/${workspace.slug}/c/${message.channelId}?${message.threadRootId ? `thread=${message.threadRootId}&` : ""}message=${message.id}`}
              linkLabel="View in conversation"
            />
          </li>
        ))}
      </ul>
    </FeedPage>
  );
}
