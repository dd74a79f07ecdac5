#!/usr/bin/env bash
# `npm run demo`: prepares the embedded database (or DATABASE_URL's), seeds the demo data, builds and
# starts the portal at http://localhost:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .env ]; then set -a; . ./.env; set +a; fi
if [ -z "${AUTH_SECRET:-}" ]; then
  # A clearly marked demo-only value, so a first run needs no configuration. Set your own in .env.
  export AUTH_SECRET="demo-only-secret-do-not-use-in-production-0123456789"
  echo "AUTH_SECRET is not set: using the demo-only secret (set AUTH_SECRET in .env for anything real)."
fi
export AUTH_TRUST_HOST=${AUTH_TRUST_HOST:-true} NEXT_TELEMETRY_DISABLED=1
# Links in mails point here (never to a host taken from a request).
export APP_URL=${APP_URL:-http://localhost:${PORT:-3000}}
npx tsx --conditions=react-server scripts/seed.ts   # migrates first
npx next build
# The production server (npm start): the same one the cluster, the journeys and the bench run, with
# one JSON log line per request and graceful shutdown.
exec node --import tsx scripts/server.ts -p "${PORT:-3000}"
