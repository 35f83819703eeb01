"use client";
import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/field";
import { useSubmit } from "@/components/use-submit";
import { PASSWORD_MIN_LENGTH, passwordWeakness } from "@/shared/users";
import { signInWithPassword } from "./sign-in-with-password";

/** "Forgot password?": the same answer whatever the address, shown in place of the form. */
export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const request = useMutation(trpc.account.requestPasswordReset.mutationOptions());
  if (request.data) {
    return (
      <p role="status" className="text-sm">
        {request.data.message}
      </p>
    );
  }
  return (
    <form
      className="flex flex-col gap-4"
      noValidate
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        request.mutate({ email: String(new FormData(event.currentTarget).get("email") ?? "") });
      }}
    >
      <FormError message={request.error?.message ?? null} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required autoFocus />
      <Button type="submit" pending={request.isPending} className="w-full">
        {request.isPending ? "Sending…" : "Send me a reset link"}
      </Button>
    </form>
  );
}

/** The page a reset link opens: a new password, then straight into the app with it. */
export function ResetPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const reset = useMutation(trpc.account.resetPassword.mutationOptions());
  const submit = useSubmit({ navigates: true });

  const onSubmit = submit.handleSubmit(async (form) => {
    const password = String(form.get("password") ?? "");
    const weakness = passwordWeakness(password);
    if (weakness) throw new Error(weakness);
    const { email } = await reset.mutateAsync({ token, password });
    const problem = await signInWithPassword({ email, password }, "/");
    // The new password is set; a second factor is asked for on the sign-in page, with the address filled in.
    if (problem?.code.startsWith("two_factor")) window.location.assign(`/signin?email=${encodeURIComponent(email)}`);
    else if (problem) throw new Error(problem.message);
  });

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <FormError message={submit.error} />
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        autoFocus
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. Every device signed in to your account will be signed out.`}
      />
      <Button type="submit" pending={submit.pending} className="w-full">
        {submit.pending ? "Saving…" : "Set new password and sign in"}
      </Button>
    </form>
  );
}

/** The page a new address's confirmation link opens; a button, so a mail scanner following the link confirms nothing. */
export function ConfirmEmailForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const confirm = useMutation(trpc.account.confirmEmailChange.mutationOptions());
  if (confirm.data) {
    return (
      <p role="status" className="text-sm">
        Your account now uses <strong>{confirm.data.email}</strong>. Sign in with it from now on.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <FormError message={confirm.error?.message ?? null} />
      <Button pending={confirm.isPending} onClick={() => confirm.mutate({ token })} className="w-full">
        Confirm my new email address
      </Button>
    </div>
  );
}
