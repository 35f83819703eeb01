"use client";
import * as Tooltip from "@radix-ui/react-tooltip";
import { Plus } from "lucide-react";
import Link from "next/link";
import { cn } from "@/components/cn";
import { initials } from "@/shared/users";
import { ProfileMenu } from "../profile/profile-menu";

function RailTip({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>{children}</Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content side="right" sideOffset={8} className="z-50 rounded-md bg-text px-2 py-1 text-xs text-bg">
          {label}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}

export function WorkspaceRail({ workspaces, currentId }: { workspaces: Array<{ id: string; name: string; slug: string }>; currentId: string }) {
  return (
    <nav aria-label="Workspaces" className="flex w-16 shrink-0 flex-col items-center gap-2 bg-rail py-3 text-rail-fg">
        <ul className="flex flex-col items-center gap-2">
          {workspaces.map((workspace) => {
            const current = workspace.id === currentId;
            return (
              <li key={workspace.id}>
                <RailTip label={workspace.name}>
                  <Link
                    href={`/w/${workspace.slug}`}
                    aria-label={workspace.name}
                    aria-current={current ? "page" : undefined}
                    className={cn(
                      "flex h-10 w-10 items-center justify-center rounded-lg text-sm font-semibold transition",
                      current ? "bg-accent text-accent-fg ring-2 ring-rail-fg/70 ring-offset-2 ring-offset-rail" : "bg-white/10 hover:bg-white/20",
                    )}
                  >
                    {initials(workspace.name)}
                  </Link>
                </RailTip>
              </li>
            );
          })}
        </ul>
        <RailTip label="Create a workspace">
          <Link href="/new" aria-label="Create a workspace" className="flex h-10 w-10 items-center justify-center rounded-lg border border-dashed border-white/30 hover:bg-white/10">
            <Plus size={18} aria-hidden="true" />
          </Link>
        </RailTip>
        <div className="mt-auto">
          <ProfileMenu />
        </div>
    </nav>
  );
}
