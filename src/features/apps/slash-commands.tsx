"use client";
import { useMutation } from "@tanstack/react-query";
import { SquareSlash } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { ConfirmButton } from "@/components/confirm-dialog";
import { Dialog } from "@/components/dialog";
import { FormError, TextField } from "@/components/field";
import { FormActions } from "@/components/form-actions";
import { useSubmit } from "@/components/use-submit";
import { type App, useRefreshApps } from "./use-apps";

/** An app's slash commands: what people type in the message box, and the URL each is POSTed to. */
export function AppSlashCommands({ app }: { app: App }) {
  const trpc = useTRPC();
  const refresh = useRefreshApps();
  const remove = useMutation(trpc.apps.deleteCommand.mutationOptions({ onSuccess: refresh }));
  const [adding, setAdding] = useState(false);
  return (
    <div>
      <h4 className="text-xs font-semibold text-muted">Slash commands</h4>
      {app.commands.length > 0 ? (
        <ul aria-label={`Slash commands of ${app.name}`} className="mt-1 divide-y divide-border rounded-md border border-border">
          {app.commands.map((command) => (
            <li key={command.id} className="flex items-center gap-2 px-2 py-1 text-xs">
              <SquareSlash size={13} aria-hidden="true" className="shrink-0 text-muted" />
              <span className="min-w-0 flex-1 truncate">
                <span className="font-medium">{command.command}</span>
                {command.usageHint && <span className="text-muted"> {command.usageHint}</span>}
                <span className="text-muted"> → {command.url || "Socket Mode"}</span>
              </span>
              <ConfirmButton
                variant="ghost"
                className="h-7 px-2 text-xs"
                aria-label={`Remove ${command.command}`}
                title={`Remove ${command.command}?`}
                description="People can no longer type it; what it already posted stays."
                confirmLabel="Remove"
                onConfirm={() => remove.mutateAsync({ commandId: command.id })}
              >
                Remove
              </ConfirmButton>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-xs text-muted">None yet. A command like /deploy sends what people type after it to {app.name}, which answers them.</p>
      )}
      <Button variant="secondary" className="mt-2 h-7 px-2 text-xs" onClick={() => setAdding(true)}>
        Add slash command
      </Button>
      {adding && <AddCommandDialog app={app} onClose={() => setAdding(false)} />}
    </div>
  );
}

function AddCommandDialog({ app, onClose }: { app: App; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshApps();
  const create = useMutation(trpc.apps.createCommand.mutationOptions({ onSuccess: refresh }));
  const submit = useSubmit({ fields: ["command", "url"], conflictField: "command" });
  const onSubmit = submit.handleSubmit(async (form) => {
    await create.mutateAsync({
      appId: app.id,
      command: String(form.get("command")),
      url: String(form.get("url")),
      description: String(form.get("description")),
      usageHint: String(form.get("usageHint")),
    });
    onClose();
  });
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title="Add slash command" description={`Confab POSTs Slack's signed form body to the URL, and shows ${app.name}'s answer.`}>
      <form onSubmit={onSubmit} className="flex flex-col gap-4">
        <FormError message={submit.error} />
        <TextField label="Command" name="command" required placeholder="/deploy" maxLength={33} autoFocus error={submit.errorOf("command")} />
        <TextField
          label="Request URL"
          name="url"
          type="url"
          required={!app.socketMode}
          placeholder="https://example.com/slack/commands"
          error={submit.errorOf("url")}
          hint={app.socketMode ? `Not needed: ${app.name} is on Socket Mode, so commands reach it over its connection.` : undefined}
        />
        <TextField label="Short description" name="description" maxLength={100} placeholder="Deploy a branch" />
        <TextField label="Usage hint" name="usageHint" maxLength={100} placeholder="[environment] [branch]" hint="Shown while someone types the command." />
        <FormActions onCancel={onClose} pending={submit.pending} submitLabel="Add command" />
      </form>
    </Dialog>
  );
}
