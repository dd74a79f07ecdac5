/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and resolves files by URL; bundling it breaks that (STACK.md trap 5).
  serverExternalPackages: ["@electric-sql/pglite", "pg", "bcryptjs", "nodemailer"],
  poweredByHeader: false,
  // Lets parallel builds (tests, benchmarks) use separate output folders; `.next` by default.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Every server action takes a few form fields; the CSV import (5 MB) is a route handler with its own limit.
  experimental: { serverActions: { bodySizeLimit: "64kb" } },
};
export default nextConfig;
