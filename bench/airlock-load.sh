#!/usr/bin/env bash
# Load benchmark for the airlock service (issue 5): N concurrent researchers (default 50), each submitting
# a fresh ~1 MB table and waiting for its verdict, in a loop for S seconds (default 60), against
#   sqlite      `egress serve` on SQLite with its in-process worker (1 worker; sqlite-N: N workers)
#   pg-1, pg-2  `egress serve --workers 0` on PostgreSQL (a private cluster on loopback) with 1 and 2
#               separate `egress worker` processes
# Prints one JSON line per run (throughput, p50/p99 time to verdict, errors, lost and unfinished requests)
# and a table with the 1 → 2 worker scaling on PostgreSQL.
# Usage: bench/airlock-load.sh [--seconds S] [--researchers N] [--bytes B] [--runs "sqlite pg-1 pg-2"] [--work DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
seconds=60
researchers=50
bytes=1048576
runs="sqlite pg-1 pg-2"
work="$root/bench/out/airlock-load"
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --researchers) researchers="$2"; shift 2 ;;
    --bytes) bytes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=../tools/private-postgres.sh
. "$root/tools/private-postgres.sh"

egress="$root/egress"
"$egress" --help >/dev/null   # build once, outside the timings
load_out="$work/egress-load"
dotnet publish "$root/bench/Egress.LoadTest/Egress.LoadTest.csproj" -c Release -o "$load_out" -nologo -v quiet >/dev/null
load="$load_out/egress-load"
rm -rf "$work/runs"; mkdir -p "$work/runs"
results="$work/results.jsonl"; : >"$results"

pids=()
stop_all() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
cleanup() { stop_all; private_postgres_stop; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_healthy() {
  local url="$1" pid="$2" i
  for i in $(seq 1 600); do
    curl -fsS "$url/health" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "server exited before /health answered" >&2; return 1; }
    sleep 0.2
  done
  echo "server not healthy after 120 s" >&2; return 1
}

postgres_started=0
for run in $runs; do
  dir="$work/runs/$run"; mkdir -p "$dir/data"
  database_args=()
  case "$run" in
    sqlite) workers_in_server=1; separate_workers=0 ;;
    sqlite-*) workers_in_server="${run#sqlite-}"; separate_workers=0 ;;
    pg-*)
      if [ "$postgres_started" -eq 0 ]; then private_postgres_start; postgres_started=1; fi
      db="load_${run//-/_}"
      PGOPTIONS='-c client_min_messages=warning' private_postgres_psql postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
      database_args=(--database "postgres://egress:$PRIVATE_POSTGRES_PASSWORD@127.0.0.1:$PRIVATE_POSTGRES_PORT/$db")
      workers_in_server=0; separate_workers="${run#pg-}" ;;
    *) echo "unknown run $run" >&2; exit 2 ;;
  esac
  "$load" seed --data "$dir/data" "${database_args[@]}" --researchers "$researchers" --tokens "$dir/tokens.txt" 2>"$dir/seed.log"
  port="$(free_port)"
  url="http://127.0.0.1:$port"
  "$egress" serve --urls "$url" --data "$dir/data" "${database_args[@]}" --workers "$workers_in_server" >"$dir/serve.log" 2>&1 &
  pids+=($!)
  wait_healthy "$url" "$!"
  for i in $(seq 1 "$separate_workers"); do
    "$egress" worker --data "$dir/data" "${database_args[@]}" >"$dir/worker-$i.log" 2>&1 &
    pids+=($!)
  done
  echo "== $run: $researchers researchers × ${seconds}s, $((bytes / 1024)) KiB outputs; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before" >&2
  "$load" run --server "$url" --tokens "$dir/tokens.txt" --seconds "$seconds" --concurrency "$researchers" \
      --bytes "$bytes" --label "$run" | tee -a "$results" || echo "   ($run: errors, lost or unfinished requests; see above)" >&2
  stop_all
done

python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print()
print(f"{'run':8} {'verdicts':>8} {'per s':>7} {'MB/s':>6} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'lost':>5} {'unfinished':>10}")
for r in rows:
    print(f"{r['label']:8} {r['verdicts']:>8} {r['verdictsPerSecondOverall']:>7} {r['megabytesPerSecond']:>6} {r['p50Ms']:>8.0f} {r['p99Ms']:>8.0f} {r['errors']:>6} {r['lost']:>5} {r['unfinished']:>10}")
by = {r['label']: r for r in rows}
if 'pg-1' in by and 'pg-2' in by and by['pg-1']['verdictsPerSecondOverall'] > 0:
    print(f"\nPostgreSQL, 1 → 2 workers: throughput × {by['pg-2']['verdictsPerSecondOverall'] / by['pg-1']['verdictsPerSecondOverall']:.2f}")
PY
