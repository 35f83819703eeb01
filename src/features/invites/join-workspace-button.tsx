"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { FormError } from "@/components/field";

export function JoinWorkspaceButton({ token, workspaceName }: { token: string; workspaceName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(trpc.invites.accept.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <FormError message={error} />
      <Button
        className="w-full"
        pending={accept.isPending || accept.isSuccess}
        onClick={async () => {
          setError(null);
          try {
            const joined = await accept.mutateAsync({ token });
            router.push(joined.generalChannelId ? `/w/${joined.slug}/c/${joined.generalChannelId}` : `/w/${joined.slug}`);
          } catch (cause) {
            setError((cause as Error).message);
          }
        }}
      >
        Join {workspaceName}
      </Button>
    </>
  );
}
