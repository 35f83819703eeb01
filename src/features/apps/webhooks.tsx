"use client";
import { useMutation } from "@tanstack/react-query";
import { Webhook } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { ConfirmButton } from "@/components/confirm-dialog";
import { CopyField } from "@/components/copy-field";
import { Dialog } from "@/components/dialog";
import { FormError, SelectField } from "@/components/field";
import { FormActions } from "@/components/form-actions";
import { useSubmit } from "@/components/use-submit";
import { useMyChannels } from "../common/use-my-channels";
import { CreatedAt } from "./created-at";
import { ShownOnce } from "./shown-once";
import { type App, useRefreshApps } from "./use-apps";

const curlExample = (url: string) => `curl -X POST -H 'Content-type: application/json' --data '{"text":"Hello"}' ${url}`;

/** An app's incoming webhooks: URLs that post into one channel each, as the app. */
export function AppWebhooks({ app }: { app: App }) {
  const trpc = useTRPC();
  const refresh = useRefreshApps();
  const revoke = useMutation(trpc.apps.revokeWebhook.mutationOptions({ onSuccess: refresh }));
  const [adding, setAdding] = useState(false);
  return (
    <div>
      <h4 className="text-xs font-semibold text-muted">Incoming webhooks</h4>
      {app.webhooks.length > 0 ? (
        <ul aria-label={`Incoming webhooks of ${app.name}`} className="mt-1 divide-y divide-border rounded-md border border-border">
          {app.webhooks.map((webhook) => (
            <li key={webhook.id} className="flex items-center gap-2 px-2 py-1 text-xs">
              <Webhook size={13} aria-hidden="true" className="shrink-0 text-muted" />
              <span className="min-w-0 flex-1 truncate">
                <span className="font-medium">#{webhook.channelName}</span>
                <span className="text-muted">
                  {" · "}
                  <CreatedAt date={webhook.createdAt} />
                </span>
              </span>
              <ConfirmButton
                variant="ghost"
                className="h-7 px-2 text-xs"
                aria-label={`Revoke webhook to #${webhook.channelName}`}
                title={`Revoke the webhook to #${webhook.channelName}?`}
                description="Anything posting to its URL gets an error from now on. What it already posted stays."
                confirmLabel="Revoke"
                onConfirm={() => revoke.mutateAsync({ webhookId: webhook.id })}
              >
                Revoke
              </ConfirmButton>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-xs text-muted">None yet. A webhook lets a script or service post into a channel with a plain HTTP request.</p>
      )}
      <Button variant="secondary" className="mt-2 h-7 px-2 text-xs" onClick={() => setAdding(true)}>
        Add incoming webhook
      </Button>
      {adding && <AddWebhookDialog app={app} onClose={() => setAdding(false)} />}
    </div>
  );
}

/** Picks one of the admin's channels (the server requires them to be in it), then shows the URL this once. */
function AddWebhookDialog({ app, onClose }: { app: App; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshApps();
  const channels = useMyChannels();
  const create = useMutation(trpc.apps.createWebhook.mutationOptions({ onSuccess: refresh }));
  const submit = useSubmit();
  const [created, setCreated] = useState<{ url: string; channelName: string } | null>(null);
  const choices = channels.data?.filter((channel) => channel.kind === "public" || channel.kind === "private");

  const onSubmit = submit.handleSubmit(async (form) => {
    const channelId = String(form.get("channelId"));
    const { path } = await create.mutateAsync({ appId: app.id, channelId });
    setCreated({ url: `${window.location.origin}${path}`, channelName: choices?.find((channel) => channel.id === channelId)?.name ?? "" });
  });

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={created ? `Webhook to #${created.channelName}` : "Add incoming webhook"}
      description={created ? undefined : `It posts into one channel as ${app.name}, and ${app.name} joins that channel.`}
    >
      {created ? (
        <div className="flex flex-col gap-4">
          <ShownOnce>
            Copy the URL now: it is shown only this once. Anyone who has it can post to #{created.channelName} as {app.name}, so keep it secret.
          </ShownOnce>
          <CopyField label="Webhook URL" value={created.url} />
          <CopyField label="Example request" value={curlExample(created.url)} multiline />
          <div className="flex justify-end">
            <Button type="button" onClick={onClose}>
              Done
            </Button>
          </div>
        </div>
      ) : choices?.length === 0 ? (
        <div className="flex flex-col gap-4">
          <p className="text-sm text-muted">You are in no channel yet. Join the channel the webhook should post to, then add it here.</p>
          <div className="flex justify-end">
            <Button type="button" variant="secondary" onClick={onClose}>
              Close
            </Button>
          </div>
        </div>
      ) : (
        <form onSubmit={onSubmit} className="flex flex-col gap-4">
          <FormError message={submit.error} />
          <SelectField label="Channel" name="channelId" required disabled={!choices}>
            {choices?.map((channel) => (
              <option key={channel.id} value={channel.id}>
                {`#${channel.name}${channel.kind === "private" ? " (private)" : ""}`}
              </option>
            ))}
          </SelectField>
          <FormActions onCancel={onClose} pending={submit.pending} submitLabel="Add webhook" />
        </form>
      )}
    </Dialog>
  );
}
