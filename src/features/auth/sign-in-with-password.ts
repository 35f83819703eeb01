import { signIn } from "next-auth/react";
import { signInErrorMessage } from "./sign-in-error";

export interface PasswordSignIn {
  email: string;
  password: string;
  /** A code from the authenticator app, or a recovery code. */
  code?: string;
  /** A two-factor setup a workspace's requirement asked for, finished by `code`. */
  enrollment?: string;
}

export interface SignInProblem {
  /** SignInRefused's code: "two_factor" asks for a code, "two_factor_setup" for setting it up. */
  code: string;
  message: string;
}

/**
 * Signs in and goes to `callbackUrl`, or returns what went wrong. A full navigation, not a client-side one, so the
 * realtime connection opens with the new session cookie.
 */
export async function signInWithPassword(credentials: PasswordSignIn, callbackUrl: string): Promise<SignInProblem | null> {
  const result = await signIn("credentials", { ...credentials, redirect: false });
  if (result?.error) return { code: result.code ?? "", message: signInErrorMessage(result.code) };
  window.location.assign(callbackUrl);
  return null;
}
