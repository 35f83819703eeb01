"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { FormActions } from "@/components/form-actions";
import { Dialog } from "@/components/dialog";
import { TextField } from "@/components/field";

export function ProfileDialog({ open, onOpenChange, name, email, image }: { open: boolean; onOpenChange: (open: boolean) => void; name: string; email: string; image: string | null }) {
  const trpc = useTRPC();
  const update = useMutation(trpc.users.updateProfile.mutationOptions());
  const [draft, setDraft] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const [uploading, setUploading] = useState(false);

  async function uploadPhoto(file: File | undefined) {
    if (!file) return;
    setUploading(true);
    setError(null);
    try {
      const response = await fetch(`/api/files/avatar?name=${encodeURIComponent(file.name)}`, { method: "POST", body: file });
      const answer = (await response.json().catch(() => ({}))) as { error?: string };
      if (!response.ok) throw new Error(answer.error ?? "The photo could not be uploaded");
      await queryClient.invalidateQueries({ queryKey: trpc.users.me.queryKey() });
      toast.success("Photo updated");
    } catch (cause) {
      setError((cause as Error).message);
    } finally {
      setUploading(false);
    }
  }

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
          <div className="flex flex-col gap-1 text-sm">
            <span className="text-muted">{email}</span>
            <label className="cursor-pointer font-medium text-accent hover:underline focus-within:underline" aria-busy={uploading || undefined}>
              {uploading ? "Uploading…" : "Upload a photo"}
              <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" className="sr-only" disabled={uploading} onChange={(event) => void uploadPhoto(event.target.files?.[0])} />
            </label>
          </div>
        </div>
        <TextField label="Display name" value={draft} onChange={(event) => setDraft(event.target.value)} maxLength={80} required error={error} autoFocus />
        <FormActions onCancel={() => onOpenChange(false)} pending={update.isPending} />
      </form>
    </Dialog>
  );
}
