import { eq } from "drizzle-orm";
import type { z } from "zod";
import { RESET_LINK_HOURS, type requestPasswordResetInput } from "@/shared/users";
import { badRequest } from "../../access/errors";
import { issueAccountToken } from "../../auth/account-tokens";
import { allowResetRequest } from "../../auth/rate-limit";
import { users } from "../../db/schema";
import { emailConfigured, emailHtml, escapeHtml, publicLink, sendEmail } from "../../email/mailer";
import { runInBackground } from "../../jobs/background";
import { defineAction } from "../context";

/** The one answer, whether or not the address has an account, so the form tells no one who is a member. */
export const RESET_REQUESTED = "If an account uses that address, we sent it a link to choose a new password. Check your inbox.";

export const requestPasswordReset = defineAction({ actors: ["anonymous"], transaction: false }, async (ctx, input: z.output<typeof requestPasswordResetInput>) => {
  const { services, actor } = ctx;
  if (!emailConfigured()) throw badRequest("This server cannot send email, so passwords cannot be reset by email. Ask your administrator.");
  // Over the limit, the answer stays the same and nothing is sent.
  if (!(await allowResetRequest(input.email, actor.ip))) return { message: RESET_REQUESTED };
  // The lookup and the email happen after the answer, so its timing does not tell either.
  ctx.afterCommit(() =>
    runInBackground("password reset", async () => {
      const [user] = await services.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.email, input.email));
      if (!user) return;
      const token = await services.db.transaction((tx) => issueAccountToken(tx, user.id, "password_reset", RESET_LINK_HOURS * 60 * 60 * 1000));
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
    }),
  );
  return { message: RESET_REQUESTED };
});
