"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Hash, Lock } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { FormError, TextField } from "@/components/field";
import { useSubmit } from "@/components/use-submit";
import { GROUP_DM_MAX_PEOPLE, toChannelName } from "@/shared/channels";
import { useWorkspaceMembers } from "../common/use-workspace-members";
import { useCurrentWorkspace } from "../common/workspace-context";

type DialogProps = { open: boolean; onOpenChange: (open: boolean) => void };

export function CreateChannelDialog({ open, onOpenChange }: DialogProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const workspace = useCurrentWorkspace();
  const create = useMutation(trpc.channels.create.mutationOptions());
  const submit = useSubmit();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<"public" | "private">("public");

  const onSubmit = submit.handleSubmit(async (form) => {
    const channel = await create.mutateAsync({ workspaceId: workspace.id, name, kind, topic: String(form.get("topic") ?? "") });
    await queryClient.invalidateQueries({ queryKey: trpc.channels.mine.queryKey({ workspaceId: workspace.id }) });
    onOpenChange(false);
    setName("");
    router.push(`/w/${workspace.slug}/c/${channel.id}`);
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Create a channel" description="Channels are where conversations about a topic happen.">
      <form onSubmit={onSubmit} className="flex flex-col gap-4">
        <TextField label="Name" value={name} onChange={(event) => setName(toChannelName(event.target.value))} placeholder="e.g. plan-budget" maxLength={80} required autoFocus error={submit.error} hint="Lowercase letters, digits and dashes." />
        <TextField label="Topic (optional)" name="topic" maxLength={250} />
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Visibility</legend>
          {(["public", "private"] as const).map((value) => (
            <label key={value} className="flex items-start gap-2 text-sm">
              <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} className="mt-1" />
              <span>
                <span className="flex items-center gap-1 font-medium">
                  {value === "public" ? <Hash size={14} aria-hidden="true" /> : <Lock size={14} aria-hidden="true" />}
                  {value === "public" ? "Public" : "Private"}
                </span>
                <span className="text-muted">{value === "public" ? "Anyone in the workspace can find and join it." : "Only people you add can see it."}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="flex justify-end">
          <Button type="submit" pending={submit.pending} disabled={!name}>
            Create
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function BrowseChannelsDialog({ open, onOpenChange }: DialogProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const workspace = useCurrentWorkspace();
  const channels = useQuery({ ...trpc.channels.browse.queryOptions({ workspaceId: workspace.id }), enabled: open });
  const [filter, setFilter] = useState("");
  const [archived, setArchived] = useState(false);
  const shown = channels.data?.filter((channel) => Boolean(channel.archivedAt) === archived && channel.name.includes(filter.toLowerCase())) ?? [];
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Browse channels" description="Public channels, and private ones you belong to.">
      <div className="mb-3 flex gap-2">
        <input aria-label="Search channels" value={filter} onChange={(event) => setFilter(event.target.value)} placeholder="Search channels" className="h-9 min-w-0 flex-1 rounded-md border border-border bg-bg px-3 text-sm" autoFocus />
        <div role="radiogroup" aria-label="Show" className="flex rounded-md border border-border p-0.5 text-sm">
          {[false, true].map((value) => (
            <button
              key={String(value)}
              type="button"
              role="radio"
              aria-checked={archived === value}
              onClick={() => setArchived(value)}
              className={archived === value ? "rounded bg-accent px-2 text-accent-fg" : "rounded px-2 text-muted hover:text-text"}
            >
              {value ? "Archived" : "Active"}
            </button>
          ))}
        </div>
      </div>
      <ul className="max-h-80 divide-y divide-border overflow-y-auto rounded-md border border-border" aria-label={archived ? "Archived channels" : "Channels"}>
        {shown.map((channel) => (
          <li key={channel.id}>
            <button
              type="button"
              className="flex w-full items-center gap-2 px-3 py-2 text-left hover:bg-surface"
              onClick={() => {
                onOpenChange(false);
                router.push(`/w/${workspace.slug}/c/${channel.id}`);
              }}
            >
              {channel.kind === "private" ? <Lock size={14} aria-label="Private" /> : <Hash size={14} aria-hidden="true" />}
              <span className="font-medium">{channel.name}</span>
              <span className="text-xs text-muted">
                {channel.memberCount} {channel.memberCount === 1 ? "member" : "members"}
              </span>
              {channel.joined && <span className="ml-auto text-xs text-success">Joined</span>}
            </button>
          </li>
        ))}
        {channels.data && shown.length === 0 && <li className="px-3 py-4 text-sm text-muted">{filter ? "No channels match." : archived ? "No archived channels." : "No channels yet."}</li>}
      </ul>
    </Dialog>
  );
}

export function NewMessageDialog({ open, onOpenChange }: DialogProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const workspace = useCurrentWorkspace();
  const members = useWorkspaceMembers();
  const me = useQuery(trpc.users.me.queryOptions());
  const openDm = useMutation(trpc.channels.openDm.mutationOptions());
  const submit = useSubmit();
  const [chosen, setChosen] = useState<string[]>([]);
  const others = members.data?.filter((member) => member.userId !== me.data?.id) ?? [];
  const toggle = (userId: string) => setChosen((current) => (current.includes(userId) ? current.filter((id) => id !== userId) : [...current, userId]));

  const start = () =>
    submit.run(async () => {
      const channel = await openDm.mutateAsync({ workspaceId: workspace.id, userIds: chosen });
      onOpenChange(false);
      setChosen([]);
      router.push(`/w/${workspace.slug}/c/${channel.id}`);
    });

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New message" description={`Pick up to ${GROUP_DM_MAX_PEOPLE - 1} people, or nobody for a note to yourself.`}>
      <FormError message={submit.error} />
      <ul className="my-3 max-h-72 overflow-y-auto rounded-md border border-border" aria-label="People">
        {others.map((member) => (
          <li key={member.userId}>
            <label className="flex cursor-pointer items-center gap-3 px-3 py-2 hover:bg-surface">
              <input type="checkbox" checked={chosen.includes(member.userId)} onChange={() => toggle(member.userId)} aria-label={member.name} />
              <Avatar name={member.name} image={member.image} size={28} />
              <span className="font-medium">{member.name}</span>
            </label>
          </li>
        ))}
        {others.length === 0 && <li className="px-3 py-4 text-sm text-muted">Nobody else is here yet. Invite people first.</li>}
      </ul>
      <div className="flex justify-end">
        <Button onClick={start} pending={submit.pending} disabled={chosen.length > GROUP_DM_MAX_PEOPLE - 1}>
          {chosen.length === 0 ? "Open your notes" : "Start conversation"}
        </Button>
      </div>
    </Dialog>
  );
}
