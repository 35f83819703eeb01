"use client";
import { useMutation } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Dialog } from "@/components/dialog";
import { FormError, TextField } from "@/components/field";
import { FormActions } from "@/components/form-actions";
import { useSubmit } from "@/components/use-submit";
import { ScopePicker, scopesOf } from "./scope-picker";
import { type App, useRefreshApps } from "./use-apps";

/** Scopes and the URLs Confab calls. Saving also turns event delivery back on after it was stopped for failures. */
export function EditAppDialog({ app, onClose }: { app: App; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshApps();
  const update = useMutation(trpc.apps.update.mutationOptions({ onSuccess: refresh }));
  const submit = useSubmit({ fields: ["eventsUrl", "interactivityUrl"] });

  const save = submit.handleSubmit(async (form) => {
    // An emptied field clears the URL: the server takes null for "none".
    const url = (name: string) => String(form.get(name)).trim() || null;
    await update.mutateAsync({ appId: app.id, scopes: scopesOf(form), eventsUrl: url("eventsUrl"), interactivityUrl: url("interactivityUrl") });
    toast.success(`${app.name} updated`);
    onClose();
  });

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={`Edit ${app.name}`}>
      <form onSubmit={save} className="flex flex-col gap-4">
        <FormError message={submit.error} />
        <ScopePicker checked={app.scopes} />
        {/* Text, not type="url": the server's messages say what is wrong, beside the field, where the browser's would not. */}
        <TextField
          label="Events URL"
          name="eventsUrl"
          inputMode="url"
          spellCheck={false}
          autoComplete="off"
          placeholder="https://example.com/slack/events"
          defaultValue={app.eventsUrl ?? ""}
          error={submit.errorOf("eventsUrl")}
          hint="Confab POSTs the app's events here, signed with its signing secret. Leave empty for Socket Mode or no events."
        />
        <TextField
          label="Interactivity URL"
          name="interactivityUrl"
          inputMode="url"
          spellCheck={false}
          autoComplete="off"
          placeholder="https://example.com/slack/interactivity"
          defaultValue={app.interactivityUrl ?? ""}
          error={submit.errorOf("interactivityUrl")}
          hint="Where clicks on buttons and menus in the app's messages are sent."
        />
        <FormActions onCancel={onClose} pending={submit.pending} />
      </form>
    </Dialog>
  );
}
