"use client";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/field";
import { signInWithPassword } from "./sign-in-with-password";

export function SignInForm({ callbackUrl, defaultEmail }: { callbackUrl: string; defaultEmail?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const problem = await signInWithPassword(String(form.get("email") ?? ""), String(form.get("password") ?? ""), callbackUrl);
    if (problem) {
      setError(problem);
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <FormError message={error} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required autoFocus defaultValue={defaultEmail} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <Link href="/forgot-password" className="-mt-2 self-end text-sm text-accent hover:underline">
        Forgot password?
      </Link>
      <Button type="submit" pending={pending} className="mt-1 w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
