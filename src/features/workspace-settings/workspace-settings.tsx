"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { Button } from "@/components/button";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FormError, TextField } from "@/components/field";
import { Section } from "@/components/settings-section";
import { useSubmit } from "@/components/use-submit";
import { type DirectoryEntry, isWorkspaceAdmin, type MemberStatus, WORKSPACE_ROLES, type WorkspaceRole } from "@/shared/workspaces";
import { AppBadge, PersonMark } from "@/components/app-badge";
import { PUSH_CONTENT_LABELS, PUSH_CONTENTS, type PushContent } from "@/shared/notifications";
import { AppsSection } from "../apps/apps-section";
import { NavigationButton } from "../common/navigation-button";
import { personMark, ROLE_LABELS } from "../common/role-labels";
import { useCurrentWorkspace } from "../common/workspace-context";
import { InvitesSection } from "../invites/invites-section";
import { SsoSection } from "../sso-admin/sso-settings";
import { SupportSection } from "../support/support-settings";
import { UserGroupsSection } from "../user-groups/user-groups-section";
import { ScimSection } from "../scim/scim-section";
import { AuditLogSection } from "../compliance/audit-log-section";
import { RetentionSection } from "../compliance/retention-section";
import { TransfersSection } from "../compliance/transfers-section";

const peopleCount = (count: number) => (count === 1 ? "1 person" : `${count} people`);

function GeneralSection() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const update = useMutation(trpc.workspaces.update.mutationOptions());
  const submit = useSubmit();
  const admin = isWorkspaceAdmin(workspace.role);

  const onSubmit = submit.handleSubmit(async (form) => {
    await update.mutateAsync({ workspaceId: workspace.id, name: String(form.get("name")), slug: String(form.get("slug")) });
    toast.success("Workspace updated");
  });

  return (
    <Section title="General" description={admin ? "The name and URL everyone sees." : "Only owners and admins can change these."}>
      <form key={`${workspace.name}/${workspace.slug}`} onSubmit={onSubmit} className="flex max-w-md flex-col gap-4">
        <FormError message={submit.error} />
        <TextField label="Workspace name" name="name" defaultValue={workspace.name} disabled={!admin} maxLength={80} />
        <TextField label="URL" name="slug" defaultValue={workspace.slug} disabled={!admin} maxLength={40} hint="Changing it changes every link to this workspace." />
        {admin && (
          <div>
            <Button type="submit" pending={submit.pending}>
              Save changes
            </Button>
          </div>
        )}
      </form>
    </Section>
  );
}

/** Read receipts in DMs for the whole workspace: on by default, admins may turn them off. */
function PrivacySection() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const update = useMutation(trpc.workspaces.update.mutationOptions({ onError: (cause) => void toast.error(cause.message) }));
  const admin = isWorkspaceAdmin(workspace.role);
  return (
    <Section title="Privacy" description={admin ? "What people can see about each other." : "Only owners and admins can change these."}>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-0.5"
          checked={workspace.readReceipts}
          disabled={!admin || update.isPending}
          onChange={(event) => update.mutate({ workspaceId: workspace.id, readReceipts: event.target.checked })}
        />
        <span>
          <span className="font-medium">Read receipts in direct messages</span>
          <span className="block text-muted">Show “Seen” under the newest message each person has read. Each person can also opt out.</span>
        </span>
      </label>
      <label className="mt-3 flex flex-col gap-1 text-sm">
        <span className="font-medium">Push notifications show</span>
        <select
          className="w-fit rounded-md border border-border bg-surface px-2 py-1"
          value={workspace.pushContent}
          disabled={!admin || update.isPending}
          onChange={(event) => update.mutate({ workspaceId: workspace.id, pushContent: event.target.value as PushContent })}
        >
          {PUSH_CONTENTS.map((content) => (
            <option key={content} value={content}>
              {PUSH_CONTENT_LABELS[content]}
            </option>
          ))}
        </select>
        <span className="text-muted">What a phone’s or computer’s lock screen may show of a message when Confab is closed.</span>
      </label>
    </Section>
  );
}

/** Admins may require a second factor of everyone who signs in with a password; SSO sign-ins leave it to the IdP. */
function SecuritySection() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const update = useMutation(trpc.workspaces.update.mutationOptions({ onError: (cause) => void toast.error(cause.message) }));
  return (
    <Section title="Security" description="How members prove who they are.">
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-0.5"
          checked={workspace.requireTwoFactor}
          disabled={update.isPending}
          onChange={(event) =>
            update.mutate(
              { workspaceId: workspace.id, requireTwoFactor: event.target.checked },
              { onSuccess: (_, input) => void toast.success(input.requireTwoFactor ? "Two-factor authentication is now required" : "Two-factor authentication is optional") },
            )
          }
        />
        <span>
          <span className="font-medium">Require two-factor authentication</span>
          <span className="block text-muted">
            Members who sign in with a password need a code from an authenticator app too. Those without one are signed out and set it up at their next sign-in.
          </span>
        </span>
      </label>
      <label className="mt-3 flex flex-col gap-1 text-sm">
        <span className="font-medium">When someone deletes their account</span>
        <select
          className="w-fit rounded-md border border-border bg-surface px-2 py-1"
          value={workspace.deletedAccountMessages}
          disabled={update.isPending}
          onChange={(event) => update.mutate({ workspaceId: workspace.id, deletedAccountMessages: event.target.value as "keep" | "remove" })}
        >
          <option value="keep">Keep their messages, signed “Deleted user”</option>
          <option value="remove">Remove their messages</option>
        </select>
      </label>
    </Section>
  );
}

type DirectoryFilters = { query: string; role: WorkspaceRole | "any"; status: MemberStatus };

/**
 * Everyone in the workspace, searched and filtered on the server a page at a time (10,000 members load no faster
 * any other way), with what admins do to each: role, deactivate or reactivate, remove, hand over ownership.
 */
function MembersSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workspace = useCurrentWorkspace();
  const me = useQuery(trpc.users.me.queryOptions());
  const [filters, setFilters] = useState<DirectoryFilters>({ query: "", role: "any", status: "active" });
  const query = useDeferredValue(filters.query);
  const directory = useInfiniteQuery(
    trpc.workspaces.directory.infiniteQueryOptions({ workspaceId: workspace.id, query, role: filters.role, status: filters.status }, { getNextPageParam: (page) => page.next }),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.workspaces.directory.pathKey() });
  const admin = isWorkspaceAdmin(workspace.role);
  const counts = directory.data?.pages[0]?.counts;
  const entries = directory.data?.pages.flatMap((page) => page.members) ?? [];
  if (workspace.role === "guest") return null;

  return (
    <Section
      title="Members"
      description={counts ? `${peopleCount(counts.active)} in ${workspace.name}${counts.guests ? `, ${counts.guests} of them guests` : ""}${counts.deactivated ? `; ${counts.deactivated} deactivated` : ""}.` : undefined}
    >
      <div className="mb-3 flex flex-wrap gap-2">
        <input
          type="search"
          aria-label="Search members"
          placeholder="Search by name or email"
          value={filters.query}
          onChange={(event) => setFilters({ ...filters, query: event.target.value })}
          className="h-8 min-w-48 flex-1 rounded-md border border-border bg-bg px-2 text-sm"
        />
        <select aria-label="Filter by role" value={filters.role} onChange={(event) => setFilters({ ...filters, role: event.target.value as DirectoryFilters["role"] })} className="h-8 rounded-md border border-border bg-bg px-2 text-sm">
          <option value="any">Any role</option>
          {WORKSPACE_ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}s
            </option>
          ))}
        </select>
        <select aria-label="Filter by status" value={filters.status} onChange={(event) => setFilters({ ...filters, status: event.target.value as MemberStatus })} className="h-8 rounded-md border border-border bg-bg px-2 text-sm">
          <option value="active">Active</option>
          <option value="deactivated">Deactivated</option>
          <option value="any">Active and deactivated</option>
        </select>
      </div>
      {entries.length === 0 && !directory.isPending && <p className="text-sm text-muted">Nobody matches.</p>}
      <ul aria-label="Members and roles" className="divide-y divide-border rounded-md border border-border">
        {entries.map((member) => (
          <MemberRow key={member.userId} member={member} self={member.userId === me.data?.id} admin={admin} onChange={refresh} />
        ))}
      </ul>
      {directory.hasNextPage && (
        <Button variant="secondary" className="mt-3" pending={directory.isFetchingNextPage} onClick={() => void directory.fetchNextPage()}>
          Show more ({(counts?.matching ?? 0) - entries.length} left)
        </Button>
      )}
    </Section>
  );
}

function MemberRow({ member, self, admin, onChange }: { member: DirectoryEntry; self: boolean; admin: boolean; onChange: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const after = { onSuccess: () => void onChange(), onError: (cause: { message: string }) => void toast.error(cause.message) };
  const changeRole = useMutation(trpc.workspaces.changeRole.mutationOptions(after));
  const remove = useMutation(trpc.workspaces.removeMember.mutationOptions({ onSuccess: () => void onChange() }));
  const deactivate = useMutation(trpc.workspaces.deactivateMember.mutationOptions({ onSuccess: () => void onChange() }));
  const reactivate = useMutation(trpc.workspaces.reactivateMember.mutationOptions(after));
  const transfer = useMutation(trpc.workspaces.transferOwnership.mutationOptions({ onSuccess: () => void onChange() }));
  const options: WorkspaceRole[] =
    workspace.role === "owner" ? [...WORKSPACE_ROLES] : member.role === "owner" ? [] : WORKSPACE_ROLES.filter((role) => role !== "owner");
  const manageable = admin && !self && options.length > 0;
  const mark = personMark(member);
  const target = { workspaceId: workspace.id, userId: member.userId };

  return (
    <li className="flex flex-wrap items-center gap-3 px-3 py-2">
      <Avatar name={member.name} image={member.image} size={32} />
      <div className="min-w-0 flex-1">
        <div className="flex items-center gap-2 truncate font-medium">
          <span className={member.deactivated ? "text-muted line-through" : undefined}>{member.name}</span>
          {self && <span className="text-muted">(you)</span>}
          {member.isBot ? <AppBadge /> : mark && <PersonMark mark={mark} />}
        </div>
        <div className="truncate text-xs text-muted">
          {member.email}
          {admin && !member.isBot && !member.deactivated && (member.twoFactor ? " · two-factor on" : " · no two-factor")}
        </div>
      </div>
      {member.deactivated ? (
        admin && (
          <Button variant="secondary" className="h-8" aria-label={`Reactivate ${member.name}`} pending={reactivate.isPending} onClick={() => reactivate.mutate(target)}>
            Reactivate
          </Button>
        )
      ) : manageable ? (
        <>
          <select
            aria-label={`Role of ${member.name}`}
            value={member.role}
            onChange={(event) =>
              changeRole.mutate(
                { ...target, role: event.target.value as WorkspaceRole },
                { onSuccess: (_, input) => void toast.success(`${member.name} is now ${ROLE_LABELS[input.role].toLowerCase()}`) },
              )
            }
            className="h-8 rounded-md border border-border bg-bg px-2 text-sm"
          >
            {options.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
          {workspace.role === "owner" && member.role !== "owner" && member.role !== "guest" && !member.isBot && (
            <ConfirmButton
              variant="ghost"
              className="h-8"
              aria-label={`Transfer ownership to ${member.name}`}
              title={`Make ${member.name} the owner?`}
              description={`${member.name} becomes an owner of ${workspace.name} and you become an admin.`}
              confirmLabel="Transfer ownership"
              onConfirm={() => transfer.mutateAsync(target)}
            >
              Make owner
            </ConfirmButton>
          )}
          <ConfirmButton
            variant="ghost"
            className="h-8"
            aria-label={`Deactivate ${member.name}`}
            title={`Deactivate ${member.name}?`}
            description="They are signed out at once and cannot sign in to this workspace. Their messages stay. You can reactivate them later with their channels."
            confirmLabel="Deactivate"
            onConfirm={() => deactivate.mutateAsync(target)}
          >
            Deactivate
          </ConfirmButton>
          <ConfirmButton
            variant="ghost"
            className="h-8"
            aria-label={`Remove ${member.name}`}
            title={`Remove ${member.name}?`}
            description={`They lose access to ${workspace.name} and its channels until someone invites them again.`}
            confirmLabel="Remove"
            onConfirm={() => remove.mutateAsync(target)}
          >
            Remove
          </ConfirmButton>
        </>
      ) : (
        <span className="text-sm text-muted">{ROLE_LABELS[member.role]}</span>
      )}
    </li>
  );
}

function LeaveSection() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const workspace = useCurrentWorkspace();
  const leave = useMutation(trpc.workspaces.leave.mutationOptions());
  return (
    <Section title="Leave workspace" description="You will lose access to its channels until someone invites you again.">
      <ConfirmButton
        variant="danger"
        title={`Leave ${workspace.name}?`}
        description="You will lose access to its channels until someone invites you again."
        confirmLabel="Leave"
        onConfirm={async () => {
          await leave.mutateAsync({ workspaceId: workspace.id });
          await queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
          router.replace("/");
        }}
      >
        Leave {workspace.name}
      </ConfirmButton>
    </Section>
  );
}

export function WorkspaceSettings() {
  const workspace = useCurrentWorkspace();
  return (
    <main className="flex-1 overflow-y-auto" aria-labelledby="settings-title">
      <header className="flex h-12 items-center gap-3 border-b border-border px-4">
        <NavigationButton />
        <h1 id="settings-title" className="font-semibold">
          Workspace settings
        </h1>
        <Link href={`/w/${workspace.slug}`} className="ml-auto text-sm text-accent hover:underline">
          Back to channels
        </Link>
      </header>
      <div className="mx-auto max-w-2xl px-6">
        <GeneralSection />
        <PrivacySection />
        <MembersSection />
        {workspace.role !== "guest" && <UserGroupsSection />}
        {isWorkspaceAdmin(workspace.role) && <SecuritySection />}
        {isWorkspaceAdmin(workspace.role) && <InvitesSection />}
        {isWorkspaceAdmin(workspace.role) && <SsoSection />}
        {isWorkspaceAdmin(workspace.role) && <ScimSection />}
        {isWorkspaceAdmin(workspace.role) && <RetentionSection />}
        {isWorkspaceAdmin(workspace.role) && <TransfersSection />}
        {isWorkspaceAdmin(workspace.role) && <AuditLogSection />}
        {isWorkspaceAdmin(workspace.role) && <SupportSection />}
        {(isWorkspaceAdmin(workspace.role) || (workspace.role === "member" && workspace.membersCanCreateApps)) && <AppsSection />}
        <LeaveSection />
      </div>
    </main>
  );
}
