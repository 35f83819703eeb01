import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/logo";

export function AuthCard({ title, subtitle, children, footer }: { title: string; subtitle?: string; children?: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-surface px-4 py-10">
      <Logo className="mb-8 flex items-center" />
      <div className="w-full max-w-sm rounded-lg border border-border bg-bg p-6 shadow-sm">
        <h1 className="text-xl font-semibold">{title}</h1>
        {subtitle && <p className="mt-1 text-sm text-muted">{subtitle}</p>}
        {children && <div className="mt-5">{children}</div>}
      </div>
      {footer && <div className="mt-5 text-sm text-muted">{footer}</div>}
    </main>
  );
}

/** The link under an auth card: where to go instead. */
export function AuthFooterLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link className="font-medium text-accent hover:underline" href={href}>
      {children}
    </Link>
  );
}
