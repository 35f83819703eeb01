/**
 * Set by src/server.ts on every request, overwriting anything the client sent, so per-IP limits cannot be dodged
 * by forging a header. Behind a proxy (TRUST_PROXY) it takes the proxy's X-Forwarded-For instead.
 */
export const CLIENT_IP_HEADER = "x-confab-client-ip";
