"use client";
import { useMutation } from "@tanstack/react-query";
import { Copy } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { type RouterOutputs, useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { FormActions } from "@/components/form-actions";
import { ConfirmButton } from "@/components/confirm-dialog";
import { Dialog } from "@/components/dialog";
import { FormError, SelectField, TextAreaField, TextField } from "@/components/field";
import { useHydrated } from "@/components/use-hydrated";
import { useSubmit } from "@/components/use-submit";

type Connection = RouterOutputs["sso"]["settings"]["connections"][number];
type Protocol = Connection["protocol"];

const OIDC_GUIDES = [
  { name: "Google Workspace", text: "Google Cloud console → APIs & Services → Credentials → OAuth client ID (Web application). Issuer: https://accounts.google.com." },
  { name: "Microsoft Entra ID", text: "Entra admin center → App registrations → New registration (Web). Issuer: https://login.microsoftonline.com/<tenant-id>/v2.0. Create a client secret under Certificates & secrets." },
  { name: "Okta", text: "Admin console → Applications → Create App Integration → OIDC, Web Application. Issuer: https://<your-org>.okta.com." },
  { name: "Keycloak", text: "Realm → Clients → Create client (OpenID Connect, client authentication on). Issuer: https://<host>/realms/<realm>." },
];

const CERTIFICATE_WARNING_DAYS = 30;

/** Origin-dependent URLs only once hydrated: rendered differently on the server, they would make React re-render the section and clear what someone was already typing. */
function useOrigin() {
  return useHydrated() ? window.location.origin : "";
}

function CopyableValue({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex min-w-0 items-center gap-2 text-xs">
      <span className="w-28 shrink-0 text-muted">{label}</span>
      <code className="min-w-0 flex-1 truncate rounded bg-surface-2 px-1.5 py-0.5" title={value}>
        {value}
      </code>
      <button
        type="button"
        aria-label={`Copy ${label}`}
        className="rounded p-1 text-muted hover:bg-surface-2 hover:text-text"
        onClick={() => navigator.clipboard?.writeText(value).then(() => toast.success(`${label} copied`), () => toast.error("Could not copy; select the text instead"))}
      >
        <Copy size={13} aria-hidden="true" />
      </button>
    </div>
  );
}

function connectionSummary(connection: Connection) {
  if (!connection.saml) return `OpenID Connect · ${connection.issuer} · client ${connection.clientId}`;
  return `SAML · ${connection.issuer} · sign-in at ${connection.saml.ssoUrl}`;
}

function CertificateExpiry({ expiresAt }: { expiresAt: Date }) {
  const days = Math.floor((expiresAt.getTime() - Date.now()) / 86_400_000);
  const soon = days < CERTIFICATE_WARNING_DAYS;
  return (
    <span className={soon ? "font-medium text-danger" : undefined}>
      {days < 0 ? "Signing certificate expired on " : "Signing certificate valid until "}
      <time dateTime={expiresAt.toISOString()}>{expiresAt.toLocaleDateString()}</time>
      {soon && days >= 0 && ": replace the metadata before then"}
    </span>
  );
}

/** The workspace's identity providers: the list, adding one (OIDC or SAML), editing and removing. */
export function SsoConnections({ workspaceId, connections, onChanged }: { workspaceId: string; connections: Connection[] | undefined; onChanged: () => void }) {
  const trpc = useTRPC();
  const origin = useOrigin();
  const [protocol, setProtocol] = useState<Protocol>("oidc");
  const [editing, setEditing] = useState<Connection | null>(null);
  const submit = useSubmit();
  const createOidc = useMutation(trpc.sso.createOidcConnection.mutationOptions({ onSuccess: onChanged }));
  const createSaml = useMutation(trpc.sso.createSamlConnection.mutationOptions({ onSuccess: onChanged }));
  const remove = useMutation(trpc.sso.deleteConnection.mutationOptions({ onSuccess: onChanged, onError: (cause) => void toast.error(cause.message) }));
  const serviceProvider = `${origin}/api/sso/saml/${workspaceId}`;

  const add = submit.handleSubmit(async (data, form) => {
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const common = { workspaceId, name: text("name"), defaultRole: data.get("defaultRole") === "guest" ? ("guest" as const) : ("member" as const) };
    if (protocol === "oidc") await createOidc.mutateAsync({ ...common, issuer: text("issuer"), clientId: text("clientId"), clientSecret: String(data.get("clientSecret")) });
    else await createSaml.mutateAsync({ ...common, metadataUrl: text("metadataUrl") || undefined, metadataXml: text("metadataXml") || undefined });
    form.reset();
    toast.success("Identity provider added");
  });

  return (
    <div>
      <h3 className="text-sm font-semibold">Identity providers</h3>
      <ul aria-label="SSO connections" className="mt-2 divide-y divide-border rounded-md border border-border">
        {connections?.map((connection) => (
          <li key={connection.id} className="flex items-center gap-3 px-3 py-2 text-sm">
            <div className="min-w-0 flex-1">
              <div className="font-medium">{connection.name}</div>
              <div className="truncate text-xs text-muted">
                {connectionSummary(connection)} · new people join as {connection.defaultRole}
              </div>
              {connection.saml && (
                <div className="text-xs text-muted">
                  <CertificateExpiry expiresAt={connection.saml.certificateExpiresAt} />
                </div>
              )}
            </div>
            <Button variant="ghost" className="h-7 px-2 text-xs" aria-label={`Edit ${connection.name}`} onClick={() => setEditing(connection)}>
              Edit
            </Button>
            <ConfirmButton
              aria-label={`Remove ${connection.name}`}
              className="h-7 px-2 text-xs"
              title={`Remove ${connection.name}?`}
              description="People who sign in through it will have to use another way in."
              confirmLabel="Remove"
              onConfirm={() => remove.mutateAsync({ connectionId: connection.id })}
            >
              Remove
            </ConfirmButton>
          </li>
        ))}
        {connections?.length === 0 && <li className="px-3 py-2 text-sm text-muted">No identity provider yet.</li>}
      </ul>

      <form onSubmit={add} aria-label="Add an identity provider" className="mt-3 grid gap-3 sm:grid-cols-2">
        <fieldset className="flex gap-4 text-sm sm:col-span-2">
          <legend className="mb-1.5 text-sm font-medium">Protocol</legend>
          {(
            [
              ["oidc", "OpenID Connect"],
              ["saml", "SAML 2.0"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-1.5">
              <input type="radio" name="protocol" value={value} checked={protocol === value} onChange={() => setProtocol(value)} />
              {label}
            </label>
          ))}
        </fieldset>
        <div className="sm:col-span-2">
          <FormError message={submit.error} />
        </div>
        <TextField label="Name" name="name" placeholder={protocol === "oidc" ? "Okta" : "Entra ID"} required />
        {protocol === "oidc" ? (
          <>
            <TextField label="Issuer URL" name="issuer" placeholder="https://your-org.okta.com" required />
            <TextField label="Client ID" name="clientId" required autoComplete="off" />
            <TextField label="Client secret" name="clientSecret" type="password" required autoComplete="off" hint="Stored encrypted; never shown again." />
          </>
        ) : (
          <>
            <TextField label="Metadata URL" name="metadataUrl" type="url" placeholder="https://idp.example.com/saml/metadata" hint="Or paste the metadata XML below." />
            <TextAreaField label="Metadata XML" name="metadataXml" className="sm:col-span-2" placeholder='<md:EntityDescriptor entityID="…">' spellCheck={false} />
          </>
        )}
        <SelectField label="New people join as" name="defaultRole" defaultValue="member">
          <option value="member">Member</option>
          <option value="guest">Guest</option>
        </SelectField>
        <div className="flex items-end">
          <Button type="submit" pending={submit.pending}>
            Add identity provider
          </Button>
        </div>
      </form>

      {protocol === "oidc" ? (
        <>
          <p className="mt-2 text-xs text-muted">
            Register this redirect URI with your provider: <code className="rounded bg-surface-2 px-1">{origin}/api/sso/oidc/callback</code>
          </p>
          <div className="mt-2 flex flex-col gap-1">
            {OIDC_GUIDES.map((guide) => (
              <details key={guide.name} className="text-sm">
                <summary className="cursor-pointer text-accent">{guide.name}</summary>
                <p className="mt-1 text-muted">{guide.text}</p>
              </details>
            ))}
          </div>
        </>
      ) : (
        <section aria-label="For your identity provider" className="mt-3 flex flex-col gap-1.5 rounded-md border border-border p-3">
          <p className="text-xs text-muted">
            Create a SAML app in your identity provider (Okta, Entra ID, Google Workspace, Keycloak, ADFS…) with these values, or give it the metadata URL. Send
            the email address as the NameID or an <code>email</code> attribute, and the name as <code>displayName</code>. Assertions must be signed.
          </p>
          <CopyableValue label="Entity ID" value={`${serviceProvider}/metadata`} />
          <CopyableValue label="ACS URL" value={`${serviceProvider}/acs`} />
          <CopyableValue label="SP metadata" value={`${serviceProvider}/metadata`} />
        </section>
      )}

      {editing && <EditConnectionDialog connection={editing} onClose={() => setEditing(null)} onChanged={onChanged} />}
    </div>
  );
}

/** Rename, change the role new people get, or replace the secret or metadata (a rotated key or certificate). */
function EditConnectionDialog({ connection, onClose, onChanged }: { connection: Connection; onClose: () => void; onChanged: () => void }) {
  const trpc = useTRPC();
  const update = useMutation(trpc.sso.updateConnection.mutationOptions({ onSuccess: onChanged }));
  const submit = useSubmit();

  const save = submit.handleSubmit(async (data) => {
    const optional = (name: string) => String(data.get(name) ?? "").trim() || undefined;
    await update.mutateAsync({
      connectionId: connection.id,
      name: optional("name"),
      defaultRole: data.get("defaultRole") === "guest" ? "guest" : "member",
      clientSecret: optional("clientSecret"),
      metadataUrl: optional("metadataUrl"),
      metadataXml: optional("metadataXml"),
    });
    toast.success("Identity provider updated");
    onClose();
  });

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={`Edit ${connection.name}`}>
      <form onSubmit={save} className="flex flex-col gap-3">
        <FormError message={submit.error} />
        <TextField label="Name" name="name" defaultValue={connection.name} required />
        <SelectField label="New people join as" name="defaultRole" defaultValue={connection.defaultRole}>
          <option value="member">Member</option>
          <option value="guest">Guest</option>
        </SelectField>
        {connection.protocol === "oidc" ? (
          <TextField label="New client secret" name="clientSecret" type="password" autoComplete="off" hint="Leave empty to keep the current one." />
        ) : (
          <>
            <TextField label="New metadata URL" name="metadataUrl" type="url" hint="To replace the metadata (e.g. a new signing certificate); leave empty to keep it." />
            <TextAreaField label="Or new metadata XML" name="metadataXml" spellCheck={false} />
          </>
        )}
        <FormActions onCancel={onClose} pending={submit.pending} />
      </form>
    </Dialog>
  );
}
