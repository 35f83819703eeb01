import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";

type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Next 16 internals, wrapped here and nowhere else (guarded by the dev hydration test in e2e/):
 * - `getUpgradeHandler()` is a no-op, so HMR upgrades must go to the internal `upgradeHandler` ourselves, or the page
 *   never hydrates in dev and nothing says why;
 * - `didWebSocketSetup = true` stops Next from attaching a second `upgrade` listener after the first request, which
 *   would also grab our own WebSocket path.
 */
export function routeUpgrades(server: Server, nextApp: unknown, ours: Array<{ path: string; handle: UpgradeHandler }>) {
  const internals = nextApp as { didWebSocketSetup: boolean; upgradeHandler: UpgradeHandler };
  internals.didWebSocketSetup = true;
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    const door = ours.find((entry) => entry.path === pathname);
    if (door) door.handle(req, socket, head);
    else internals.upgradeHandler(req, socket, head);
  });
}
