"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { Hash, Lock } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { channelLabel, isConversation } from "../channel/channel-label";
import { useMyChannels } from "../common/use-my-channels";
import { useWorkspaceMembers } from "../common/use-workspace-members";
import { useCurrentWorkspace } from "../common/workspace-context";

const itemClass = "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm data-[selected=true]:bg-accent data-[selected=true]:text-accent-fg";

/**
 * Ctrl/Cmd+K: jump to any of your channels or conversations, to a public channel you could join (it opens with a Join
 * button), or start a conversation with anyone in the workspace.
 */
export function QuickSwitcher({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const workspace = useCurrentWorkspace();
  const channels = useMyChannels();
  const members = useWorkspaceMembers();
  // Public channels are created without telling everyone, so the list is fetched afresh each time the switcher opens.
  const browsable = useQuery({ ...trpc.channels.browse.queryOptions({ workspaceId: workspace.id }), enabled: open, staleTime: 0 });
  const me = useQuery(trpc.users.me.queryOptions());
  const openDm = useMutation(trpc.channels.openDm.mutationOptions({ onError: (error) => void toast.error(error.message) }));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
        event.preventDefault();
        onOpenChange(!open);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, onOpenChange]);

  const go = (channelId: string) => {
    onOpenChange(false);
    router.push(`/w/${workspace.slug}/c/${channelId}`);
  };
  const named = channels.data?.filter((channel) => !isConversation(channel.kind)) ?? [];
  const joinable = browsable.data?.filter((channel) => !channel.joined && !channel.archivedAt && channel.kind === "public") ?? [];

  return (
    <Command.Dialog
      open={open}
      onOpenChange={onOpenChange}
      label="Quick switcher"
      overlayClassName="fixed inset-0 z-40 bg-black/40"
      contentClassName="fixed left-1/2 top-[15vh] z-50 w-[min(560px,calc(100vw-32px))] -translate-x-1/2 overflow-hidden rounded-lg border border-border bg-bg shadow-xl"
    >
      <Command.Input placeholder="Jump to a channel or person…" className="h-12 w-full border-b border-border bg-transparent px-4 text-sm outline-none" />
      <Command.List className="max-h-80 overflow-y-auto p-2">
        <Command.Empty className="px-2 py-4 text-sm text-muted">Nothing matches.</Command.Empty>
        <Command.Group heading="Channels" className="text-xs text-muted [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1">
          {named.map((channel) => (
            <Command.Item key={channel.id} value={`#${channel.name}`} onSelect={() => go(channel.id)} className={itemClass}>
              {channel.kind === "private" ? <Lock size={14} aria-hidden="true" /> : <Hash size={14} aria-hidden="true" />}
              {channel.name}
            </Command.Item>
          ))}
          {joinable.map((channel) => (
            <Command.Item key={channel.id} value={`#${channel.name}`} onSelect={() => go(channel.id)} className={itemClass}>
              <Hash size={14} aria-hidden="true" />
              {channel.name}
              <span className="ml-auto text-xs opacity-80">Not joined</span>
            </Command.Item>
          ))}
        </Command.Group>
        <Command.Group heading="People" className="text-xs text-muted [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1">
          {members.data?.map((member) => (
            <Command.Item
              key={member.userId}
              value={`${member.name} ${member.email}`}
              onSelect={() =>
                openDm.mutate({ workspaceId: workspace.id, userIds: member.userId === me.data?.id ? [] : [member.userId] }, { onSuccess: (channel) => go(channel.id) })
              }
              className={itemClass}
            >
              <Avatar name={member.name} image={member.image} size={20} />
              {member.userId === me.data?.id ? channelLabel({ kind: "dm", name: "" }, [], member.name) : member.name}
            </Command.Item>
          ))}
        </Command.Group>
      </Command.List>
    </Command.Dialog>
  );
}
