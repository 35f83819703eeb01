import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
/** A real SMTP server on a loopback port; every email it accepts, parsed. */
export async function startMailServer(port: number) {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    received,
    to: (address: string) => received.filter((mail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).some((to) => to?.value.some((entry) => entry.address === address))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a text body that starts with `prefix`. */
export function linkIn(text: string | undefined, prefix: string): string {
  const match = text?.match(new RegExp(`${prefix.replace(/[.?*+^$[\]\\(){}|-]/g, "\\$&")}\\S+`));
  if (!match) throw new Error(`No ${prefix} link in: ${text}`);
  return match[0];
}
