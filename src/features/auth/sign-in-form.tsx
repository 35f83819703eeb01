"use client";
import Link from "next/link";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/field";
import { useSubmit } from "@/components/use-submit";
import { signInWithPassword } from "./sign-in-with-password";

export function SignInForm({ callbackUrl, defaultEmail }: { callbackUrl: string; defaultEmail?: string }) {
  const submit = useSubmit({ navigates: true });

  const onSubmit = submit.handleSubmit(async (form) => {
    const problem = await signInWithPassword(String(form.get("email") ?? ""), String(form.get("password") ?? ""), callbackUrl);
    if (problem) throw new Error(problem);
  });

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <FormError message={submit.error} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required autoFocus defaultValue={defaultEmail} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <Link href="/forgot-password" className="-mt-2 self-end text-sm text-accent hover:underline">
        Forgot password?
      </Link>
      <Button type="submit" pending={submit.pending} className="mt-1 w-full">
        {submit.pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
