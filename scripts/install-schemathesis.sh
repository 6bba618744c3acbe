#!/usr/bin/env bash
# Installs Schemathesis (the API fuzzer of `npm run fuzz:api`) from PyPI at a pinned version, into
# its own virtualenv under ~/.cache so that it never touches the system's Python packages (or with
# `pip install --user` where Python has no venv module). Idempotent: an install of this version is
# kept. Prints the path of its `st` command on stdout; pip's output goes to stderr.
set -euo pipefail
# Pinned: a new release may add checks or change what they expect, which would fail CI with no change
# of ours. 4.32.5 installs with pip on Python 3.11.
VERSION=4.32.5
VENV="${SCHEMATHESIS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/schemathesis-$VERSION}"
installed() { [ "$("$1" --version 2>/dev/null)" = "st, version $VERSION" ]; }
pip_install() { "$@" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2; }

if ! installed "$VENV/bin/st"; then
  if python3 -m venv "$VENV" >/dev/null 2>&1; then
    pip_install "$VENV/bin/pip"
  else
    rm -rf "$VENV"
    user_st="$(python3 -m site --user-base)/bin/st"
    installed "$user_st" || pip_install python3 -m pip --user
    echo "$user_st"
    exit 0
  fi
fi
echo "$VENV/bin/st"
