#!/usr/bin/env bash
# The whole test suite, as `npm test` runs it:
#   1. unit + integration tests (vitest) on embedded PGlite;
#   2. the same on PostgreSQL when TEST_DATABASE_URL is set (its data is replaced by the demo data);
#   3. the same again through PgBouncer in transaction pooling mode (when pgbouncer is installed);
#   4. a production build; 5. Playwright journeys in a real browser against it on PGlite;
#   6. the same on PostgreSQL when E2E_DATABASE_URL is set;
#   7. the cluster journeys (e2e/cluster): nginx, 3 instances, PgBouncer and a streaming replica,
#      started by `npm run cluster` from that build (when nginx, pgbouncer and PostgreSQL's server
#      binaries are installed; .ci/run installs them).
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

has() { command -v "$1" >/dev/null || [ -x "/usr/sbin/$1" ]; }
if [ -n "${TEST_DATABASE_URL:-}" ] && has pgbouncer; then
  step "vitest on PostgreSQL through PgBouncer (transaction pooling)"
  if bouncer=$(bash scripts/cluster/pgbouncer-for-tests.sh start "$TEST_DATABASE_URL"); then
    DATABASE_URL=$bouncer npx vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest-pgbouncer.json" || status=1
  else
    echo "PgBouncer did not start"
    status=1
  fi
  bash scripts/cluster/pgbouncer-for-tests.sh stop || true
else
  echo "(TEST_DATABASE_URL not set or pgbouncer not installed: skipping the PgBouncer pass of vitest)"
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
  if has pgbouncer && has nginx && ls /usr/lib/postgresql/*/bin/pg_basebackup >/dev/null 2>&1; then
    step "the cluster: nginx, 3 instances, PgBouncer, a streaming replica"
    # An absolute path: Playwright resolves a relative one against the config's folder (e2e/cluster).
    env -u DATABASE_URL PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/$out/playwright-cluster.json" npx playwright test --config e2e/cluster/playwright.config.ts || status=1
  else
    echo "(nginx, pgbouncer or PostgreSQL's server binaries missing: skipping the cluster journeys)"
  fi
else
  echo "build failed"
  status=1
fi

node scripts/summarize-tests.mjs "$out" || status=1
exit $status
