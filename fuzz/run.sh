#!/usr/bin/env bash
# Runs the fuzzing harness (tests/Egress.Tests/Fuzz) over N deterministic inputs, e.g. `fuzz/run.sh 200000`.
# Input numbers are the mutation seeds: `fuzz/run.sh 1 12345` rebuilds and checks input 12345 alone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export EGRESS_FUZZ_INPUTS="${1:-200000}"
export EGRESS_FUZZ_START="${2:-0}"
dotnet test "$root/tests/Egress.Tests/Egress.Tests.csproj" -c Release -nologo --filter "FullyQualifiedName~Egress.Tests.Fuzz" \
  --logger "console;verbosity=detailed" 2>&1 | grep -E "fuzz:|Passed|Failed|crash|hang|released" || true
