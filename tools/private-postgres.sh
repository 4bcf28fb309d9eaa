# Sourced by ./test and bench/airlock-load.sh: a throwaway PostgreSQL cluster on 127.0.0.1.
#   private_postgres_start   installs nothing; finds the server binaries, runs initdb in a temp folder (as
#                            `postgres` when root: the server refuses to run as root), starts it on a free
#                            port with TCP on 127.0.0.1 only, and sets PRIVATE_POSTGRES (an Npgsql
#                            connection string of the superuser `egress`) and PRIVATE_POSTGRES_URL.
#   private_postgres_stop    stops it (immediate) and removes the folder; safe to call twice.
# Not for data anyone keeps: fsync is off.

private_postgres_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

private_postgres_start() {
  local bin
  bin="$(private_postgres_bin)" || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; return 1; }
  _pg_ctl="$bin/pg_ctl"
  _pg_dir="$(mktemp -d /tmp/egress-pg.XXXXXX)"
  _pg_as=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$_pg_dir"
    _pg_as=(runuser -u postgres --)
  fi
  local password; password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  printf '%s\n' "$password" >"$_pg_dir/pwfile"
  chmod 600 "$_pg_dir/pwfile"
  [ "$(id -u)" -eq 0 ] && chown postgres "$_pg_dir/pwfile"
  if ! "${_pg_as[@]}" "$bin/initdb" -D "$_pg_dir/data" -U egress --pwfile="$_pg_dir/pwfile" \
        --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$_pg_dir/initdb.log" 2>&1; then
    cat "$_pg_dir/initdb.log" >&2; return 1
  fi
  # No fsync (nothing here survives the run); enough connections for many pools at once.
  local opts="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$_pg_dir -c max_connections=400"
  opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB"
  local attempt port
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$(( 20000 + RANDOM % 40000 ))
    # A failed start is most likely a port someone else holds: try another.
    if "${_pg_as[@]}" "$_pg_ctl" start -D "$_pg_dir/data" -w -t 30 -s -l "$_pg_dir/server.log" \
         -o "$opts -c port=$port" >/dev/null 2>&1; then
      PRIVATE_POSTGRES="Host=127.0.0.1;Port=$port;Username=egress;Password=$password;Database=postgres"
      PRIVATE_POSTGRES_PORT="$port"
      PRIVATE_POSTGRES_PASSWORD="$password"
      return 0
    fi
  done
  cat "$_pg_dir/server.log" >&2
  return 1
}

private_postgres_stop() {
  if [ -n "${_pg_dir:-}" ] && [ -f "$_pg_dir/data/postmaster.pid" ]; then
    "${_pg_as[@]}" "$_pg_ctl" stop -D "$_pg_dir/data" -m immediate -s >/dev/null 2>&1
  fi
  [ -n "${_pg_dir:-}" ] && rm -rf "$_pg_dir"
  _pg_dir=""
}

# Runs psql as the superuser on the private cluster: private_postgres_psql DB -c "SQL".
private_postgres_psql() {
  local db="$1"; shift
  PGPASSWORD="$PRIVATE_POSTGRES_PASSWORD" "$(dirname "$_pg_ctl")/psql" -X -q -h 127.0.0.1 -p "$PRIVATE_POSTGRES_PORT" -U egress -d "$db" "$@"
}
