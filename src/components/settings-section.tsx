import { type ReactNode, useId } from "react";

export function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  // A generated id: a title's spaces would split aria-labelledby into several (missing) ids.
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="border-b border-border py-6 last:border-0">
      <h2 id={headingId} className="text-base font-semibold">
        {title}
      </h2>
      {description && <p className="mt-1 text-sm text-muted">{description}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}
