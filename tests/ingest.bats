#!/usr/bin/env bats
# pakn-ingest: every point of the ingest contract, on fixtures made here.
bats_require_minimum_version 1.5.0
load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	# A small Excel-style export: BOM, CRLF, a quoted comma, a quoted
	# newline, Vietnamese headers; row 3 spans lines 4-5.
	{
		printf '\xef\xbb\xbf'
		crlf <<'CSV'
Mã PAKN,Ngày tiếp nhận,Kênh tiếp nhận,Lĩnh vực,Nội dung,Người gửi,Số điện thoại,Trạng thái,Ghi chú
PAKN-1,03/08/2021 09:15,Đường dây nóng,Môi trường,"Xả thải ra kênh, gây mùi",Nguyễn Văn A,+84 912 345 678,Đang xử lý,
PAKN-2,4/8/2021,Zalo,Đất đai,Lấn chiếm đất công,Trần Thị B,0987.654.321,Đã trả lời,gọi lại
PAKN-3,2021-08-05T10:00:00,Cổng dịch vụ công,Giao thông,"Đường hỏng
nhiều ổ gà",Lê C,84912000111,Đã tiếp nhận,
PAKN-4,05/08/2021 2:30 CH,Thư điện tử,Điện,Mất điện kéo dài,,,Đã đóng,
CSV
	} > export.csv
}

@test "pakn-ingest: a BOM, CRLF, quoted comma and quoted newline CSV becomes records" {
	run -0 --separate-stderr pakn-ingest export.csv
	[ "${#lines[@]}" -eq 4 ]
	run -0 jq -r '[.id, .received_at, .channel, .category, .content] | @tsv' <<<"$output"
	assert_line --index 0 $'PAKN-1\t2021-08-03T09:15:00+07:00\thotline\tMôi trường\tXả thải ra kênh, gây mùi'
	assert_line --index 1 $'PAKN-2\t2021-08-04T00:00:00+07:00\tzalo\tĐất đai\tLấn chiếm đất công'
	assert_line --index 2 $'PAKN-3\t2021-08-05T10:00:00+07:00\tportal\tGiao thông\tĐường hỏng\\nnhiều ổ gà'
	assert_line --index 3 $'PAKN-4\t2021-08-05T14:30:00+07:00\temail\tĐiện\tMất điện kéo dài'
}

@test "pakn-ingest: source.line is the first physical line of each row, after a quoted newline too" {
	run -0 sh -c 'pakn-ingest export.csv | jq -r ".source.line"'
	assert_output $'2\n3\n4\n6'
	run -0 sh -c 'pakn-ingest export.csv | jq -r ".source | .file + \" \" + .format" | sort -u'
	assert_output "export.csv csv"
}

@test "pakn-ingest: submitter phone normalised, unmapped column kept in extra" {
	run -0 sh -c 'pakn-ingest export.csv | jq -c "[.submitter.phone, .extra]"'
	assert_line --index 0 '["0912345678",{"Ghi chú":""}]'
	assert_line --index 1 '["0987654321",{"Ghi chú":"gọi lại"}]'
	assert_line --index 2 '["0912000111",{"Ghi chú":""}]'
	assert_line --index 3 '[null,{"Ghi chú":""}]'
}

@test "pakn-ingest: status labels normalised" {
	run -0 sh -c 'pakn-ingest export.csv | jq -r .status'
	assert_output $'processing\nanswered\nreceived\nclosed'
}

@test "pakn-ingest: semicolon and tab delimiters are detected, --delimiter forces" {
	printf 'Mã PAKN;Ngày gửi;Nội dung\nX1;01/02/2024;Nội dung một, có dấu phẩy\n' > semi.csv
	run -0 sh -c 'pakn-ingest semi.csv | jq -r "[.id,.content]|@tsv"'
	assert_output $'X1\tNội dung một, có dấu phẩy'
	printf 'ID\tReceived\tContent\nT1\t2024-02-01\thello, world\n' > tab.tsv
	run -0 sh -c 'pakn-ingest tab.tsv | jq -r "[.id,.content]|@tsv"'
	assert_output $'T1\thello, world'
	# Forcing ',' on the semicolon file sees one column: no content, rejected.
	run -1 --separate-stderr pakn-ingest -d , semi.csv
	[[ "$stderr" == *"semi.csv:2:"* ]]
}

@test "pakn-ingest: headers without diacritics and in capitals are recognised" {
	printf 'MA PAKN,NGAY TIEP NHAN,KENH TIEP NHAN,LINH VUC,NOI DUNG,HO TEN,SDT,DON VI XU LY,HAN XU LY,NGAY TRA LOI,MUC DO HAI LONG,HUYEN,XA\n' > plain.csv
	printf 'A-1,01/03/2024,1022,Thue,Hoa don dien tu,Pham D,0912 111 222,Chi cuc Thue,10/03/2024,08/03/2024,Khong hai long,Binh Xuyen,Huong Canh\n' >> plain.csv
	run -0 sh -c 'pakn-ingest plain.csv | jq -c "del(.source)"'
	assert_output '{"id":"A-1","received_at":"2024-03-01T00:00:00+07:00","channel":"hotline","content":"Hoa don dien tu","category":"Thue","submitter":{"name":"Pham D","phone":"0912111222"},"location":{"district":"Binh Xuyen","commune":"Huong Canh"},"agency":"Chi cuc Thue","due_at":"2024-03-10T23:59:59+07:00","answered_at":"2024-03-08T00:00:00+07:00","satisfaction":"unsatisfied"}'
}

@test "pakn-ingest: --list-columns shows how each header maps" {
	run -0 pakn-ingest --list-columns export.csv
	assert_line --index 0 $'Mã PAKN\tid\tbuilt-in'
	assert_line --index 1 $'Ngày tiếp nhận\treceived_at\tbuilt-in'
	assert_line --index 6 $'Số điện thoại\tsubmitter.phone\tbuilt-in'
	assert_line --index 8 $'Ghi chú\textra\tbuilt-in'
}

@test "pakn-ingest: --map overrides the built-in mapping and drops columns with '-'" {
	run -0 sh -c "pakn-ingest --map 'Ghi chú=title' --map 'Người gửi=-' export.csv | jq -c '[.title, .submitter.name, .extra]' | sed -n 2p"
	assert_output '["gọi lại",null,null]'
	run -2 --separate-stderr pakn-ingest --map 'Ghi chú=nowhere' export.csv
	[[ "$stderr" == *"unknown record key 'nowhere'"* ]]
}

@test "pakn-ingest: --profile reads a saved mapping and settings" {
	printf 'Ma ho so|Ngay nhan don|Chi tiet\nH-1|12/31/2024|Noi dung\n' > p.csv
	cat > prof.yaml <<'YAML'
format: csv
delimiter: "|"
date_order: mdy
columns:
  "Ma ho so": id
  "Ngay nhan don": received_at
YAML
	run -0 sh -c 'pakn-ingest --profile prof.yaml p.csv | jq -r "[.id,.received_at,.content]|@tsv"'
	assert_output $'H-1\t2024-12-31T00:00:00+07:00\tNoi dung'
}

@test "pakn-ingest: a bad profile is a configuration error naming FILE:LINE:COLUMN" {
	printf 'format: csv\ncolumns:\n  "Ma": idd\n' > bad.yaml
	run -2 --separate-stderr pakn-ingest --profile bad.yaml export.csv
	[[ "$stderr" == *"bad.yaml:3:9: unknown record key 'idd'"* ]]
	printf 'format: csv\ncolumn: {}\n' > bad2.yaml
	run -2 --separate-stderr pakn-ingest --profile bad2.yaml export.csv
	[[ "$stderr" == *"bad2.yaml:2:1: unknown key 'column'"* ]]
}

@test "pakn-ingest: dates in every accepted form, SA/CH and Excel serials" {
	{
		echo 'ID,Ngày tiếp nhận,Nội dung'
		echo 'a,03/08/2021,x'
		echo 'b,3/8/2021 9:05,x'
		echo 'c,03/08/2021 09:05:07,x'
		echo 'd,03/08/2021 9:05 SA,x'
		echo 'e,03/08/2021 12:30 CH,x'
		echo 'f,03/08/2021 12:30 SA,x'
		echo 'g,03/08/2021 9:05 PM,x'
		echo 'h,2021-08-03T09:15:00Z,x'
		echo 'i,2021-08-03T09:15:00+07:00,x'
		echo 'j,44411,x'
		echo 'k,44411.5,x'
	} > dates.csv
	run -0 sh -c 'pakn-ingest dates.csv | jq -r .received_at'
	assert_output "2021-08-03T00:00:00+07:00
2021-08-03T09:05:00+07:00
2021-08-03T09:05:07+07:00
2021-08-03T09:05:00+07:00
2021-08-03T12:30:00+07:00
2021-08-03T00:30:00+07:00
2021-08-03T21:05:00+07:00
2021-08-03T09:15:00+00:00
2021-08-03T09:15:00+07:00
2021-08-03T00:00:00+07:00
2021-08-03T12:00:00+07:00"
	printf 'ID,Received,Content\nm,03/04/2021,x\n' > us.csv
	run -0 sh -c 'pakn-ingest --date-order mdy us.csv | jq -r .received_at'
	assert_output "2021-03-04T00:00:00+07:00"
}

@test "pakn-ingest: channel, kind and satisfaction labels; an unknown label is 'other' and kept" {
	{
		echo 'ID,Ngày,Kênh,Loại,Nội dung,Mức độ hài lòng'
		echo '1,01/01/2024,Tổng đài 1022,Phản ánh,x,Hài lòng'
		echo '2,01/01/2024,Thư điện tử,Kiến nghị,x,Không hài lòng'
		echo '3,01/01/2024,Cà phê doanh nhân,Chỉ đạo,x,Bình thường'
		echo '4,01/01/2024,Tin nhắn SMS,Khiếu nại,x,'
		echo '5,01/01/2024,Bộ phận một cửa,Tố cáo,x,'
		echo '6,01/01/2024,Chim bồ câu,Hỏi đáp,x,'
	} > labels.csv
	run -0 sh -c 'pakn-ingest labels.csv | jq -c "[.channel,.kind,.satisfaction,.extra]"'
	assert_output '["hotline","feedback","satisfied",null]
["email","petition","unsatisfied",null]
["meeting","directive","neutral",null]
["sms","complaint",null,null]
["direct","denunciation",null,null]
["other","question",null,{"Kênh":"Chim bồ câu"}]'
}

@test "pakn-ingest: rows without an id get a stable id derived from their content" {
	printf 'Ngày tiếp nhận,Nội dung\n01/01/2024,một\n01/01/2024,hai\n01/01/2024,một\n' > noid.csv
	run -0 sh -c 'pakn-ingest noid.csv | jq -r .id'
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = "${lines[2]}" ]
	[ "${lines[0]}" != "${lines[1]}" ]
	[[ "${lines[0]}" =~ ^h[0-9a-f]{16}$ ]]
	first=${lines[0]}
	run -0 sh -c 'pakn-ingest < noid.csv | jq -r .id | head -1'
	assert_output "$first"
}

@test "pakn-ingest: --dedupe keeps the first record of each id and counts the rest" {
	printf 'ID,Ngày,Nội dung\nA,01/01/2024,first\nB,01/01/2024,b\nA,02/01/2024,second\n' > dup.csv
	run -0 --separate-stderr pakn-ingest --dedupe -v dup.csv
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" == *'"first"'* ]]
	[[ "$stderr" == *"rows read 3 = written 2 + rejected 0 + duplicates dropped 1"* ]]
}

@test "pakn-ingest: bad rows go to the rejects stream with file, line and reason; the rest is written" {
	{
		echo 'ID,Ngày tiếp nhận,Nội dung'
		echo 'ok1,01/01/2024,tốt'
		echo 'bad-date,32/13/2021,x'
		echo 'no-date,,x'
		echo 'empty,01/01/2024,'
		echo 'fields,01/01/2024,x,extra'
		echo 'ok2,02/01/2024,"nhiều'
		echo 'dòng"'
		echo 'quote,01/01/2024,"abc"def'
		echo 'ok3,03/01/2024,cuối'
		printf 'open,01/01/2024,"never closed\n'
	} > bad.csv
	run -1 --separate-stderr pakn-ingest --rejects rej.jsonl bad.csv
	run -0 jq -r .id <<<"$output"
	assert_output $'ok1\nok2\nok3'
	run -0 jq -r '"\(.source.file):\(.source.line): \(.error)"' rej.jsonl
	assert_line --index 0 "bad.csv:3: column 'Ngày tiếp nhận': cannot read date '32/13/2021'"
	assert_line --index 1 "bad.csv:4: no receipt date (received_at)"
	assert_line --index 2 "bad.csv:5: empty content"
	assert_line --index 3 "bad.csv:6: expected 3 fields, found 4"
	assert_line --index 4 --partial "bad.csv:9: malformed quotes"
	assert_line --index 5 "bad.csv:11: unterminated quote"
	run -0 jq -r .input rej.jsonl
	assert_line --index 0 "bad-date,32/13/2021,x"
}

@test "pakn-ingest: without --rejects the rejects are described on stderr as FILE:LINE: reason" {
	printf 'ID,Ngày,Nội dung\nA,xx,y\nB,01/01/2024,z\n' > r.csv
	run -1 --separate-stderr pakn-ingest r.csv
	[[ "$stderr" == *"pakn-ingest: r.csv:2: column 'Ngày': cannot read date 'xx'"* ]]
	[[ "$output" == *'"id":"B"'* ]]
}

@test "pakn-ingest: a field over the size cap is rejected, the rows after it are kept" {
	{
		echo 'ID,Ngày,Nội dung'
		printf 'big,01/01/2024,%s\n' "$(head -c 3000 /dev/zero | tr '\0' a)"
		echo 'after,01/01/2024,ok'
	} > big.csv
	run -1 --separate-stderr pakn-ingest --max-field 1000 --rejects rej.jsonl big.csv
	run -0 jq -r .id <<<"$output"
	assert_output after
	run -0 jq -r '"\(.source.line): \(.error)"' rej.jsonl
	assert_output "2: field over the size cap"
}

@test "pakn-ingest: invalid UTF-8 in a UTF-8 file is rejected, the rejects file stays valid JSON" {
	printf 'ID,Ngày,Nội dung\nA,01/01/2024,caf\xc3\xa9\nB,01/01/2024,bad \xff byte\n' > inv.csv
	run -1 --separate-stderr pakn-ingest --encoding utf-8 --rejects rej.jsonl inv.csv
	[[ "$output" == *'"café"'* ]]
	run -0 jq -r '.error' rej.jsonl
	assert_output --partial "bytes invalid in the encoding"
	run -0 jq -r '.input' rej.jsonl
	assert_output "B,01/01/2024,bad � byte"
}

@test "pakn-ingest: -v says rows read = written + rejected + duplicates on a messy file" {
	gen-sample --rows 400 --seed 7 --bad-rows 12 --format csv > messy.csv
	run --separate-stderr pakn-ingest -v --dedupe --rejects rej.jsonl messy.csv
	[ "$status" -eq 1 ]
	written=$(printf '%s\n' "$output" | grep -c .)
	rejected=$(grep -c . rej.jsonl)
	[[ "$stderr" =~ rows\ read\ ([0-9]+)\ =\ written\ ([0-9]+)\ \+\ rejected\ ([0-9]+)\ \+\ duplicates\ dropped\ ([0-9]+) ]]
	[ "${BASH_REMATCH[2]}" -eq "$written" ]
	[ "${BASH_REMATCH[3]}" -eq "$rejected" ]
	[ "${BASH_REMATCH[1]}" -eq $((written + rejected + BASH_REMATCH[4])) ]
	[ "$rejected" -ge 1 ]
	# Every row of the file is accounted for: 400 data rows.
	[ "${BASH_REMATCH[1]}" -eq 400 ]
}

@test "pakn-ingest: NFD input comes out NFC" {
	# "Việt" with combining circumflex and dot below (NFD).
	printf 'ID,Ngày,Nội dung\nA,01/01/2024,Vie\xcc\x82\xcc\xa3t Nam\n' > nfd.csv
	run -0 sh -c 'pakn-ingest nfd.csv | jq -r .content | od -An -tx1 | tr -d " \n"'
	assert_output "5669e1bb8774204e616d0a"
}

@test "pakn-ingest: UTF-16 LE and BE files with BOM are read (detected, -v says so)" {
	iconv -f UTF-8 -t UTF-16LE export.csv > le.body
	{ printf '\xff\xfe'; cat le.body; } > le.csv
	run -0 --separate-stderr pakn-ingest -v le.csv
	[[ "$stderr" == *"encoding utf-16le"* ]]
	run -0 sh -c 'pakn-ingest le.csv | jq -c "del(.source)"'
	expected=$(pakn-ingest export.csv | jq -c 'del(.source)')
	assert_output "$expected"
	iconv -f UTF-8 -t UTF-16BE export.csv > be.body
	{ printf '\xfe\xff'; cat be.body; } > be.csv
	run -0 sh -c 'pakn-ingest be.csv | jq -c "del(.source)"'
	assert_output "$expected"
}

legacy_fixture() {
	# Real Vietnamese in every tone, without a BOM (legacy files have none).
	cat > legacy.utf8.csv <<'CSV'
Mã PAKN;Ngày tiếp nhận;Kênh tiếp nhận;Nội dung
L-1;03/08/2021;Đường dây nóng;Phản ánh tình trạng xả thải gây ô nhiễm môi trường tại xã Tam Đảo
L-2;04/08/2021;Thư điện tử;Đề nghị sửa chữa đường liên thôn bị hỏng nặng, người dân đi lại khó khăn
L-3;05/08/2021;Zalo;Hỏi về thủ tục cấp giấy chứng nhận quyền sử dụng đất ở huyện Bình Xuyên
CSV
}

@test "pakn-ingest: a Windows-1258 file is detected and decoded to UTF-8 NFC" {
	legacy_fixture
	iconv -f UTF-8 -t CP1258 legacy.utf8.csv > w.csv
	run -0 --separate-stderr pakn-ingest -v w.csv
	[[ "$stderr" == *"encoding windows-1258"* ]]
	run -0 sh -c 'pakn-ingest w.csv | jq -r .content'
	expected=$(cut -d';' -f4 legacy.utf8.csv | tail -n +2)
	assert_output "$expected"
	run -0 sh -c 'pakn-ingest --encoding windows-1258 w.csv | jq -r .content'
	assert_output "$expected"
}

@test "pakn-ingest: a TCVN3 file is detected and decoded" {
	legacy_fixture
	# TCVN3 has no capitals with diacritics: lower-case text only.
	tr '[:upper:]' '[:lower:]' < legacy.utf8.csv | sed 's/đ/đ/g' > lower.csv
	python3 -c 'import sys; s=open("lower.csv",encoding="utf-8").read().lower(); open("lower.csv","w",encoding="utf-8").write(s)'
	iconv -f UTF-8 -t TCVN5712-1 lower.csv > t.csv
	run -0 --separate-stderr pakn-ingest -v --map 'mã pakn=id' t.csv
	[[ "$stderr" == *"encoding tcvn3"* ]]
	run -0 sh -c 'pakn-ingest t.csv | jq -r .content'
	expected=$(cut -d';' -f4 lower.csv | tail -n +2)
	assert_output "$expected"
}

@test "pakn-ingest: a VNI-Windows file is detected and decoded" {
	# "Việt Nam xả thải ô nhiễm đường" in VNI: base letters + mark bytes.
	{
		printf 'ID;Ngay;Noi dung\n'
		printf 'V-1;01/01/2024;Vie\xe4t Nam xa\xfb tha\xfbi o\xe2 nhie\xe3m \xf1\xf6\xf4\xf8ng\n'
		printf 'V-2;01/01/2024;Pha\xfbn a\xf9nh t\xecnh tra\xefng \xf1\xf6\xf4\xf8ng ho\xfbng\n'
	} > vni.csv
	run -0 --separate-stderr pakn-ingest -v vni.csv
	[[ "$stderr" == *"encoding vni"* ]]
	run -0 sh -c 'pakn-ingest vni.csv | jq -r .content'
	assert_output $'Việt Nam xả thải ô nhiễm đường\nPhản ánh tình trạng đường hỏng'
}

@test "pakn-ingest: JSON lines input is detected, its keys mapped, the rest kept in extra" {
	cat > in.jsonl <<'JSON'
{"Mã PAKN":"J-1","Ngày tiếp nhận":"03/08/2021 09:15","Kênh":"Zalo","Nội dung":"Xả thải","Điểm":5,"tags":["a","b"]}

{"id":"J-2","received_at":"2021-08-04T08:00:00+07:00","channel":"email","content":"Đèn hỏng","submitter":{"name":"An","phone":"+84912345678"}}
not json
JSON
	run -1 --separate-stderr pakn-ingest --rejects rej.jsonl in.jsonl
	run -0 jq -c 'del(.source)' <<<"$output"
	assert_line --index 0 '{"id":"J-1","received_at":"2021-08-03T09:15:00+07:00","channel":"zalo","content":"Xả thải","extra":{"Điểm":"5","tags":["a","b"]}}'
	assert_line --index 1 '{"id":"J-2","received_at":"2021-08-04T08:00:00+07:00","channel":"email","content":"Đèn hỏng","submitter":{"name":"An","phone":"0912345678"}}'
	run -0 jq -r '"\(.source.line) \(.source.format)"' rej.jsonl
	assert_output "4 jsonl"
}

@test "pakn-ingest: a JSON array of objects is read, each element with its line" {
	cat > in.json <<'JSON'
[
  {"ID": "A-1", "Ngày gửi": "01/02/2024", "Nội dung": "một"},
  {"ID": "A-2",
   "Ngày gửi": "02/02/2024", "Nội dung": "hai"},
  {"ID": "A-3", "Ngày gửi": "bad", "Nội dung": "ba"}
]
JSON
	run -1 --separate-stderr pakn-ingest in.json
	run -0 jq -r '"\(.id) \(.source.line) \(.source.format)"' <<<"$output"
	assert_output $'A-1 2 json\nA-2 3 json'
	[[ "$stderr" == *"in.json:5: column 'Ngày gửi': cannot read date 'bad'"* ]]
}

@test "pakn-ingest: --format forces the reader" {
	printf '{"a":1}\n' > looks.json
	run -1 --separate-stderr pakn-ingest --format csv looks.json
	run -2 --separate-stderr pakn-ingest --format xml looks.json
	[[ "$stderr" == *"unknown format 'xml'"* ]]
}

@test "pakn-ingest: standard input, '-' and several files in order" {
	run -0 sh -c 'cat export.csv | pakn-ingest | jq -r .source.file | sort -u'
	assert_output "<stdin>"
	run -0 sh -c 'pakn-ingest export.csv - < export.csv | jq -r .source.file | uniq -c | awk "{print \$1, \$2}"'
	assert_output $'4 export.csv\n4 <stdin>'
}

@test "pakn-ingest: empty input writes nothing and succeeds" {
	: > empty.csv
	run -0 --separate-stderr pakn-ingest empty.csv
	assert_output ""
	run -0 --separate-stderr pakn-ingest < /dev/null
	assert_output ""
}

@test "pakn-ingest: usage errors exit 2; --help and --version exit 0" {
	run -2 --separate-stderr pakn-ingest --no-such-option
	[[ "$stderr" == *"usage: pakn-ingest"* ]]
	run -2 --separate-stderr pakn-ingest --encoding klingon x.csv
	[[ "$stderr" == *"--encoding 'klingon'"* ]]
	run -0 pakn-ingest --help
	assert_output --partial "Examples:"
	run -0 pakn-ingest --version
	assert_output --regexp '^pakn-ingest [0-9]'
}

@test "pakn-ingest: a missing file is an I/O error (3) and the other files are still read" {
	run -3 --separate-stderr pakn-ingest nosuch.csv export.csv
	[[ "$stderr" == *"nosuch.csv: cannot open"* ]]
	[ "${#lines[@]}" -eq 4 ]
}

@test "pakn-ingest: writing to a full disk is an error, not silence" {
	run -3 --separate-stderr sh -c 'pakn-ingest export.csv > /dev/full'
	[[ "$stderr" == *"write error"* ]]
}

@test "pakn-ingest: -o to a device, a FIFO or a symbolic link writes through it, never replaces it" {
	[ -c /dev/full ] || skip "/dev/full is not a device here"
	run -3 --separate-stderr pakn-ingest -o /dev/full export.csv
	assert_equal "$stderr" "pakn-ingest: /dev/full: write error: No space left on device"
	[ -c /dev/full ]
	echo old > real.jsonl
	ln -s real.jsonl link.jsonl
	run -0 pakn-ingest -o link.jsonl export.csv
	[ -L link.jsonl ]
	[ "$(wc -l < real.jsonl)" -eq 4 ]
	mkfifo fifo
	cat fifo > from-fifo &
	run -0 pakn-ingest -o fifo export.csv
	wait
	[ -p fifo ]
	[ "$(wc -l < from-fifo)" -eq 4 ]
}

@test "pakn-ingest: -o writes the file only when the run succeeds" {
	run -0 pakn-ingest -o out.jsonl export.csv
	[ "$(wc -l < out.jsonl)" -eq 4 ]
	ls -a > listing
	run ! grep -q 'tmp' listing
}

@test "pakn-ingest: a closed pipe ends quietly with status 0" {
	gen-sample --rows 3000 --seed 3 --format csv > many.csv
	run -0 --separate-stderr sh -c 'pakn-ingest many.csv | head -n 1 > /dev/null; echo "${PIPESTATUS:-x}"'
	run --separate-stderr bash -c 'set -o pipefail; pakn-ingest many.csv | head -n 1 >/dev/null'
	[ "$status" -eq 0 ]
	assert_equal "$stderr" ""
}

@test "pakn-ingest: the committed sample is ingested without a reject" {
	run -0 --separate-stderr pakn-ingest -v "$DATA/sample.csv"
	[ "${#lines[@]}" -eq 300 ]
	[[ "$stderr" == *"rows read 300 = written 300 + rejected 0"* ]]
}

# ---- issue 9: hardening the input side --------------------------------

@test "pakn-ingest: a header that is not valid UTF-8 is repaired (U+FFFD) with a warning; the records pass pakn-route" {
	printf '\xef\xbb\xbfID,Ngay,Noi dung,X\xff\nA1,01/01/2024,abc,v\n' > badhdr.csv
	run -0 --separate-stderr pakn-ingest badhdr.csv
	[[ "$stderr" == *"header of column 4 is not valid text"* ]]
	run -0 jq -r '.extra | keys[0]' <<<"$output"
	assert_output $'X\xef\xbf\xbd'
	run -0 sh -c 'pakn-ingest -q badhdr.csv 2>/dev/null | pakn-route -r "$1" | jq -r .id' _ "$DATA/route/rules.yaml"
	assert_output "A1"
	# The header shows in a reject's error text as valid text too.
	printf '\xef\xbb\xbfID,Ngay,Noi dung,X\xff\nA1,01/01/2024,abc,\xfe\n' > badhdr2.csv
	run -1 pakn-ingest -q --rejects rej.jsonl badhdr2.csv
	run -0 jq -r .error rej.jsonl
	assert_output $'column \'X\xef\xbf\xbd\': bytes invalid in the encoding at byte 1 (try --encoding)'
}

@test "pakn-ingest: a NUL byte in a field rejects its row with the reason; what is written passes pakn-route" {
	printf 'ID,Ngày tiếp nhận,Nội dung\nA1,01/01/2024,x\000y\nA2,01/01/2024,ok\n' > nul.csv
	run -1 --separate-stderr bash -o pipefail -c 'pakn-ingest --rejects rej.jsonl nul.csv > out.jsonl'
	run -0 jq -r '[.source.line, .error] | @tsv' rej.jsonl
	assert_output $'2\tcolumn \'Nội dung\': a NUL byte at byte 2 (a damaged or binary file?)'
	run -0 sh -c 'pakn-route -r "$1" out.jsonl | jq -r .id' _ "$DATA/route/rules.yaml"
	assert_output "A2"
	# A \u0000 in a JSON row is rejected the same way.
	printf '{"id":"J1","received_at":"2024-01-01","content":"a\\u0000b"}\n{"id":"J2","received_at":"2024-01-01","content":"ok"}\n' > nul.jsonl
	run -1 --separate-stderr bash -o pipefail -c 'pakn-ingest nul.jsonl | jq -r .id'
	assert_output "J2"
	[[ "$stderr" == *"column 'content': a NUL byte at byte 2"* ]]
}

@test "pakn-ingest: a JSON array's elements that are not objects are each a reject with its line, counted" {
	printf '[{"id":"a","received_at":"2024-01-01","content":"x"},\n"chuỗi",\n42, null,\n{"id":"b","received_at":"2024-01-01","content":"y"}, [1]]\n' > mixed.json
	run -1 --separate-stderr pakn-ingest -v --rejects rej.jsonl mixed.json
	[ "${#lines[@]}" -eq 2 ]
	[[ "$stderr" == *"rows read 6 = written 2 + rejected 4 + duplicates dropped 0"* ]]
	run -0 jq -r '[.source.line, .error, .input] | @tsv' rej.jsonl
	assert_output $'2\telement is a JSON string, not an object\t"chuỗi"\n3\telement is a JSON number, not an object\t42\n3\telement is null, not an object\tnull\n4\telement is a JSON array, not an object\t[1]'
}

@test "pakn-ingest: a JSON array's element over the size cap is a reject, the rest is read, memory stays small" {
	python3 -c '
import json, sys
big = "x" * (6 * 1024 * 1024)
sys.stdout.write(json.dumps([{"id": "a", "received_at": "2024-01-01", "content": big},
                             {"id": "b", "received_at": "2024-01-01", "content": "y"},
                             {"id": "c", "received_at": "2024-01-01", "content": big[:2000000]}]))' > big.json
	run -1 --separate-stderr bash -o pipefail -c 'pakn-ingest --rejects rej.jsonl big.json | jq -r .id'
	assert_output "b"
	run -0 jq -r '[.source.line, .error] | @tsv' rej.jsonl
	assert_line --index 0 --partial $'1\telement over the size cap ('
	assert_line --index 1 --partial $'1\tcolumn \'content\': value over the size cap (2000000 bytes'
	# A long array on one line is streamed, not held whole.
	python3 -c '
import json, sys
sys.stdout.write(json.dumps([{"id": "r%d" % i, "received_at": "2024-01-01", "content": "z" * 500} for i in range(40000)]))' > many.json
	run -0 sh -c '/usr/bin/time -f "%M" pakn-ingest -q many.json 2>mem | wc -l'
	assert_output "40000"
	# (peak memory, in KiB: the file is 22 MB; sanitizers add their own)
	grep -q __asan_init "$PAKN_BUILD/pakn-ingest" || [ "$(tail -1 mem)" -lt 15000 ]
}

@test "pakn-ingest: a stray opening quote costs only its own row; the reject says why" {
	{
		printf 'Mã PAKN,Ngày tiếp nhận,Nội dung\n'
		for i in $(seq 1 1000); do
			if [ "$i" = 10 ]; then
				printf 'A%d,01/01/2024,"Nội dung bị lỗi %d\n' "$i" "$i"
			else
				printf 'A%d,01/01/2024,ok %d\n' "$i" "$i"
			fi
		done
	} > stray.csv
	run -1 --separate-stderr bash -o pipefail -c 'pakn-ingest --rejects rej.jsonl stray.csv | wc -l'
	assert_output "999"
	run -0 jq -r '[.source.line, .source.column, .input] | @tsv' rej.jsonl
	assert_output $'11\t16\tA10,01/01/2024,"Nội dung bị lỗi 10'
	run -0 jq -r .error rej.jsonl
	assert_output --partial "unterminated quote"
	assert_output --partial "so this row ends at its line"
	# A quote closed by a later quoted field: still only its own row.
	printf 'ID,Ngày tiếp nhận,Nội dung\nA1,01/01/2024,"bad\nA2,01/01/2024,ok\nA3,01/01/2024,"có ""trích"" dẫn"\nA4,01/01/2024,ok\n' > stray2.csv
	run -1 --separate-stderr bash -o pipefail -c 'pakn-ingest stray2.csv | jq -r .id'
	assert_output $'A2\nA3\nA4'
	# A real quoted line break is still one row.
	printf 'ID,Ngày tiếp nhận,Nội dung\nA1,01/01/2024,"dòng 1\ndòng 2"\nA2,01/01/2024,ok\n' > ok.csv
	run -0 sh -c 'pakn-ingest ok.csv | jq -r "[.id, .content, .source.line] | @tsv"'
	assert_output $'A1\tdòng 1\\ndòng 2\t2\nA2\tok\t4'
}

@test "pakn-ingest: a bare CR inside a row: the row after it is rejected with its line, its own text, and a message" {
	printf 'Mã PAKN,Ngày tiếp nhận,Nội dung\nA1,05/10/2026,ok\rA2,06/10/2026\nA3,07/10/2026,ok\n' > cr.csv
	run -1 --separate-stderr pakn-ingest cr.csv
	[[ "$stderr" == *"cr.csv:2: expected 3 fields, found 2"* ]]
	run -0 jq -r .id <<<"$output"
	assert_output $'A1\nA3'
	run -1 pakn-ingest -q --rejects rej.jsonl cr.csv
	run -0 jq -r '[.source.line, .input] | @tsv' rej.jsonl
	assert_output $'2\tA2,06/10/2026'
}

@test "pakn-ingest: a file that is not text says what it looks like and exits 2, never '0 rows, exit 0'" {
	python3 -c '
import zipfile
with zipfile.ZipFile("book.xlsx", "w") as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.xml", "<workbook/>")'
	run -2 --separate-stderr pakn-ingest book.xlsx
	[ -z "$output" ]
	[[ "$stderr" == *"book.xlsx: not a readable .xlsx workbook"* ]]
	printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\000\000\000\000' > old.xls
	run -2 --separate-stderr pakn-ingest old.xls
	[[ "$stderr" == *"old.xls: not a readable .xls workbook"* ]]
	head -c 4096 /dev/urandom > noise.bin
	run -2 --separate-stderr pakn-ingest -f csv noise.bin
	[[ "$stderr" == *"noise.bin: looks like"* ]]
	# One NUL in a text file is not binary: only its row goes.
	printf 'ID,Ngày tiếp nhận,Nội dung\nA1,01/01/2024,x\000y\nA2,01/01/2024,ok\n' > onenul.csv
	run -1 --separate-stderr pakn-ingest onenul.csv
	[ "${#lines[@]}" -eq 1 ]
}

@test "record layer: one NUL rule for every program: \\u0000 escapes taken, a raw NUL after a number refused" {
	printf '{"id":"X","received_at":"2024-01-01T00:00:00+07:00","channel":"other","content":"a\\u0000b","\\u0000k":1}\n' > esc.jsonl
	printf '{"id":"Y","received_at":"2024-01-01T00:00:00+07:00","channel":"other","content":"a","n":1\000}\n' > raw.jsonl
	run -0 sh -c 'pakn-route -q -r "$1" esc.jsonl | jq -r .id' _ "$DATA/route/rules.yaml"
	assert_output "X"
	run -0 sh -c 'pakn-deadline -q esc.jsonl | jq -r .id'
	assert_output "X"
	run -1 --separate-stderr pakn-route -r "$DATA/route/rules.yaml" raw.jsonl
	[[ "$stderr" == *"raw.jsonl:1:90: invalid JSON: NUL byte after a value"* ]]
	run -1 --separate-stderr pakn-deadline raw.jsonl
	[[ "$stderr" == *"NUL byte after a value"* ]]
	run --separate-stderr pakn-report --format json --month 2024-01 raw.jsonl
	[[ "$stderr" == *"NUL byte after a value"* ]]
	run -0 --separate-stderr sh -c 'pakn-report --format json --month 2024-01 esc.jsonl | jq .received'
	[ "$stderr" = "" ]
}

@test "pakn-ingest: a header of one open quote, and an empty JSON array (clang UBSan: no NULL + 0)" {
	printf '"abc' > q.csv
	run -1 --separate-stderr pakn-ingest q.csv
	[[ "$stderr" == *"q.csv:1:1: header: unterminated quote"* ]]
	printf '[]' > e.json
	run -0 pakn-ingest -f json e.json
	printf '[{"id":"a","received_at":"2024-01-01","content":"x"}]' > one.json
	run -0 sh -c 'pakn-ingest one.json | jq -r .id'
	assert_output "a"
}

@test "pakn-ingest: two columns under one header (or two empty headers) in extra get distinct keys (found by fuzz_ingest)" {
	printf 'ID,Ngày,Nội dung,Ghi chú,Ghi chú,,\nA,01/01/2024,x,a,b,c,d\n' > dup.csv
	run -0 sh -c 'pakn-ingest dup.csv | jq -c .extra'
	assert_output '{"Ghi chú":"a","Ghi chú (5)":"b","":"c"," (7)":"d"}'
	run -0 sh -c 'pakn-ingest dup.csv | pakn-route -q -r "$1" | jq -r .id' _ "$DATA/route/rules.yaml"
	assert_output "A"
}
