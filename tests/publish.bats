#!/usr/bin/env bats
# pakn-publish: what may be published, every mask kind masked and what must
# stay kept, denunciations never, --check as a gate, the formats, and a
# property test over generated records with planted personal data.
bats_require_minimum_version 1.5.0
load test_helper

CASES="$DATA/publish/cases.jsonl"

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# masked TEXT [SUBMITTER_JSON]: the content of an answered case holding
# TEXT, as pakn-publish writes it.
masked() {
	jq -nc --arg c "$1" --argjson s "${2:-null}" \
		'{id:"T-1",received_at:"2024-03-01T08:00:00+07:00",channel:"hotline",
		  content:$c,status:"answered",answer:"Đã trả lời."}
		 + (if $s then {submitter:$s} else {} end)' |
		pakn-publish | jq -r .content
}

@test "pakn-ingest: the answer headers map to the answer key (--list-columns)" {
	for h in 'Nội dung trả lời' 'Kết quả trả lời' 'Ý kiến trả lời' \
		'Nội dung xử lý' 'Kết quả giải quyết' 'Trả lời' 'KET QUA TRA LOI'; do
		printf 'Mã PAKN,Ngày tiếp nhận,Nội dung,%s\nA1,03/08/2021,Hỏi,Đã giải quyết xong\n' "$h" >a.csv
		run -0 pakn-ingest --list-columns a.csv
		assert_line --index 3 "$h"$'\tanswer\tbuilt-in'
		run -0 pakn-ingest a.csv
		assert_equal "$(jq -r .answer <<<"$output")" 'Đã giải quyết xong'
	done
}

@test "pakn-publish: a phone in every written form is masked" {
	for p in 0912345678 '0912 345 678' 0912.345.678 0912-345-678 \
		'(0211) 3 862 123' '+84 912 345 678' +84912345678 84912345678 \
		84.912.345.678 02113862123; do
		run -0 masked "Liên hệ $p ngay."
		assert_output 'Liên hệ [số điện thoại] ngay.'
	done
}

@test "pakn-publish: a name after each honorific and label becomes initials" {
	for h in ông bà anh chị em cô chú bác cháu Ông Bà Anh Chị 'tôi là' \
		'Tôi là' 'tôi tên là' 'Công dân'; do
		run -0 masked "Theo $h Nguyễn Văn Ước phản ánh."
		assert_output "Theo $h N.V.Ư. phản ánh."
	done
	run -0 masked 'Họ tên: Lê Thị Hoa, nghề nông.'
	assert_output 'Họ tên: L.T.H., nghề nông.'
	run -0 masked 'Đề nghị ông Chủ tịch UBND xã và bà con thôn Đông.'
	assert_output 'Đề nghị ông Chủ tịch UBND xã và bà con thôn Đông.'
}

@test "pakn-publish: the submitter's name without diacritics, in capitals, is masked; so are its phone, email and address" {
	run -0 pakn-publish "$CASES"
	run -0 jq -r 'select(.id == "PUB-1") | .content' <<<"$output"
	assert_output 'Tôi là N.T.H.N., ở [địa chỉ], gọi [số điện thoại] hoặc [email].'
	run -0 masked 'Người gửi nguyen van binh, 12 tuổi.' '{"name":"Nguyễn Văn Bình"}'
	assert_output 'Người gửi N.V.B., 12 tuổi.'
	run -0 masked 'mã KH0977111222 của khách' '{"phone":"0977111222"}'
	assert_output 'mã KH[số điện thoại] của khách'
}

@test "pakn-publish: emails, identity numbers, tax codes, bank accounts are masked" {
	run -0 masked 'Gửi an.nguyen90@gmail.com, CCCD 026123456789, CMND 123456789, hộ chiếu C1234567.'
	assert_output 'Gửi [email], CCCD [số định danh], CMND [số định danh], hộ chiếu [số định danh].'
	run -0 masked 'MST 2500123456 và chi nhánh 0101234567-001.'
	assert_output 'MST [mã số thuế] và chi nhánh [mã số thuế].'
	run -0 masked 'Chuyển vào tài khoản 19034567890123, STK: 0912345678.'
	assert_output 'Chuyển vào tài khoản [số tài khoản], STK: [số tài khoản].'
}

@test "pakn-publish: plates and house, lane and alley numbers are masked" {
	for p in 30A-123.45 29H1-123.45 '51F 123.45' '88-B1 234.56'; do
		run -0 masked "Xe $p đỗ trên vỉa hè."
		assert_output 'Xe [biển số xe] đỗ trên vỉa hè.'
	done
	run -0 masked 'Ở số 12, số nhà 45B, nhà số 7, ngõ 12, ngách 3, hẻm 45/6.'
	assert_output 'Ở số [số nhà], số nhà [số nhà], nhà số [số nhà], ngõ [số nhà], ngách [số nhà], hẻm [số nhà].'
}

@test "pakn-publish: legal references, dates, amounts, roads, hotlines and case ids are kept" {
	run -0 pakn-publish "$CASES"
	run -0 jq -r 'select(.id == "PUB-2") | .content' <<<"$output"
	assert_output 'Đề nghị xử lý theo Quyết định số 1234/QĐ-UBND, Nghị định 13/2023/NĐ-CP, Điều 8; bồi thường 5.000.000 đồng; đoạn Quốc lộ 2 và tỉnh lộ 305; ngày 12/3/2024 lúc 09:15; gọi 1022 hoặc 1900 1234; trùng hồ sơ PAKN-2024-000412.'
}

@test "pakn-publish: --allow FILE keeps an agency's hotline" {
	run -0 masked 'Gọi đường dây nóng 0211 3862 123.'
	assert_output 'Gọi đường dây nóng [số điện thoại].'
	printf '# hotlines\n02113862123\n' >allow.txt
	jq -nc '{id:"T",received_at:"2024-03-01T08:00:00+07:00",channel:"hotline",
		content:"Gọi đường dây nóng 0211 3862 123.",status:"closed",answer:"x"}' >c.jsonl
	run -0 pakn-publish --allow allow.txt c.jsonl
	assert_equal "$(jq -r .content <<<"$output")" 'Gọi đường dây nóng 0211 3862 123.'
	printf 'hotline\n' >bad.txt
	run -2 pakn-publish --allow bad.txt c.jsonl
	assert_output --partial 'bad.txt:1: not a number'
}

@test "pakn-publish: a denunciation and a publish:false case never appear, with every option" {
	for opts in "" "--all" "--all --keep-place --explain" \
		"--all --id-salt k --keep-place --explain -v" \
		"--all -f csv" "--all -f csv --excel --keep-place" \
		"--all -f html --keep-place --explain" "--all --line-buffered"; do
		# shellcheck disable=SC2086
		run -0 --separate-stderr pakn-publish $opts "$CASES"
		printf '%s\n%s\n' "$output" "$stderr" >all.out
		run -1 grep -c -i -e 'PUB-3' -e 'Trần Văn Quyết' -e 'T.V.Q.' \
			-e 'TỐ CÁO' -e 'PUB-4' -e 'không muốn công khai' \
			-e 'Riêng tư' -e '0911222333' all.out
	done
	# the keyed id of the denunciation is not there either
	id3=$(jq -r 'select(.id=="PUB-3") | .id' "$CASES" | tr -d '\n' |
		openssl dgst -sha256 -hmac k -r 2>/dev/null | cut -c1-32 || true)
	run -0 pakn-publish --all --id-salt k "$CASES"
	[ -z "$id3" ] || refute_output --partial "$id3"
	# the kind label folded: "Tố cáo" as written is a denunciation too
	jq -c 'select(.id=="PUB-3") | .kind = "Tố cáo"' "$CASES" >k.jsonl
	run -0 pakn-publish --all k.jsonl
	assert_output ''
}

@test "pakn-publish: by default only answered or closed cases with an answer; --all any" {
	run -0 pakn-publish "$CASES"
	assert_equal "$(jq -r .id <<<"$output" | tr '\n' ' ')" 'PUB-1 PUB-2 PUB-7 '
	run -0 pakn-publish --all "$CASES"
	assert_equal "$(jq -r .id <<<"$output" | tr '\n' ' ')" 'PUB-1 PUB-2 PUB-5 PUB-6 PUB-7 '
}

@test "pakn-publish: nothing of submitter, extra or source; --keep-place keeps district and commune only" {
	run -0 pakn-publish "$CASES"
	assert_equal "$(jq -c 'keys' <<<"$output" | sort -u)" \
		'["agency","agency_name","answer","answered_at","category","channel","content","id","kind","received_at","title"]'
	refute_output --partial 'bí mật'
	refute_output --partial 'export.csv'
	run -0 pakn-publish --keep-place "$CASES"
	assert_equal "$(jq -c '.location' <<<"$output" | sort -u)" \
		'{"district":"Bình Xuyên","commune":"Bá Hiến"}'
	refute_output --partial 'Vĩnh Phúc'
}

@test "pakn-publish: --id-salt gives a keyed HMAC-SHA-256 id, the same for the same key" {
	run -0 pakn-publish --id-salt 'khoa bi mat' "$CASES"
	a=$(jq -r .id <<<"$output" | head -1)
	[[ "$a" =~ ^[0-9a-f]{32}$ ]]
	refute_output --partial 'PUB-'
	want=$(printf 'PUB-1' | openssl dgst -sha256 -hmac 'khoa bi mat' -r | cut -c1-32)
	assert_equal "$a" "$want"
	run -0 pakn-publish --id-salt 'khoa bi mat' "$CASES"
	assert_equal "$(jq -r .id <<<"$output" | head -1)" "$a"
	run -0 pakn-publish --id-salt 'khoa khac' "$CASES"
	[ "$(jq -r .id <<<"$output" | head -1)" != "$a" ]
	run -2 pakn-publish --id-salt '' "$CASES"
}

@test "pakn-publish: --explain says kind and position, never the masked text" {
	run -0 pakn-publish --explain "$CASES"
	run -0 jq -c 'select(.id=="PUB-1") | .masked' <<<"$output"
	assert_output '[{"field":"content","kind":"name","at":7,"length":21},{"field":"content","kind":"submitter_address","at":32,"length":42},{"field":"content","kind":"phone","at":80,"length":12},{"field":"content","kind":"email","at":98,"length":19}]'
	# the positions are characters of the original content
	c=$(jq -r 'select(.id=="PUB-1") | .content' "$CASES")
	assert_equal "${c:80:12}" '0987.654.321'
	assert_equal "${c:7:21}" 'NGUYEN THI HONG NHUNG'
	run -0 pakn-publish --explain "$CASES"
	refute_output --partial '0987'
	refute_output --partial 'NHUNG'
	run -0 --separate-stderr pakn-publish --explain -f csv "$CASES"
	assert_equal "$(grep -c 'content: phone at 80, 12 characters' <<<"$stderr")" 1
	refute_output --partial '0987'
}

@test "pakn-publish --check: finds a leak planted in another file, passes the program's own output" {
	pakn-publish --all --keep-place -o out.jsonl "$CASES"
	run -0 pakn-publish --check out.jsonl
	assert_output ''
	# someone else's file: a phone in the answer, a name, a submitter
	{
		jq -c 'del(.masked)' out.jsonl | head -1
		echo '{"id":"X-2","answer":"Gọi chị Trần Thị Mai qua 0912 345 678."}'
		echo '{"id":"X-3","content":"Cảm ơn Le Van Tam","submitter":{"name":"Lê Văn Tám"}}'
		echo 'not json'
	} >other.jsonl
	run -1 --separate-stderr pakn-publish --check out.jsonl other.jsonl
	assert_line 'other.jsonl:2: answer: name'
	assert_line 'other.jsonl:2: answer: phone'
	assert_line 'other.jsonl:3: content: submitter_name'
	assert_line 'other.jsonl:3: submitter.name: submitter_name'
	assert_line 'other.jsonl:4: -: not a JSON object'
	assert_equal "${#lines[@]}" 5
	# the cron gate: publish, check, then upload
	run -0 sh -c "pakn-publish -o o2.jsonl '$CASES' && pakn-publish --check o2.jsonl && echo upload"
	assert_output 'upload'
	run -2 pakn-publish --check
}

@test "pakn-publish -f csv --excel: BOM, CRLF, quoted cells, formulas neutralised" {
	run -0 pakn-publish -f csv "$CASES"
	assert_line --index 0 'id,received_at,answered_at,closed_at,channel,kind,category,category_id,agency,agency_name,title,content,answer'
	assert_equal "${#lines[@]}" 4
	jq -c 'select(.id=="PUB-2") | .answer = "=HYPERLINK(1)"' "$CASES" >f.jsonl
	pakn-publish -f csv --excel f.jsonl >x.csv
	[ "$(head -c 3 x.csv | od -An -tx1 | tr -d ' ')" = efbbbf ]
	[ "$(grep -c $'\r$' x.csv)" -eq 2 ]
	grep -q "\"'=HYPERLINK(1)\"" x.csv
	run -2 pakn-publish --excel "$CASES"
}

@test "pakn-publish -f html: one self-contained page, escaped, filter by category without script" {
	run -0 pakn-publish -f html --title 'UBND tỉnh <Phú Thọ>' "$CASES"
	assert_output --partial '<title>UBND tỉnh &lt;Phú Thọ&gt;</title>'
	assert_output --partial 'Đường &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;ổ gà&quot;'
	# Categories in Vietnamese order: Đ goes with the D's, before G.
	assert_output --partial '<a href="#c1">Đất đai (2)</a> <a href="#c2">Giao thông (1)</a>'
	assert_output --partial '<section id="c2">'
	assert_output --partial 'main:has(section:target) section:not(:target){display:none}'
	assert_output --partial 'Ngày trả lời: 08/03/2024'
	refute_output --partial '<script'
	refute_output --partial 'http:'
	refute_output --partial 'https:'
	refute_output --partial 'src='
}

@test "pakn-publish: common options: -o, --rejects, exit status, --version, --help" {
	{ head -1 "$CASES"; echo '{"id":"B","content":1,"status":"answered","answer":"x"}'; echo '[1]'; } >in.jsonl
	run -1 pakn-publish -q -o out.jsonl --rejects rej.jsonl in.jsonl
	assert_equal "$(wc -l <out.jsonl)" 1
	assert_equal "$(jq -r .error rej.jsonl | head -1)" 'content is not a string'
	assert_equal "$(wc -l <rej.jsonl)" 2
	run -0 pakn-publish --version
	assert_output --partial 'pakn-publish '
	run -0 pakn-publish --help
	assert_output --partial '--check'
	run -2 pakn-publish -f xml "$CASES"
	run -3 pakn-publish nosuchfile.jsonl
}

@test "pakn-publish: property: over generated records with planted personal data, --check finds nothing and no submitter value is left" {
	gen-sample --rows 600 --seed 11 --format jsonl >g.jsonl
	python3 "$TOP/tests/publish_gen.py" plant --seed 5 <g.jsonl >planted.jsonl
	# the planting worked: the leak finder sees the values in the input
	run -1 python3 "$TOP/tests/publish_gen.py" leaks planted.jsonl planted.jsonl
	[ "${#lines[@]}" -gt 200 ]
	for opts in "" "--all --keep-place"; do
		# shellcheck disable=SC2086
		pakn-publish $opts planted.jsonl >pub.jsonl
		[ "$(wc -l <pub.jsonl)" -gt 300 ]
		run -0 pakn-publish --check pub.jsonl
		assert_output ''
		run -0 python3 "$TOP/tests/publish_gen.py" leaks planted.jsonl pub.jsonl
		assert_output ''
	done
	# and through the CSV export and ingest
	gen-sample --rows 200 --seed 12 --format csv >g.csv
	pakn-ingest -q g.csv | python3 "$TOP/tests/publish_gen.py" plant --seed 6 >p2.jsonl
	pakn-publish --all p2.jsonl >pub2.jsonl
	run -0 pakn-publish --check pub2.jsonl
	run -0 python3 "$TOP/tests/publish_gen.py" leaks p2.jsonl pub2.jsonl
	assert_output ''
}
