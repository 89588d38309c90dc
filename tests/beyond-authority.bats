#!/usr/bin/env bats
# Cases beyond the agency's authority (issue 12, point 2): pakn-ingest
# reads the flag or the status into beyond_authority, the rules escalate
# it (phu-tho.yaml: to the provincial People's Committee), and pakn-report
# counts the escalations by reason.
bats_require_minimum_version 1.5.0
load test_helper

RULES="$TOP/routing-rules/phu-tho.yaml"

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' \
	    'Mã PAKN,Ngày tiếp nhận,Lĩnh vực,Nội dung,Trạng thái,Vượt thẩm quyền,Mức độ hài lòng,Loại' \
	    'V1,04/08/2025 08:00,Đất đai,Tranh chấp đất giữa hai xã,Không thuộc thẩm quyền,,,Kiến nghị' \
	    'V2,04/08/2025 09:00,Đất đai,Cấp sổ đỏ chậm,Đã trả lời,Có,,Kiến nghị' \
	    'V3,05/08/2025 08:00,Đất đai,Đo đạc sai ranh giới,Đã trả lời,không,,Kiến nghị' \
	    'V4,05/08/2025 09:00,Đất đai,Hỏi về thuế đất,Đang xử lý,chưa rõ,,Hỏi đáp' \
	    'V5,06/08/2025 08:00,Đất đai,Trả lời chưa thỏa đáng,Đã trả lời,,Không hài lòng,Kiến nghị' \
	    'V6,06/08/2025 09:00,Đất đai,Tố cáo cán bộ địa chính,Đang xử lý,,,Tố cáo' \
	    'V7,07/08/2025 08:00,Đất đai,Chuyển cấp trên do vượt thẩm quyền,Chuyển cấp trên do vượt thẩm quyền,,,Kiến nghị' \
	    >export.csv
}

@test "beyond authority: pakn-ingest reads the column and the status; nothing is lost" {
	run -0 pakn-ingest -q export.csv
	printf '%s\n' "$output" >cases.jsonl
	run -0 jq -c '[.id, .beyond_authority]' cases.jsonl
	assert_output '["V1",true]
["V2",true]
["V3",false]
["V4",null]
["V5",null]
["V6",null]
["V7",true]'
	# A value that is neither yes nor no stays, under its header; so does
	# a status label that is not a status.
	run -0 jq -c 'select(.id == "V4") | .extra' cases.jsonl
	assert_output '{"Vượt thẩm quyền":"chưa rõ"}'
	run -0 jq -c 'select(.id == "V1") | [.status, .extra["Trạng thái"]]' cases.jsonl
	assert_output '["other","Không thuộc thẩm quyền"]'
	run -0 pakn-ingest --list-columns export.csv
	assert_line $'Vượt thẩm quyền\tbeyond_authority\tbuilt-in'
}

@test "beyond authority: the Phú Thọ rules escalate it to the provincial People's Committee" {
	pakn-ingest -q export.csv | pakn-route -q -r "$RULES" >routed.jsonl
	run -0 jq -c 'select(.beyond_authority == true) | [.id, .agency, .route.escalated, .route.escalation]' routed.jsonl
	assert_output '["V1","pt-ubnd-tinh",true,"beyond-authority-new"]
["V2","pt-ubnd-tinh",true,"beyond-authority-new"]
["V7","pt-ubnd-tinh",true,"beyond-authority-new"]'
	run -0 jq -c 'select(.id == "V3") | [.agency, .route.escalated]' routed.jsonl
	assert_output '["pt-so-nnmt",null]'
	# a rule may test it false too; a value that is not a boolean is refused
	cat >r.yaml <<-'YAML'
	version: 1
	agencies:
	  a: {name: "A", level: province}
	  b: {name: "B", level: province}
	rules:
	  - name: within
	    when: {beyond_authority: false}
	    agency: a
	default: [b]
	YAML
	run -0 sh -c 'pakn-ingest -q export.csv | pakn-route -q -r r.yaml | jq -r "[.id, .agency] | @tsv"'
	assert_line $'V3\ta'
	assert_line $'V1\tb'
	sed -i 's/beyond_authority: false/beyond_authority: maybe/' r.yaml
	run -2 --separate-stderr pakn-route -r r.yaml export.csv
	[[ "$stderr" == *"r.yaml:"*"beyond_authority: expected true or false, not 'maybe'"* ]]
}

@test "beyond authority: pakn-report counts the escalations by reason" {
	pakn-ingest -q export.csv | pakn-route -q -r "$RULES" >routed.jsonl
	pakn-report --month 2025-08 --as-of 2025-09-05 -f json routed.jsonl >r.json
	run -0 jq -c '.totals | [.escalated, .escalated_by_reason]' r.json
	assert_output '[5,{"unsatisfied":1,"beyond_authority":3,"denunciation":1,"other":0}]'
	run -0 pakn-report --month 2025-08 --as-of 2025-09-05 --width 0 routed.jsonl
	assert_line --regexp '^ +Chuyển lên cấp trên +5$'
	assert_line --regexp '^ +– do vượt thẩm quyền +3$'
	assert_line --regexp '^ +– do không hài lòng +1$'
	assert_line --regexp '^ +– tố cáo +1$'
}
