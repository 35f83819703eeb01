"use client";
import * as Tooltip from "@radix-ui/react-tooltip";
import { Bookmark, BookmarkCheck, EyeOff, Link2, MessageSquareReply, Pencil, Pin, PinOff, RotateCw, Trash2 } from "lucide-react";
import { memo, useEffect, useState } from "react";
import type { PendingMessage } from "@/client/pending-messages";
import { AppBadge, PersonMark } from "@/components/app-badge";
import { Avatar } from "@/components/avatar";
import { StatusEmoji } from "@/components/status-emoji";
import { cn } from "@/components/cn";
import type { MessageView } from "@/shared/messages";
import type { BlockAction } from "@/shared/slack/blocks";
import { Attachments, LinkPreviews } from "../files/attachments";
import { formatFull, formatTime } from "../common/format";
import { MessageMarkdown } from "./markdown";
import { RichContent } from "./rich-content";
import { MessageEditor } from "./message-editor";
import { ReactionPicker } from "./reaction-picker";

export interface Person {
  name: string;
  image: string | null;
  status?: { emoji: string | null; text: string | null } | null;
  /** "Guest", "Deactivated": shown beside the name. */
  mark?: string | null;
}

export interface MessageActions {
  react(message: MessageView, emoji: string): void;
  openThread?(message: MessageView): void;
  startEdit(message: MessageView): void;
  saveEdit(message: MessageView, body: string): Promise<void>;
  cancelEdit(): void;
  remove(message: MessageView): void;
  markUnread?(message: MessageView): void;
  retry(message: PendingMessage): void;
  setPinned(message: MessageView, pinned: boolean): void;
  removePreview(message: MessageView, url: string): void;
  setSaved(message: MessageView, saved: boolean): void;
  isSaved(message: MessageView): boolean;
  copyLink(message: MessageView): void;
  /** A click on a button or a choice in an app's message, for the app to act on. */
  blockAction?(message: MessageView, action: BlockAction): void;
}

interface Props {
  message: MessageView | PendingMessage;
  grouped: boolean;
  meId: string;
  canModerate: boolean;
  people: Map<string, Person>;
  editing: boolean;
  actions: MessageActions;
  highlighted?: boolean;
  /** Open this message's reaction picker (Ctrl/Cmd+Shift+\ reacts to the last message); told when it closes. */
  reacting?: boolean;
  onReactingDone?: () => void;
  /** A read receipt under this message: "Seen", "Seen by Ana, Ben". */
  seenLabel?: string;
}

const isPending = (message: MessageView | PendingMessage): message is PendingMessage => !("id" in message);

const toolButton = "rounded p-1 text-muted hover:bg-surface-2 hover:text-text";

export const MessageRow = memo(function MessageRow({ message, grouped, meId, canModerate, people, editing, actions, highlighted, reacting, onReactingDone, seenLabel }: Props) {
  const pending = isPending(message);
  const authorId = pending ? meId : message.authorId;
  const person = (authorId && people.get(authorId)) || { name: "Unknown", image: null };
  const app = pending ? null : message.app;
  // An app posts under the name and icon its message asks for (Slack's username and icon_url / icon_emoji).
  const author = app ? { ...person, name: app.username ?? person.name, image: app.iconUrl ?? person.image } : person;
  const nameOf = (userId: string) => people.get(userId)?.name;
  const deleted = !pending && message.deletedAt !== null;
  // A live-chat note between agents: marked, so nobody mistakes it for what the visitor was told.
  const internal = pending ? message.internal === true : message.internal;
  const [hovered, setHovered] = useState(false);
  const [pickerOpen, setPickerOpen] = useState(false);
  useEffect(() => {
    if (reacting) setPickerOpen(true);
  }, [reacting]);
  const setPicker = (open: boolean) => {
    setPickerOpen(open);
    if (!open) onReactingDone?.();
  };
  // A note among answers says so with its own header, however close it follows the one before.
  const showHeader = !grouped || pending || internal;
  const label = `${author.name}, ${formatFull(message.createdAt)}`;

  if (!pending && message.kind === "system") {
    return (
      <article aria-label={`System message, ${formatFull(message.createdAt)}`} className="px-5 py-1 text-xs text-muted">
        {message.body}
      </article>
    );
  }

  return (
    <article
      aria-label={label}
      data-message-id={pending ? undefined : message.id}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setHovered(true)}
      className={cn(
        "group relative flex gap-2 px-5 hover:bg-surface",
        showHeader ? "mt-2 pt-1.5" : "py-0.5",
        highlighted && "bg-accent-soft",
        internal && "border-l-2 border-warning bg-warning-soft/60 hover:bg-warning-soft",
        pending && !message.failed && "opacity-60",
      )}
    >
      <div className="w-9 shrink-0">
        {showHeader ? (
          app?.iconEmoji ? (
            <span aria-hidden="true" className="flex size-9 items-center justify-center rounded-md bg-surface-2 text-xl">
              {app.iconEmoji}
            </span>
          ) : (
            <Avatar name={author.name} image={author.image} size={36} />
          )
        ) : (
          <time dateTime={message.createdAt.toISOString()} title={formatFull(message.createdAt)} className="invisible block pt-0.5 text-right text-[11px] text-muted group-hover:visible">
            {formatTime(message.createdAt)}
          </time>
        )}
      </div>
      <div className="min-w-0 flex-1 pb-1">
        {!pending && message.pinned && (
          <p className="flex items-center gap-1 text-xs text-muted">
            <Pin size={12} aria-hidden="true" /> Pinned
          </p>
        )}
        {showHeader && (
          <div className="flex items-baseline gap-2">
            <span className="font-bold">{author.name}</span>
            {app ? <AppBadge /> : <StatusEmoji status={author.status ?? null} />}
            {!app && author.mark && <PersonMark mark={author.mark} />}
            {internal && <span className="rounded bg-warning-soft px-1 text-[11px] font-semibold uppercase text-warning">Internal note</span>}
            <time dateTime={message.createdAt.toISOString()} title={formatFull(message.createdAt)} className="text-xs text-muted">
              {formatTime(message.createdAt)}
            </time>
          </div>
        )}
        {deleted ? (
          <p className="italic text-muted">This message was deleted.</p>
        ) : editing && !pending ? (
          <MessageEditor initial={message.body} onSave={(body) => actions.saveEdit(message, body)} onCancel={actions.cancelEdit} />
        ) : (
          <div className="leading-[1.45]">
            {/* With blocks, an app's text is the fallback for notifications and search, as in Slack: the blocks show instead. */}
            {message.body && !(app && !pending && message.blocks?.length) && <MessageMarkdown body={message.body} nameOf={nameOf} />}
            {!pending && message.editedAt && <span className="text-xs text-muted"> (edited)</span>}
          </div>
        )}
        {!pending && !deleted && (message.blocks || message.attachments) && (
          <RichContent blocks={message.blocks ?? []} attachments={message.attachments ?? []} nameOf={nameOf} onAction={actions.blockAction ? (action) => actions.blockAction!(message, action) : undefined} />
        )}
        {!deleted && <Attachments files={message.files} />}
        {!pending && !deleted && (
          <LinkPreviews previews={message.previews} onRemove={message.authorId === meId ? (preview) => actions.removePreview(message, preview.url) : undefined} />
        )}
        {pending && message.failed && (
          <p role="alert" className="mt-0.5 flex items-center gap-2 text-xs text-danger">
            Not sent.
            <button type="button" onClick={() => actions.retry(message)} className="inline-flex items-center gap-1 font-medium underline">
              <RotateCw size={12} aria-hidden="true" /> Retry
            </button>
          </p>
        )}
        {!pending && !deleted && message.reactions.length > 0 && (
          <div className="mt-1 flex flex-wrap gap-1">
            {message.reactions.map((reaction) => {
              const mine = reaction.userIds.includes(meId);
              const who = reaction.userIds.map((id) => (id === meId ? "You" : (people.get(id)?.name ?? "Someone"))).join(", ");
              return (
                <Tooltip.Root key={reaction.emoji}>
                  <Tooltip.Trigger asChild>
                    <button
                      type="button"
                      aria-pressed={mine}
                      aria-label={`${reaction.emoji} ${reaction.userIds.length}, reacted by ${who}`}
                      onClick={() => actions.react(message, reaction.emoji)}
                      className={cn(
                        "inline-flex h-6 items-center gap-1 rounded-full border px-2 text-xs",
                        mine ? "border-accent bg-accent-soft text-accent" : "border-border bg-surface hover:border-muted",
                      )}
                    >
                      <span>{reaction.emoji}</span>
                      <span>{reaction.userIds.length}</span>
                    </button>
                  </Tooltip.Trigger>
                  <Tooltip.Portal>
                    <Tooltip.Content sideOffset={4} className="z-50 max-w-64 rounded-md bg-text px-2 py-1 text-xs text-bg">
                      {who} reacted with {reaction.emoji}
                    </Tooltip.Content>
                  </Tooltip.Portal>
                </Tooltip.Root>
              );
            })}
          </div>
        )}
        {!pending && message.replyCount > 0 && actions.openThread && (
          <button type="button" onClick={() => actions.openThread!(message)} className="mt-1 flex items-center gap-2 rounded-md border border-transparent px-1 py-0.5 text-xs hover:border-border hover:bg-bg">
            <span className="flex -space-x-1">
              {message.replyUserIds.map((id) => (
                <Avatar key={id} name={people.get(id)?.name ?? "?"} image={people.get(id)?.image} size={20} className="ring-2 ring-bg" />
              ))}
            </span>
            <span className="font-semibold text-accent">
              {message.replyCount} {message.replyCount === 1 ? "reply" : "replies"}
            </span>
            {message.lastReplyAt && <span className="text-muted">Last reply {formatTime(message.lastReplyAt)}</span>}
          </button>
        )}
        {seenLabel && <p className="mt-0.5 text-right text-xs text-muted">{seenLabel}</p>}
      </div>
      {!pending && !deleted && !editing && (hovered || pickerOpen) && (
        <div role="toolbar" aria-label="Message actions" className="absolute -top-3 right-4 flex items-center gap-0.5 rounded-md border border-border bg-bg p-0.5 shadow-sm">
          <ReactionPicker onPick={(emoji) => actions.react(message, emoji)} open={pickerOpen} onOpenChange={setPicker} />
          {actions.openThread && (
            <button type="button" aria-label="Reply in thread" className={toolButton} onClick={() => actions.openThread!(message)}>
              <MessageSquareReply size={16} aria-hidden="true" />
            </button>
          )}
          <button type="button" aria-label={actions.isSaved(message) ? "Remove from saved" : "Save for later"} className={toolButton} onClick={() => actions.setSaved(message, !actions.isSaved(message))}>
            {actions.isSaved(message) ? <BookmarkCheck size={16} aria-hidden="true" /> : <Bookmark size={16} aria-hidden="true" />}
          </button>
          {actions.markUnread && (
            <button type="button" aria-label={message.pinned ? "Unpin from channel" : "Pin to channel"} className={toolButton} onClick={() => actions.setPinned(message, !message.pinned)}>
              {message.pinned ? <PinOff size={16} aria-hidden="true" /> : <Pin size={16} aria-hidden="true" />}
            </button>
          )}
          <button type="button" aria-label="Copy link to message" className={toolButton} onClick={() => actions.copyLink(message)}>
            <Link2 size={16} aria-hidden="true" />
          </button>
          {actions.markUnread && (
            <button type="button" aria-label="Mark unread from here" className={toolButton} onClick={() => actions.markUnread!(message)}>
              <EyeOff size={16} aria-hidden="true" />
            </button>
          )}
          {message.authorId === meId && (
            <button type="button" aria-label="Edit message" className={toolButton} onClick={() => actions.startEdit(message)}>
              <Pencil size={16} aria-hidden="true" />
            </button>
          )}
          {(message.authorId === meId || canModerate) && (
            <button type="button" aria-label="Delete message" className={toolButton} onClick={() => actions.remove(message)}>
              <Trash2 size={16} aria-hidden="true" />
            </button>
          )}
        </div>
      )}
    </article>
  );
});
