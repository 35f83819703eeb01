"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { postFile } from "@/client/post-file";
import { useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { FormActions } from "@/components/form-actions";
import { Dialog } from "@/components/dialog";
import { TextField } from "@/components/field";
import { useSubmit } from "@/components/use-submit";

export function ProfileDialog({ open, onOpenChange, name, email, image }: { open: boolean; onOpenChange: (open: boolean) => void; name: string; email: string; image: string | null }) {
  const trpc = useTRPC();
  const update = useMutation(trpc.users.updateProfile.mutationOptions());
  const [draft, setDraft] = useState(name);
  const queryClient = useQueryClient();
  // Both show their error under the name field, one at a time: starting either clears the other's.
  const upload = useSubmit();
  const save = useSubmit();

  const uploadPhoto = (file: File | undefined) => {
    if (!file) return;
    save.reset();
    upload.run(async () => {
      await postFile("/api/files/avatar", file, "The photo could not be uploaded");
      await queryClient.invalidateQueries({ queryKey: trpc.users.me.queryKey() });
      toast.success("Photo updated");
    });
  };

  const onSubmit = save.handleSubmit(async () => {
    upload.reset();
    await update.mutateAsync({ name: draft });
    toast.success("Profile updated");
    onOpenChange(false);
  });

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
            <label className="cursor-pointer font-medium text-accent hover:underline focus-within:underline" aria-busy={upload.pending || undefined}>
              {upload.pending ? "Uploading…" : "Upload a photo"}
              <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" className="sr-only" disabled={upload.pending} onChange={(event) => uploadPhoto(event.target.files?.[0])} />
            </label>
          </div>
        </div>
        <TextField label="Display name" value={draft} onChange={(event) => setDraft(event.target.value)} maxLength={80} required error={upload.error ?? save.error} autoFocus />
        <FormActions onCancel={() => onOpenChange(false)} pending={save.pending} />
      </form>
    </Dialog>
  );
}
