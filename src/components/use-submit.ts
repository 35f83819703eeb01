"use client";
import { type FormEvent, useEffect, useRef, useState } from "react";

interface Failure {
  message: string;
  field: string | null;
}

/** A problem found before asking the server, shaped like the server's input errors so the form shows it where it shows theirs. */
export function inputError(message: string, field: string): Error {
  return Object.assign(new Error(message), { data: { field } });
}

function failureOf(cause: unknown, conflictField: string | undefined): Failure {
  // tRPC's error formatter names the input field a validation error is about.
  const data = (cause as { data?: { code?: string; field?: string | null } } | null)?.data;
  return {
    message: cause instanceof Error ? cause.message : String(cause),
    field: data?.code === "CONFLICT" && conflictField ? conflictField : (data?.field ?? null),
  };
}

function focusable(element: Element | null): HTMLElement | null {
  return element instanceof HTMLElement && element !== document.body ? element : null;
}

export interface SubmitOptions {
  /** The fields the form shows errors beside (`errorOf`); an error about any other is the form's own (`error`). */
  fields?: readonly string[];
  /** Where a CONFLICT (a name or address already taken) is shown. */
  conflictField?: string;
  /** The work ends by leaving the page: after success it stays pending until then, so it cannot be sent twice. */
  navigates?: boolean;
}

/**
 * One submit of a dialog or form. Pending while its work runs, and a second submit meanwhile is ignored. A failure
 * becomes words (the server's message) for the form's role="alert" error, and focus goes back where the person can
 * act on it: the field in error, else the control they submitted from (a busy button loses focus). What success
 * does (close, reset, navigate) is the work's own last step.
 */
export function useSubmit({ fields = [], conflictField, navigates = false }: SubmitOptions = {}) {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const running = useRef(false);
  const origin = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const from = origin.current;
    if (!failure || !from?.isConnected) return;
    const scope = from.closest("form") ?? from.closest('[role="dialog"]');
    (scope?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? from).focus();
  }, [failure]);

  function start(work: () => Promise<unknown>, from: HTMLElement | null) {
    if (running.current) return;
    running.current = true;
    origin.current = from;
    setPending(true);
    setFailure(null);
    new Promise((resolve) => resolve(work())).then(
      () => {
        if (navigates) return;
        running.current = false;
        setPending(false);
      },
      (cause: unknown) => {
        running.current = false;
        setPending(false);
        setFailure(failureOf(cause, conflictField));
      },
    );
  }

  const shownBeside = failure?.field != null && fields.includes(failure.field);
  return {
    pending,
    error: failure && !shownBeside ? failure.message : null,
    errorOf: (field: string) => (shownBeside && failure?.field === field ? failure.message : null),
    /** For a button outside a form. */
    run: (work: () => Promise<unknown>) => start(work, focusable(document.activeElement)),
    /** A form's onSubmit; the work gets what the form holds, and the form (to reset it). */
    handleSubmit: (work: (data: FormData, form: HTMLFormElement) => Promise<unknown>) => (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const form = event.currentTarget;
      const submitter = (event.nativeEvent as SubmitEvent).submitter;
      const active = focusable(document.activeElement);
      start(() => work(new FormData(form), form), active && form.contains(active) ? active : (submitter ?? form));
    },
    /** Forgets the last error, for a dialog that opens afresh. */
    reset: () => setFailure(null),
  };
}
