import { Resolver } from "node:dns/promises";
import { env } from "@/env";

/** Where a workspace proves it owns a domain, and what must be there. */
export const verificationRecordName = (domain: string) => `_confab-verification.${domain}`;
export const verificationRecordValue = (token: string) => `confab-verification=${token}`;

/** Whether the domain's TXT record carries the token, asked of SSO_DNS_SERVER or the system's resolver. */
export async function hasVerificationRecord(domain: string, token: string): Promise<boolean> {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  const server = env().SSO_DNS_SERVER;
  if (server) resolver.setServers([server]);
  try {
    const records = await resolver.resolveTxt(verificationRecordName(domain));
    return records.some((chunks) => chunks.join("") === verificationRecordValue(token));
  } catch {
    // No such name, no TXT record, or no answer: not verified (yet).
    return false;
  }
}
