#!/usr/bin/env bash
# Runs a command next to a throwaway PostgreSQL server (the real-server test tier):
#   bash scripts/with-postgres.sh npm test
#   bash scripts/with-postgres.sh npx vitest run test/database/storage.test.ts
# The command sees TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:PORT/postgres (trust auth, loopback only;
# tests create and drop their own databases there). A database `kuzet` exists too, for manual runs.
# The cluster lives in a temp dir and is stopped and deleted on exit, whatever happens.
# Debian's `postgresql` is installed with apt when missing (root), or the command to do so is printed (not root).
# If TEST_DATABASE_URL is already set, the command simply runs against that server.
set -euo pipefail

say() { printf '[with-postgres] %s\n' "$*"; }
fail() { printf '[with-postgres] ERROR: %s\n' "$*" >&2; exit 1; }

(($# > 0)) || { echo "usage: bash scripts/with-postgres.sh COMMAND [ARGS…]" >&2; exit 2; }

if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
  say "TEST_DATABASE_URL is already set: using that server"
  exec "$@"
fi

find_pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PGBIN="$(find_pgbin)"
if [[ -z "$PGBIN" || ! -x "$PGBIN/initdb" ]]; then
  if ((EUID != 0)); then
    say "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin). Run once, then try again:"
    printf '\n    sudo apt-get update && sudo apt-get install -y --no-install-recommends postgresql\n\n'
    exit 1
  fi
  command -v apt-get >/dev/null || fail "no PostgreSQL server and no apt-get: install PostgreSQL >= 15 yourself."
  say "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  APT=(apt-get -o DPkg::Lock::Timeout=300 -q)
  if [[ -z "$(find /var/lib/apt/lists -maxdepth 0 -mmin -60 2>/dev/null)" ]] || ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then
    "${APT[@]}" update </dev/null
  fi
  "${APT[@]}" install -y --no-install-recommends postgresql </dev/null
  PGBIN="$(find_pgbin)"
  [[ -n "$PGBIN" && -x "$PGBIN/initdb" ]] || fail "postgresql installed but no initdb under /usr/lib/postgresql/*/bin"
fi

# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user.
as_owner() {
  if ((EUID == 0)); then
    if command -v runuser >/dev/null; then runuser -u postgres -- "$@"
    else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}
if ((EUID == 0)) && ! id postgres >/dev/null 2>&1; then
  fail "running as root but there is no 'postgres' user (it comes with Debian's postgresql package)"
fi

free_port() {
  node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

DIR="$(mktemp -d "${TMPDIR:-/tmp}/kuzet-pg.XXXXXX")"
chmod 755 "$DIR"   # so the owner below can reach it; the data dir itself is 0700
((EUID == 0)) && chown postgres: "$DIR"
PGDATA="$DIR/data"
started=0
cleanup() {
  local rc=$?
  if ((started)); then as_owner "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$DIR"
  return "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM   # (replaced by forwarding traps while the command runs)

# C.UTF-8, not C: case-insensitive search (ILIKE, lower) must fold Cyrillic and Kazakh letters too.
say "initdb ($PGBIN) in $DIR"
as_owner "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; fail "initdb failed"; }

PORT=""
for _ in 1 2 3; do
  PORT="$(free_port)"
  # Throwaway data: durability off for speed; TCP on loopback only; the socket in our own dir.
  if as_owner "$PGBIN/pg_ctl" -D "$PGDATA" -l "$DIR/server.log" -w -t 60 \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null; then
    started=1; break
  fi
  say "start on port $PORT failed, retrying"; tail -n 5 "$DIR/server.log" >&2 || true
done
((started)) || fail "could not start PostgreSQL (log above)"

"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres kuzet
export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/postgres"
# for commands that restart the server themselves (npm run faults: pg_ctl -D "$KUZET_PGDATA" restart, as its owner)
export KUZET_PGDATA="$PGDATA" KUZET_PGBIN="$PGBIN"
say "PostgreSQL $("$PGBIN/postgres" -V | awk '{print $3}') on 127.0.0.1:$PORT; TEST_DATABASE_URL=$TEST_DATABASE_URL"

# In the background so that a TERM/INT reaching this script is passed on and the trap still cleans up.
"$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' TERM
trap 'kill -INT "$child" 2>/dev/null || true' INT
set +e
while kill -0 "$child" 2>/dev/null; do wait "$child"; done
wait "$child"
rc=$?
set -e
trap - TERM INT
say "command exited $rc; stopping and removing the cluster"
exit "$rc"
