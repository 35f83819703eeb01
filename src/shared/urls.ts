/** Only same-site paths: an invite link sends people back to itself after sign-in, nothing else may. */
export function safeCallbackUrl(value: string | null | undefined): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/";
}
