"use client";
import Link from "next/link";
import { Avatar } from "@/components/avatar";
import type { MessageView } from "@/shared/messages";
import { formatFull } from "../common/format";
import { MessageMarkdown } from "../messages/markdown";
import { usePeople } from "../messages/use-people";

/** A message shown outside its channel (saved items, followed threads), linking back to it. */
export function MessageCard({ message, href, linkLabel, children }: { message: MessageView; href: string; linkLabel: string; children?: React.ReactNode }) {
  const { people } = usePeople();
  const author = (message.authorId && people.get(message.authorId)) || { name: "Unknown", image: null };
  return (
    <article aria-label={`${author.name}, ${formatFull(message.createdAt)}`} className="rounded-lg border border-border bg-bg p-3">
      <div className="flex gap-2">
        <Avatar name={author.name} image={author.image} size={32} />
        <div className="min-w-0 flex-1">
          <div className="flex items-baseline gap-2">
            <span className="font-bold">{author.name}</span>
            <time dateTime={message.createdAt.toISOString()} className="text-xs text-muted">
              {formatFull(message.createdAt)}
            </time>
          </div>
          {message.deletedAt ? <p className="italic text-muted">This message was deleted.</p> : <MessageMarkdown body={message.body} nameOf={(id) => people.get(id)?.name} />}
          <div className="mt-1 flex items-center gap-3 text-xs">
            {children}
            <Link href={href} className="font-medium text-accent hover:underline">
              {linkLabel}
            </Link>
          </div>
        </div>
      </div>
    </article>
  );
}
