#!/usr/bin/env bash
# Man pages of kite, kited and kite-api (and each subcommand) into OUT_DIR, made by
# swift-argument-parser's generate-manual plugin from the commands' own help:
#   scripts/gen-manpages.sh OUT_DIR [debug|release]
# The plugin builds the package in that configuration first (default: debug,
# which `make test` has already built) and reads each tool's
# `--experimental-dump-help`; what the man pages say is what `--help` says.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT_DIR=${1:?usage: scripts/gen-manpages.sh OUT_DIR [debug|release]}
CONFIGURATION=${2:-debug}
SWIFT=${SWIFT:-swift}
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
"$SWIFT" package generate-manual --configuration "$CONFIGURATION" --multi-page \
    --authors "Kite Auto maintainers" --section 1 >"$LOG" 2>&1 || { cat "$LOG" >&2; exit 1; }
mkdir -p "$OUT_DIR"
found=0
for tool in kite kited kite-api; do
    for page in .build/plugins/GenerateManual/outputs/"$tool"/*.1; do
        [ -e "$page" ] || continue
        cp "$page" "$OUT_DIR/"
        found=1
    done
done
[ "$found" = 1 ] || { echo "gen-manpages: the plugin wrote no pages under .build/plugins/GenerateManual/outputs" >&2; exit 1; }
