#!/usr/bin/env bash
# Benchmark for leak forensics (issue 6): `egress trace` throughput beside `egress check`'s on the same
# large leaked dump, measured in the same run (the machines are shared and noisy: compare the ratio).
# The dump is project C's extract of a 500,000-participant cohort with the eid column stripped (records
# must be recognised by their values), its rows repeated until the size is reached, cut at a row boundary.
# Usage: bench/trace-throughput.sh [--size-mb MB] [--participants N] [--runs R] [--with-ids] [--work DIR]
#   --size-mb 2000 (default) is the issue's 2 GB dump; the cohort and index are reused when already in DIR.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
participants=500000
size_mb=2000
runs=1
with_ids=0
work="$root/bench/out"
while [ $# -gt 0 ]; do
  case "$1" in
    --size-mb) size_mb="$2"; shift 2 ;;
    --participants) participants="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --with-ids) with_ids=1; shift ;;
    --work) work="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
egress="$root/egress"
"$egress" --help >/dev/null   # build once, outside the timings
mkdir -p "$work"
cohort="$work/cohort-$participants"
index="$work/index-$participants"

. "$here/timing.sh"

if [ ! -f "$cohort/extract-C.csv" ]; then
  echo "== generating $participants participants × 3 projects" >&2
  "$egress" cohort generate --participants "$participants" --projects 3 --seed 1 --out "$cohort" >/dev/null
fi
if [ ! -f "$index/index.json" ]; then
  echo "== building the index" >&2
  rm -rf "$index" "$index.key"
  "$egress" index build --extract A="$cohort/extract-A.csv" --extract B="$cohort/extract-B.csv" \
    --extract C="$cohort/extract-C.csv" --out "$index" >/dev/null
fi

suffix=""; [ "$with_ids" = 1 ] && suffix="-ids"
dump="$work/dump-C-${size_mb}mb$suffix.csv"
if [ ! -f "$dump" ]; then
  echo "== building a ${size_mb} MB dump from extract C (rows repeated)" >&2
  strip() { if [ "$with_ids" = 1 ]; then cat; else cut -d, -f2-; fi; }
  target=$((size_mb * 1000 * 1000))
  repeats=$((target / $(stat -L -c %s "$cohort/extract-C.csv") + 2))
  { head -n 1 "$cohort/extract-C.csv"; for _ in $(seq "$repeats"); do tail -n +2 "$cohort/extract-C.csv"; done; } 2>/dev/null \
    | strip | head -c "$target" | sed '$d' > "$dump" || true
fi
bytes=$(stat -c %s "$dump")
policy="$work/trace-bench-policy.json"
echo '{ "limits": { "maxFileBytes": 100000000000, "maxExpandedBytes": 200000000000, "timeBudgetSeconds": 7200 } }' > "$policy"

declare -a wc_t check_t trace_t
for _ in $(seq "$runs"); do
  wc_t+=("$(time_cmd wc -l "$dump")")
  check_t+=("$(time_cmd "$egress" check "$dump" --index "$index" --project C --policy "$policy" --json)")
  trace_t+=("$(time_cmd "$egress" trace "$dump" --index "$index" --policy "$policy" --json)")
done
top=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); c=r["candidates"][0]; print(c["project"], c["score"], c["share"], c["participants"], r["recordsMatched"])' "$work/out.tmp" || true)
wc_s=$(median "${wc_t[@]}"); check_s=$(median "${check_t[@]}"); trace_s=$(median "${trace_t[@]}")

echo
echo "dump: $(python3 -c "print(f'{$bytes/1e6:.1f}')") MB of extract C ($([ "$with_ids" = 1 ] && echo "with" || echo "without") IDs); median of $runs run(s)"
echo "trace's top candidate (project score share participants records): $top"
printf '%-40s %10s %10s %16s\n' "command" "seconds" "MB/s" "× check speed"
printf '%-40s %10s %10s %16s\n' "wc -l" "$wc_s" "$(mbps "$wc_s")" "$(ratio "$check_s" "$wc_s")"
printf '%-40s %10s %10s %16s\n' "egress check --project C" "$check_s" "$(mbps "$check_s")" "1.00"
printf '%-40s %10s %10s %16s\n' "egress trace" "$trace_s" "$(mbps "$trace_s")" "$(ratio "$check_s" "$trace_s")"
