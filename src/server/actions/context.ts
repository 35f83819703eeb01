import type { ServerEvent, Topic } from "@/shared/events";
import type { Db, Tx } from "../db/client";
import type { EventBus } from "../events/bus";
import type { FileStorage } from "../files/storage";
import type { PresenceService } from "../presence";
import { forbidden } from "../access/errors";
import { isUniqueViolation } from "../db/errors";
import { processServices } from "../services";

/**
 * Who is acting. People are not the only actors: someone not signed in yet (signing up, resetting a password,
 * arriving from their identity provider), an app acting as its bot user (through the Slack-compatible API or an
 * incoming webhook), a website's visitor in the live-chat widget and the system's own jobs act too, each through the same actions, so an action says which kinds
 * it accepts. A bot is a member of its app's workspace like a person, so the same access rules hold for it.
 */
export type Actor =
  | { kind: "user"; userId: string }
  | { kind: "bot"; userId: string; appId: string; workspaceId: string }
  | { kind: "anonymous"; ip: string }
  /** Someone on a website, through the live-chat widget: their own conversations in one inbox, nothing else. */
  | { kind: "visitor"; userId: string; visitorId: string; inboxId: string; workspaceId: string }
  /** A workspace's identity provider through SCIM, by one of the workspace's SCIM tokens: its people and groups only. */
  | { kind: "scim"; workspaceId: string; tokenId: string }
  | { kind: "system" };
export type ActorKind = Actor["kind"];
export type ActorOf<K extends ActorKind> = Extract<Actor, { kind: K }>;

export const userActor = (userId: string): ActorOf<"user"> => ({ kind: "user", userId });
export const botActor = (app: { botUserId: string; id: string; workspaceId: string }): ActorOf<"bot"> => ({ kind: "bot", userId: app.botUserId, appId: app.id, workspaceId: app.workspaceId });
export const anonymousActor = (ip: string): ActorOf<"anonymous"> => ({ kind: "anonymous", ip });
export const visitorActor = (visitor: { userId: string; id: string; inboxId: string; workspaceId: string }): ActorOf<"visitor"> => ({ kind: "visitor", userId: visitor.userId, visitorId: visitor.id, inboxId: visitor.inboxId, workspaceId: visitor.workspaceId });
export const scimActor = (token: { id: string; workspaceId: string }): ActorOf<"scim"> => ({ kind: "scim", workspaceId: token.workspaceId, tokenId: token.id });
export const SYSTEM: ActorOf<"system"> = { kind: "system" };

export interface Clock {
  now(): Date;
}

/** Everything an action may reach outside its transaction; a test or a job can hand it other ones. */
export interface Services {
  db: Db;
  bus: EventBus;
  presence: PresenceService;
  storage: FileStorage;
  /** Asks the job worker to look for due jobs soon (after a commit that wrote some). */
  pokeJobs(): void;
  clock: Clock;
}

export type Emit = (topic: Topic, event: ServerEvent) => void;

export interface ActionContext<A extends Actor = Actor> {
  readonly actor: A;
  /** The action's transaction, or the database itself for an action whose writes are single statements. */
  readonly tx: Db | Tx;
  /** Queues an event; the queue is published only once the action's writes are committed. */
  readonly emit: Emit;
  /** Work that must wait for the commit (a job poke, a background refresh); dropped when the action fails. */
  readonly afterCommit: (work: () => void) => void;
  readonly services: Services;
}

/** What a unique index refusing the write means for an action: a readable refusal, or "someone else got there first, look again". */
type OnUniqueViolation<I> = ((input: I) => Error) | "retry";

export interface Action<I, T, K extends ActorKind> {
  readonly actors: readonly K[];
  /** False for an action whose writes are single statements (atomic on their own) or that writes nothing. */
  readonly transaction: boolean;
  readonly onUniqueViolation?: OnUniqueViolation<I>;
  readonly run: (ctx: ActionContext<ActorOf<K>>, input: I) => Promise<T>;
}

export function defineAction<I, T, K extends ActorKind>(
  spec: { actors: readonly K[]; transaction?: boolean; onUniqueViolation?: OnUniqueViolation<I> },
  run: (ctx: ActionContext<ActorOf<K>>, input: I) => Promise<T>,
): Action<I, T, K> {
  return { actors: spec.actors, transaction: spec.transaction ?? true, onUniqueViolation: spec.onUniqueViolation, run };
}

/**
 * Another action as one step of this one, in this one's transaction: its writes commit or roll back with the rest,
 * and its events leave with this action's, after the commit.
 */
export function runWithin<I, T, K extends ActorKind>(ctx: ActionContext, action: Action<I, T, K>, input: I): Promise<T> {
  if (!(action.actors as readonly ActorKind[]).includes(ctx.actor.kind)) throw forbidden("This action is not available to you");
  return action.run(ctx as ActionContext<ActorOf<K>>, input);
}

/**
 * The one entry to every state change: checks that this kind of actor may take the action, runs it in one
 * transaction (unless it needs none), and publishes the events it queued only after the commit, so a write that
 * failed never tells anyone anything.
 */
export async function runAction<I, T, K extends ActorKind>(actor: Actor, action: Action<I, T, K>, input: I, services: Services = processServices): Promise<T> {
  if (!(action.actors as readonly ActorKind[]).includes(actor.kind)) throw forbidden("This action is not available to you");
  const attempt = async () => {
    const queued: Array<[Topic, ServerEvent]> = [];
    const after: Array<() => void> = [];
    const context = (tx: Db | Tx): ActionContext<ActorOf<K>> => ({
      actor: actor as ActorOf<K>,
      tx,
      emit: (topic, event) => void queued.push([topic, event]),
      afterCommit: (work) => void after.push(work),
      services,
    });
    const result = action.transaction ? await services.db.transaction((tx) => action.run(context(tx), input)) : await action.run(context(services.db), input);
    return { result, queued, after };
  };
  let outcome: Awaited<ReturnType<typeof attempt>>;
  try {
    outcome = await attempt();
  } catch (error) {
    if (!action.onUniqueViolation || !isUniqueViolation(error)) throw error;
    if (action.onUniqueViolation !== "retry") throw action.onUniqueViolation(input);
    // The write that won has committed by now, so the second attempt finds it.
    outcome = await attempt();
  }
  await Promise.all(outcome.queued.map(([topic, event]) => services.bus.publish(topic, event)));
  for (const work of outcome.after) work();
  return outcome.result;
}
