"use client";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { FileText, Hash, Lock, MessageCircle } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/client/trpc";
import { messagePath } from "@/shared/messages";
import { formatFileSize } from "@/shared/files";
import type { SearchSort, SnippetPart } from "@/shared/search";
import { Button } from "@/components/button";
import { DownloadLink } from "../files/attachments";
import { formatFull } from "../common/format";
import { ViewPage } from "../common/view-page";
import { useCurrentWorkspace } from "../common/workspace-context";

const DEBOUNCE_MS = 250;

const OPERATORS = [
  ["from:@ana", "by a person"],
  ["in:#ops", "in a channel"],
  ["before:2026-03-01", "after: and on: too"],
  ["has:link", "or has:file"],
  ["is:thread", "in threads"],
  ['"exact phrase"', "words in this order"],
  ["-word", "without it"],
] as const;

/** Matched words marked; plain text only, so nothing in a message can turn into markup here. */
function Marked({ parts }: { parts: SnippetPart[] }) {
  return (
    <>
      {parts.map((part, index) =>
        part.match ? (
          <mark key={index} className="rounded-sm bg-accent-soft px-0.5 font-semibold text-text">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}

function useDebounced(value: string) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return debounced;
}

/** Search as you type over the messages and files of every channel you can read; a result opens in its conversation. */
export function SearchView() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const router = useRouter();
  const pathname = usePathname();
  const [text, setText] = useState(useSearchParams().get("q") ?? "");
  const [sort, setSort] = useState<SearchSort>("relevant");
  const query = useDebounced(text.trim());
  const results = useInfiniteQuery(
    trpc.search.workspace.infiniteQueryOptions(
      { workspaceId: workspace.id, query, utcOffsetMinutes: -new Date().getTimezoneOffset(), sort },
      { enabled: query.length > 0, placeholderData: keepPreviousData, getNextPageParam: (page) => page.nextCursor },
    ),
  );

  // The search is in the address, so it survives a reload and can be shared; but a result opened while the words
  // were still settling must not be undone by writing the address afterwards.
  const openingResult = useRef(false);
  useEffect(() => {
    if (openingResult.current) return;
    router.replace(query ? `${pathname}?q=${encodeURIComponent(query)}` : pathname, { scroll: false });
  }, [query, pathname, router]);

  const pages = query ? results.data?.pages : undefined;
  const data = pages && { files: pages[0]?.files ?? [], messages: pages.flatMap((page) => page.messages) };
  const count = (data?.messages.length ?? 0) + (data?.files.length ?? 0);
  return (
    <ViewPage title="Search">
      <input
        type="search"
        aria-label="Search messages and files"
        placeholder="Search messages and files"
        value={text}
        autoFocus
        onChange={(event) => setText(event.target.value)}
        className="h-10 w-full rounded-md border border-border bg-bg px-3 text-sm placeholder:text-muted focus:border-accent focus:outline-none"
      />
      <ul aria-label="Search operators" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
        {OPERATORS.map(([example, meaning]) => (
          <li key={example}>
            <code className="rounded bg-surface-2 px-1 text-text">{example}</code> {meaning}
          </li>
        ))}
      </ul>
      <p aria-live="polite" className="text-sm text-muted">
        {!query ? "" : results.isFetching && !data ? "Searching…" : count === 0 ? `Nothing matches “${query}”.` : `${count}${results.hasNextPage ? "+" : ""} result${count === 1 ? "" : "s"}`}
      </p>

      {data && data.files.length > 0 && (
        <section aria-labelledby="file-results">
          <h2 id="file-results" className="mb-2 text-sm font-semibold">
            Files
          </h2>
          <ul className="flex flex-col divide-y divide-border rounded-md border border-border">
            {data.files.map((file) => (
              <li key={file.id} className="flex items-center gap-3 px-3 py-2 text-sm">
                <FileText size={18} aria-hidden="true" className="shrink-0 text-muted" />
                <div className="min-w-0 flex-1">
                  <div className="truncate font-medium">
                    <Marked parts={file.nameParts} />
                  </div>
                  <div className="text-xs text-muted">
                    #{file.channelName} · {file.uploaderName ?? "Someone"} · {formatFileSize(file.size)}
                  </div>
                </div>
                <DownloadLink file={file} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {data && data.messages.length > 0 && (
        <section aria-labelledby="message-results">
          <div className="mb-2 flex items-center justify-between gap-2">
            <h2 id="message-results" className="text-sm font-semibold">
              Messages
            </h2>
            <label className="flex items-center gap-1.5 text-xs text-muted">
              Sort
              <select value={sort} onChange={(event) => setSort(event.target.value as SearchSort)} className="rounded border border-border bg-bg px-1.5 py-0.5 text-xs text-text">
                <option value="relevant">Most relevant</option>
                <option value="newest">Newest</option>
              </select>
            </label>
          </div>
          <ul aria-label="Message results" className="flex flex-col gap-2">
            {data.messages.map((message) => {
              const Icon = message.channelKind === "private" ? Lock : message.channelKind === "public" ? Hash : MessageCircle;
              const where = message.channelKind === "public" || message.channelKind === "private" ? message.channelName : "Direct message";
              return (
                <li key={message.id}>
                  <Link
                    href={messagePath(workspace.slug, message)}
                    onClick={() => void (openingResult.current = true)}
                    className="block rounded-md border border-border px-3 py-2 hover:bg-surface focus-visible:bg-surface"
                  >
                    <div className="flex items-center gap-1.5 text-xs text-muted">
                      <Icon size={12} aria-hidden="true" />
                      <span>{where}</span>
                      {message.threadRootId && <span>· in a thread</span>}
                      <span>· {message.authorName ?? "Someone"}</span>
                      <time className="ml-auto" dateTime={message.createdAt.toISOString()}>
                        {formatFull(message.createdAt)}
                      </time>
                    </div>
                    <p className="mt-0.5 whitespace-pre-wrap break-words text-sm">
                      <Marked parts={message.snippet} />
                    </p>
                  </Link>
                </li>
              );
            })}
          </ul>
          {results.hasNextPage && (
            <Button variant="secondary" className="mt-2" pending={results.isFetchingNextPage} onClick={() => void results.fetchNextPage()}>
              More results
            </Button>
          )}
        </section>
      )}
    </ViewPage>
  );
}
