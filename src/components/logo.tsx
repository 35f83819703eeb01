export function Logo({ className }: { className?: string }) {
  return (
    <span className={className}>
      <span aria-hidden="true" className="mr-2 inline-flex h-7 w-7 items-center justify-center rounded-md bg-accent text-sm font-bold text-accent-fg">
        C
      </span>
      <span className="text-lg font-semibold tracking-tight">Confab</span>
    </span>
  );
}
