#!/usr/bin/env bash
# The package as a user gets it: `npm pack` (its prepack builds dist/ afresh), then
#  1. installed into an empty directory with --ignore-scripts, so without better-sqlite3's native
#     build: `npx jcsql query`, `export` and `serve` (queried with psql) work, and
#     `--engine sqlite` says in one line what is missing and what to run;
#  2. installed globally with install scripts: `--engine sqlite` and `snapshot` work.
# Needs psql (scripts/system-deps.sh). Packages come from npm's cache where it has them.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export JCSQL_HOME="$work/jcsql-home"
install_flags=(--no-audit --no-fund --prefer-offline --loglevel=error)

fail() {
  echo "pack test: $*" >&2
  exit 1
}
# Runs a command; fails unless its stdout contains the expected text.
expect_output() {
  local expected="$1" output
  shift
  output="$("$@")" || fail "exit $? from: $*"
  grep -qF -- "$expected" <<<"$output" || fail "expected \"$expected\" from: $*; got: $output"
}
# Runs a command that must fail with the given exit code and exactly one line on stderr, containing
# the expected text.
expect_one_line_error() {
  local code="$1" expected="$2" status=0
  shift 2
  "$@" >/dev/null 2>"$work/stderr" || status=$?
  [ "$status" -eq "$code" ] || fail "expected exit $code, got $status, from: $*: $(cat "$work/stderr")"
  [ "$(wc -l <"$work/stderr")" -eq 1 ] || fail "more than one line from: $*: $(cat "$work/stderr")"
  grep -qF -- "$expected" "$work/stderr" || fail "expected \"$expected\" from: $*; got: $(cat "$work/stderr")"
  cat "$work/stderr"
}
step_started=$SECONDS
step() {
  echo "== pack test: $* (at $((SECONDS - step_started)) s)"
}

step "npm pack"
npm pack --pack-destination "$work" --loglevel=error >/dev/null
tarball="$(echo "$work"/jcsql-*.tgz)"
[ -f "$tarball" ] || fail "npm pack wrote no tarball"
tar -tzf "$tarball" | sed 's|^package/||' >"$work/files"
for file in package.json README.md LICENSE dist/cli/main.js dist/library/sqlite.js; do
  grep -qxF "$file" "$work/files" || fail "the tarball has no $file"
done
if grep -E '^(src|test|scripts|bench)/' "$work/files"; then fail "the tarball packs sources or tests (above)"; fi
# Every relative link of the README must open a packed file (or a packed directory).
node - "$work/files" <<'EOF'
const { readFileSync } = require('node:fs');
const files = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
const links = [...readFileSync('README.md', 'utf8').matchAll(/\]\(([^)\s]+)\)/g)]
  .map((match) => match[1].split('#')[0])
  .filter((target) => target && !/^[a-z][a-z+.-]*:/i.test(target));
const dead = links.filter((target) => !files.some((file) => file === target || file.startsWith(`${target.replace(/\/$/, '')}/`)));
if (dead.length > 0) {
  console.error(`pack test: README links to files the tarball does not hold: ${dead.join(', ')}`);
  process.exit(1);
}
console.log(`${links.length} README links resolve inside the tarball`);
EOF

step "npm install --ignore-scripts into an empty directory"
app="$work/app"
mkdir "$app"
echo '{ "private": true }' >"$app/package.json"
(cd "$app" && npm install --ignore-scripts "${install_flags[@]}" "$tarball")
jcsql="$app/node_modules/.bin/jcsql"

step "npx jcsql query, export"
count_users="select count(*) || ' users' as n from jumpcloud_user"
(
  cd "$app"
  expect_output '60 users' npx jcsql query --demo "$count_users"
)
expect_output '"username"' "$jcsql" export --demo jumpcloud_user --select username,email --limit 3 --output jsonl

step "serve, psql"
port_file="$work/serve.out"
"$jcsql" serve --demo --port 0 --password pack-test >"$port_file" 2>&1 &
serve_pid=$!
for _ in $(seq 1 100); do
  grep -q 'listening on' "$port_file" && break
  kill -0 "$serve_pid" 2>/dev/null || fail "serve exited: $(cat "$port_file")"
  sleep 0.2
done
port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$port_file")"
[ -n "$port" ] || fail "serve did not say where it listens: $(cat "$port_file")"
expect_output '60 users' env PGPASSWORD=pack-test psql -X -A -t -h 127.0.0.1 -p "$port" -U jcsql -d jcsql \
  -c "$count_users"
kill "$serve_pid"
wait "$serve_pid" || true
serve_pid=""

step "--engine sqlite and snapshot without better-sqlite3's native build"
# An engine that cannot start exits 250, Steampipe's initialization failure (README, exit codes).
expect_one_line_error 250 'needs better-sqlite3, which is installed but did not load' "$jcsql" query --demo --engine sqlite "select 1"
expect_one_line_error 250 'npm rebuild better-sqlite3' "$jcsql" snapshot --demo "$work/unwritten.db"

step "npm install with scripts, with no prebuilt binary and no compiler"
# What a machine without a C++ toolchain gets: better-sqlite3's build fails, npm leaves that
# optional dependency out, and the install still succeeds.
no_compiler="$work/no-compiler"
mkdir -p "$no_compiler/bin" "$work/bare"
for tool in make cc gcc c++ g++ clang clang++; do
  printf '#!/bin/sh\necho "%s: not installed (pack test)" >&2\nexit 127\n' "$tool" >"$no_compiler/bin/$tool"
  chmod +x "$no_compiler/bin/$tool"
done
echo '{ "private": true }' >"$work/bare/package.json"
(cd "$work/bare" && PATH="$no_compiler/bin:$PATH" npm_config_build_from_source=true \
  npm install "${install_flags[@]}" "$tarball")
[ ! -e "$work/bare/node_modules/better-sqlite3" ] || fail "better-sqlite3 was installed without a compiler"
expect_one_line_error 250 'needs better-sqlite3, an optional dependency that is not installed' \
  "$work/bare/node_modules/.bin/jcsql" query --demo --engine sqlite "select 1"
expect_output '60 users' "$work/bare/node_modules/.bin/jcsql" query --demo "$count_users"

step "npm install -g, with install scripts"
global="$work/global"
npm install -g --prefix "$global" "${install_flags[@]}" "$tarball"
step "query --engine sqlite, snapshot"
expect_output '60 users' "$global/bin/jcsql" query --demo --engine sqlite "$count_users"
expect_output 'Wrote 1 table' "$global/bin/jcsql" snapshot --tables jumpcloud_user --demo "$work/snapshot.db"

step "passed"
