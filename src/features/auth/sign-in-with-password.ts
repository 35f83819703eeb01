import { signIn } from "next-auth/react";
import { signInErrorMessage } from "./sign-in-error";

/**
 * Signs in and goes to `callbackUrl`, or returns what went wrong in words. A full navigation, not a client-side
 * one, so the realtime connection opens with the new session cookie.
 */
export async function signInWithPassword(email: string, password: string, callbackUrl: string): Promise<string | null> {
  const result = await signIn("credentials", { email, password, redirect: false });
  if (result?.error) return signInErrorMessage(result.code);
  window.location.assign(callbackUrl);
  return null;
}
