"use client";
import * as Popover from "@radix-ui/react-popover";
import { useQuery } from "@tanstack/react-query";
import { Pin } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/client/trpc";
import { MessageMarkdown } from "../messages/markdown";
import { usePeople } from "../messages/use-people";
import { useCurrentWorkspace } from "../common/workspace-context";

/** The channel's pinned messages, each a link to where it was said. */
export function PinnedPopover({ channelId }: { channelId: string }) {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const [open, setOpen] = useState(false);
  const pins = useQuery(trpc.messages.pins.queryOptions({ channelId }));
  const { people } = usePeople();
  const count = pins.data?.length ?? 0;
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger aria-label={`Pinned messages: ${count}`} className="flex h-8 items-center gap-1.5 rounded-md border border-border px-2 text-sm text-muted hover:bg-surface-2 hover:text-text">
        <Pin size={14} aria-hidden="true" />
        {count}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content align="end" sideOffset={4} className="z-50 max-h-96 w-96 overflow-y-auto rounded-md border border-border bg-bg p-2 shadow-lg">
          <h2 className="px-2 py-1 text-sm font-semibold">Pinned messages</h2>
          {count === 0 ? (
            <p className="px-2 py-3 text-sm text-muted">Nothing is pinned yet. Pin important messages from their toolbar.</p>
          ) : (
            <ul aria-label="Pinned messages">
              {pins.data?.map((message) => (
                <li key={message.id}>
                  <Link
                    href={`/w/${workspace.slug}/c/${channelId}?message=${message.id}`}
                    onClick={() => setOpen(false)}
                    className="block rounded-md px-2 py-1.5 text-sm hover:bg-surface"
                  >
                    <span className="font-semibold">{(message.authorId && people.get(message.authorId)?.name) ?? "Unknown"}</span>
                    <div className="line-clamp-3 text-muted">
                      <MessageMarkdown body={message.body} nameOf={(id) => people.get(id)?.name} />
                    </div>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
