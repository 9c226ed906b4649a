#!/usr/bin/env python3
"""Prints the failed tests of a Swift Testing xUnit report with their messages.

`make test` calls it after a failed run so the reasons sit at the end of the
log, where a CI summary that keeps only the tail still shows them (the console
reporter does not always print an issue's text in a long parallel run).
"""
import sys
import xml.etree.ElementTree as ElementTree

def main(paths):
    failed = 0
    for path in paths:
        try:
            root = ElementTree.parse(path).getroot()
        except (OSError, ElementTree.ParseError) as error:
            print(f"{path}: cannot read the report: {error}")
            continue
        for case in root.iter("testcase"):
            for failure in case.findall("failure"):
                failed += 1
                message = failure.get("message", "").strip()
                print(f"✘ {case.get('classname')} · {case.get('name')}")
                for line in message.splitlines()[:60]:
                    print(f"    {line}")
    print(f"{failed} failure(s)")

if __name__ == "__main__":
    main(sys.argv[1:])
