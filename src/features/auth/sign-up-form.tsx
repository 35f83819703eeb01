"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/field";
import { inputError, useSubmit } from "@/components/use-submit";
import { PASSWORD_MIN_LENGTH, passwordWeakness } from "@/shared/users";
import { signInWithPassword } from "./sign-in-with-password";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const trpc = useTRPC();
  const signUp = useMutation(trpc.users.signUp.mutationOptions());
  const submit = useSubmit({ fields: ["name", "email", "password"], conflictField: "email", navigates: true });

  const onSubmit = submit.handleSubmit(async (form) => {
    const input = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    const weakness = passwordWeakness(input.password, input);
    if (weakness) throw inputError(weakness, "password");
    await signUp.mutateAsync(input);
    const problem = await signInWithPassword({ email: input.email, password: input.password }, callbackUrl);
    if (problem) throw new Error(problem.message);
  });

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <FormError message={submit.error} />
      <TextField label="Full name" name="name" autoComplete="name" required autoFocus error={submit.errorOf("name")} />
      <TextField label="Work email" name="email" type="email" autoComplete="email" required error={submit.errorOf("email")} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${PASSWORD_MIN_LENGTH} characters; avoid common passwords.`}
        error={submit.errorOf("password")}
      />
      <Button type="submit" pending={submit.pending} className="mt-1 w-full">
        {submit.pending ? "Creating your account…" : "Create account"}
      </Button>
    </form>
  );
}
