import { redirect } from "next/navigation";
import { AuthCard, AuthFooterLink } from "@/features/auth/auth-card";
import { SignInForm } from "@/features/auth/sign-in-form";
import { SsoForm } from "@/features/auth/sso-form";
import { safeCallbackUrl } from "@/shared/urls";
import { signInErrorMessage } from "@/features/auth/sign-in-error";
import { auth } from "@/server/auth/config";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if ((await auth())?.user) redirect(callbackUrl);
  return (
    <AuthCard
      title="Sign in to Confab"
      subtitle={params.error ? signInErrorMessage(params.code) : params.ended ? "You were signed out of this session. Sign in again to continue." : "Welcome back."}
      footer={
        <>
          New here?{" "}
          <AuthFooterLink href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
            Create an account
          </AuthFooterLink>
        </>
      }
    >
      <SignInForm callbackUrl={callbackUrl} defaultEmail={params.email} />
      <SsoForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
