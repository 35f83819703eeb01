"use client";
import { type ButtonHTMLAttributes, forwardRef } from "react";
import { cn } from "./cn";
import { useHydrated } from "./use-hydrated";

type Variant = "primary" | "secondary" | "ghost" | "danger";

const variants: Record<Variant, string> = {
  primary: "bg-accent text-accent-fg hover:bg-accent-hover",
  secondary: "border border-border bg-bg text-text hover:bg-surface-2",
  ghost: "text-muted hover:bg-surface-2 hover:text-text",
  danger: "bg-danger text-white hover:opacity-90 dark:text-bg",
};

export const Button = forwardRef<
  HTMLButtonElement,
  ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; pending?: boolean }
>(function Button({ variant = "primary", pending, className, disabled, children, ...props }, ref) {
  // Every button here is driven by React: before hydration a click would do nothing, and a form would submit
  // natively (a sign-in form would put the password in the URL). Disabled until then, which also blocks Enter.
  const hydrated = useHydrated();
  return (
    <button
      ref={ref}
      disabled={disabled || pending || !hydrated}
      aria-busy={pending || undefined}
      className={cn(
        "inline-flex h-9 items-center justify-center gap-2 rounded-md px-3.5 text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60",
        variants[variant],
        className,
      )}
      {...props}
    >
      {children}
    </button>
  );
});
