"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { postFile } from "@/client/post-file";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { CopyField } from "@/components/copy-field";
import { Dialog } from "@/components/dialog";
import { FormError, TextField } from "@/components/field";
import { FormActions } from "@/components/form-actions";
import { useSubmit } from "@/components/use-submit";
import type { AppScope } from "@/shared/apps";
import { useCurrentWorkspace } from "../common/workspace-context";
import { ScopePicker, scopesOf } from "./scope-picker";
import { ShownOnce } from "./shown-once";
import { useRefreshApps } from "./use-apps";

/** Enough for a bot that reads and posts in public channels, the usual first integration. */
const DEFAULT_SCOPES: AppScope[] = ["chat:write", "channels:read", "channels:history", "users:read"];

interface Created {
  name: string;
  botToken: string;
  appToken: string;
  signingSecret: string;
}

/** A new app, then its credentials, which only this dialog ever shows. */
export function CreateAppDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const refresh = useRefreshApps();
  const create = useMutation(trpc.apps.create.mutationOptions({ onSuccess: refresh }));
  const submit = useSubmit({ fields: ["name", "description"] });
  const [created, setCreated] = useState<Created | null>(null);

  const onSubmit = submit.handleSubmit(async (form) => {
    const name = String(form.get("name"));
    const result = await create.mutateAsync({ workspaceId: workspace.id, name, description: String(form.get("description")), scopes: scopesOf(form) });
    setCreated({ name: name.trim(), ...result });
    // The app exists either way: an icon that fails to upload can be set again from its settings.
    const icon = form.get("icon");
    if (icon instanceof File && icon.size > 0) {
      await postFile(`/api/files/app-icon?appId=${result.appId}`, icon, "The icon could not be uploaded").then(refresh, (error: Error) => void toast.error(error.message));
    }
  });

  const close = (next: boolean) => {
    if (!next) {
      setCreated(null);
      submit.reset();
    }
    onOpenChange(next);
  };

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={created ? `${created.name} is ready` : "Create an app"}
      description={created ? undefined : "An app acts as its own bot user, through Slack's Web API, Events API and Socket Mode."}
    >
      {created ? (
        <div className="flex flex-col gap-4">
          <ShownOnce>Copy the tokens now: they are shown only this once. Rotating one later gives a new token and stops the old one.</ShownOnce>
          <CopyField label="Bot token" value={created.botToken} hint="For Slack's Web API, as the app's bot." />
          <CopyField label="App-level token" value={created.appToken} hint="For Socket Mode." />
          <CopyField label="Signing secret" value={created.signingSecret} hint="Verifies the requests Confab sends the app. You can show it again from the app's settings." />
          <div className="text-xs text-muted">
            <p>Point Slack’s SDKs at Confab:</p>
            <pre className="mt-1 overflow-x-auto rounded-md bg-surface-2 px-3 py-2 font-mono text-text">{`new WebClient(token, { slackApiUrl: "${window.location.origin}/api/slack/" })`}</pre>
            <p className="mt-1">With Bolt, pass the same URL as clientOptions.slackApiUrl.</p>
          </div>
          <div className="flex justify-end">
            <Button type="button" onClick={() => close(false)}>
              Done
            </Button>
          </div>
        </div>
      ) : (
        <form onSubmit={onSubmit} className="flex flex-col gap-4">
          <FormError message={submit.error} />
          <TextField label="Name" name="name" required maxLength={80} placeholder="Deploy bot" autoComplete="off" error={submit.errorOf("name")} />
          <TextField label="Description" name="description" maxLength={500} placeholder="Posts when a deploy starts and ends" autoComplete="off" error={submit.errorOf("description")} />
          <label className="flex flex-col gap-1.5 text-sm">
            <span className="font-medium">Icon</span>
            <input type="file" name="icon" accept="image/png,image/jpeg,image/gif,image/webp" className="text-sm" />
            <span className="text-xs text-muted">Optional: a PNG, JPEG, GIF or WebP image, shown on its messages and in the member list.</span>
          </label>
          <ScopePicker checked={DEFAULT_SCOPES} />
          <FormActions onCancel={() => close(false)} pending={submit.pending} submitLabel="Create app" />
        </form>
      )}
    </Dialog>
  );
}
