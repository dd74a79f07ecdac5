/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and resolves files by URL; bundling it breaks that (STACK.md trap 5).
  serverExternalPackages: ["@electric-sql/pglite", "pg", "bcryptjs", "nodemailer"],
  poweredByHeader: false,
};
export default nextConfig;
