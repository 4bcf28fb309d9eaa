#!/usr/bin/env bash
# Benchmark for the checking engine (issue 2). Prints a table of throughputs as ratios against
# baselines measured in the same run on the same file (the machines are shared and noisy):
#   - `egress check` on a ~200 MB CSV slice of a 500,000-participant extract (full checking)
#   - `grep -F -w -o -f ids.txt` on the same slice (finds IDs only) and `wc -l`
# and the index build (time, peak memory) for 500,000 participants × 3 projects, and index load time.
# Usage: bench/check-throughput.sh [--participants N] [--slice-mb MB] [--runs R] [--work DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
participants=500000
slice_mb=200
runs=3
work="$root/bench/out"
while [ $# -gt 0 ]; do
  case "$1" in
    --participants) participants="$2"; shift 2 ;;
    --slice-mb) slice_mb="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
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

echo "== generating $participants participants × 3 projects" >&2
t0=$(seconds)
"$egress" cohort generate --participants "$participants" --projects 3 --seed 1 --out "$cohort" >/dev/null
t1=$(seconds)
gen_s=$(elapsed "$t0" "$t1")

echo "== building the index" >&2
rm -rf "$index" "$index.key"
timing="$work/index-build.time"
/usr/bin/time -f "%e %M" -o "$timing" "$egress" index build --extract A="$cohort/extract-A.csv" --extract B="$cohort/extract-B.csv" \
  --extract C="$cohort/extract-C.csv" --out "$index" >/dev/null
read -r build_s build_kb < "$timing"
load_ms=$("$egress" index info --index "$index" | sed -n 's/^loaded in \([0-9.]*\) ms/\1/p')
index_mb=$(du -sm "$index" | cut -f1)

# A 500,000-participant extract of these 40-50 columns is ~80-115 MB, so the 200 MB slice is project C's
# extract (the widest) with its rows repeated after it until the size is reached, cut at a row boundary.
echo "== cutting a ${slice_mb} MB slice of extract C" >&2
slice="$work/slice-C.csv"
{ cat "$cohort/extract-C.csv"; for _ in 1 2 3 4 5 6 7 8; do tail -n +2 "$cohort/extract-C.csv"; done; } 2>/dev/null \
  | head -c "$((slice_mb * 1000 * 1000))" | sed '$d' > "$slice" || true
tail -n +2 "$cohort/extract-C.csv" | cut -d, -f1 > "$work/ids.txt"
# The same slice without its ID column: the records must be recognised by their values alone (issue 12).
noid="$work/slice-C-noid.csv"
cut -d, -f2- "$slice" > "$noid"
noid_bytes=$(stat -c %s "$noid")
bytes=$(stat -c %s "$slice")
policy="$work/bench-policy.json"
echo '{ "limits": { "maxFileBytes": 2000000000, "maxExpandedBytes": 4000000000, "timeBudgetSeconds": 600 } }' > "$policy"

declare -a wc_t grep_t check_t noid_t
for _ in $(seq "$runs"); do
  wc_t+=("$(time_cmd wc -l "$slice")")
  grep_t+=("$(time_cmd grep -F -w -o -f "$work/ids.txt" "$slice")")
  check_t+=("$(time_cmd "$egress" check "$slice" --index "$index" --project C --policy "$policy" --json)")
  noid_t+=("$(time_cmd "$egress" check "$noid" --index "$index" --project C --policy "$policy" --json)")
done
verdict=$("$egress" check "$slice" --index "$index" --project C --policy "$policy" --json | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["verdict"], r["participants"])' || true)
noid_verdict=$("$egress" check "$noid" --index "$index" --project C --policy "$policy" --json | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["verdict"], r["participants"])' || true)
wc_s=$(median "${wc_t[@]}"); grep_s=$(median "${grep_t[@]}"); check_s=$(median "${check_t[@]}"); noid_s=$(median "${noid_t[@]}")

echo
echo "slice: $(python3 -c "print(f'{$bytes/1e6:.1f}')") MB, $(wc -l < "$slice") lines; median of $runs runs; egress verdict on it: $verdict"
printf '%-44s %10s %10s %14s\n' "command" "seconds" "MB/s" "× grep speed"
printf '%-44s %10s %10s %14s\n' "wc -l" "$wc_s" "$(mbps "$wc_s")" "$(ratio "$grep_s" "$wc_s")"
printf '%-44s %10s %10s %14s\n' "grep -F -w -o -f ids.txt (IDs only)" "$grep_s" "$(mbps "$grep_s")" "1.00"
printf '%-44s %10s %10s %14s\n' "egress check (IDs + records, full)" "$check_s" "$(mbps "$check_s")" "$(ratio "$grep_s" "$check_s")"
printf '%-44s %10s %10s %14s\n' "egress check, slice without its ID column" "$noid_s" "$(bytes=$noid_bytes mbps "$noid_s")" "$(ratio "$grep_s" "$noid_s")"
echo "egress verdict without the ID column: $noid_verdict"
echo
printf '%-44s %s\n' "cohort generation ($participants × 3)" "${gen_s} s"
printf '%-44s %s\n' "index build ($participants × 3)" "${build_s} s, peak RSS $((build_kb / 1024)) MB"
printf '%-44s %s\n' "index size / load" "${index_mb} MB, ${load_ms} ms"
