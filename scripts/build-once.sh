#!/usr/bin/env bash
# Builds the app into $NEXT_DIST_DIR, or reuses the build there when the first argument is 1 and a
# build exists. Shared by the bench and the cluster. `next build` adds its output folder to
# tsconfig.json's include list; the tracked file is put back as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-0}" = 1 ] && [ -f "$NEXT_DIST_DIR/BUILD_ID" ]; then
  echo "== reusing the build in $NEXT_DIST_DIR =="
  exit 0
fi
echo "== next build into $NEXT_DIST_DIR =="
tsconfig_before=$(mktemp)
cp tsconfig.json "$tsconfig_before"
status=0
env -u DATABASE_URL npx next build || status=$?
cp "$tsconfig_before" tsconfig.json
rm -f "$tsconfig_before"
exit "$status"
