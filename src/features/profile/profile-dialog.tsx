"use client";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { TextField } from "@/components/field";

export function ProfileDialog({ open, onOpenChange, name, email, image }: { open: boolean; onOpenChange: (open: boolean) => void; name: string; email: string; image: string | null }) {
  const trpc = useTRPC();
  const update = useMutation(trpc.users.updateProfile.mutationOptions());
  const [draft, setDraft] = useState(name);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await update.mutateAsync({ name: draft });
      toast.success("Profile updated");
      onOpenChange(false);
    } catch (cause) {
      setError((cause as Error).message);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) setDraft(name);
        onOpenChange(next);
      }}
      title="Edit profile"
      description="How you appear to everyone in your workspaces."
    >
      <form onSubmit={onSubmit} className="flex flex-col gap-4">
        <div className="flex items-center gap-3">
          <Avatar name={draft || name} image={image} size={56} />
          <div className="text-sm text-muted">{email}</div>
        </div>
        <TextField label="Display name" value={draft} onChange={(event) => setDraft(event.target.value)} maxLength={80} required error={error} autoFocus />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" pending={update.isPending}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
