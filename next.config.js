/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and resolves files by URL; bundling it breaks that (STACK.md trap 5).
  serverExternalPackages: ["@electric-sql/pglite", "pg", "bcryptjs", "nodemailer"],
  poweredByHeader: false,
  // Lets parallel builds (tests, benchmarks) use separate output folders; `.next` by default.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};
export default nextConfig;
