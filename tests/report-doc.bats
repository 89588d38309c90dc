#!/usr/bin/env bats
# pakn-report --doc: the HTML report as an official document (Nghị định
# 30/2020/NĐ-CP presentation), and -f pdf / scripts/report-pdf printing it
# with headless Chromium; the PDF read back with poppler-utils (pdfinfo,
# pdftotext).  The fixture is the hand-worked one of tests/report.bats.
bats_require_minimum_version 1.5.0
load test_helper

FIX="$DATA/report/month.jsonl"
P=(--month 2021-11 --as-of 2021-12-06)
DOC=(--doc --office 'Sở Tài nguyên và Môi trường' --parent-office 'UBND tỉnh Vĩnh Phúc'
	--number 125/BC-STNMT --place 'Vĩnh Phúc' --date 07/12/2021
	--signer 'Nguyễn Văn An' --signer-title 'KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC'
	--recipients 'UBND tỉnh (để b/c); Thanh tra tỉnh; Lưu: VT, VP')

setup() {
	cd "$BATS_TEST_TMPDIR"
}

need_pdf() {
	[ -n "$CHROMIUM" ] || skip "chromium is not installed (scripts/setup installs it)"
	command -v pdfinfo >/dev/null || skip "poppler-utils is not installed (scripts/setup installs it)"
}

@test "pakn-report --doc: the parts of an official report, in order" {
	pakn-report "${P[@]}" "${DOC[@]}" -f html "$FIX" >doc.html
	# page 1 states the directives' report-back and the escalations by
	# reason in words (its table leaves those rows out)
	grep -q 'đã báo cáo kết quả đúng hạn 0, trễ hạn 0; chờ báo cáo trong hạn 0, quá hạn báo cáo 2. Chuyển lên cấp trên: 2 (do không hài lòng 1, do vượt thẩm quyền 0, tố cáo 0, lý do khác 1)' doc.html
	run -1 grep -c '<td>– do không hài lòng</td>' doc.html
	# text of the page, tags out, one element a line
	python3 -c 'import re,sys,html; t=open("doc.html",encoding="utf-8").read(); t=re.sub(r"(?s)<style>.*?</style>|<title>.*?</title>","",t); t=re.sub(r"<br>|<span[^>]*>|</(div|p|h1|h2|h3|td|th|span|tr)>","\n",t); t=re.sub(r"<[^>]+>","",t); print("\n".join(l.strip() for l in html.unescape(t).splitlines() if l.strip()))' >doc.txt
	run -0 grep -n -x -e 'UBND TỈNH VĨNH PHÚC' -e 'SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG' -e 'Số: 125/BC-STNMT' \
		-e 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' -e 'Độc lập - Tự do - Hạnh phúc' \
		-e 'Vĩnh Phúc, ngày 07 tháng 12 năm 2021' -e 'BÁO CÁO' \
		-e 'Kết quả tiếp nhận, xử lý phản ánh, kiến nghị tháng 11 năm 2021' \
		-e 'Nơi nhận:' -e '- UBND tỉnh (để b/c);' -e '- Lưu: VT, VP.' -e 'KT. GIÁM ĐỐC' -e 'PHÓ GIÁM ĐỐC' \
		-e 'Nguyễn Văn An' -e 'Phụ lục I' -e 'Phụ lục II' -e 'Phụ lục III' doc.txt
	# in the order of the decree's layout
	run -0 sh -c "grep -n -x -e 'UBND TỈNH VĨNH PHÚC' -e 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' -e 'BÁO CÁO' -e 'Nơi nhận:' -e 'Nguyễn Văn An' -e 'Phụ lục I' -e 'Phụ lục II' -e 'Phụ lục III' doc.txt | cut -d: -f2-"
	assert_output $'UBND TỈNH VĨNH PHÚC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBÁO CÁO\nNơi nhận:\nNguyễn Văn An\nPhụ lục I\nPhụ lục II\nPhụ lục III'
	# no command-line word or program name in the printed text
	run -1 grep -n -e '--' -e 'pakn' doc.txt
	# A4 with the decree's margins; annexes from a new page
	grep -q '@page{size:A4;margin:20mm 15mm 20mm 30mm' doc.html
	grep -q 'section.pl{break-before:page' doc.html
	# the date line: a day below 10 and the months 1, 2 with a zero
	pakn-report "${P[@]}" --doc --date 2022-02-05 -f html "$FIX" | grep -q 'ngày 05 tháng 02 năm 2022'
	# without --date: the as-of day; without --number: a number to fill
	pakn-report "${P[@]}" --doc -f html "$FIX" >bare.html
	grep -q 'ngày 06 tháng 12 năm 2021' bare.html
	grep -q 'Số: &nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;/BC-' bare.html
}

@test "pakn-report --doc: a list cut by --top says so in words, ids never wrap, text headers align left" {
	pakn-report "${P[@]}" --top 2 "${DOC[@]}" -f html "$FIX" >doc.html
	run -0 grep -o '<p class="note">hiển thị 2/5</p>' doc.html
	run -1 grep -c -- '(--top)' doc.html
	grep -q 'table.list td.id{white-space:nowrap}' doc.html
	grep -q '<th class="t">Đơn vị</th>' doc.html
	grep -q '<th class="t">Nội dung</th>' doc.html
}

@test "pakn-report --doc: usage errors" {
	run -2 --separate-stderr pakn-report "${P[@]}" --doc -f csv "$FIX"
	assert_equal "$stderr" "pakn-report: --doc and its options go with -f html or -f pdf"
	run -2 --separate-stderr pakn-report "${P[@]}" --date 31/02/2021 -f html "$FIX"
	assert_equal "$stderr" "pakn-report: --date '31/02/2021': expected YYYY-MM-DD or dd/mm/yyyy"
}

@test "pakn-report --doc -f pdf: the report on page 1, one page per annex; motto and signer on it" {
	need_pdf
	pakn-report "${P[@]}" "${DOC[@]}" -f pdf -o doc.pdf "$FIX"
	run -0 pdfinfo doc.pdf
	assert_line --regexp '^Pages: +4$'
	assert_line --regexp '^Page size: +59[45](\.[0-9]+)? x 84[12](\.[0-9]+)? pts \(A4\)'
	# page 1: the header, the summary, the signature
	pdftotext -layout -f 1 -l 1 doc.pdf p1.txt
	grep -q 'Độc lập - Tự do - Hạnh phúc' p1.txt
	grep -q 'Tiếp nhận trong kỳ' p1.txt
	tr '\n' ' ' <p1.txt | tr -s ' ' | grep -q 'Tỷ lệ trả lời đúng hạn đạt 30,0 %'
	grep -q 'Nguyễn Văn An' p1.txt
	grep -q 'KT. GIÁM ĐỐC' p1.txt
	# pages 2-4: the annexes, numbered at the top from page 2
	for n in 2 3 4; do
		pdftotext -layout -f $n -l $n doc.pdf p$n.txt
	done
	grep -q 'Phụ lục I$' p2.txt
	grep -q 'Phụ lục II$' p3.txt
	grep -q 'Phụ lục III$' p4.txt
	[ "$(grep -m1 -o '[^ ].*' p2.txt)" = 2 ]
	run -1 grep -c -e '--' -e 'pakn' p1.txt p2.txt p3.txt p4.txt
	cp doc.pdf "$PAKN_BUILD/report-doc.pdf"
}

@test "scripts/report-pdf prints the HTML the same way; without Chromium it says how to install it" {
	need_pdf
	pakn-report "${P[@]}" "${DOC[@]}" -f html "$FIX" >doc.html
	report-pdf doc.html out.pdf
	run -0 pdfinfo out.pdf
	assert_line --regexp '^Pages: +4$'
	run -3 --separate-stderr env PAKN_CHROMIUM=/nonexistent report-pdf doc.html x.pdf
	assert_equal "$stderr" "report-pdf: headless Chromium is not installed: apt-get install chromium (or scripts/setup)"
	run -3 --separate-stderr env PAKN_CHROMIUM=/nonexistent pakn-report "${P[@]}" --doc -f pdf -o x.pdf "$FIX"
	[[ "$stderr" == *'apt-get install chromium'* ]]
	[ ! -e x.pdf ]
}
