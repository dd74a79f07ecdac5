#!/usr/bin/env bash
# PgBouncer in transaction pooling mode in front of an existing PostgreSQL database, for running the
# test suite through it (scripts/test-all.sh).
#   start <postgres-url>  prints the URL to use instead (same user, password and database)
#   stop                  stops it
# PGBOUNCER_TEST_PORT (default 6439), PGBOUNCER_TEST_DIR (default /tmp/trellis-pgbouncer-tests).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/cluster/lib.sh
PATH=$PATH:/usr/sbin
dir=${PGBOUNCER_TEST_DIR:-/tmp/trellis-pgbouncer-tests}
port=${PGBOUNCER_TEST_PORT:-6439}

case "${1:-}" in
  start)
    url=${2:?usage: start <postgres-url>}
    # host port user password database, parsed the way node-postgres would.
    read -r host pgport user password db < <(node -e '
      const u = new URL(process.argv[1]);
      console.log([u.hostname || "127.0.0.1", u.port || "5432", decodeURIComponent(u.username), decodeURIComponent(u.password) || "-", u.pathname.slice(1)].join(" "));
    ' "$url")
    [ "$password" = - ] && password=""
    rm -rf "$dir" && mkdir -p "$dir"
    cat >"$dir/pgbouncer.ini" <<CONF
[databases]
$db = host=$host port=$pgport dbname=$db
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
CONF
    # The password is PgBouncer's to log in to the server; clients are trusted on loopback.
    printf '"%s" "%s"\n' "$user" "$password" >"$dir/userlist.txt"
    [ "$(id -u)" = 0 ] && chown -R postgres: "$dir"
    as_db_user pgbouncer -d "$dir/pgbouncer.ini"
    for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.1; done
    echo "postgres://$user:$password@127.0.0.1:$port/$db"
    ;;
  stop)
    if alive "$dir/pgbouncer.pid"; then kill -INT "$(cat "$dir/pgbouncer.pid")"; fi
    ;;
  *) echo "usage: $0 start <postgres-url> | stop" >&2; exit 2 ;;
esac
