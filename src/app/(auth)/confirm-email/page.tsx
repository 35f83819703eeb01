import { AuthCard, AuthFooterLink } from "@/features/auth/auth-card";
import { ConfirmEmailForm } from "@/features/auth/account-email-forms";

export const metadata = { title: "Confirm your email address" };

export default async function ConfirmEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const token = (await searchParams).token ?? "";
  return (
    <AuthCard
      title="Confirm your new email address"
      subtitle="Until you confirm, your account keeps its current address."
      footer={
        <AuthFooterLink href="/">
          Go to Confab
        </AuthFooterLink>
      }
    >
      <ConfirmEmailForm token={token} />
    </AuthCard>
  );
}
