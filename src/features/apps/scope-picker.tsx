import { APP_SCOPE_NAMES, APP_SCOPES, type AppScope } from "@/shared/apps";

const GROUPS = ["Messages", "Channels", "Direct messages", "People and workspace", "Reactions and pins", "Files", "Commands and events"] as const;

// A record over every scope, so a scope added to APP_SCOPES does not compile until it has a group.
const GROUP_OF: Record<AppScope, (typeof GROUPS)[number]> = {
  "chat:write": "Messages",
  "chat:write.public": "Messages",
  "channels:read": "Channels",
  "channels:history": "Channels",
  "channels:join": "Channels",
  "channels:manage": "Channels",
  "groups:write": "Channels",
  "groups:read": "Channels",
  "groups:history": "Channels",
  "im:read": "Direct messages",
  "im:history": "Direct messages",
  "im:write": "Direct messages",
  "mpim:read": "Direct messages",
  "mpim:history": "Direct messages",
  "users:read": "People and workspace",
  "users:read.email": "People and workspace",
  "team:read": "People and workspace",
  "reactions:read": "Reactions and pins",
  "reactions:write": "Reactions and pins",
  "pins:read": "Reactions and pins",
  "pins:write": "Reactions and pins",
  "files:read": "Files",
  "files:write": "Files",
  commands: "Commands and events",
  "app_mentions:read": "Commands and events",
};

/** The scopes a form submits (checkboxes named "scopes"). */
export const scopesOf = (form: FormData) => form.getAll("scopes").map(String) as AppScope[];

/** Slack's scopes as checkboxes, grouped by what they reach, each with what it lets the app do. */
export function ScopePicker({ checked }: { checked: readonly string[] }) {
  return (
    <fieldset className="flex min-w-0 flex-col gap-1.5">
      <legend className="mb-1.5 text-sm font-medium">Scopes</legend>
      <p className="text-xs text-muted">What the app may do with its bot token. Confab refuses calls outside them, as Slack does.</p>
      <div className="max-h-72 overflow-y-auto rounded-md border border-border">
        {GROUPS.map((group) => (
          <fieldset key={group} className="border-b border-border px-3 py-2 last:border-0">
            <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">{group}</legend>
            {APP_SCOPE_NAMES.filter((scope) => GROUP_OF[scope] === group).map((scope) => (
              <label key={scope} className="flex items-start gap-2 py-1 text-sm">
                <input type="checkbox" name="scopes" value={scope} defaultChecked={checked.includes(scope)} className="mt-1" />
                <span className="min-w-0">
                  <code className="font-mono text-xs font-medium">{scope}</code>
                  <span className="block text-xs text-muted">{APP_SCOPES[scope]}</span>
                </span>
              </label>
            ))}
          </fieldset>
        ))}
      </div>
    </fieldset>
  );
}
