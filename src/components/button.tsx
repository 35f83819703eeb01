"use client";
import { type ButtonHTMLAttributes, forwardRef } from "react";
import { type ButtonVariant, buttonClassName } from "./button-styles";
import { useHydrated } from "./use-hydrated";

export const Button = forwardRef<
  HTMLButtonElement,
  ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; pending?: boolean }
>(function Button({ variant = "primary", pending, className, disabled, children, ...props }, ref) {
  // Every button here is driven by React: before hydration a click would do nothing, and a form would submit
  // natively (a sign-in form would put the password in the URL). Disabled until then, which also blocks Enter.
  const hydrated = useHydrated();
  return (
    <button
      ref={ref}
      disabled={disabled || pending || !hydrated}
      aria-busy={pending || undefined}
      className={buttonClassName(variant, className)}
      {...props}
    >
      {children}
    </button>
  );
});
