"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { CopyField } from "@/components/copy-field";
import { Dialog } from "@/components/dialog";
import { FormError, SelectField } from "@/components/field";
import { useSubmit } from "@/components/use-submit";
import { INVITE_EXPIRY_CHOICES, type InviteExpiry } from "@/shared/workspaces";
import { EXPIRY_LABELS, describeInviteLimits, inviteLink } from "./labels";
import { useCurrentWorkspace } from "../common/workspace-context";

const MAX_USE_CHOICES = ["1", "5", "10", "25", "100", "unlimited"] as const;

export function InviteDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workspace = useCurrentWorkspace();
  const create = useMutation(
    trpc.invites.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.invites.list.queryKey({ workspaceId: workspace.id }) }),
    }),
  );
  const submit = useSubmit();
  const [created, setCreated] = useState<{ link: string; summary: string } | null>(null);

  const onSubmit = submit.handleSubmit(async (form) => {
    const maxUses = String(form.get("maxUses"));
    const invite = await create.mutateAsync({
      workspaceId: workspace.id,
      role: form.get("role") as "admin" | "member" | "guest",
      expiresIn: form.get("expiresIn") as InviteExpiry,
      maxUses: maxUses === "unlimited" ? null : Number(maxUses),
    });
    setCreated({ link: inviteLink(invite.token), summary: describeInviteLimits(invite) });
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) setCreated(null);
        onOpenChange(next);
      }}
      title={`Invite people to ${workspace.name}`}
      description="Anyone with the link can join until it expires or runs out of uses."
    >
      {created ? (
        <div className="flex flex-col gap-3">
          <CopyField label="Invite link" value={created.link} hint={created.summary} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setCreated(null)}>
              Create another
            </Button>
            <Button type="button" onClick={() => onOpenChange(false)}>
              Done
            </Button>
          </div>
        </div>
      ) : (
        <form onSubmit={onSubmit} className="flex flex-col gap-4">
          <FormError message={submit.error} />
          <SelectField label="Join as" name="role" defaultValue="member">
            <option value="member">Member</option>
            <option value="guest">Guest (only channels they are added to)</option>
            {workspace.role === "owner" && <option value="admin">Admin</option>}
          </SelectField>
          <div className="grid grid-cols-2 gap-3">
            <SelectField label="Expires after" name="expiresIn" defaultValue="7d">
              {(Object.keys(INVITE_EXPIRY_CHOICES) as InviteExpiry[]).map((key) => (
                <option key={key} value={key}>
                  {EXPIRY_LABELS[key]}
                </option>
              ))}
            </SelectField>
            <SelectField label="Maximum uses" name="maxUses" defaultValue="unlimited">
              {MAX_USE_CHOICES.map((choice) => (
                <option key={choice} value={choice}>
                  {choice === "unlimited" ? "No limit" : choice}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="flex justify-end">
            <Button type="submit" pending={submit.pending}>
              Create invite link
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
