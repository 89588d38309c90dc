#!/usr/bin/env bats
# pakn-ingest on .xlsx workbooks: written here by tests/tools/mkxlsx
# (libxlsxwriter), or by hand with python3's zipfile where libxlsxwriter
# cannot (inline strings, the 1904 date system).
bats_require_minimum_version 1.5.0
load test_helper

MKXLSX="$PAKN_BUILD/tools/mkxlsx"

setup() {
	cd "$BATS_TEST_TMPDIR"
	# A provincial export: a title block (a merged row, an office, a blank
	# row), then the header in row 4; row 7 has a bad date.  A second
	# sheet, and an empty third one.
	"$MKXLSX" thang10.xlsx <<'DESC'
sheet Tháng 10
merge 4 ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ
row SỞ NỘI VỤ
blank
row Mã PAKN|Ngày tiếp nhận|Nội dung|Đơn vị xử lý
row PAKN-1|d:45678|Đường hỏng|Sở Xây dựng
row PAKN-2|t:45679.5|Đèn "tắt", hỏng|
row PAKN-3|ngày xấu|Nước bẩn|UBND xã A
sheet Khác
row Mã PAKN|Ngày tiếp nhận|Nội dung
row K-1|d:45000|Rác thải
sheet Trống
DESC
}

# mkzip OUT NAME=TEXT...: a zip of the given entries.
mkzip() {
	python3 - "$@" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_STORED) as z:
    for a in sys.argv[2:]:
        name, text = a.split("=", 1)
        z.writestr(name, text)
PY
}

# A minimal hand-made workbook around one sheet XML ($2) and workbookPr
# attributes ($3), with $4 between the sheet's XML declaration and its
# root.
handmade() {
	mkzip "$1" \
		'[Content_Types].xml=<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>' \
		"xl/workbook.xml=<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><workbookPr $3/><sheets><sheet name=\"DS\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>" \
		'xl/_rels/workbook.xml.rels=<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' \
		'xl/styles.xml=<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="&quot;Số &quot;0"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>' \
		"xl/worksheets/sheet1.xml=<?xml version=\"1.0\"?>${4:-}<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>$2</sheetData></worksheet>"
}

@test "xlsx: shared strings and date styles become records; title block skipped, header row said with -v" {
	run -1 --separate-stderr pakn-ingest -v thang10.xlsx
	[ "${#lines[@]}" -eq 2 ]
	run -0 jq -r '[.id, .received_at, .content, .agency // "-"] | @tsv' <<<"$output"
	assert_line --index 0 $'PAKN-1\t2025-01-21T00:00:00+07:00\tĐường hỏng\tSở Xây dựng'
	assert_line --index 1 $'PAKN-2\t2025-01-22T12:00:00+07:00\tĐèn "tắt", hỏng\t-'
	run -1 pakn-ingest -v thang10.xlsx
	assert_output --partial "header in row 4"
	assert_output --partial "rows read 3 = written 2 + rejected 1"
}

@test "xlsx: source.line is the sheet's row, source.sheet its name" {
	run -0 sh -c 'pakn-ingest -q thang10.xlsx 2>/dev/null | jq -r "[.source.line, .source.sheet, .source.format] | @tsv"'
	assert_output $'5\tTháng 10\txlsx\n6\tTháng 10\txlsx'
}

@test "xlsx: a bad date row is rejected as in CSV, with its row and reason" {
	run -1 pakn-ingest -q --rejects rej.jsonl thang10.xlsx
	run -0 jq -r '[.source.line, .source.format, .error, .input] | @tsv' rej.jsonl
	assert_output $'7\txlsx\tcolumn \'Ngày tiếp nhận\': cannot read date \'ngày xấu\'\tPAKN-3,ngày xấu,Nước bẩn,UBND xã A'
	# the same row as CSV gets the same reason
	printf 'Mã PAKN,Ngày tiếp nhận,Nội dung,Đơn vị xử lý\nPAKN-3,ngày xấu,Nước bẩn,UBND xã A\n' >same.csv
	run -1 pakn-ingest -q --rejects rejc.jsonl same.csv
	[ "$(jq -r .error rej.jsonl)" = "$(jq -r .error rejc.jsonl)" ]
}

@test "xlsx: --skip-rows names the rows above the header" {
	run -1 --separate-stderr pakn-ingest -v --skip-rows 3 thang10.xlsx
	[ "${#lines[@]}" -eq 2 ]
	[[ "$stderr" == *"header in row 4"* ]]
	run -1 pakn-ingest -v --skip-rows 4 thang10.xlsx
	assert_output --partial "header in row 5"
}

@test "xlsx: merged header cells give their text to the first column" {
	"$MKXLSX" m.xlsx <<'DESC'
hmerge 2 Mã PAKN
row ||Ngày tiếp nhận|Nội dung
row A-1|gọi lại|d:45678|Có rác
DESC
	run -0 --separate-stderr pakn-ingest --list-columns m.xlsx
	assert_line --index 0 $'Mã PAKN\tid\tbuilt-in'
	assert_line --index 2 $'Ngày tiếp nhận\treceived_at\tbuilt-in'
	run -0 --separate-stderr pakn-ingest m.xlsx
	[ "$(jq -r '.id + " " + .content' <<<"$output")" = "A-1 Có rác" ]
}

@test "xlsx: --sheet by name and by number, --list-sheets" {
	run -0 --separate-stderr pakn-ingest --sheet Khác thang10.xlsx
	[ "$(jq -r '.id + " " + .received_at + " " + .source.sheet' <<<"$output")" = "K-1 2023-03-15T00:00:00+07:00 Khác" ]
	run -0 --separate-stderr pakn-ingest --sheet 2 thang10.xlsx
	[ "$(jq -r .id <<<"$output")" = K-1 ]
	run -0 pakn-ingest --list-sheets thang10.xlsx
	assert_output $'1\tTháng 10\n2\tKhác\n3\tTrống'
	run -2 pakn-ingest --sheet Thiếu thang10.xlsx
	assert_output --partial "no sheet 'Thiếu'"
}

@test "xlsx: an empty sheet says so and exits non-zero" {
	run -1 pakn-ingest --sheet Trống thang10.xlsx
	assert_output --partial "sheet 'Trống' is empty: no row read"
}

@test "xlsx: read from standard input too" {
	run -1 --separate-stderr pakn-ingest <thang10.xlsx
	[ "${#lines[@]}" -eq 2 ]
}

@test "xlsx: inline strings, t=str, booleans and cell references with gaps (hand-made)" {
	handmade inl.xlsx '<row r="1"><c r="A1" t="inlineStr"><is><t>Mã PAKN</t></is></c><c r="B1" t="inlineStr"><is><t>Ngày tiếp nhận</t></is></c><c r="D1" t="inlineStr"><is><r><t>Nội </t></r><r><t>dung</t></r></is></c><c r="E1" t="inlineStr"><is><t>Ghi chú</t></is></c></row><row r="3"><c r="A3" t="str"><v>X-9</v></c><c r="B3" s="1"><v>45678.25</v></c><c r="D3" t="inlineStr"><is><t>Ngập</t></is></c><c r="E3" t="b"><v>1</v></c></row>' ''
	run -0 --separate-stderr pakn-ingest inl.xlsx
	[ "$(jq -r '[.id, .received_at, .content, .extra["Ghi chú"], .source.line] | @tsv' <<<"$output")" = $'X-9\t2025-01-21T06:00:00+07:00\tNgập\tTRUE\t3' ]
}

@test "xlsx: serial dates in the 1904 system, and a quoted-text format is not a date" {
	handmade d4.xlsx '<row r="1"><c r="A1" t="inlineStr"><is><t>Mã PAKN</t></is></c><c r="B1" t="inlineStr"><is><t>Ngày tiếp nhận</t></is></c><c r="C1" t="inlineStr"><is><t>Nội dung</t></is></c><c r="D1" t="inlineStr"><is><t>Số</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Y-1</t></is></c><c r="B2" s="1"><v>44216</v></c><c r="C2" t="inlineStr"><is><t>abc</t></is></c><c r="D2" s="2"><v>7</v></c></row>' 'date1904="1"'
	run -0 --separate-stderr pakn-ingest d4.xlsx
	# 44216 in the 1904 system is 44216 + 1462 = 45678 in the 1900 one
	[ "$(jq -r '.received_at + " " + .extra["Số"]' <<<"$output")" = "2025-01-21T00:00:00+07:00 7" ]
	handmade d0.xlsx '<row r="1"><c r="A1" t="inlineStr"><is><t>Mã PAKN</t></is></c><c r="B1" t="inlineStr"><is><t>Ngày tiếp nhận</t></is></c><c r="C1" t="inlineStr"><is><t>Nội dung</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Y-1</t></is></c><c r="B2" s="1"><v>59</v></c><c r="C2" t="inlineStr"><is><t>abc</t></is></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>Y-2</t></is></c><c r="B3" s="1"><v>61</v></c><c r="C3" t="inlineStr"><is><t>abc</t></is></c></row>' ''
	run -0 --separate-stderr pakn-ingest d0.xlsx
	# Excel's 1900-02-29 is serial 60: 59 and 61 are the days around it
	assert_output --partial '"received_at":"1900-02-28T00:00:00+07:00"'
	assert_output --partial '"received_at":"1900-03-01T00:00:00+07:00"'
}

@test "xlsx: the sheet's XML: references, line ends, CDATA, a DOCTYPE; a broken sheet names its line, exit 2" {
	head='<row r="1"><c r="A1" t="inlineStr"><is><t>Mã PAKN</t></is></c><c r="B1" t="inlineStr"><is><t>Ngày tiếp nhận</t></is></c><c r="C1" t="inlineStr"><is><t>Nội dung</t></is></c></row>'
	handmade x.xlsx "$head"$'<row r="2"><c r="A2" t="inlineStr"><is><t>X&amp;1</t></is></c><c r="B2" s="1"><v>45678</v></c><c r="C2" t="inlineStr"><is><t>Ngập\r\nsâu &#x1EA1;&#7841; <![CDATA[<b>&amp;</b>]]></t></is></c></row>' ''
	run -0 --separate-stderr pakn-ingest x.xlsx
	[ "$(jq -r '.id' <<<"$output")" = 'X&1' ]
	[ "$(jq -r '.content' <<<"$output")" = $'Ngập\nsâu ạạ <b>&amp;</b>' ]
	# a document type declaration (an entity defined in it): read by expat
	handmade dt.xlsx "$head"'<row r="2"><c r="A2" t="inlineStr"><is><t>&ma;-2</t></is></c><c r="B2" s="1"><v>45678</v></c><c r="C2" t="inlineStr"><is><t>abc</t></is></c></row>' '' '<!DOCTYPE worksheet [<!ENTITY ma "PAKN">]>'
	run -0 --separate-stderr pakn-ingest dt.xlsx
	[ "$(jq -r '.id + " " + .content' <<<"$output")" = 'PAKN-2 abc' ]
	# an element left open, on the sheet's third line
	handmade br.xlsx "$head"$'\n<row r="2">\n<c r="A2"><v>1</v></row>' ''
	run -2 pakn-ingest br.xlsx
	assert_output --partial "not a readable .xlsx workbook: sheet XML: mismatched tag at line 3"
}

@test "xlsx: a corrupt zip is a clear error, exit 2" {
	head -c 2000 thang10.xlsx >broken.xlsx
	run -2 pakn-ingest broken.xlsx
	assert_output --partial "not a readable .xlsx workbook: corrupt zip"
	# a zip with xl/workbook.xml named but without the entry
	mkzip nowb.xlsx '[Content_Types].xml=<Types><Override PartName="/xl/workbook.xml"/></Types>'
	run -2 pakn-ingest nowb.xlsx
	assert_output --partial "no xl/workbook.xml"
}

@test "xlsx: .ods, .xlsb and encrypted workbooks are named and refused, exit 2" {
	mkzip s.ods 'mimetype=application/vnd.oasis.opendocument.spreadsheet' 'content.xml=<x/>'
	run -2 pakn-ingest s.ods
	assert_output --partial "OpenDocument .ods spreadsheet"
	mkzip b.xlsb '[Content_Types].xml=<Types><Override PartName="/xl/workbook.bin"/></Types>' 'xl/workbook.bin=x'
	run -2 pakn-ingest b.xlsb
	assert_output --partial ".xlsb"
	python3 -c 'import sys; sys.stdout.buffer.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0"*120 + "EncryptedPackage".encode("utf-16-le") + b"\0"*400)' >enc.xlsx
	run -2 pakn-ingest enc.xlsx
	assert_output --partial "encrypted"
}

@test "pakn-ingest: the sample export as a workbook (inline or shared strings) gives the CSV's records" {
	# tests/bench/csv2xlsx writes the committed sample with libxlsxwriter:
	# dates as serial numbers with a date style, STT as numbers.
	"$PAKN_BUILD/bench/csv2xlsx" "$DATA/sample.csv" inline.xlsx
	"$PAKN_BUILD/bench/csv2xlsx" -s "$DATA/sample.csv" shared.xlsx
	unzip -l shared.xlsx | grep -q sharedStrings.xml
	pakn-ingest -q "$DATA/sample.csv" | jq -c 'del(.source)' >csv.jsonl
	[ "$(wc -l <csv.jsonl)" -eq 300 ]
	for b in inline shared; do
		pakn-ingest -q $b.xlsx >$b.out
		jq -c 'del(.source)' $b.out | diff csv.jsonl -
		# source.line is the sheet's row (header row 1: cases from 2).
		run -0 jq -r '[.source.sheet, .source.line] | @tsv' $b.out
		assert_line -n 0 $'Danh sách PAKN\t2'
		assert_line -n 299 $'Danh sách PAKN\t301'
	done
}
