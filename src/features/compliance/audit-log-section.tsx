"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { Section } from "@/components/settings-section";
import { AUDIT_CATEGORIES, AUDIT_CSV_PATH, type AuditCategory } from "@/shared/audit";
import { formatFull } from "../common/format";
import { useCurrentWorkspace } from "../common/workspace-context";

const CATEGORY_LABELS: Record<AuditCategory, string> = {
  sso: "Single sign-on",
  member: "Members and roles",
  invite: "Invites and guests",
  two_factor: "Two-factor",
  group: "User groups",
  scim: "SCIM",
  retention: "Retention",
  legal_hold: "Legal holds",
  workspace: "Workspace",
  account: "Accounts",
  app: "Apps",
  export: "Exports",
  import: "Imports",
};

/** Settings → Audit log: every admin action, filtered by kind and words, newest first, exportable as CSV. */
export function AuditLogSection() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const [category, setCategory] = useState<AuditCategory | "">("");
  const [words, setWords] = useState("");
  const query = useDeferredValue(words);
  const filter = { workspaceId: workspace.id, category: category || null, query, limit: 100 };
  const log = useInfiniteQuery({
    ...trpc.audit.list.infiniteQueryOptions(filter, { getNextPageParam: (page) => (page.length === 100 ? { createdAt: page.at(-1)!.createdAt, id: page.at(-1)!.id } : undefined) }),
    refetchOnMount: "always",
  });
  const entries = log.data?.pages.flat() ?? [];
  const csv = `${AUDIT_CSV_PATH}?${new URLSearchParams({ workspaceId: workspace.id, ...(category && { category }), ...(query && { query }) })}`;
  return (
    <Section title="Audit log" description="Who changed what: sign-ins through SSO, roles, deactivations, groups, SCIM, retention and more.">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <select aria-label="Kind of action" value={category} onChange={(event) => setCategory(event.target.value as AuditCategory | "")} className="h-8 rounded-md border border-border bg-bg px-2 text-sm">
          <option value="">Everything</option>
          {AUDIT_CATEGORIES.map((value) => (
            <option key={value} value={value}>
              {CATEGORY_LABELS[value]}
            </option>
          ))}
        </select>
        <input type="search" aria-label="Search the audit log" placeholder="Search" value={words} onChange={(event) => setWords(event.target.value)} className="h-8 min-w-40 flex-1 rounded-md border border-border bg-bg px-2 text-sm" />
        <a href={csv} download className="inline-flex h-8 items-center rounded-md border border-border px-3 text-sm hover:bg-surface-2">
          Export CSV
        </a>
      </div>
      <ol aria-label="Audit log" className="max-h-96 divide-y divide-border overflow-y-auto rounded-md border border-border text-sm">
        {entries.map((entry) => (
          <li key={entry.id} className="flex gap-3 px-3 py-1.5">
            <time className="w-40 shrink-0 text-xs text-muted" dateTime={entry.createdAt.toISOString()}>
              {formatFull(entry.createdAt)}
            </time>
            <span className="min-w-0">
              <span className="font-mono text-xs">{entry.action}</span> {entry.detail && <span className="text-muted">{entry.detail}</span>}
              <span className="text-muted"> · {entry.actorName ?? "Confab"}</span>
            </span>
          </li>
        ))}
        {entries.length === 0 && !log.isPending && <li className="px-3 py-2 text-muted">Nothing yet.</li>}
      </ol>
      {log.hasNextPage && (
        <Button variant="secondary" className="mt-2" pending={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          Older entries
        </Button>
      )}
    </Section>
  );
}
