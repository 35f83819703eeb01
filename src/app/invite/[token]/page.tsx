import Link from "next/link";
import { buttonClassName } from "@/components/button-styles";
import { AuthCard } from "@/features/auth/auth-card";
import { JoinWorkspaceButton } from "@/features/invites/join-workspace-button";
import { auth } from "@/server/auth/config";
import { invitePreview } from "@/server/queries/invites";
import { getMe } from "@/server/queries/users";
import { listMyWorkspaces } from "@/server/queries/workspaces";
import { inviteTokenInput } from "@/shared/workspaces";

export const metadata = { title: "Join a workspace" };


export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const parsed = inviteTokenInput.safeParse({ token: (await params).token });
  const preview = parsed.success ? await invitePreview(parsed.data.token) : null;
  if (!preview || !parsed.success) {
    return <AuthCard title="This invite link is not valid" subtitle="Check that you copied the whole link, or ask for a new one." />;
  }
  const token = parsed.data.token;
  const userId = (await auth())?.user?.id;
  const alreadyMember = userId ? (await listMyWorkspaces(userId)).some((workspace) => workspace.slug === preview.workspaceSlug) : false;
  const me = userId ? await getMe(userId) : null;
  const returnTo = `/invite/${token}`;
  const who = preview.inviterName ? `${preview.inviterName} invited you` : "You are invited";

  return (
    <AuthCard
      title={`Join ${preview.workspaceName}`}
      subtitle={`${who} to join ${preview.workspaceName} on Confab · ${preview.memberCount} ${preview.memberCount === 1 ? "member" : "members"}`}
    >
      {alreadyMember ? (
        <Link href={`/w/${preview.workspaceSlug}`} className={buttonClassName("primary", "w-full")}>
          You are already a member. Open {preview.workspaceName}
        </Link>
      ) : preview.problem ? (
        <p role="alert" className="rounded-md border border-danger/40 bg-danger-soft px-3 py-2 text-sm text-danger">
          {preview.problem}
        </p>
      ) : me ? (
        <div className="flex flex-col gap-3">
          <p className="text-sm text-muted">
            You will join as <strong className="text-text">{me.name}</strong> ({me.email}).
          </p>
          <JoinWorkspaceButton token={token} workspaceName={preview.workspaceName} />
        </div>
      ) : (
        <div className="flex flex-col gap-2">
          <Link href={`/signup?callbackUrl=${encodeURIComponent(returnTo)}`} className={buttonClassName("primary", "w-full")}>
            Create an account to join
          </Link>
          <Link href={`/signin?callbackUrl=${encodeURIComponent(returnTo)}`} className={buttonClassName("secondary", "w-full")}>
            I already have an account
          </Link>
        </div>
      )}
    </AuthCard>
  );
}
