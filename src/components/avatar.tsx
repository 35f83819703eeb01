import { initials } from "@/shared/users";
import { cn } from "./cn";

// Hues chosen for legible white initials in both themes; picked by name so a person keeps their colour.
const HUES = ["bg-indigo-600", "bg-emerald-700", "bg-rose-600", "bg-amber-700", "bg-sky-700", "bg-violet-600", "bg-teal-700", "bg-fuchsia-700"];

function hueFor(seed: string): string {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return HUES[Math.abs(hash) % HUES.length]!;
}

export function Avatar({ name, image, size = 36, className }: { name: string; image?: string | null; size?: number; className?: string }) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.4) };
  if (image) {
    // eslint-disable-next-line @next/next/no-img-element
    return <img src={image} alt="" style={style} className={cn("shrink-0 rounded-md object-cover", className)} />;
  }
  return (
    <span
      aria-hidden="true"
      style={style}
      className={cn("inline-flex shrink-0 select-none items-center justify-center rounded-md font-semibold text-white", hueFor(name), className)}
    >
      {initials(name)}
    </span>
  );
}
