import { z } from "zod";

const workspaceId = z.string().uuid("Unknown workspace");

export const createOidcConnectionInput = z.object({
  workspaceId,
  name: z.string().trim().min(1, "Name the connection").max(80, "Names are at most 80 characters"),
  issuer: z
    .string()
    .trim()
    .url("Enter the issuer URL, e.g. https://accounts.google.com")
    .refine((url) => /^https:\/\//.test(url) || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(url), "The issuer must use https"),
  clientId: z.string().trim().min(1, "Enter the client ID").max(500),
  clientSecret: z.string().min(1, "Enter the client secret").max(2000),
  defaultRole: z.enum(["member", "guest"]).default("member"),
});

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
