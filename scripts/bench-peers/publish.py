#!/usr/bin/env python3
"""publish.py: the benchmark's peer of pakn-publish, a masker written the
way an analyst would write it with Python's `re`.

Reads PAKN records (JSON lines) on standard input and writes, for every
answered or closed case with an answer that is neither a denunciation nor
`publish: false`, the published entry: id, dates, channel, kind,
category, agency, and title, content and answer masked with the same
patterns as pakn-publish (phones in their written forms, emails, CCCD,
CMND, passports, tax codes, bank accounts, plates, house and lane numbers,
names after an honorific, the submitter's own values case- and
diacritic-insensitively), keeping legal references, amounts, roads and
1022/1900 numbers.  It is a peer for timing, not a second implementation
to trust: the tests check pakn-publish, not this.
"""

import json
import re
import sys
import unicodedata

# One character for one character: a precomposed Vietnamese letter folds to
# its base letter, so positions in the folded text are positions in the
# text.
FOLD = {}
for cp in range(0xC0, 0x1F00):
    c = chr(cp)
    base = unicodedata.normalize("NFD", c)[0]
    if base != c and base.isascii():
        FOLD[cp] = base.lower()
FOLD[ord("đ")] = "d"
FOLD[ord("Đ")] = "d"


def fold(s):
    return s.translate(FOLD).lower()


UP = "A-ZÀ-ỸĐ"
SYL = "[%s][a-zà-ỹđ]*" % UP
HON = ("ông|bà|anh|chị|em|cô|chú|bác|cháu|Ông|Bà|Anh|Chị|Em|Cô|Chú|Bác|"
       "Cháu|họ tên:|Họ tên:|tôi tên là|Tôi tên là|tôi là|Tôi là")
NAME = re.compile(r"(?<!\w)(%s) ((?:%s)(?: %s)*)" % (HON, SYL, SYL))
KEEP = re.compile(
    r"(?:Quyết định|Nghị định|Thông tư|Công văn|Luật|Điều|Khoản|số)\s+"
    r"(?:số\s+)?\d+(?:/[\w.-]+)+|"
    r"\d{1,3}(?:\.\d{3})+\s*(?:đồng|VNĐ|vnđ|đ)\b|"
    r"(?:Quốc lộ|quốc lộ|tỉnh lộ|Tỉnh lộ|đường|Đường)\s+\d+[A-Z]?|"
    r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{1,2}:\d{2}\b|"
    r"\b(?:1022|1900\s?\d{4}|1800\s?\d{4})\b|\b[A-Z]+-\d{4}-\d+\b")
PATTERNS = [
    ("[email]", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("[số tài khoản]", re.compile(
        r"(?:tài khoản|Tài khoản|STK) (?:số )?(?P<v>\d[\d .-]{5,}\d)")),
    ("[biển số xe]", re.compile(
        r"\b\d{2}-?[A-Z]{1,2}\d?[- ]?\d{3}\.\d{2}\b")),
    ("[số điện thoại]", re.compile(
        r"(?:\+84|\b84|\b0)\s?\(?\d{2,3}\)?[ .-]?\d{3,4}[ .-]?\d{3,4}\b|"
        r"\(0\d{2,3}\)\s?\d[\d ]{5,9}\w*")),
    ("[mã số thuế]", re.compile(r"\b\d{10}(?:-\d{3})?\b")),
    ("[số định danh]", re.compile(r"\b(?:\d{12}|\d{9}|[A-Z]\d{7})\b")),
    ("[số nhà]", re.compile(
        r"(?:\b[Ss]ố nhà|nhà số|Nhà số|ngõ|Ngõ|ngách|Ngách|hẻm|Hẻm|\bsố) "
        r"(?P<v>\d+[A-Z]?(?:/\d+)*)(?![/\d])")),
]


def initials(m):
    return m.group(1) + " " + "".join(w[0] + "." for w in
                                      m.group(2).split())


def mask(text, subs):
    text = unicodedata.normalize("NFC", text)
    kept = [m.span() for m in KEEP.finditer(text)]
    spans = []
    f = fold(text)
    for token, value in subs:
        start = 0
        while True:
            i = f.find(value, start)
            if i < 0:
                break
            spans.append((i, i + len(value), token))
            start = i + len(value)
    for token, rx in PATTERNS:
        for m in rx.finditer(text):
            a, b = m.span("v") if "v" in rx.groupindex else m.span()
            if not any(ka <= a and b <= kb for ka, kb in kept):
                spans.append((a, b, token))
    spans.sort()
    out, at = [], 0
    for a, b, token in spans:
        if a < at:
            continue
        out.append(text[at:a])
        out.append(token)
        at = b
    out.append(text[at:])
    return NAME.sub(initials, "".join(out))


def main():
    w = sys.stdout.write
    for line in sys.stdin:
        r = json.loads(line)
        if r.get("kind") == "denunciation" or r.get("publish") is False:
            continue
        if r.get("status") not in ("answered", "closed") or not r.get(
                "answer"):
            continue
        sub = r.get("submitter") or {}
        subs = []
        for k, token in (("name", "[họ tên]"), ("phone", "[số điện thoại]"),
                         ("email", "[email]"), ("address", "[địa chỉ]")):
            v = sub.get(k)
            if isinstance(v, str) and len(v) >= 3:
                subs.append((token, fold(v)))
        e = {}
        for k in ("id", "received_at", "answered_at", "closed_at", "channel",
                  "kind", "category", "category_id", "agency",
                  "agency_name"):
            if k in r:
                e[k] = r[k]
        for k in ("title", "content", "answer"):
            if isinstance(r.get(k), str):
                e[k] = mask(r[k], subs)
        w(json.dumps(e, ensure_ascii=False))
        w("\n")


if __name__ == "__main__":
    main()
