import { signedUserToken } from "../../auth/account-tokens";
import { publicLink } from "../../email/mailer";

export const UNSUBSCRIBE_PURPOSE = "unsubscribe-email";
export const UNSUBSCRIBE_PATH = "/api/email/unsubscribe";

export const unsubscribeLink = (userId: string) => publicLink(`${UNSUBSCRIBE_PATH}?token=${signedUserToken(userId, UNSUBSCRIBE_PURPOSE)}`);
