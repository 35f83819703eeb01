import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { requestEmailChangeInput } from "@/shared/users";
import { badRequest, conflict } from "../../access/errors";
import { issueAccountToken } from "../../auth/account-tokens";
import { verifyPassword } from "../../auth/password";
import { users } from "../../db/schema";
import { emailConfigured, emailHtml, escapeHtml, publicLink, sendEmail } from "../../email/mailer";
import { defineAction } from "../context";
import { EMAIL_TAKEN } from "./sign-up";

const CONFIRM_LINK_HOURS = 24;

/** Sends a confirmation link to the new address; the account's email changes only when that link is opened. */
export const requestEmailChange = defineAction({ actors: ["user"], transaction: false }, async (ctx, input: z.output<typeof requestEmailChangeInput>) => {
  const { actor } = ctx;
  if (!emailConfigured()) throw badRequest("This server cannot send email, so the address cannot be confirmed. Ask your administrator.");
  const { token, name } = await ctx.tx.transaction(async (tx) => {
    const [user] = await tx.select({ name: users.name, email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
    if (!user?.passwordHash || !(await verifyPassword(input.password, user.passwordHash))) throw badRequest("Your password is not right");
    if (user.email === input.newEmail) throw badRequest("That is already your email address");
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.newEmail));
    if (taken) throw conflict(EMAIL_TAKEN.replace(" Sign in instead.", ""));
    return { token: await issueAccountToken(tx, actor.userId, "email_change", CONFIRM_LINK_HOURS * 60 * 60 * 1000, input.newEmail), name: user.name };
  });
  const link = publicLink(`/confirm-email?token=${token}`);
  await sendEmail({
    to: input.newEmail,
    subject: "Confirm your new Confab email address",
    text: `Hi ${name},\n\nConfirm that this is the new email address of your Confab account:\n\n${link}\n\nThe link works once, for ${CONFIRM_LINK_HOURS} hours. Until then your account keeps its current address.\n`,
    html: emailHtml({
      heading: "Confirm your new email address",
      bodyHtml: `<p>Hi ${escapeHtml(name)},</p><p>Confirm that this is the new email address of your Confab account.</p><p><a href="${escapeHtml(link)}">Confirm this address</a></p>`,
      footerHtml: `The link works once, for ${CONFIRM_LINK_HOURS} hours. Until then your account keeps its current address.`,
    }),
  });
  return { sentTo: input.newEmail };
});
