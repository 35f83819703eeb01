"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/field";
import { inputError, useSubmit } from "@/components/use-submit";
import { signInWithPassword } from "./sign-in-with-password";
import { type Enrollment, TwoFactorSetupSteps } from "./two-factor-setup";

type Step =
  | { kind: "password" }
  /** Two-factor is on: the authenticator's code (or a recovery code) finishes the sign-in. */
  | { kind: "code"; email: string; password: string }
  /** A workspace requires two-factor of someone who has none: they set it up here, and are signed in by its first code. */
  | { kind: "setup"; email: string; password: string; enrollment: Enrollment };

/** Each step its own form (and its own pending state), so moving on never leaves a spent "Signing in…" behind. */
export function SignInForm({ callbackUrl, defaultEmail }: { callbackUrl: string; defaultEmail?: string }) {
  const [step, setStep] = useState<Step>({ kind: "password" });
  const back = () => setStep({ kind: "password" });
  if (step.kind === "code") return <CodeStep step={step} callbackUrl={callbackUrl} onBack={back} />;
  if (step.kind === "setup") return <SetupStep step={step} callbackUrl={callbackUrl} onBack={back} />;
  return <PasswordStep callbackUrl={callbackUrl} defaultEmail={defaultEmail} onStep={setStep} />;
}

function PasswordStep({ callbackUrl, defaultEmail, onStep }: { callbackUrl: string; defaultEmail?: string; onStep: (step: Step) => void }) {
  const trpc = useTRPC();
  const startSetup = useMutation(trpc.account.startTwoFactorSetup.mutationOptions());
  const submit = useSubmit({ navigates: true });

  const onSubmit = submit.handleSubmit(async (form) => {
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    const problem = await signInWithPassword({ email, password }, callbackUrl);
    if (problem?.code === "two_factor") return onStep({ kind: "code", email, password });
    if (problem?.code === "two_factor_setup") return onStep({ kind: "setup", email, password, enrollment: await startSetup.mutateAsync({ email, password }) });
    if (problem) throw new Error(problem.message);
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

function useCodeSubmit(callbackUrl: string, credentials: { email: string; password: string; enrollment?: string }) {
  const submit = useSubmit({ navigates: true, fields: ["code"] });
  const onSubmit = submit.handleSubmit(async (form) => {
    const code = String(form.get("code") ?? "").trim();
    if (!code) throw inputError("Enter the code from your authenticator app", "code");
    const problem = await signInWithPassword({ ...credentials, code }, callbackUrl);
    if (problem) throw problem.code === "two_factor_wrong" ? inputError(problem.message, "code") : new Error(problem.message);
  });
  return { submit, onSubmit };
}

function CodeStep({ step, callbackUrl, onBack }: { step: Extract<Step, { kind: "code" }>; callbackUrl: string; onBack: () => void }) {
  const { submit, onSubmit } = useCodeSubmit(callbackUrl, step);
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate aria-label="Two-factor authentication">
      <p className="text-sm">
        Signing in as <strong>{step.email}</strong>. Open your authenticator app and enter the code it shows for Confab.
      </p>
      <FormError message={submit.error} />
      <TextField
        label="Authentication code"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        autoFocus
        maxLength={20}
        hint="Lost your phone? Enter one of your recovery codes instead."
        error={submit.errorOf("code")}
      />
      <Button type="submit" pending={submit.pending} className="w-full">
        {submit.pending ? "Verifying…" : "Verify and sign in"}
      </Button>
      <button type="button" onClick={onBack} className="self-center text-sm text-accent hover:underline">
        Use a different account
      </button>
    </form>
  );
}

function SetupStep({ step, callbackUrl, onBack }: { step: Extract<Step, { kind: "setup" }>; callbackUrl: string; onBack: () => void }) {
  const { submit, onSubmit } = useCodeSubmit(callbackUrl, { email: step.email, password: step.password, enrollment: step.enrollment.enrollmentToken });
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate aria-label="Set up two-factor authentication">
      <p className="text-sm">Your workspace requires two-factor authentication for password sign-ins. Set up an authenticator app (1Password, Google Authenticator, Authy…) to continue.</p>
      <FormError message={submit.error} />
      <TwoFactorSetupSteps enrollment={step.enrollment} codeError={submit.errorOf("code")} />
      <Button type="submit" pending={submit.pending} className="w-full">
        {submit.pending ? "Verifying…" : "Turn on and sign in"}
      </Button>
      <button type="button" onClick={onBack} className="self-center text-sm text-accent hover:underline">
        Use a different account
      </button>
    </form>
  );
}
