"use client";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/field";
import { PASSWORD_MIN_LENGTH, passwordWeakness } from "@/shared/users";
import { signInWithPassword } from "./sign-in-with-password";

type FieldErrors = Partial<Record<"name" | "email" | "password", string>>;

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const trpc = useTRPC();
  const signUp = useMutation(trpc.users.signUp.mutationOptions());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    const weakness = passwordWeakness(input.password, input);
    if (weakness) return setErrors({ password: weakness });
    setErrors({});
    setFormError(null);
    setPending(true);
    try {
      await signUp.mutateAsync(input);
    } catch (error) {
      const { message, data } = error as { message: string; data?: { field?: string | null; code?: string } };
      const field = data?.code === "CONFLICT" ? "email" : (data?.field as keyof FieldErrors | undefined);
      if (field === "name" || field === "email" || field === "password") setErrors({ [field]: message });
      else setFormError(message);
      setPending(false);
      return;
    }
    const problem = await signInWithPassword(input.email, input.password, callbackUrl);
    if (problem) {
      setFormError(problem);
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <FormError message={formError} />
      <TextField label="Full name" name="name" autoComplete="name" required autoFocus error={errors.name} />
      <TextField label="Work email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${PASSWORD_MIN_LENGTH} characters; avoid common passwords.`}
        error={errors.password}
      />
      <Button type="submit" pending={pending} className="mt-1 w-full">
        {pending ? "Creating your account…" : "Create account"}
      </Button>
    </form>
  );
}
