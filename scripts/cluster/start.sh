#!/usr/bin/env bash
# npm run cluster — Trellis as it runs in production, on this machine, from Debian's packages:
#   a PostgreSQL primary and a streaming replica (pg_basebackup), PgBouncer in transaction pooling
#   mode in front of both, N identical app instances (scripts/server.ts, default 3) and nginx
#   balancing them on one port. Builds once, seeds the demo data, prints the URL.
#   npm run cluster:stop stops all of it.
# Settings (environment): CLUSTER_INSTANCES (3), CLUSTER_PORT (8080; the instances take the next
# ports, PostgreSQL and PgBouncer CLUSTER_PORT+100..102), CLUSTER_DIR (.cluster), CLUSTER_BUILD=0
# to reuse the build in NEXT_DIST_DIR (.next), OTEL_EXPORTER_OTLP_ENDPOINT to export traces.
# The databases trust connections from 127.0.0.1 and listen nowhere else: a local cluster with
# clearly marked demo credentials, not a production setup.
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
. scripts/cluster/lib.sh
export NEXT_TELEMETRY_DISABLED=1 TZ=${TZ:-UTC}

# 1. What it needs: PostgreSQL's server binaries, PgBouncer and nginx (Debian's packages).
need=()
[ -n "$(pg_bin)" ] || need+=(postgresql)
command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || need+=(pgbouncer)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
  else
    echo "Install these Debian packages first: ${need[*]}" >&2
    exit 1
  fi
fi
PATH=$PATH:/usr/sbin
BIN=$(pg_bin)

if [ -d "$CLUSTER_DIR" ]; then
  echo "A cluster is already in $CLUSTER_DIR: run 'npm run cluster:stop' first." >&2
  exit 1
fi
mkdir -p "$RUN" "$LOGS" "$CLUSTER_DIR/pgbouncer" "$CLUSTER_DIR/nginx/tmp"
[ "$(id -u)" = 0 ] && chown -R postgres: "$CLUSTER_DIR" && chmod 755 "$CLUSTER_DIR" "$LOGS"
# Anything that fails from here stops what was started (its logs are kept in $LOGS).
started=0
trap '[ $started = 1 ] || { echo "cluster: start failed; stopping what was started (logs in $LOGS)" >&2; CLUSTER_KEEP=1 bash scripts/cluster/stop.sh >/dev/null 2>&1 || true; }' EXIT

# 2. Build once; every instance serves the same build (and so shares Next's server-action keys).
export NEXT_DIST_DIR=${NEXT_DIST_DIR:-.next}
bash scripts/build-once.sh "$([ "${CLUSTER_BUILD:-1}" = 0 ] && echo 1 || echo 0)"

# 3. The primary: WAL for a streaming replica, replication connections from loopback.
echo "== PostgreSQL primary on $PG_PRIMARY_PORT, replica on $PG_REPLICA_PORT =="
as_db_user "$BIN/initdb" -D "$CLUSTER_DIR/pg-primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$LOGS/initdb.log"
cat >>"$CLUSTER_DIR/pg-primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PRIMARY_PORT
unix_socket_directories = '$RUN'
wal_level = replica
max_wal_senders = 5
wal_keep_size = 256MB
hot_standby = on
max_connections = 200
jit = off
CONF
as_db_user "$BIN/pg_ctl" -D "$CLUSTER_DIR/pg-primary" -l "$LOGS/primary.log" -w start >/dev/null
psql_primary() { psql -v ON_ERROR_STOP=1 -qtA -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres "$@"; }
psql_primary -c "CREATE ROLE trellis LOGIN PASSWORD 'trellis'" -c "CREATE DATABASE trellis OWNER trellis"

# 4. The replica: a base backup of the primary that streams from it from then on (-R).
as_db_user "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -D "$CLUSTER_DIR/pg-replica" -R -X stream --checkpoint=fast
# hot_standby_feedback: the primary keeps rows a replica query still reads, so long list queries
# are not cancelled by replay (a recovery conflict).
printf 'port = %s\nhot_standby_feedback = on\n' "$PG_REPLICA_PORT" >>"$CLUSTER_DIR/pg-replica/postgresql.conf"
as_db_user "$BIN/pg_ctl" -D "$CLUSTER_DIR/pg-replica" -l "$LOGS/replica.log" -w start >/dev/null

# 5. PgBouncer in transaction pooling mode: a server connection per transaction, not per client.
#    PgBouncer drops the app's startup option (jit=off), so the servers set jit off themselves.
cat >"$CLUSTER_DIR/pgbouncer/pgbouncer.ini" <<CONF
[databases]
trellis = host=127.0.0.1 port=$PG_PRIMARY_PORT dbname=trellis
trellis_replica = host=127.0.0.1 port=$PG_REPLICA_PORT dbname=trellis

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir = $RUN
auth_type = trust
auth_file = $CLUSTER_DIR/pgbouncer/userlist.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 40
ignore_startup_parameters = extra_float_digits,options
logfile = $LOGS/pgbouncer.log
pidfile = $RUN/pgbouncer.pid
CONF
echo '"trellis" ""' >"$CLUSTER_DIR/pgbouncer/userlist.txt"
[ "$(id -u)" = 0 ] && chown -R postgres: "$CLUSTER_DIR/pgbouncer" "$RUN" "$LOGS"
as_db_user pgbouncer -d "$CLUSTER_DIR/pgbouncer/pgbouncer.ini"
for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p "$PGBOUNCER_PORT" && break; sleep 0.1; done

export DATABASE_URL="postgres://trellis:trellis@127.0.0.1:$PGBOUNCER_PORT/trellis"
export DATABASE_REPLICA_URL="postgres://trellis:trellis@127.0.0.1:$PGBOUNCER_PORT/trellis_replica"

# 6. Schema and demo data, through PgBouncer; the replica receives them by streaming.
echo "== migrating and seeding through PgBouncer on $PGBOUNCER_PORT =="
npx tsx --conditions=react-server scripts/seed.ts >"$LOGS/seed.log" 2>&1 || { cat "$LOGS/seed.log" >&2; false; }
target=$(psql_primary -c "SELECT pg_current_wal_lsn()")
for _ in $(seq 1 100); do
  [ "$(psql -qtA -h 127.0.0.1 -p "$PG_REPLICA_PORT" -U postgres -c "SELECT pg_last_wal_replay_lsn() >= '$target'")" = t ] && break
  sleep 0.2
done

# 7. The instances: identical, stateless, each on its own port, all sharing the one secret.
# A secret of its own per cluster unless one is given (the sealed TOTP and SSO secrets derive from it).
export AUTH_SECRET=${AUTH_SECRET:-$(node -e 'console.log(require("node:crypto").randomBytes(32).toString("hex"))')}
export AUTH_TRUST_HOST=true TRUST_PROXY=true APP_URL=${APP_URL:-http://localhost:$CLUSTER_PORT} NODE_ENV=production
# next-auth builds its own URLs from this, not from forwarded headers a client could set.
export AUTH_URL=${AUTH_URL:-$APP_URL}
echo "== $CLUSTER_INSTANCES app instances on $((CLUSTER_PORT + 1))..$((CLUSTER_PORT + CLUSTER_INSTANCES)) =="
upstreams=""
for i in $(seq 1 "$CLUSTER_INSTANCES"); do
  port=$((CLUSTER_PORT + i))
  INSTANCE_ID=app-$i nohup node --import tsx scripts/server.ts -p "$port" -H 127.0.0.1 >"$LOGS/app-$i.log" 2>&1 &
  echo $! >"$RUN/app-$i.pid"
  upstreams+="    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
done
for i in $(seq 1 "$CLUSTER_INSTANCES"); do
  port=$((CLUSTER_PORT + i))
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/api/ready" && break
    alive "$RUN/app-$i.pid" || { echo "app-$i exited:" >&2; tail -20 "$LOGS/app-$i.log" >&2; false; }
    sleep 0.5
  done
  curl -fs -o /dev/null "http://127.0.0.1:$port/api/ready" || { echo "app-$i is not ready" >&2; false; }
done

# 8. nginx: round robin; a request that cannot reach an instance (refused, reset) goes to the next
#    one — for GET always, for other methods only when nothing was sent yet (nginx's rule). Not on a
#    timeout: a slow export would otherwise run again on every instance.
user_line=""
[ "$(id -u)" = 0 ] && user_line="user nobody nogroup;" && chmod 1777 "$CLUSTER_DIR/nginx/tmp"
cat >"$CLUSTER_DIR/nginx/nginx.conf" <<CONF
$user_line
worker_processes 2;
pid $RUN/nginx.pid;
error_log $LOGS/nginx-error.log warn;
events { worker_connections 2048; }
http {
  # Invitation links carry their token in the path: the access log keeps only the route.
  map \$uri \$log_path { ~^/invitations/ "/invitations/[token]"; default \$uri; }
  log_format json escape=json '{"time":"\$time_iso8601","request_id":"\$request_id","method":"\$request_method","path":"\$log_path","status":\$status,"upstream":"\$upstream_addr","upstream_status":"\$upstream_status","duration_s":\$request_time}';
  access_log $LOGS/nginx-access.log json;
  client_body_temp_path $CLUSTER_DIR/nginx/tmp/body;
  proxy_temp_path $CLUSTER_DIR/nginx/tmp/proxy;
  fastcgi_temp_path $CLUSTER_DIR/nginx/tmp/fastcgi;
  uwsgi_temp_path $CLUSTER_DIR/nginx/tmp/uwsgi;
  scgi_temp_path $CLUSTER_DIR/nginx/tmp/scgi;
  client_max_body_size 6m;
  upstream trellis {
$upstreams    keepalive 32;
    keepalive_timeout 60s;
  }
  server {
    listen 127.0.0.1:$CLUSTER_PORT;
    location / {
      proxy_pass http://trellis;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Request-Id \$request_id;
      proxy_next_upstream error http_502;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 2s;
      proxy_read_timeout 120s;
    }
  }
}
CONF
nginx -p "$CLUSTER_DIR/nginx" -c "$CLUSTER_DIR/nginx/nginx.conf" -e "$LOGS/nginx-error.log"
for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$CLUSTER_PORT/api/ready" && break; sleep 0.1; done
started=1

cat <<DONE

Trellis is running at http://localhost:$CLUSTER_PORT
  nginx → $CLUSTER_INSTANCES instances (logs: $LOGS/app-N.log, JSON) → PgBouncer :$PGBOUNCER_PORT (transaction mode)
  → PostgreSQL primary :$PG_PRIMARY_PORT and streaming replica :$PG_REPLICA_PORT
  Sign in as admin@acme.example with the demo password trellis-demo. Readiness and replica lag:
  curl http://localhost:$CLUSTER_PORT/api/ready
Stop it with: npm run cluster:stop
DONE
