#!/usr/bin/env bats
# pakn-deadline: due dates in Vietnamese working days, states, filters, the
# calendar listing, and every failure path of CLI.md.
bats_require_minimum_version 1.5.0
load test_helper

D="$DATA/deadline"

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# one JSON: runs pakn-deadline on one record given as argument.
one() {
	local rec=$1
	shift
	printf '%s\n' "$rec" | pakn-deadline "$@"
}

# --- the issue's cases -------------------------------------------------

@test "pakn-deadline: Friday 26/4/2024 + 5 working days is due Tuesday 7/5/2024 (swapped Monday, holidays, Saturday worked)" {
	run -0 --separate-stderr one '{"id":"A","received_at":"2024-04-26T09:15:00+07:00","content":"x"}' \
		--amount 5 --unit working_days --as-of 2024-04-26
	run -0 jq -c '[.due_at, .sla, .deadline_state, .remaining_days]' <<<"$output"
	assert_output '["2024-05-07T23:59:59+07:00",{"policy":"option","amount":5,"unit":"working_days"},"open",5]'
}

@test "pakn-deadline: a 30-day complaint whose last day is a Sunday ends on the Monday" {
	# 26/4/2024 + 30 days = Sunday 26/5/2024 (the default complaint policy).
	run -0 --separate-stderr one '{"id":"K","received_at":"2024-04-26T10:00:00+07:00","kind":"complaint","content":"x"}' \
		--as-of 2024-05-06
	run -0 jq -c '[.due_at, .sla]' <<<"$output"
	assert_output '["2024-05-27T23:59:59+07:00",{"policy":"default-complaint","amount":30,"unit":"days"}]'
	# The same through a rules file's policy.
	run -0 --separate-stderr one '{"id":"K","received_at":"2024-04-26T10:00:00+07:00","kind":"complaint","content":"x"}' \
		-r "$D/rules.yaml" --as-of 2024-05-06
	run -0 jq -c '[.due_at, .sla.policy]' <<<"$output"
	assert_output '["2024-05-27T23:59:59+07:00","complaint-first"]'
	# A last day that is a working day stays: 6/5/2024 + 30 = Wednesday 5/6.
	run -0 sh -c 'echo "{\"received_at\":\"2024-05-06\",\"kind\":\"complaint\"}" | pakn-deadline --as-of 2024-05-06 | jq -r .due_at'
	assert_output "2024-06-05T23:59:59+07:00"
}

@test "pakn-deadline: a working-day deadline across Tết skips the Tết days" {
	# Monday 5/2/2024: Tết 2024 is off 8/2-14/2; 10 working days end 26/2.
	run -0 sh -c 'echo "{\"id\":\"T\",\"received_at\":\"2024-02-05T09:00:00+07:00\"}" | pakn-deadline --as-of 2024-02-06 | jq -c "[.due_at, .remaining_days]"'
	assert_output '["2024-02-26T23:59:59+07:00",9]'
	# Tết 2025 (off 25/1-2/2): Thursday 23/1/2025 + 3 working days:
	# Friday 24/1, Monday 3/2, Tuesday 4/2.
	run -0 sh -c 'echo "{\"received_at\":\"2025-01-23T09:00:00+07:00\"}" | pakn-deadline --amount 3 --as-of 2025-01-23 | jq -r .due_at'
	assert_output "2025-02-04T23:59:59+07:00"
}

@test "pakn-deadline: an extension moves the due date to the last extension; a pause pushes it; both are kept and shown" {
	rec='{"id":"E","received_at":"2024-05-02T09:00:00+07:00","content":"x","extensions":[{"until":"2024-05-31","reason":"phức tạp","by":"Giám đốc Sở"},{"until":"2024-06-14","reason":"cần xác minh thêm","by":"Chủ tịch UBND tỉnh"}],"pauses":[{"from":"2024-06-03","to":"2024-06-05"}]}'
	run -0 --separate-stderr one "$rec" --as-of 2024-06-10
	# 10 working days: 15/5; extended to Friday 14/6; the 3-day pause
	# (3-5/6) pushes it to Wednesday 19/6.
	run -0 jq -c '[.due_at, .sla, .deadline_state, .remaining_days]' <<<"$output"
	assert_output '["2024-06-19T23:59:59+07:00",{"policy":"default","amount":10,"unit":"working_days","base_due_at":"2024-05-15T23:59:59+07:00","extensions":2,"paused":3,"paused_unit":"working_days"},"open",7]'
	run -0 sh -c "printf '%s\n' '$rec' | pakn-deadline --as-of 2024-06-10 | jq -c '[.extensions[1].by, .pauses]'"
	assert_output '["Chủ tịch UBND tỉnh",[{"from":"2024-06-03","to":"2024-06-05"}]]'
}

@test "pakn-deadline: a pause alone pushes by the working days paused; one after the due date changes nothing" {
	run -0 sh -c 'echo "{\"received_at\":\"2024-05-02T09:00:00+07:00\",\"pauses\":[{\"from\":\"2024-05-06\",\"to\":\"2024-05-08\"}]}" | pakn-deadline --as-of 2024-05-06 | jq -c "[.due_at, .sla.paused, .sla.base_due_at]"'
	assert_output '["2024-05-20T23:59:59+07:00",3,"2024-05-15T23:59:59+07:00"]'
	run -0 sh -c 'echo "{\"received_at\":\"2024-05-02T09:00:00+07:00\",\"pauses\":[{\"from\":\"2024-05-20\",\"to\":\"2024-05-22\"}]}" | pakn-deadline --as-of 2024-05-06 | jq -c "[.due_at, .sla.paused]"'
	assert_output '["2024-05-15T23:59:59+07:00",0]'
	# A pause still open (no "to") runs to the as-of day.
	run -0 sh -c 'echo "{\"received_at\":\"2024-05-02T09:00:00+07:00\",\"pauses\":[{\"from\":\"2024-05-13\"}]}" | pakn-deadline --as-of 2024-05-14 | jq -c "[.due_at, .sla.paused, .deadline_state]"'
	assert_output '["2024-05-17T23:59:59+07:00",2,"open"]'
}

@test "pakn-deadline: a calendar-day policy is pushed by the days paused" {
	run -0 sh -c 'echo "{\"received_at\":\"2024-04-26T10:00:00+07:00\",\"kind\":\"complaint\",\"pauses\":[{\"from\":\"2024-05-01\",\"to\":\"2024-05-06\"}]}" | pakn-deadline --as-of 2024-05-06 | jq -c "[.due_at, .sla.paused, .sla.paused_unit]"'
	assert_output '["2024-06-03T23:59:59+07:00",6,"days"]'
}

@test "pakn-deadline: working hours count office hours only (07:30-11:30, 13:00-17:00)" {
	run -0 sh -c 'echo "{\"received_at\":\"2024-05-06T09:00:00+07:00\"}" | pakn-deadline --amount 4 --unit working_hours --as-of 2024-05-06 | jq -c "[.due_at, .sla.unit]"'
	assert_output '["2024-05-06T14:30:00+07:00","working_hours"]'
	run -0 sh -c 'echo "{\"received_at\":\"2024-05-03T16:00:00+07:00\"}" | pakn-deadline --amount 3 --unit working_hours --as-of 2024-05-03 | jq -r .due_at'
	assert_output "2024-05-04T09:30:00+07:00"
	run -0 sh -c 'echo "{\"received_at\":\"2024-05-06T09:00:00+07:00\"}" | pakn-deadline --amount 4 --unit working_hours --office-hours 08:00-12:00,13:30-17:30 --as-of 2024-05-06 | jq -r .due_at'
	assert_output "2024-05-06T14:30:00+07:00"
	# An --as-of with a time judges against the moment.
	run -0 sh -c 'echo "{\"received_at\":\"2024-05-06T09:00:00+07:00\"}" | pakn-deadline --amount 4 --unit working_hours --as-of 2024-05-06T15:00:00+07:00 | jq -c "[.deadline_state, .overdue_days]"'
	assert_output '["overdue",1]'
	run -2 pakn-deadline --office-hours 8h-12h </dev/null
	assert_output --partial "office hours '8h-12h'"
}

# --- policies ------------------------------------------------------------

@test "pakn-deadline: policies: the first matching rule, then --amount, then the defaults by kind" {
	run -0 sh -c "pakn-deadline -r '$D/rules.yaml' --recompute --as-of 2024-05-06 '$D/cases.jsonl' | jq -r '[.id, .sla.policy, .sla.amount, .sla.unit] | @tsv'"
	assert_line --index 0 $'C01\thotline\t7\tworking_days'
	assert_line --index 1 $'C02\tdefault\t10\tworking_days'
	assert_line --index 2 $'C03\tcomplaint-first\t30\tdays'
	assert_line --index 7 $'C08\tsms-urgent\t4\tworking_hours'
	assert_line --index 9 $'C10\tdefault-denunciation\t30\tdays'
	run -0 sh -c "pakn-deadline -r '$D/rules.yaml' --amount 15 --as-of 2024-05-06 '$D/cases.jsonl' | jq -r '[.id, .sla.policy, .sla.amount] | @tsv' | sed -n '1p;2p;10p'"
	assert_output $'C01\thotline\t7\nC02\toption\t15\nC10\toption\t15'
	run -0 sh -c "pakn-deadline --amount 15 --unit days --as-of 2024-05-06 '$D/cases.jsonl' | jq -r '.sla | [.policy, .amount, .unit] | @tsv' | sort -u"
	assert_output $'option\t15\tdays\nsource\t\t'
}

@test "pakn-deadline: a due date from the source is kept (policy source); --recompute replaces it and -v counts the differences" {
	rec='{"id":"S","received_at":"2024-04-02T09:00:00+07:00","due_at":"2024-04-12T17:00:00+07:00"}'
	run -0 --separate-stderr one "$rec" --as-of 2024-05-06
	assert_output '{"id":"S","received_at":"2024-04-02T09:00:00+07:00","due_at":"2024-04-12T17:00:00+07:00","sla":{"policy":"source"},"deadline_state":"overdue","overdue_days":13}'
	run -0 --separate-stderr one "$rec" --recompute -v --as-of 2024-05-06
	run -0 jq -c '[.due_at, .sla.policy]' <<<"$output"
	assert_output '["2024-04-16T23:59:59+07:00","default"]'
	[[ "$stderr" == *"source due dates recomputed: 1 differ from the computed ones"* ]]
	# The same day is no difference.
	run -0 --separate-stderr one '{"received_at":"2024-04-02T09:00:00+07:00","due_at":"2024-04-16T17:00:00+07:00"}' --recompute -v --as-of 2024-05-06
	[[ "$stderr" == *"0 differ"* ]]
}

@test "pakn-deadline: a second run recomputes from the record, not from its own due date" {
	pakn-deadline --as-of 2024-04-10 "$D/cases.jsonl" > first.jsonl
	pakn-deadline --as-of 2024-05-06 first.jsonl > twice.jsonl
	pakn-deadline --as-of 2024-05-06 "$D/cases.jsonl" > once.jsonl
	run -0 diff -u once.jsonl twice.jsonl
	# A source due date moved by a pause keeps its original in base_due_at.
	echo '{"received_at":"2024-04-02T09:00:00+07:00","due_at":"2024-04-12T17:00:00+07:00","pauses":[{"from":"2024-04-10","to":"2024-04-11"}]}' > s.jsonl
	pakn-deadline --as-of 2024-05-06 s.jsonl > s1.jsonl
	pakn-deadline --as-of 2024-05-06 s1.jsonl > s2.jsonl
	run -0 diff -u s1.jsonl s2.jsonl
	run -0 jq -c '[.due_at, .sla]' s2.jsonl
	assert_output '["2024-04-16T17:00:00+07:00",{"policy":"source","base_due_at":"2024-04-12T17:00:00+07:00","paused":2,"paused_unit":"working_days"}]'
}

# --- states and filters ------------------------------------------------

@test "pakn-deadline: states against --as-of, with overdue_days and remaining_days in working days" {
	run -0 sh -c "pakn-deadline --as-of 2024-05-06 '$D/cases.jsonl' | jq -c '[.id, .due_at, .deadline_state, .overdue_days, .remaining_days]'"
	assert_output '["C01","2024-05-14T23:59:59+07:00","open",null,6]
["C02","2024-04-15T23:59:59+07:00","overdue",12,null]
["C03","2024-05-03T23:59:59+07:00","overdue",2,null]
["C04","2024-05-08T23:59:59+07:00","open",null,2]
["C05","2024-05-07T23:59:59+07:00","due_soon",null,1]
["C06","2024-04-25T23:59:59+07:00","answered_on_time",null,null]
["C07","2024-03-15T23:59:59+07:00","answered_late",11,null]
["C08","2024-04-12T17:00:00+07:00","overdue",13,null]
["C09","2024-04-03T23:59:59+07:00","overdue",20,null]
["C10","2024-05-27T23:59:59+07:00","open",null,15]'
	# --warn 2 makes C04 (2 days left) due soon.
	run -0 sh -c "pakn-deadline --warn 2 --as-of 2024-05-06 '$D/cases.jsonl' | jq -r 'select(.deadline_state == \"due_soon\") | .id'"
	assert_output $'C04\nC05'
	# Due today: 0 days left, due soon.
	run -0 sh -c "pakn-deadline --as-of 2024-05-07 '$D/cases.jsonl' | jq -c 'select(.id == \"C05\") | [.deadline_state, .remaining_days]'"
	assert_output '["due_soon",0]'
	# closed_at counts as the answer when answered_at is missing.
	run -0 sh -c 'echo "{\"received_at\":\"2024-04-01T08:00:00+07:00\",\"closed_at\":\"2024-04-20T08:00:00+07:00\"}" | pakn-deadline --as-of 2024-05-06 | jq -c "[.deadline_state, .overdue_days]"'
	assert_output '["answered_late",3]'
}

@test "pakn-deadline: --overdue, --due-within and --open write only the matching records; the others are counted, not rejected" {
	run -0 --separate-stderr pakn-deadline --overdue -v --as-of 2024-05-06 "$D/cases.jsonl"
	run -0 jq -r .id <<<"$output"
	assert_output $'C02\nC03\nC08\nC09'
	[[ "$stderr" == *"records read 10 = written 4 + filtered out 6 + rejected 0"* ]]
	run -0 sh -c "pakn-deadline --due-within 2 --as-of 2024-05-06 '$D/cases.jsonl' | jq -r .id"
	assert_output $'C04\nC05'
	run -0 sh -c "pakn-deadline --overdue --due-within 1 --as-of 2024-05-06 '$D/cases.jsonl' | jq -r .id"
	assert_output $'C02\nC03\nC05\nC08\nC09'
	run -0 sh -c "pakn-deadline --open --as-of 2024-05-06 '$D/cases.jsonl' | jq -r .id | tr '\n' ' '"
	assert_output 'C01 C02 C03 C04 C05 C08 C09 C10 '
}

# --- the calendar ------------------------------------------------------

@test "pakn-deadline: --calendar 2025 lists Saturday 26/4/2025 as worked and 2/5/2025 as off" {
	run -0 pakn-deadline --calendar 2025
	assert_line '{"date":"2025-04-26","working":true,"name":"Làm bù cho thứ Sáu 02/05/2025","basis":"official","schedule":"official"}'
	assert_line '{"date":"2025-05-02","working":false,"name":"Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)","basis":"official","schedule":"official"}'
	pakn-deadline --calendar 2025 > cal.jsonl
	run -0 diff -u "$D/calendar-2025.jsonl" cal.jsonl
}

@test "pakn-deadline: --calendar marks estimated days: none in 2026, every day of 2027" {
	run -0 sh -c 'pakn-deadline --calendar 2026 | jq -r "select(.basis != \"official\") | .date"'
	assert_output ''
	run -0 sh -c 'pakn-deadline --calendar 2027 | jq -r .basis | sort -u'
	assert_output "estimated"
	run -0 sh -c 'pakn-deadline --calendar 2024 | jq -r "select(.working) | .date"'
	assert_output "2024-05-04"
}

@test "pakn-deadline: a year outside the calendar is an error naming it" {
	run -2 --separate-stderr pakn-deadline --calendar 2300
	[ -z "$output" ]
	[[ "$stderr" == *"--calendar 2300: the year is outside the calendar (1900-2199)"* ]]
	run -2 --separate-stderr pakn-deadline --calendar 1899
	[[ "$stderr" == *"1899"* ]]
	# A deadline past 2199 is a rejected record, with the reason.
	run -1 --separate-stderr one '{"received_at":"2199-12-20T09:00:00+07:00"}' --as-of 2199-12-01
	[[ "$stderr" == *"<stdin>:1: the deadline falls outside the calendar (1900-2199)"* ]]
}

@test "pakn-deadline: --format ics writes the same days as an iCalendar file" {
	run -0 pakn-deadline --calendar 2025 --format ics --as-of 2025-01-01
	[[ "${lines[0]}" == $'BEGIN:VCALENDAR\r' ]]
	[[ "${lines[-1]}" == $'END:VCALENDAR\r' ]]
	pakn-deadline --calendar 2025 --format ics --as-of 2025-01-01 > cal.ics
	run -0 grep -c '^BEGIN:VEVENT' cal.ics
	assert_output "$(pakn-deadline --calendar 2025 | wc -l)"
	run -0 grep -A4 'UID:20250426-work' cal.ics
	assert_line $'DTSTART;VALUE=DATE:20250426\r'
	assert_line $'DTEND;VALUE=DATE:20250427\r'
	run -0 grep '^SUMMARY:Nghỉ: Nghỉ hoán đổi' cal.ics
	# Every line ends with CRLF and is at most 75 octets.
	run -0 sh -c "LC_ALL=C awk '!/\r\$/ || length(\$0) > 76 { bad++ } END { print bad + 0 }' cal.ics"
	assert_output 0
	run -2 pakn-deadline --format ics </dev/null
	assert_output --partial "--format applies to --calendar only"
}

@test "pakn-deadline: --calendar-file adds and corrects days (basis local), and deadlines follow it" {
	run -0 sh -c "pakn-deadline --calendar 2027 --calendar-file '$TOP/calendars/example.yaml' | jq -r 'select(.basis == \"local\") | [.date, .working] | @tsv'"
	assert_output $'2027-02-04\tfalse\n2027-02-05\tfalse\n2027-02-08\tfalse\n2027-02-09\tfalse\n2027-02-10\tfalse\n2027-02-11\tfalse\n2027-02-12\tfalse\n2027-02-20\ttrue\n2027-03-15\tfalse'
	printf 'off:\n  - {date: 2024-05-06, name: "Ngày nghỉ của tỉnh"}\n' > local.yaml
	run -0 sh -c "echo '{\"received_at\":\"2024-04-26T09:00:00+07:00\"}' | pakn-deadline --amount 5 --calendar-file local.yaml --as-of 2024-04-26 | jq -r .due_at"
	assert_output "2024-05-08T23:59:59+07:00"
}

@test "pakn-deadline: a bad calendar file is a configuration error naming FILE:LINE:COLUMN" {
	printf 'off:\n  - {date: 2027-02-30, name: x}\n' > bad.yaml
	run -2 --separate-stderr pakn-deadline --calendar-file bad.yaml "$D/cases.jsonl"
	[ -z "$output" ]
	[[ "$stderr" == *"pakn-deadline: bad.yaml:2:12: date: cannot read date '2027-02-30'"* ]]
	printf 'off:\n  - {date: 2027-02-03}\nholidays: []\n' > bad2.yaml
	run -2 --separate-stderr pakn-deadline --calendar-file bad2.yaml "$D/cases.jsonl"
	[[ "$stderr" == *"bad2.yaml:3:1: unknown key 'holidays' (expected off, work, schedule)"* ]]
	run -2 --separate-stderr pakn-deadline --calendar-file missing.yaml "$D/cases.jsonl"
	[[ "$stderr" == *"missing.yaml: cannot open calendar file"* ]]
}

@test "pakn-deadline: a bad rules file is a configuration error naming FILE:LINE:COLUMN" {
	printf 'version: 1\nagencies:\n  a: {name: A, level: province}\ndefault: a\ndeadlines:\n  - name: x\n    amount: 5\n    unit: weeks\n' > bad-rules.yaml
	run -2 --separate-stderr pakn-deadline -r bad-rules.yaml "$D/cases.jsonl"
	[ -z "$output" ]
	[[ "$stderr" =~ bad-rules\.yaml:[0-9]+:[0-9]+:\ .*weeks ]]
}

# --- bad input and the CLI contract ------------------------------------

@test "pakn-deadline: a record without a readable received_at is rejected with its line; later records are written" {
	printf '%s\n' '{"id":"ok1","received_at":"2024-05-02T09:00:00+07:00"}' \
		'{"id":"none"}' \
		'{"id":"bad","received_at":"32/13/2024"}' \
		'{"id":"num","received_at":20240502}' \
		'{"id":"broken",' \
		'{"id":"badans","received_at":"2024-05-02","answered_at":"hôm qua"}' \
		'{"id":"badext","received_at":"2024-05-02","extensions":[{"reason":"x"}]}' \
		'{"id":"ok2","received_at":"2024-05-03T09:00:00+07:00"}' > in.jsonl
	run -1 --separate-stderr pakn-deadline --as-of 2024-05-06 in.jsonl
	run -0 jq -r .id <<<"$output"
	assert_output $'ok1\nok2'
	[[ "$stderr" == *"pakn-deadline: in.jsonl:2: no receipt date (received_at)"* ]]
	[[ "$stderr" == *"in.jsonl:3: received_at: cannot read date '32/13/2024'"* ]]
	[[ "$stderr" == *"in.jsonl:4: received_at: expected a date (a string)"* ]]
	[[ "$stderr" =~ in\.jsonl:5:[0-9]+:\ invalid\ JSON ]]
	[[ "$stderr" == *"in.jsonl:6: answered_at: cannot read date 'hôm qua'"* ]]
	[[ "$stderr" == *"in.jsonl:7: extensions[0]: no 'until'"* ]]
	[[ "$stderr" == *"records read 8 = written 2 + filtered out 0 + rejected 6"* ]]
	run -1 --separate-stderr pakn-deadline --rejects rej.jsonl --as-of 2024-05-06 in.jsonl
	[[ "$stderr" != *"no receipt date"* ]]
	run -0 jq -c '[.source.file, .source.line, .error, .input]' rej.jsonl
	assert_line --index 0 '["in.jsonl",2,"no receipt date (received_at)","{\"id\":\"none\"}"]'
	run -0 jq -s length rej.jsonl
	assert_output 6
}

@test "pakn-deadline: usage errors exit 2 and process nothing" {
	run -2 --separate-stderr pakn-deadline --no-such-option "$D/cases.jsonl"
	[ -z "$output" ]
	[[ "$stderr" == *"usage: pakn-deadline"* ]]
	run -2 --separate-stderr pakn-deadline --unit days "$D/cases.jsonl"
	[[ "$stderr" == *"--unit needs --amount"* ]]
	run -2 --separate-stderr pakn-deadline --amount 0 "$D/cases.jsonl"
	[[ "$stderr" == *"--amount '0': expected a whole number from 1"* ]]
	run -2 --separate-stderr pakn-deadline --amount 5 --unit weeks "$D/cases.jsonl"
	[[ "$stderr" == *"--unit 'weeks': expected working_days, days or working_hours"* ]]
	run -2 --separate-stderr pakn-deadline --as-of 31/02/2024 "$D/cases.jsonl"
	[[ "$stderr" == *"--as-of '31/02/2024'"* ]]
	run -2 --separate-stderr pakn-deadline --as-of 45000 "$D/cases.jsonl"
	[[ "$stderr" == *"--as-of '45000'"* ]]
	run -2 --separate-stderr pakn-deadline --due-within x "$D/cases.jsonl"
	[[ "$stderr" == *"--due-within 'x'"* ]]
	run -2 --separate-stderr pakn-deadline --calendar 2025 --format pdf
	[[ "$stderr" == *"--format 'pdf': expected json or ics"* ]]
	run -2 --separate-stderr pakn-deadline -r missing-rules.yaml "$D/cases.jsonl"
	[ -z "$output" ]
}

@test "pakn-deadline: --help prints the usage with examples to stdout; --version" {
	run -0 pakn-deadline --help
	assert_line --index 0 "usage: pakn-deadline [options] [FILE...]"
	assert_output --partial "Examples:"
	assert_output --partial "--overdue"
	run -0 pakn-deadline --version
	assert_output --regexp '^pakn-deadline [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "pakn-deadline: writing to /dev/full is an error (3), not silence" {
	[ -c /dev/full ] || skip "/dev/full is not a device on this machine"
	run -3 --separate-stderr sh -c "pakn-deadline --as-of 2024-05-06 '$D/cases.jsonl' > /dev/full"
	[[ "$stderr" == *"write error"* ]]
	run -3 --separate-stderr sh -c "pakn-deadline --calendar 2025 > /dev/full"
	# -o on a device writes to it: the device is not replaced by a file.
	run -3 --separate-stderr pakn-deadline --as-of 2024-05-06 -o /dev/full "$D/cases.jsonl"
	[[ "$stderr" == *"No space left on device"* ]]
	[ -c /dev/full ]
	run -0 sh -c "pakn-deadline --calendar 2025 -o /dev/stdout | wc -l"
	assert_output 13
	run -3 --separate-stderr pakn-deadline --as-of 2024-05-06 no-such-file.jsonl
	[[ "$stderr" == *"no-such-file.jsonl: cannot open"* ]]
}

@test "pakn-deadline: -o replaces the file only when the run succeeds" {
	echo old > out.jsonl
	run -0 pakn-deadline --as-of 2024-05-06 -o out.jsonl "$D/cases.jsonl"
	run -0 jq -s length out.jsonl
	assert_output 10
	echo old > out2.jsonl
	run -3 --separate-stderr pakn-deadline --as-of 2024-05-06 -o out2.jsonl "$D/cases.jsonl" no-such-file.jsonl
	run -0 cat out2.jsonl
	assert_output old
	run -0 sh -c 'ls -A | grep -c "\.tmp\." || true'
	assert_output 0
}

@test "pakn-deadline: empty input gives empty output and status 0" {
	run -0 --separate-stderr pakn-deadline --as-of 2024-05-06 < /dev/null
	[ -z "$output" ]
	[ -z "$stderr" ]
	printf '\n\n' > blank.jsonl
	run -0 --separate-stderr pakn-deadline -v --as-of 2024-05-06 blank.jsonl
	[ -z "$output" ]
	[[ "$stderr" == *"records read 0 = written 0"* ]]
}

@test "pakn-deadline: CRLF line ends and a byte-order mark are read; output is plain LF" {
	{ printf '\xef\xbb\xbf'; crlf < "$D/cases.jsonl"; } > crlf.jsonl
	pakn-deadline --as-of 2024-05-06 crlf.jsonl > a.jsonl
	pakn-deadline --as-of 2024-05-06 "$D/cases.jsonl" > b.jsonl
	run -0 cmp a.jsonl b.jsonl
	run -1 grep -c $'\r' a.jsonl
}

@test "pakn-deadline: every other key passes through unchanged, Vietnamese with and without diacritics" {
	rec='{"id":"VP-1","received_at":"2024-05-02T09:00:00+07:00","title":"Xả thải ra kênh","content":"Nuoc thai xa ra kenh,  \"ô nhiễm\"","submitter":{"name":"Nguyễn Văn A","phone":"0912345678"},"n":1.50,"extra":{"Ghi chú":""},"source":{"file":"t.csv","line":2,"format":"csv"}}'
	run -0 one "$rec" --as-of 2024-05-06
	assert_output "${rec%\}},\"due_at\":\"2024-05-15T23:59:59+07:00\",\"sla\":{\"policy\":\"default\",\"amount\":10,\"unit\":\"working_days\"},\"deadline_state\":\"open\",\"remaining_days\":7}"
	# Keys an earlier run set are replaced in place, in their order.
	run -0 one '{"id":"X","received_at":"2024-05-02T09:00:00+07:00","deadline_state":"overdue","overdue_days":9,"z":1}' --as-of 2024-05-06
	assert_output '{"id":"X","received_at":"2024-05-02T09:00:00+07:00","deadline_state":"open","z":1,"due_at":"2024-05-15T23:59:59+07:00","sla":{"policy":"default","amount":10,"unit":"working_days"},"remaining_days":7}'
}

@test "pakn-deadline: a closed pipe ends quietly with status 0; --line-buffered; -q" {
	awk '{ r[NR] = $0 } END { for (i = 0; i < 3000; i++) for (j = 1; j <= NR; j++) print r[j] }' "$D/cases.jsonl" > big.jsonl
	run -0 --separate-stderr bash -c 'pakn-deadline --as-of 2024-05-06 big.jsonl | head -n 1 | jq -r .id; exit "${PIPESTATUS[0]}"'
	assert_output C01
	[ -z "$stderr" ]
	run -0 sh -c "printf '%s\n' '{\"received_at\":\"2024-05-02\"}' | pakn-deadline --line-buffered --as-of 2024-05-06 | jq -r .deadline_state"
	assert_output open
	run -1 --separate-stderr sh -c "echo '{}' | pakn-deadline -q --as-of 2024-05-06"
	[[ "$stderr" != *"records read"* ]]
}

@test "pakn-deadline: --as-of defaults to today in Vietnam" {
	today=$(TZ=Asia/Ho_Chi_Minh date +%Y-%m-%d)
	run -0 sh -c "echo '{\"received_at\":\"${today}T08:00:00+07:00\"}' | pakn-deadline --amount 1 --unit days | jq -r .deadline_state"
	assert_output --regexp '^(open|due_soon)$'
	run -0 sh -c "echo '{\"received_at\":\"2020-01-02T08:00:00+07:00\"}' | pakn-deadline | jq -r .deadline_state"
	assert_output overdue
}

@test "pakn-deadline: --as-of also reads dd/mm/yyyy, the form the report prints" {
	printf '{"id":"A","received_at":"2024-04-26T09:00:00+07:00"}\n' > "$BATS_TEST_TMPDIR/a.jsonl"
	run -0 pakn-deadline --amount 5 --as-of 2024-05-08 "$BATS_TEST_TMPDIR/a.jsonl"
	iso=$output
	run -0 pakn-deadline --amount 5 --as-of 08/05/2024 "$BATS_TEST_TMPDIR/a.jsonl"
	[ "$output" = "$iso" ]
	[[ "$output" == *'"deadline_state":"overdue"'* ]]
}

@test "pakn-deadline: an answer dated after --as-of is not yet an answer" {
	printf '{"id":"A","received_at":"2025-08-20T09:00:00+07:00","answered_at":"2025-09-24T10:00:00+07:00"}\n' > "$BATS_TEST_TMPDIR/a.jsonl"
	run -0 pakn-deadline --as-of 2025-09-10 "$BATS_TEST_TMPDIR/a.jsonl"
	[[ "$output" == *'"deadline_state":"overdue"'* ]]
	run -0 pakn-deadline --as-of 2025-09-30 "$BATS_TEST_TMPDIR/a.jsonl"
	[[ "$output" == *'"deadline_state":"answered_late"'* ]]
	# the same day: what was known at its end
	run -0 pakn-deadline --as-of 2025-09-24 "$BATS_TEST_TMPDIR/a.jsonl"
	[[ "$output" == *'"deadline_state":"answered_late"'* ]]
	run -0 pakn-deadline --as-of 2025-09-24T09:00 "$BATS_TEST_TMPDIR/a.jsonl"
	[[ "$output" == *'"deadline_state":"overdue"'* ]]
}

@test "pakn-deadline: answered by status with no date: closed_at, else answered_undated" {
	{
		printf '{"id":"A","received_at":"2025-08-01T09:00:00+07:00","status":"answered"}\n'
		printf '{"id":"B","received_at":"2025-08-01T09:00:00+07:00","status":"closed","closed_at":"2025-08-05"}\n'
		printf '{"id":"C","received_at":"2025-08-01T09:00:00+07:00","status":"processing"}\n'
	} > "$BATS_TEST_TMPDIR/a.jsonl"
	run -0 pakn-deadline --as-of 2025-09-10 "$BATS_TEST_TMPDIR/a.jsonl"
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[0]}" == *'"deadline_state":"answered_undated"'* ]]
	[[ "${lines[0]}" != *overdue_days* && "${lines[0]}" != *remaining_days* ]]
	[[ "${lines[1]}" == *'"deadline_state":"answered_on_time"'* ]]
	[[ "${lines[2]}" == *'"deadline_state":"overdue"'* ]]
	# --open leaves the undated answer out: it is not open
	run -0 pakn-deadline --as-of 2025-09-10 --open "$BATS_TEST_TMPDIR/a.jsonl"
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *'"id":"C"'* ]]
}

@test "pakn-deadline --overdue-more-than N: only the cases overdue by more than N working days" {
	# due Friday 12/4, 19/4, 26/4, 3/5/2024 and Monday 13/5; as of Monday
	# 6/5 (29/4-1/5 are days off): overdue 13, 9, 4, 2 working days, and
	# open.
	printf '%s\n' \
		'{"id":"A","received_at":"2024-04-01T09:00:00+07:00","due_at":"2024-04-12"}' \
		'{"id":"B","received_at":"2024-04-01T09:00:00+07:00","due_at":"2024-04-19"}' \
		'{"id":"C","received_at":"2024-04-01T09:00:00+07:00","due_at":"2024-04-26"}' \
		'{"id":"D","received_at":"2024-04-01T09:00:00+07:00","due_at":"2024-05-03"}' \
		'{"id":"E","received_at":"2024-04-01T09:00:00+07:00","due_at":"2024-05-13"}' >c.jsonl
	run -0 sh -c 'pakn-deadline --as-of 2024-05-06 c.jsonl | jq -c "[.id, .deadline_state, .overdue_days]"'
	all=$output
	run -0 sh -c 'pakn-deadline --as-of 2024-05-06 --overdue-more-than 5 c.jsonl | jq -r .id'
	[ "$(echo $output)" = "$(jq -r 'select(.[1] == "overdue" and .[2] > 5) | .[0]' <<<"$all" | xargs)" ]
	[ "$(echo $output)" = "A B" ]
	run -0 sh -c 'pakn-deadline --as-of 2024-05-06 --overdue-more-than 4 c.jsonl | jq -r .id'
	[ "$(echo $output)" = "A B" ]
	run -0 sh -c 'pakn-deadline --as-of 2024-05-06 --overdue-more-than 3 c.jsonl | jq -r .id'
	[ "$(echo $output)" = "A B C" ]
	run -0 sh -c 'pakn-deadline --as-of 2024-05-06 --overdue-more-than 0 c.jsonl | jq -r .id'
	[ "$(echo $output)" = "$(jq -r 'select(.[1] == "overdue") | .[0]' <<<"$all" | xargs)" ]
	[ "$(echo $output)" = "A B C D" ]
	run -2 pakn-deadline --overdue-more-than x c.jsonl
}
