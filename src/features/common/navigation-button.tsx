"use client";
import { Menu } from "lucide-react";
import { useCurrentWorkspace } from "./workspace-context";

/** Shown only on narrow screens, where the sidebar is hidden until asked for. */
export function NavigationButton() {
  const workspace = useCurrentWorkspace();
  return (
    <button type="button" onClick={workspace.openNavigation} aria-label="Open navigation" className="-ml-2 rounded-md p-1.5 text-muted hover:bg-surface-2 md:hidden">
      <Menu size={18} aria-hidden="true" />
    </button>
  );
}
