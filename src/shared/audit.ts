import { z } from "zod";

/** The kinds of entry the audit log is filtered by: the part of each action's name before its dot. */
export const AUDIT_CATEGORIES = ["sso", "member", "invite", "two_factor", "group", "scim", "retention", "legal_hold", "workspace", "account", "app", "export", "import"] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

export const auditFilterInput = z.object({
  workspaceId: z.string().uuid("Unknown workspace"),
  category: z.enum(AUDIT_CATEGORIES).nullish(),
  /** Words in the entry's detail or its actor's name. */
  query: z.string().trim().max(100, "Search for at most 100 characters").default(""),
  /** Entries before this one (the last of the previous page). */
  cursor: z.object({ createdAt: z.date(), id: z.string().uuid() }).nullish(),
  limit: z.number().int().min(1).max(500).default(200),
});

export const AUDIT_CSV_PATH = "/api/audit-log.csv";
