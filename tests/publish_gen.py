#!/usr/bin/env python3
"""publish_gen.py: personal data planted in generated PAKN records, for the
property test of pakn-publish (tests/publish.bats) and its benchmark.

  publish_gen.py plant [--seed S] < gen-sample.jsonl > planted.jsonl
      Adds to each record an `answer` (answered and closed cases, and one
      in three of the others), a submitter email for some, and plants in
      the content and the answer: the submitter's name without diacritics,
      in capitals or as written, the submitter's phone in one of its
      written forms, its email, other people's names after honorifics,
      plates, CCCD, CMND, passports, tax codes, bank accounts, house and
      lane numbers; beside things that must stay (legal references,
      amounts, roads, the 1022 hotline, dates).  One record in twenty gets
      `publish: false`.  Deterministic for a seed.

  publish_gen.py leaks INPUT OUTPUT
      Prints every submitter value (name, phone, email, address) of a
      record of INPUT found in OUTPUT, folded (case and diacritics
      ignored, đ = d) in the record's own entry; the name (of a citizen:
      an organisation's name is public) and email of any input record
      anywhere else, as written or without diacritics, in any case; the
      phone anywhere.
      Also any id of a denunciation or of a `publish: false` record.
      Exit status 1 if anything was printed.
"""

import json
import random
import re
import sys
import unicodedata


def fold(s):
    s = unicodedata.normalize("NFD", s).replace("đ", "d").replace("Đ", "D")
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return s.lower()


def phone_form(r, norm):
    forms = [
        norm,
        "%s %s %s" % (norm[:4], norm[4:7], norm[7:]),
        "%s.%s.%s" % (norm[:4], norm[4:7], norm[7:]),
        "%s-%s-%s" % (norm[:4], norm[4:7], norm[7:]),
        "+84 %s %s %s" % (norm[1:4], norm[4:7], norm[7:]),
        "84" + norm[1:],
        "+84" + norm[1:],
    ]
    return r.choice(forms)


HO = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ",
      "Ngô", "Dương", "Lý", "Ưng", "Âu"]
DEM = ["Văn", "Thị", "Minh", "Quang", "Thu", "Ngọc", "Đức", "Hữu"]
TEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hoa", "Lan", "Sơn", "Tuấn",
       "Ánh", "Ước", "Thơm", "Đạt"]
HON = ["ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cháu", "Ông",
       "Bà", "Anh", "Chị"]
PRE = ["091", "098", "097", "086", "035", "070", "083", "056"]


def other_name(r):
    return "%s %s %s" % (r.choice(HO), r.choice(DEM), r.choice(TEN))


def plate(r):
    return r.choice([
        "%02d%s-%03d.%02d" % (r.randint(11, 99), r.choice("ABCDEFGHKL"),
                              r.randint(0, 999), r.randint(0, 99)),
        "%02d%s%d-%03d.%02d" % (r.randint(11, 99), r.choice("ABCDEFGHKL"),
                                r.randint(1, 9), r.randint(0, 999),
                                r.randint(0, 99)),
        "%02d%s %03d.%02d" % (r.randint(11, 99), r.choice("ABCDEFGHKL"),
                              r.randint(0, 999), r.randint(0, 99)),
        "%02d-%s%d %03d.%02d" % (r.randint(11, 99), r.choice("ABCDEFGHKL"),
                                 r.randint(1, 9), r.randint(0, 999),
                                 r.randint(0, 99)),
    ])


def pieces(r, sub):
    """Sentences with personal data, and sentences that must stay."""
    name = sub.get("name")
    out = []
    if name:
        shown = r.choice([name, fold(name).title(), fold(name).upper(),
                          fold(name), name.upper()])
        out.append(r.choice(["Người gửi: %s." % shown,
                             "Đề nghị %s liên hệ lại." % shown,
                             "Gia đình %s đã được hướng dẫn." % shown,
                             "Trả lời %s %s:" % (r.choice(HON), shown)]))
    if sub.get("phone") and r.random() < 0.7:
        out.append("Số điện thoại %s." % phone_form(r, sub["phone"]))
    if sub.get("email") and r.random() < 0.5:
        out.append("Thư gửi %s." % r.choice([sub["email"],
                                             sub["email"].upper()]))
    k = r.random()
    if k < 0.15:
        out.append("Theo phản ánh của %s %s." % (r.choice(HON),
                                                 other_name(r)))
    elif k < 0.25:
        out.append("Xe biển số %s vi phạm." % plate(r))
    elif k < 0.32:
        out.append("Số CCCD %012d." % r.randrange(10**11, 10**12))
    elif k < 0.36:
        out.append("Giấy CMND %09d." % r.randrange(10**8, 10**9))
    elif k < 0.40:
        out.append("Hộ chiếu %s%07d." % (r.choice("BCN"),
                                         r.randrange(10**7)))
    elif k < 0.46:
        out.append("Mã số thuế %010d%s." % (
            r.randrange(10**8, 10**9) * 10,
            r.choice(["", "-%03d" % r.randint(1, 999)])))
    elif k < 0.52:
        out.append("Số tài khoản %d tại ngân hàng." %
                   r.randrange(10**9, 10**13))
    elif k < 0.60:
        out.append("Nhà số %d%s ngõ %d ngách %d." % (
            r.randint(1, 300), r.choice(["", "A", "B"]), r.randint(1, 200),
            r.randint(1, 50)))
    elif k < 0.65:
        out.append("Gọi %s cho cán bộ trực." % phone_form(
            r, r.choice(PRE) + "%07d" % r.randrange(10**7)))
    keep = r.choice([
        "Căn cứ Quyết định số %d/QĐ-UBND ngày %d/%d/2024." % (
            r.randint(10, 3000), r.randint(1, 28), r.randint(1, 12)),
        "Theo Nghị định 13/2023/NĐ-CP và Điều 8 Luật Tố cáo.",
        "Mức hỗ trợ %s đồng." % "{:,}".format(
            1000 * r.randint(100, 90000)).replace(",", "."),
        "Tuyến Quốc lộ 2 và tỉnh lộ 305 đang được sửa.",
        "Mọi thắc mắc xin gọi tổng đài 1022.",
    ])
    out.append(keep)
    r.shuffle(out)
    return " ".join(out)


def plant(seed):
    r = random.Random(seed)
    for line in sys.stdin:
        rec = json.loads(line)
        sub = rec.get("submitter") or {}
        if sub.get("name") and r.random() < 0.4:
            sub["email"] = "%s%d@%s" % (
                fold(sub["name"]).replace(" ", ".") if r.random() < 0.5
                else fold(sub["name"]).split()[-1], r.randint(1, 99),
                r.choice(["gmail.com", "yahoo.com.vn", "vnpt.vn"]))
        if sub:
            rec["submitter"] = sub
        if r.random() < 0.5:
            rec["content"] = rec.get("content", "") + " " + pieces(r, sub)
        if rec.get("status") in ("answered", "closed") or r.random() < 0.33:
            rec["answer"] = "Kính gửi công dân. " + pieces(r, sub)
            if rec.get("status") not in ("answered", "closed") and \
                    r.random() < 0.5:
                rec["status"] = "answered"
        if r.random() < 0.05:
            rec["publish"] = False
        sys.stdout.write(json.dumps(rec, ensure_ascii=False,
                                    separators=(",", ":")) + "\n")


def leaks(inp, outp):
    recs = [json.loads(l) for l in open(inp, encoding="utf-8") if l.strip()]
    outs = [l for l in open(outp, encoding="utf-8") if l.strip()]
    whole = fold("\n".join(outs))
    lower = unicodedata.normalize("NFC", "\n".join(outs)).lower()
    by_id = {}
    for l in outs:
        o = json.loads(l)
        by_id[o.get("id")] = fold(l)
    bad = 0
    never = set()
    for rec in recs:
        if rec.get("kind") == "denunciation" or rec.get("publish") is False:
            never.add(rec.get("id"))
        sub = rec.get("submitter") or {}
        own = by_id.get(rec.get("id"), "")
        for key in ("name", "email"):
            v = sub.get(key)
            if not v:
                continue
            pats = [fold(v)]
            where = [own]
            # in other entries, as written or without diacritics (folded,
            # "Cổ phần Vận tải" would read as the name "Phan Văn Tài"); an
            # organisation's name is public: only its own entry counts
            if key == "email" or sub.get("type") in (None, "citizen"):
                where = [own, lower, lower]
                pats = [fold(v), v.lower(), fold(v)]
            if any(re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", w)
                   for p, w in zip(pats, where)):
                print("%s: submitter.%s '%s' in the output" % (
                    rec["id"], key, v))
                bad += 1
        if sub.get("phone") and sub["phone"] in whole:
            print("%s: submitter.phone '%s' in the output" % (
                rec["id"], sub["phone"]))
            bad += 1
        if sub.get("address") and fold(sub["address"]) in by_id.get(
                rec.get("id"), ""):
            print("%s: submitter.address in its entry" % rec["id"])
            bad += 1
    for i in sorted(x for x in never if x in by_id):
        print("%s: published, but is a denunciation or withheld" % i)
        bad += 1
    return 1 if bad else 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "plant":
        seed = int(argv[3]) if len(argv) > 3 and argv[2] == "--seed" else 1
        plant(seed)
        return 0
    if len(argv) == 4 and argv[1] == "leaks":
        return leaks(argv[2], argv[3])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
