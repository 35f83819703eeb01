"use client";
import { EyeOff, X } from "lucide-react";
import { ephemeralMessages, useEphemeralMessages } from "@/client/ephemeral-messages";
import { AppBadge } from "@/components/app-badge";
import { Avatar } from "@/components/avatar";
import { formatFull, formatTime } from "../common/format";
import { MessageMarkdown } from "./markdown";
import { RichContent } from "./rich-content";

/**
 * Messages only this person sees, where they ran the command (the channel or the thread), above the message box:
 * an app's answer or Confab's note on what a command did, each marked as such and dismissed when read.
 */
export function EphemeralNotes({ channelId, threadRootId, nameOf }: { channelId: string; threadRootId: string | null; nameOf: (userId: string) => string | undefined }) {
  const notes = useEphemeralMessages().filter((message) => message.channelId === channelId && message.threadRootId === threadRootId);
  if (notes.length === 0) return null;
  return (
    <div role="log" aria-live="polite" aria-label="Only visible to you" className="max-h-[40vh] shrink-0 overflow-y-auto border-t border-border bg-surface/60">
      {notes.map((note) => {
        const name = note.app?.name ?? "Confab";
        return (
          <article key={note.id} aria-label={`${name}, only visible to you, ${formatFull(note.createdAt)}`} className="flex gap-2 px-5 py-2">
            <div className="w-9 shrink-0">
              {note.app?.iconEmoji ? (
                <span aria-hidden="true" className="flex size-9 items-center justify-center rounded-md bg-surface-2 text-xl">
                  {note.app.iconEmoji}
                </span>
              ) : (
                <Avatar name={name} image={note.app?.iconUrl ?? null} size={36} />
              )}
            </div>
            <div className="min-w-0 flex-1">
              <div className="flex items-baseline gap-2">
                <span className="font-bold">{name}</span>
                {note.app && <AppBadge />}
                <time dateTime={note.createdAt.toISOString()} title={formatFull(note.createdAt)} className="text-xs text-muted">
                  {formatTime(note.createdAt)}
                </time>
                <span className="inline-flex items-center gap-1 text-xs text-muted">
                  <EyeOff size={12} aria-hidden="true" /> Only visible to you
                </span>
              </div>
              {note.body && !note.blocks?.length && (
                <div className="leading-[1.45]">
                  <MessageMarkdown body={note.body} nameOf={nameOf} />
                </div>
              )}
              {(note.blocks || note.attachments) && <RichContent blocks={note.blocks ?? []} attachments={note.attachments ?? []} nameOf={nameOf} />}
            </div>
            <button
              type="button"
              onClick={() => ephemeralMessages.dismiss(note.id)}
              aria-label={`Dismiss ${name}'s message`}
              title="Dismiss"
              className="self-start rounded p-1 text-muted hover:bg-surface-2 hover:text-text"
            >
              <X size={14} aria-hidden="true" />
            </button>
          </article>
        );
      })}
    </div>
  );
}
