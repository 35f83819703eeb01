import { z } from "zod";

const workspaceId = z.string().uuid("Unknown workspace");

const connectionName = z.string().trim().min(1, "Name the connection").max(80, "Names are at most 80 characters");
const defaultRole = z.enum(["member", "guest"]);
const clientSecret = z.string().min(1, "Enter the client secret").max(2000);

export const createOidcConnectionInput = z.object({
  workspaceId,
  name: connectionName,
  issuer: z
    .string()
    .trim()
    .url("Enter the issuer URL, e.g. https://accounts.google.com")
    .refine((url) => /^https:\/\//.test(url) || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(url), "The issuer must use https"),
  clientId: z.string().trim().min(1, "Enter the client ID").max(500),
  clientSecret,
  defaultRole: defaultRole.default("member"),
});

/** SAML: the IdP's metadata, pasted as XML or fetched from its URL (exactly one of the two). */
const samlMetadata = {
  metadataXml: z.string().trim().max(200_000, "That metadata is too large").optional(),
  metadataUrl: z
    .string()
    .trim()
    .url("Enter the metadata URL, e.g. https://idp.example.com/metadata")
    .refine((url) => /^https?:\/\//.test(url), "The metadata URL must use http or https")
    .optional(),
};
const oneMetadataSource = (input: { metadataXml?: string; metadataUrl?: string }) => Boolean(input.metadataXml) !== Boolean(input.metadataUrl);

export const createSamlConnectionInput = z
  .object({ workspaceId, name: connectionName, ...samlMetadata, defaultRole: defaultRole.default("member") })
  .refine(oneMetadataSource, { message: "Paste the identity provider's metadata XML or give its metadata URL", path: ["metadataXml"] });

/** Editing a connection: every field optional; a new secret or metadata replaces the old one (e.g. a rotated key). */
export const updateConnectionInput = z
  .object({ connectionId: z.string().uuid("Unknown connection"), name: connectionName.optional(), defaultRole: defaultRole.optional(), clientSecret: clientSecret.optional(), ...samlMetadata })
  .refine((input) => !(input.metadataXml && input.metadataUrl), { message: "Give the metadata XML or its URL, not both", path: ["metadataXml"] });

export const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, "That domain is too long")
  .regex(/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/, "Enter a domain like example.com");

export const claimDomainInput = z.object({ workspaceId, domain: domainName });
export const domainIdInput = z.object({ domainId: z.string().uuid("Unknown domain") });
export const connectionIdInput = z.object({ connectionId: z.string().uuid("Unknown connection") });
export const requireSsoInput = z.object({ workspaceId, on: z.boolean() });

/** The part after the @, for routing a work email to its workspace's identity provider. */
export const emailDomain = (email: string) => email.trim().toLowerCase().split("@").at(-1) ?? "";

/**
 * Why an SSO sign-in was refused, as the error page says it. The page gets a code, never free text, so a crafted link
 * cannot put words in Confab's mouth.
 */
export const SSO_REFUSALS = {
  no_connection: (domain) => `No organization has set up single sign-on for ${domain || "that address"}. Sign in with your password instead.`,
  connection_gone: () => "This sign-in connection no longer exists. Ask your workspace admin.",
  flow_expired: () => "That sign-in link has expired or was opened in another browser. Start again.",
  idp_unreachable: () => "Your organization's identity provider could not be reached. Try again, or ask your workspace admin.",
  idp_declined: () => "Your identity provider did not sign you in. Try again, or ask your workspace admin.",
  not_accepted: () => "Your identity provider's answer could not be accepted. Start again, or ask your workspace admin.",
  no_email: () => "Your identity provider did not share your email address, so Confab cannot sign you in.",
  domain_not_verified: (domain) => `This identity provider cannot sign in people with @${domain} addresses: that domain is not verified by its workspace.`,
  unsigned: () => "Your identity provider's answer was not signed with the certificate this workspace set up for it. Ask your workspace admin to check the connection.",
  wrong_audience: () => "Your identity provider's answer was meant for another service. Ask your workspace admin to check the entity ID given to the identity provider.",
  wrong_recipient: () => "Your identity provider's answer was addressed to another sign-in URL. Ask your workspace admin to check the ACS URL given to the identity provider.",
  expired: () => "Your identity provider's answer has expired or is not valid yet. Start again; if it keeps happening, the identity provider's clock may be off.",
  unsolicited: () => "This sign-in was not started from Confab, has expired, or was already finished. Start again from the sign-in page.",
  replayed: () => "This sign-in answer was already used. Start again from the sign-in page.",
  membership_refused: () => "Your identity provider vouched for you, but this workspace could not add you. Ask your workspace admin.",
  deactivated: () => "Your account in this workspace was deactivated. Ask one of its admins to reactivate it.",
} satisfies Record<string, (domain: string) => string>;

export type SsoRefusalCode = keyof typeof SSO_REFUSALS;

export function ssoRefusalMessage(code: string | undefined, domain: string | undefined): string {
  const sentence = code && Object.hasOwn(SSO_REFUSALS, code) ? SSO_REFUSALS[code as SsoRefusalCode] : SSO_REFUSALS.not_accepted;
  return sentence(domainName.safeParse(domain ?? "").data ?? "");
}
