#!/usr/bin/env bats
# pakn-publish -f html in a real browser: headless Chromium opens the Q&A
# page, which must render with no console error (no script; its
# Content-Security-Policy would report anything fetched or run), keep a
# <script> written in a question as text, filter by category with plain
# CSS (the #cN fragment shows that category alone), and print with nothing
# of the senders on it.  The printed PDF is read back with poppler-utils.
# Chromium and poppler-utils come from scripts/setup.
bats_require_minimum_version 1.5.0
load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	[ -n "$CHROMIUM" ] || skip "chromium is not installed (scripts/setup installs it)"
	command -v pdftotext >/dev/null || skip "poppler-utils is not installed (scripts/setup installs it)"
	# Five answered cases in two categories, each with personal data in
	# its text and a submitter; one question carries markup.
	{
		printf '{"id":"Q1","received_at":"2025-08-04T08:00:00+07:00","answered_at":"2025-08-08T10:00:00+07:00","status":"answered","channel":"portal","kind":"question","category":"Đất đai","agency":"so-nnmt","agency_name":"Sở Nông nghiệp và Môi trường","title":"Cấp sổ đỏ","content":"Tôi là Trần Thị Bích, nhà số 12 ngõ 5, gọi 0912 345 678. <script>alert(1)</script>","answer":"Đề nghị bà Trần Thị Bích liên hệ bộ phận một cửa.","submitter":{"name":"Trần Thị Bích","phone":"0912345678"}}\n'
		printf '{"id":"Q2","received_at":"2025-08-05T08:00:00+07:00","answered_at":"2025-08-11T10:00:00+07:00","status":"answered","channel":"hotline","kind":"question","category":"Đất đai","agency":"so-nnmt","agency_name":"Sở Nông nghiệp và Môi trường","content":"Ong Le Van Cuong hỏi về thuế đất, email cuong.le@example.vn","answer":"Theo Nghị định 103/2024/NĐ-CP, Điều 8, mức thu là 5.000.000 đồng.","submitter":{"name":"Lê Văn Cường","email":"cuong.le@example.vn"}}\n'
		printf '{"id":"Q3","received_at":"2025-08-06T08:00:00+07:00","answered_at":"2025-08-12T10:00:00+07:00","status":"closed","channel":"zalo","kind":"feedback","category":"Giao thông","agency":"so-xd","agency_name":"Sở Xây dựng","content":"Xe 19A-123.45 đỗ trên Quốc lộ 2 cả ngày, anh Phạm Minh Đức báo.","answer":"Đã xử lý.","submitter":{"name":"Phạm Minh Đức","phone":"0987654321"}}\n'
		printf '{"id":"Q4","received_at":"2025-08-07T08:00:00+07:00","answered_at":"2025-08-13T10:00:00+07:00","status":"answered","channel":"portal","kind":"feedback","category":"Giao thông","agency":"so-xd","agency_name":"Sở Xây dựng","content":"Đèn tín hiệu hỏng, CCCD 025190001234 của tôi.","answer":"Đã sửa.","submitter":{"name":"Hoàng Thu Hà","phone":"0369123456"}}\n'
		printf '{"id":"Q5","received_at":"2025-08-08T08:00:00+07:00","answered_at":"2025-08-14T10:00:00+07:00","status":"answered","channel":"portal","kind":"feedback","category":"Giao thông","agency":"so-xd","agency_name":"Sở Xây dựng","content":"Ổ gà trên tỉnh lộ 305.","answer":"Đã vá.","submitter":{"name":"Đỗ Quang Vinh"}}\n'
	} >cases.jsonl
	pakn-publish -f html --title 'UBND tỉnh Phú Thọ' -o hoi-dap.html cases.jsonl
}

# print_text URL: the page printed to PDF by Chromium, as text.
print_text() {
	browse --no-pdf-header-footer --print-to-pdf="$PWD/p.pdf" "$1" >chrome.log 2>&1
	assert_equal "$(console_errors chrome.log)" ""
	pdftotext -layout p.pdf -
}

@test "pakn-publish -f html: renders in Chromium with no console error; a question's <script> stays text" {
	run -0 --separate-stderr browse --dump-dom "file://$PWD/hoi-dap.html"
	printf '%s\n' "$output" >dom.html
	printf '%s\n' "$stderr" >chrome.log
	assert_equal "$(console_errors chrome.log)" ""
	run -1 grep -c -i '<script' dom.html
	run -0 grep -c '&lt;script&gt;alert(1)&lt;/script&gt;' dom.html
	# Both categories, five answers, each with its agency.
	run -0 grep -o '<section id="c[0-9]*">' dom.html
	assert_equal "${#lines[@]}" 2
	run -0 grep -c 'Sở Xây dựng' dom.html
}

@test "pakn-publish -f html: the category filter is CSS: #c1 and #c2 print only their own answers" {
	run -0 print_text "file://$PWD/hoi-dap.html"
	all=$output
	for id in Q1 Q2 Q3 Q4 Q5; do [[ "$all" == *"Mã: $id"* ]]; done
	# The categories are in Vietnamese order (Đ with the D's): c1 Đất đai
	# (Q1, Q2), c2 Giao thông (Q3, Q4, Q5).
	run -0 print_text "file://$PWD/hoi-dap.html#c1"
	[[ "$output" == *"Mã: Q1"* && "$output" == *"Mã: Q2"* ]]
	[[ "$output" != *"Mã: Q3"* && "$output" != *"Mã: Q5"* ]]
	run -0 print_text "file://$PWD/hoi-dap.html#c2"
	[[ "$output" == *"Mã: Q3"* && "$output" == *"Mã: Q4"* && "$output" == *"Mã: Q5"* ]]
	[[ "$output" != *"Mã: Q1"* && "$output" != *"Mã: Q2"* ]]
}

@test "pakn-publish -f html: the printed page shows nothing of the senders, and keeps what must stay" {
	run -0 print_text "file://$PWD/hoi-dap.html"
	printf '%s\n' "$output" >printed.txt
	# No submitter value, folded: names, phones, emails (with and
	# without diacritics, any case; pdftotext may break lines anywhere, so
	# the text is joined).
	tr '\n' ' ' <printed.txt | tr -s ' ' >joined.txt
	run -0 python3 - joined.txt cases.jsonl <<-'PY'
	import json, sys, unicodedata
	def fold(s):
	    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
	    return "".join(c for c in s if not unicodedata.combining(c)).lower()
	text = fold(open(sys.argv[1]).read())
	squeezed = text.replace(" ", "").replace(".", "")
	bad = []
	for line in open(sys.argv[2]):
	    for k, v in json.loads(line)["submitter"].items():
	        if fold(v) in text or (k == "phone" and v in squeezed):
	            bad.append(v)
	print(bad)
	PY
	assert_output '[]'
	run -1 grep -q '025190001234\|19A-123.45\|cuong.le@' printed.txt
	# What must not be masked is still there.
	grep -q 'Nghị định 103/2024/NĐ-CP' printed.txt
	grep -q '5.000.000 đồng' printed.txt
	grep -q 'Quốc lộ 2' printed.txt
	grep -q 'tỉnh lộ 305' printed.txt
	grep -q 'N.V.C.\|\[số điện thoại\]' printed.txt
}
