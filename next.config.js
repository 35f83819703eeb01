/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Next's development badge sat on the profile button in the sidebar's corner; build errors still show in its overlay.
  devIndicators: false,
  // The custom server (src/server.ts) owns these; keeping them out of the bundle keeps one copy per process.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "ioredis", "ws", "rate-limiter-flexible", "sharp", "@aws-sdk/client-s3"],
};

export default nextConfig;
