#!/usr/bin/env python3
"""Parses Prometheus text exposition with prometheus-client's parser: the
page at URL (the first argument: fetched with urllib, its Content-Type must
be the text format 0.0.4), else stdin. Prints one JSON object per sample:
{"family": ..., "type": ..., "name": ..., "labels": {...}, "value": ...}.
A malformed exposition makes the parser raise: exit status 1 with its message.
Used by the metrics test (scripts/.venv, made by scripts/test-venv.sh)."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

if len(sys.argv) > 1:
    import urllib.request
    with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
        content_type = response.headers.get("Content-Type", "")
        if not content_type.startswith("text/plain; version=0.0.4"):
            print(f"parse-metrics: Content-Type {content_type!r} is not the text format 0.0.4", file=sys.stderr)
            sys.exit(1)
        text = response.read().decode("utf-8")
else:
    text = sys.stdin.read()
try:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            print(json.dumps({"family": family.name, "type": family.type, "help": family.documentation,
                              "name": sample.name, "labels": sample.labels, "value": sample.value}))
except Exception as error:  # the parser's ValueError (or worse) on a bad line
    print(f"parse-metrics: {error!r}", file=sys.stderr)
    sys.exit(1)
