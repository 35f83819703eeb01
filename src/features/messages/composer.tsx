"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Paperclip, SendHorizontal } from "lucide-react";
import { type ClipboardEvent, type DragEvent, type KeyboardEvent, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { cn } from "@/components/cn";
import { type CommandView, parseCommandLine } from "@/shared/commands";
import type { FileView } from "@/shared/files";
import { MESSAGE_MAX_LENGTH, TYPING_REPEAT_MS } from "@/shared/messages";
import { AttachmentTray } from "../files/attachment-tray";
import { useUploads } from "../files/use-uploads";
import { useCurrentWorkspace } from "../common/workspace-context";
import { EphemeralNotes } from "./ephemeral-notes";
import { TypingIndicator } from "./typing-indicator";
import { useRunCommand } from "./use-run-command";
import { ConversationGuests } from "./use-people";
import { groupMentionKey } from "@/shared/user-groups";

export interface Mentionable {
  userId: string;
  name: string;
  image: string | null;
}

const draftKey = (channelId: string, threadRootId?: string | null) => `confab:draft:${channelId}${threadRootId ? `:${threadRootId}` : ""}`;

const GROUP_KEY_PREFIX = groupMentionKey("");
const isGroup = (mentionable: Mentionable) => mentionable.userId.startsWith(GROUP_KEY_PREFIX);

/**
 * `@Ana López` typed (or picked) in the box becomes `<@id>` in the sent text, and a group's `@design-team`
 * `<!subteam^id>`, so renames never break a mention.
 */
function encodeMentions(body: string, picked: Map<string, string>): string {
  let encoded = body;
  for (const [name, key] of [...picked].sort((a, b) => b[0].length - a[0].length)) {
    const token = key.startsWith(GROUP_KEY_PREFIX) ? `<!subteam^${key.slice(GROUP_KEY_PREFIX.length)}>` : `<@${key}>`;
    encoded = encoded.split(`@${name}`).join(token);
  }
  return encoded;
}

/** A list the box offers above itself (people, commands): the active one highlighted, a click picks without blurring the box. */
function SuggestionList<T>(props: { label: string; className: string; items: T[]; active: number; keyOf: (item: T) => string; onPick: (item: T) => void; children: (item: T) => ReactNode }) {
  const active = Math.min(props.active, props.items.length - 1);
  return (
    <ul role="listbox" aria-label={props.label} className={cn("absolute bottom-full left-5 mb-1 rounded-md border border-border bg-bg p-1 shadow-lg", props.className)}>
      {props.items.map((item, index) => (
        <li
          key={props.keyOf(item)}
          role="option"
          aria-selected={index === active}
          onMouseDown={(event) => {
            event.preventDefault();
            props.onPick(item);
          }}
          className={cn("flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-sm", index === active && "bg-accent text-accent-fg")}
        >
          {props.children(item)}
        </li>
      ))}
    </ul>
  );
}

/**
 * The message box: Enter sends, Shift+Enter adds a line, Up in an empty box edits your last message, @ suggests
 * people, / at the start suggests commands and then shows the chosen one's usage. Files come by the paperclip,
 * dropped on the box, or pasted. The draft is kept per channel and thread across reloads.
 */
export function Composer(props: {
  channelId: string;
  threadRootId?: string | null;
  placeholder: string;
  people: Mentionable[];
  disabledReason?: string | null;
  onSend: (body: string, options: { alsoInChannel: boolean; files: FileView[] }) => void;
  onEditLast?: () => void;
  alsoInChannelLabel?: string;
  autoFocus?: boolean;
  /** Writing a live-chat note for the team: marked, and the visitor is not told anyone is typing. */
  internal?: boolean;
  /** Live chat: "/" offers the inbox's saved replies (inserted for editing) instead of commands. */
  savedReplies?: Array<{ shortcut: string; body: string }>;
}) {
  const key = draftKey(props.channelId, props.threadRootId);
  const [body, setBody] = useState("");
  const [alsoInChannel, setAlsoInChannel] = useState(false);
  const [query, setQuery] = useState<{ text: string; start: number } | null>(null);
  const [active, setActive] = useState(0);
  const picked = useRef(new Map<string, string>());
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const workspace = useCurrentWorkspace();
  const attachments = useUploads(workspace.id, props.channelId);
  const trpc = useTRPC();
  const { mutate: announceTyping } = useMutation(trpc.typing.start.mutationOptions());
  const lastAnnounced = useRef(0);
  // Throttled: one signal every few seconds while writing, which receivers keep alive until the message lands.
  const typed = (value: string) => {
    if (!value.trim() || Date.now() - lastAnnounced.current < TYPING_REPEAT_MS) return;
    lastAnnounced.current = Date.now();
    announceTyping({ channelId: props.channelId, threadRootId: props.threadRootId ?? undefined, ...(props.internal && { internal: true }) });
  };

  useEffect(() => {
    setBody(localStorage.getItem(key) ?? "");
    picked.current = new Map(JSON.parse(localStorage.getItem(`${key}:mentions`) ?? "[]") as Array<[string, string]>);
  }, [key]);

  const remember = (next: string) => {
    setBody(next);
    if (next) localStorage.setItem(key, next);
    else localStorage.removeItem(key);
    localStorage.setItem(`${key}:mentions`, JSON.stringify([...picked.current]));
  };

  // Commands are looked up once someone starts one, not for every box that opens.
  const saved = props.savedReplies;
  const commands = useQuery({ ...trpc.commands.list.queryOptions({ workspaceId: workspace.id }), enabled: !saved && body.startsWith("/"), staleTime: 60_000 });
  const runCommand = useRunCommand();
  const typedCommand = /^\/(\S*)$/.exec(body)?.[1]?.toLowerCase();
  const commandMatches: CommandView[] =
    typedCommand !== undefined && !saved ? (commands.data ?? []).filter((command) => command.command.slice(1).startsWith(typedCommand)).slice(0, 8) : [];
  const replyMatches = typedCommand !== undefined && saved ? saved.filter((reply) => reply.shortcut.startsWith(typedCommand)).slice(0, 8) : [];
  const pickReply = (reply: { body: string }) => {
    remember(reply.body);
    requestAnimationFrame(() => box.current?.focus());
  };
  const commandLine = saved ? null : parseCommandLine(body);
  const chosenCommand = commandLine && /\s/.test(body) ? commands.data?.find((command) => command.command === commandLine.command) : undefined;

  const pickCommand = (command: CommandView) => {
    remember(`${command.command} `);
    requestAnimationFrame(() => box.current?.focus());
  };

  const suggestions = query
    ? [
        ...props.people.filter((person) => person.name.toLowerCase().includes(query.text.toLowerCase())).slice(0, 6),
        ...(["channel", "here"] as const)
          .filter((word) => word.startsWith(query.text.toLowerCase()))
          .map((word) => ({ userId: `@${word}`, name: word, image: null })),
      ]
    : [];

  const updateQuery = (value: string, caret: number) => {
    const match = /(^|\s)@([^\s@]{0,30})$/.exec(value.slice(0, caret));
    setQuery(match ? { text: match[2]!, start: caret - match[2]!.length - 1 } : null);
    setActive(0);
  };

  const pick = (person: Mentionable) => {
    if (!query) return;
    const caret = box.current?.selectionStart ?? body.length;
    if (!person.userId.startsWith("@")) picked.current.set(person.name, person.userId);
    const next = `${body.slice(0, query.start)}@${person.name} ${body.slice(caret)}`;
    remember(next);
    setQuery(null);
    requestAnimationFrame(() => {
      const position = query.start + person.name.length + 2;
      box.current?.setSelectionRange(position, position);
      box.current?.focus();
    });
  };

  const canSend = (body.trim() !== "" || attachments.ready.length > 0) && !attachments.busy && body.length <= MESSAGE_MAX_LENGTH && !props.disabledReason;
  const send = async () => {
    if (!canSend) return;
    if (commandLine) {
      lastAnnounced.current = 0;
      if (await runCommand({ channelId: props.channelId, threadRootId: props.threadRootId ?? null, command: commandLine.command, text: encodeMentions(commandLine.text, picked.current) })) {
        picked.current = new Map();
        remember("");
        localStorage.removeItem(`${key}:mentions`);
      }
      return;
    }
    props.onSend(encodeMentions(body, picked.current), { alsoInChannel, files: attachments.ready });
    attachments.clear();
    lastAnnounced.current = 0;
    picked.current = new Map();
    remember("");
    localStorage.removeItem(`${key}:mentions`);
    setAlsoInChannel(false);
  };

  /** Arrows move through an open list, Enter or Tab picks, Escape closes it; true when the key was the list's. */
  const listKey = <T,>(event: KeyboardEvent<HTMLTextAreaElement>, items: T[], onPick: (item: T) => void, onClose?: () => void) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      setActive((current) => (current + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      onPick(items[Math.min(active, items.length - 1)]!);
    } else if (event.key === "Escape" && onClose) {
      onClose();
    } else return false;
    event.preventDefault();
    return true;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // A command typed out in full runs on Enter rather than being picked again.
    const choosingCommand = commandMatches.length > 0 && !(commandMatches.length === 1 && commandMatches[0]!.command === body);
    if (choosingCommand && listKey(event, commandMatches, pickCommand)) return;
    if (replyMatches.length > 0 && listKey(event, replyMatches, pickReply, () => remember(""))) return;
    if (suggestions.length > 0 && listKey(event, suggestions, pick, () => setQuery(null))) return;
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    } else if (event.key === "ArrowUp" && body === "" && props.onEditLast) {
      event.preventDefault();
      props.onEditLast();
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = Array.from(event.clipboardData.files);
    if (files.length === 0 || props.disabledReason) return;
    event.preventDefault();
    attachments.add(files);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (!props.disabledReason && event.dataTransfer.files.length) attachments.add(Array.from(event.dataTransfer.files));
  };
  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!event.dataTransfer.types.includes("Files")) return;
    event.preventDefault();
    setDragging(true);
  };

  const tooLong = body.length > MESSAGE_MAX_LENGTH;
  const guests = useContext(ConversationGuests);
  const nameOf = (userId: string) => props.people.find((person) => person.userId === userId)?.name ?? guests?.get(userId)?.name;
  return (
    <>
      <EphemeralNotes channelId={props.channelId} threadRootId={props.threadRootId ?? null} nameOf={nameOf} />
      <div className="relative shrink-0 px-5 pb-1" onDragOver={onDragOver} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
        {commandMatches.length > 0 && (
          <SuggestionList label="Commands" className="w-96 max-w-[calc(100%-2.5rem)]" items={commandMatches} active={active} keyOf={(command) => command.command} onPick={pickCommand}>
            {(command) => (
              <>
                <span className="font-semibold">{command.command}</span>
                {command.usageHint && <span className="opacity-80">{command.usageHint}</span>}
                <span className="ml-auto truncate text-xs opacity-80">{command.description}</span>
                {command.app && <span className="shrink-0 text-xs opacity-70">{command.app.name}</span>}
              </>
            )}
          </SuggestionList>
        )}
        {replyMatches.length > 0 && (
          <SuggestionList label="Saved replies" className="w-96 max-w-[calc(100%-2.5rem)]" items={replyMatches} active={active} keyOf={(reply) => reply.shortcut} onPick={pickReply}>
            {(reply) => (
              <>
                <span className="font-semibold">/{reply.shortcut}</span>
                <span className="truncate opacity-80">{reply.body}</span>
              </>
            )}
          </SuggestionList>
        )}
        {chosenCommand && (
          <p aria-live="polite" className="mb-1 text-xs text-muted">
            <span className="font-semibold text-text">{chosenCommand.command}</span> {chosenCommand.usageHint}
            {chosenCommand.description && <span> · {chosenCommand.description}</span>}
            {chosenCommand.app && <span> · {chosenCommand.app.name}</span>}
          </p>
        )}
        {suggestions.length > 0 && (
          <SuggestionList label="People to mention" className="w-72" items={suggestions} active={active} keyOf={(person) => person.userId} onPick={pick}>
            {(person) => (
              <>
                {person.userId.startsWith("@") || isGroup(person) ? <span className="w-6 text-center font-bold">@</span> : <Avatar name={person.name} image={person.image} size={22} />}
                {person.userId.startsWith("@") || isGroup(person) ? `@${person.name}` : person.name}
                {isGroup(person) && <span className="ml-auto text-xs opacity-70">group</span>}
              </>
            )}
          </SuggestionList>
        )}
        <div className={cn("relative rounded-lg border focus-within:ring-2 focus-within:ring-focus", tooLong ? "border-danger" : props.internal ? "border-warning bg-warning-soft" : "border-border", !props.internal && "bg-bg")}>
          {dragging && (
            <div className="pointer-events-none absolute inset-0 z-10 flex items-center justify-center rounded-lg border-2 border-dashed border-accent bg-accent-soft text-sm font-medium text-accent">
              Drop files to attach them
            </div>
          )}
          <AttachmentTray uploads={attachments.uploads} onRemove={attachments.remove} />
          <textarea
            ref={box}
            aria-label={props.placeholder}
            placeholder={props.disabledReason ?? props.placeholder}
            disabled={Boolean(props.disabledReason)}
            value={body}
            autoFocus={props.autoFocus}
            rows={1}
            onChange={(event) => {
              remember(event.target.value);
              updateQuery(event.target.value, event.target.selectionStart);
              typed(event.target.value);
            }}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            onBlur={() => setQuery(null)}
            className="block max-h-[40vh] min-h-[44px] w-full resize-none bg-transparent px-3 py-2.5 text-sm outline-none focus-visible:outline-none [field-sizing:content] placeholder:text-muted"
          />
          <div className="flex items-center justify-between gap-2 px-2 pb-1.5">
            <button
              type="button"
              onClick={() => picker.current?.click()}
              disabled={Boolean(props.disabledReason)}
              aria-label="Attach files"
              title="Attach files (or drop them here, or paste)"
              className="rounded-md p-1.5 text-muted hover:bg-surface-2 hover:text-text disabled:opacity-50"
            >
              <Paperclip size={16} aria-hidden="true" />
            </button>
            <input
              ref={picker}
              type="file"
              multiple
              hidden
              aria-hidden="true"
              tabIndex={-1}
              onChange={(event) => {
                attachments.add(Array.from(event.target.files ?? []));
                event.target.value = "";
              }}
            />
            {props.alsoInChannelLabel ? (
              <label className="mr-auto flex items-center gap-1.5 text-xs text-muted">
                <input type="checkbox" checked={alsoInChannel} onChange={(event) => setAlsoInChannel(event.target.checked)} />
                {props.alsoInChannelLabel}
              </label>
            ) : (
              <span className="mr-auto text-xs text-muted">
                <kbd className="font-sans">Enter</kbd> to send, <kbd className="font-sans">Shift+Enter</kbd> for a new line
              </span>
            )}
            {tooLong && <span className="text-xs text-danger">{(body.length - MESSAGE_MAX_LENGTH).toLocaleString()} characters over the limit</span>}
            <button
              type="button"
              onClick={() => void send()}
              disabled={!canSend}
              aria-label="Send message"
              className="rounded-md bg-accent p-1.5 text-accent-fg disabled:bg-surface-2 disabled:text-muted"
            >
              <SendHorizontal size={16} aria-hidden="true" />
            </button>
          </div>
        </div>
        <TypingIndicator channelId={props.channelId} threadRootId={props.threadRootId ?? null} nameOf={nameOf} />
      </div>
    </>
  );
}
