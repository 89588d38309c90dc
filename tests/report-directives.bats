#!/usr/bin/env bats
# Directives from the leaders' meetings (issue 12, point 4): a report-back
# due date from the rules file's report_back: policies (default 10 working
# days), judged against reported_back_at; the report counts, per agency,
# reported on time, reported late, awaiting within the deadline, overdue.
bats_require_minimum_version 1.5.0
load test_helper

P=(--month 2025-08 --as-of 2025-09-05 --by agency)

setup() {
	cd "$BATS_TEST_TMPDIR"
	# Received Monday 4/8/2025: 10 working days end on Monday 18/8.
	cat >cases.jsonl <<-'JSON'
	{"id":"D1","received_at":"2025-08-04T09:00:00+07:00","kind":"directive","channel":"meeting","agency":"a","status":"answered","answered_at":"2025-08-08T10:00:00+07:00","reported_back_at":"2025-08-12T10:00:00+07:00"}
	{"id":"D2","received_at":"2025-08-04T09:00:00+07:00","kind":"directive","channel":"meeting","agency":"a","status":"answered","answered_at":"2025-08-08T10:00:00+07:00","reported_back_at":"2025-08-29T10:00:00+07:00"}
	{"id":"D3","received_at":"2025-08-04T09:00:00+07:00","kind":"directive","channel":"meeting","agency":"b","status":"processing"}
	{"id":"D4","received_at":"2025-08-28T09:00:00+07:00","kind":"directive","channel":"meeting","agency":"b","status":"processing"}
	{"id":"F1","received_at":"2025-08-04T09:00:00+07:00","kind":"feedback","channel":"portal","agency":"b","reported_back_at":"2025-08-05"}
	JSON
}

@test "directives: reported back on time and late, awaiting and overdue, per agency" {
	pakn-report "${P[@]}" -f json cases.jsonl >r.json
	run -0 jq -c '.totals.directives_report_back' r.json
	assert_output '{"on_time":1,"late":1,"awaiting":1,"overdue":1}'
	run -0 jq -S -c '[.groups.agency[] | {(.key): .directives_report_back}] | add' r.json
	assert_output '{"a":{"awaiting":0,"late":1,"on_time":1,"overdue":0},"b":{"awaiting":1,"late":0,"on_time":0,"overdue":1}}'
	# in text and csv
	run -0 pakn-report "${P[@]}" --width 0 cases.jsonl
	assert_line --regexp '^ +Chỉ đạo đã báo cáo kết quả trễ hạn +1$'
	assert_line --regexp '^ +Chỉ đạo quá hạn báo cáo kết quả +1$'
	run -0 pakn-report "${P[@]}" -f csv cases.jsonl
	assert_line -n 0 --regexp ',directives_on_time,directives_late,directives_awaiting,directives_overdue,coordination_asked,coordination_on_time,coordination_late,coordination_awaiting,coordination_overdue,multi_level,returns$'
	assert_line --regexp '^2025-08,agency,a,.*,1,1,0,0,,,,,,0,$'
}

@test "directives: the rules file's report_back: policy sets the due date" {
	cat >rules.yaml <<-'YAML'
	version: 1
	agencies:
	  a: {name: "A", level: province}
	  b: {name: "B", level: province}
	default: [a]
	report_back:
	  - name: quick
	    when: {kind: directive, channel: meeting}
	    amount: 3
	    unit: working_days
	YAML
	# 3 working days from 4/8: due 7/8; D1 (12/8) is now late.
	run -0 pakn-report "${P[@]}" -r rules.yaml -f json cases.jsonl
	run -0 jq -c '.totals.directives_report_back' <<<"$output"
	assert_output '{"on_time":0,"late":2,"awaiting":0,"overdue":2}'
	# the shipped Phú Thọ file has one, and it loads
	run -0 pakn-route --check "$TOP/routing-rules/phu-tho.yaml"
	sed -i 's/amount: 3/amount: lots/' rules.yaml
	run -2 --separate-stderr pakn-report "${P[@]}" -r rules.yaml cases.jsonl
	[[ "$stderr" == *"rules.yaml:"*"amount must be a whole number"* ]]
}

@test "directives: an unreadable reported_back_at is rejected with its line; pakn-ingest maps the column" {
	printf '%s\n' '{"id":"D9","received_at":"2025-08-04T09:00:00+07:00","kind":"directive","agency":"a","reported_back_at":"soon"}' >>cases.jsonl
	run -1 pakn-report "${P[@]}" --rejects rej.jsonl -f json cases.jsonl
	run -0 jq -r '[.source.line, .error] | @tsv' rej.jsonl
	assert_output --regexp $'^6\treported_back_at: '
	run -1 --separate-stderr pakn-report "${P[@]}" -f json cases.jsonl
	[[ "$stderr" == *"cases.jsonl:6: reported_back_at: "* ]]
	printf '%s\n' 'Mã PAKN,Ngày tiếp nhận,Nội dung,Loại,Ngày báo cáo kết quả' \
	    'D1,04/08/2025,Chỉ đạo sửa đường,Chỉ đạo,12/08/2025 10:00' >x.csv
	run -0 pakn-ingest -q x.csv
	run -0 jq -r '[.kind, .reported_back_at] | @tsv' <<<"$output"
	assert_output $'directive\t2025-08-12T10:00:00+07:00'
}
