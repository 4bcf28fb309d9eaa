# Timing helpers shared by the bench scripts (sourced). time_cmd and mbps read the caller's $work and $bytes.
seconds() { python3 -c 'import time; print(f"{time.time():.6f}")'; }
elapsed() { python3 -c "print(f'{$2 - $1:.3f}')"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mbps() { python3 -c "print(f'{$bytes / 1e6 / $1:.1f}')"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
# Seconds for one run of the command; its output goes to a file (GNU grep stops at the first match when writing to /dev/null).
time_cmd() {
  local s e
  s=$(seconds); "$@" > "$work/out.tmp" 2>/dev/null || true; e=$(seconds)
  elapsed "$s" "$e"
}
