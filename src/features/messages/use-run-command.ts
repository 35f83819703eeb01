"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { toast } from "sonner";
import { ephemeralMessages } from "@/client/ephemeral-messages";
import { applyMessage } from "@/client/message-cache";
import { useTRPC, useTRPCClient } from "@/client/trpc";
import { useCurrentWorkspace } from "../common/workspace-context";

/**
 * Runs a command typed in the message box. What it answers only for this person shows at once (it also comes down
 * their stream, for their other tabs); a refusal keeps the text in the box, so a typo can be fixed.
 */
export function useRunCommand() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const router = useRouter();
  const workspace = useCurrentWorkspace();
  return useCallback(
    async (input: { channelId: string; threadRootId: string | null; command: string; text: string }): Promise<boolean> => {
      try {
        const result = await client.commands.run.mutate({ ...input, threadRootId: input.threadRootId ?? undefined, clientNonce: crypto.randomUUID() });
        for (const message of result.ephemeral) ephemeralMessages.add(message);
        if (result.message) applyMessage(queryClient, trpc, result.message);
        if (result.left) router.push(`/w/${workspace.slug}`);
        return true;
      } catch (error) {
        toast.error((error as Error).message);
        return false;
      }
    },
    [client, queryClient, trpc, router, workspace.slug],
  );
}
