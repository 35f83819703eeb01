"use client";
import { type ReactNode, useId } from "react";
import { NavigationButton } from "./navigation-button";

/** A workspace view beside the sidebar: a titled header (with room for controls) over a scrolling column. */
export function ViewPage({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const titleId = useId();
  return (
    <main className="flex min-h-0 flex-1 flex-col" aria-labelledby={titleId}>
      <header className="flex h-12 shrink-0 items-center gap-2 border-b border-border px-4">
        <NavigationButton />
        <h1 id={titleId} className="font-semibold">
          {title}
        </h1>
        {actions}
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex max-w-3xl flex-col gap-3 p-5">{children}</div>
      </div>
    </main>
  );
}
