# Shared by start.sh and stop.sh: where the cluster lives and how to run things as the database user.
CLUSTER_DIR=${CLUSTER_DIR:-$PWD/.cluster}
CLUSTER_PORT=${CLUSTER_PORT:-8080}
CLUSTER_INSTANCES=${CLUSTER_INSTANCES:-3}
# The databases and PgBouncer sit next to the app's ports: nginx, then app-1..N, then these.
PG_PRIMARY_PORT=${CLUSTER_PG_PORT:-$((CLUSTER_PORT + 100))}
PG_REPLICA_PORT=$((PG_PRIMARY_PORT + 1))
PGBOUNCER_PORT=$((PG_PRIMARY_PORT + 2))
RUN=$CLUSTER_DIR/run
LOGS=$CLUSTER_DIR/logs

pg_bin() {
  local v
  v=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
  [ -n "$v" ] && echo "/usr/lib/postgresql/$v/bin"
}

# PostgreSQL and PgBouncer refuse to run as root: as root, run them as the `postgres` user.
as_db_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
