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
	assert_output $'2021-11;total;;;;;9;3;3;2;2;5;0,3000;8;10;2;1;1;0,5000;2;0\r'
	run -0 --separate-stderr csv_rows vi.csv ';' ','
	assert_equal "$stderr" 21
	diff -u "$GOLD/month.csv" - <<<"$output"
	# --excel=vi is the same.
	pakn-report "${P[@]}" -f csv --excel=vi "$FIX" | cmp - vi.csv
}

@test "pakn-report --excel=intl: ',' and '.', BOM, CRLF; parsed back it is the report's CSV" {
	pakn-report "${P[@]}" -f csv --excel=intl "$FIX" >intl.csv
	run -0 sed -n 2p intl.csv
	assert_output $'2021-11,total,,,,,9,3,3,2,2,5,0.3000,8,10,2,1,1,0.5000,2,0\r'
	run -0 --separate-stderr csv_rows intl.csv ',' '.'
	assert_equal "$stderr" 21
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
