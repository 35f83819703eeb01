/** The compiled server `npm run build` writes (scripts/build-server.ts) and `npm start` runs. */
export const SERVER_ENTRY = "dist/server.mjs";
