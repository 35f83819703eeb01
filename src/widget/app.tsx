import { type FormEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { VisitorConversation, VisitorEvent, VisitorMessage, WidgetConfig } from "@/shared/support";
import { FILES_PER_MESSAGE, formatFileSize } from "@/shared/files";
import { TYPING_REPEAT_MS, TYPING_TIMEOUT_MS } from "@/shared/typing";
import { MessageFiles, PaperclipIcon, uploadVisitorFile } from "./files";
import { type FromHost, hostBridge } from "./host-bridge";
import { InlineText } from "./inline-text";
import { widgetClient } from "./client";

type Session = { config: WidgetConfig; visitor: { name: string; email: string | null; identified: boolean } };
type Screen = { kind: "home" } | { kind: "new" } | { kind: "conversation"; id: string };

const storageKey = (inboxKey: string) => `confab-visitor:${inboxKey}`;
function stored(inboxKey: string): string | null {
  try {
    return localStorage.getItem(storageKey(inboxKey));
  } catch {
    // Storage blocked (a strict privacy setting): the visitor is new on every page.
    return null;
  }
}
/** Whether the widget could keep the token itself; a browser blocking third-party storage leaves it to the page. */
function store(inboxKey: string, token: string): boolean {
  try {
    localStorage.setItem(storageKey(inboxKey), token);
    return true;
  } catch {
    return false;
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : "Something went wrong");
const when = (date: Date) => date.toLocaleString(undefined, { weekday: "long", hour: "numeric", minute: "2-digit" });

function availability(config: WidgetConfig): string {
  if (config.online) return "We're online and reply in a few minutes";
  if (!config.withinHours && config.opensAt) return `We're back ${when(config.opensAt)}. Leave a message and your email, and we'll answer there.`;
  return "Nobody is here right now. Leave a message and your email, and we'll answer there.";
}

/** Upserts by id, keeps seq order: the stream, the send's answer and a catch-up may each bring the same message. */
function merge(list: VisitorMessage[], incoming: VisitorMessage[]): VisitorMessage[] {
  const byId = new Map(list.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * The live-chat widget, in its iframe on Confab's origin: the website's page cannot reach into it, and it speaks to
 * the page only through postMessage with exact origins (host-bridge). Opened from an email link, it runs alone.
 */
export function WidgetApp({ inboxKey, hostOrigin, resumeToken, resumeConversation }: { inboxKey: string; hostOrigin: string | null; resumeToken: string | null; resumeConversation: string | null }) {
  const tokenRef = useRef<string | null>(null);
  const api = useMemo(() => widgetClient(() => tokenRef.current), []);
  const [session, setSession] = useState<Session | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [conversations, setConversations] = useState<VisitorConversation[]>([]);
  const [messages, setMessages] = useState<Record<string, VisitorMessage[]>>({});
  const [screen, setScreen] = useState<Screen>({ kind: "home" });
  const [typing, setTyping] = useState<{ conversationId: string; name: string; at: number } | null>(null);
  const [open, setOpen] = useState(hostOrigin === null);
  const [unread, setUnread] = useState(0);
  const bridge = useRef<ReturnType<typeof hostBridge> | null>(null);

  useEffect(() => {
    const dark = window.matchMedia("(prefers-color-scheme: dark)");
    const apply = () => document.documentElement.classList.toggle("dark", dark.matches);
    apply();
    dark.addEventListener("change", apply);
    return () => dark.removeEventListener("change", apply);
  }, []);

  const begin = useCallback(
    async (context: Extract<FromHost, { type: "context" }> | null) => {
      try {
        const result = await api.client.widget.session.mutate({
          inboxKey,
          hostOrigin: hostOrigin ?? window.location.origin,
          token: resumeToken ?? stored(inboxKey) ?? context?.token ?? null,
          pageUrl: context?.pageUrl ?? "",
          referrer: context?.referrer ?? "",
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? "",
          identity: context?.identity ? { ...context.identity, hash: context.identity.hash ?? "" } : undefined,
        });
        tokenRef.current = result.token;
        // Where this frame may not keep it (third-party storage blocked), the page's loader keeps it for us.
        if (!store(inboxKey, result.token)) bridge.current?.post({ type: "token", token: result.token });
        setSession({ config: result.config, visitor: result.visitor });
        setConversations(result.conversations);
        const resumed = resumeConversation && result.conversations.find((conversation) => conversation.id === resumeConversation);
        const current = resumed ?? result.conversations.find((conversation) => conversation.status === "open");
        if (current) setScreen({ kind: "conversation", id: current.id });
        bridge.current?.post({ type: "online", online: result.config.online, color: result.config.color });
      } catch (error) {
        setFailure(messageOf(error));
      }
    },
    [api, hostOrigin, inboxKey, resumeConversation, resumeToken],
  );

  useEffect(() => {
    const link = hostBridge(hostOrigin, (message) => {
      if (message.type === "context") void begin(message);
      if (message.type === "open") setOpen(true);
      if (message.type === "closed") setOpen(false);
    });
    bridge.current = link;
    if (link.framed) link.post({ type: "ready" });
    else void begin(null);
    return () => link.stop();
  }, [begin, hostOrigin]);

  const loadHistory = useCallback(
    async (conversationId: string) => {
      const held = messages[conversationId];
      const afterSeq = held?.length ? held[held.length - 1]!.seq : undefined;
      const fetched = await api.client.widget.history.query({ conversationId, afterSeq });
      setMessages((all) => ({ ...all, [conversationId]: merge(all[conversationId] ?? [], fetched) }));
    },
    [api, messages],
  );

  const shown = screen.kind === "conversation" ? screen.id : null;
  const shownRef = useRef<string | null>(null);
  shownRef.current = open ? shown : null;

  // The one stream: this visitor's conversations. On every (re)connect, what was missed is fetched.
  const ready = session !== null;
  useEffect(() => {
    if (!ready) return;
    const subscription = api.client.widget.stream.subscribe(
      { tabId: crypto.randomUUID() },
      {
        onData: (events: VisitorEvent[]) => {
          for (const event of events) {
            if (event.type === "stream.ready") {
              void api.client.widget.conversations.query().then(setConversations);
              if (shownRef.current) void loadHistoryRef.current(shownRef.current);
            } else if (event.type === "message") {
              setMessages((all) => ({ ...all, [event.conversationId]: merge(all[event.conversationId] ?? [], [event.message]) }));
              if (!event.message.fromVisitor) {
                setTyping((current) => (current?.conversationId === event.conversationId ? null : current));
                if (shownRef.current !== event.conversationId) setUnread((count) => count + 1);
              }
            } else if (event.type === "typing") {
              setTyping({ conversationId: event.conversationId, name: event.name, at: Date.now() });
            } else if (event.type === "read") {
              setConversations((list) => list.map((conversation) => (conversation.id === event.conversationId ? { ...conversation, agentsReadSeq: Math.max(conversation.agentsReadSeq, event.agentsReadSeq) } : conversation)));
            } else if (event.type === "conversation") {
              setConversations((list) => [event.conversation, ...list.filter((conversation) => conversation.id !== event.conversation.id)].sort((a, b) => +b.createdAt - +a.createdAt));
            }
          }
        },
      },
    );
    return () => subscription.unsubscribe();
  }, [api, ready]);
  const loadHistoryRef = useRef(loadHistory);
  loadHistoryRef.current = loadHistory;

  useEffect(() => {
    if (shown) void loadHistoryRef.current(shown);
  }, [shown]);

  // Someone typing is forgotten after a few seconds without another sign.
  useEffect(() => {
    if (!typing) return;
    const timer = setTimeout(() => setTyping(null), TYPING_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [typing]);

  useEffect(() => {
    if (open && shown) setUnread(0);
  }, [open, shown]);
  useEffect(() => bridge.current?.post({ type: "unread", count: unread }), [unread]);

  // What the visitor can see, they have read: the agents' "Seen".
  const shownMessages = shown ? (messages[shown] ?? []) : [];
  const newestSeq = shownMessages.at(-1)?.seq ?? 0;
  const shownConversation = conversations.find((conversation) => conversation.id === shown);
  useEffect(() => {
    if (!open || !shown || !shownConversation || newestSeq <= shownConversation.visitorReadSeq) return;
    setConversations((list) => list.map((conversation) => (conversation.id === shown ? { ...conversation, visitorReadSeq: newestSeq } : conversation)));
    void api.client.widget.read.mutate({ conversationId: shown, seq: newestSeq }).catch(() => {});
  }, [api, newestSeq, open, shown, shownConversation]);

  if (failure) {
    return (
      <Frame color="#4f46e5" title="Chat" onClose={hostOrigin ? () => bridge.current?.post({ type: "close" }) : undefined}>
        <p role="alert" className="p-4 text-sm text-muted">
          {failure}
        </p>
      </Frame>
    );
  }
  if (!session) {
    return (
      <Frame color="#4f46e5" title="Chat">
        <p className="p-4 text-sm text-muted">Loading…</p>
      </Frame>
    );
  }
  const { config } = session;
  const close = hostOrigin ? () => bridge.current?.post({ type: "close" }) : undefined;
  const back = () => setScreen({ kind: "home" });

  if (screen.kind === "new") {
    return (
      <Frame color={config.color} title={config.name} subtitle={availability(config)} onBack={conversations.length ? back : undefined} onClose={close}>
        <PrechatForm
          config={config}
          visitor={session.visitor}
          onStart={async (input) => {
            const { conversation } = await api.client.widget.start.mutate(input);
            setConversations((list) => [conversation, ...list]);
            setScreen({ kind: "conversation", id: conversation.id });
          }}
        />
      </Frame>
    );
  }

  if (screen.kind === "conversation" && shownConversation) {
    return (
      <Frame color={config.color} title={config.name} subtitle={availability(config)} onBack={back} onClose={close}>
        <Conversation
          api={api}
          token={tokenRef.current ?? ""}
          color={config.color}
          conversation={shownConversation}
          messages={shownMessages}
          typing={typing?.conversationId === shown ? typing.name : null}
          onSent={(message) => setMessages((all) => ({ ...all, [shown!]: merge(all[shown!] ?? [], [message]) }))}
          onRated={(rating) => setConversations((list) => list.map((conversation) => (conversation.id === shown ? { ...conversation, rating } : conversation)))}
          onNew={() => setScreen({ kind: "new" })}
          email={session.visitor.email}
        />
      </Frame>
    );
  }

  return (
    <Frame color={config.color} title={config.name} subtitle={availability(config)} onClose={close}>
      <div className="flex flex-1 flex-col gap-3 overflow-y-auto p-4">
        {config.greeting && <p className="rounded-lg bg-surface p-3 text-sm">{config.greeting}</p>}
        <button type="button" onClick={() => setScreen({ kind: "new" })} className="rounded-md px-4 py-2 text-sm font-medium text-white" style={{ background: config.color }}>
          {conversations.length ? "New conversation" : "Start a conversation"}
        </button>
        {conversations.length > 0 && (
          <section aria-label="Your conversations">
            <h2 className="mb-1 text-xs font-semibold uppercase text-muted">Your conversations</h2>
            <ul className="flex flex-col gap-1">
              {conversations.map((conversation) => (
                <li key={conversation.id}>
                  <button type="button" onClick={() => setScreen({ kind: "conversation", id: conversation.id })} className="w-full rounded-md border border-border p-2 text-left text-sm hover:bg-surface">
                    <span className="block truncate">{conversation.lastMessage || "Conversation"}</span>
                    <span className="text-xs text-muted">
                      {conversation.status === "open" ? "Open" : "Closed"} · {conversation.createdAt.toLocaleDateString()}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </Frame>
  );
}

function Frame({ color, title, subtitle, onBack, onClose, children }: { color: string; title: string; subtitle?: string; onBack?: () => void; onClose?: () => void; children: ReactNode }) {
  return (
    <main className="flex h-dvh flex-col bg-bg text-text">
      <header className="flex items-start gap-2 px-4 py-3 text-white" style={{ background: color }}>
        {onBack && (
          <button type="button" onClick={onBack} aria-label="Back to your conversations" className="-ml-1 rounded px-1 text-lg leading-6 hover:bg-white/20">
            ‹
          </button>
        )}
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-base font-semibold">{title}</h1>
          {subtitle && <p className="text-xs opacity-90">{subtitle}</p>}
        </div>
        {onClose && (
          <button type="button" onClick={onClose} aria-label="Minimize the chat" className="rounded px-1 text-lg leading-6 hover:bg-white/20">
            ×
          </button>
        )}
      </header>
      {children}
    </main>
  );
}

type StartInput = { name: string; email: string; fields: Record<string, string>; body: string; clientNonce: string };

function PrechatForm({ config, visitor, onStart }: { config: WidgetConfig; visitor: Session["visitor"]; onStart: (input: StartInput) => Promise<void> }) {
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const nonce = useMemo(() => crypto.randomUUID(), []);
  const { prechat } = config;
  const emailRequired = prechat.requireEmail || !config.online;
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    setBusy(true);
    setError(null);
    try {
      await onStart({
        name: text("name"),
        email: text("email"),
        fields: Object.fromEntries(prechat.fields.map((field) => [field.key, text(`field-${field.key}`)])),
        body: text("body"),
        clientNonce: nonce,
      });
    } catch (caught) {
      const field = (caught as { data?: { field?: string | null } }).data?.field ?? null;
      setError({ field, message: messageOf(caught) });
    } finally {
      setBusy(false);
    }
  };
  const input = "w-full rounded-md border border-border bg-bg px-3 py-2 text-sm outline-none focus:border-accent focus:ring-2 focus:ring-focus/30";
  return (
    <form onSubmit={submit} className="flex flex-1 flex-col gap-3 overflow-y-auto p-4" noValidate>
      {prechat.askName && !visitor.identified && (
        <label className="text-sm">
          <span className="mb-1 block font-medium">Your name</span>
          <input name="name" className={input} autoComplete="name" maxLength={80} defaultValue={visitor.name.startsWith("Visitor ") ? "" : visitor.name} />
        </label>
      )}
      {(prechat.askEmail || emailRequired) && !visitor.email && (
        <label className="text-sm">
          <span className="mb-1 block font-medium">
            Email{emailRequired ? "" : " (optional)"}
          </span>
          <input name="email" type="email" className={input} autoComplete="email" required={emailRequired} aria-invalid={error?.field === "email"} aria-describedby={error?.field === "email" ? "prechat-error" : undefined} />
        </label>
      )}
      {prechat.fields.map((field) => (
        <label key={field.key} className="text-sm">
          <span className="mb-1 block font-medium">
            {field.label}
            {field.required ? "" : " (optional)"}
          </span>
          <input name={`field-${field.key}`} className={input} maxLength={500} required={field.required} aria-invalid={error?.field === `fields.${field.key}`} />
        </label>
      ))}
      <label className="text-sm">
        <span className="mb-1 block font-medium">How can we help?</span>
        <textarea name="body" className={`${input} min-h-24 resize-y`} required maxLength={4000} />
      </label>
      {error && (
        <p id="prechat-error" role="alert" className="text-sm text-danger">
          {error.message}
        </p>
      )}
      <button type="submit" disabled={busy} className="rounded-md px-4 py-2 text-sm font-medium text-white disabled:opacity-60" style={{ background: config.color }}>
        {busy ? "Sending…" : "Send"}
      </button>
    </form>
  );
}

interface Attachment {
  key: string;
  name: string;
  file: VisitorMessage["files"][number] | null;
  error: string | null;
}

function Conversation(props: {
  api: ReturnType<typeof widgetClient>;
  token: string;
  color: string;
  conversation: VisitorConversation;
  messages: VisitorMessage[];
  typing: string | null;
  email: string | null;
  onSent: (message: VisitorMessage) => void;
  onRated: (rating: number) => void;
  onNew: () => void;
}) {
  const { api, token, color, conversation, messages, typing } = props;
  const [draft, setDraft] = useState("");
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const uploading = attachments.some((attachment) => !attachment.file && !attachment.error);
  const attach = (chosen: Iterable<File>) => {
    const added = [...chosen].slice(0, FILES_PER_MESSAGE - attachments.length).map((file) => ({ key: crypto.randomUUID(), name: file.name, source: file }));
    setAttachments((list) => [...list, ...added.map(({ key, name }) => ({ key, name, file: null, error: null }))]);
    for (const { key, source } of added) {
      void uploadVisitorFile(token, conversation.id, source).then(
        (file) => setAttachments((list) => list.map((attachment) => (attachment.key === key ? { ...attachment, file } : attachment))),
        (caught: Error) => setAttachments((list) => list.map((attachment) => (attachment.key === key ? { ...attachment, error: caught.message } : attachment))),
      );
    }
  };
  const lastTyped = useRef(0);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: "end" });
  }, [messages.length, typing]);
  const lastMine = messages.findLast((message) => message.fromVisitor);
  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const body = draft.trim();
    const sending = attachments.filter((attachment) => attachment.file);
    if ((!body && !sending.length) || uploading) return;
    setDraft("");
    setAttachments([]);
    setError(null);
    try {
      props.onSent(await api.client.widget.send.mutate({ conversationId: conversation.id, body, fileIds: sending.map((attachment) => attachment.file!.id), clientNonce: crypto.randomUUID() }));
    } catch (caught) {
      setDraft(body);
      setAttachments(sending);
      setError(messageOf(caught));
    }
  };
  const onType = (value: string) => {
    setDraft(value);
    if (conversation.status === "open" && Date.now() - lastTyped.current > TYPING_REPEAT_MS) {
      lastTyped.current = Date.now();
      void api.client.widget.typing.mutate({ conversationId: conversation.id }).catch(() => {});
    }
  };
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ol ref={list} aria-label="Messages" aria-live="polite" className="flex flex-1 flex-col gap-2 overflow-y-auto p-4">
        {messages.map((message) => (
          <li key={message.id} className={message.fromVisitor ? "flex flex-col items-end" : "flex flex-col items-start"}>
            {!message.fromVisitor && <span className="mb-0.5 text-xs text-muted">{message.authorName}</span>}
            <div
              className={`max-w-[85%] whitespace-pre-wrap break-words rounded-2xl px-3 py-2 text-sm ${message.fromVisitor ? "text-white" : "bg-surface-2"}`}
              style={message.fromVisitor ? { background: color } : undefined}
            >
              {message.deletedAt ? <em className="opacity-70">This message was deleted</em> : <InlineText text={message.body} />}
              <MessageFiles token={token} files={message.files} />
            </div>
            {message.id === lastMine?.id && conversation.agentsReadSeq >= message.seq && <span className="mt-0.5 text-xs text-muted">Seen</span>}
          </li>
        ))}
        {typing && (
          <li className="text-xs text-muted" aria-live="polite">
            {typing} is typing…
          </li>
        )}
      </ol>
      {conversation.status === "closed" ? (
        <ClosedPanel {...props} />
      ) : (
        <form
          onSubmit={send}
          onDragOver={(event) => event.preventDefault()}
          onDrop={(event) => {
            event.preventDefault();
            attach(event.dataTransfer.files);
          }}
          className="border-t border-border p-2"
        >
          {error && (
            <p role="alert" className="px-1 pb-1 text-xs text-danger">
              {error}
            </p>
          )}
          {attachments.length > 0 && (
            <ul aria-label="Attachments" className="flex flex-wrap gap-1 pb-2">
              {attachments.map((attachment) => (
                <li key={attachment.key} className={`flex max-w-full items-center gap-1 rounded-md border px-2 py-1 text-xs ${attachment.error ? "border-danger text-danger" : "border-border"}`}>
                  <span className="truncate">{attachment.name}</span>
                  <span className="shrink-0 text-muted">{attachment.error ?? (attachment.file ? formatFileSize(attachment.file.size) : "Uploading…")}</span>
                  <button type="button" aria-label={`Remove ${attachment.name}`} onClick={() => setAttachments((list) => list.filter((other) => other.key !== attachment.key))} className="shrink-0 px-1">
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="flex items-end gap-2">
            <input
              ref={picker}
              type="file"
              multiple
              hidden
              aria-label="Files to attach"
              onChange={(event) => {
                attach(event.target.files ?? []);
                event.target.value = "";
              }}
            />
            <button type="button" aria-label="Attach a file" title="Attach a file" onClick={() => picker.current?.click()} className="rounded-md border border-border p-2 text-muted hover:text-text">
              <PaperclipIcon />
            </button>
            <label className="sr-only" htmlFor="widget-message">
              Message
            </label>
            <textarea
              id="widget-message"
              value={draft}
              onChange={(event) => onType(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter" && !event.shiftKey) void send(event);
              }}
              onPaste={(event) => {
                if (event.clipboardData.files.length) {
                  event.preventDefault();
                  attach(event.clipboardData.files);
                }
              }}
              rows={1}
              maxLength={4000}
              placeholder="Write a message…"
              className="max-h-32 min-h-9 flex-1 resize-none rounded-md border border-border bg-bg px-3 py-2 text-sm outline-none focus:border-accent"
            />
            <button type="submit" disabled={uploading} className="rounded-md px-3 py-2 text-sm font-medium text-white disabled:opacity-60" style={{ background: color }}>
              Send
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

function ClosedPanel({ api, color, conversation, email, onRated, onNew }: Parameters<typeof Conversation>[0]) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [address, setAddress] = useState(email ?? "");
  return (
    <section aria-label="Conversation closed" className="flex flex-col gap-2 border-t border-border p-3 text-sm">
      <p className="font-medium">This conversation is closed.</p>
      <fieldset>
        <legend className="mb-1 text-muted">How did we do?</legend>
        <div className="flex gap-1">
          {[1, 2, 3, 4, 5].map((rating) => (
            <button
              key={rating}
              type="button"
              aria-pressed={conversation.rating === rating}
              aria-label={`${rating} out of 5`}
              onClick={() => void api.client.widget.rate.mutate({ conversationId: conversation.id, rating }).then(() => onRated(rating), (caught) => setError(messageOf(caught)))}
              className="h-8 w-8 rounded-md border border-border text-base"
              style={conversation.rating !== null && rating <= conversation.rating ? { background: color, color: "white" } : undefined}
            >
              ★
            </button>
          ))}
        </div>
      </fieldset>
      {sentTo ? (
        <p role="status">The transcript is on its way to {sentTo}.</p>
      ) : (
        <form
          className="flex gap-1"
          onSubmit={(event) => {
            event.preventDefault();
            void api.client.widget.transcript.mutate({ conversationId: conversation.id, email: address || undefined }).then((result) => setSentTo(result.email), (caught) => setError(messageOf(caught)));
          }}
        >
          <label className="sr-only" htmlFor="transcript-email">
            Email for the transcript
          </label>
          <input id="transcript-email" type="email" value={address} onChange={(event) => setAddress(event.target.value)} placeholder="you@example.com" className="min-w-0 flex-1 rounded-md border border-border bg-bg px-2 py-1" />
          <button type="submit" className="rounded-md border border-border px-2 py-1">
            Email me the transcript
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-danger">
          {error}
        </p>
      )}
      <button type="button" onClick={onNew} className="self-start underline">
        Start a new conversation
      </button>
    </section>
  );
}
