#!/usr/bin/env bash
# The tests' virtualenv, scripts/.venv: prometheus-client (PyPI), with which the metrics
# test parses kited's /metrics, and selenium (PyPI), with which tests-web/ drives Debian's
# chromium through chromium-driver (never a downloaded browser). Made once; run by `make test`.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import prometheus_client, selenium" 2>/dev/null; then
    [ -x .venv/bin/python ] || python3 -m venv .venv
    .venv/bin/pip install --quiet "prometheus-client==0.26.0" "selenium==4.51.0"
fi
