"use client";
import { useState } from "react";
import { Button } from "@/components/button";
import { TextField } from "@/components/field";

/**
 * "Continue with SSO": a work email whose domain an organization verified goes to that organization's identity
 * provider. Submitted as a navigation rather than a form: the pages' CSP lets forms go to this origin only
 * (form-action 'self'), and the sign-in redirects on to the provider's.
 */
export function SsoForm({ callbackUrl }: { callbackUrl: string }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="mt-4 border-t border-border pt-4">
      {open ? (
        <form
          method="get"
          action="/api/sso/start"
          className="flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const fields = new URLSearchParams([...new FormData(event.currentTarget)].map(([key, value]) => [key, String(value)]));
            window.location.assign(`/api/sso/start?${fields}`);
          }}
        >
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <TextField label="Work email" name="email" type="email" autoComplete="email" required autoFocus hint="We send you to your organization's sign-in page." />
          <Button type="submit" className="w-full">
            Continue
          </Button>
        </form>
      ) : (
        <Button type="button" variant="secondary" className="w-full" onClick={() => setOpen(true)}>
          Continue with SSO
        </Button>
      )}
    </div>
  );
}
