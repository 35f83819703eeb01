import { CredentialsSignin } from "next-auth";
import { and, eq, isNotNull } from "drizzle-orm";
import { emailDomain } from "@/shared/sso";
import { email as emailSchema } from "@/shared/users";
import { db } from "../db/client";
import { ssoDomains, users, workspaces } from "../db/schema";
import { verifyPassword } from "./password";
import { clearFailedSignIns, recordFailedSignIn, signInLockout } from "./rate-limit";

/**
 * A refused sign-in. Auth.js passes `code` to the browser, which turns it into words (see signInErrorMessage);
 * "locked:<seconds>" carries the wait.
 */
export class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super(code);
    this.code = code;
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

export async function authenticateWithPassword(credentials: Partial<Record<string, unknown>>, ip: string) {
  const parsedEmail = emailSchema.safeParse(credentials.email);
  const password = typeof credentials.password === "string" ? credentials.password : "";
  if (!parsedEmail.success || !password) throw new SignInRefused("missing");
  const email = parsedEmail.data;

  const wait = await signInLockout(email, ip);
  if (wait > 0) throw new SignInRefused(`locked:${wait}`);

  const [user] = await db()
    .select({ id: users.id, name: users.name, email: users.email, image: users.image, passwordHash: users.passwordHash })
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
  await clearFailedSignIns(email);
  return { id: user.id, name: user.name, email: user.email, image: user.image };
}
