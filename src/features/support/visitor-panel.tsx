"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { X } from "lucide-react";
import Link from "next/link";
import { type ReactNode, useState } from "react";
import { type RouterOutputs, useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { Button } from "@/components/button";
import { FormError } from "@/components/field";
import { useSubmit } from "@/components/use-submit";
import { useNow } from "@/client/now";
import { useCurrentWorkspace } from "../common/workspace-context";

type Conversation = RouterOutputs["support"]["conversation"];

// Edge and Chrome name Chrome too, and Chrome names Safari: the first that matches is the browser.
const BROWSERS: Array<[RegExp, string]> = [
  [/Edg\/(\d+)/, "Edge"],
  [/Firefox\/(\d+)/, "Firefox"],
  [/Chrome\/(\d+)/, "Chrome"],
  [/Version\/(\d+).*Safari/, "Safari"],
];
const SYSTEMS: Array<[RegExp, string]> = [
  [/Windows/, "Windows"],
  [/Android/, "Android"],
  [/iPhone|iPad/, "iOS"],
  [/Mac OS X/, "macOS"],
  [/Linux/, "Linux"],
];

/** "Chrome 156 on Linux": enough of a user agent to picture the visitor's screen. */
export function browserOf(userAgent: string): string {
  const browser = BROWSERS.map(([pattern, name]) => [pattern.exec(userAgent), name] as const).find(([match]) => match);
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const named = browser ? `${browser[1]} ${browser[0]![1]}` : "A browser";
  return system ? `${named} on ${system}` : named;
}

function localTime(timeZone: string, now: Date): string | null {
  try {
    return now.toLocaleTimeString(undefined, { timeZone, hour: "numeric", minute: "2-digit" });
  } catch {
    return null;
  }
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="py-1">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="break-words text-sm">{children}</dd>
    </div>
  );
}

/** Beside a live-chat conversation: who the visitor is, where they are on the website, and what they asked before. */
export function VisitorPanel({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const workspace = useCurrentWorkspace();
  const now = useNow();
  const { details } = conversation;
  const time = details.timeZone ? localTime(details.timeZone, now) : null;
  return (
    <aside aria-label="Visitor" className="fixed inset-0 z-20 flex flex-col overflow-y-auto border-l border-border bg-bg md:static md:z-auto md:w-[300px] md:shrink-0">
      <header className="flex h-12 shrink-0 items-center justify-between border-b border-border px-4">
        <h2 className="font-semibold">Visitor</h2>
        <button type="button" onClick={onClose} aria-label="Close visitor details" className="rounded-md p-1 text-muted hover:bg-surface-2 hover:text-text">
          <X size={16} aria-hidden="true" />
        </button>
      </header>
      <div className="flex flex-col gap-3 p-4">
        <div className="flex items-center gap-3">
          <Avatar name={details.name} image={null} size={40} />
          <div className="min-w-0">
            <p className="truncate font-semibold">{details.name}</p>
            <p className="text-xs text-muted">{details.online ? "On the website now" : "Away"}</p>
          </div>
        </div>
        <dl>
          <Row label="Email">{details.email ?? "Not given"}</Row>
          {details.verifiedId && <Row label="Verified account">{details.verifiedId}</Row>}
          {Object.entries(details.fields).map(([key, value]) => (
            <Row key={key} label={details.fieldLabels[key] ?? key}>
              {value}
            </Row>
          ))}
          {details.pageUrl && (
            <Row label="Page">
              <a href={details.pageUrl} target="_blank" rel="noopener noreferrer nofollow" className="text-accent hover:underline">
                {details.pageUrl}
              </a>
            </Row>
          )}
          {details.referrer && <Row label="Came from">{details.referrer}</Row>}
          {details.userAgent && <Row label="Browser">{browserOf(details.userAgent)}</Row>}
          {time && (
            <Row label="Local time">
              {time} ({details.timeZone})
            </Row>
          )}
        </dl>
        <section aria-labelledby="previous-conversations">
          <h3 id="previous-conversations" className="mb-1 text-xs font-semibold uppercase text-muted">
            Previous conversations
          </h3>
          {details.previous.length === 0 ? (
            <p className="text-sm text-muted">None</p>
          ) : (
            <ul className="flex flex-col gap-1">
              {details.previous.map((previous) => (
                <li key={previous.id}>
                  <Link href={`/w/${workspace.slug}/c/${previous.id}`} className="block rounded-md border border-border p-2 text-sm hover:bg-surface">
                    <span className="block truncate">{previous.lastMessage || "Conversation"}</span>
                    <span className="text-xs text-muted">
                      {previous.status === "open" ? "Open" : "Closed"} · {previous.createdAt.toLocaleDateString()}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <SavedReplies inboxId={conversation.inboxId} />
      </div>
    </aside>
  );
}

/** The inbox's saved replies: typed as /shortcut in the box, managed here by anyone on the team. */
function SavedReplies({ inboxId }: { inboxId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workspace = useCurrentWorkspace();
  const replies = useQuery(trpc.support.savedReplies.queryOptions({ workspaceId: workspace.id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.support.savedReplies.queryKey({ workspaceId: workspace.id }) });
  const create = useMutation(trpc.support.createSavedReply.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.support.deleteSavedReply.mutationOptions({ onSuccess: refresh }));
  const submit = useSubmit();
  const [adding, setAdding] = useState(false);
  const mine = (replies.data ?? []).filter((reply) => reply.inboxId === inboxId);
  const onSubmit = submit.handleSubmit(async (form, element) => {
    await create.mutateAsync({ inboxId, shortcut: String(form.get("shortcut")), body: String(form.get("body")) });
    element.reset();
    setAdding(false);
  });
  return (
    <section aria-labelledby="saved-replies">
      <h3 id="saved-replies" className="mb-1 text-xs font-semibold uppercase text-muted">
        Saved replies
      </h3>
      <p className="mb-1 text-xs text-muted">
        Type <kbd className="font-sans">/</kbd> in the box to use one.
      </p>
      <ul className="flex flex-col gap-1">
        {mine.map((reply) => (
          <li key={reply.id} className="flex items-start gap-2 text-sm">
            <span className="font-semibold">/{reply.shortcut}</span>
            <span className="min-w-0 flex-1 truncate text-muted">{reply.body}</span>
            <button type="button" className="text-xs text-muted hover:text-danger" aria-label={`Delete saved reply /${reply.shortcut}`} onClick={() => remove.mutate({ replyId: reply.id })}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {adding ? (
        <form onSubmit={onSubmit} className="mt-2 flex flex-col gap-2">
          <FormError message={submit.error} />
          <label className="text-xs font-medium">
            Shortcut
            <input name="shortcut" required maxLength={32} pattern="[a-z0-9][a-z0-9-]*" className="mt-1 h-8 w-full rounded-md border border-border bg-bg px-2 text-sm" placeholder="refund" />
          </label>
          <label className="text-xs font-medium">
            Reply
            <textarea name="body" required maxLength={4000} className="mt-1 h-20 w-full rounded-md border border-border bg-bg px-2 py-1 text-sm" />
          </label>
          <div className="flex gap-2">
            <Button type="submit" pending={submit.pending}>
              Save reply
            </Button>
            <Button type="button" variant="secondary" onClick={() => setAdding(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <button type="button" className="mt-1 text-sm text-accent hover:underline" onClick={() => setAdding(true)}>
          Add a saved reply
        </button>
      )}
    </section>
  );
}
