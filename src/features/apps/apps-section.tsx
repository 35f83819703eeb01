"use client";
import { useState } from "react";
import { Button } from "@/components/button";
import { Section } from "@/components/settings-section";
import { AppItem } from "./app-item";
import { CreateAppDialog } from "./create-app-dialog";
import { useApps } from "./use-apps";

/** Workspace settings → apps: integrations written for Slack (bots, Socket Mode apps, incoming webhooks) run against Confab. */
export function AppsSection() {
  const apps = useApps();
  const [creating, setCreating] = useState(false);
  return (
    <Section title="Apps" description="Bots and integrations written for Slack work here too: give them a token and point them at Confab.">
      <Button onClick={() => setCreating(true)}>Create an app</Button>
      {apps.data && apps.data.length > 0 && (
        <ul aria-label="Installed apps" className="mt-4 divide-y divide-border rounded-md border border-border">
          {apps.data.map((app) => (
            <AppItem key={app.id} app={app} />
          ))}
        </ul>
      )}
      {apps.data?.length === 0 && <p className="mt-3 text-sm text-muted">No apps yet. Create one to get a bot token for a Slack bot, script or integration.</p>}
      {apps.isPending && <div aria-hidden="true" className="mt-4 h-24 animate-pulse rounded-md bg-surface-2" />}
      {apps.error && (
        <p role="alert" className="mt-3 text-sm text-danger">
          {apps.error.message}{" "}
          <button type="button" className="text-accent hover:underline" onClick={() => void apps.refetch()}>
            Try again
          </button>
        </p>
      )}
      <CreateAppDialog open={creating} onOpenChange={setCreating} />
    </Section>
  );
}
