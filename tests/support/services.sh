#!/usr/bin/env bash
# Make sure the services the tests need are installed (redis-server). The tests start their own
# redis-server processes on free ports, so only the binary is required. PostgreSQL is optional:
# PostgreSQL tests run against TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test)
# and are reported as skipped, with the reason, when it is unreachable.
set -euo pipefail
if ! command -v redis-server >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing redis-server..."
    apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
  else
    echo "redis-server is missing: run 'sudo apt-get install redis-server' and try again." >&2
    exit 1
  fi
fi
