"use client";
import { AppBadge } from "@/components/app-badge";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { ConfirmButton } from "@/components/confirm-dialog";
import { CopyField } from "@/components/copy-field";
import { Dialog } from "@/components/dialog";
import { CreatedAt } from "./created-at";
import { EditAppDialog } from "./edit-app-dialog";
import { ShownOnce } from "./shown-once";
import { type App, useRefreshApps } from "./use-apps";
import { AppIcon } from "./app-icon";
import { AppSlashCommands } from "./slash-commands";
import { AppWebhooks } from "./webhooks";

type TokenKind = App["tokens"][number]["kind"];

const TOKEN_KINDS: TokenKind[] = ["bot", "app"];
const TOKEN_LABELS: Record<TokenKind, string> = { bot: "Bot token", app: "App-level token" };

const small = "h-7 px-2 text-xs";

/** One installed app: what it may do, its credentials (rotate, reveal), its webhooks, editing and removing it. */
export function AppItem({ app }: { app: App }) {
  const trpc = useTRPC();
  const refresh = useRefreshApps();
  const headingId = useId();
  const rotate = useMutation(trpc.apps.rotateToken.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.apps.delete.mutationOptions({ onSuccess: refresh }));
  const [rotated, setRotated] = useState<{ kind: TokenKind; token: string } | null>(null);
  const [editing, setEditing] = useState(false);
  const [secretShown, setSecretShown] = useState(false);
  const secretId = useId();

  return (
    <li aria-labelledby={headingId} className="flex flex-col gap-3 px-3 py-3">
      <div className="flex items-start gap-3">
        <AppIcon app={app} />
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-2">
            <h3 id={headingId} className="truncate text-sm font-semibold">
              {app.name}
            </h3>
            <AppBadge />
          </div>
          {app.description && <p className="text-sm text-muted">{app.description}</p>}
        </div>
      </div>

      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs">
        <dt className="text-muted">Scopes</dt>
        <dd>
          {app.scopes.length > 0 ? (
            <ul aria-label={`Scopes of ${app.name}`} className="flex flex-wrap gap-1">
              {app.scopes.map((scope) => (
                <li key={scope} className="rounded bg-surface-2 px-1.5 font-mono leading-5">
                  {scope}
                </li>
              ))}
            </ul>
          ) : (
            <span className="text-muted">None: the app can call nothing yet</span>
          )}
        </dd>
        {TOKEN_KINDS.map((kind) => {
          const token = app.tokens.find((candidate) => candidate.kind === kind);
          return token && <TokenHint key={kind} label={TOKEN_LABELS[kind]} hint={token.hint} createdAt={token.createdAt} />;
        })}
        {app.socketMode ? (
          <>
            <dt className="text-muted">Delivery</dt>
            <dd>Socket Mode: events, commands and clicks go over the WebSocket the app opens with its app-level token</dd>
          </>
        ) : (
          <>
            <dt className="text-muted">Events URL</dt>
            <dd className="min-w-0">
              <AppUrl url={app.eventsUrl} />
            </dd>
            <dt className="text-muted">Interactivity URL</dt>
            <dd className="min-w-0">
              <AppUrl url={app.interactivityUrl} />
            </dd>
          </>
        )}
        {app.eventsDisabledAt && (
          <dd className="col-span-full text-danger">Event delivery stopped after repeated failures. Save the app’s settings (Edit) to start it again.</dd>
        )}
      </dl>

      <div className="flex flex-wrap gap-2">
        {TOKEN_KINDS.map((kind) => (
          <ConfirmButton
            key={kind}
            className={small}
            title={`Rotate ${app.name}’s ${TOKEN_LABELS[kind].toLowerCase()}?`}
            description="The current token stops working at once. You get a new one, shown only this once."
            confirmLabel="Rotate"
            onConfirm={async () => setRotated({ kind, token: (await rotate.mutateAsync({ appId: app.id, kind })).token })}
          >
            Rotate {TOKEN_LABELS[kind].toLowerCase()}
          </ConfirmButton>
        ))}
        <Button variant="secondary" className={small} aria-expanded={secretShown} aria-controls={secretId} onClick={() => setSecretShown(!secretShown)}>
          {secretShown ? "Hide signing secret" : "Show signing secret"}
        </Button>
        <Button variant="secondary" className={small} onClick={() => setEditing(true)}>
          Edit
        </Button>
        <ConfirmButton
          variant="ghost"
          className={`${small} ml-auto`}
          title={`Remove ${app.name}?`}
          description="Its tokens and webhooks stop working and its bot leaves the workspace. The messages it posted stay."
          confirmLabel="Remove app"
          onConfirm={() => remove.mutateAsync({ appId: app.id })}
        >
          Remove app
        </ConfirmButton>
      </div>

      <div id={secretId} hidden={!secretShown}>
        {secretShown && <SigningSecret appId={app.id} />}
      </div>
      <AppWebhooks app={app} />
      <AppSlashCommands app={app} />

      {rotated && (
        <Dialog open onOpenChange={(open) => !open && setRotated(null)} title={`New ${TOKEN_LABELS[rotated.kind].toLowerCase()} for ${app.name}`}>
          <div className="flex flex-col gap-4">
            <ShownOnce>Copy it now: it is shown only this once. The old token no longer works.</ShownOnce>
            <CopyField label={TOKEN_LABELS[rotated.kind]} value={rotated.token} />
            <div className="flex justify-end">
              <Button type="button" onClick={() => setRotated(null)}>
                Done
              </Button>
            </div>
          </div>
        </Dialog>
      )}
      {editing && <EditAppDialog app={app} onClose={() => setEditing(false)} />}
    </li>
  );
}

function AppUrl({ url }: { url: string | null }) {
  if (!url) return <span className="text-muted">None</span>;
  return (
    <span className="block truncate font-mono" title={url}>
      {url}
    </span>
  );
}

function TokenHint({ label, hint, createdAt }: { label: string; hint: string; createdAt: Date }) {
  return (
    <>
      <dt className="text-muted">{label}</dt>
      <dd>
        <code className="font-mono">{hint}…</code>
        <span className="text-muted">
          {" "}
          <CreatedAt date={createdAt} />
        </span>
      </dd>
    </>
  );
}

/** Fetched only when shown, and dropped from the cache once hidden: a secret is kept in the page no longer than needed. */
function SigningSecret({ appId }: { appId: string }) {
  const trpc = useTRPC();
  const secret = useQuery(trpc.apps.signingSecret.queryOptions({ appId }, { gcTime: 0 }));
  if (secret.data) return <CopyField label="Signing secret" value={secret.data.signingSecret} hint="Verifies the requests Confab sends the app." />;
  if (secret.error)
    return (
      <p role="alert" className="text-xs text-danger">
        {secret.error.message}
      </p>
    );
  return <p className="text-xs text-muted">Loading the signing secret…</p>;
}
