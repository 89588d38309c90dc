#!/usr/bin/env bats
# The calendar stays true (issue 13): Quốc khánh 2026 as decided, the
# year's schedule status (--calendar-status), one calendar for gen-sample
# and the programs, and the yearly update path (calendars/2027.yaml,
# scripts/check-calendar).
bats_require_minimum_version 1.5.0
load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# day YEAR DATE: "off", "work" or "" (a plain Monday-Friday day) per
# pakn-deadline --calendar YEAR.
day() {
	pakn-deadline --calendar "$1" | jq -r --arg d "$2" 'select(.date == $d) | if .working then "work" else "off" end'
}

# --- Quốc khánh 2026 --------------------------------------------------

@test "calendar: Quốc khánh 2026 is Saturday 29/8 to Wednesday 2/9, Monday 31/8 swapped for Saturday 22/8, official" {
	[ "$(day 2026 2026-08-31)" = off ]
	[ "$(day 2026 2026-09-01)" = off ]
	[ "$(day 2026 2026-09-02)" = off ]
	[ "$(day 2026 2026-08-22)" = work ]
	# Thursday 3/9 is an ordinary working day: not listed.
	[ "$(day 2026 2026-09-03)" = "" ]
	run -0 sh -c 'pakn-deadline --calendar 2026 | jq -r "select(.date >= \"2026-08-01\" and .date <= \"2026-09-30\") | [.date, .working, .basis, .name] | @tsv"'
	assert_output "$(printf '%s\t%s\t%s\t%s\n' \
		2026-08-22 true official 'Làm bù cho thứ Hai 31/08/2026' \
		2026-08-31 false official 'Nghỉ hoán đổi (làm bù thứ Bảy 22/08/2026)' \
		2026-09-01 false official 'Quốc khánh (2/9)' \
		2026-09-02 false official 'Quốc khánh (2/9)')"
}

@test "calendar: 5 working days from Friday 28/8/2026 are due Wednesday 9/9/2026; 1 from Friday 21/8 is Saturday 22/8" {
	run -0 --separate-stderr sh -c "echo '{\"id\":\"Q\",\"received_at\":\"2026-08-28T09:00:00+07:00\",\"content\":\"x\"}' | pakn-deadline --amount 5 --unit working_days --as-of 2026-08-28"
	run -0 jq -c '[.due_at, .remaining_days]' <<<"$output"
	assert_output '["2026-09-09T23:59:59+07:00",5]'
	run -0 --separate-stderr sh -c "echo '{\"id\":\"S\",\"received_at\":\"2026-08-21T09:00:00+07:00\",\"content\":\"x\"}' | pakn-deadline --amount 1 --as-of 2026-08-21"
	run -0 jq -r .due_at <<<"$output"
	assert_output "2026-08-22T23:59:59+07:00"
	# Working days from Friday 28/8 to Thursday 3/9: one (3/9 itself).
	run -0 --separate-stderr sh -c "echo '{\"id\":\"Q\",\"received_at\":\"2026-08-28T09:00:00+07:00\",\"content\":\"x\"}' | pakn-deadline --amount 5 --as-of 2026-09-03"
	run -0 jq -r .remaining_days <<<"$output"
	assert_output 4
}

# --- the year's schedule ------------------------------------------------

@test "calendar: --calendar states the year's schedule on every line and in the iCalendar file" {
	run -0 sh -c 'pakn-deadline --calendar 2026 | jq -r .schedule | sort -u'
	assert_output official
	run -0 sh -c 'pakn-deadline --calendar 2027 | jq -r .schedule | sort -u'
	assert_output estimated
	run -0 sh -c 'pakn-deadline --calendar 2019 | jq -r .schedule | sort -u'
	assert_output estimated
	run -0 sh -c "pakn-deadline --calendar 2027 --format ics --as-of 2026-12-01 | grep '^X-WR-CALDESC'"
	assert_output $'X-WR-CALDESC:schedule 2027: estimated\r'
	printf 'schedule: 2027\noff:\n  - {from: 2027-02-04, to: 2027-02-12, name: Tết}\n' >2027.yaml
	run -0 sh -c 'pakn-deadline --calendar 2027 --calendar-file 2027.yaml | jq -r "[.date, .basis, .schedule] | @tsv"'
	assert_output "$(printf '%s\tlocal\tlocal\n' 2027-02-04 2027-02-05 2027-02-08 2027-02-09 2027-02-10 2027-02-11 2027-02-12)"
}

@test "calendar: --calendar-status says official, local or estimated, status 1 only for estimated" {
	run -0 --separate-stderr pakn-deadline --calendar-status 2026
	assert_output "2026 official"
	[ -z "$stderr" ]
	run -0 pakn-deadline --calendar-status=2020
	assert_output "2020 official"
	run -1 --separate-stderr pakn-deadline --calendar-status 2027
	assert_output "2027 estimated"
	[[ "$stderr" == *"2027: no official schedule"*"--calendar-file"* ]]
	run -1 --separate-stderr pakn-deadline -q --calendar-status 2027
	[ -z "$stderr" ]
	# Without YEAR: the --as-of year.
	run -1 --separate-stderr pakn-deadline --calendar-status --as-of 2027-01-04
	assert_output "2027 estimated"
	run -0 --separate-stderr pakn-deadline --as-of 2026-12-31 --calendar-status
	assert_output "2026 official"
	# A file giving the whole year makes it local; a few local days do not.
	printf 'schedule: 2027\noff:\n  - {date: 2027-01-01}\n' >full.yaml
	run -0 pakn-deadline --calendar-status 2027 --calendar-file full.yaml
	assert_output "2027 local"
	run -1 --separate-stderr pakn-deadline --calendar-status 2027 --calendar-file "$TOP/calendars/example.yaml"
	assert_output "2027 estimated"
	# Usage errors.
	run -2 --separate-stderr pakn-deadline --calendar-status 2300
	[[ "$stderr" == *"--calendar-status '2300': expected a whole number from 1900 to 2199"* ]]
	run -2 --separate-stderr pakn-deadline --calendar-status 2026 --calendar 2026
	[[ "$stderr" == *"--calendar-status takes no --calendar"* ]]
	run -2 --separate-stderr pakn-deadline --calendar-status 2026 cases.jsonl
	[[ "$stderr" == *"--calendar-status takes no"*"FILE"* ]]
}

# --- gen-sample takes its calendar from pakn-deadline -------------------------

@test "calendar: gen-sample uses exactly pakn-deadline's days off and Saturdays worked, 2020-2028" {
	run -0 gen-sample --show-calendar --start 2020-01-01 --end 2028-12-31
	want=$(for y in 2020 2021 2022 2023 2024 2025 2026 2027 2028; do
		pakn-deadline --calendar "$y" | jq -r '"\(.date) \(if .working then "work" else "off" end)"'
	done)
	[ -n "$want" ]
	assert_output "$want"
	# Its 2026 holds the decision of 13/10/2025.
	run -0 sh -c 'gen-sample --show-calendar --start 2026-08-01 --end 2026-09-30'
	assert_output $'2026-08-22 work\n2026-08-31 off\n2026-09-01 off\n2026-09-02 off'
	# A local calendar file is passed on.
	printf 'off:\n  - {date: 2026-09-03, name: x}\n' >local.yaml
	run -0 gen-sample --show-calendar --start 2026-09-01 --end 2026-09-30 --calendar-file local.yaml
	assert_output $'2026-09-01 off\n2026-09-02 off\n2026-09-03 off'
}

@test "calendar: gen-sample's 2026 cases are due on working days only: never 31/8-2/9, sometimes Saturday 22/8 and 3/9" {
	gen-sample --rows 400 --seed 3 --format jsonl --start 2026-08-01 --end 2026-09-30 >g.jsonl
	off=$(pakn-deadline --calendar 2026 | jq -r 'select(.working | not) | .date' | jq -Rsc 'split("\n")[:-1]')
	run -0 jq -r --argjson off "$off" '.due_at // empty | .[0:10] | select(. as $d | $off | index($d))' g.jsonl
	assert_output ""
	run -0 sh -c "jq -r '.due_at // empty | .[0:10]' g.jsonl | grep -c -e 2026-08-22 -e 2026-09-03"
	[ "$output" -gt 0 ]
	# Nor does any case get answered on a day off.
	run -0 jq -r --argjson off "$off" '.answered_at // empty | .[0:10] | select(. as $d | $off | index($d))' g.jsonl
	assert_output ""
}

@test "calendar: gen-sample without pakn-deadline stops with a clear message" {
	mkdir -p alone
	cp "$TOP/scripts/gen-sample" alone/
	run -2 --separate-stderr env PATH=/usr/bin:/bin PAKN_BUILD="$BATS_TEST_TMPDIR/none" python3 alone/gen-sample --rows 3 --seed 1 --format csv
	[ -z "$output" ]
	[[ "$stderr" == *"gen-sample: pakn-deadline not found (set PAKN_BUILD"* ]]
	# PAKN_BUILD is looked at first.
	run -0 env PATH=/usr/bin:/bin PAKN_BUILD="$PAKN_BUILD" python3 alone/gen-sample --show-calendar --start 2026-08-30 --end 2026-08-31
	assert_output "2026-08-31 off"
}

# --- the update path --------------------------------------------------------

@test "calendar: calendars/2027.yaml as shipped is valid and changes nothing; filled in, it makes 2027 local" {
	tpl="$TOP/calendars/2027.yaml"
	run -0 diff <(pakn-deadline --calendar 2027) <(pakn-deadline --calendar 2027 --calendar-file "$tpl")
	run -1 pakn-deadline -q --calendar-status 2027 --calendar-file "$tpl"
	assert_output "2027 estimated"
	# Filled: schedule uncommented, the items uncommented (placeholders left out).
	sed -e 's/^# schedule: 2027.*/schedule: 2027/' -e 's/^  # - {/  - {/' "$tpl" | grep -v 'MM-DD' >filled.yaml
	run -0 pakn-deadline --calendar-status 2027 --calendar-file filled.yaml
	assert_output "2027 local"
	run -0 sh -c 'pakn-deadline --calendar 2027 --calendar-file filled.yaml | jq -r .basis | sort -u'
	assert_output local
}

@test "calendar: scripts/check-calendar summarises a good file and stops on a bad one with FILE:LINE:COLUMN" {
	run -0 --separate-stderr check-calendar "$TOP/calendars/2027.yaml"
	assert_line --index 0 "$TOP/calendars/2027.yaml: valid"
	assert_line --index 1 "schedule: 2027 estimated"
	assert_line --partial "2027-02-04  off   estimated"
	printf 'schedule: 2027\noff:\n  - {date: 2027-02-05, name: "Tết"}\nwork:\n  - {date: 2027-02-20}\n' >2027.yaml
	run -0 --separate-stderr check-calendar 2027.yaml
	assert_line "schedule: 2027 local"
	assert_line --partial "2027-02-05  off   local"
	assert_line --partial "2027-02-20  work  local"
	[ -z "$stderr" ]
	printf 'schedule: 2027\noff:\n' >empty.yaml
	run -0 --separate-stderr check-calendar empty.yaml
	[[ "$stderr" == *"declares schedule: 2027 but lists no day of 2027"* ]]
	printf 'schedule: 2027\noff:\n  - {date: 2027-02-30}\n' >bad.yaml
	run -2 --separate-stderr check-calendar bad.yaml
	[[ "$stderr" == *"bad.yaml:3:12: date: cannot read date '2027-02-30'"* ]]
	[[ "$stderr" == *"check-calendar: bad.yaml: not valid"* ]]
	printf 'schedule: twenty\n' >bad2.yaml
	run -2 --separate-stderr check-calendar bad2.yaml 2027
	[[ "$stderr" == *"bad2.yaml:1:11: schedule: expected a year from 1900 to 2199, not 'twenty'"* ]]
	run -2 --separate-stderr check-calendar missing.yaml
	[[ "$stderr" == *"missing.yaml: cannot read"* ]]
}
