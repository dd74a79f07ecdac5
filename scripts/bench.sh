#!/usr/bin/env bash
# npm run bench: builds the app into its own output folder, then measures it on the embedded
# database and on PostgreSQL (scripts/bench/run.mjs says what and how). A benchmark, not a test:
# it is not part of npm test, and a ratio below target does not fail it.
#   BENCH_SKIP_BUILD=1   reuse an existing build in $NEXT_DIST_DIR
#   BENCH_DATABASE_URL   PostgreSQL to use (default postgres://trellis:trellis@127.0.0.1:5432/trellis_bench)
#   BENCH_DATABASES      "pglite,postgres" (default), or one of them
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_DIST_DIR=${NEXT_DIST_DIR:-.next-bench}
export NEXT_TELEMETRY_DISABLED=1 TZ=UTC
# A clearly marked benchmark-only secret, used when none is configured.
export AUTH_SECRET=${AUTH_SECRET:-bench-only-secret-0123456789abcdef0123456789}

bash scripts/build-once.sh "${BENCH_SKIP_BUILD:-0}"
exec node scripts/bench/run.mjs
