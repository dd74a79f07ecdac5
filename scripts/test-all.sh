#!/usr/bin/env bash
# The whole test suite, as `npm test` runs it:
#   1. unit + integration tests (vitest) on embedded PGlite;
#   2. the same on PostgreSQL when TEST_DATABASE_URL is set (its data is replaced by the demo data);
#   3. a production build; 4. Playwright journeys in a real browser against it on PGlite;
#   5. the same on PostgreSQL when E2E_DATABASE_URL is set.
# Ends with one plain line `tests: N passed, M failed` and a non-zero exit on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
out=.ci/out
mkdir -p "$out"
rm -f "$out"/*.json
export TZ=UTC CI=${CI:-1} NEXT_TELEMETRY_DISABLED=1
# A clearly marked test-only secret, used when none is configured.
export AUTH_SECRET=${AUTH_SECRET:-test-only-secret-0123456789abcdef0123456789}
status=0
step() { echo; echo "== $* =="; }

step "vitest on PGlite"
env -u DATABASE_URL npx vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest-pglite.json" || status=1

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  step "vitest on PostgreSQL"
  DATABASE_URL=$TEST_DATABASE_URL npx vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest-pg.json" || status=1
else
  echo "(TEST_DATABASE_URL not set: skipping the PostgreSQL pass of vitest)"
fi

step "next build"
if npx next build; then
  step "Playwright on PGlite"
  pglite_dir=$(mktemp -d)/pglite
  env -u DATABASE_URL E2E_PGLITE_DIR="$pglite_dir" PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright-pglite.json" npx playwright test || status=1
  if [ -n "${E2E_DATABASE_URL:-}" ]; then
    step "Playwright on PostgreSQL"
    DATABASE_URL=$E2E_DATABASE_URL PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright-pg.json" npx playwright test || status=1
  else
    echo "(E2E_DATABASE_URL not set: skipping the PostgreSQL pass of Playwright)"
  fi
else
  echo "build failed"
  status=1
fi

node scripts/summarize-tests.mjs "$out" || status=1
exit $status
