#!/usr/bin/env python3
"""The peer of pakn-route for the benchmark: a plain Python 3 script doing
the same work (json, a dict, re): a category -> agency lookup and the keyword
rules of routing-rules/phu-tho.yaml.  Reads JSON lines on stdin."""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "category-agency.json"), encoding="utf-8") as f:
    MAP = json.load(f)
RULES = [
    (re.compile(p, re.I), name, agency)
    for p, name, agency in [
        ("xả thải|ô nhiễm|khói bụi|mùi hôi", "pollution-new", "pt-so-nnmt"),
        ("(mất|cúp|cắt) điện", "power-cut", "dien-luc"),
        ("hóa đơn (điện tử|GTGT|giá trị gia tăng|VAT)|(xuất|lập|hủy) hóa đơn",
         "tax-invoice", "thue-tinh"),
        ("bảo hiểm xã hội|BHXH", "social-insurance", "bhxh-tinh"),
        ("chậm giải quyết|chậm trả kết quả|quá hạn|trễ hẹn|trễ hạn",
         "procedure-delay-new", "pt-ttphcc"),
    ]
]


def main():
    out = sys.stdout
    for line in sys.stdin:
        rec = json.loads(line)
        text = rec.get("title", "") + "\n" + rec.get("content", "")
        for rx, name, agency in RULES:
            if rx.search(text):
                break
        else:
            agency = MAP.get(rec.get("category"))
            name = "category" if agency else None
            agency = agency or "pt-vp-ubnd"
        rec["agency"] = agency
        rec["route"] = {"rule": name}
        out.write(json.dumps(rec, ensure_ascii=False))
        out.write("\n")


main()
