#!/usr/bin/env bats
# pakn-ingest on old Excel .xls workbooks (libfreexl), from the committed
# fixtures of tests/data/xls (made once by LibreOffice: see its README).
bats_require_minimum_version 1.5.0
load test_helper

XLS="$DATA/xls"

setup() {
	cd "$BATS_TEST_TMPDIR"
}

@test "xls: strings, numbers and date styles become records; title block skipped, header row said with -v" {
	run -1 --separate-stderr pakn-ingest -v "$XLS/thang10.xls"
	[ "${#lines[@]}" -eq 2 ]
	run -0 jq -r '[.id, .received_at, .content, .agency // "-", .extra["Số lượng"]] | @tsv' <<<"$output"
	assert_line --index 0 $'PAKN-1\t2025-01-21T00:00:00+07:00\tĐường hỏng\tSở Xây dựng\t12'
	assert_line --index 1 $'PAKN-2\t2025-01-22T12:00:00+07:00\tĐèn "tắt", hỏng\t-\t3.25'
	[[ "$stderr" == *"format xls, sheet 'Tháng 10'"* ]]
	[[ "$stderr" == *"header in row 4"* ]]
	[[ "$stderr" == *"rows read 3 = written 2 + rejected 1"* ]]
}

@test "xls: the same records as the .xlsx it was made from, but for the format" {
	"$PAKN_BUILD/tools/mkxlsx" same.xlsx <<'DESC'
sheet Tháng 10
merge 4 ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ
row SỞ NỘI VỤ
blank
row Mã PAKN|Ngày tiếp nhận|Nội dung|Đơn vị xử lý|Số lượng
row PAKN-1|d:45678|Đường hỏng|Sở Xây dựng|n:12
row PAKN-2|t:45679.5|Đèn "tắt", hỏng||n:3.25
row PAKN-3|ngày xấu|Nước bẩn|UBND xã A|
DESC
	cp "$XLS/thang10.xls" same.xls
	pakn-ingest -q same.xls 2>/dev/null | jq -c 'del(.source.format)' >a.jsonl || true
	pakn-ingest -q same.xlsx 2>/dev/null | jq -c 'del(.source.format) | .source.file = "same.xls"' >b.jsonl || true
	[ -s a.jsonl ]
	run -0 diff a.jsonl b.jsonl
}

@test "xls: source.line is the sheet's row, source.sheet its name, source.format xls" {
	run -0 sh -c 'pakn-ingest -q "$1" 2>/dev/null | jq -r "[.source.line, .source.sheet, .source.format] | @tsv"' _ "$XLS/thang10.xls"
	assert_output $'5\tTháng 10\txls\n6\tTháng 10\txls'
}

@test "xls: a bad date row is rejected as in CSV, with its row and reason" {
	run -1 pakn-ingest -q --rejects rej.jsonl "$XLS/thang10.xls"
	run -0 jq -r '[.source.line, .source.format, .error, .input] | @tsv' rej.jsonl
	assert_output $'7\txls\tcolumn \'Ngày tiếp nhận\': cannot read date \'ngày xấu\'\tPAKN-3,ngày xấu,Nước bẩn,UBND xã A'
}

@test "xls: --skip-rows names the rows above the header" {
	run -1 --separate-stderr pakn-ingest -v --skip-rows 3 "$XLS/thang10.xls"
	[ "${#lines[@]}" -eq 2 ]
	run -1 pakn-ingest -v --skip-rows 4 "$XLS/thang10.xls"
	assert_output --partial "header in row 5"
}

@test "xls: --sheet by name and by number, --list-sheets" {
	run -0 --separate-stderr pakn-ingest --sheet Khác "$XLS/thang10.xls"
	[ "$(jq -r '.id + " " + .received_at + " " + .source.sheet' <<<"$output")" = "K-1 2023-03-15T00:00:00+07:00 Khác" ]
	run -0 --separate-stderr pakn-ingest --sheet 2 "$XLS/thang10.xls"
	[ "$(jq -r .id <<<"$output")" = K-1 ]
	run -0 pakn-ingest --list-sheets "$XLS/thang10.xls"
	assert_output $'1\tTháng 10\n2\tKhác\n3\tTrống'
	run -2 pakn-ingest --sheet Thiếu "$XLS/thang10.xls"
	assert_output --partial "no sheet 'Thiếu' (the sheets: 'Tháng 10', 'Khác', 'Trống')"
}

@test "xls: an empty sheet says so and exits non-zero" {
	run -1 pakn-ingest --sheet Trống "$XLS/thang10.xls"
	assert_output --partial "sheet 'Trống' is empty: no row read"
}

@test "xls: serial dates in the 1904 system" {
	run -0 --separate-stderr pakn-ingest "$XLS/d1904.xls"
	run -0 jq -r '.id + " " + .received_at' <<<"$output"
	assert_output $'Y-1 2025-01-21T00:00:00+07:00\nY-2 2025-01-21T06:00:00+07:00'
}

@test "xls: read from standard input too, whatever the file is called" {
	run -1 --separate-stderr pakn-ingest <"$XLS/thang10.xls"
	[ "${#lines[@]}" -eq 2 ]
	[ "$(jq -r .source.file <<<"${lines[0]}")" = "<stdin>" ]
	cp "$XLS/thang10.xls" export.csv
	run -1 --separate-stderr pakn-ingest -f csv export.csv
	[ "${#lines[@]}" -eq 2 ]
}

@test "xls: an encrypted workbook is named and refused, exit 2" {
	run -2 --separate-stderr pakn-ingest "$XLS/enc.xls"
	[ -z "$output" ]
	[[ "$stderr" == *"enc.xls: an encrypted (password-protected) .xls workbook, which pakn-ingest cannot read"* ]]
}

@test "xls: a truncated or damaged workbook is a clear error naming the format, exit 2" {
	head -c 3000 "$XLS/thang10.xls" >short.xls
	run -2 --separate-stderr pakn-ingest short.xls
	[ -z "$output" ]
	[[ "$stderr" == *"short.xls: not a readable .xls workbook: "* ]]
	# the OLE2 magic and nothing else
	printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\000\000\000\000' >magic.xls
	run -2 --separate-stderr pakn-ingest magic.xls
	[[ "$stderr" == *"magic.xls: not a readable .xls workbook: "* ]]
	# the container kept, the workbook's records after its BOF zeroed
	python3 -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); i = d.index(b"\x09\x08\x10\x00") + 20; d[i:i + 1000] = bytes(1000); open("bad.xls", "wb").write(d)' "$XLS/thang10.xls"
	run -2 --separate-stderr pakn-ingest bad.xls
	[[ "$stderr" == *"bad.xls: not a readable .xls workbook: its workbook stream is damaged"* ]]
	run -2 --separate-stderr pakn-ingest --list-sheets bad.xls
	[[ "$stderr" == *"not a readable .xls workbook"* ]]
	# every sector after the header zeroed
	python3 -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[512:] = bytes(len(d) - 512); open("zero.xls", "wb").write(d)' "$XLS/thang10.xls"
	run -2 --separate-stderr pakn-ingest zero.xls
	[[ "$stderr" == *"zero.xls: not a readable .xls workbook: "* ]]
}

@test "xls: an OLE2 file with no workbook stream (a .doc) says so, exit 2" {
	# thang10.xls with its "Workbook" stream renamed "Document"
	python3 -c 'import sys; w = "Workbook".encode("utf-16-le"); d = open(sys.argv[1], "rb").read(); assert d.count(w) == 1; open("doc.doc", "wb").write(d.replace(w, "Document".encode("utf-16-le")))' "$XLS/thang10.xls"
	run -2 --separate-stderr pakn-ingest doc.doc
	[ -z "$output" ]
	[[ "$stderr" == *"doc.doc: not a readable .xls workbook: an OLE2 file with no Excel workbook in it"* ]]
}
