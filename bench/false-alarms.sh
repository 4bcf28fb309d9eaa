#!/usr/bin/env bash
# False-alarm measure (issue 2): verdict counts of `egress check` on
#   - a generated set of legitimate aggregate outputs (frequency tables, summary statistics, regression
#     tables, GWAS summary statistics, …) computed from a generated cohort, checked against its index;
#   - every file of ../shared/realcorpus (outputs that human checkers released), by file kind.
# Usage: bench/false-alarms.sh [--participants N] [--count N] [--work DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
participants=100000
count=240
work="$root/bench/out/false-alarms"
while [ $# -gt 0 ]; do
  case "$1" in
    --participants) participants="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
egress="$root/egress"
"$egress" --help >/dev/null
rm -rf "$work"; mkdir -p "$work"
"$egress" cohort generate --participants "$participants" --projects 3 --seed 11 --out "$work/cohort" >/dev/null
"$egress" index build --extract A="$work/cohort/extract-A.csv" --extract B="$work/cohort/extract-B.csv" \
  --extract C="$work/cohort/extract-C.csv" --out "$work/index" >/dev/null
"$egress" cohort outputs --cohort "$work/cohort" --out "$work/outputs" --count "$count" --seed 5 >/dev/null

verdict_of() { "$egress" check "$1" --index "$work/index" --project A --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["verdict"])' || true; }

echo "legitimate outputs ($count from a $participants-participant cohort), by kind:"
for f in "$work"/outputs/*; do
  [ "$(basename "$f")" = index.tsv ] && continue
  kind=$(awk -F'\t' -v n="$(basename "$f")" '$1 == n {print $2}' "$work/outputs/index.tsv")
  echo "$(verdict_of "$f") ${kind:-unknown}"
done > "$work/legitimate-verdicts.txt"
sort "$work/legitimate-verdicts.txt" | uniq -c | awk '{printf "  %-8s %-26s %s\n", $2, $3, $1}'
echo "  totals:"
cut -d' ' -f1 "$work/legitimate-verdicts.txt" | sort | uniq -c | awk '{printf "    %-8s %s\n", $2, $1}'

corpus="$root/../shared/realcorpus"
if [ -d "$corpus" ]; then
  echo "real released outputs ($corpus), by kind:"
  find "$corpus" -type f ! -name manifest.tsv ! -name README.md | while read -r f; do
    echo "$(verdict_of "$f") ${f##*.}"
  done | sort -k2 -k1 | uniq -c | awk '{printf "  %-6s %-8s %s\n", $3, $2, $1}'
fi
