"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { ConfirmButton } from "@/components/confirm-dialog";
import { CopyField } from "@/components/copy-field";
import { FormError, TextField } from "@/components/field";
import { Section } from "@/components/settings-section";
import { useSubmit } from "@/components/use-submit";
import { SCIM_BASE_PATH } from "@/shared/scim";
import { ShownOnce } from "../apps/shown-once";
import { formatFull } from "../common/format";
import { useCurrentWorkspace } from "../common/workspace-context";

/** Settings → SCIM provisioning: the base URL and bearer tokens an identity provider (Okta, Entra) provisions with. */
export function ScimSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workspace = useCurrentWorkspace();
  const tokens = useQuery(trpc.scim.tokens.queryOptions({ workspaceId: workspace.id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.scim.tokens.queryKey({ workspaceId: workspace.id }) });
  const create = useMutation(trpc.scim.createToken.mutationOptions({ onSuccess: () => void refresh() }));
  const revoke = useMutation(trpc.scim.revokeToken.mutationOptions({ onSuccess: () => void refresh() }));
  const [created, setCreated] = useState<string | null>(null);
  const submit = useSubmit({ fields: ["name"] });
  const baseUrl = typeof window === "undefined" ? SCIM_BASE_PATH : `${window.location.origin}${SCIM_BASE_PATH}`;

  const onSubmit = submit.handleSubmit(async (form, element) => {
    setCreated((await create.mutateAsync({ workspaceId: workspace.id, name: String(form.get("name") ?? "") })).token);
    element.reset();
  });

  return (
    <Section title="SCIM provisioning" description="Let your identity provider create, update and deactivate members and keep user groups in step.">
      <div className="flex flex-col gap-3">
        <CopyField label="SCIM base URL" value={baseUrl} hint="In Okta or Microsoft Entra: the SCIM connector base URL / tenant URL, with “HTTP header” (bearer token) authentication." />
        {created && (
          <div className="flex flex-col gap-2">
            <CopyField label="New SCIM token" value={created} />
            <ShownOnce>Copy it into your identity provider now: Confab keeps only its hash, and it is not shown again.</ShownOnce>
          </div>
        )}
        {tokens.data && tokens.data.length > 0 && (
          <ul aria-label="SCIM tokens" className="divide-y divide-border rounded-md border border-border">
            {tokens.data.map((token) => (
              <li key={token.id} className="flex items-center gap-3 px-3 py-2 text-sm">
                <div className="min-w-0 flex-1">
                  <div className="font-medium">{token.name}</div>
                  <div className="text-xs text-muted">
                    Created {formatFull(token.createdAt)} · {token.lastUsedAt ? `last used ${formatFull(token.lastUsedAt)}` : "never used"}
                  </div>
                </div>
                <ConfirmButton
                  variant="ghost"
                  className="h-8"
                  aria-label={`Revoke SCIM token ${token.name}`}
                  title={`Revoke “${token.name}”?`}
                  description="The identity provider using it can no longer provision anyone. Members it created stay."
                  confirmLabel="Revoke"
                  onConfirm={() => revoke.mutateAsync({ tokenId: token.id })}
                >
                  Revoke
                </ConfirmButton>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={onSubmit} className="flex items-end gap-2" noValidate>
          <TextField label="Token for" name="name" placeholder="Okta" required maxLength={80} className="flex-1" error={submit.errorOf("name")} />
          <Button type="submit" variant="secondary" pending={submit.pending}>
            Create SCIM token
          </Button>
        </form>
        <FormError message={submit.error} />
      </div>
    </Section>
  );
}
