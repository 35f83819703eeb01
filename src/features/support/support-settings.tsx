"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { type RouterOutputs, useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { ConfirmButton } from "@/components/confirm-dialog";
import { CopyField } from "@/components/copy-field";
import { Dialog } from "@/components/dialog";
import { FormError, TextAreaField, TextField } from "@/components/field";
import { Section } from "@/components/settings-section";
import { useSubmit } from "@/components/use-submit";
import { type BusinessHours, type PrechatForm, WEEKDAY_NAMES, WEEKDAYS } from "@/shared/support";
import { useWorkspaceMembers } from "../common/use-workspace-members";
import { useCurrentWorkspace } from "../common/workspace-context";

type Inbox = RouterOutputs["support"]["inboxes"][number];

const DEFAULT_HOURS: BusinessHours = {
  timeZone: "UTC",
  days: { mon: { open: "09:00", close: "17:00" }, tue: { open: "09:00", close: "17:00" }, wed: { open: "09:00", close: "17:00" }, thu: { open: "09:00", close: "17:00" }, fri: { open: "09:00", close: "17:00" }, sat: null, sun: null },
};

/** The one tag a website pastes, and, with identity verification, what its server computes. */
export function snippetFor(inbox: Pick<Inbox, "key">, origin: string) {
  return `<script src="${origin}/widget.js" data-inbox="${inbox.key}" async></script>`;
}
const identityExample = (secret: string) =>
  `// On your server, for the signed-in user (Node.js):\nconst hash = crypto.createHmac("sha256", "${secret}").update(user.id).digest("hex");\n// In the page, before the widget's tag:\nwindow.ConfabSettings = { identity: { id: user.id, hash, name: user.name, email: user.email } };`;

/** Workspace settings → Support: live-chat inboxes for the company's websites, answered from Confab. */
export function SupportSection() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const inboxes = useQuery(trpc.support.inboxes.queryOptions({ workspaceId: workspace.id }));
  const [editing, setEditing] = useState<Inbox | "new" | null>(null);
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <Section title="Support" description="A chat widget for your website: visitors write, and the team you choose answers here, like any conversation.">
      <Button onClick={() => setEditing("new")}>New inbox</Button>
      {inboxes.data && inboxes.data.length > 0 && (
        <ul aria-label="Support inboxes" className="mt-4 divide-y divide-border rounded-md border border-border">
          {inboxes.data.map((inbox) => (
            <li key={inbox.id} className="flex flex-col gap-3 p-3">
              <div className="flex items-center gap-2">
                <span aria-hidden="true" className="size-3 rounded-full" style={{ background: inbox.color }} />
                <span className="font-medium">{inbox.name}</span>
                <span className="truncate text-sm text-muted">{inbox.allowedOrigins.join(", ")}</span>
                <span className="ml-auto text-xs text-muted">{inbox.agentIds.length === 1 ? "1 person answers" : `${inbox.agentIds.length} people answer`}</span>
                <Button variant="secondary" onClick={() => setEditing(inbox)}>
                  Edit
                </Button>
              </div>
              <CopyField label="Snippet for your website" value={snippetFor(inbox, origin)} hint="Paste it before </body> on every page where the chat should appear." />
              {inbox.verifyIdentity && <CopyField label="Identity verification" value={identityExample(inbox.identitySecret)} multiline hint="Keep the secret on your server; never send it to the browser." />}
            </li>
          ))}
        </ul>
      )}
      {inboxes.data?.length === 0 && <p className="mt-3 text-sm text-muted">No inbox yet. Create one, then paste its snippet into your website.</p>}
      {inboxes.error && (
        <p role="alert" className="mt-3 text-sm text-danger">
          {inboxes.error.message}
        </p>
      )}
      {editing && <InboxDialog inbox={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </Section>
  );
}

function InboxDialog({ inbox, onClose }: { inbox: Inbox | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workspace = useCurrentWorkspace();
  const members = useWorkspaceMembers();
  const create = useMutation(trpc.support.createInbox.mutationOptions());
  const update = useMutation(trpc.support.updateInbox.mutationOptions());
  const remove = useMutation(trpc.support.deleteInbox.mutationOptions());
  const submit = useSubmit({ fields: ["name", "allowedOrigins", "agentIds"] });
  const [hours, setHours] = useState<BusinessHours | null>(inbox?.hours ?? null);
  const [prechat, setPrechat] = useState<PrechatForm>(inbox?.prechat ?? { askName: true, askEmail: true, requireEmail: false, fields: [] });
  const [team, setTeam] = useState<Set<string>>(new Set(inbox?.agentIds ?? []));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.support.inboxes.queryKey({ workspaceId: workspace.id }) });
  const people = (members.data ?? []).filter((member) => member.role !== "guest" && !member.isBot);

  const onSubmit = submit.handleSubmit(async (form) => {
    const fields = {
      name: String(form.get("name")),
      greeting: String(form.get("greeting")),
      color: String(form.get("color")),
      allowedOrigins: String(form.get("allowedOrigins"))
        .split(/[\s,]+/)
        .filter(Boolean),
      agentIds: [...team],
      hours,
      prechat,
      verifyIdentity: form.get("verifyIdentity") === "on",
      autoAssignLimit: Number(form.get("autoAssignLimit")),
    };
    if (inbox) await update.mutateAsync({ inboxId: inbox.id, ...fields });
    else await create.mutateAsync({ workspaceId: workspace.id, ...fields });
    await refresh();
    toast.success(inbox ? "Inbox saved" : "Inbox created: paste its snippet into your website");
    onClose();
  });

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={inbox ? `Edit ${inbox.name}` : "New support inbox"} description="What visitors see, where the widget may appear, and who answers.">
      <form onSubmit={onSubmit} className="flex flex-col gap-4">
        <FormError message={submit.error} />
        <TextField label="Name" name="name" required maxLength={80} defaultValue={inbox?.name ?? "Support"} error={submit.errorOf("name")} />
        <TextField label="Greeting" name="greeting" maxLength={500} defaultValue={inbox?.greeting ?? "Hi! How can we help?"} />
        <label className="flex items-center gap-2 text-sm font-medium">
          Colour <input type="color" name="color" defaultValue={inbox?.color ?? "#4f46e5"} className="h-8 w-12 rounded border border-border" />
        </label>
        <TextAreaField
          label="Websites"
          name="allowedOrigins"
          required
          defaultValue={inbox?.allowedOrigins.join("\n") ?? ""}
          placeholder="https://www.example.com"
          hint={submit.errorOf("allowedOrigins") ?? "One per line. The widget only appears on these sites; any other site is refused by the browser."}
        />
        <fieldset className="flex flex-col gap-1">
          <legend className="mb-1 text-sm font-medium">Team (who answers)</legend>
          {submit.errorOf("agentIds") && (
            <p role="alert" className="text-xs text-danger">
              {submit.errorOf("agentIds")}
            </p>
          )}
          <div className="max-h-40 overflow-y-auto rounded-md border border-border p-2">
            {people.map((member) => (
              <label key={member.userId} className="flex items-center gap-2 py-0.5 text-sm">
                <input
                  type="checkbox"
                  checked={team.has(member.userId)}
                  onChange={(event) => {
                    const next = new Set(team);
                    if (event.target.checked) next.add(member.userId);
                    else next.delete(member.userId);
                    setTeam(next);
                  }}
                />
                {member.name} <span className="text-muted">{member.email}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <TextField
          label="Conversations each person is given automatically"
          name="autoAssignLimit"
          type="number"
          min={0}
          max={100}
          defaultValue={inbox?.autoAssignLimit ?? 5}
          hint="New conversations go round robin to active teammates with fewer open ones than this. 0 leaves them all in Unassigned."
        />
        <HoursEditor hours={hours} onChange={setHours} />
        <PrechatEditor prechat={prechat} onChange={setPrechat} />
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="verifyIdentity" defaultChecked={inbox?.verifyIdentity ?? false} className="mt-0.5" />
          <span>
            <span className="font-medium">Verify signed-in users</span>
            <span className="block text-muted">Your website signs each user's id with a secret; an identity it did not sign is refused. Verified users keep their conversations on every device.</span>
          </span>
        </label>
        <div className="flex items-center gap-2">
          <Button type="submit" pending={submit.pending}>
            {inbox ? "Save" : "Create inbox"}
          </Button>
          <Button type="button" variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          {inbox && (
            <ConfirmButton
              className="ml-auto"
              title={`Delete ${inbox.name}?`}
              description="Its conversations are deleted too, and the widget stops working on your website."
              confirmLabel="Delete inbox"
              onConfirm={async () => {
                await remove.mutateAsync({ inboxId: inbox.id });
                await refresh();
                onClose();
              }}
            >
              Delete inbox
            </ConfirmButton>
          )}
        </div>
      </form>
    </Dialog>
  );
}

function HoursEditor({ hours, onChange }: { hours: BusinessHours | null; onChange: (hours: BusinessHours | null) => void }) {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-medium">Opening hours</legend>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={hours !== null} onChange={(event) => onChange(event.target.checked ? { ...DEFAULT_HOURS, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone } : null)} />
        Only at set hours (outside them, visitors leave a message and their email)
      </label>
      {hours && (
        <>
          <label className="flex items-center gap-2 text-sm">
            Time zone
            <select value={hours.timeZone} onChange={(event) => onChange({ ...hours, timeZone: event.target.value })} className="h-8 rounded-md border border-border bg-bg px-2">
              {zones.map((zone) => (
                <option key={zone}>{zone}</option>
              ))}
            </select>
          </label>
          {WEEKDAYS.map((day) => {
            const span = hours.days[day] ?? null;
            const setDay = (next: typeof span) => onChange({ ...hours, days: { ...hours.days, [day]: next } });
            return (
              <div key={day} className="flex items-center gap-2 text-sm">
                <label className="flex w-32 items-center gap-2">
                  <input type="checkbox" checked={span !== null} onChange={(event) => setDay(event.target.checked ? { open: "09:00", close: "17:00" } : null)} />
                  {WEEKDAY_NAMES[day]}
                </label>
                {span && (
                  <>
                    <input type="time" aria-label={`${WEEKDAY_NAMES[day]} opens`} value={span.open} onChange={(event) => setDay({ ...span, open: event.target.value })} className="h-8 rounded-md border border-border bg-bg px-2" />
                    to
                    <input type="time" aria-label={`${WEEKDAY_NAMES[day]} closes`} value={span.close} onChange={(event) => setDay({ ...span, close: event.target.value })} className="h-8 rounded-md border border-border bg-bg px-2" />
                  </>
                )}
              </div>
            );
          })}
        </>
      )}
    </fieldset>
  );
}

function PrechatEditor({ prechat, onChange }: { prechat: PrechatForm; onChange: (prechat: PrechatForm) => void }) {
  const toggle = (key: "askName" | "askEmail" | "requireEmail", label: string) => (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" checked={prechat[key]} onChange={(event) => onChange({ ...prechat, [key]: event.target.checked })} />
      {label}
    </label>
  );
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-medium">Before the chat starts</legend>
      {toggle("askName", "Ask for a name")}
      {toggle("askEmail", "Ask for an email address")}
      {toggle("requireEmail", "Require the email address (it is always required when nobody is available)")}
      {prechat.fields.map((field, index) => (
        <div key={index} className="flex items-center gap-2 text-sm">
          <input
            aria-label={`Question ${index + 1}`}
            value={field.label}
            maxLength={80}
            onChange={(event) => {
              const label = event.target.value;
              const key = label.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").replace(/^(?![a-z])/, "q_").slice(0, 32) || `q_${index + 1}`;
              onChange({ ...prechat, fields: prechat.fields.map((entry, at) => (at === index ? { ...entry, label, key } : entry)) });
            }}
            className="h-8 flex-1 rounded-md border border-border bg-bg px-2"
          />
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={field.required} onChange={(event) => onChange({ ...prechat, fields: prechat.fields.map((entry, at) => (at === index ? { ...entry, required: event.target.checked } : entry)) })} />
            Required
          </label>
          <button type="button" className="text-muted hover:text-danger" aria-label={`Remove question ${index + 1}`} onClick={() => onChange({ ...prechat, fields: prechat.fields.filter((_, at) => at !== index) })}>
            Remove
          </button>
        </div>
      ))}
      {prechat.fields.length < 10 && (
        <button type="button" className="self-start text-sm text-accent hover:underline" onClick={() => onChange({ ...prechat, fields: [...prechat.fields, { key: `q_${prechat.fields.length + 1}`, label: "", required: false }] })}>
          Add a question
        </button>
      )}
    </fieldset>
  );
}
