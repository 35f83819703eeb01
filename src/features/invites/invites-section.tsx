"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy } from "lucide-react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { Section } from "@/components/settings-section";
import { ROLE_LABELS } from "../common/role-labels";
import { useCurrentWorkspace } from "../common/workspace-context";
import { describeInviteLimits, inviteLink } from "./labels";

/** Workspace settings → the invite links that still work, to copy or revoke. */
export function InvitesSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workspace = useCurrentWorkspace();
  const invites = useQuery(trpc.invites.list.queryOptions({ workspaceId: workspace.id }));
  const revoke = useMutation(
    trpc.invites.revoke.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.invites.list.queryKey({ workspaceId: workspace.id }) }),
    }),
  );
  return (
    <Section title="Invite links" description="Links that let people join. Revoke one to stop it working at once.">
      <Button onClick={workspace.openInvite}>Create invite link</Button>
      {invites.data && invites.data.length > 0 ? (
        <ul aria-label="Active invite links" className="mt-4 divide-y divide-border rounded-md border border-border">
          {invites.data.map((invite) => (
            <li key={invite.id} className="flex items-center gap-3 px-3 py-2">
              <div className="min-w-0 flex-1">
                <div className="truncate font-mono text-xs">{inviteLink(invite.token)}</div>
                <div className="text-xs text-muted">
                  {ROLE_LABELS[invite.role]} · {describeInviteLimits(invite)}
                  {invite.problem && <span className="text-danger"> · no longer usable</span>}
                </div>
              </div>
              <Button
                variant="ghost"
                className="h-8"
                aria-label="Copy invite link"
                onClick={() => navigator.clipboard?.writeText(inviteLink(invite.token)).then(() => toast.success("Invite link copied"), () => toast.error("Could not copy; select the link instead"))}
              >
                <Copy size={14} aria-hidden="true" />
              </Button>
              <Button variant="secondary" className="h-8" onClick={() => revoke.mutateAsync({ inviteId: invite.id }).catch((cause: Error) => toast.error(cause.message))}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-3 text-sm text-muted">No active invite links.</p>
      )}
    </Section>
  );
}
