import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/shared/ids";
import { WORKSPACE_ROLES } from "@/shared/workspaces";
import { users } from "./auth";
import { workspaces } from "./workspaces";

/** A workspace's identity provider. Secrets are stored encrypted (AES-256-GCM) and never sent to a browser. */
export const ssoConnections = pgTable("sso_connections", {
  id: text("id").primaryKey().$defaultFn(newId),
  workspaceId: text("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  protocol: text("protocol", { enum: ["oidc", "saml"] }).notNull(),
  name: text("name").notNull(),
  /** OIDC: issuer URL (discovery), client id, encrypted client secret. */
  issuer: text("issuer"),
  clientId: text("client_id"),
  clientSecretEncrypted: text("client_secret_encrypted"),
  /** SAML: the IdP's metadata as given (XML). */
  idpMetadata: text("idp_metadata"),
  /** The role people get when their first sign-in creates their membership. */
  defaultRole: text("default_role", { enum: WORKSPACE_ROLES }).notNull().default("member"),
  createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
});

/** An email domain a workspace claims; verified by a DNS TXT record. One workspace at most holds it verified. */
export const ssoDomains = pgTable(
  "sso_domains",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    domain: text("domain").notNull(),
    verificationToken: text("verification_token").notNull(),
    verifiedAt: timestamp("verified_at", { mode: "date", withTimezone: true }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("sso_domains_workspace_domain_idx").on(t.workspaceId, t.domain),
    uniqueIndex("sso_domains_verified_idx").on(t.domain).where(sql`${t.verifiedAt} is not null`),
  ],
);

/** A person as an IdP knows them: keyed by (connection, subject), never by email alone. */
export const ssoIdentities = pgTable(
  "sso_identities",
  {
    connectionId: text("connection_id")
      .notNull()
      .references(() => ssoConnections.id, { onDelete: "cascade" }),
    subject: text("subject").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.subject] })],
);

/** What admins can read back: SSO sign-ins and changes to connections, domains and the SSO requirement. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    detail: text("detail").notNull().default(""),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_workspace_idx").on(t.workspaceId, t.createdAt)],
);

/**
 * SAML AuthnRequests Confab sent and has not seen answered: a response must name one (InResponseTo), and using it up
 * in the sign-in transaction makes each request good for one sign-in.
 */
export const ssoSamlRequests = pgTable("sso_saml_requests", {
  id: text("id").primaryKey(),
  connectionId: text("connection_id")
    .notNull()
    .references(() => ssoConnections.id, { onDelete: "cascade" }),
  callbackUrl: text("callback_url").notNull(),
  createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { mode: "date", withTimezone: true }).notNull(),
});

/** Assertion IDs already accepted, kept until the assertion would have expired anyway: a replay is refused. */
export const ssoSamlAssertions = pgTable(
  "sso_saml_assertions",
  {
    connectionId: text("connection_id")
      .notNull()
      .references(() => ssoConnections.id, { onDelete: "cascade" }),
    assertionId: text("assertion_id").notNull(),
    expiresAt: timestamp("expires_at", { mode: "date", withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.assertionId] })],
);
