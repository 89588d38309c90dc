#!/usr/bin/env python3
"""bench-report.py: the peer pakn-report is timed against in `make bench`.

What an analyst would write in plain Python 3 (stdlib only) to get the
grouping of the default monthly report: read JSON lines, keep the cases
received in the month or still open at its start, and count them by
channel, by category and by agency, split into received and carried over,
answered or not.  It does less than pakn-report (no deadlines, no working
days, no medians, no previous period, no lists), so the ratio measured
flatters Python, not us.

    scripts/bench-report.py --month 2026-09 < cases.jsonl
    scripts/bench-report.py --month 2026-09 cases.jsonl

Prints one line per group: grouping, key, received, carried over,
answered, open (tab-separated, sorted).
"""

import argparse
import json
import sys
from collections import defaultdict


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--month", required=True, help="YYYY-MM")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    start = a.month + "-01"
    y, m = map(int, a.month.split("-"))
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    end = "%04d-%02d-01" % (y, m)  # first day after the month

    counts = {g: defaultdict(lambda: [0, 0, 0, 0])
              for g in ("channel", "category", "agency")}
    inputs = [open(f, encoding="utf-8") for f in a.files] or [sys.stdin]
    for fp in inputs:
        for line in fp:
            if not line.strip():
                continue
            r = json.loads(line)
            recv = r.get("received_at", "")[:10]
            if recv >= end:
                continue
            ans = (r.get("answered_at") or "")[:10]
            if recv < start:
                if ans and ans < start:
                    continue
                slot = 1  # carried over
            else:
                slot = 0  # received
            answered = bool(ans) and ans < end
            for g in counts:
                c = counts[g][r.get(g) or ""]
                c[slot] += 1
                c[2 if answered else 3] += 1
    out = sys.stdout
    for g in counts:
        for k in sorted(counts[g]):
            c = counts[g][k]
            out.write("%s\t%s\t%d\t%d\t%d\t%d\n" % (g, k, c[0], c[1], c[2], c[3]))


if __name__ == "__main__":
    main()
