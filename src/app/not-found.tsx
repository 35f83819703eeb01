import Link from "next/link";
import { AuthCard } from "@/features/auth/auth-card";

export default function NotFound() {
  return (
    <AuthCard title="Nothing here" subtitle="This page does not exist, or you do not have access to it.">
      <Link href="/" className="font-medium text-accent hover:underline">
        Go to your workspaces
      </Link>
    </AuthCard>
  );
}
