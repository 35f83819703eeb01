"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { ConfirmButton } from "@/components/confirm-dialog";
import { Dialog } from "@/components/dialog";
import { FormError, TextField } from "@/components/field";
import { Section } from "@/components/settings-section";
import { useSubmit } from "@/components/use-submit";
import type { UserGroupView } from "@/shared/user-groups";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { useMyChannels } from "../common/use-my-channels";
import { useWorkspaceMembers } from "../common/use-workspace-members";
import { useCurrentWorkspace } from "../common/workspace-context";

/** Settings → User groups: `@handles` that mention a team, with the channels its newcomers join. */
export function UserGroupsSection() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const groups = useQuery(trpc.userGroups.list.queryOptions({ workspaceId: workspace.id }));
  const update = useMutation(trpc.workspaces.update.mutationOptions({ onError: (cause) => void toast.error(cause.message) }));
  const remove = useMutation(trpc.userGroups.delete.mutationOptions());
  const admin = isWorkspaceAdmin(workspace.role);
  const canManage = admin || (workspace.role === "member" && workspace.membersCanManageGroups);
  const [editing, setEditing] = useState<UserGroupView | "new" | null>(null);
  const members = useWorkspaceMembers();
  const count = (group: UserGroupView) => (group.memberIds.length === 1 ? "1 person" : `${group.memberIds.length} people`);

  return (
    <Section title="User groups" description="A handle like @design-team mentions everyone in the group.">
      {admin && (
        <label className="mb-3 flex items-center gap-2 text-sm">
          <input type="checkbox" checked={workspace.membersCanManageGroups} onChange={(event) => update.mutate({ workspaceId: workspace.id, membersCanManageGroups: event.target.checked })} />
          Members can create and change groups
        </label>
      )}
      {groups.data?.length ? (
        <ul aria-label="User groups" className="divide-y divide-border rounded-md border border-border">
          {groups.data.map((group) => (
            <li key={group.id} className="flex items-center gap-3 px-3 py-2">
              <div className="min-w-0 flex-1">
                <div className="truncate font-medium">
                  @{group.handle} <span className="font-normal text-muted">· {group.name}</span>
                </div>
                <div className="truncate text-xs text-muted">
                  {count(group)}
                  {group.memberIds.length > 0 && `: ${group.memberIds.map((id) => members.data?.find((member) => member.userId === id)?.name ?? "someone").slice(0, 4).join(", ")}${group.memberIds.length > 4 ? "…" : ""}`}
                </div>
              </div>
              {canManage && (
                <>
                  <Button variant="ghost" className="h-8" aria-label={`Edit @${group.handle}`} onClick={() => setEditing(group)}>
                    Edit
                  </Button>
                  <ConfirmButton
                    variant="ghost"
                    className="h-8"
                    aria-label={`Delete @${group.handle}`}
                    title={`Delete @${group.handle}?`}
                    description="The handle stops mentioning anyone. Messages that used it keep their text."
                    confirmLabel="Delete group"
                    onConfirm={() => remove.mutateAsync({ groupId: group.id })}
                  >
                    Delete
                  </ConfirmButton>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted">No groups yet.</p>
      )}
      {canManage && (
        <Button variant="secondary" className="mt-3" onClick={() => setEditing("new")}>
          Create a group
        </Button>
      )}
      {editing && <GroupDialog group={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </Section>
  );
}

function GroupDialog({ group, onClose }: { group: UserGroupView | null; onClose: () => void }) {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const create = useMutation(trpc.userGroups.create.mutationOptions());
  const update = useMutation(trpc.userGroups.update.mutationOptions());
  const members = useWorkspaceMembers();
  const channels = useMyChannels();
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState(() => new Set(group?.memberIds ?? []));
  const submit = useSubmit({ fields: ["handle", "name"], conflictField: "handle" });
  const people = (members.data ?? []).filter((member) => !member.isBot && member.name.toLowerCase().includes(search.toLowerCase()));
  const channelChoices = (channels.data ?? []).filter((channel) => channel.kind === "public" || channel.kind === "private");

  const onSubmit = submit.handleSubmit(async (form) => {
    const fields = {
      handle: String(form.get("handle") ?? ""),
      name: String(form.get("name") ?? ""),
      description: String(form.get("description") ?? ""),
      memberIds: [...chosen],
      // Default channels the editor cannot see stay as they were: the list shows only the editor's own.
      channelIds: [...form.getAll("channelIds").map(String), ...(group?.channelIds.filter((id) => !channelChoices.some((channel) => channel.id === id)) ?? [])],
    };
    if (group) await update.mutateAsync({ groupId: group.id, ...fields });
    else await create.mutateAsync({ workspaceId: workspace.id, ...fields });
    toast.success(group ? `@${fields.handle.replace(/^@/, "")} updated` : `@${fields.handle.replace(/^@/, "")} created`);
    onClose();
  });

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={group ? `Edit @${group.handle}` : "Create a user group"}>
      <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
        <FormError message={submit.error} />
        <div className="grid grid-cols-2 gap-3">
          <TextField label="Handle" name="handle" defaultValue={group?.handle ?? ""} placeholder="design-team" required error={submit.errorOf("handle")} />
          <TextField label="Name" name="name" defaultValue={group?.name ?? ""} placeholder="Design team" required error={submit.errorOf("name")} />
        </div>
        <TextField label="Description" name="description" defaultValue={group?.description ?? ""} />
        <fieldset className="flex flex-col gap-1 text-sm">
          <legend className="mb-1 font-medium">People ({chosen.size})</legend>
          <input type="search" aria-label="Find people" placeholder="Find people" value={search} onChange={(event) => setSearch(event.target.value)} className="h-8 rounded-md border border-border bg-bg px-2" />
          <div className="max-h-44 overflow-y-auto rounded-md border border-border p-2">
            {people.map((member) => (
              <label key={member.userId} className="flex items-center gap-2 py-0.5">
                <input
                  type="checkbox"
                  checked={chosen.has(member.userId)}
                  onChange={(event) => {
                    const next = new Set(chosen);
                    if (event.target.checked) next.add(member.userId);
                    else next.delete(member.userId);
                    setChosen(next);
                  }}
                />
                {member.name}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="flex flex-col gap-1 text-sm">
          <legend className="mb-1 font-medium">Default channels (people added to the group join them)</legend>
          <div className="max-h-32 overflow-y-auto rounded-md border border-border p-2">
            {channelChoices.map((channel) => (
              <label key={channel.id} className="flex items-center gap-2 py-0.5">
                <input type="checkbox" name="channelIds" value={channel.id} defaultChecked={group?.channelIds.includes(channel.id)} />
                {channel.kind === "private" ? "🔒" : "#"} {channel.name}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" pending={submit.pending}>
            {group ? "Save group" : "Create group"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
