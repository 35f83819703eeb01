import { and, eq, isNotNull, sql } from "drizzle-orm";
import { emailDomain } from "@/shared/sso";
import { email as emailSchema } from "@/shared/users";
import { db } from "../db/client";
import { deactivatedMembers, ssoDomains, users, workspaceMembers, workspaces } from "../db/schema";
import { verifyPassword } from "./password";
import { clearFailedSignIns, recordFailedSignIn, signInLockout } from "./rate-limit";
import { startSession } from "./session-validity";
import { consumeSecondFactor, finishEnrollment, twoFactorRequiredFor } from "./two-factor";

/**
 * A refused sign-in, by code: the browser turns it into words (see signInErrorMessage); "locked:<seconds>" carries
 * the wait. Free of next-auth, so the custom server's own code (the sign-in that sets up two-factor) can use it;
 * credentials.ts hands it to next-auth.
 */
export class SignInRefused extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = "SignInRefused";
  }
}

/** A workspace that verified this email's domain requires its people to sign in through its SSO. */
async function ssoRequiredFor(email: string): Promise<boolean> {
  const [requiring] = await db()
    .select({ id: ssoDomains.id })
    .from(ssoDomains)
    .innerJoin(workspaces, eq(workspaces.id, ssoDomains.workspaceId))
    .where(and(eq(ssoDomains.domain, emailDomain(email)), isNotNull(ssoDomains.verifiedAt), eq(workspaces.requireSso, true)))
    .limit(1);
  return Boolean(requiring);
}

/** The device signing in, for the person's list of sessions. */
export interface Device {
  ip: string;
  userAgent: string;
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

/**
 * The person an email and password belong to, or a refusal (counted against the account and the address, so
 * guessing locks both). Shared by sign-in and by the steps before it that need the password proven again.
 */
/** Deactivated by a workspace and a member of none: their account is closed to sign-in until reactivated. */
async function deactivatedEverywhere(userId: string): Promise<boolean> {
  const [row] = await db()
    .select({ deactivated: sql<boolean>`not exists (select 1 from ${workspaceMembers} where ${workspaceMembers.userId} = ${userId})` })
    .from(deactivatedMembers)
    .where(eq(deactivatedMembers.userId, userId))
    .limit(1);
  return row?.deactivated ?? false;
}

export async function checkPassword(credentials: Partial<Record<string, unknown>>, ip: string) {
  const parsedEmail = emailSchema.safeParse(credentials.email);
  const password = text(credentials.password);
  if (!parsedEmail.success || !password) throw new SignInRefused("missing");
  const email = parsedEmail.data;

  const wait = await signInLockout(email, ip);
  if (wait > 0) throw new SignInRefused(`locked:${wait}`);

  const [user] = await db()
    .select({ id: users.id, name: users.name, email: users.email, image: users.image, passwordHash: users.passwordHash, twoFactorSince: users.totpEnabledAt })
    .from(users)
    .where(eq(users.email, email));
  if (!user) {
    await recordFailedSignIn(email, ip);
    throw new SignInRefused("unknown_email");
  }
  if (await ssoRequiredFor(email)) throw new SignInRefused("sso_required");
  if (!user.passwordHash || !(await verifyPassword(password, user.passwordHash))) {
    await recordFailedSignIn(email, ip);
    throw new SignInRefused(user.passwordHash ? "wrong_password" : "no_password");
  }
  if (await deactivatedEverywhere(user.id)) throw new SignInRefused("deactivated");
  return { id: user.id, name: user.name, email: user.email, image: user.image, twoFactorSince: user.twoFactorSince };
}

/**
 * A password sign-in. With two-factor on, a code from the authenticator (or a recovery code) comes with it; when a
 * workspace requires two-factor of someone who has none, the sign-in is where they set it up (`enrollment`, from
 * account.beginRequiredTwoFactor, with its first code). Every success starts a session row.
 */
export async function authenticateWithPassword(credentials: Partial<Record<string, unknown>>, device: Device) {
  const user = await checkPassword(credentials, device.ip);
  const code = text(credentials.code).trim();
  const now = new Date();
  let twoFactor = false;
  if (user.twoFactorSince) {
    if (!code) throw new SignInRefused("two_factor");
    if (!(await consumeSecondFactor(db(), user.id, code, now))) {
      await recordFailedSignIn(user.email, device.ip);
      throw new SignInRefused("two_factor_wrong");
    }
    twoFactor = true;
  } else if (await twoFactorRequiredFor(db(), user.id)) {
    const enrollment = text(credentials.enrollment);
    if (!enrollment) throw new SignInRefused("two_factor_setup");
    const problem = await db().transaction((tx) => finishEnrollment(tx, user.id, enrollment, code, now));
    if (problem) throw new SignInRefused(problem === "expired" ? "two_factor_setup" : "two_factor_wrong");
    twoFactor = true;
  }
  await clearFailedSignIns(user.email);
  const sessionId = await startSession(db(), { userId: user.id, method: "password", twoFactor, ...device });
  return { id: user.id, name: user.name, email: user.email, image: user.image, sessionId };
}
