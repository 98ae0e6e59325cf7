#!/usr/bin/env bash
# Make sure what the tests need from Debian is installed: redis-server (the tests start their own
# redis-server processes on free ports, so only the binary is required) and the DejaVu fonts (a
# fictional right-to-left resume is drawn with them). PostgreSQL is optional: its tests run
# against TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test) and are reported as
# skipped, with the reason, when it is unreachable.
set -euo pipefail
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]}..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing: ${missing[*]}. Run 'sudo apt-get install ${missing[*]}' and try again." >&2
    exit 1
  fi
fi
