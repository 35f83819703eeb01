"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { PresenceAvatar } from "@/components/presence-avatar";
import { StatusEmoji } from "@/components/status-emoji";
import { usePersonState } from "../common/use-person-state";
import { Button } from "@/components/button";
import { useWorkspaceMembers } from "../common/use-workspace-members";

/** Who is in a channel, live, with a way to add someone from the workspace. */
export function ChannelMembersPanel({ channelId, canAdd, canRemove, onClose }: { channelId: string; canAdd: boolean; canRemove: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const members = useQuery(trpc.channels.members.queryOptions({ channelId }));
  const everyone = useWorkspaceMembers();
  const add = useMutation(trpc.channels.addMember.mutationOptions({ onError: (error) => void toast.error(error.message) }));
  const remove = useMutation(trpc.channels.removeMember.mutationOptions({ onError: (error) => void toast.error(error.message) }));
  const me = useQuery(trpc.users.me.queryOptions());
  const stateOf = usePersonState();
  const [adding, setAdding] = useState("");
  const inChannel = new Set(members.data?.map((member) => member.userId));
  const candidates = everyone.data?.filter((member) => !inChannel.has(member.userId)) ?? [];
  return (
    <aside aria-label="Members" className="flex w-full shrink-0 flex-col border-l border-border bg-bg md:w-[320px]">
      <div className="flex h-12 items-center justify-between border-b border-border px-4">
        <h2 className="font-semibold">Members {members.data && <span className="text-muted">· {members.data.length}</span>}</h2>
        <button type="button" onClick={onClose} aria-label="Close members" className="rounded-md p-1 text-muted hover:bg-surface-2 hover:text-text">
          <X size={16} aria-hidden="true" />
        </button>
      </div>
      {canAdd && candidates.length > 0 && (
        <form
          className="flex gap-2 border-b border-border p-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (adding) add.mutate({ channelId, userId: adding }, { onSuccess: () => setAdding("") });
          }}
        >
          <select aria-label="Person to add" value={adding} onChange={(event) => setAdding(event.target.value)} className="h-8 min-w-0 flex-1 rounded-md border border-border bg-bg px-2 text-sm">
            <option value="">Add someone…</option>
            {candidates.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.name}
              </option>
            ))}
          </select>
          <Button type="submit" className="h-8" disabled={!adding} pending={add.isPending}>
            Add
          </Button>
        </form>
      )}
      <ul aria-label="Channel members" className="flex-1 overflow-y-auto p-2">
        {members.data?.map((member) => (
          <li key={member.userId} className="flex items-center gap-3 rounded-md px-2 py-1.5 hover:bg-surface">
            <PresenceAvatar name={member.name} image={member.image} size={32} {...stateOf(member.userId)} />
            <span className="min-w-0 flex-1 truncate">
              <span className="font-medium">{member.name}</span>
              {stateOf(member.userId).status && (
                <span className="ml-1.5 text-sm text-muted">
                  <StatusEmoji status={stateOf(member.userId).status} /> {stateOf(member.userId).status?.text}
                </span>
              )}
            </span>
            {canRemove && member.userId !== me.data?.id && (
              <Button variant="ghost" className="h-7 px-2 text-xs" aria-label={`Remove ${member.name} from the channel`} onClick={() => remove.mutate({ channelId, userId: member.userId })}>
                Remove
              </Button>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}
