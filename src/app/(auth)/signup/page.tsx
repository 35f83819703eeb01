import { redirect } from "next/navigation";
import { AuthCard, AuthFooterLink } from "@/features/auth/auth-card";
import { SignUpForm } from "@/features/auth/sign-up-form";
import { safeCallbackUrl } from "@/shared/urls";
import { auth } from "@/server/auth/config";

export const metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if ((await auth())?.user) redirect(callbackUrl);
  return (
    <AuthCard
      title="Create your account"
      subtitle="Chat, threads and calls for your team."
      footer={
        <>
          Already have an account?{" "}
          <AuthFooterLink href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
            Sign in
          </AuthFooterLink>
        </>
      }
    >
      <SignUpForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
