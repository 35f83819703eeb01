import { and, eq, isNull, or, sql } from "drizzle-orm";
import QRCode from "qrcode";
import type { Db, Tx } from "../db/client";
import { recoveryCodes, users, workspaceMembers, workspaces } from "../db/schema";
import { decryptSecret, encryptSecret } from "./secrets";
import { hashToken } from "./secret-tokens";
import { newRecoveryCodes, newTotpSecret, normalizeRecoveryCode, otpauthUri, verifyTotp } from "./totp";

/** How long someone has, from seeing the QR code, to confirm a first code. */
const ENROLLMENT_TTL_MS = 15 * 60_000;

/** What a person is shown to set up their authenticator, and the sealed token that finishes it. */
export interface TwoFactorEnrollment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
  recoveryCodes: string[];
  /** The secret and the codes' hashes, sealed with the server's key: nothing is stored until a code proves the app works. */
  enrollmentToken: string;
}

interface SealedEnrollment {
  userId: string;
  secret: string;
  codeHashes: string[];
  expiresAt: number;
}

export async function beginEnrollment(user: { id: string; email: string }, issuer: string): Promise<TwoFactorEnrollment> {
  const secret = newTotpSecret();
  const codes = newRecoveryCodes();
  const uri = otpauthUri(secret, user.email, issuer);
  const sealed: SealedEnrollment = { userId: user.id, secret, codeHashes: codes.map(hashToken), expiresAt: Date.now() + ENROLLMENT_TTL_MS };
  return {
    secret,
    otpauthUri: uri,
    qrSvg: await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" }),
    recoveryCodes: codes,
    enrollmentToken: encryptSecret(JSON.stringify(sealed)),
  };
}

export type EnrollmentProblem = "expired" | "wrong_code";

/**
 * Turns two-factor on with the secret an enrollment sealed, once a code from the app proves it was scanned; the
 * recovery codes shown with it replace any earlier ones.
 */
export async function finishEnrollment(tx: Db | Tx, userId: string, enrollmentToken: string, code: string, now: Date): Promise<EnrollmentProblem | null> {
  let sealed: SealedEnrollment;
  try {
    sealed = JSON.parse(decryptSecret(enrollmentToken)) as SealedEnrollment;
  } catch {
    return "expired";
  }
  if (sealed.userId !== userId || sealed.expiresAt < now.getTime()) return "expired";
  const step = verifyTotp(sealed.secret, code, now.getTime());
  if (step === null) return "wrong_code";
  await tx.update(users).set({ totpSecret: encryptSecret(sealed.secret), totpEnabledAt: now, totpLastStep: step }).where(eq(users.id, userId));
  await replaceRecoveryCodes(tx, userId, sealed.codeHashes);
  return null;
}

export async function replaceRecoveryCodes(tx: Db | Tx, userId: string, codeHashes: string[]) {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
}

export async function disableTwoFactor(tx: Db | Tx, userId: string) {
  await tx.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, userId));
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

/**
 * Checks a second factor and uses it up: a TOTP code (its time step recorded, so the same code never works twice)
 * or one of the recovery codes (marked used). The compare-and-set makes two sign-ins racing with one code let
 * only one through.
 */
export async function consumeSecondFactor(db: Db | Tx, userId: string, code: string, now: Date): Promise<"totp" | "recovery_code" | null> {
  const [user] = await db.select({ secret: users.totpSecret, lastStep: users.totpLastStep }).from(users).where(eq(users.id, userId));
  if (!user?.secret) return null;
  const step = verifyTotp(decryptSecret(user.secret), code, now.getTime(), user.lastStep);
  if (step !== null) {
    const taken = await db
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), sql`${users.totpLastStep} < ${step}`)))
      .returning({ id: users.id });
    return taken.length ? "totp" : null;
  }
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashToken(normalizeRecoveryCode(code))), isNull(recoveryCodes.usedAt)))
    .returning({ userId: recoveryCodes.userId });
  return used.length ? "recovery_code" : null;
}

/** A workspace this person belongs to asks for two-factor on password sign-ins. */
export async function twoFactorRequiredFor(db: Db | Tx, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: workspaces.id })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(and(eq(workspaceMembers.userId, userId), eq(workspaces.requireTwoFactor, true)))
    .limit(1);
  return Boolean(row);
}

export async function recoveryCodesLeft(db: Db | Tx, userId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.count ?? 0;
}
