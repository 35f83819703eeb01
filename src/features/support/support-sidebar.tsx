"use client";
import { useQuery } from "@tanstack/react-query";
import { Inbox } from "lucide-react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useTRPC } from "@/client/trpc";
import { cn } from "@/components/cn";
import { CONVERSATION_VIEW_NAMES, CONVERSATION_VIEWS } from "@/shared/support";
import { useCurrentWorkspace } from "../common/workspace-context";

/** The sidebar's Support section, for people who answer an inbox: each view with its count, kept live by the inbox events. */
export function SupportSidebarSection() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const pathname = usePathname();
  const view = useSearchParams().get("view") ?? "unassigned";
  const counts = useQuery(trpc.support.counts.queryOptions({ workspaceId: workspace.id }));
  if (!counts.data?.answering) return null;
  const base = `/w/${workspace.slug}/support`;
  return (
    <section aria-labelledby="support-heading" className="mb-3">
      <h2 id="support-heading" className="flex items-center gap-1.5 px-2 pb-1 text-xs font-semibold uppercase tracking-wide text-muted">
        <Inbox size={12} aria-hidden="true" /> Support
      </h2>
      <ul aria-label="Support conversations">
        {CONVERSATION_VIEWS.map((name) => {
          const count = counts.data[name];
          const current = pathname === base && view === name;
          // Waiting visitors are what needs doing: those counts stand out.
          const urgent = (name === "unassigned" || name === "mine") && count > 0;
          return (
            <li key={name}>
              <Link
                href={`${base}?view=${name}`}
                aria-current={current ? "page" : undefined}
                aria-label={`${CONVERSATION_VIEW_NAMES[name]}, ${count} conversation${count === 1 ? "" : "s"}`}
                className={cn(
                  "flex h-7 items-center gap-1.5 rounded-md px-2 text-[15px]",
                  current ? "bg-accent text-accent-fg" : urgent ? "font-bold text-text hover:bg-surface-2" : "text-muted hover:bg-surface-2 hover:text-text",
                )}
              >
                {CONVERSATION_VIEW_NAMES[name]}
                {name !== "closed" && count > 0 && (
                  <span aria-hidden="true" className={cn("ml-auto rounded-full px-1.5 text-xs font-bold", urgent ? "bg-danger text-white dark:text-bg" : "bg-surface-2 text-muted")}>
                    {count}
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
