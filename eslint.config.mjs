import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/**
 * ESLint 9 flat config: Next's recommended rules with Core Web Vitals as errors, plus
 * typescript-eslint's recommended rules (both flat arrays in eslint-config-next 16).
 */
const config = [
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      ".data/**",
      ".ci/out/**",
      "db/migrations/**",
      "test-results/**",
      "playwright-report/**",
      "bench-results/**",
      "shots/**",
      "next-env.d.ts",
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (placeholders in signatures and destructuring).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  // CommonJS files (preload hooks for Node) load modules with require; that is their module system.
  { files: ["**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
  // The layout's arrows point one way (DESIGN.md, "Shape of the code"): app → components → lib → db.
  // Pages and routes reach the database through lib (lib/read.ts and the domain queries), components
  // get their data as props, db/ knows nothing of the domain, and lib renders nothing.
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["@/db", "@/db/*", "**/db/*"], message: "app/ reaches the database through lib/ (lib/read.ts, the domain's queries)." }] }] },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/db", "@/db/*", "**/db/*"], message: "Components get their data as props from their page; they never read the database." },
            { group: ["@/app", "@/app/*"], message: "Components do not import routes or pages." },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["@/components", "@/components/*", "@/app", "@/app/*"], message: "lib/ holds domain logic; it renders nothing and knows no routes." }] }] },
  },
  {
    files: ["db/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["@/lib", "@/lib/*", "**/lib/*"], message: "db/ holds the schema and the client; it imports nothing from lib/." }] }] },
  },
  {
    // Playwright fixtures receive a callback named `use`; it is not React's `use` hook.
    files: ["e2e/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
];
export default config;
