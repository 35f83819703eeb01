"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { FormError } from "@/components/field";
import { useSubmit } from "@/components/use-submit";

export function JoinWorkspaceButton({ token, workspaceName }: { token: string; workspaceName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(trpc.invites.accept.mutationOptions());
  const submit = useSubmit({ navigates: true });
  return (
    <>
      <FormError message={submit.error} />
      <Button
        className="w-full"
        pending={submit.pending}
        onClick={() =>
          submit.run(async () => {
            const joined = await accept.mutateAsync({ token });
            router.push(joined.generalChannelId ? `/w/${joined.slug}/c/${joined.generalChannelId}` : `/w/${joined.slug}`);
          })
        }
      >
        Join {workspaceName}
      </Button>
    </>
  );
}
