#!/usr/bin/env bash
# Benchmark for dataset fingerprinting (issue 6): detection rate and false accusations for 1–3 colluders
# over row sub-samples 100 % … 1 % (all columns, then a third of them), seeded, printed as a table.
# Everything runs in memory (`egress fingerprint evaluate`): a cohort with every project fingerprinted,
# per leak a random set of colluders mixing their extracts (interleaved rows, or a random pick per cell
# where their copies differ), IDs stripped; the other projects are the innocents. docs/forensics.md.
# Usage: bench/fingerprint.sh [--participants 50000] [--projects 10] [--trials 10] [--seed 1] [--epsilon 1e-6]
#                             [--rows 1,0.5,0.1,0.05,0.01,0.001] [--columns 1,0.333]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
participants=50000
projects=10
trials=10
seed=1
epsilon=1e-6
rows=1,0.5,0.1,0.05,0.01,0.001
columns=1,0.333
while [ $# -gt 0 ]; do
  case "$1" in
    --participants) participants="$2"; shift 2 ;;
    --projects) projects="$2"; shift 2 ;;
    --trials) trials="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --epsilon) epsilon="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --columns) columns="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
"$root/egress" --help >/dev/null   # build once, outside the timing
start=$(date +%s)
"$root/egress" fingerprint evaluate --participants "$participants" --projects "$projects" --trials "$trials" --seed "$seed" --epsilon "$epsilon" \
  --rows "$rows" --columns "$columns"
echo "($(( $(date +%s) - start )) s)"
