import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { requireWorkspaceAdmin } from "../access/workspaces";
import { hashToken } from "../auth/secret-tokens";
import { db } from "../db/client";
import { rowsOf } from "../db/prepared";
import { deactivatedMembers, scimTokens, scimUsers, userGroupMembers, userGroups, users, workspaceMembers } from "../db/schema";
import { type Comparison, SCHEMAS, ScimError } from "../scim/protocol";

/** The workspace a SCIM bearer token provisions, or null for one unknown or revoked. */
export async function scimTokenFor(secret: string) {
  if (!secret) return null;
  const [token] = await db()
    .select({ id: scimTokens.id, workspaceId: scimTokens.workspaceId, lastUsedAt: scimTokens.lastUsedAt })
    .from(scimTokens)
    .where(and(eq(scimTokens.tokenHash, hashToken(secret)), isNull(scimTokens.revokedAt)));
  return token ?? null;
}

export async function listScimTokens(actorId: string, workspaceId: string) {
  await requireWorkspaceAdmin(db(), workspaceId, actorId);
  return db()
    .select({ id: scimTokens.id, name: scimTokens.name, createdAt: scimTokens.createdAt, lastUsedAt: scimTokens.lastUsedAt })
    .from(scimTokens)
    .where(and(eq(scimTokens.workspaceId, workspaceId), isNull(scimTokens.revokedAt)))
    .orderBy(asc(scimTokens.createdAt));
}

/** The workspace's people as SCIM sees them: members (active) and those deactivated (active: false). */
function peopleOf(workspaceId: string) {
  return sql`(
    select ${users.id} as id, ${users.email} as email, ${users.name} as name, true as active, ${workspaceMembers.joinedAt} as joined_at
    from ${workspaceMembers} join ${users} on ${users.id} = ${workspaceMembers.userId}
    where ${workspaceMembers.workspaceId} = ${workspaceId} and not ${users.isBot}
    union all
    select ${users.id}, ${users.email}, ${users.name}, false, ${deactivatedMembers.joinedAt}
    from ${deactivatedMembers} join ${users} on ${users.id} = ${deactivatedMembers.userId}
    where ${deactivatedMembers.workspaceId} = ${workspaceId} and ${deactivatedMembers.reason} = 'deactivated'
  ) people left join ${scimUsers} on ${scimUsers.workspaceId} = ${workspaceId} and ${scimUsers.userId} = people.id`;
}

const USER_FILTERS: Record<string, (value: string) => SQL> = {
  username: (value) => sql`lower(people.email) = lower(${value})`,
  'emails[type eq "work"].value': (value) => sql`lower(people.email) = lower(${value})`,
  externalid: (value) => sql`${scimUsers.externalId} = ${value}`,
  id: (value) => sql`people.id = ${value}`,
  displayname: (value) => sql`people.name = ${value}`,
};

function where(comparisons: Comparison[], filters: Record<string, (value: string) => SQL>) {
  const parts = comparisons.map(({ attribute, value }) => {
    const make = filters[attribute];
    if (!make) throw new ScimError(400, `Filtering by ${attribute} is not supported`, "invalidFilter");
    return make(value);
  });
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

interface PersonRow {
  id: string;
  email: string;
  name: string;
  active: boolean;
  joined_at: string | Date;
  external_id: string | null;
  given_name: string | null;
  family_name: string | null;
  updated_at: string | Date | null;
}

function userResource(row: PersonRow, base: string) {
  const [first, ...rest] = row.name.split(" ");
  const givenName = row.given_name ?? first ?? row.name;
  const familyName = row.family_name ?? rest.join(" ");
  return {
    schemas: [SCHEMAS.user],
    id: row.id,
    ...(row.external_id && { externalId: row.external_id }),
    userName: row.email,
    name: { formatted: row.name, givenName, familyName },
    displayName: row.name,
    emails: [{ value: row.email, type: "work", primary: true }],
    active: row.active,
    meta: {
      resourceType: "User",
      created: new Date(row.joined_at).toISOString(),
      lastModified: new Date(row.updated_at ?? row.joined_at).toISOString(),
      location: `${base}/Users/${row.id}`,
    },
  };
}

export async function scimUsersPage(workspaceId: string, comparisons: Comparison[], startIndex: number, count: number, base: string) {
  const from = peopleOf(workspaceId);
  const filter = where(comparisons, USER_FILTERS);
  const [page, total] = await Promise.all([
    db().execute(sql`select people.*, ${scimUsers.externalId} as external_id, ${scimUsers.givenName} as given_name, ${scimUsers.familyName} as family_name, ${scimUsers.updatedAt} as updated_at from ${from} where ${filter} order by people.joined_at, people.id limit ${count} offset ${startIndex - 1}`),
    db().execute(sql`select count(*)::int as total from ${from} where ${filter}`),
  ]);
  return { resources: rowsOf<PersonRow>(page).map((row) => userResource(row, base)), total: rowsOf<{ total: number }>(total)[0]!.total };
}

export async function scimUserResource(workspaceId: string, userId: string, base: string) {
  const { resources } = await scimUsersPage(workspaceId, [{ attribute: "id", value: userId }], 1, 1, base);
  if (!resources[0]) throw new ScimError(404, `No user ${userId} in this workspace`);
  return resources[0];
}

const GROUP_FILTERS: Record<string, (value: string) => SQL> = {
  displayname: (value) => sql`${userGroups.name} = ${value}`,
  externalid: (value) => sql`${userGroups.externalId} = ${value}`,
  id: (value) => sql`${userGroups.id} = ${value}`,
};

export async function scimGroupsPage(workspaceId: string, comparisons: Comparison[], startIndex: number, count: number, base: string, withMembers: boolean) {
  const filter = and(eq(userGroups.workspaceId, workspaceId), where(comparisons, GROUP_FILTERS));
  const [groups, [counted]] = await Promise.all([
    db().select().from(userGroups).where(filter).orderBy(asc(userGroups.createdAt), asc(userGroups.id)).limit(count).offset(startIndex - 1),
    db().select({ total: sql<number>`count(*)::int` }).from(userGroups).where(filter),
  ]);
  const members =
    withMembers && groups.length
      ? await db()
          .select({ groupId: userGroupMembers.groupId, userId: users.id, name: users.name })
          .from(userGroupMembers)
          .innerJoin(users, eq(users.id, userGroupMembers.userId))
          .where(inArray(userGroupMembers.groupId, groups.map((group) => group.id)))
      : [];
  const resources = groups.map((group) => ({
    schemas: [SCHEMAS.group],
    id: group.id,
    ...(group.externalId && { externalId: group.externalId }),
    displayName: group.name,
    ...(withMembers && { members: members.filter((row) => row.groupId === group.id).map((row) => ({ value: row.userId, display: row.name, $ref: `${base}/Users/${row.userId}` })) }),
    meta: { resourceType: "Group", created: group.createdAt.toISOString(), lastModified: group.updatedAt.toISOString(), location: `${base}/Groups/${group.id}` },
  }));
  return { resources, total: counted?.total ?? 0 };
}

export async function scimGroupResource(workspaceId: string, groupId: string, base: string, withMembers = true) {
  const { resources } = await scimGroupsPage(workspaceId, [{ attribute: "id", value: groupId }], 1, 1, base, withMembers);
  if (!resources[0]) throw new ScimError(404, `No group ${groupId} in this workspace`);
  return resources[0];
}
