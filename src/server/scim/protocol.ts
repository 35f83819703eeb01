/**
 * SCIM 2.0 (RFC 7643 resources, RFC 7644 protocol) as Okta and Microsoft Entra speak it: the resources Confab
 * serves, the filters and PATCH operations those clients send, and SCIM's error bodies. No database here.
 */
export const SCHEMAS = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  enterpriseUser: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  list: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  patch: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  error: "urn:ietf:params:scim:api:messages:2.0:Error",
  serviceProviderConfig: "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
  resourceType: "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
  schema: "urn:ietf:params:scim:schemas:core:2.0:Schema",
} as const;

export type ScimType = "invalidFilter" | "invalidSyntax" | "invalidPath" | "invalidValue" | "uniqueness" | "noTarget" | "mutability" | "tooMany";

/** A refusal as SCIM words it: an HTTP status and, for 400s and 409s, which kind of problem. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly scimType?: ScimType,
  ) {
    super(message);
    this.name = "ScimError";
  }
  get body() {
    return { schemas: [SCHEMAS.error], status: String(this.status), ...(this.scimType && { scimType: this.scimType }), detail: this.message };
  }
}

/** One `attribute eq "value"` comparison, the kind Okta and Entra filter with; several joined by `and`. */
export interface Comparison {
  attribute: string;
  value: string;
}

const COMPARISON = /^\s*([A-Za-z][\w.]*(?:\[type eq "work"\]\.value)?)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

/** `userName eq "ana@example.com" and externalId eq "42"` → comparisons; anything else is an invalidFilter. */
export function parseFilter(filter: string | null): Comparison[] {
  if (!filter?.trim()) return [];
  return filter.split(/\s+and\s+/i).map((part) => {
    const match = COMPARISON.exec(part);
    if (!match) throw new ScimError(400, `Filters of the form attribute eq "value" are supported; this one is not: ${part.trim()}`, "invalidFilter");
    return { attribute: match[1]!.toLowerCase(), value: match[2]!.replace(/\\(.)/g, "$1") };
  });
}

/** SCIM's 1-based paging, bounded: a client asking for everything gets pages. */
export function paging(params: URLSearchParams, maxCount = 200) {
  // Bounded both ways: a start past any real list is an empty page, never an overflow in the database.
  const startIndex = Math.min(1_000_000_000, Math.max(1, Number.parseInt(params.get("startIndex") ?? "1", 10) || 1));
  const asked = params.get("count");
  const count = Math.min(maxCount, Math.max(0, asked === null ? 100 : Number.parseInt(asked, 10) || 0));
  return { startIndex, count };
}

export function listResponse(resources: unknown[], totalResults: number, startIndex: number) {
  return { schemas: [SCHEMAS.list], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}

/** Entra sends booleans as "True"/"False" in PATCH values (before its aadOptscim062020 fix). */
export function asBoolean(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw new ScimError(400, "active must be true or false", "invalidValue");
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** What a User resource (POST, PUT) or a PATCH says about a person, in Confab's terms. */
export interface UserChanges {
  userName?: string;
  displayName?: string;
  givenName?: string;
  familyName?: string;
  externalId?: string | null;
  active?: boolean;
}

/** A whole User resource, as POST and PUT send it. */
export function userChangesOf(body: unknown): UserChanges {
  if (!body || typeof body !== "object") throw new ScimError(400, "The body must be a SCIM User resource", "invalidSyntax");
  const resource = body as Record<string, unknown>;
  const name = (resource.name ?? {}) as Record<string, unknown>;
  const emails = Array.isArray(resource.emails) ? (resource.emails as unknown[]).filter((entry): entry is Record<string, unknown> => Boolean(entry) && typeof entry === "object") : [];
  const email = text(emails.find((entry) => entry.primary === true)?.value) ?? text(emails[0]?.value);
  const userName = text(resource.userName) ?? email;
  if (!userName) throw new ScimError(400, "userName is required", "invalidValue");
  return {
    userName,
    displayName: text(resource.displayName) ?? text(name.formatted),
    givenName: text(name.givenName),
    familyName: text(name.familyName),
    externalId: text(resource.externalId) ?? null,
    active: resource.active === undefined ? true : asBoolean(resource.active),
  };
}

interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

function operationsOf(body: unknown): PatchOperation[] {
  const operations = (body as { Operations?: unknown } | null)?.Operations;
  if (!Array.isArray(operations) || operations.length === 0) throw new ScimError(400, "A PATCH needs Operations", "invalidSyntax");
  return operations.map((operation: unknown) => {
    if (!operation || typeof operation !== "object") throw new ScimError(400, "Each PATCH operation must be an object", "invalidSyntax");
    const { op, path } = operation as Record<string, unknown>;
    const name = String(op ?? "").toLowerCase();
    if (!["add", "replace", "remove"].includes(name)) throw new ScimError(400, `Unknown PATCH op: ${String(op)}`, "invalidSyntax");
    if (path !== undefined && typeof path !== "string") throw new ScimError(400, "A PATCH path must be a string", "invalidPath");
    return { ...(operation as PatchOperation), op: name };
  });
}

const USER_PATHS: Record<string, (changes: UserChanges, value: unknown) => void> = {
  active: (changes, value) => (changes.active = asBoolean(value)),
  username: (changes, value) => (changes.userName = text(value)),
  displayname: (changes, value) => (changes.displayName = text(value)),
  "name.givenname": (changes, value) => (changes.givenName = text(value)),
  "name.familyname": (changes, value) => (changes.familyName = text(value)),
  "name.formatted": (changes, value) => (changes.displayName = text(value)),
  externalid: (changes, value) => (changes.externalId = text(value) ?? null),
  'emails[type eq "work"].value': (changes, value) => (changes.userName = text(value)),
};

/**
 * A User PATCH, in both clients' shapes: Entra's `{op: "Replace", path: "name.familyName", value}` and Okta's
 * `{op: "replace", value: {active: false}}` (no path, attributes in the value).
 */
export function userPatchChanges(body: unknown): UserChanges {
  const changes: UserChanges = {};
  for (const operation of operationsOf(body)) {
    if (operation.op === "remove") {
      if (operation.path?.toLowerCase() === "externalid") changes.externalId = null;
      continue;
    }
    const entries = operation.path
      ? [[operation.path, operation.value] as const]
      : Object.entries((operation.value ?? {}) as Record<string, unknown>).flatMap(([key, value]) =>
          key === "name" && value && typeof value === "object" ? Object.entries(value).map(([part, inner]) => [`name.${part}`, inner] as const) : [[key, value] as const],
        );
    for (const [path, value] of entries) {
      const apply = USER_PATHS[path.toLowerCase().replace(/^urn:ietf:params:scim:schemas:core:2\.0:user:/, "")];
      // Attributes Confab keeps nothing of (title, phone numbers, the enterprise extension) are accepted and ignored.
      apply?.(changes, value);
    }
  }
  return changes;
}

export interface GroupChanges {
  displayName?: string;
  externalId?: string | null;
  /** The whole membership (PUT, or a replace of members). */
  replaceMembers?: string[];
  addMembers?: string[];
  removeMembers?: string[];
}

const memberIdsOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).map((entry) => (entry && typeof entry === "object" ? String((entry as { value?: unknown }).value ?? "") : "")).filter(Boolean);

const MEMBER_FILTER = /^members\[value eq "([^"]+)"\]$/i;

export function groupChangesOf(body: unknown): GroupChanges {
  if (!body || typeof body !== "object") throw new ScimError(400, "The body must be a SCIM Group resource", "invalidSyntax");
  const resource = body as Record<string, unknown>;
  const displayName = text(resource.displayName);
  if (!displayName?.trim()) throw new ScimError(400, "displayName is required", "invalidValue");
  return { displayName, externalId: text(resource.externalId) ?? null, replaceMembers: memberIdsOf(resource.members) };
}

/** A Group PATCH: members added, removed (by value, or by a `members[value eq "id"]` path) or replaced; renames. */
export function groupPatchChanges(body: unknown): GroupChanges {
  const changes: GroupChanges = {};
  const add = new Set<string>();
  const remove = new Set<string>();
  for (const operation of operationsOf(body)) {
    const path = operation.path?.trim() ?? "";
    const filtered = MEMBER_FILTER.exec(path);
    if (filtered) {
      if (operation.op === "remove") remove.add(filtered[1]!);
      continue;
    }
    if (path.toLowerCase() === "members") {
      const ids = memberIdsOf(operation.value);
      if (operation.op === "add") ids.forEach((id) => add.add(id));
      else if (operation.op === "remove") (ids.length ? ids : []).forEach((id) => remove.add(id));
      else changes.replaceMembers = ids;
      if (operation.op === "remove" && ids.length === 0) changes.replaceMembers = [];
      continue;
    }
    const values = path ? { [path]: operation.value } : ((operation.value ?? {}) as Record<string, unknown>);
    for (const [key, value] of Object.entries(values)) {
      if (key.toLowerCase() === "displayname") changes.displayName = text(value);
      else if (key.toLowerCase() === "externalid") changes.externalId = operation.op === "remove" ? null : (text(value) ?? null);
      else if (key.toLowerCase() === "members") memberIdsOf(value).forEach((id) => (operation.op === "remove" ? remove : add).add(id));
    }
  }
  if (add.size) changes.addMembers = [...add];
  if (remove.size) changes.removeMembers = [...remove];
  return changes;
}

export function serviceProviderConfig(base: string) {
  return {
    schemas: [SCHEMAS.serviceProviderConfig],
    documentationUri: `${base.replace(/\/scim\/v2$/, "")}/`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 200 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [{ type: "oauthbearertoken", name: "OAuth Bearer Token", description: "A SCIM token made in Workspace settings → SCIM provisioning", primary: true }],
    meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
  };
}

export function resourceTypes(base: string) {
  return [
    { schemas: [SCHEMAS.resourceType], id: "User", name: "User", endpoint: "/Users", schema: SCHEMAS.user, schemaExtensions: [{ schema: SCHEMAS.enterpriseUser, required: false }], meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/User` } },
    { schemas: [SCHEMAS.resourceType], id: "Group", name: "Group", endpoint: "/Groups", schema: SCHEMAS.group, meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/Group` } },
  ];
}

const attribute = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...extra,
});

export function schemas(base: string) {
  return [
    {
      schemas: [SCHEMAS.schema],
      id: SCHEMAS.user,
      name: "User",
      description: "A person in the workspace",
      attributes: [
        attribute("userName", "string", { required: true, uniqueness: "server" }),
        attribute("name", "complex", { subAttributes: [attribute("givenName", "string"), attribute("familyName", "string"), attribute("formatted", "string")] }),
        attribute("displayName", "string"),
        attribute("emails", "complex", { multiValued: true, subAttributes: [attribute("value", "string"), attribute("type", "string"), attribute("primary", "boolean")] }),
        attribute("active", "boolean"),
        attribute("externalId", "string", { caseExact: true }),
      ],
      meta: { resourceType: "Schema", location: `${base}/Schemas/${SCHEMAS.user}` },
    },
    {
      schemas: [SCHEMAS.schema],
      id: SCHEMAS.group,
      name: "Group",
      description: "A user group: its handle mentions its members",
      attributes: [
        attribute("displayName", "string", { required: true }),
        attribute("members", "complex", { multiValued: true, subAttributes: [attribute("value", "string", { mutability: "immutable" }), attribute("display", "string", { mutability: "readOnly" })] }),
        attribute("externalId", "string", { caseExact: true }),
      ],
      meta: { resourceType: "Schema", location: `${base}/Schemas/${SCHEMAS.group}` },
    },
  ];
}
