import { AuthCard, AuthFooterLink } from "@/features/auth/auth-card";
import { ResetPasswordForm } from "@/features/auth/account-email-forms";

export const metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const token = (await searchParams).token ?? "";
  return (
    <AuthCard
      title="Choose a new password"
      subtitle="The link works once, for an hour after it was sent."
      footer={
        <AuthFooterLink href="/forgot-password">
          Send a new link
        </AuthFooterLink>
      }
    >
      <ResetPasswordForm token={token} />
    </AuthCard>
  );
}
