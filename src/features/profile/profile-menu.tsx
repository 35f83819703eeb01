"use client";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useQuery } from "@tanstack/react-query";
import { Check, LogOut, Monitor, Moon, Sun, UserRound } from "lucide-react";
import { signOut } from "next-auth/react";
import { useTheme } from "next-themes";
import { useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { ProfileDialog } from "./profile-dialog";

const item = "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-accent data-[highlighted]:text-accent-fg";
const THEMES = [
  { value: "light", label: "Light", Icon: Sun },
  { value: "dark", label: "Dark", Icon: Moon },
  { value: "system", label: "System", Icon: Monitor },
] as const;

export function ProfileMenu() {
  const trpc = useTRPC();
  const me = useQuery(trpc.users.me.queryOptions());
  const { theme, setTheme } = useTheme();
  const [profileOpen, setProfileOpen] = useState(false);
  if (!me.data) return null;
  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger aria-label={`Your profile and preferences (${me.data.name})`} className="rounded-md">
          <Avatar name={me.data.name} image={me.data.image} size={36} />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content side="right" align="end" sideOffset={8} className="z-50 min-w-60 rounded-md border border-border bg-bg p-1 text-text shadow-lg">
            <div className="flex items-center gap-2 px-2 py-2">
              <Avatar name={me.data.name} image={me.data.image} size={32} />
              <div className="min-w-0">
                <div className="truncate font-semibold">{me.data.name}</div>
                <div className="truncate text-xs text-muted">{me.data.email}</div>
              </div>
            </div>
            <DropdownMenu.Separator className="my-1 h-px bg-border" />
            <DropdownMenu.Item className={item} onSelect={() => setProfileOpen(true)}>
              <UserRound size={14} aria-hidden="true" /> Edit profile
            </DropdownMenu.Item>
            <DropdownMenu.Separator className="my-1 h-px bg-border" />
            <DropdownMenu.Label className="px-2 py-1 text-xs font-semibold text-muted">Theme</DropdownMenu.Label>
            <DropdownMenu.RadioGroup value={theme ?? "system"} onValueChange={setTheme}>
              {THEMES.map(({ value, label, Icon }) => (
                <DropdownMenu.RadioItem key={value} value={value} className={item}>
                  <Icon size={14} aria-hidden="true" /> {label}
                  <DropdownMenu.ItemIndicator className="ml-auto">
                    <Check size={14} aria-hidden="true" />
                  </DropdownMenu.ItemIndicator>
                </DropdownMenu.RadioItem>
              ))}
            </DropdownMenu.RadioGroup>
            <DropdownMenu.Separator className="my-1 h-px bg-border" />
            <DropdownMenu.Item className={item} onSelect={() => void signOut({ redirectTo: "/signin" })}>
              <LogOut size={14} aria-hidden="true" /> Sign out
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <ProfileDialog open={profileOpen} onOpenChange={setProfileOpen} name={me.data.name} email={me.data.email} image={me.data.image} />
    </>
  );
}
