import { eventsRouter } from "./routers/events";
import { invitesRouter } from "./routers/invites";
import { usersRouter } from "./routers/users";
import { workspacesRouter } from "./routers/workspaces";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  users: usersRouter,
  workspaces: workspacesRouter,
  invites: invitesRouter,
  events: eventsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
