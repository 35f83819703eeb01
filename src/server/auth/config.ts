import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/env";
import { db } from "../db/client";
import { accounts, sessions, users, verificationTokens } from "../db/schema";
import { authorizeWithPassword } from "./credentials";
import { CLIENT_IP_HEADER } from "./client-ip";
import { sessionStillValid } from "./session-validity";
import { log } from "../observability/log";

// The lazy form: nothing here runs (or opens the database) until a request needs it, so `next build` stays offline.
export const { handlers, auth, signIn, signOut } = NextAuth(async () => ({
  adapter: DrizzleAdapter(db(), {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  } as never),
  secret: env().AUTH_SECRET,
  trustHost: true,
  // Credentials sign-in requires JWT sessions; the custom server decodes the same cookie for tRPC.
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  logger: {
    // A refused password is an everyday event the user already sees explained, not a server error with a stack.
    error(error: Error & { type?: string }) {
      if (error.type === "CredentialsSignin") return;
      log().error({ err: error }, "[auth] failed");
    },
  },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" }, code: { type: "text" }, enrollment: { type: "text" } },
      authorize: (credentials, request) =>
        authorizeWithPassword(credentials, { ip: request.headers.get(CLIENT_IP_HEADER) ?? "unknown", userAgent: request.headers.get("user-agent") ?? "" }),
    }),
  ],
  callbacks: {
    // The sign-in's session row goes into the token; a token whose session ended is no longer a session.
    async jwt({ token, user }) {
      const sessionId = (user as { sessionId?: string } | undefined)?.sessionId;
      if (sessionId) token.sid = sessionId;
      if (token.sub && !(await sessionStillValid(token.sub, token.iat, typeof token.sid === "string" ? token.sid : undefined))) return null;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));
