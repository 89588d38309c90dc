#!/usr/bin/env python3
"""Conservation, as a property test (issue 9): over generated messy inputs,
every row read ends up in the output or in its own reject, and
rows read = written + rejected.

    tests/conservation.py [-n ROWS] [--seed N] [--rate R] [--keep DIR]

Makes, from one seed, a CSV export of ROWS rows (ids C0000001...) and a
JSON array, with a fraction R of the rows damaged: a truncated line, a
stray quote (opening a field, or inside one), invalid bytes, a blank
receipt date, a NUL byte, a bare CR in place of a line end, and, in the
array, elements that are not objects.  Runs pakn-ingest (from $PAKN_BUILD
or PATH) with --rejects on each, and checks:

  - the summary's rows read = written + rejected (no duplicates here), and
    written and rejected are the lines of the output and the rejects;
  - rows read = the rows made (the CSV: each physical row; a bare CR makes
    two rows of one line, both counted);
  - every id is in the output or in a reject whose input is its own row
    (the reject's input starts with its id); a clean row in another row's
    reject, or nowhere, is an innocent row lost;
  - no damaged row is written with another row's values in it.

Prints one line per input with the counts and the innocent rows lost, and
exits 1 if a check fails (innocent rows lost included).
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

HEADER = "Mã PAKN,Ngày tiếp nhận,Kênh tiếp nhận,Lĩnh vực,Nội dung,Người gửi"
DAMAGE = ["truncated", "stray_open", "stray_inside", "invalid", "blank_date",
          "nul", "bare_cr", "quoted_newline"]


def words(rng, n):
    pool = ["đường", "hỏng", "xả", "thải", "kênh", "mất", "điện", "nước",
            "lấn", "chiếm", "đất", "công", "ồn", "ào", "ban", "đêm", "rác"]
    return " ".join(rng.choice(pool) for _ in range(n))


def make_csv(rng, rows, rate):
    """Returns (bytes, expected): expected[id] = damage kind or None."""
    out = [b"\xef\xbb\xbf" + HEADER.encode() + b"\n"]
    expected = {}
    for i in range(1, rows + 1):
        rid = "C%07d" % i
        date = "%02d/%02d/2026" % (1 + i % 28, 1 + i % 12)
        content = words(rng, 6)
        kind = rng.choice(DAMAGE) if rng.random() < rate else None
        end = b"\n"
        fields = [rid, date, "Zalo", "Môi trường", content, "Nguyễn Văn A"]
        if kind == "truncated":
            fields = fields[:rng.randint(1, 4)]
        elif kind == "stray_open":
            fields[4] = '"' + content
        elif kind == "stray_inside":
            fields[4] = content[:3] + '"' + content[3:]
        elif kind == "blank_date":
            fields[1] = ""
        elif kind == "quoted_newline":
            fields[4] = '"' + content.replace(" ", "\n", 1) + '"'
        line = ",".join(fields).encode()
        if kind == "invalid":
            line = line.replace(b"\xc4\x91", b"\xff", 1) if b"\xc4\x91" in line \
                else line + b"\xff"
        elif kind == "nul":
            line = line[:-3] + b"\x00" + line[-3:]
        elif kind == "bare_cr" and i < rows:
            end = b"\r"
        out.append(line + end)
        expected[rid] = kind
    return b"".join(out), expected


def make_json(rng, rows, rate):
    parts = []
    expected = {}
    others = 0
    for i in range(1, rows + 1):
        rid = "J%07d" % i
        if rng.random() < rate / 2:
            parts.append(rng.choice(['"chuỗi"', "42", "null", "[1, 2]",
                                     "true", '{"x": [}']))
            others += 1
        kind = "blank_date" if rng.random() < rate / 2 else None
        parts.append(json.dumps({"Mã PAKN": rid,
                                 "Ngày tiếp nhận": "" if kind else
                                 "2026-%02d-%02d" % (1 + i % 12, 1 + i % 28),
                                 "Nội dung": words(rng, 5)},
                                ensure_ascii=False))
        expected[rid] = kind
    text = "[\n" + ",\n".join(parts) + "\n]\n"
    return text.encode(), expected, others


def run(prog, path, tmp):
    out = os.path.join(tmp, "out.jsonl")
    rej = os.path.join(tmp, "rej.jsonl")
    p = subprocess.run([prog, "-v", "--rejects", rej, path],
                       stdout=open(out, "wb"), stderr=subprocess.PIPE)
    summary = [l for l in p.stderr.decode("utf-8", "replace").splitlines()
               if "rows read" in l]
    with open(out, encoding="utf-8") as f:
        records = [json.loads(l) for l in f]
    with open(rej, encoding="utf-8") as f:
        rejects = [json.loads(l) for l in f]
    return p.returncode, summary, records, rejects


def check(name, prog, path, expected, extra_rows, tmp):
    rc, summary, records, rejects = run(prog, path, tmp)
    problems = []
    if rc not in (0, 1):
        problems.append("exit status %d" % rc)
    if len(summary) != 1:
        problems.append("no summary")
        nums = None
    else:
        s = summary[0]
        try:
            read = int(s.split("rows read ")[1].split()[0])
            written = int(s.split("written ")[1].split()[0])
            rejected = int(s.split("rejected ")[1].split()[0])
            nums = (read, written, rejected)
        except (IndexError, ValueError):
            problems.append("unreadable summary: " + s)
            nums = None
    made = len(expected) + extra_rows
    if nums:
        read, written, rejected = nums
        if read != written + rejected:
            problems.append("read %d != written %d + rejected %d" % nums)
        if written != len(records) or rejected != len(rejects):
            problems.append("counts %d/%d, lines %d/%d" %
                            (written, rejected, len(records), len(rejects)))
        if read != made:
            problems.append("rows read %d, rows made %d" % (read, made))
    where = {}
    for r in records:
        where.setdefault(r["id"], []).append("out")
    for r in rejects:
        text = r.get("input", "")
        own = text.split(",", 1)[0] if not text.startswith("{") else \
            text.split('"Mã PAKN": "', 1)[-1].split('"', 1)[0]
        where.setdefault(own, []).append("rej")
    lost = []
    for rid, kind in expected.items():
        got = where.get(rid, [])
        if len(got) != 1:
            (lost if kind is None else problems).append(rid)
            if kind is not None:
                problems[-1] = "%s (%s): found %s" % (rid, kind, got)
        elif kind is None and got != ["out"]:
            lost.append(rid)
        elif kind in ("truncated", "blank_date", "nul", "invalid",
                      "stray_inside") and got != ["rej"]:
            problems.append("%s (%s) was written" % (rid, kind))
    clean = sum(1 for k in expected.values() if k is None)
    print("# %s: made %d, read/written/rejected %s, clean %d, "
          "innocent rows lost %d" % (name, made, nums, clean, len(lost)))
    if lost:
        problems.append("innocent rows lost: %d (first: %s)" %
                        (len(lost), ", ".join(lost[:5])))
    for p in problems[:10]:
        print("#   " + p)
    return not problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--rate", type=float, default=0.05)
    ap.add_argument("--keep")
    a = ap.parse_args()
    build = os.environ.get("PAKN_BUILD")
    prog = os.path.join(build, "pakn-ingest") if build else \
        shutil.which("pakn-ingest")
    rng = random.Random(a.seed)
    tmp = a.keep or tempfile.mkdtemp(prefix="pakn-conservation-")
    ok = True
    try:
        data, expected = make_csv(rng, a.n, a.rate)
        path = os.path.join(tmp, "messy.csv")
        open(path, "wb").write(data)
        ok &= check("csv", prog, path, expected, 0, tmp)
        data, expected, others = make_json(rng, a.n, a.rate)
        path = os.path.join(tmp, "messy.json")
        open(path, "wb").write(data)
        ok &= check("json array", prog, path, expected, others, tmp)
    finally:
        if not a.keep:
            shutil.rmtree(tmp)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
