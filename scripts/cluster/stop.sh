#!/usr/bin/env bash
# npm run cluster:stop — stops what `npm run cluster` started (nginx, the app instances, PgBouncer,
# the replica and the primary) and removes its folder (CLUSTER_KEEP=1 keeps the data and logs).
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/cluster/lib.sh
[ -d "$CLUSTER_DIR" ] || { echo "No cluster in $CLUSTER_DIR."; exit 0; }

# nginx first, so no request reaches an instance that is going away; then the instances drain.
if alive "$RUN/nginx.pid"; then
  nginx_pid=$(cat "$RUN/nginx.pid")
  kill -QUIT "$nginx_pid"
  for _ in $(seq 1 40); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.25; done
fi
pids=()
for f in "$RUN"/app-*.pid; do
  [ -e "$f" ] || continue
  if alive "$f"; then kill -TERM "$(cat "$f")"; pids+=("$(cat "$f")"); fi
done
for _ in $(seq 1 60); do
  left=0
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -0 "$p" 2>/dev/null && left=1; done
  [ $left = 0 ] && break
  sleep 0.5
done
for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -KILL "$p" 2>/dev/null; done
# PgBouncer: SIGINT waits for transactions in progress.
if alive "$RUN/pgbouncer.pid"; then kill -INT "$(cat "$RUN/pgbouncer.pid")"; sleep 0.5; fi
BIN=$(pg_bin)
for node in replica primary; do
  [ -f "$CLUSTER_DIR/pg-$node/postmaster.pid" ] && as_db_user "$BIN/pg_ctl" -D "$CLUSTER_DIR/pg-$node" -m fast -w stop >/dev/null
done
if [ "${CLUSTER_KEEP:-0}" = 1 ]; then echo "Stopped; kept $CLUSTER_DIR."; else rm -rf "$CLUSTER_DIR"; echo "Stopped and removed $CLUSTER_DIR."; fi
