# Production image for Confab: one Node process serving Next, tRPC over HTTP and WebSocket.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN NEXT_TELEMETRY_DISABLED=1 npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3000 DATA_DIR=/data
COPY --from=build /app /app
EXPOSE 3000
# Migrations run at start-up; SIGTERM drains connections and closes the database cleanly. The larger young
# generation is `npm start`'s too: see the README's Performance section.
CMD ["node", "--max-semi-space-size=32", "--import", "tsx", "src/server.ts"]
