#!/usr/bin/env bats
# Transfers and levels (issue 12, point 3): pakn-route appends a transfer
# {from, to, at, reason} when it reroutes or escalates a case that came with
# an agency, and writes `levels`, the administrative levels the case passed
# through; pakn-ingest reads a forwarding history (Đơn vị chuyển, Ngày
# chuyển, Lý do chuyển, or a JSON list); pakn-report lists the cases
# handled across more than two levels and counts the returns ("chuyển
# sai", "trả lại") per agency that sent the case back.
#
# The cases (August 2025, as of 20/8):
#   T1 came to the provincial People's Committee; routed again, it goes
#      to the commune (land): one transfer, two levels.
#   T2 the same, and the sender is unsatisfied: escalated to the district:
#      province -> commune -> district, three levels.
#   T3 came with a history: the commune sent it on as misrouted ("Chuyển
#      sai thẩm quyền"), the district sent it back ("trả lại"); it ends at
#      the environment department: commune, district, province: three
#      levels, two returns (one each for the commune and the district).
#   T4 came to the environment department and is routed there again: it
#      moved nowhere, no transfer.
bats_require_minimum_version 1.5.0
load test_helper

P=(--month 2025-08 --as-of 2025-08-20)

setup() {
	cd "$BATS_TEST_TMPDIR"
	cat >rules.yaml <<-'YAML'
	version: 1
	agencies:
	  ubnd-tinh: {name: UBND tỉnh, level: province}
	  so-tnmt: {name: Sở Tài nguyên và Môi trường, level: province}
	  ubnd-huyen: {name: UBND huyện Tam Dương, level: district}
	  ubnd-xa: {name: UBND xã Hoàng Đan, level: commune}
	rules:
	  - name: land
	    when: {text: 'đất'}
	    agency: ubnd-xa
	escalate:
	  - name: unsatisfied
	    when: {satisfaction: unsatisfied}
	    agency: ubnd-huyen
	default: so-tnmt
	YAML
	cat >cases.jsonl <<-'JSON'
	{"id":"T1","received_at":"2025-08-04T09:00:00+07:00","content":"tranh chấp đất","agency":"UBND tỉnh","status":"processing"}
	{"id":"T2","received_at":"2025-08-04T09:00:00+07:00","content":"tranh chấp đất","agency":"ubnd-tinh","satisfaction":"unsatisfied","status":"processing"}
	{"id":"T3","received_at":"2025-08-05T09:00:00+07:00","content":"đường hỏng","status":"processing","transfers":[{"from":"UBND xã Hoàng Đan","to":"ubnd-huyen","at":"2025-08-06","reason":"Chuyển sai thẩm quyền"},{"from":"ubnd-huyen","to":"so-tnmt","at":"2025-08-07","reason":"trả lại"}]}
	{"id":"T4","received_at":"2025-08-05T09:00:00+07:00","content":"đường hỏng","agency":"so-tnmt","status":"processing"}
	JSON
	pakn-route --reroute -r rules.yaml cases.jsonl >routed.jsonl
}

@test "transfers: pakn-route appends a transfer when it reroutes or escalates, and counts the levels" {
	run -0 jq -c '[.id, .agency, .levels, [.transfers[]? | [.from, .to, .reason]]]' routed.jsonl
	assert_line -n 0 '["T1","ubnd-xa",2,[["ubnd-tinh","ubnd-xa","reroute: land"]]]'
	assert_line -n 1 '["T2","ubnd-huyen",3,[["ubnd-tinh","ubnd-xa","reroute: land"],["ubnd-xa","ubnd-huyen","escalation: unsatisfied"]]]'
	# a history kept, the names given their ids
	assert_line -n 2 '["T3","so-tnmt",3,[["ubnd-xa","ubnd-huyen","Chuyển sai thẩm quyền"],["ubnd-huyen","so-tnmt","trả lại"]]]'
	assert_line -n 3 '["T4","so-tnmt",null,[]]'
	# the moves are made at the routing moment
	run -0 jq -r 'select(.id == "T1") | .transfers[0].at' routed.jsonl
	assert_output --regexp '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\+07:00$'
	# routed again, a case that does not move gets no new transfer
	pakn-route -r rules.yaml routed.jsonl >again.jsonl
	run -0 jq -c '[.id, (.transfers | length)]' again.jsonl
	assert_output $'["T1",1]\n["T2",2]\n["T3",2]\n["T4",0]'
	# a transfers value that is not a list is left alone
	echo '{"id":"B","received_at":"2025-08-04","content":"đất","agency":"ubnd-tinh","transfers":"x"}' >bad.jsonl
	run -0 sh -c 'pakn-route --reroute -r rules.yaml bad.jsonl | jq -c "[.transfers, .levels]"'
	assert_output '["x",null]'
}

@test "transfers: the report lists the cases across more than two levels and counts the returns (json)" {
	pakn-report -r rules.yaml "${P[@]}" -f json routed.jsonl >r.json
	run -0 jq -c '.transfers | [.multi_level, .returns]' r.json
	assert_output '[2,2]'
	run -0 jq -c '[.transfers.multi_level_cases.cases[] | [.id, .agency, .levels]]' r.json
	assert_output '[["T2","ubnd-huyen",3],["T3","so-tnmt",3]]'
	run -0 jq -c '[.transfers.returns_by_agency[] | [.agency, .name, .returns]]' r.json
	assert_output '[["ubnd-huyen","UBND huyện Tam Dương",1],["ubnd-xa","UBND xã Hoàng Đan",1]]'
	# multi_level is a figure of every group, as the others
	run -0 jq -c '[.totals.multi_level, ([.groups.agency[] | {(.key): .multi_level}] | add)]' r.json
	assert_output '[2,{"so-tnmt":1,"ubnd-huyen":1,"ubnd-xa":0}]'
	# the same with pakn-deadline between, and across partials
	pakn-deadline -r rules.yaml --as-of 2025-08-20 routed.jsonl >judged.jsonl
	for f in json csv text md html; do
		pakn-report -r rules.yaml "${P[@]}" -f $f routed.jsonl >a.$f
		pakn-report -r rules.yaml "${P[@]}" -f $f judged.jsonl >b.$f
		cmp a.$f b.$f
	done
	head -2 routed.jsonl >p1.jsonl
	tail -n +3 routed.jsonl >p2.jsonl
	pakn-report -r rules.yaml "${P[@]}" --partial p1.jsonl >p1.partial
	pakn-report -r rules.yaml "${P[@]}" --partial p2.jsonl >p2.partial
	pakn-report --merge -f json p1.partial p2.partial | cmp - r.json
}

@test "transfers: shown in text, md, csv, html, the official document and the workbook" {
	run -0 pakn-report -r rules.yaml "${P[@]}" --width 0 routed.jsonl
	assert_line --regexp '^[0-9]+\. Vụ việc qua hơn hai cấp hành chính \(nhiều cấp nhất trước\): 2$'
	assert_line --regexp '^  T2 +UBND huyện Tam Dương +04/08/2025 +3 +tranh chấp đất$'
	assert_line --regexp '^[0-9]+\. Trả lại, chuyển sai, theo đơn vị trả lại: 2$'
	assert_line --regexp '^  UBND huyện Tam Dương +1$'
	assert_line --regexp '^  Tổng cộng +2$'
	run -0 pakn-report -r rules.yaml "${P[@]}" -f md routed.jsonl
	assert_line '| UBND xã Hoàng Đan | 1 |'
	assert_line '| T3 | Sở Tài nguyên và Môi trường | 05/08/2025 | 3 | đường hỏng |'
	run -0 pakn-report -r rules.yaml "${P[@]}" -f csv routed.jsonl
	assert_line -n 0 --regexp ',multi_level,returns$'
	assert_line -n 1 --regexp '^2025-08,total,.*,2,2$'
	assert_line --regexp '^2025-08,returns,ubnd-xa,UBND xã Hoàng Đan,,(,){32},1$'
	run -0 pakn-report -r rules.yaml "${P[@]}" -f html routed.jsonl
	assert_output --partial 'Vụ việc qua hơn hai cấp hành chính (nhiều cấp nhất trước): 2</h2>'
	assert_output --partial '<tr class="total"><td class="t">Tổng cộng</td><td>2</td></tr>'
	run -0 pakn-report -r rules.yaml "${P[@]}" -f html --doc routed.jsonl
	assert_output --partial 'Phụ lục IV'
	assert_output --partial 'Vụ việc qua hơn hai cấp hành chính: 2; trả lại, chuyển sai: 2 lượt (Phụ lục IV).'
	assert_output --partial 'VỤ VIỆC QUA NHIỀU CẤP VÀ TRẢ LẠI'
	pakn-report -r rules.yaml "${P[@]}" -f xlsx -o r.xlsx routed.jsonl
	run -0 xlsx2csv -n 'Nhiều cấp' r.xlsx
	assert_line '1,T2,ubnd-huyen,UBND huyện Tam Dương,tranh chấp đất,04/08/2025,3'
	run -0 xlsx2csv -n 'Trả lại' r.xlsx
	assert_line 'ubnd-huyen,UBND huyện Tam Dương,1'
	assert_line ',Tổng cộng,2'
	# cases without transfers show neither
	grep -v '"T3"' cases.jsonl >plain.jsonl
	run -0 pakn-report "${P[@]}" --width 0 plain.jsonl
	refute_output --partial 'qua hơn hai cấp'
}

@test "transfers: pakn-ingest reads Đơn vị chuyển, Ngày chuyển and Lý do chuyển" {
	printf '%s\n' 'Mã,Ngày tiếp nhận,Nội dung,Đơn vị xử lý,Đơn vị chuyển,Ngày chuyển,Lý do chuyển' \
		'A1,04/08/2025,tranh chấp đất,UBND xã Hoàng Đan,UBND huyện Tam Dương,05/08/2025,Chuyển sai thẩm quyền' \
		'A2,04/08/2025,tranh chấp đất,UBND xã Hoàng Đan,,,' >export.csv
	run -0 pakn-ingest --list-columns export.csv
	assert_line $'Đơn vị chuyển\ttransfers.from\tbuilt-in'
	assert_line $'Ngày chuyển\ttransfers.at\tbuilt-in'
	assert_line $'Lý do chuyển\ttransfers.reason\tbuilt-in'
	pakn-ingest export.csv >in.jsonl
	run -0 jq -c '[.id, .transfers]' in.jsonl
	assert_line -n 0 '["A1",[{"from":"UBND huyện Tam Dương","to":"UBND xã Hoàng Đan","at":"2025-08-05T00:00:00+07:00","reason":"Chuyển sai thẩm quyền"}]]'
	assert_line -n 1 '["A2",null]'
	# routed: the names become ids, the levels are counted; the return is
	# the district's
	pakn-route -r rules.yaml in.jsonl >r.jsonl
	run -0 jq -c 'select(.id == "A1") | [.levels, .transfers[0].from, .transfers[0].to]' r.jsonl
	assert_output '[2,"ubnd-huyen","ubnd-xa"]'
	run -0 sh -c "pakn-report -r rules.yaml ${P[*]} -f json r.jsonl | jq -c '[.transfers.returns_by_agency[] | [.agency, .returns]]'"
	assert_output '[["ubnd-huyen",1]]'
	# a JSON export's list is kept; a text under "transfers" goes to extra
	echo '[{"id":"J1","received_at":"2025-08-04","content":"x","transfers":[{"from":"a","to":"b"}]},{"id":"J2","received_at":"2025-08-04","content":"x","transfers":"a"}]' >j.json
	run -0 sh -c 'pakn-ingest j.json | jq -c "[.transfers, .extra]"'
	assert_output $'[[{"from":"a","to":"b"}],null]\n[null,{"transfers":"a"}]'
}

@test "transfers: a case sent province -> district -> commune is flagged as more than two levels" {
	echo '{"id":"P1","received_at":"2025-08-04T09:00:00+07:00","content":"tranh chấp đất","agency":"ubnd-xa","status":"processing","transfers":[{"from":"UBND tỉnh","to":"UBND huyện Tam Dương","at":"2025-08-05","reason":"Chuyển xử lý"},{"from":"ubnd-huyen","to":"ubnd-xa","at":"2025-08-06","reason":"Chuyển xử lý"}]}' >p.jsonl
	# kept at the commune (the agency it came with): no new transfer
	run -0 sh -c 'pakn-route -r rules.yaml p.jsonl | jq -c "[.levels, [.transfers[] | .from]]"'
	assert_output '[3,["ubnd-tinh","ubnd-huyen"]]'
	run -0 sh -c "pakn-route -r rules.yaml p.jsonl | pakn-report ${P[*]} -f json | jq -c '[.transfers.multi_level, .transfers.returns, [.transfers.multi_level_cases.cases[] | [.id, .levels]]]'"
	assert_output '[1,0,[["P1",3]]]'
	# two levels are not flagged
	jq -c '.transfers |= .[1:]' p.jsonl >two.jsonl
	run -0 sh -c "pakn-route -r rules.yaml two.jsonl | pakn-report ${P[*]} -f json | jq -c '[.transfers.multi_level, .totals.multi_level]'"
	assert_output '[0,0]'
}
