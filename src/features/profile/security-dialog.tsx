"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { ConfirmButton } from "@/components/confirm-dialog";
import { Dialog } from "@/components/dialog";
import { FormError, TextField } from "@/components/field";
import { useSubmit } from "@/components/use-submit";
import type { SessionView } from "@/shared/account-security";
import { type Enrollment, RecoveryCodes, TwoFactorSetupSteps } from "../auth/two-factor-setup";
import { formatDay, formatFull, formatTime } from "../common/format";

/** Profile → Security: two-factor authentication, and every place this person is signed in. */
export function SecurityDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Security" description="Two-factor authentication and where you are signed in." wide>
      {open && (
        <div className="space-y-6">
          <TwoFactorPanel />
          <SessionsPanel />
          <DeleteAccountPanel />
        </div>
      )}
    </Dialog>
  );
}

function useSecurity() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Sessions come and go on other devices: asked afresh each time the dialog opens.
  const security = useQuery({ ...trpc.account.security.queryOptions(), refetchOnMount: "always" });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.account.security.queryKey() });
  return { security, refresh };
}

function TwoFactorPanel() {
  const { security, refresh } = useSecurity();
  const [codes, setCodes] = useState<string[] | null>(null);
  const status = security.data?.twoFactor;
  if (!status) return null;
  return (
    <section aria-labelledby="two-factor-title" className="flex flex-col gap-3">
      <h3 id="two-factor-title" className="text-sm font-semibold">
        Two-factor authentication
      </h3>
      {codes ? (
        <>
          <p className="text-sm">Your new recovery codes. The old ones no longer work.</p>
          <RecoveryCodes codes={codes} />
          <Button variant="secondary" className="self-start" onClick={() => setCodes(null)}>
            Done
          </Button>
        </>
      ) : status.enabledAt ? (
        <TwoFactorOn since={status.enabledAt} codesLeft={status.recoveryCodesLeft} required={status.required} onCodes={setCodes} onChange={refresh} />
      ) : (
        <TwoFactorOff required={status.required} onChange={refresh} />
      )}
    </section>
  );
}

function TwoFactorOff({ required, onChange }: { required: boolean; onChange: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const start = useMutation(trpc.account.startTwoFactorSetup.mutationOptions());
  const enable = useMutation(trpc.account.enableTwoFactor.mutationOptions());
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const submit = useSubmit({ fields: ["code"] });
  const begin = useSubmit();

  const onSubmit = submit.handleSubmit(async (form) => {
    await enable.mutateAsync({ enrollmentToken: enrollment!.enrollmentToken, code: String(form.get("code") ?? "") }).catch((cause: Error) => {
      throw Object.assign(cause, { data: { field: "code" } });
    });
    toast.success("Two-factor authentication is on");
    setEnrollment(null);
    await onChange();
  });

  if (!enrollment) {
    return (
      <div className="flex flex-col gap-2">
        <p className="text-sm text-muted">
          Off. Signing in with your password will also ask for a code from an authenticator app on your phone.
          {required && " A workspace you belong to requires it."}
        </p>
        <FormError message={begin.error} />
        <Button className="self-start" pending={begin.pending} onClick={() => begin.run(async () => setEnrollment(await start.mutateAsync({})))}>
          Set up two-factor authentication
        </Button>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate aria-label="Set up two-factor authentication">
      <FormError message={submit.error} />
      <TwoFactorSetupSteps enrollment={enrollment} codeError={submit.errorOf("code")} />
      <div className="flex gap-2">
        <Button type="submit" pending={submit.pending}>
          Turn on
        </Button>
        <Button type="button" variant="ghost" onClick={() => setEnrollment(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Turning it off or renewing recovery codes asks for a current code: a borrowed unlocked laptop is not enough. */
function TwoFactorOn({ since, codesLeft, required, onCodes, onChange }: { since: Date; codesLeft: number; required: boolean; onCodes: (codes: string[]) => void; onChange: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const renew = useMutation(trpc.account.regenerateRecoveryCodes.mutationOptions());
  const disable = useMutation(trpc.account.disableTwoFactor.mutationOptions());
  const [asking, setAsking] = useState<"renew" | "disable" | null>(null);
  const submit = useSubmit({ fields: ["code"] });

  const onSubmit = submit.handleSubmit(async (form) => {
    const code = String(form.get("code") ?? "");
    const asField = (cause: Error) => {
      throw Object.assign(cause, { data: { field: "code" } });
    };
    if (asking === "renew") onCodes((await renew.mutateAsync({ code }).catch(asField)).recoveryCodes);
    else {
      await disable.mutateAsync({ code }).catch(asField);
      toast.success("Two-factor authentication is off");
    }
    setAsking(null);
    await onChange();
  });

  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm">
        <span className="font-medium text-success">On</span> since {formatFull(since)}. {codesLeft === 1 ? "1 recovery code" : `${codesLeft} recovery codes`} left.
        {required && <span className="block text-muted">A workspace you belong to requires it, so it cannot be turned off.</span>}
      </p>
      {asking ? (
        <form onSubmit={onSubmit} className="flex max-w-sm flex-col gap-3" noValidate aria-label={asking === "renew" ? "New recovery codes" : "Turn off two-factor authentication"}>
          <FormError message={submit.error} />
          <TextField label="Code from your authenticator app" name="code" inputMode="numeric" autoComplete="one-time-code" required autoFocus maxLength={20} error={submit.errorOf("code")} />
          <div className="flex gap-2">
            <Button type="submit" variant={asking === "disable" ? "danger" : "primary"} pending={submit.pending}>
              {asking === "renew" ? "Make new codes" : "Turn off"}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setAsking(null)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => (submit.reset(), setAsking("renew"))}>
            New recovery codes
          </Button>
          {!required && (
            <Button variant="ghost" onClick={() => (submit.reset(), setAsking("disable"))}>
              Turn off
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

const lastSeen = (session: SessionView) => (session.current ? "Active now" : `Last active ${formatDay(session.lastSeenAt)}, ${formatTime(session.lastSeenAt)}`);

function SessionsPanel() {
  const trpc = useTRPC();
  const { security, refresh } = useSecurity();
  const end = useMutation(trpc.account.endSession.mutationOptions({ onSuccess: () => void refresh() }));
  const endOthers = useMutation(trpc.account.endOtherSessions.mutationOptions({ onSuccess: () => void refresh() }));
  const sessions = security.data?.sessions ?? [];
  const others = sessions.filter((session) => !session.current);
  return (
    <section aria-labelledby="sessions-title" className="flex flex-col gap-3">
      <h3 id="sessions-title" className="text-sm font-semibold">
        Where you are signed in
      </h3>
      <ul aria-label="Sessions" className="divide-y divide-border rounded-md border border-border">
        {sessions.map((session) => (
          <li key={session.id} className="flex items-center gap-3 px-3 py-2">
            <div className="min-w-0 flex-1">
              <div className="truncate text-sm font-medium">
                {session.device} {session.current && <span className="ml-1 rounded bg-accent/15 px-1.5 py-0.5 text-xs text-accent">This device</span>}
              </div>
              <div className="truncate text-xs text-muted">
                {session.ip || "Unknown address"} · {session.method === "sso" ? "Single sign-on" : session.twoFactor ? "Password and code" : "Password"} · Signed in{" "}
                {formatDay(session.createdAt)} · {lastSeen(session)}
              </div>
            </div>
            {!session.current && (
              <Button variant="ghost" className="h-8" aria-label={`Sign out ${session.device} (${session.ip})`} onClick={() => end.mutate({ sessionId: session.id })}>
                Sign out
              </Button>
            )}
          </li>
        ))}
      </ul>
      {others.length > 0 && (
        <ConfirmButton
          className="self-start"
          title="Sign out of all other sessions?"
          description={`Every other browser and device (${others.length}) is signed out at once. This one stays signed in.`}
          confirmLabel="Sign out others"
          onConfirm={() => endOthers.mutateAsync()}
        >
          Sign out of all other sessions
        </ConfirmButton>
      )}
    </section>
  );
}

/** Deleting the account, proven by the password (when there is one) and the address typed out. */
function DeleteAccountPanel() {
  const trpc = useTRPC();
  const me = useQuery(trpc.users.me.queryOptions());
  const { security } = useSecurity();
  const remove = useMutation(trpc.account.deleteAccount.mutationOptions());
  const [open, setOpen] = useState(false);
  const submit = useSubmit({ navigates: true });
  const onSubmit = submit.handleSubmit(async (form) => {
    await remove.mutateAsync({ confirmEmail: String(form.get("confirmEmail") ?? ""), password: security.data?.hasPassword ? String(form.get("password") ?? "") : undefined });
    await signOut({ redirectTo: "/signin" });
  });
  return (
    <section aria-labelledby="delete-account-title" className="flex flex-col gap-3 border-t border-border pt-4">
      <h3 id="delete-account-title" className="text-sm font-semibold text-danger">
        Delete account
      </h3>
      {open ? (
        <form onSubmit={onSubmit} className="flex max-w-sm flex-col gap-3" noValidate aria-label="Delete account">
          <p className="text-sm">
            This cannot be undone. Each workspace keeps your messages as “Deleted user” or removes them, as its admins chose. If you are the last owner of a workspace, transfer it first.
          </p>
          <FormError message={submit.error} />
          <TextField label={`Type your email (${me.data?.email ?? ""}) to confirm`} name="confirmEmail" type="email" autoComplete="off" required />
          {security.data?.hasPassword && <TextField label="Password" name="password" type="password" autoComplete="current-password" required />}
          <div className="flex gap-2">
            <Button type="submit" variant="danger" pending={submit.pending}>
              Delete my account
            </Button>
            <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <Button variant="ghost" className="self-start text-danger" onClick={() => setOpen(true)}>
          Delete my account…
        </Button>
      )}
    </section>
  );
}
