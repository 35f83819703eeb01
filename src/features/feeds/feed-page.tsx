"use client";
import type { ReactNode } from "react";
import { ViewPage } from "../common/view-page";

export function FeedPage({ title, description, loading, empty, children }: { title: string; description: string; loading: boolean; empty: boolean; children: ReactNode }) {
  return (
    <ViewPage title={title}>
      {loading ? <p className="text-sm text-muted">Loading…</p> : empty ? <p className="py-10 text-center text-muted">{description}</p> : children}
    </ViewPage>
  );
}
