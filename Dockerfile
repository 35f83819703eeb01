# Production image for Confab: one Node process serving Next, tRPC over HTTP and WebSocket.
# Node 24 (an LTS with support; Node 20 is past its end of life). Built in one stage, run from another with
# production dependencies only, as the unprivileged `node` user.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Next's build, the compiled server (dist/server.mjs) and the live-chat widget's bundle; Next's cache stays behind.
RUN NEXT_TELEMETRY_DISABLED=1 npm run build && rm -rf .next/cache

FROM node:24-bookworm-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3000 DATA_DIR=/data
RUN mkdir /data && chown node:node /data
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/next.config.js ./
COPY --from=build /app/.next ./.next
COPY --from=build /app/dist ./dist
COPY --from=build /app/public ./public
COPY --from=build /app/drizzle ./drizzle
# The live-chat loader is served as written.
COPY --from=build /app/src/widget/loader.js ./src/widget/loader.js
USER node
EXPOSE 3000
# Migrations run at start-up (one process at a time); SIGTERM drains connections and closes the database cleanly.
# The flags are `npm start`'s: see the README's Performance section.
CMD ["node", "--max-semi-space-size=32", "--enable-source-maps", "dist/server.mjs"]
