import { CredentialsSignin } from "next-auth";
import { authenticateWithPassword, type Device, SignInRefused } from "./password-sign-in";

/** Auth.js passes a CredentialsSignin's `code` to the browser; every refusal of a password sign-in becomes one. */
class CredentialsRefused extends CredentialsSignin {
  constructor(code: string) {
    super(code);
    this.code = code;
  }
}

export async function authorizeWithPassword(credentials: Partial<Record<string, unknown>>, device: Device) {
  try {
    return await authenticateWithPassword(credentials, device);
  } catch (error) {
    throw error instanceof SignInRefused ? new CredentialsRefused(error.code) : error;
  }
}
