#!/usr/bin/env bash
# The system packages the tests use, installed when missing (Debian/Ubuntu): a real PostgreSQL
# server (postgres_fdw tests start their own, as the postgres user), psql, the sqlite3 CLI
# (snapshot tests), tmux (interactive shell tests), xmllint (JUnit XSD validation of `jcsql check`)
# and Chromium (the `jcsql check` HTML report, opened headless by playwright-core).
set -euo pipefail
missing=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql postgresql-contrib)
command -v psql >/dev/null || missing+=(postgresql-client)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v tmux >/dev/null || missing+=(tmux)
command -v xmllint >/dev/null || missing+=(libxml2-utils)
command -v chromium >/dev/null || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing ${missing[*]}"
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
