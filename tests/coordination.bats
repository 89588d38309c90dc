#!/usr/bin/env bats
# Coordination requests (issue 12, point 1): pakn-route asks each cc
# agency (a `coordination` entry per agency, asked at the receipt);
# pakn-deadline judges each entry with the single judge (due 5 working
# days after the request by default, or by the rules file's coordination:
# policies); pakn-report counts, per agency asked, the requests, replied on
# time, late, awaiting and overdue, and lists those overdue ("Chậm phúc đáp
# đề nghị phối hợp"); pakn-ingest reads "Đơn vị phối hợp" and its reply
# date.
#
# The figures, worked by hand (as of Wednesday 20/8/2025; August 2025 has
# no holiday; every case is about pollution, so it is sent to the
# environment department with the police and the construction department
# asked to help):
#   C1 received Mon 4/8 09:00: due Mon 11/8.  The police reply Wed 13/8:
#      late by 2 working days (12, 13).  Construction never replies:
#      overdue by 7 (12, 13, 14, 15, 18, 19, 20).
#   C2 received Tue 5/8: due Tue 12/8.  The police reply Thu 7/8, on
#      time; construction Tue 12/8 08:00, on time (the due day).
#   C3 received Mon 18/8: due Mon 25/8.  Both awaiting.
#   C4 a complaint received Mon 4/8: the policy "complaint-fast" gives 3
#      working days, due Thu 7/8.  The police reply Fri 8/8: late by 1.
#      Construction never replies: overdue by 9 (8, 11-15, 18-20).
# Per agency asked: police 4 asked, 1 on time, 2 late, 1 awaiting, 0
# overdue; construction 4 asked, 1 on time, 0 late, 1 awaiting, 2 overdue
# (C4 by 9, C1 by 7: the longest first).
bats_require_minimum_version 1.5.0
load test_helper

P=(--month 2025-08 --as-of 2025-08-20)

setup() {
	cd "$BATS_TEST_TMPDIR"
	cat >rules.yaml <<-'YAML'
	version: 1
	agencies:
	  so-tnmt: {name: Sở Tài nguyên và Môi trường, level: province}
	  cong-an: {name: Công an tỉnh, level: province}
	  so-xd: {name: Sở Xây dựng, level: province, aliases: [SXD]}
	rules:
	  - name: pollution
	    when: {text: 'ô nhiễm'}
	    agency: so-tnmt
	    cc: [cong-an, so-xd]
	default: so-xd
	coordination:
	  - {name: complaint-fast, when: {kind: complaint}, amount: 3, unit: working_days}
	YAML
	cat >cases.jsonl <<-'JSON'
	{"id":"C1","received_at":"2025-08-04T09:00:00+07:00","kind":"feedback","content":"ô nhiễm sông","status":"processing"}
	{"id":"C2","received_at":"2025-08-05T09:00:00+07:00","kind":"feedback","content":"ô nhiễm khói","status":"processing"}
	{"id":"C3","received_at":"2025-08-18T09:00:00+07:00","kind":"feedback","content":"ô nhiễm tiếng ồn","status":"processing"}
	{"id":"C4","received_at":"2025-08-04T10:00:00+07:00","kind":"complaint","content":"ô nhiễm bụi","status":"processing"}
	JSON
	pakn-route -r rules.yaml cases.jsonl >routed.jsonl
	# the replies (index 0: the police, 1: construction)
	jq -c 'if .id == "C1" then .coordination[0].replied_at = "2025-08-13T15:00:00+07:00"
	       elif .id == "C2" then .coordination[0].replied_at = "2025-08-07"
	                           | .coordination[1].replied_at = "2025-08-12T08:00:00+07:00"
	       elif .id == "C4" then .coordination[0].replied_at = "2025-08-08"
	       else . end' routed.jsonl >replied.jsonl
}

@test "coordination: pakn-route asks each cc agency, at the receipt" {
	run -0 jq -c 'select(.id == "C1") | .coordination' routed.jsonl
	assert_output '[{"agency":"cong-an","agency_name":"Công an tỉnh","requested_at":"2025-08-04T09:00:00+07:00"},{"agency":"so-xd","agency_name":"Sở Xây dựng","requested_at":"2025-08-04T09:00:00+07:00"}]'
	# routing again asks no one twice; a name or an alias becomes the id
	run -0 sh -c 'pakn-route --reroute -r rules.yaml routed.jsonl | cmp - routed.jsonl'
	echo '{"id":"N1","received_at":"2025-08-04","content":"ô nhiễm","coordination":[{"agency":"SXD","replied_at":"2025-08-05"},{"agency":"Sở lạ"}]}' >named.jsonl
	run -0 sh -c 'pakn-route -r rules.yaml named.jsonl | jq -c "[.coordination[] | [.agency, .agency_name, .replied_at, .requested_at]]"'
	assert_output '[["so-xd","Sở Xây dựng","2025-08-05",null],["Sở lạ",null,null,null],["cong-an","Công an tỉnh",null,"2025-08-04"]]'
	# a case without cc gets no list
	echo '{"id":"N2","received_at":"2025-08-04","content":"đường hỏng"}' >plain.jsonl
	run -0 sh -c 'pakn-route -r rules.yaml plain.jsonl | jq -c .coordination'
	assert_output 'null'
}

@test "coordination: pakn-deadline judges each request (default, policy, source's due date)" {
	pakn-deadline -r rules.yaml --as-of 2025-08-20 replied.jsonl >judged.jsonl
	run -0 jq -c '[.id, [.coordination[] | [.agency, .state, .overdue_days, .due_at[:10], .sla.policy]]]' judged.jsonl
	assert_line -n 0 '["C1",[["cong-an","late",2,"2025-08-11","default"],["so-xd","overdue",7,"2025-08-11","default"]]]'
	assert_line -n 1 '["C2",[["cong-an","on_time",null,"2025-08-12","default"],["so-xd","on_time",null,"2025-08-12","default"]]]'
	assert_line -n 2 '["C3",[["cong-an","awaiting",null,"2025-08-25","default"],["so-xd","awaiting",null,"2025-08-25","default"]]]'
	assert_line -n 3 '["C4",[["cong-an","late",1,"2025-08-07","complaint-fast"],["so-xd","overdue",9,"2025-08-07","complaint-fast"]]]'
	# judged again later: the due dates it wrote are computed again, the
	# states move on
	run -0 sh -c 'pakn-deadline -r rules.yaml --as-of 2025-08-21 judged.jsonl | jq -c "select(.id == \"C1\") | [.coordination[] | .overdue_days]"'
	assert_output '[2,8]'
	# a due date the source wrote is kept
	echo '{"id":"S1","received_at":"2025-08-04","coordination":[{"agency":"x","due_at":"2025-08-06"}]}' >src.jsonl
	run -0 sh -c 'pakn-deadline --as-of 2025-08-07 src.jsonl | jq -c ".coordination[0] | [.due_at, .state, .overdue_days, .sla]"'
	assert_output '["2025-08-06","overdue",1,null]'
}

@test "coordination: a list that cannot be read is rejected, with its line and why" {
	printf '%s\n' '{"id":"B0","received_at":"2025-08-04"}' \
		'{"id":"B1","received_at":"2025-08-04","coordination":[{"agency_name":"A"}]}' \
		'{"id":"B2","received_at":"2025-08-04","coordination":[{"agency":"a","replied_at":"hôm qua"}]}' \
		'{"id":"B3","received_at":"2025-08-04","coordination":"a"}' >bad.jsonl
	run -1 --separate-stderr pakn-deadline --as-of 2025-08-20 --rejects rej.jsonl bad.jsonl
	assert_equal "$(jq -r .id <<<"$output")" "B0"
	run -0 jq -r '"\(.source.line) \(.error)"' rej.jsonl
	assert_line -n 0 '2 coordination[0]: no agency (the agency asked)'
	assert_line -n 1 --regexp "^3 coordination\[0\]\.replied_at: .*'hôm qua'"
	assert_line -n 2 '4 coordination: expected a list of {agency, requested_at, due_at, replied_at}'
	# the report rejects them the same way, and counts the rest
	run -1 --separate-stderr pakn-report "${P[@]}" -f json --rejects rej2.jsonl bad.jsonl
	assert_equal "$(jq -r .totals.received <<<"$output")" 1
	assert_equal "$(jq -s length rej2.jsonl)" 3
}

@test "coordination: the report counts per agency asked and lists the overdue (json)" {
	pakn-report -r rules.yaml "${P[@]}" -f json replied.jsonl >r.json
	run -0 jq -c '.coordination | [.asked, .replied_on_time, .replied_late, .awaiting, .overdue]' r.json
	assert_output '[8,2,2,2,2]'
	run -0 jq -c '[.coordination.by_agency[] | [.agency, .name, .asked, .replied_on_time, .replied_late, .awaiting, .overdue]]' r.json
	assert_output '[["cong-an","Công an tỉnh",4,1,2,1,0],["so-xd","Sở Xây dựng",4,1,0,1,2]]'
	run -0 jq -c '.coordination.overdue_requests | [.count, [.cases[] | [.id, .agency, .overdue_days, .requested_at, .due_at[:10]]]]' r.json
	assert_output '[2,[["C4","so-xd",9,"2025-08-04T10:00:00+07:00","2025-08-07"],["C1","so-xd",7,"2025-08-04T09:00:00+07:00","2025-08-11"]]]'
	# the same figures from pakn-deadline's output, in every format
	pakn-deadline -r rules.yaml --as-of 2025-08-20 replied.jsonl >judged.jsonl
	for f in json csv text md html; do
		pakn-report -r rules.yaml "${P[@]}" -f $f replied.jsonl >a.$f
		pakn-report -r rules.yaml "${P[@]}" -f $f judged.jsonl >b.$f
		cmp a.$f b.$f
	done
	# without the rules file the complaint's policy is not known: 5 days,
	# due 11/8 as C1's (the same days: the case id decides the order)
	run -0 sh -c 'pakn-report '"${P[*]}"' -f json replied.jsonl | jq -c "[.coordination.overdue_requests.cases[] | [.id, .overdue_days]]"'
	assert_output '[["C1",7],["C4",7]]'
	# but the due dates pakn-deadline wrote with the rules are final for
	# the report, as the case's own are
	run -0 sh -c 'pakn-report '"${P[*]}"' -f json judged.jsonl | jq -c "[.coordination.overdue_requests.cases[] | [.id, .overdue_days]]"'
	assert_output '[["C4",9],["C1",7]]'
}

@test "coordination: the table and the list in text, md, csv, html and the workbook" {
	run -0 pakn-report -r rules.yaml "${P[@]}" --width 0 replied.jsonl
	assert_line --regexp '^[0-9]+\. Đề nghị phối hợp, theo đơn vị được đề nghị$'
	assert_line --regexp '^  Công an tỉnh +4 +1 +2 +1 +0$'
	assert_line --regexp '^  Sở Xây dựng +4 +1 +0 +1 +2$'
	assert_line --regexp '^  Tổng cộng +8 +2 +2 +2 +2$'
	assert_line --regexp '^[0-9]+\. Chậm phúc đáp đề nghị phối hợp \(quá hạn lâu nhất trước\): 2$'
	assert_line --regexp '^  C4 +Sở Xây dựng +9 +07/08/2025 +ô nhiễm bụi$'
	run -0 pakn-report -r rules.yaml "${P[@]}" --lang en --width 0 replied.jsonl
	assert_line --regexp '^[0-9]+\. Coordination requests, by the agency asked$'
	run -0 pakn-report -r rules.yaml "${P[@]}" -f md replied.jsonl
	assert_line '| Sở Xây dựng | 4 | 1 | 0 | 1 | 2 |'
	assert_line '| C1 | Sở Xây dựng | 7 | 11/08/2025 | ô nhiễm sông |'
	run -0 pakn-report -r rules.yaml "${P[@]}" -f csv replied.jsonl
	assert_line -n 1 --regexp '^2025-08,total,.*,8,2,2,2,2,0,0$'
	assert_line --regexp '^2025-08,coordination,so-xd,Sở Xây dựng,,(,){27}4,1,0,1,2,,$'
	assert_line --regexp '^2025-08,agency,so-tnmt,.*,,,,,,0,$'
	run -0 pakn-report -r rules.yaml "${P[@]}" -f html replied.jsonl
	assert_output --partial '<tr class="total"><td class="t">Tổng cộng</td><td>8</td><td>2</td><td>2</td><td>2</td><td>2</td></tr>'
	assert_output --partial 'Chậm phúc đáp đề nghị phối hợp (quá hạn lâu nhất trước): 2</h2>'
	run -0 pakn-report -r rules.yaml "${P[@]}" -f html --doc replied.jsonl
	assert_output --partial 'Đề nghị phối hợp: 8, được phúc đáp đúng hạn 2, trễ hạn 2; đang chờ trong hạn 2, quá hạn chưa phúc đáp 2 (Phụ lục IV).'
	pakn-report -r rules.yaml "${P[@]}" -f xlsx -o r.xlsx replied.jsonl
	run -0 xlsx2csv -n 'Phối hợp' r.xlsx
	assert_line 'so-xd,Sở Xây dựng,4,1,0,1,2'
	assert_line ',Tổng cộng,8,2,2,2,2'
	run -0 xlsx2csv -n 'Chậm phúc đáp' r.xlsx
	assert_line '1,C4,so-xd,Sở Xây dựng,ô nhiễm bụi,04/08/2025,07/08/2025,9'
	# a period without requests shows neither the table nor the list
	run -0 pakn-report "${P[@]}" --width 0 cases.jsonl
	refute_output --partial 'Đề nghị phối hợp'
}

@test "coordination: partials of any split merge into the single run's report" {
	pakn-report -r rules.yaml "${P[@]}" -f json replied.jsonl >one.json
	head -2 replied.jsonl >a.jsonl
	tail -n +3 replied.jsonl >b.jsonl
	pakn-report -r rules.yaml "${P[@]}" --partial a.jsonl >a.partial
	pakn-report -r rules.yaml "${P[@]}" --partial b.jsonl >b.partial
	pakn-report --merge -f json a.partial b.partial | cmp - one.json
}

@test "coordination: pakn-ingest reads Đơn vị phối hợp and its reply date" {
	printf '%s\n' 'Mã,Ngày tiếp nhận,Nội dung,Đơn vị phối hợp,Ngày phúc đáp' \
		'A1,04/08/2025,ô nhiễm sông,Công an tỉnh,13/08/2025' \
		'A2,04/08/2025,ô nhiễm khói,"Công an tỉnh; Sở Xây dựng",07/08/2025' \
		'A3,04/08/2025,đường hỏng,,' >export.csv
	run -0 pakn-ingest --list-columns export.csv
	assert_line $'Đơn vị phối hợp\tcoordination\tbuilt-in'
	assert_line $'Ngày phúc đáp\tcoordination.replied_at\tbuilt-in'
	pakn-ingest export.csv >in.jsonl
	run -0 jq -c '[.id, .coordination, .extra]' in.jsonl
	assert_line -n 0 '["A1",[{"agency":"Công an tỉnh","replied_at":"2025-08-13T00:00:00+07:00"}],null]'
	# which of two agencies replied is not known: the date is kept in extra
	assert_line -n 1 '["A2",[{"agency":"Công an tỉnh"},{"agency":"Sở Xây dựng"}],{"Ngày phúc đáp":"2025-08-07T00:00:00+07:00"}]'
	assert_line -n 2 '["A3",null,null]'
	# routed: the names become ids; judged: the police replied late
	run -0 sh -c 'pakn-route -r rules.yaml in.jsonl | pakn-deadline -r rules.yaml --as-of 2025-08-20 | jq -c "select(.id == \"A1\") | [.coordination[] | [.agency, .state]]"'
	assert_output '[["cong-an","late"],["so-xd","overdue"]]'
	# a JSON export's list is kept as it is
	echo '[{"id":"J1","received_at":"2025-08-04","content":"x","coordination":[{"agency":"cong-an","replied_at":"2025-08-06"}]}]' >j.json
	run -0 sh -c 'pakn-ingest j.json | jq -c .coordination'
	assert_output '[{"agency":"cong-an","replied_at":"2025-08-06"}]'
}

@test "coordination: the rules file's coordination: policies are checked like deadlines:" {
	cat >bad.yaml <<-'YAML'
	version: 1
	agencies: {a: {name: A}}
	default: a
	coordination:
	  - {name: x, amount: 0, unit: working_days}
	YAML
	run -2 --separate-stderr pakn-route -r bad.yaml plain.jsonl
	[[ "$stderr" == *"bad.yaml:5:"*"amount must be a whole number from 1 to 10000"* ]]
}
