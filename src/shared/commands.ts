import { z } from "zod";
import { appUrl } from "./apps";
import { MESSAGE_MAX_LENGTH } from "./messages";

/** Slack's rule for a command's name: a slash, then up to 32 lowercase letters, digits, dashes or underscores. */
export const COMMAND_NAME = /^\/[a-z0-9_-]{1,32}$/;

/** The commands every workspace has, answered by Confab itself; an app cannot take their names. */
export const BUILT_IN_COMMANDS = [
  { command: "/me", description: "Say what you are doing, shown in italics", usageHint: "[what you are doing]" },
  { command: "/shrug", description: "Append ¯\\_(ツ)_/¯ to your message", usageHint: "[your message]" },
  { command: "/invite", description: "Add people to this channel", usageHint: "@name [@name…]" },
  { command: "/leave", description: "Leave this channel", usageHint: "" },
  { command: "/topic", description: "Set this channel's topic", usageHint: "[new topic]" },
  { command: "/mute", description: "Mute or unmute this channel", usageHint: "" },
] as const;
export type BuiltInCommand = (typeof BUILT_IN_COMMANDS)[number]["command"];
export const isBuiltInCommand = (command: string): command is BuiltInCommand => BUILT_IN_COMMANDS.some((builtIn) => builtIn.command === command);

/** A command as the composer offers it: Confab's own (no app) or an app's. */
export interface CommandView {
  command: string;
  description: string;
  usageHint: string;
  app: { id: string; name: string } | null;
}

/**
 * A message box's text read as a command, as Slack reads it: it starts with a slash and a name. Text that starts
 * with a space, or with "//", is a message.
 */
export function parseCommandLine(body: string): { command: string; text: string } | null {
  const match = /^(\/[^\s/]+)(?:\s+([\s\S]*))?$/.exec(body.trimEnd());
  return match ? { command: match[1]!.toLowerCase(), text: match[2]?.trim() ?? "" } : null;
}

const requestUrl = appUrl("https://example.com/slack/commands");

export const createSlashCommandInput = z.object({
  appId: z.string().uuid("Unknown app"),
  command: z
    .string()
    .trim()
    .toLowerCase()
    .transform((name) => (name.startsWith("/") ? name : `/${name}`))
    .refine((name) => COMMAND_NAME.test(name), "A command is a slash and up to 32 lowercase letters, digits, dashes or underscores, like /deploy"),
  /** Not needed by an app on Socket Mode, whose commands arrive over its connection. */
  url: requestUrl.or(z.literal("")).default(""),
  description: z.string().trim().max(100, "A description is at most 100 characters").default(""),
  usageHint: z.string().trim().max(100, "A usage hint is at most 100 characters").default(""),
});
export const slashCommandIdInput = z.object({ commandId: z.string().uuid("Unknown command") });

export const runCommandInput = z.object({
  channelId: z.string().uuid("Unknown channel"),
  threadRootId: z.string().uuid("Unknown thread").optional(),
  command: z.string().regex(COMMAND_NAME, "That is not a command"),
  text: z.string().max(MESSAGE_MAX_LENGTH, `Messages are at most ${MESSAGE_MAX_LENGTH.toLocaleString("en-US")} characters`),
  /** For a command that posts (/me, /shrug): a retry returns the message it posted the first time. */
  clientNonce: z.string().min(8, "Invalid nonce").max(64, "Invalid nonce").optional(),
});
