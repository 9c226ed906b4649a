#!/usr/bin/env bash
# The tests' virtualenv, scripts/.venv, with prometheus-client (PyPI): the
# metrics test parses kited's /metrics with it. Made once; run by `make test`.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import prometheus_client" 2>/dev/null; then
    python3 -m venv .venv
    .venv/bin/pip install --quiet "prometheus-client==0.26.0"
fi
