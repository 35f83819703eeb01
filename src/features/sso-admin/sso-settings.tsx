"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Clock } from "lucide-react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/field";
import { useSubmit } from "@/components/use-submit";
import { Section } from "@/components/settings-section";
import { SsoConnections } from "./sso-connections";
import { useCurrentWorkspace } from "../common/workspace-context";

const ACTIONS: Record<string, string> = {
  "sso.login": "Signed in with SSO",
  "sso.connection_created": "Added a connection",
  "sso.connection_updated": "Changed a connection",
  "sso.connection_deleted": "Removed a connection",
  "sso.domain_claimed": "Claimed a domain",
  "sso.domain_verified": "Verified a domain",
  "sso.domain_removed": "Removed a domain",
  "sso.required": "Required SSO",
  "sso.not_required": "Stopped requiring SSO",
};

/** SSO for the workspace: identity providers, verified email domains, "require SSO", and the audit log. */
export function SsoSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workspace = useCurrentWorkspace();
  const settings = useQuery(trpc.sso.settings.queryOptions({ workspaceId: workspace.id }));
  const auditLog = useQuery(trpc.audit.list.queryOptions({ workspaceId: workspace.id, category: "sso" }));
  // The SSO settings and the audit log's entries about them change together.
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.sso.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() });
  };
  const onError = (error: { message: string }) => void toast.error(error.message);
  const claimDomain = useMutation(trpc.sso.claimDomain.mutationOptions({ onSuccess: refresh }));
  const settingsKey = trpc.sso.settings.queryKey({ workspaceId: workspace.id });
  const verifyDomain = useMutation(
    trpc.sso.verifyDomain.mutationOptions({
      onSuccess: (_result, { domainId }) => {
        // Shown at once; the refetch that follows brings the audit log along.
        queryClient.setQueryData(settingsKey, (current) =>
          current && { ...current, domains: current.domains.map((claim) => (claim.id === domainId ? { ...claim, verifiedAt: claim.verifiedAt ?? new Date() } : claim)) },
        );
        refresh();
      },
      onError,
    }),
  );
  const removeDomain = useMutation(trpc.sso.removeDomain.mutationOptions({ onSuccess: refresh, onError }));
  const requireSso = useMutation(trpc.sso.setRequireSso.mutationOptions({ onSuccess: refresh, onError }));
  const domainSubmit = useSubmit();

  const addDomain = domainSubmit.handleSubmit(async (data, form) => {
    await claimDomain.mutateAsync({ workspaceId: workspace.id, domain: String(data.get("domain")) });
    form.reset();
  });

  const data = settings.data;
  return (
    <Section title="Single sign-on" description="Let people sign in through your organization's identity provider. Included, at no extra cost.">
      <div className="flex flex-col gap-6">
        <SsoConnections workspaceId={workspace.id} connections={data?.connections} onChanged={refresh} />

        <div>
          <h3 className="text-sm font-semibold">Email domains</h3>
          <p className="text-sm text-muted">People with an address in a verified domain sign in through your identity provider.</p>
          <ul aria-label="Email domains" className="mt-2 divide-y divide-border rounded-md border border-border">
            {data?.domains.map((claim) => (
              <li key={claim.id} className="flex flex-col gap-2 px-3 py-2 text-sm">
                <div className="flex items-center gap-2">
                  {claim.verifiedAt ? <CheckCircle2 size={14} aria-hidden="true" className="text-success" /> : <Clock size={14} aria-hidden="true" className="text-muted" />}
                  <span className="font-medium">{claim.domain}</span>
                  <span className="text-xs text-muted">{claim.verifiedAt ? "Verified" : "Waiting for its DNS record"}</span>
                  <span className="ml-auto flex gap-2">
                    {!claim.verifiedAt && (
                      <Button variant="secondary" className="h-7 px-2 text-xs" pending={verifyDomain.isPending} onClick={() => verifyDomain.mutate({ domainId: claim.id })}>
                        Check now
                      </Button>
                    )}
                    <Button variant="ghost" className="h-7 px-2 text-xs" onClick={() => removeDomain.mutate({ domainId: claim.id })} aria-label={`Remove ${claim.domain}`}>
                      Remove
                    </Button>
                  </span>
                </div>
                {!claim.verifiedAt && (
                  <p className="text-xs text-muted">
                    Add a TXT record named <code className="rounded bg-surface-2 px-1">{claim.record.name}</code> with the value{" "}
                    <code className="break-all rounded bg-surface-2 px-1">{claim.record.value}</code>
                  </p>
                )}
              </li>
            ))}
            {data && data.domains.length === 0 && <li className="px-3 py-2 text-sm text-muted">No domain yet.</li>}
          </ul>
          <form onSubmit={addDomain} className="mt-3 flex items-end gap-2">
            <TextField label="Domain" name="domain" placeholder="example.com" required className="flex-1" />
            <Button type="submit" pending={domainSubmit.pending}>
              Add domain
            </Button>
          </form>
          <FormError message={domainSubmit.error} />
        </div>

        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-0.5"
            checked={data?.requireSso ?? false}
            disabled={!data || requireSso.isPending}
            onChange={(event) => requireSso.mutate({ workspaceId: workspace.id, on: event.target.checked })}
          />
          <span>
            <span className="font-medium">Require SSO</span>
            <span className="block text-muted">People with an address in a verified domain can no longer sign in with a password.</span>
          </span>
        </label>

        <div>
          <h3 className="text-sm font-semibold">Audit log</h3>
          <ol aria-label="SSO audit log" className="mt-2 max-h-64 divide-y divide-border overflow-y-auto rounded-md border border-border text-sm">
            {auditLog.data?.map((entry) => (
              <li key={entry.id} className="flex gap-3 px-3 py-1.5">
                <time className="shrink-0 text-xs text-muted" dateTime={entry.createdAt.toISOString()}>
                  {entry.createdAt.toLocaleString()}
                </time>
                <span className="min-w-0">
                  <span className="font-medium">{ACTIONS[entry.action] ?? entry.action}</span> {entry.detail && <span className="text-muted">{entry.detail}</span>}
                  {entry.actorName && <span className="text-muted"> · {entry.actorName}</span>}
                </span>
              </li>
            ))}
            {auditLog.data?.length === 0 && <li className="px-3 py-2 text-muted">Nothing yet.</li>}
          </ol>
        </div>
      </div>
    </Section>
  );
}
