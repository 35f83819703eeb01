import { accountRouter } from "./routers/account";
import { appsRouter } from "./routers/apps";
import { commandsRouter } from "./routers/commands";
import { callsRouter } from "./routers/calls";
import { channelsRouter } from "./routers/channels";
import { eventsRouter } from "./routers/events";
import { filesRouter } from "./routers/files";
import { invitesRouter } from "./routers/invites";
import { messagesRouter } from "./routers/messages";
import { notificationsRouter } from "./routers/notifications";
import { presenceRouter } from "./routers/presence";
import { searchRouter } from "./routers/search";
import { ssoRouter } from "./routers/sso";
import { supportRouter } from "./routers/support";
import { widgetRouter } from "./routers/widget";
import { typingRouter } from "./routers/typing";
import { usersRouter } from "./routers/users";
import { workspacesRouter } from "./routers/workspaces";
import { userGroupsRouter } from "./routers/user-groups";
import { scimRouter } from "./routers/scim";
import { retentionRouter } from "./routers/retention";
import { auditRouter } from "./routers/audit";
import { transfersRouter } from "./routers/transfers";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  users: usersRouter,
  account: accountRouter,
  workspaces: workspacesRouter,
  userGroups: userGroupsRouter,
  scim: scimRouter,
  retention: retentionRouter,
  audit: auditRouter,
  transfers: transfersRouter,
  invites: invitesRouter,
  channels: channelsRouter,
  messages: messagesRouter,
  events: eventsRouter,
  typing: typingRouter,
  presence: presenceRouter,
  calls: callsRouter,
  sso: ssoRouter,
  files: filesRouter,
  search: searchRouter,
  notifications: notificationsRouter,
  apps: appsRouter,
  commands: commandsRouter,
  support: supportRouter,
  widget: widgetRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
