"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/field";
import { slugify } from "@/shared/workspaces";

export function CreateWorkspaceForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.workspaces.create.mutationOptions());
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const workspace = await create.mutateAsync({ name, slug: slugEdited ? slug : slugify(name) });
      router.push(`/w/${workspace.slug}/c/${workspace.generalChannelId}`);
    } catch (cause) {
      const { message, data } = cause as { message: string; data?: { field?: string | null; code?: string } };
      setError({ field: data?.code === "CONFLICT" ? "slug" : (data?.field ?? null), message });
    }
  }

  const shownSlug = slugEdited ? slug : slugify(name);
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <FormError message={error && error.field !== "name" && error.field !== "slug" ? error.message : null} />
      <TextField
        label="Workspace name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        placeholder="Acme Inc."
        required
        autoFocus
        maxLength={80}
        error={error?.field === "name" ? error.message : null}
      />
      <TextField
        label="URL"
        value={shownSlug}
        onChange={(event) => {
          setSlugEdited(true);
          setSlug(event.target.value.toLowerCase());
        }}
        hint={`Your workspace will live at /w/${shownSlug || "…"}`}
        required
        maxLength={40}
        error={error?.field === "slug" ? error.message : null}
      />
      <Button type="submit" pending={create.isPending} className="mt-1 w-full">
        {create.isPending ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
