import { eq } from "drizzle-orm";
import type { z } from "zod";
import { RESET_LINK_HOURS, type requestPasswordResetInput, type resetPasswordInput } from "@/shared/users";
import { badRequest } from "../../access/errors";
import { consumeAccountToken, issueAccountToken } from "../../auth/account-tokens";
import { hashPassword } from "../../auth/password";
import { allowResetRequest, clearFailedSignIns } from "../../auth/rate-limit";
import { endSessions } from "../../auth/session-validity";
import { db } from "../../db/client";
import { users } from "../../db/schema";
import { emailConfigured, emailHtml, escapeHtml, publicLink, sendEmail } from "../../email/mailer";
import { inTransaction } from "../../events";
import { runInBackground } from "../../jobs/background";

/** The one answer, whether or not the address has an account, so the form tells no one who is a member. */
export const RESET_REQUESTED = "If an account uses that address, we sent it a link to choose a new password. Check your inbox.";

export async function requestPasswordReset(input: z.output<typeof requestPasswordResetInput>, ip: string) {
  if (!emailConfigured()) throw badRequest("This server cannot send email, so passwords cannot be reset by email. Ask your administrator.");
  // Over the limit, the answer stays the same and nothing is sent.
  if (!(await allowResetRequest(input.email, ip))) return { message: RESET_REQUESTED };
  // The lookup and the email happen after the answer, so its timing does not tell either.
  runInBackground("password reset", async () => {
    const [user] = await db().select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.email, input.email));
    if (!user) return;
    const token = await inTransaction((tx) => issueAccountToken(tx, user.id, "password_reset", RESET_LINK_HOURS * 60 * 60 * 1000));
    const link = publicLink(`/reset-password?token=${token}`);
    await sendEmail({
      to: user.email,
      subject: "Reset your Confab password",
      text: `Hi ${user.name},\n\nSomeone (hopefully you) asked to reset the password of your Confab account. Choose a new one here:\n\n${link}\n\nThe link works once, for ${RESET_LINK_HOURS} hour. If you did not ask for it, ignore this email: your password stays as it is.\n`,
      html: emailHtml({
        heading: "Reset your password",
        bodyHtml: `<p>Hi ${escapeHtml(user.name)},</p><p>Someone (hopefully you) asked to reset the password of your Confab account.</p>
<p><a href="${escapeHtml(link)}" style="display:inline-block;background:#4f46e5;color:#fff;padding:8px 16px;border-radius:6px;text-decoration:none">Choose a new password</a></p>`,
        footerHtml: `The link works once, for ${RESET_LINK_HOURS} hour. If you did not ask for it, ignore this email: your password stays as it is.`,
      }),
    });
  });
  return { message: RESET_REQUESTED };
}

export const RESET_LINK_INVALID = "This reset link has expired or was already used. Ask for a new one.";

/** Sets the new password from a reset link, once; every session signed in before is signed out. */
export async function resetPassword(input: z.output<typeof resetPasswordInput>) {
  const passwordHash = await hashPassword(input.password);
  const email = await inTransaction(async (tx) => {
    const token = await consumeAccountToken(tx, input.token, "password_reset");
    if (!token) throw badRequest(RESET_LINK_INVALID);
    const [user] = await tx.update(users).set({ passwordHash }).where(eq(users.id, token.userId)).returning({ email: users.email });
    await endSessions(tx, token.userId);
    return user!.email;
  });
  await clearFailedSignIns(email);
  return { email };
}
