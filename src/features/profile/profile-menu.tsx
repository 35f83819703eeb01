"use client";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, BellOff, BellRing, Check, Eye, KeyRound, LogOut, Monitor, Moon, ShieldCheck, Smile, Sun, UserRound, X } from "lucide-react";
import { signOut } from "next-auth/react";
import { useTheme } from "next-themes";
import { useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { FormError, TextField } from "@/components/field";
import { PresenceAvatar } from "@/components/presence-avatar";
import { StatusEmoji } from "@/components/status-emoji";
import { useSubmit } from "@/components/use-submit";
import { useNow } from "@/client/now";
import { tomorrowMorning } from "@/shared/status-expiry";
import { currentStatus, inDoNotDisturb } from "@/shared/users";
import { usePersonState } from "../common/use-person-state";
import { NotificationPreferencesDialog } from "../notifications/notification-preferences-dialog";
import { AccountDialog } from "./account-dialog";
import { SecurityDialog } from "./security-dialog";
import { ProfileDialog } from "./profile-dialog";
import { StatusDialog } from "./status-dialog";

const PAUSES = [
  { label: "30 minutes", until: () => new Date(Date.now() + 30 * 60_000) },
  { label: "1 hour", until: () => new Date(Date.now() + 60 * 60_000) },
  { label: "Until tomorrow (9:00)", until: () => tomorrowMorning() },
];
const timeFormat = new Intl.DateTimeFormat(undefined, { weekday: "short", hour: "numeric", minute: "2-digit" });

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
  const [notificationsOpen, setNotificationsOpen] = useState(false);
  const [accountOpen, setAccountOpen] = useState(false);
  const [securityOpen, setSecurityOpen] = useState(false);
  const [statusOpen, setStatusOpen] = useState(false);
  const [pauseOpen, setPauseOpen] = useState(false);
  const [customPauseOpen, setCustomPauseOpen] = useState(false);
  const [pauseUntil, setPauseUntil] = useState("");
  const queryClient = useQueryClient();
  const now = useNow();
  const stateOf = usePersonState();
  const mergeMe = { onSuccess: (person: object) => queryClient.setQueryData(trpc.users.me.queryKey(), (current) => (current ? { ...current, ...person } : current)) };
  const setStatus = useMutation(trpc.users.setStatus.mutationOptions(mergeMe));
  const setDnd = useMutation(trpc.users.setDoNotDisturb.mutationOptions(mergeMe));
  // Signing out ends the session on the server too, so a copied cookie is worth nothing and this browser's other tabs follow.
  const endThisSession = useMutation(trpc.account.signOut.mutationOptions());
  const customPause = useSubmit();
  const setReadReceipts = useMutation(
    trpc.users.setReadReceipts.mutationOptions({
      onSuccess: (result) => {
        mergeMe.onSuccess(result);
        // Opting back in: see others' receipts again.
        void queryClient.invalidateQueries({ queryKey: trpc.channels.receipts.pathKey() });
      },
    }),
  );
  if (!me.data) return null;
  const status = currentStatus(me.data, now);
  const paused = inDoNotDisturb(me.data, now);
  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger aria-label={`Your profile and preferences (${me.data.name})`} className="rounded-md">
          <PresenceAvatar name={me.data.name} image={me.data.image} size={36} presence={stateOf(me.data.id).presence} dnd={paused} className="[--ring-bg:var(--rail)]" />
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
            <DropdownMenu.Item className={item} onSelect={() => setStatusOpen(true)}>
              {status ? <StatusEmoji status={status} /> : <Smile size={14} aria-hidden="true" />}
              {status ? <span className="truncate">{status.text ?? "Update your status"}</span> : "Set a status"}
            </DropdownMenu.Item>
            {status && (
              <DropdownMenu.Item className={item} onSelect={() => setStatus.mutate({ emoji: null, text: null, expiresAt: null })}>
                <X size={14} aria-hidden="true" /> Clear status
              </DropdownMenu.Item>
            )}
            {paused ? (
              <DropdownMenu.Item className={item} onSelect={() => setDnd.mutate({ until: null })}>
                <BellRing size={14} aria-hidden="true" /> Resume notifications
                <span className="ml-auto text-xs opacity-80">paused until {timeFormat.format(me.data.dndUntil!)}</span>
              </DropdownMenu.Item>
            ) : (
              <DropdownMenu.Sub open={pauseOpen} onOpenChange={setPauseOpen}>
                <DropdownMenu.SubTrigger className={item}>
                  <BellOff size={14} aria-hidden="true" /> Pause notifications
                </DropdownMenu.SubTrigger>
                <DropdownMenu.Portal>
                  <DropdownMenu.SubContent sideOffset={4} className="z-50 min-w-48 rounded-md border border-border bg-bg p-1 text-text shadow-lg">
                    {PAUSES.map((pause) => (
                      <DropdownMenu.Item key={pause.label} className={item} onSelect={() => setDnd.mutate({ until: pause.until() })}>
                        {pause.label}
                      </DropdownMenu.Item>
                    ))}
                    <DropdownMenu.Item className={item} onSelect={() => setCustomPauseOpen(true)}>
                      Custom…
                    </DropdownMenu.Item>
                  </DropdownMenu.SubContent>
                </DropdownMenu.Portal>
              </DropdownMenu.Sub>
            )}
            <DropdownMenu.Separator className="my-1 h-px bg-border" />
            <DropdownMenu.Item className={item} onSelect={() => setProfileOpen(true)}>
              <UserRound size={14} aria-hidden="true" /> Edit profile
            </DropdownMenu.Item>
            <DropdownMenu.Item className={item} onSelect={() => setNotificationsOpen(true)}>
              <Bell size={14} aria-hidden="true" /> Notifications
            </DropdownMenu.Item>
            <DropdownMenu.Item className={item} onSelect={() => setAccountOpen(true)}>
              <KeyRound size={14} aria-hidden="true" /> Password and email
            </DropdownMenu.Item>
            <DropdownMenu.Item className={item} onSelect={() => setSecurityOpen(true)}>
              <ShieldCheck size={14} aria-hidden="true" /> Security
            </DropdownMenu.Item>
            <DropdownMenu.CheckboxItem
              className={item}
              checked={me.data.readReceipts}
              onCheckedChange={(on) => setReadReceipts.mutate({ on })}
              onSelect={(event) => event.preventDefault()}
            >
              <Eye size={14} aria-hidden="true" /> Share read receipts
              <DropdownMenu.ItemIndicator className="ml-auto">
                <Check size={14} aria-hidden="true" />
              </DropdownMenu.ItemIndicator>
            </DropdownMenu.CheckboxItem>
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
            <DropdownMenu.Item className={item} onSelect={() => void endThisSession.mutateAsync().finally(() => signOut({ redirectTo: "/signin" }))}>
              <LogOut size={14} aria-hidden="true" /> Sign out
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <StatusDialog open={statusOpen} onOpenChange={setStatusOpen} />
      <NotificationPreferencesDialog open={notificationsOpen} onOpenChange={setNotificationsOpen} />
      <AccountDialog open={accountOpen} onOpenChange={setAccountOpen} email={me.data.email} />
      <SecurityDialog open={securityOpen} onOpenChange={setSecurityOpen} />
      <Dialog open={customPauseOpen} onOpenChange={setCustomPauseOpen} title="Pause notifications until…">
        <form
          className="flex flex-col gap-4"
          onSubmit={customPause.handleSubmit(async () => {
            if (!pauseUntil) return;
            await setDnd.mutateAsync({ until: new Date(pauseUntil) });
            setCustomPauseOpen(false);
          })}
        >
          <TextField label="Until" type="datetime-local" required value={pauseUntil} onChange={(event) => setPauseUntil(event.target.value)} />
          <FormError message={customPause.error} />
          <div className="flex justify-end">
            <Button type="submit" pending={customPause.pending}>
              Pause notifications
            </Button>
          </div>
        </form>
      </Dialog>
      <ProfileDialog open={profileOpen} onOpenChange={setProfileOpen} name={me.data.name} email={me.data.email} image={me.data.image} />
    </>
  );
}
