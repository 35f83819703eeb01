"use client";
import { createContext, useContext } from "react";
import type { PushContent } from "@/shared/notifications";
import type { WorkspaceRole } from "@/shared/workspaces";

export interface CurrentWorkspace {
  id: string;
  name: string;
  slug: string;
  role: WorkspaceRole;
  /** Read receipts in DMs, unless an admin turned them off. */
  readReceipts: boolean;
  /** What Web Push notifications of this workspace may show on a lock screen. */
  pushContent: PushContent;
  /** Members, not only admins, may create apps (each manages their own). */
  membersCanCreateApps: boolean;
  /** Password sign-ins need a second factor (TOTP). */
  requireTwoFactor: boolean;
  deletedAccountMessages: "keep" | "remove";
  membersCanManageGroups: boolean;
  openInvite: () => void;
  /** Phones and narrow windows show one pane at a time; this brings the workspace navigation over the content. */
  openNavigation: () => void;
}

export const WorkspaceContext = createContext<CurrentWorkspace | null>(null);

export function useCurrentWorkspace(): CurrentWorkspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error("useCurrentWorkspace outside a workspace");
  return workspace;
}
