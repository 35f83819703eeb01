import { AuthCard, AuthFooterLink } from "@/features/auth/auth-card";
import { ForgotPasswordForm } from "@/features/auth/account-email-forms";

export const metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard
      title="Reset your password"
      subtitle="Enter the email of your account and we will send you a link to choose a new password."
      footer={
        <AuthFooterLink href="/signin">
          Back to sign in
        </AuthFooterLink>
      }
    >
      <ForgotPasswordForm />
    </AuthCard>
  );
}
