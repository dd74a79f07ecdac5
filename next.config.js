/**
 * Headers that are the same on every response, pages, API routes and static files alike. A page's
 * Content-Security-Policy carries a per-request nonce and HSTS depends on how the browser came, so
 * middleware.ts sets those two for pages; API responses get a strict policy of their own here.
 */
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), browsing-topics=()",
  },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and resolves files by URL; bundling it breaks that (STACK.md trap 5).
  serverExternalPackages: ["@electric-sql/pglite", "pg", "bcryptjs", "nodemailer"],
  poweredByHeader: false,
  // Lets parallel builds (tests, benchmarks) use separate output folders; `.next` by default.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Every server action takes a few form fields; the CSV import (5 MB) is a route handler with its own limit.
  experimental: { serverActions: { bodySizeLimit: "64kb" } },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // JSON and CSV are never documents to run or frame.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};
export default nextConfig;
