"use client";
import { useMutation } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Dialog } from "@/components/dialog";
import { FormError, TextField } from "@/components/field";
import { FormActions } from "@/components/form-actions";
import { useSubmit } from "@/components/use-submit";
import { APP_EVENT_TYPES, type AppEventType } from "@/shared/apps";
import { ScopePicker, scopesOf } from "./scope-picker";
import { type App, useRefreshApps } from "./use-apps";

const EVENT_LABELS: Record<AppEventType, string> = {
  "message.channels": "messages in public channels it is in",
  "message.groups": "messages in private channels it is in",
  "message.im": "messages in its DMs",
  "message.mpim": "messages in group DMs it is in",
  app_mention: "messages that mention it",
  reaction_added: "a reaction added where it is",
  reaction_removed: "a reaction removed where it is",
  member_joined_channel: "someone joins a channel it is in",
  channel_created: "a public channel is created",
};

/** Scopes, events and the URLs Confab calls. Saving also turns event delivery back on after it was stopped for failures. */
export function EditAppDialog({ app, onClose }: { app: App; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshApps();
  const update = useMutation(trpc.apps.update.mutationOptions({ onSuccess: refresh }));
  const submit = useSubmit({ fields: ["eventsUrl", "interactivityUrl"] });

  const save = submit.handleSubmit(async (form) => {
    // An emptied field clears the URL: the server takes null for "none".
    const url = (name: string) => String(form.get(name)).trim() || null;
    await update.mutateAsync({
      appId: app.id,
      scopes: scopesOf(form),
      eventTypes: form.getAll("eventTypes").map(String) as AppEventType[],
      eventsUrl: url("eventsUrl"),
      interactivityUrl: url("interactivityUrl"),
      socketMode: form.get("socketMode") === "on",
    });
    toast.success(`${app.name} updated`);
    onClose();
  });

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={`Edit ${app.name}`}>
      <form onSubmit={save} className="flex flex-col gap-4">
        <FormError message={submit.error} />
        <ScopePicker checked={app.scopes} />
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="socketMode" defaultChecked={app.socketMode} className="mt-1" />
          <span>
            <span className="font-medium">Socket Mode</span>
            <span className="block text-xs text-muted">
              Events, slash commands and clicks reach the app over a WebSocket it opens with its app-level token (apps.connections.open), so it needs no public URL. The URLs below are then not used.
            </span>
          </span>
        </label>
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
          hint="Confab POSTs the app's events here, signed with its signing secret, after it answers Slack's url_verification challenge. Leave empty for no events."
        />
        <fieldset className="flex flex-col gap-1">
          <legend className="mb-1 text-sm font-medium">Events</legend>
          {APP_EVENT_TYPES.map((type) => (
            <label key={type} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="eventTypes" value={type} defaultChecked={app.eventTypes.includes(type)} />
              <code className="text-xs">{type}</code>
              <span className="text-muted">{EVENT_LABELS[type]}</span>
            </label>
          ))}
        </fieldset>
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
