"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { FormActions } from "@/components/form-actions";
import { Dialog } from "@/components/dialog";
import { FormError, TextField } from "@/components/field";
import { useSubmit } from "@/components/use-submit";
import { toChannelName } from "@/shared/channels";
import type { ChannelSummary } from "@/shared/events";

/** Topic and description for any member; the name for the channel's creator and admins (the server decides). */
export function ChannelDetailsDialog({ channel, canRename, open, onOpenChange }: { channel: ChannelSummary; canRename: boolean; open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const update = useMutation(trpc.channels.update.mutationOptions());
  const submit = useSubmit();
  const [name, setName] = useState(channel.name);

  const onSubmit = submit.handleSubmit(async (form) => {
    await update.mutateAsync({
      channelId: channel.id,
      ...(canRename && name !== channel.name && { name }),
      topic: String(form.get("topic") ?? ""),
      description: String(form.get("description") ?? ""),
    });
    toast.success("Channel updated");
    onOpenChange(false);
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) setName(channel.name);
        onOpenChange(next);
      }}
      title={`#${channel.name} details`}
      description="Everyone in the channel sees these."
    >
      <form key={`${channel.topic}/${channel.description}`} onSubmit={onSubmit} className="flex flex-col gap-4">
        <FormError message={submit.error} />
        {canRename && !channel.isDefault && <TextField label="Name" value={name} onChange={(event) => setName(toChannelName(event.target.value))} maxLength={80} />}
        <TextField label="Topic" name="topic" defaultValue={channel.topic} maxLength={250} />
        <label className="flex flex-col gap-1.5 text-sm font-medium">
          Description
          <textarea name="description" defaultValue={channel.description} maxLength={1000} rows={3} className="rounded-md border border-border bg-bg px-3 py-2 text-sm font-normal" />
        </label>
        <FormActions onCancel={() => onOpenChange(false)} pending={submit.pending} />
      </form>
    </Dialog>
  );
}
