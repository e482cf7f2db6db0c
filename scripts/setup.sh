#!/usr/bin/env bash
# Kuzet setup: makes a fresh Debian/Ubuntu machine ready for `npm run demo` and `npm test`.
# Idempotent and fast (well under 2 s) when everything is already there: it only looks at files.
#   - Node.js >= 20.9 (cannot be installed from here: a clear message instead)
#   - Debian packages: redis-server ffmpeg chromium fonts-dejavu-core openssl poppler-utils libchromaprint-tools
#     as root: apt-get update (once, only when something is missing) + apt-get install;
#     not root: prints the exact `sudo apt-get install …` line and exits 1 without doing anything else
#   - node_modules: `npm ci` (or `npm install` without a lockfile) when missing or older than package-lock.json
#   - the `kuzet` CLI bundle (node_modules/.cache/kuzet-cli) when a source file changed since it was built
# Environment:
#   KUZET_SKIP_SETUP=1     skip everything (e.g. inside the Docker image, or when you manage the machine yourself)
#   KUZET_SETUP_DRY_RUN=1  only report what would be installed; change nothing; exit 0 unless Node is unusable
# Never reads stdin; never needs a TTY.
set -euo pipefail

say() { printf '[kuzet setup] %s\n' "$*"; }
fail() { printf '[kuzet setup] ERROR: %s\n' "$*" >&2; exit 1; }

if [[ "${KUZET_SKIP_SETUP:-}" == 1 ]]; then
  say "skipped (KUZET_SKIP_SETUP=1)"
  exit 0
fi
DRY=0
[[ "${KUZET_SETUP_DRY_RUN:-}" == 1 ]] && DRY=1

# Repository root = the folder above this script (bash only: works with a minimal PATH).
here="${BASH_SOURCE[0]%/*}"
[[ "$here" == "${BASH_SOURCE[0]}" ]] && here=.
cd "$here/.."

# --- 1. Node.js ------------------------------------------------------------------------------------
NODE_HINT="Install Node.js 20 LTS or newer (Debian 12's own 'nodejs' package is 18, too old): see https://nodejs.org/en/download, NodeSource, or nvm."
command -v node >/dev/null 2>&1 || fail "node is not installed. $NODE_HINT"
node_v="$(node -v 2>/dev/null || true)"          # e.g. v20.20.2
node_v="${node_v#v}"
node_major="${node_v%%.*}"
node_rest="${node_v#*.}"
node_minor="${node_rest%%.*}"
if ! [[ "$node_major" =~ ^[0-9]+$ && "$node_minor" =~ ^[0-9]+$ ]]; then
  fail "could not read the Node.js version ('node -v' printed '$node_v'). $NODE_HINT"
fi
if (( node_major < 20 || (node_major == 20 && node_minor < 9) )); then
  fail "Node.js $node_v found; Kuzet needs >= 20.9. $NODE_HINT"
fi

# --- 2. System packages ----------------------------------------------------------------------------
have() { command -v "$1" >/dev/null 2>&1; }
# An explicit *_PATH from the environment (see config/schema.ts) counts when it points at something runnable.
have_or_env() { local env_path="$1" bin="$2"; { [[ -n "$env_path" ]] && have "$env_path"; } || have "$bin"; }

DEJAVU=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
missing=()
have_or_env "${REDIS_SERVER_PATH:-}" redis-server || missing+=(redis-server)
{ have_or_env "${FFMPEG_PATH:-}" ffmpeg && have_or_env "${FFPROBE_PATH:-}" ffprobe; } || missing+=(ffmpeg)
{ [[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] || [[ -x /usr/bin/chromium ]]; } || missing+=(chromium)
[[ -f "$DEJAVU" ]] || missing+=(fonts-dejavu-core)
have openssl || missing+=(openssl)
have pdftotext || missing+=(poppler-utils)
have fpcalc || missing+=(libchromaprint-tools)

APT_FLAGS=(-y --no-install-recommends)
if ((${#missing[@]} == 0)); then
  say "system packages: all present"
elif ((DRY)); then
  say "dry run: would install: ${missing[*]}"
  say "dry run: apt-get install ${APT_FLAGS[*]} ${missing[*]}"
elif ((EUID != 0)); then
  say "missing system packages: ${missing[*]}"
  say "run this once, then try again:"
  printf '\n    sudo apt-get update && sudo apt-get install %s %s\n\n' "${APT_FLAGS[*]}" "${missing[*]}"
  exit 1
elif ! have apt-get; then
  fail "missing system packages (${missing[*]}) and no apt-get here: install the equivalents with your package manager."
else
  say "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  APT=(apt-get -o DPkg::Lock::Timeout=300 -q)
  # Refresh the package lists once, unless another script (e.g. with-postgres.sh) just did.
  if [[ -z "$(find /var/lib/apt/lists -maxdepth 0 -mmin -60 2>/dev/null)" ]] || ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then
    say "apt-get update"
    "${APT[@]}" update </dev/null
  fi
  "${APT[@]}" install "${APT_FLAGS[@]}" "${missing[@]}" </dev/null
  say "system packages: installed ${missing[*]}"
fi

# --- 3. npm dependencies ---------------------------------------------------------------------------
# npm writes node_modules/.package-lock.json after every successful install: compare it with the lockfile.
npm_cmd=()
if [[ -f package-lock.json ]]; then
  if [[ ! -d node_modules ]]; then
    npm_cmd=(npm ci); why="node_modules is missing"
  elif [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm_cmd=(npm ci); why="node_modules is older than package-lock.json"
  fi
elif [[ ! -d node_modules ]]; then
  npm_cmd=(npm install); why="node_modules is missing (no package-lock.json)"
fi

if ((${#npm_cmd[@]} == 0)); then
  say "node_modules: up to date"
elif ((DRY)); then
  say "dry run: would run '${npm_cmd[*]}' ($why)"
else
  have npm || fail "npm is not installed (it ships with Node.js). $NODE_HINT"
  say "${npm_cmd[*]} ($why)"
  # No fallback from `npm ci` to `npm install`: that would rewrite package-lock.json in a fresh clone.
  if ! "${npm_cmd[@]}" --no-audit --no-fund </dev/null; then
    if [[ "${npm_cmd[*]}" == "npm ci" ]]; then
      fail "npm ci failed (see npm's message above). If it says package.json and package-lock.json are out of sync, whoever changed package.json must run 'npm install' and commit the updated package-lock.json."
    fi
    fail "${npm_cmd[*]} failed (see npm's message above)"
  fi
fi

# --- 4. CLI bundle ---------------------------------------------------------------------------------
# bin/kuzet.mjs runs an esbuild bundle of cli/main.ts (node_modules/.cache/kuzet-cli, see bin/cli-build.mjs) and
# rebuilds it itself when a source file changed; building it here only spares the first command that wait.
if [[ -f bin/cli-build.mjs && -d node_modules/esbuild ]]; then
  build_args=()
  ((DRY)) && build_args=(--dry-run)
  if ! node bin/cli-build.mjs "${build_args[@]}" 2>&1 | sed 's/^\[kuzet build\] /[kuzet setup] /'; then
    say "CLI bundle not built (see above): kuzet still works through tsx, only its start is slower"
  fi
fi

say "ready (node v$node_v)"
