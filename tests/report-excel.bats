#!/usr/bin/env bats
# pakn-report for Excel: the CSV dialects of --excel, parsed back with
# Python's csv module; the workbook of -f xlsx, unzipped and read back,
# against -f json's figures.  The fixture is the hand-worked one of
# tests/report.bats.
bats_require_minimum_version 1.5.0
load test_helper

FIX="$DATA/report/month.jsonl"
GOLD="$DATA/report"
P=(--month 2021-11 --as-of 2021-12-06)

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# csv_rows FILE SEP DECIMAL: parses FILE (BOM, CRLF) with the csv module
# and prints it back as the plain CSV of the golden file: ',' between
# fields, '.' as the decimal mark, LF; fails on a row of another width.
csv_rows() {
	python3 - "$@" <<-'PY'
	import csv, io, sys
	path, sep, dec = sys.argv[1], sys.argv[2], sys.argv[3]
	raw = open(path, "rb").read()
	assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
	text = raw[3:].decode("utf-8")
	lines = text.split("\r\n")
	assert lines[-1] == "" and all("\n" not in l for l in lines), "not CRLF"
	rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
	assert len(set(len(r) for r in rows)) == 1, "ragged rows"
	out = csv.writer(sys.stdout, lineterminator="\n")
	for r in rows:
	    # a number with the decimal mark back to '.', text left alone
	    out.writerow([c.replace(dec, ".") if c.replace(dec, "", 1).isdigit() else c for c in r])
	print(len(rows[0]), file=sys.stderr)
	PY
}

@test "pakn-report --excel: ';', decimal comma, BOM, CRLF; parsed back it is the report's CSV" {
	pakn-report "${P[@]}" -f csv --excel "$FIX" >vi.csv
	# Vietnamese Excel: the list separator is ';', the decimal mark ','.
	run -0 sed -n 2p vi.csv
	assert_output $'2021-11;total;;;;;9;3;3;2;2;5;0,3000;8;10;2;1;1;0,5000;2;0;;4;8;1;0;0;1;0;0;0;2;0;0;0;0;0;0;0\r'
	run -0 --separate-stderr csv_rows vi.csv ';' ','
	assert_equal "$stderr" 39
	diff -u "$GOLD/month.csv" - <<<"$output"
	# --excel=vi is the same.
	pakn-report "${P[@]}" -f csv --excel=vi "$FIX" | cmp - vi.csv
}

@test "pakn-report --excel=intl: ',' and '.', BOM, CRLF; parsed back it is the report's CSV" {
	pakn-report "${P[@]}" -f csv --excel=intl "$FIX" >intl.csv
	run -0 sed -n 2p intl.csv
	assert_output $'2021-11,total,,,,,9,3,3,2,2,5,0.3000,8,10,2,1,1,0.5000,2,0,,4,8,1,0,0,1,0,0,0,2,0,0,0,0,0,0,0\r'
	run -0 --separate-stderr csv_rows intl.csv ',' '.'
	assert_equal "$stderr" 39
	diff -u "$GOLD/month.csv" - <<<"$output"
}

@test "pakn-report --excel: a text holding ';' is quoted, one holding ',' is not" {
	cat >semi.jsonl <<-'EOF2'
	{"id":"S1","received_at":"2021-11-02T08:00:00+07:00","channel":"hotline","agency":"a;b","agency_name":"Sở A, B; C"}
	EOF2
	pakn-report "${P[@]}" --by agency -f csv --excel semi.jsonl >s.csv
	run -0 grep -c '"a;b";"Sở A, B; C"' s.csv
	run -0 python3 -c 'import csv,sys; r=list(csv.reader(open("s.csv",encoding="utf-8-sig",newline=""),delimiter=";")); print(r[2][2], "|", r[2][3])'
	assert_output 'a;b | Sở A, B; C'
}

@test "pakn-report --excel: a dialect it does not know is a usage error" {
	run -2 --separate-stderr pakn-report "${P[@]}" -f csv --excel=fr "$FIX"
	assert_equal "$stderr" "pakn-report: --excel='fr': expected vi or intl"
}

# ---- the workbook (-f xlsx) ------------------------------------------------

# xlsx_json FILE: the workbook as JSON, {"sheets": [names in order],
# "cells": {sheet: [[cell, ...], ...]}, "frozen": {sheet: rows},
# "filter": {sheet: ref}}, read with zipfile and the XML parser (no
# spreadsheet library).  A number is a number; one styled as a percentage
# is {"pct": v}, one styled as a date {"date": "YYYY-MM-DD"}; text is text
# (inline or shared strings); empty cells are null.
xlsx_json() {
	python3 - "$1" <<-'PY'
	import json, re, sys, zipfile, datetime
	import xml.etree.ElementTree as ET
	NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
	      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
	z = zipfile.ZipFile(sys.argv[1])
	assert z.testzip() is None
	wb = ET.fromstring(z.read("xl/workbook.xml"))
	rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
	target = {r.get("Id"): r.get("Target") for r in rels}
	shared = []
	if "xl/sharedStrings.xml" in z.namelist():
	    for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
	        shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
	st = ET.fromstring(z.read("xl/styles.xml"))
	codes = {int(f.get("numFmtId")): f.get("formatCode") for f in st.findall("m:numFmts/m:numFmt", NS)}
	codes.update({9: "0%", 10: "0.00%", 14: "mm-dd-yy"})
	xfs = [codes.get(int(x.get("numFmtId", "0")), "") for x in st.findall("m:cellXfs/m:xf", NS)]
	def col(ref):
	    n = 0
	    for ch in re.match(r"[A-Z]+", ref).group(0):
	        n = n * 26 + ord(ch) - 64
	    return n - 1
	out = {"sheets": [], "cells": {}, "frozen": {}, "filter": {}}
	for s in wb.findall("m:sheets/m:sheet", NS):
	    name = s.get("name")
	    out["sheets"].append(name)
	    ws = ET.fromstring(z.read("xl/" + target[s.get("{%s}id" % NS["r"])]))
	    rows = []
	    for row in ws.findall("m:sheetData/m:row", NS):
	        r = int(row.get("r")) - 1
	        while len(rows) <= r:
	            rows.append([])
	        cells = rows[r]
	        for c in row.findall("m:c", NS):
	            k = col(c.get("r"))
	            while len(cells) <= k:
	                cells.append(None)
	            t = c.get("t")
	            fmt = xfs[int(c.get("s", "0"))]
	            if t == "inlineStr":
	                v = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
	            elif t == "s":
	                v = shared[int(c.find("m:v", NS).text)]
	            else:
	                v = c.find("m:v", NS)
	                v = None if v is None else float(v.text)
	                if v is not None and v == int(v):
	                    v = int(v)
	                if v is not None and "%" in fmt:
	                    v = {"pct": round(float(v), 6)}
	                elif v is not None and "yy" in fmt:
	                    d = datetime.date(1899, 12, 30) + datetime.timedelta(days=v)
	                    v = {"date": d.isoformat()}
	            cells[k] = v
	    out["cells"][name] = rows
	    pane = ws.find("m:sheetViews/m:sheetView/m:pane", NS)
	    out["frozen"][name] = int(float(pane.get("ySplit"))) if pane is not None and pane.get("state") == "frozen" else 0
	    af = ws.find("m:autoFilter", NS)
	    out["filter"][name] = af.get("ref") if af is not None else None
	print(json.dumps(out, ensure_ascii=False))
	PY
}

# The figures of -f json in the workbook's column order.
FIGS='[.received, .carried_over, .answered_on_time, .answered_late, .open, .overdue, .answered_undated, .on_time_rate, .median_days, .p90_days, .satisfied, .neutral, .unsatisfied, .rated, .not_rated, .satisfaction_rate, .escalated, .directives_report_back.on_time, .directives_report_back.late, .directives_report_back.awaiting, .directives_report_back.overdue]'
# The summary sheet's rows: those, then the escalations by reason.
SUMFIGS='[.received, .carried_over, .answered_on_time, .answered_late, .open, .overdue, .answered_undated, .on_time_rate, .median_days, .p90_days, .satisfied, .neutral, .unsatisfied, .rated, .not_rated, .satisfaction_rate, .escalated, .escalated_by_reason.unsatisfied, .escalated_by_reason.beyond_authority, .escalated_by_reason.denunciation, .escalated_by_reason.other, .directives_report_back.on_time, .directives_report_back.late, .directives_report_back.awaiting, .directives_report_back.overdue]'

@test "pakn-report -f xlsx: the sheets, and every figure equals -f json's" {
	pakn-report "${P[@]}" -f xlsx -o r.xlsx "$FIX"
	pakn-report "${P[@]}" -f json "$FIX" >r.json
	xlsx_json r.xlsx >x.json
	run -0 jq -c .sheets x.json
	assert_output '["Tổng hợp","Theo đơn vị","Theo kênh","Theo lĩnh vực","Quá hạn","Chỉ đạo"]'
	# Title and period in the first rows.
	run -0 jq -r '.cells["Tổng hợp"][0][0], .cells["Tổng hợp"][1][0]' x.json
	assert_line -n 0 'BÁO CÁO TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ'
	assert_line -n 1 --partial 'Kỳ báo cáo: tháng 11/2021'
	# The summary: this period in B, the previous in C, the change in D,
	# rates as percentages ({"pct": ...}), numbers as numbers.
	jq -c "[.totals | $SUMFIGS[] | if . == null then null else . end]" r.json >want.cur
	jq -c "[.totals.previous | $SUMFIGS[]]" r.json >want.prev
	jq -c '[.cells["Tổng hợp"][5:30][] | .[1] | if type == "object" then .pct else . end]' x.json >got.cur
	jq -c '[.cells["Tổng hợp"][5:30][] | .[2] | if type == "object" then .pct else . end]' x.json >got.prev
	diff want.cur got.cur
	diff want.prev got.prev
	run -0 jq -c '.cells["Tổng hợp"][12][1], .cells["Tổng hợp"][5][3]' x.json
	assert_output $'{"pct":0.3}\n6'
	# Each grouping: a row per key, the current figure then the previous.
	for g in agency:'Theo đơn vị' channel:'Theo kênh' category:'Theo lĩnh vực'; do
		dim=${g%%:*} sheet=${g#*:}
		jq -c "[.groups.$dim[] | [.key // \"\", (. | $FIGS), (.previous | $FIGS)]]" r.json >want.g
		jq -c --arg s "$sheet" '[.cells[$s][5:][] | map(if type == "object" then .pct else . end) | [.[0] // "", [.[2:] | to_entries[] | select(.key % 2 == 0) | .value], [.[2:] | to_entries[] | select(.key % 2 == 1) | .value]]]' x.json >got.g
		diff want.g got.g
	done
	# A frozen header row and an autofilter on every sheet.
	run -0 jq -c '[.frozen[]], [.filter[] | . != null]' x.json
	assert_output $'[5,5,5,5,5,5]\n[true,true,true,true,true,true]'
}

@test "pakn-report -f xlsx: Quá hạn holds every overdue case, not the top N; dates are dates" {
	pakn-report "${P[@]}" --top 2 -f xlsx -o r.xlsx "$FIX"
	pakn-report "${P[@]}" --top 2 -f json "$FIX" >r.json
	run -0 jq '.overdue.count, (.overdue.cases | length)' r.json
	assert_output $'5\n2'
	xlsx_json r.xlsx >x.json
	# STT, id, agency, name, title, received, due, days overdue.
	run -0 jq -c '.cells["Quá hạn"][5:][] | [.[0], .[1], .[5].date, .[6].date, .[7]]' x.json
	assert_output - <<-'EOF2'
	[1,"R16","2021-09-20","2021-10-04",45]
	[2,"R12","2021-10-25","2021-11-08",20]
	[3,"R04","2021-11-10","2021-11-17",13]
	[4,"R07","2021-11-22","2021-11-29",5]
	[5,"R06","2021-11-18","2021-12-02",2]
	EOF2
	# The first two are the json's list.
	run -0 jq -c '[.overdue.cases[] | [.id, .overdue_days]]' r.json
	assert_output '[["R16",45],["R12",20]]'
	run -0 jq -c '[.cells["Chỉ đạo"][5:][] | [.[1], .[6]]]' x.json
	assert_output '[["R16",55],["R05",15]]'
}

@test "pakn-report -f xlsx: the same input gives the same bytes; binary output is not written to a terminal" {
	pakn-report "${P[@]}" -f xlsx -o a.xlsx "$FIX"
	pakn-report "${P[@]}" -f xlsx "$FIX" >b.xlsx
	cmp a.xlsx b.xlsx
	run -0 python3 -c 'import zipfile; print(zipfile.ZipFile("a.xlsx").read("docProps/core.xml").decode().count("2021-12-06"))'
	assert_output 2
	run -2 --separate-stderr script -qec "pakn-report ${P[*]} -f xlsx $FIX" /dev/null
	assert_output --partial '-f xlsx is binary: write it with -o FILE'
}

# same_book A B: the two workbooks hold the same entries, each with the
# same bytes once inflated, and pass zipfile's CRC check; prints the
# rows of the sheet "Quá hạn".
same_book() {
	python3 - "$1" "$2" <<-'PY'
	import re, sys, zipfile
	a, b = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2])
	assert a.testzip() is None and b.testzip() is None, "a bad CRC"
	assert a.namelist() == b.namelist(), (a.namelist(), b.namelist())
	for n in a.namelist():
	    assert a.read(n) == b.read(n), n + " differs"
	wb = a.read("xl/workbook.xml").decode()
	names = re.findall(r'<sheet name="([^"]*)"', wb)
	sheet = a.read("xl/worksheets/sheet%d.xml" % (names.index("Quá hạn") + 1)).decode()
	print(sheet.count("<row "))
	PY
}

@test "pakn-report -f xlsx: the list sheets' rows, written by pakn (xlsxrows.c), are libxlsxwriter's byte for byte" {
	pakn-report "${P[@]}" -f xlsx -o a.xlsx "$FIX"
	PAKN_XLSX_SPLICE=0 pakn-report "${P[@]}" -f xlsx -o b.xlsx "$FIX"
	run -0 same_book a.xlsx b.xlsx
	assert_output 9 # 3 title rows, the header, 5 cases
	# thousands of overdue cases: rows deflated in many pieces
	gen-sample --rows 8000 --seed 5 --format jsonl -o gen.jsonl
	Q=(--month 2026-09 --as-of 2026-10-05)
	pakn-report "${Q[@]}" -f xlsx -o a.xlsx gen.jsonl
	PAKN_XLSX_SPLICE=0 pakn-report "${Q[@]}" -f xlsx -o b.xlsx gen.jsonl
	run -0 same_book a.xlsx b.xlsx
	[ "$output" -gt 1000 ]
	# and the overdue count of -f json is the sheet's rows
	n=$(pakn-report "${Q[@]}" -f json gen.jsonl | jq .overdue.count)
	[ "$output" -eq $((n + 4)) ]
}

@test "pakn-report --split-by agency -f xlsx: one workbook per agency" {
	pakn-report "${P[@]}" --split-by agency --outdir out -f xlsx "$FIX"
	run -0 ls out
	assert_output --partial 'so-tnmt.xlsx'
	assert_output --partial 'so-xd.xlsx'
	pakn-report "${P[@]}" --split-by agency --outdir js -f json "$FIX"
	for f in out/*.xlsx; do
		b=$(basename "$f" .xlsx)
		xlsx_json "$f" >x.json
		jq -c "[.totals | $SUMFIGS[]]" "js/$b.json" >want
		jq -c '[.cells["Tổng hợp"][6:31][] | .[1] | if type == "object" then .pct else . end]' x.json >got
		diff want got
		# the scope line names the agency
		run -0 jq -r '.cells["Tổng hợp"][1][0]' x.json
		assert_output --partial 'Đơn vị: '
	done
}

# ---- the case list (--cases) ---------------------------------------------

@test "pakn-report --cases: one row per case; the counts per state are the summary's" {
	pakn-report "${P[@]}" -f json "$FIX" >r.json
	pakn-report "${P[@]}" --cases -f json "$FIX" >c.jsonl
	pakn-report "${P[@]}" --cases -f csv "$FIX" >c.csv
	pakn-report "${P[@]}" --cases -f xlsx -o c.xlsx "$FIX"
	# 12 cases: 9 received, 3 carried over.
	run -0 jq -s 'length' c.jsonl
	assert_output 12
	jq -c '.totals | {answered_on_time, answered_late, open, overdue, answered_undated, received, carried_over}' r.json >want
	jq -s -c '{answered_on_time: map(select(.state == "answered_on_time")) | length,
	           answered_late: map(select(.state == "answered_late")) | length,
	           open: map(select(.state == "open")) | length,
	           overdue: map(select(.state == "overdue")) | length,
	           answered_undated: map(select(.state == "answered_undated")) | length,
	           received: map(select(.population == "received")) | length,
	           carried_over: map(select(.population == "carried_over")) | length}' c.jsonl >got
	diff want got
	# The days are the overdue list's.
	run -0 jq -r 'select(.state == "overdue") | "\(.id) \(.days_late)"' c.jsonl
	assert_output $'R04 13\nR06 2\nR07 5\nR12 20\nR16 45'
	# The CSV holds the same rows.
	run -0 python3 -c 'import csv,json; r=list(csv.DictReader(open("c.csv"))); j=[json.loads(l) for l in open("c.jsonl")]; print(len(r), all(a["id"]==b["id"] and a["state"]==b["state"] and (a["days_late"] or None)==(None if b["days_late"] is None else str(b["days_late"])) for a,b in zip(r,j)))'
	assert_output '12 True'
	# The workbook too: states in words, per state the same counts.
	xlsx_json c.xlsx >x.json
	run -0 jq -r '[.cells["Vụ việc"][4:][] | .[10]] | group_by(.) | map("\(.[0]): \(length)") | .[]' x.json
	assert_output - <<-'EOF2'
	Quá hạn chưa trả lời: 5
	Đang xử lý trong hạn: 2
	Đã trả lời quá hạn: 2
	Đã trả lời đúng hạn: 3
	EOF2
	run -0 jq -c '.cells["Vụ việc"][4] | [.[1], .[3].date, .[9].date, .[12].date]' x.json
	assert_output '["R01","2021-11-02","2021-11-11","2021-11-05"]'
}

@test "pakn-report --cases: with --excel the Vietnamese dialect; not with text, --merge or --split-by" {
	pakn-report "${P[@]}" --cases -f csv --excel "$FIX" >c.csv
	run -0 sed -n 1p c.csv
	assert_output $'\xef\xbb\xbfid;population;received_at;agency;agency_name;channel;category;kind;due_at;state;days_late;answered_on\r'
	run -2 --separate-stderr pakn-report "${P[@]}" --cases "$FIX"
	assert_equal "$stderr" "pakn-report: --cases writes csv, json or xlsx"
	run -2 --separate-stderr pakn-report "${P[@]}" --cases -f csv --split-by agency --outdir o "$FIX"
	assert_equal "$stderr" "pakn-report: --cases reads the records: not with --merge, --partial or --split-by"
}
