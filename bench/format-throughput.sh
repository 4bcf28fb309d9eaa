#!/usr/bin/env bash
# Benchmark for issue 3: `egress check` throughput on the same rows as plain CSV, zip'd CSV, JSON records and
# XLSX, each as a ratio against the plain-CSV figure measured in the same run. Throughput is in MB of the
# CSV's content per second, so the formats compare on the data they carry.
# Needs the 500,000-participant cohort and index of bench/check-throughput.sh (it builds them if absent).
# Usage: bench/format-throughput.sh [--slice-mb MB] [--runs R]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
slice_mb=40
runs=3
work="$root/bench/out"
while [ $# -gt 0 ]; do
  case "$1" in
    --slice-mb) slice_mb="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
egress="$root/egress"
"$egress" --help >/dev/null
index="$work/index-500000"
if [ ! -d "$index" ] || [ ! -f "$work/slice-C.csv" ]; then
  "$here/check-throughput.sh" --runs 1 >/dev/null
fi
formats="$work/formats"
mkdir -p "$formats"
head -c "$((slice_mb * 1000 * 1000))" "$work/slice-C.csv" | sed '$d' > "$formats/slice.csv"
python3 "$here/make-formats.py" "$formats/slice.csv" "$formats"
policy="$work/bench-policy.json"
echo '{ "limits": { "maxFileBytes": 2000000000, "maxExpandedBytes": 4000000000, "timeBudgetSeconds": 600, "maxInMemoryBytes": 2000000000 } }' > "$policy"
bytes=$(stat -c %s "$formats/slice.csv")

. "$here/timing.sh"
declare -A times verdicts
for f in slice.csv slice.zip slice.json slice.xlsx; do
  t=()
  for _ in $(seq "$runs"); do
    s=$(seconds)
    "$egress" check "$formats/$f" --index "$index" --project C --policy "$policy" --json > "$work/format.json" 2>/dev/null || true
    e=$(seconds)
    t+=("$(python3 -c "print(f'{$e - $s:.3f}')")")
  done
  times[$f]=$(median "${t[@]}")
  verdicts[$f]=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["verdict"], r["participants"])' "$work/format.json")
done
echo
echo "rows of extract C, ${bytes} bytes as CSV; median of $runs runs"
printf '%-12s %12s %10s %14s %16s  %s\n' "format" "file bytes" "seconds" "MB/s (of CSV)" "× plain CSV" "verdict, participants"
for f in slice.csv slice.zip slice.json slice.xlsx; do
  printf '%-12s %12s %10s %14s %16s  %s\n' "$f" "$(stat -c %s "$formats/$f")" "${times[$f]}" \
    "$(python3 -c "print(f'{$bytes / 1e6 / ${times[$f]}:.1f}')")" "$(python3 -c "print(f'{${times[slice.csv]} / ${times[$f]}:.2f}')")" "${verdicts[$f]}"
done
