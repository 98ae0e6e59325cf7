#!/usr/bin/env bash
# Create the virtual environment and install the project with its dev extra.
# On a fresh Debian machine python3 -m venv needs python3-venv; install it when we can.
set -euo pipefail
PYTHON=${1:-python3}
VENV=${2:-.venv}
if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
  else
    echo "python3-venv is missing: run 'sudo apt-get install python3-venv' and try again." >&2
    exit 1
  fi
fi
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -e '.[dev]'
