import Link from "next/link";
import { buttonClassName } from "@/components/button-styles";
import { AuthCard } from "@/features/auth/auth-card";
import { ssoRefusalMessage } from "@/shared/sso";

export const metadata = { title: "Single sign-on did not work" };

/** Where every refused SSO sign-in lands: the reason in words, and the ways on. */
export default async function SsoErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { reason, domain } = await searchParams;
  return (
    <AuthCard title="Single sign-on did not work">
      <p role="alert" className="text-sm">
        {ssoRefusalMessage(reason, domain)}
      </p>
      <p className="mt-3 text-sm text-muted">Nothing was changed, and no account was created.</p>
      <div className="mt-5 flex gap-2">
        <Link className={buttonClassName("primary")} href="/signin">
          Back to sign in
        </Link>
      </div>
    </AuthCard>
  );
}
