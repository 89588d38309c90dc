#!/usr/bin/env bats
# pakn-report: every point of issue 5 on a fixture whose every figure was
# worked out by hand, in every format; the split-and-merge equality on a
# generated file; the parallel script; the failure paths.
#
# THE HAND-WORKED FIXTURE: tests/data/report/month.jsonl (16 records with
# the keys pakn-route and pakn-deadline add, written by hand).
# Report: --month 2021-11 --as-of 2021-12-06 (Monday).  Previous period:
# October 2021, seen at 2021-11-06 (as many days after its end as
# 6/12 is after 30/11).  No public holiday falls in 15/9-6/12/2021, so
# working days are Monday-Friday throughout.  wd(a, b) = working days d
# with a < d <= b.
#
#   id  received  chan.    agency   answer   due     state given    Nov 2021          Oct 2021
#   R01 02/11     hotline  so-tnmt  05/11    11/11   on_time        recv, on time, 3d  -
#   R02 03/11     zalo     so-tnmt  15/11    10/11   late (3)       recv, late, 8d     -
#   R03 08/11     portal   so-xd    22/11    22/11*  -              recv, on time, 10d -
#                                   16:45    17:00   (derived: answered before the due moment)
#   R04 10/11     hotline  so-xd    -        17/11   overdue (13)   recv, overdue 13   -
#   R05 15/11     meeting  ubnd-bx  -        15/12   open           recv, open; directive waiting wd(15/11,6/12)=15
#   R06 18/11     email    (none)   -        -       -              recv, overdue: no due_at, so the default
#                                                                      10 working days: due 2/12, wd(2/12,6/12)=2
#   R07 22/11     hotline  so-tnmt  -        29/11   -              recv, overdue wd(29/11,6/12)=5 (derived)
#   R08 25/11     zalo     ubnd-bx  03/12    09/12   on_time        recv, on time, 6d  -
#   R09 30/11     portal   so-tnmt  08/12    07/12   -              recv, open (answered after as-of, due not passed)
#   R10 01/12     hotline  so-tnmt  -        10/12   open           after the period: ignored
#   R11 20/10     hotline  so-tnmt  03/11    27/10   late (5)       carried, late, 10d recv, late (derived), 10d
#   R12 25/10     zalo     so-xd    -        08/11   overdue (20)   carried, overdue 20 recv, open (due 8/11 > 6/11)
#   R13 15/09     letter   ubnd-bx  14/10    15/10   on_time        answered before Nov   carried, on time, 21d
#   R14 05/10**   hotline  so-tnmt  11/10    12/10   -              answered before Nov   recv, on time, 4d
#   R15 10/08     direct   so-xd    status closed, no answered_at: answered before both periods: ignored
#   R16 20/09     direct   ubnd-bx  -        -       -              carried, overdue: default 10 wd, due 4/10,
#                                   wd(4/10,6/12)=45; directive waiting wd(20/9,6/12)=55; Oct: carried, overdue
#   *  R03's due is 17:00 that day; ** R14's received_at is 2021-10-04T20:30Z = 05/10 in Vietnam.
#   Satisfaction: R01 sat, R02 unsat, R03 neutral, R08 sat, R13 sat, R14 neutral.
#   Escalated (route.escalated): R02, R12.
#
# November (current):
#   received 9 (R01-R09); carried over 3 (R11, R12, R16);
#   on time 3 (R01, R03, R08); late 2 (R02, R11); open 2 (R05, R09);
#   overdue 5 (R04, R06, R07, R12, R16); on-time rate 3/(3+2+5) = 30.0 %;
#   days to answer 3, 6, 8, 10, 10: median (3rd of 5) 8, p90 (5th) 10;
#   satisfied 2, neutral 1, unsatisfied 1, rate 2/4 = 50.0 %; escalated 2;
#   overdue list R16 (45), R12 (20), R04 (13), R07 (5), R06 (2); directives R16 (55),
#   R05 (15).  The states a record carries (deadline_state) are never trusted:
#   the report judges again from the dates (lib/deadline.h).
# October (previous):
#   received 3 (R11, R12, R14); carried over 2 (R13, R16);
#   on time 2 (R13, R14); late 1 (R11); open 1 (R12); overdue 1 (R16);
#   rate 2/4 = 50.0 %; days 4, 10, 21: median 10, p90 21;
#   satisfied 1, neutral 1, unsatisfied 0, rate 50.0 %; escalated 1 (R12).
# By agency, November: so-tnmt 4 recv + 1 carried, on time 1, late 2, open 1,
#   overdue 1, 25.0 %, median 8 (3, 8, 10), p90 10; so-xd 2 + 1, on time 1,
#   overdue 2, 33.3 %, 10/10; ubnd-bx 2 + 1, on time 1, open 1, overdue 1,
#   50.0 %, 6/6; unassigned 1 recv, overdue, 0 %.
# By channel, November: hotline 3 + 1, on time 1, late 1, overdue 2, 25.0 %,
#   median 3 (3, 10), p90 10; zalo 2 + 1, 1/1/0/1, 33.3 %, 6/8; portal 2,
#   on time 1, open 1, 100 %; meeting 1 open; email 1 overdue; direct 0 + 1 overdue;
#   letter only in October.
bats_require_minimum_version 1.5.0
load test_helper

FIX="$DATA/report/month.jsonl"
GOLD="$DATA/report"
P=(--month 2021-11 --as-of 2021-12-06)

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# ---- the hand-worked fixture, in every format ---------------------------

@test "pakn-report: hand-worked fixture, text (Vietnamese, 100 columns) matches the golden file" {
	run -0 --separate-stderr pakn-report "${P[@]}" --width 100 "$FIX"
	[ -z "$stderr" ]
	diff -u "$GOLD/month.txt" - <<<"$output"
}

@test "pakn-report: hand-worked fixture, text --lang en matches the golden file" {
	pakn-report "${P[@]}" --lang en --width 0 "$FIX" >out.txt
	diff -u "$GOLD/month-en.txt" out.txt
}

@test "pakn-report: hand-worked fixture, md matches the golden file" {
	pakn-report "${P[@]}" -f md "$FIX" >out.md
	diff -u "$GOLD/month.md" out.md
}

@test "pakn-report: hand-worked fixture, csv matches the golden file" {
	pakn-report "${P[@]}" -f csv "$FIX" >out.csv
	diff -u "$GOLD/month.csv" out.csv
}

@test "pakn-report: hand-worked fixture, json matches the golden file" {
	pakn-report "${P[@]}" -f json "$FIX" >out.json
	diff -u "$GOLD/month.json" out.json
}

@test "pakn-report: hand-worked fixture, html matches the golden file" {
	pakn-report "${P[@]}" -f html --title 'UBND tỉnh Vĩnh Phúc' "$FIX" >out.html
	diff -u "$GOLD/month.html" out.html
}

@test "pakn-report: the hand-worked totals, figure by figure (json)" {
	pakn-report "${P[@]}" -f json "$FIX" >r.json
	run -0 jq -c '.totals | del(.previous)' r.json
	assert_output '{"received":9,"carried_over":3,"answered_on_time":3,"answered_late":2,"open":2,"overdue":5,"answered_undated":0,"on_time_rate":0.3,"on_time_mark":"below","median_days":8,"p90_days":10,"satisfied":2,"neutral":1,"unsatisfied":1,"satisfaction_rate":0.5,"escalated":2,"escalated_by_reason":{"unsatisfied":1,"beyond_authority":0,"denunciation":0,"other":1},"directives_report_back":{"on_time":0,"late":0,"awaiting":0,"overdue":2},"rated":4,"not_rated":8,"multi_level":0,"published":null}'
	run -0 jq -c '.totals.previous' r.json
	assert_output '{"received":3,"carried_over":2,"answered_on_time":2,"answered_late":1,"open":1,"overdue":1,"answered_undated":0,"on_time_rate":0.5,"on_time_mark":"below","median_days":10,"p90_days":21,"satisfied":1,"neutral":1,"unsatisfied":0,"satisfaction_rate":0.5,"escalated":1,"escalated_by_reason":{"unsatisfied":0,"beyond_authority":0,"denunciation":0,"other":1},"directives_report_back":{"on_time":0,"late":0,"awaiting":0,"overdue":1},"rated":2,"not_rated":3,"multi_level":0,"published":null}'
}

@test "pakn-report: the hand-worked groups (json)" {
	pakn-report "${P[@]}" -f json "$FIX" >r.json
	run -0 jq -r '.groups.agency[] | [.key // "-", .received, .carried_over, .answered_on_time, .answered_late, .open, .overdue, .on_time_rate // "-", .on_time_mark // "-", .median_days // "-", .p90_days // "-"] | @tsv' r.json
	assert_output "$(printf '%s\n' \
		$'so-tnmt\t4\t1\t1\t2\t1\t1\t0.25\tbelow\t8\t10' \
		$'ubnd-bx\t2\t1\t1\t0\t1\t1\t0.5\tbelow\t6\t6' \
		$'so-xd\t2\t1\t1\t0\t0\t2\t0.3333\tbelow\t10\t10' \
		$'-\t1\t0\t0\t0\t0\t1\t0\tbelow\t-\t-')"
	run -0 jq -r '.groups.channel[] | [.key, .received, .carried_over, .answered_on_time, .answered_late, .open, .overdue, .median_days // "-", .p90_days // "-"] | @tsv' r.json
	assert_output "$(printf '%s\n' \
		$'hotline\t3\t1\t1\t1\t0\t2\t3\t10' \
		$'zalo\t2\t1\t1\t1\t0\t1\t6\t8' \
		$'portal\t2\t0\t1\t0\t1\t0\t10\t10' \
		$'direct\t0\t1\t0\t0\t0\t1\t-\t-' \
		$'email\t1\t0\t0\t0\t0\t1\t-\t-' \
		$'meeting\t1\t0\t0\t0\t1\t0\t-\t-' \
		$'letter\t0\t0\t0\t0\t0\t0\t-\t-')"
}

# ---- 1. period -----------------------------------------------------------

@test "pakn-report: 1. the default period is the month before --as-of" {
	pakn-report "${P[@]}" -f json "$FIX" >month.json
	pakn-report --as-of 2021-12-06 -f json "$FIX" >default.json
	cmp month.json default.json
	run -0 jq -c .period default.json
	assert_output '{"from":"2021-11-01","to":"2021-11-30","month":"2021-11","as_of":"2021-12-06"}'
}

@test "pakn-report: 1. --from/--to any range; the previous period is as long, just before" {
	pakn-report --from 2021-11-01 --to 2021-11-15 --as-of 2021-12-06 -f json "$FIX" >r.json
	run -0 jq -c '[.period.month, .previous_period.from, .previous_period.to, .previous_period.as_of]' r.json
	# 15 days before; seen 21 days after its end, as 6/12 is after 15/11.
	assert_output '[null,"2021-10-17","2021-10-31","2021-11-21"]'
	# R01-R05 received; R11, R12, R16 carried over; R04 overdue (13 days, its
	# overdue_days), R12 (20) as well; R05 open; R01, R03 on time, R02 late.
	run -0 jq -c '.totals | [.received, .carried_over, .answered_on_time, .answered_late, .open, .overdue]' r.json
	assert_output '[5,3,2,2,1,3]'
}

@test "pakn-report: 1. --as-of fixes now: the same case is open, then overdue" {
	# R07 (due 29/11, no deadline_state): open on 29/11, overdue from 30/11.
	grep '"R07"' "$FIX" >r07.jsonl
	run -0 sh -c 'pakn-report --month 2021-11 --as-of 2021-11-29 -f json r07.jsonl | jq -c "[.totals.open, .totals.overdue]"'
	assert_output '[1,0]'
	run -0 sh -c 'pakn-report --month 2021-11 --as-of 2021-11-30 -f json r07.jsonl | jq -c "[.totals.open, .totals.overdue, .overdue.cases[0].overdue_days]"'
	assert_output '[0,1,1]'
}

@test "pakn-report: 1. period usage errors exit 2" {
	run -2 --separate-stderr pakn-report --month 2021-13 "$FIX"
	assert_equal "$stderr" "pakn-report: --month '2021-13': expected YYYY-MM or mm/yyyy"
	run -2 --separate-stderr pakn-report --from 2021-11-01 "$FIX"
	assert_equal "$stderr" "pakn-report: --from and --to go together"
	run -2 --separate-stderr pakn-report --month 2021-11 --from 2021-11-01 --to 2021-11-02 "$FIX"
	[[ "$stderr" == *"cannot be used together"* ]]
	run -2 --separate-stderr pakn-report --from 2021-11-05 --to 2021-11-01 "$FIX"
	[[ "$stderr" == *"before --from"* ]]
	run -2 --separate-stderr pakn-report --as-of 31/11/2021 "$FIX"
	[[ "$stderr" == *"--as-of '31/11/2021': expected a date"* ]]
}

@test "pakn-report: --month and --as-of also take mm/yyyy and dd/mm/yyyy, as the report prints them" {
	pakn-report "${P[@]}" -f json "$FIX" >iso.json
	pakn-report --month 11/2021 --as-of 06/12/2021 -f json "$FIX" >vn.json
	cmp iso.json vn.json
}

@test "pakn-report: a period with none of the records read says so" {
	run -0 --separate-stderr pakn-report --month 2020-01 --as-of 2020-02-01 -f json "$FIX"
	[[ "$stderr" == *"the period holds none of the 16 records read"* ]]
	run -0 --separate-stderr pakn-report -q --month 2020-01 --as-of 2020-02-01 -f json "$FIX"
	[ -z "$stderr" ]
}

@test "pakn-report: a missing input prints no report at all (3)" {
	run -3 --separate-stderr pakn-report "${P[@]}" nofile.jsonl
	[ -z "$output" ]
	[[ "$stderr" == *"nofile.jsonl: cannot open"* ]]
}

@test "pakn-report: --line-buffered is accepted, as by every program" {
	run -0 pakn-report "${P[@]}" --line-buffered -f json "$FIX"
	cmp <(printf '%s\n' "$output") "$GOLD/month.json"
}

@test "pakn-report: an answer whose date is unknown is its own figure, with a warning" {
	{
		printf '{"id":"U1","received_at":"2021-11-03T09:00:00+07:00","status":"answered","channel":"hotline"}\n'
		printf '{"id":"U2","received_at":"2021-11-04T09:00:00+07:00","status":"closed","closed_at":"2021-11-05","channel":"hotline"}\n'
		printf '{"id":"U3","received_at":"2021-11-04T09:00:00+07:00","status":"processing","channel":"hotline"}\n'
	} >u.jsonl
	run -0 --separate-stderr pakn-report "${P[@]}" -f json u.jsonl
	[[ "$stderr" == *"1 cases answered with no date"* ]]
	run -0 jq -c '.totals | [.received, .answered_on_time, .answered_late, .open, .overdue, .answered_undated, .on_time_rate]' <<<"$output"
	assert_output '[3,1,0,0,1,1,0.5]'
	# every format shows it
	run -0 pakn-report -q "${P[@]}" u.jsonl
	assert_line --regexp '^  Đã trả lời, không rõ ngày +1( |$)'
	run -0 pakn-report -q "${P[@]}" --lang en u.jsonl
	assert_line --regexp '^  Answered, date unknown +1( |$)'
	run -0 pakn-report -q "${P[@]}" -f md u.jsonl
	assert_line --partial '| Đã trả lời, không rõ ngày | 1 |'
	run -0 sh -c "pakn-report -q ${P[*]} -f csv u.jsonl | head -2 | tail -1"
	[[ "$output" =~ ,1,,[0-9]+,[0-9]+(,[0-9]+){15}$ ]]
	run -0 pakn-report -q "${P[@]}" -f html u.jsonl
	[[ "$output" == *"Đã trả lời, không rõ ngày"* ]]
}

# ---- 2. figures ------------------------------------------------------------

@test "pakn-report: 2. totals and every group entry carry the documented figure names" {
	pakn-report "${P[@]}" -f json "$FIX" >r.json
	names='["answered_late","answered_on_time","answered_undated","carried_over","directives_report_back","escalated","escalated_by_reason","median_days","multi_level","neutral","not_rated","on_time_mark","on_time_rate","open","overdue","p90_days","published","rated","received","satisfaction_rate","satisfied","unsatisfied"]'
	run -0 jq -c '.totals | del(.previous) | keys' r.json
	assert_output "$names"
	run -0 jq -c '[.groups[][] | del(.key, .name, .previous) | keys] | unique' r.json
	assert_output "[$names]"
	run -0 jq -c '.groups | keys' r.json
	assert_output '["agency","category","channel"]'
}

@test "pakn-report: 2. the national scoring marks: ** at 100 %, * from 90 %" {
	# Ten cases of one agency, 9 answered on time and 1 late: 90.0 % (*).
	for i in 1 2 3 4 5 6 7 8 9 10; do
		ans=2021-11-10T09:00:00+07:00
		[ $i -eq 10 ] && ans=2021-11-20T09:00:00+07:00
		printf '{"id":"S%02d","received_at":"2021-11-02T08:00:00+07:00","channel":"hotline","agency":"a","due_at":"2021-11-16T23:59:59+07:00","answered_at":"%s"}\n' $i $ans
	done >ninety.jsonl
	run -0 pakn-report "${P[@]}" --width 0 ninety.jsonl
	assert_line --regexp '^  Tỷ lệ đúng hạn +90,0 % \*$'
	run -0 sh -c 'pakn-report --month 2021-11 --as-of 2021-12-06 -f json ninety.jsonl | jq -c "[.totals.on_time_rate, .totals.on_time_mark]"'
	assert_output '[0.9,"partial"]'
	head -n 9 ninety.jsonl >full.jsonl
	run -0 sh -c 'pakn-report --month 2021-11 --as-of 2021-12-06 -f json full.jsonl | jq -c "[.totals.on_time_rate, .totals.on_time_mark]"'
	assert_output '[1,"full"]'
}

@test "pakn-report: 2. without pakn-deadline's keys the states are derived from the dates" {
	# Drop deadline_state and overdue_days: R04 (due 17/11) is then overdue
	# by wd(17/11, 6/12) = 13 and R12 (due 8/11) by 20, as the records said.
	jq -c 'del(.deadline_state, .overdue_days)' "$FIX" >bare.jsonl
	pakn-report "${P[@]}" -f json bare.jsonl >bare.json
	pakn-report "${P[@]}" -f json "$FIX" >full.json
	run -0 jq -c '[.totals, .overdue] ' bare.json
	assert_output "$(jq -c '[.totals, .overdue]' full.json)"
}

@test "pakn-report: 2. --calendar-file days off change the working-day counts" {
	# 1/12/2021 declared a day off: R07 (no overdue_days) is 4 days overdue.
	printf 'off:\n  - {date: 2021-12-01, name: "test"}\n' >cal.yaml
	run -0 sh -c 'pakn-report --month 2021-11 --as-of 2021-12-06 --calendar-file cal.yaml -f json '"$FIX"' | jq -c "[.overdue.cases[] | [.id, .overdue_days]]"'
	assert_output '[["R16",44],["R12",19],["R04",12],["R07",4],["R06",1]]'
	printf 'off: [' >bad.yaml
	run -2 --separate-stderr pakn-report --calendar-file bad.yaml "$FIX"
	[[ "$stderr" == *"bad.yaml:"* ]]
}

# ---- 3. grouping -------------------------------------------------------------

@test "pakn-report: 3. --by agency,channel groups by pairs" {
	# Ordered by cases this period (received + carried over), then the
	# previous period's, then key (a missing agency first): worked by hand
	# from the table at the top.
	run -0 sh -c "pakn-report ${P[*]} --by agency,channel -f json '$FIX' | jq -c '.groups | keys, (.[\"agency,channel\"][] | [.key, .name[0], .received, .carried_over])'"
	assert_output "$(printf '%s\n' \
		'["agency,channel"]' \
		'[["so-tnmt","hotline"],"Sở Tài nguyên và Môi trường",2,1]' \
		'[["so-xd","zalo"],"Sở Xây dựng",0,1]' \
		'[["ubnd-bx","direct"],"UBND huyện Bình Xuyên",0,1]' \
		'[[null,"email"],null,1,0]' \
		'[["so-tnmt","portal"],"Sở Tài nguyên và Môi trường",1,0]' \
		'[["so-tnmt","zalo"],"Sở Tài nguyên và Môi trường",1,0]' \
		'[["so-xd","hotline"],"Sở Xây dựng",1,0]' \
		'[["so-xd","portal"],"Sở Xây dựng",1,0]' \
		'[["ubnd-bx","meeting"],"UBND huyện Bình Xuyên",1,0]' \
		'[["ubnd-bx","zalo"],"UBND huyện Bình Xuyên",1,0]' \
		'[["ubnd-bx","letter"],"UBND huyện Bình Xuyên",0,0]')"
}

@test "pakn-report: 3. --by kind, district and commune, repeatable" {
	run -0 sh -c "pakn-report ${P[*]} --by kind --by district --by commune -f json '$FIX' | jq -c '.groups | to_entries[] | [.key, [.value[] | [.key, .received + .carried_over]]]'"
	# feedback: R01 R02 R04 R07 R09 received, R11 carried over.
	assert_line --index 0 '["kind",[["feedback",6],["petition",3],["directive",2],["question",1],["complaint",0]]]'
	assert_line --index 1 '["district",[["Bình Xuyên",6],["Vĩnh Yên",5],[null,1]]]'
	assert_line --index 2 '["commune",[[null,11],["Hương Canh",1]]]'
	run -0 pakn-report "${P[@]}" --by kind --width 0 "$FIX"
	assert_line --regexp '^  Chỉ đạo +1 +\+1 +1 '
	run -2 --separate-stderr pakn-report --by ward "$FIX"
	[[ "$stderr" == *"unknown grouping 'ward'"* ]]
}

# ---- 4. lists ----------------------------------------------------------------

@test "pakn-report: 4. overdue list longest first, directives waiting longest first, --top caps both" {
	run -0 sh -c "pakn-report ${P[*]} -f json '$FIX' | jq -c '[.overdue.count, [.overdue.cases[] | [.id, .agency, .overdue_days]]], [.directives.count, [.directives.cases[] | [.id, .waiting_days]]]'"
	assert_line --index 0 '[5,[["R16","ubnd-bx",45],["R12","so-xd",20],["R04","so-xd",13],["R07","so-tnmt",5],["R06",null,2]]]'
	assert_line --index 1 '[2,[["R16",55],["R05",15]]]'
	run -0 sh -c "pakn-report ${P[*]} --top 1 -f json '$FIX' | jq -c '[.overdue.count, [.overdue.cases[].id], .directives.count, [.directives.cases[].id]]'"
	assert_output '[5,["R16"],2,["R16"]]'
	run -0 pakn-report "${P[@]}" --top 1 --width 0 "$FIX"
	assert_line '  (hiển thị 1/5, --top)'
	run -2 --separate-stderr pakn-report --top -1 "$FIX"
	run -2 --separate-stderr pakn-report --top 10001 "$FIX"
}

@test "pakn-report: 4. a case without a title is listed with the start of its content" {
	run -0 sh -c "pakn-report ${P[*]} -f json '$FIX' | jq -r '.overdue.cases[3].title'"
	assert_output 'Đốt rác gây ô nhiễm <script>alert("x")</script> & khói'
}

# ---- 5. comparison -------------------------------------------------------------

@test "pakn-report: 5. no previous period in the input: no comparison shown" {
	# Keep only what was received in November or later.
	jq -c 'select(.received_at >= "2021-11")' "$FIX" >nov.jsonl
	run -0 sh -c 'pakn-report --month 2021-11 --as-of 2021-12-06 -f json nov.jsonl | jq -c "[.previous_period, .totals.previous, .groups.agency[0].previous]"'
	assert_output '[null,null,null]'
	run -0 pakn-report "${P[@]}" --width 0 nov.jsonl
	assert_line 'So sánh với: tháng 10/2021 (01/10/2021 – 31/10/2021) (không có số liệu kỳ trước)'
	refute_line --partial 'Kỳ trước  Tăng/giảm'
	run -0 pakn-report "${P[@]}" --width 0 "$FIX"
	assert_line --regexp '^  Tiếp nhận trong kỳ +9 +3 +\+6$'
}

# ---- 6. formats ----------------------------------------------------------------

@test "pakn-report: 6. text fits the width asked for" {
	for w in 60 80 100 140; do
		pakn-report "${P[@]}" --width $w "$FIX" >w$w.txt
		# Every line fits (Vietnamese in NFC: one character, one column).
		run -0 python3 -c 'import sys; w=int(sys.argv[1]); print([l for l in open(sys.argv[2], encoding="utf-8").read().splitlines() if len(l) > w])' $w w$w.txt
		assert_output '[]'
	done
	# Columns are left out, most important last: the received count stays.
	run -0 grep -c 'Nhận' w60.txt
	[ "$output" -ge 3 ]
	# COLUMNS is read when --width is not given.
	COLUMNS=60 pakn-report "${P[@]}" "$FIX" | cmp - w60.txt
}

@test "pakn-report: 6. csv --excel=intl adds a BOM and CRLF" {
	# --excel alone is now the Vietnamese dialect (';' and a decimal
	# comma, tests/report-excel.bats); --excel=intl keeps ',' and '.'.
	pakn-report "${P[@]}" -f csv --excel=intl "$FIX" >x.csv
	run -0 head -c 3 x.csv
	assert_output $'\xef\xbb\xbf'
	run -0 sh -c 'tail -c +4 x.csv | tr -d "\r" | cmp - '"$GOLD/month.csv"
	[ "$(grep -c $'\r$' x.csv)" -eq "$(wc -l <x.csv)" ]
	run -2 --separate-stderr pakn-report "${P[@]}" --excel "$FIX"
	assert_equal "$stderr" "pakn-report: --excel goes with --format csv"
}

@test "pakn-report: 6. csv cells starting with = + - @ are neutralised" {
	cat >inject.jsonl <<-'EOF'
	{"id":"X1","received_at":"2021-11-02T08:00:00+07:00","channel":"hotline","category":"=HYPERLINK(\"http://evil\",\"x\")","agency":"+cmd|' /C calc'!A0","agency_name":"@SUM(1+1)"}
	{"id":"X2","received_at":"2021-11-03T08:00:00+07:00","channel":"hotline","category":"-2+3","agency":"ok, quoted \"name\""}
	EOF
	pakn-report "${P[@]}" -f csv inject.jsonl >i.csv
	# total, 1 channel, 2 categories, 2 agencies
	run -0 grep -c '^2021-11,' i.csv
	assert_output 6
	run -0 grep -F "2021-11,category,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",," i.csv
	run -0 grep -F "\"'+cmd|' /C calc'!A0\",\"'@SUM(1+1)\"" i.csv
	run -0 grep -F "\"'-2+3\"" i.csv
	run -0 grep -F '"ok, quoted ""name"""' i.csv
	# No cell begins with a formula character, read as CSV.
	run -0 python3 -c 'import csv,sys; bad=[c for r in csv.reader(open("i.csv")) for c in r if c and c[0] in "=+-@"]; print(bad)'
	assert_output '[]'
}

@test "pakn-report: 6. html escapes every string from the data" {
	pakn-report "${P[@]}" -f html "$FIX" >r.html
	# The content of R07 holds a <script>: only its escaped form appears.
	run -1 grep -c '<script' r.html
	run -0 grep -c '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; khói' r.html
	# Also in a name, a key, the chart labels and the --title.
	printf '%s\n' '{"id":"<b>id</b>","received_at":"2021-11-02T08:00:00+07:00","channel":"<i>ch</i>","agency":"a\"><svg onload=alert(1)>","agency_name":"<img src=x onerror=alert(2)>","category":"</title><script>alert(3)</script>","due_at":"2021-11-03T23:59:59+07:00"}' >evil.jsonl
	pakn-report "${P[@]}" -f html --title '<script>alert(4)</script>' evil.jsonl >e.html
	run -1 grep -E -c '<(script|img|svg onload|b>|i>)' e.html
	# In the agency table, the chart's label and the overdue list.
	# (the chart cuts the label before escaping it: no entity is broken)
	[ "$(grep -o '&lt;img src=x onerror=alert(2' e.html | wc -l)" -eq 3 ]
	run -0 grep -c '&lt;script&gt;alert(4)&lt;/script&gt;' e.html
}

@test "pakn-report: 6. html is self-contained: no script, nothing fetched" {
	pakn-report "${P[@]}" -f html "$FIX" >r.html
	run -1 grep -E -i '(src|href)="(https?:)?//' r.html
	run -1 grep -E -i '@import|url\(' r.html
	run -0 grep -c "Content-Security-Policy\" content=\"default-src 'none'" r.html
	run -0 grep -c '@page{size:A4' r.html
	# Three charts: channels, agencies' on-time rate, the trend.
	run -0 grep -c '<svg ' r.html
	assert_output 3
}

@test "pakn-report: 6. md escapes what Markdown would read" {
	pakn-report "${P[@]}" -f md "$FIX" >r.md
	run -0 grep -c -F 'Đốt rác gây ô nhiễm \<script\>alert("x")\</script\> \& khói' r.md
	printf '%s\n' '{"id":"a|b","received_at":"2021-11-02T08:00:00+07:00","channel":"hotline","agency":"*x*_y_"}' >p.jsonl
	run -0 pakn-report "${P[@]}" -f md p.jsonl
	assert_line --partial '| \*x\*\_y\_ |'
}

@test "pakn-report: 6. an unknown format is a usage error" {
	# (pdf was the unknown format here; it is one now, issue 11)
	run -2 --separate-stderr pakn-report -f docx "$FIX"
	assert_equal "$stderr" "pakn-report: --format 'docx': expected text, md, csv, json, html, xlsx or pdf"
	run -2 --separate-stderr pakn-report --lang fr "$FIX"
}

# ---- 7. one report per agency --------------------------------------------------

@test "pakn-report: 7. --split-by agency writes one report per agency, atomically" {
	run -0 --separate-stderr pakn-report "${P[@]}" --split-by agency --outdir out -f json "$FIX"
	[ -z "$output" ]
	run -0 ls out
	assert_output $'_none.json\nso-tnmt.json\nso-xd.json\nubnd-bx.json'
	run -0 jq -c '[.scope, .totals.received, .totals.carried_over, .totals.overdue, [.overdue.cases[].id]]' out/so-xd.json
	assert_output '[{"by":"agency","key":"so-xd","name":"Sở Xây dựng"},2,1,2,["R12","R04"]]'
	run -0 jq -c '[.scope.key, .totals.received, .directives.count]' out/ubnd-bx.json out/_none.json
	assert_output $'["ubnd-bx",2,2]\n[null,1,0]'
	# The per-agency totals add up to the whole.
	run -0 sh -c 'jq -s "map(.totals.received + .totals.carried_over) | add" out/*.json'
	assert_output 12
	pakn-report "${P[@]}" --split-by agency --outdir out -f html "$FIX"
	run -0 grep -c 'Đơn vị: <strong>Sở Xây dựng</strong>' out/so-xd.html
	run -1 sh -c 'ls out | grep -c tmp'
	run -2 --separate-stderr pakn-report --split-by agency "$FIX"
	assert_equal "$stderr" "pakn-report: --split-by needs --outdir DIR"
	run -2 --separate-stderr pakn-report --outdir out "$FIX"
	touch notadir
	run -3 --separate-stderr pakn-report "${P[@]}" --split-by agency --outdir notadir/x "$FIX"
}

# ---- 8. partials, merge, the parallel script -------------------------------------

gen() { # gen ROWS SEED: a generated file, made once per test file
	local f="$BATS_FILE_TMPDIR/gen-$1-$2.jsonl"
	[ -s "$f" ] || gen-sample --rows "$1" --seed "$2" --format jsonl >"$f"
	echo "$f"
}

@test "pakn-report: 8. merging the partials of any split gives the single run, byte for byte" {
	big=$(gen 4000 5)
	opts=(--month 2026-09 --as-of 2026-10-06 --top 15)
	pakn-report "${opts[@]}" -f json "$big" >single.json
	pakn-report "${opts[@]}" --width 0 "$big" >single.txt
	[ "$(jq .totals.received single.json)" -gt 50 ]
	[ "$(jq .overdue.count single.json)" -gt 15 ]
	for lines in 97 777 1500; do
		rm -f part.* ./*.partial
		split -l $lines "$big" part.
		for p in part.*; do pakn-report "${opts[@]}" --partial "$p" >"$p.partial"; done
		pakn-report --merge -f json ./*.partial >merged.json
		cmp single.json merged.json
		pakn-report --merge --width 0 ./*.partial >merged.txt
		cmp single.txt merged.txt
	done
	# One record per partial: the hand-worked fixture, in every format.
	mkdir one && (cd one && split -l 1 "$FIX" r. &&
		for p in r.*; do pakn-report "${P[@]}" --partial "$p" >"$p.partial"; done)
	pakn-report --merge -f json one/*.partial | cmp - "$GOLD/month.json"
	pakn-report --merge -f csv one/*.partial | cmp - "$GOLD/month.csv"
	pakn-report --merge --width 100 one/*.partial | cmp - "$GOLD/month.txt"
	# Partials of partials, and partials read from standard input.
	pakn-report --merge --partial part.aa.partial part.ab.partial >ab.partial
	cat ab.partial part.ac.partial | pakn-report --merge -f json - | cmp - single.json
	# Fewer cases listed is fine; more than the partials kept is not.
	run -0 sh -c 'pakn-report --merge --top 3 -f json ./*.partial | jq ".overdue.cases | length"'
	assert_output 3
	run -2 --separate-stderr pakn-report --merge --top 16 ./*.partial
	[[ "$stderr" == *"keep only 15 cases"* ]]
}

@test "pakn-report: 8. the partial is one line of JSON with a format and a version" {
	run -0 pakn-report "${P[@]}" --partial "$FIX"
	[ "${#lines[@]}" -eq 1 ]
	run -0 jq -c '[.format, .version, .config.from, .config.as_of, .config.by]' <<<"$output"
	assert_output '["pakn-report-partial",4,"2021-11-01","2021-12-06",["channel","category","agency"]]'
}

@test "pakn-report: 8. partials that do not go together are refused (2)" {
	pakn-report "${P[@]}" --partial "$FIX" >nov.partial
	pakn-report --month 2021-10 --as-of 2021-11-06 --partial "$FIX" >oct.partial
	run -2 --separate-stderr pakn-report --merge nov.partial oct.partial
	assert_equal "$stderr" "pakn-report: oct.partial:1: the partial was made with another period, --as-of, --by or --split-by"
	run -2 --separate-stderr pakn-report --merge "$FIX"
	[[ "$stderr" == *"month.jsonl:1: not a pakn-report partial"* ]]
	jq -c '.version = 9' nov.partial >v9.partial
	run -2 --separate-stderr pakn-report --merge v9.partial
	[[ "$stderr" == *"partial version 9"* ]]
	run -2 --separate-stderr pakn-report --merge --month 2021-11 nov.partial
	run -2 --separate-stderr pakn-report --merge
	run -3 --separate-stderr pakn-report --merge nosuch.partial
	assert_equal "$stderr" "pakn-report: nosuch.partial: cannot open: No such file or directory"
}

@test "pakn-report: 8. --split-by survives the partials" {
	pakn-report "${P[@]}" --split-by agency --outdir whole -f json "$FIX"
	head -n 8 "$FIX" >a.jsonl
	tail -n +9 "$FIX" >b.jsonl
	pakn-report "${P[@]}" --split-by agency --partial a.jsonl >a.partial
	pakn-report "${P[@]}" --split-by agency --partial b.jsonl >b.partial
	pakn-report --merge --split-by agency --outdir merged -f json a.partial b.partial
	diff -r whole merged
	run -2 --separate-stderr pakn-report --merge --split-by channel --outdir x a.partial
}

@test "pakn-report: 8. scripts/parallel-report gives the single run's JSON, from a file and from a pipe" {
	big=$(gen 4000 5)
	opts=(--month 2026-09 --as-of 2026-10-06)
	pakn-report "${opts[@]}" -f json "$big" >single.json
	run -0 --separate-stderr parallel-report -j 3 "${opts[@]}" -f json "$big"
	diff -u single.json - <<<"$output"
	# From a pipe, in small blocks: many partials.
	run -0 --separate-stderr sh -c "cat '$big' | parallel-report --block 200k ${opts[*]} -f json"
	diff -u single.json - <<<"$output"
	# Output options reach the merge.
	parallel-report -j 2 "${opts[@]}" -f html -o r.html "$big"
	pakn-report "${opts[@]}" -f html "$big" | cmp - r.html
}

@test "pakn-report: 8. scripts/parallel-report passes rejects and statuses on" {
	big=$(gen 4000 5)
	{ head -n 100 "$big"; echo 'not json'; tail -n +101 "$big"; } >withbad.jsonl
	run -1 --separate-stderr parallel-report -j 2 --month 2026-09 --as-of 2026-10-06 --rejects rej.jsonl -f json withbad.jsonl
	run -0 jq -r .input rej.jsonl
	assert_output 'not json'
	run -2 --separate-stderr parallel-report --partial x
	run -2 --separate-stderr parallel-report --bogus x
}

# ---- 9. memory ----------------------------------------------------------------

@test "pakn-report: 9. memory follows the groups, not the records" {
	[ -x /usr/bin/time ] || skip "/usr/bin/time is not installed"
	small=$(gen 2000 7)
	for i in $(seq 40); do cat "$small"; done >big.jsonl
	/usr/bin/time -f %M -o small.kb pakn-report --month 2026-09 --as-of 2026-10-06 "$small" >/dev/null
	/usr/bin/time -f %M -o big.kb pakn-report --month 2026-09 --as-of 2026-10-06 big.jsonl >/dev/null
	# 40 times the records (the same groups): under 2 MB more.
	[ $(($(cat big.kb) - $(cat small.kb))) -lt 2048 ]
}

# ---- the rest of CLI.md ----------------------------------------------------------

@test "pakn-report: a line that is not a JSON object is rejected with its line (1), the others counted" {
	{ head -n 3 "$FIX"; echo '{"id": broken'; echo '[1,2]'; echo '{"id":"N","channel":"hotline"}'; tail -n +4 "$FIX"; } >bad.jsonl
	run -1 --separate-stderr pakn-report "${P[@]}" -f json bad.jsonl
	assert_equal "$(jq .totals.received <<<"$output")" 9
	assert_equal "$(sed 's/([0-9.]* s)$/(TIME)/' <<<"$stderr")" "$(printf '%s\n' \
		"pakn-report: bad.jsonl:4:8: invalid JSON: expected a value" \
		"pakn-report: bad.jsonl:5:1: invalid JSON: an array, expected an object" \
		"pakn-report: bad.jsonl:6: no receipt date (received_at)" \
		"pakn-report: lines read 19: records counted 14, outside the periods 2, rejected 3 (TIME)")"
	run -1 pakn-report "${P[@]}" -q --rejects rej.jsonl -f json bad.jsonl
	run -0 jq -c '[.source.line, .error, .input]' rej.jsonl
	assert_line --index 0 '[4,"invalid JSON: expected a value","{\"id\": broken"]'
	assert_line --index 2 '[6,"no receipt date (received_at)","{\"id\":\"N\",\"channel\":\"hotline\"}"]'
}

@test "pakn-report: empty input gives a report of zeros (0)" {
	run -0 --separate-stderr pakn-report "${P[@]}" -f json /dev/null
	run -0 jq -c '[.totals.received, .totals.on_time_rate, .totals.median_days, .previous_period, .overdue.count]' <<<"$output"
	assert_output '[0,null,null,null,0]'
	run -0 pakn-report "${P[@]}" </dev/null
	assert_line --regexp '^  Tiếp nhận trong kỳ +0$'
	run -0 pakn-report "${P[@]}" -f html </dev/null
	assert_line '</html>'
}

@test "pakn-report: BOM and CRLF input give the same report" {
	{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$FIX"; } >crlf.jsonl
	pakn-report "${P[@]}" -f json crlf.jsonl | cmp - "$GOLD/month.json"
}

@test "pakn-report: labels with and without diacritics stay as written" {
	printf '%s\n' '{"id":"1","received_at":"2021-11-02T08:00:00+07:00","channel":"hotline","category":"Đất đai"}' \
		'{"id":"2","received_at":"2021-11-02T08:00:00+07:00","channel":"hotline","category":"Dat dai"}' \
		'{"id":"3","received_at":"2021-11-02T08:00:00+07:00","channel":"hotline","category":"Đất đai"}' >d.jsonl
	run -0 sh -c 'pakn-report --month 2021-11 --as-of 2021-12-06 -f json d.jsonl | jq -c "[.groups.category[] | [.key, .received]]"'
	assert_output '[["Đất đai",2],["Dat dai",1]]'
}

@test "pakn-report: usage errors exit 2 with the usage" {
	run -2 --separate-stderr pakn-report --bogus
	[[ "$stderr" == *"unrecognized option '--bogus'"* ]]
	[[ "$stderr" == *"usage: pakn-report"* ]]
	run -2 --separate-stderr pakn-report --width abc "$FIX"
	run -2 --separate-stderr pakn-report --partial --outdir x --split-by agency "$FIX"
}

@test "pakn-report: --help shows examples (0), --version" {
	run -0 pakn-report --help
	assert_line --partial 'Examples:'
	assert_line --partial 'pakn-report --merge part.*.partial -f json'
	run -0 pakn-report --version
	assert_output --regexp '^pakn-report [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "pakn-report: writing to /dev/full is an error (3)" {
	[ -c /dev/full ] || skip "/dev/full is not a device on this machine"
	# -o on a device writes to it: it never renames a file over it.
	run -3 --separate-stderr pakn-report "${P[@]}" "$FIX" -o /dev/full
	assert_equal "$stderr" "pakn-report: /dev/full: write error: No space left on device"
	[ -c /dev/full ]
	run -3 --separate-stderr sh -c "pakn-report ${P[*]} '$FIX' >/dev/full"
	[[ "$stderr" == *"write error"* ]]
	run -3 --separate-stderr sh -c "pakn-report ${P[*]} --partial '$FIX' >/dev/full"
}

@test "pakn-report: -o replaces the file only when the run succeeded" {
	echo old >r.txt
	run -3 --separate-stderr pakn-report "${P[@]}" -o r.txt "$FIX" nosuch.jsonl
	assert_equal "$stderr" "$(printf '%s\n' "pakn-report: nosuch.jsonl: cannot open: No such file or directory" "pakn-report: no report written: an input could not be read")"
	[ -z "$output" ]
	run -0 cat r.txt
	assert_output old
	run -0 pakn-report "${P[@]}" --width 100 -o r.txt "$FIX"
	diff -u "$GOLD/month.txt" r.txt
	run -1 sh -c 'ls | grep -c tmp'
}

@test "pakn-report: -v prints the summary, a closed pipe ends quietly" {
	run -0 --separate-stderr pakn-report "${P[@]}" -v "$FIX"
	[[ "$stderr" =~ ^"pakn-report: lines read 16: records counted 14, outside the periods 2, rejected 0 (" ]]
	run -0 --separate-stderr sh -c "pakn-report ${P[*]} '$FIX' | head -n 1"
	assert_output 'BÁO CÁO TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ'
	[ -z "$stderr" ]
}

@test "pakn-report: --merge refuses partials whose counts would overflow (2), never a negative figure" {
	pakn-report "${P[@]}" --partial "$FIX" >nov.partial
	# November's received is 9: near INT64_MAX in two partials, the sum
	# wrapped to a negative "received" before.
	sed 's/"whole":{"cur":{"n":\[9,/"whole":{"cur":{"n":[9223372036854775800,/' nov.partial >big.partial
	grep -q 9223372036854775800 big.partial
	run -2 --separate-stderr pakn-report --merge -f json big.partial big.partial
	[ -z "$output" ]
	assert_equal "$stderr" "pakn-report: big.partial:1: invalid partial: a count is too large (cell counts: more than 281474976710656 in all)"
	# 2^47 twice is 2^48, the most a count may be; a third is too many.
	sed 's/"whole":{"cur":{"n":\[9,/"whole":{"cur":{"n":[140737488355328,/' nov.partial >half.partial
	run -0 sh -c 'pakn-report --merge -f json half.partial half.partial | jq .totals.received'
	assert_output 281474976710656
	run -2 --separate-stderr pakn-report --merge -f json half.partial half.partial half.partial
	[[ "$stderr" == *"half.partial:1: invalid partial: a count is too large"* ]]
	# A histogram whose total overflows (the median read it wrapped).
	sed 's/"h":\[\[3,1\],\[6,1\]/"h":[[3,9223372036854775807],[6,9223372036854775807]/' nov.partial >hist.partial
	grep -q '\[6,9223372036854775807\]' hist.partial
	run -2 --separate-stderr pakn-report --merge hist.partial
	[[ "$stderr" == *"invalid partial: a count is too large (histogram"* ]]
	# A list's count and a trend bucket are checked the same way.
	sed 's/"overdue":{"count":5,/"overdue":{"count":9223372036854775807,/' nov.partial >list.partial
	grep -q 9223372036854775807 list.partial
	run -2 --separate-stderr pakn-report --merge list.partial
	[[ "$stderr" == *"invalid partial: a count is too large (list"* ]]
	sed 's/"trend_received":\[0,1,/"trend_received":[0,-1,/' nov.partial >trend.partial
	grep -q '"trend_received":\[0,-1,' trend.partial
	run -2 --separate-stderr pakn-report --merge trend.partial
	[[ "$stderr" == *"malformed partial: trend"* ]]
}
