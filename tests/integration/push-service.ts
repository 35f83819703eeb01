import { createPublicKey, createECDH, randomBytes, verify } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import ece from "http_ece";
import { TEST_PUSH_PORT } from "../setup/env";

export interface ReceivedPush {
  path: string;
  headers: IncomingMessage["headers"];
  /** The VAPID JWT's claims, after its ES256 signature checked out against the key in the request. */
  claims: { aud: string; exp: number; sub: string };
  payload: unknown;
}

/**
 * A browser's keys and a push service on the tests' loopback port: it checks each request's VAPID JWT and decrypts
 * the payload (RFC 8291, aes128gcm) with the subscription's private key, as a real browser would after the push
 * service hands it over. `answer` sets the status it replies with (201 by default; 410 for a gone subscription).
 */
export async function startPushService() {
  const received: ReceivedPush[] = [];
  const failures: string[] = [];
  const browsers = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
  let answer = 201;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      try {
        const browser = browsers.get(req.url ?? "");
        if (!browser) throw new Error(`unknown subscription ${req.url}`);
        const [, jwt, key] = /^vapid t=([^,]+), k=(.+)$/.exec(String(req.headers.authorization)) ?? [];
        if (!jwt || !key) throw new Error(`no VAPID authorization: ${req.headers.authorization}`);
        const [header, claims, signature] = jwt.split(".") as [string, string, string];
        const raw = Buffer.from(key, "base64url");
        const publicKey = createPublicKey({ key: { kty: "EC", crv: "P-256", x: raw.subarray(1, 33).toString("base64url"), y: raw.subarray(33, 65).toString("base64url") }, format: "jwk" });
        if (!verify("sha256", Buffer.from(`${header}.${claims}`), { key: publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"))) {
          throw new Error("VAPID signature does not verify");
        }
        if (req.headers["content-encoding"] !== "aes128gcm") throw new Error(`content-encoding ${req.headers["content-encoding"]}`);
        const plain = ece.decrypt(Buffer.concat(chunks), { version: "aes128gcm", privateKey: browser.ecdh, authSecret: browser.auth.toString("base64url") });
        received.push({ path: req.url!, headers: req.headers, claims: JSON.parse(Buffer.from(claims, "base64url").toString()), payload: JSON.parse(plain.toString("utf8")) });
        res.writeHead(answer).end();
      } catch (error) {
        failures.push(String(error));
        res.writeHead(400).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(TEST_PUSH_PORT, "127.0.0.1", resolve));
  return {
    received,
    failures,
    answerWith: (status: number) => void (answer = status),
    /** A new browser's PushSubscription.toJSON(). */
    subscription(name: string) {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const auth = randomBytes(16);
      browsers.set(`/push/${name}`, { ecdh, auth });
      return {
        endpoint: `http://127.0.0.1:${TEST_PUSH_PORT}/push/${name}`,
        keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") },
        userAgent: `Test browser ${name}`,
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
