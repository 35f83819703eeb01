import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { requireUserId } from "@/server/auth/session";
import { listMyWorkspaces } from "@/server/queries/workspaces";
import { LAST_WORKSPACE_COOKIE } from "@/shared/last-workspace";

export default async function Home() {
  const userId = await requireUserId("/");
  const workspaces = await listMyWorkspaces(userId);
  if (workspaces.length === 0) redirect("/new");
  const last = (await cookies()).get(LAST_WORKSPACE_COOKIE)?.value;
  const target = workspaces.find((workspace) => workspace.slug === last) ?? workspaces[0]!;
  redirect(`/w/${target.slug}`);
}
