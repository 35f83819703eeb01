"use client";
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { type ReactNode, useEffect, useState } from "react";
import { EventStream } from "@/client/event-stream";
import { usePresenceList } from "@/client/presence";
import type { RouterOutputs } from "@/client/trpc";
import { CallProvider } from "../call/call-provider";
import { IncomingCall } from "../call/call-controls";
import { DesktopNotifications } from "../notifications/desktop-notifications";
import { ConnectionBanner } from "./connection-banner";
import { cn } from "@/components/cn";
import { useTRPC } from "@/client/trpc";
import { LAST_WORKSPACE_COOKIE } from "@/shared/last-workspace";
import { Sidebar } from "../sidebar/sidebar";
import { WorkspaceContext } from "../common/workspace-context";
import { WorkspaceRail } from "./workspace-rail";
import { InviteDialog } from "../invites/invite-dialog";
import { KeyboardShortcuts } from "./keyboard-shortcuts";
import { QuickSwitcher } from "../quick-switcher/quick-switcher";

interface Props {
  workspaceId: string;
  initialWorkspaces: RouterOutputs["workspaces"]["list"];
  initialMe: NonNullable<RouterOutputs["users"]["me"]>;
  children: ReactNode;
}

export function WorkspaceShell({ workspaceId, initialWorkspaces, initialMe, children }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const workspaces = useQuery({ ...trpc.workspaces.list.queryOptions(), initialData: initialWorkspaces });
  useQuery({ ...trpc.users.me.queryOptions(), initialData: initialMe });
  const presenceList = usePresenceList(workspaceId);
  const [inviteOpen, setInviteOpen] = useState(false);
  const [navigationOpen, setNavigationOpen] = useState(false);
  const [switcherOpen, setSwitcherOpen] = useState(false);
  const workspace = workspaces.data.find((candidate) => candidate.id === workspaceId);

  useEffect(() => {
    if (!workspace) {
      // Removed from this workspace (or left it in another tab).
      if (!workspaces.isFetching) router.replace("/");
      return;
    }
    // Secure when the page is: over HTTPS it never travels in the clear.
    document.cookie = `${LAST_WORKSPACE_COOKIE}=${workspace.slug}; path=/; max-age=31536000; samesite=lax${window.location.protocol === "https:" ? "; secure" : ""}`;
    const [, , urlSlug, ...rest] = pathname.split("/");
    // Renamed URL: follow it without losing the page.
    if (urlSlug && urlSlug !== workspace.slug) router.replace(["", "w", workspace.slug, ...rest].join("/"));
  }, [workspace, workspaces.isFetching, pathname, router]);

  useEffect(() => {
    setNavigationOpen(false);
  }, [pathname]);

  if (!workspace) return null;
  return (
    <WorkspaceContext.Provider
      value={{ ...workspace, openInvite: () => setInviteOpen(true), openNavigation: () => setNavigationOpen(true) }}
    >
      <EventStream awayAfterMs={presenceList.data?.awayAfterMs} />
      <CallProvider>
        <div className="flex h-dvh overflow-hidden">
          <div
            className={cn("z-30 h-full shrink-0 md:flex", navigationOpen ? "fixed inset-y-0 left-0 flex shadow-xl" : "hidden")}
            onKeyDown={(event) => {
              if (event.key !== "Escape" || !navigationOpen) return;
              event.preventDefault();
              setNavigationOpen(false);
            }}
          >
            <WorkspaceRail workspaces={workspaces.data} currentId={workspace.id} />
            <Sidebar onOpenSwitcher={() => setSwitcherOpen(true)} />
          </div>
          {navigationOpen && (
            <button type="button" aria-label="Close navigation" className="fixed inset-0 z-20 bg-black/40 md:hidden" onClick={() => setNavigationOpen(false)} />
          )}
          <div className="flex min-w-0 flex-1 flex-col">
            <ConnectionBanner />
            <DesktopNotifications />
            {children}
          </div>
        </div>
        <InviteDialog open={inviteOpen} onOpenChange={setInviteOpen} />
        <QuickSwitcher open={switcherOpen} onOpenChange={setSwitcherOpen} />
        <KeyboardShortcuts currentChannelId={pathname.match(/\/c\/([0-9a-f-]{36})/)?.[1] ?? null} />
        <IncomingCall />
      </CallProvider>
    </WorkspaceContext.Provider>
  );
}
