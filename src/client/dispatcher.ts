import type { QueryClient } from "@tanstack/react-query";
import type { TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@/server/api/root";
import type { ServerEvent } from "@/shared/events";

type Trpc = TRPCOptionsProxy<AppRouter>;

/** The one place server events reach the query cache; exhaustive, so a new event type will not compile until handled. */
export function applyServerEvent(queryClient: QueryClient, trpc: Trpc, event: ServerEvent): void {
  switch (event.type) {
    case "stream.ready": {
      // Whatever changed while this tab was not subscribed (first load or reconnect) is fetched again.
      void queryClient.invalidateQueries();
      return;
    }
    case "workspace.member_joined": {
      const key = trpc.workspaces.members.queryKey({ workspaceId: event.workspaceId });
      queryClient.setQueryData(key, (members) => {
        if (!members) return members;
        if (members.some((member) => member.userId === event.member.userId)) return members;
        return [...members, event.member].sort((a, b) => a.name.localeCompare(b.name));
      });
      return;
    }
    case "workspace.member_updated": {
      const key = trpc.workspaces.members.queryKey({ workspaceId: event.workspaceId });
      queryClient.setQueryData(key, (members) =>
        members?.map((member) => (member.userId === event.userId ? { ...member, role: event.role } : member)),
      );
      // The actor's own role gates what their UI offers.
      void queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
      return;
    }
    case "workspace.member_left": {
      const key = trpc.workspaces.members.queryKey({ workspaceId: event.workspaceId });
      queryClient.setQueryData(key, (members) => members?.filter((member) => member.userId !== event.userId));
      return;
    }
    case "workspace.updated": {
      queryClient.setQueryData(trpc.workspaces.list.queryKey(), (list) =>
        list?.map((workspace) => (workspace.id === event.workspace.id ? { ...workspace, ...event.workspace } : workspace)),
      );
      return;
    }
    case "user.updated": {
      queryClient.setQueriesData({ queryKey: trpc.workspaces.members.pathKey() }, (members: unknown) =>
        (members as Array<{ userId: string }> | undefined)?.map((member) =>
          member.userId === event.user.id ? { ...member, name: event.user.name, image: event.user.image } : member,
        ),
      );
      queryClient.setQueryData(trpc.users.me.queryKey(), (me) => (me && me.id === event.user.id ? { ...me, ...event.user } : me));
      return;
    }
    case "membership.changed": {
      void queryClient.invalidateQueries({ queryKey: trpc.workspaces.pathKey() });
      return;
    }
    default: {
      const unhandled: never = event;
      console.warn("Unhandled server event", unhandled);
    }
  }
}
