/** Words for the codes that SignInRefused sends (src/server/auth/password-sign-in.ts). */
export function signInErrorMessage(code: string | undefined): string {
  if (code?.startsWith("locked:")) {
    const minutes = Math.max(1, Math.ceil(Number(code.slice("locked:".length)) / 60));
    return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  switch (code) {
    case "unknown_email":
      return "No account uses this email address. Check it, or create an account.";
    case "wrong_password":
      return "That password is not right for this account. Try again.";
    case "sso_required":
      return "Your organization requires single sign-on for this address. Use “Continue with SSO” below.";
    case "no_password":
      return "This account signs in with single sign-on, not a password.";
    case "missing":
      return "Enter your email address and password.";
    case "deactivated":
      return "Your account was deactivated by your workspace. Ask one of its admins to reactivate it.";
    case "two_factor":
      return "Enter the code from your authenticator app.";
    case "two_factor_wrong":
      return "That code is not right. Enter the newest code from your authenticator app, or a recovery code.";
    case "two_factor_setup":
      return "Your workspace requires two-factor authentication. Set it up to sign in.";
    default:
      return "Sign-in failed. Try again.";
  }
}
