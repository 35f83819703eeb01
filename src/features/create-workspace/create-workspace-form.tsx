"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/field";
import { useSubmit } from "@/components/use-submit";
import { slugify } from "@/shared/workspaces";

export function CreateWorkspaceForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.workspaces.create.mutationOptions());
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const submit = useSubmit({ fields: ["name", "slug"], conflictField: "slug", navigates: true });

  const onSubmit = submit.handleSubmit(async () => {
    const workspace = await create.mutateAsync({ name, slug: slugEdited ? slug : slugify(name) });
    router.push(`/w/${workspace.slug}/c/${workspace.generalChannelId}`);
  });

  const shownSlug = slugEdited ? slug : slugify(name);
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <FormError message={submit.error} />
      <TextField
        label="Workspace name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        placeholder="Acme Inc."
        required
        autoFocus
        maxLength={80}
        error={submit.errorOf("name")}
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
        error={submit.errorOf("slug")}
      />
      <Button type="submit" pending={submit.pending} className="mt-1 w-full">
        {submit.pending ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
