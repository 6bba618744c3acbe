#!/usr/bin/env bash
# Installs Schemathesis (the API fuzzer of `npm run fuzz:api`) from PyPI at a pinned version, into
# its own virtualenv under ~/.cache so that it never touches the system's Python packages. Idempotent:
# a venv that already holds this version is kept. Prints the path of its `st` command on stdout.
set -euo pipefail
# Pinned: a new release may add checks or change what they expect, which would fail CI with no change
# of ours. 4.32.5 installs with pip on Python 3.11.
VERSION=4.32.5
VENV="${SCHEMATHESIS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/schemathesis-$VERSION}"
if [ "$("$VENV/bin/st" --version 2>/dev/null)" != "st, version $VERSION" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
fi
echo "$VENV/bin/st"
