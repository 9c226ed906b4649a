#!/usr/bin/env bash
# kited's queue against pgqueuer: the same workloads, the same PostgreSQL, one
# after the other, printed side by side (`make bench-queue`; not a test).
#
# Uses the server of PGHOST/PGPORT/PGUSER when PGHOST is set; otherwise starts
# a private cluster with PostgreSQL's default durability (fsync on,
# synchronous_commit on) under $TMPDIR and stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
KITED=${KITED:-.build/release/kited}
JOBS=${JOBS:-50000}
SECONDS_RUN=${SECONDS_RUN:-30}

if [ ! -x bench/.venv/bin/python ] || ! bench/.venv/bin/python -c "import pgqueuer, asyncpg" 2>/dev/null; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet "pgqueuer[asyncpg]==1.6.0"
fi

if [ -z "${PGHOST:-}" ]; then
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    DIR=${TMPDIR:-/tmp}/kite-queue-bench
    PORT=${BENCH_PORT:-5491}
    as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    rm -rf "$DIR" && mkdir -p "$DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DIR"
    as_postgres "$PGBIN/initdb" -D "$DIR/data" -E UTF8 --locale=C.UTF-8 --auth=trust -U postgres --no-instructions >/dev/null
    printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\nmax_connections = 200\n" \
        "$PORT" "$DIR" >> "$DIR/data/postgresql.conf"
    as_postgres "$PGBIN/pg_ctl" start -w -D "$DIR/data" -l "$DIR/server.log" >/dev/null
    trap 'as_postgres "$PGBIN/pg_ctl" stop -m fast -w -D "$DIR/data" >/dev/null; rm -rf "$DIR"' EXIT
    HOST=127.0.0.1; USER_NAME=postgres
else
    HOST=$PGHOST; PORT=${PGPORT:-5432}; USER_NAME=${PGUSER:-postgres}
fi

echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
KITED_JSON=$("$KITED" bench --database "host=$HOST port=$PORT user=$USER_NAME" --jobs "$JOBS" --seconds "$SECONDS_RUN" --json)
PGQ_JSON=$(bench/.venv/bin/python bench/pgqueuer_bench.py --host "$HOST" --port "$PORT" --user "$USER_NAME" \
    --jobs "$JOBS" --seconds "$SECONDS_RUN" --json)
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$KITED_JSON" "$PGQ_JSON" <<'PY'
import json, sys
k, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
rows = [
    ("synchronous_commit", "synchronous_commit", "{}"),
    ("drain of %d no-op jobs, jobs/s" % k["drain_jobs"], "drain_rate", "{:,.0f}"),
    ("throughput (1×10 enqueue, run), jobs/s", "throughput_rate", "{:,.0f}"),
    ("enqueue→start p50, ms", "latency_p50_ms", "{:.2f}"),
    ("enqueue→start p95, ms", "latency_p95_ms", "{:.2f}"),
]
print(f"{'':42} {'kited':>12} {'pgqueuer':>12} {'ratio':>8}")
for label, key, fmt in rows:
    ratio = ""
    if isinstance(k[key], (int, float)) and isinstance(p[key], (int, float)) and p[key]:
        ratio = f"{k[key] / p[key]:.2f}×"
    print(f"{label:42} {fmt.format(k[key]):>12} {fmt.format(p[key]):>12} {ratio:>8}")
PY
