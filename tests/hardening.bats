#!/usr/bin/env bats
# Issue 9 rows not covered elsewhere: each reproduces the issue's report
# and failed before its fix.
bats_require_minimum_version 1.5.0
load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

rules_with() { # a minimal rules file whose one rule has condition $1
	cat <<EOR
version: 1
agencies:
  a: {name: "A", level: province}
rules:
  - {name: r1, when: $1, agency: a}
EOR
}

@test "row 1: an empty folded pattern is an error at its position, not a crash" {
	printf 'rules:\n- when: {text,fold: true}' >r.yaml
	run -2 --separate-stderr pakn-route --check r.yaml
	[[ "$stderr" == *"r.yaml:2:14: error: empty pattern"* ]]
	rules_with '{text: "", fold: true}' >r2.yaml
	run -2 --separate-stderr pakn-route --check r2.yaml
	[[ "$stderr" == *"error: empty pattern (it would match every case)"* ]]
	rules_with '{text: ""}' >r3.yaml
	run -2 --separate-stderr pakn-route --check r3.yaml
	[[ "$stderr" == *"empty pattern"* ]]
	# A pattern that folds to nothing is still a pattern.
	rules_with '{text: "\u0301", fold: true}' >r4.yaml
	run --separate-stderr pakn-route --check r4.yaml
	[ "$status" -ne 139 ]
}

@test "row 12: nested bounded repeats get a --check warning; (a+)+ and \\d{9,12} do not" {
	rules_with "{text: '(?:a{1000}){1000}'}" >slow.yaml
	run -0 --separate-stderr pakn-route --check slow.yaml
	[[ "$stderr" == *"warning: pattern '(?:a{1000}){1000}': nested repeats multiply to more than 10000"* ]]
	[[ "$output" == *"0 errors, 1 warning"* ]]
	rules_with "{text: '(a+)+\$|\\\\d{9,12}|[{]{2}x{3}'}" >ok.yaml
	run -0 --separate-stderr pakn-route --check ok.yaml
	[[ "$output" == *"0 errors, 0 warnings"* ]]
}

@test "row 7: a bare CR in a calendar day's name cannot inject into the ICS file" {
	printf 'off:\n  - {date: 2027-03-01, name: "x\\rEND:VEVENT\\rBEGIN:VEVENT\\r\\nSUMMARY:y"}\n' >cal.yaml
	run -0 pakn-deadline --calendar 2027 --calendar-file cal.yaml --format ics
	# Every line of the file ends with CRLF, and no line is a smuggled
	# END:VEVENT: as many BEGIN as END, one a day.
	run -0 sh -c "pakn-deadline --calendar 2027 --calendar-file cal.yaml --format ics | tr -d '\\n' | tr '\\r' '\\n' | grep -c '^BEGIN:VEVENT\$'"
	begins=$output
	run -0 sh -c "pakn-deadline --calendar 2027 --calendar-file cal.yaml --format ics | tr -d '\\n' | tr '\\r' '\\n' | grep -c '^END:VEVENT\$'"
	[ "$output" = "$begins" ]
	run -0 sh -c "pakn-deadline --calendar 2027 --calendar-file cal.yaml --format ics | grep -c 'x\\\\nEND:VEVENT\\\\nBEGIN:VEVENT\\\\nSUMMARY:y'"
	[ "$output" -eq 1 ]
}

@test "row 16: a missing input prints no report, only the error (3)" {
	run -3 --separate-stderr pakn-report nofile.jsonl
	[ -z "$output" ]
	[[ "$stderr" == *"nofile.jsonl: cannot open"* ]]
}

@test "row 15: pakn-ingest --line-buffered writes each record as its line comes" {
	printf 'Mã PAKN,Ngày tiếp nhận,Nội dung\nA1,05/10/2026,ok\nA2,06/10/2026,ok2\n' >five.csv
	# The input stays open 3 s after its lines; the first record must
	# come within 2 s.
	run -0 bash -c '{ cat five.csv; sleep 3; } | pakn-ingest --line-buffered |
		{ IFS= read -t 2 -r line && printf "%s\n" "$line"; cat >/dev/null; }'
	[[ "$output" == *'"id":"A1"'* ]]
	# and the report takes the option, as every program does
	run -0 pakn-report --line-buffered --month 2026-10 --as-of 2026-11-01 -f json /dev/null
}

@test "row 6: a calendar file whose entries cover too many days is refused at once" {
	{
		echo 'off:'
		echo '  - &r {from: 1900-01-01, to: 2199-12-31}'
		for i in $(seq 1 5000); do echo '  - *r'; done
	} >dos.yaml
	run -2 --separate-stderr timeout 10 pakn-deadline --calendar 2026 --calendar-file dos.yaml
	[[ "$stderr" == *"dos.yaml:"*"cover more than 250000 days in all"* ]]
	# A whole-range file, once, is still fine.
	printf 'off:\n  - {from: 1900-01-01, to: 2199-12-31, name: x}\n' >one.yaml
	run -0 pakn-deadline --calendar 2026 --calendar-file one.yaml
}
