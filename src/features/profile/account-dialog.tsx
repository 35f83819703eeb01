"use client";
import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import type { FormEvent } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { FormError, TextField } from "@/components/field";
import { useSubmit } from "@/components/use-submit";
import { PASSWORD_MIN_LENGTH, passwordWeakness } from "@/shared/users";

/** Profile → Password and email: a new password (other devices are signed out), and a new address once confirmed. */
export function AccountDialog({ open, onOpenChange, email }: { open: boolean; onOpenChange: (open: boolean) => void; email: string }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Password and email" description={`You sign in as ${email}.`}>
      <div className="space-y-6">
        <ChangePasswordForm onDone={() => onOpenChange(false)} />
        <ChangeEmailForm />
      </div>
    </Dialog>
  );
}

function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const change = useMutation(trpc.account.changePassword.mutationOptions());
  const submit = useSubmit();

  const onSubmit = submit.handleSubmit(async (form) => {
    const currentPassword = String(form.get("currentPassword") ?? "");
    const newPassword = String(form.get("newPassword") ?? "");
    const weakness = passwordWeakness(newPassword);
    if (weakness) throw new Error(weakness);
    const { email, signedOut } = await change.mutateAsync({ currentPassword, newPassword });
    // A session from before session ids ended with the others; this browser signs in again with the new password.
    if (signedOut) await signIn("credentials", { email, password: newPassword, redirect: false });
    toast.success("Password changed. Your other devices were signed out.");
    onDone();
  });

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate aria-label="Change password">
      <h3 className="text-sm font-medium">Change password</h3>
      <FormError message={submit.error} />
      <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" required />
      <TextField label="New password" name="newPassword" type="password" autoComplete="new-password" required hint={`At least ${PASSWORD_MIN_LENGTH} characters.`} />
      <Button type="submit" pending={submit.pending} className="self-end">
        Change password
      </Button>
    </form>
  );
}

function ChangeEmailForm() {
  const trpc = useTRPC();
  const request = useMutation(trpc.account.requestEmailChange.mutationOptions());
  return (
    <form
      className="flex flex-col gap-3"
      noValidate
      aria-label="Change email"
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        request.mutate({ newEmail: String(form.get("newEmail") ?? ""), password: String(form.get("password") ?? "") });
      }}
    >
      <h3 className="text-sm font-medium">Change email</h3>
      {request.data ? (
        <p role="status" className="text-sm">
          We sent a confirmation link to <strong>{request.data.sentTo}</strong>. Your address changes when you open it.
        </p>
      ) : (
        <>
          <FormError message={request.error?.message ?? null} />
          <TextField label="New email" name="newEmail" type="email" autoComplete="email" required />
          <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
          <Button type="submit" variant="secondary" pending={request.isPending} className="self-end">
            Send confirmation link
          </Button>
        </>
      )}
    </form>
  );
}
