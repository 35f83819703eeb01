"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { Section } from "@/components/settings-section";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { useCurrentWorkspace } from "../common/workspace-context";
import { AppItem } from "./app-item";
import { CreateAppDialog } from "./create-app-dialog";
import { useApps } from "./use-apps";

/** Workspace settings → apps: integrations written for Slack (bots, Socket Mode apps, incoming webhooks) run against Confab. */
export function AppsSection() {
  const apps = useApps();
  const workspace = useCurrentWorkspace();
  const admin = isWorkspaceAdmin(workspace.role);
  const trpc = useTRPC();
  const update = useMutation(trpc.workspaces.update.mutationOptions({ onError: (cause) => void toast.error(cause.message) }));
  const [creating, setCreating] = useState(false);
  return (
    <Section
      title="Apps"
      description={
        admin ? "Bots and integrations written for Slack work here too: give them a token and point them at Confab." : "Apps you create: bots and integrations written for Slack, run against Confab. Admins see them too."
      }
    >
      {admin && (
        <label className="mb-3 flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-0.5"
            checked={workspace.membersCanCreateApps}
            disabled={update.isPending}
            onChange={(event) => update.mutate({ workspaceId: workspace.id, membersCanCreateApps: event.target.checked })}
          />
          <span>
            <span className="font-medium">Members can create apps</span>
            <span className="block text-muted">Each member then manages the apps they created; admins manage every app. Guests never can.</span>
          </span>
        </label>
      )}
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
