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
import { useMyChannels } from "../common/use-my-channels";
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
  const submit = useSubmit({ fields: ["channelIds"] });
  const [created, setCreated] = useState<{ link: string; summary: string } | null>(null);
  const [role, setRole] = useState<"admin" | "member" | "guest">("member");
  const [guestKind, setGuestKind] = useState<"multi" | "single">("multi");
  const channels = useMyChannels();
  const guestChannels = (channels.data ?? []).filter((channel) => channel.kind === "public" || channel.kind === "private");

  const onSubmit = submit.handleSubmit(async (form) => {
    const maxUses = String(form.get("maxUses"));
    const invite = await create.mutateAsync({
      workspaceId: workspace.id,
      role,
      expiresIn: form.get("expiresIn") as InviteExpiry,
      maxUses: maxUses === "unlimited" ? null : Number(maxUses),
      ...(role === "guest" && { channelIds: form.getAll("channelIds").map(String), singleChannel: guestKind === "single" }),
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
          <SelectField label="Join as" name="role" value={role} onChange={(event) => setRole(event.target.value as typeof role)}>
            <option value="member">Member</option>
            <option value="guest">Guest (only the channels you choose)</option>
            {workspace.role === "owner" && <option value="admin">Admin</option>}
          </SelectField>
          {role === "guest" && (
            <>
              <fieldset className="flex gap-4 text-sm">
                <legend className="mb-1 text-sm font-medium">Kind of guest</legend>
                <label className="flex items-center gap-1.5">
                  <input type="radio" name="guestKind" checked={guestKind === "multi"} onChange={() => setGuestKind("multi")} /> Multi-channel
                </label>
                <label className="flex items-center gap-1.5">
                  <input type="radio" name="guestKind" checked={guestKind === "single"} onChange={() => setGuestKind("single")} /> Single-channel
                </label>
              </fieldset>
              <fieldset aria-describedby="guest-channels-error" className="flex flex-col gap-1 text-sm">
                <legend className="mb-1 text-sm font-medium">{guestKind === "single" ? "Their channel" : "Their channels"}</legend>
                <div className="max-h-40 overflow-y-auto rounded-md border border-border p-2">
                  {guestChannels.map((channel) => (
                    <label key={channel.id} className="flex items-center gap-2 py-0.5">
                      <input type={guestKind === "single" ? "radio" : "checkbox"} name="channelIds" value={channel.id} />
                      {channel.kind === "private" ? "🔒" : "#"} {channel.name}
                    </label>
                  ))}
                </div>
                {submit.errorOf("channelIds") && (
                  <p id="guest-channels-error" role="alert" className="text-xs text-danger">
                    {submit.errorOf("channelIds")}
                  </p>
                )}
              </fieldset>
            </>
          )}
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
