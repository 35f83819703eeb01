"use client";
import type { ReactNode } from "react";
import { NavigationButton } from "../workspace/navigation-button";

export function FeedPage({ title, description, loading, empty, children }: { title: string; description: string; loading: boolean; empty: boolean; children: ReactNode }) {
  return (
    <main className="flex min-h-0 flex-1 flex-col" aria-labelledby="feed-title">
      <header className="flex h-12 shrink-0 items-center gap-2 border-b border-border px-4">
        <NavigationButton />
        <h1 id="feed-title" className="font-semibold">
          {title}
        </h1>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex max-w-3xl flex-col gap-3 p-5">
          {loading ? <p className="text-sm text-muted">Loading…</p> : empty ? <p className="py-10 text-center text-muted">{description}</p> : children}
        </div>
      </div>
    </main>
  );
}
