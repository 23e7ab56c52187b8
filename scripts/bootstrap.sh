#!/usr/bin/env bash
# Set up kansrijk in ./.venv with the pinned dependencies.
#   bash scripts/bootstrap.sh          the package and its command `kansrijk`
#   bash scripts/bootstrap.sh --test   also what the test suite needs (test packages, and on Debian the
#                                      system packages for browser and PDF tests when run as root)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip==24.3.1
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install -q -e '.[test]'
  need=()
  for pkg in $(cat scripts/debian-test-packages.txt 2>/dev/null); do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
      echo "bootstrap: install these Debian packages for the full test suite: ${need[*]}" >&2
    fi
  fi
else
  .venv/bin/python -m pip install -q -e .
fi
# Byte-compile the package: an editable install is not compiled by pip, and where Python is told not
# to write bytecode (PYTHONDONTWRITEBYTECODE) every command would compile it again at start.
.venv/bin/python -m compileall -q src >/dev/null
# Compile the elimination of disclosure control once (numba keeps it in its cache next to the
# source), so that the first computation does not wait for the compiler.
.venv/bin/python -c "from kansrijk.disclosure.echelon import compile_ahead; compile_ahead()"
