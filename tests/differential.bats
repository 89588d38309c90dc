#!/usr/bin/env bats
# One truth for every figure (issue 8): the report over routed records and
# the report over the same records after pakn-deadline give the same
# figures, in every format, whatever as-of pakn-deadline was run with.
# Both go through the single judge of lib/deadline.h; this test would catch
# a second copy of a rule drifting from it.
bats_require_minimum_version 1.5.0
load test_helper

RULES="$TOP/routing-rules/phu-tho.yaml"

setup_file() {
	local dir="$BATS_FILE_TMPDIR"
	export PATH="$PAKN_BUILD:$TOP/scripts:$PATH"
	gen-sample --format csv --rows 5000 --seed 3 >"$dir/s.csv"
	pakn-ingest -q "$dir/s.csv" | pakn-route -q -r "$TOP/routing-rules/phu-tho.yaml" >"$dir/routed.jsonl"
	# What exports also carry: answers known only by their status (no
	# date), closed_at alone, extensions, pauses (one still running),
	# working-hours deadlines written by the source.
	jq -c '
	  (input_line_number) as $n
	  | if $n % 7 == 0 and .answered_at then del(.answered_at) | .status = "answered"
	    elif $n % 11 == 0 and .answered_at then .closed_at = .answered_at | del(.answered_at)
	    else . end
	  | if $n % 13 == 0 then .extensions = [{"until": "2025-09-05", "reason": "x", "by": "y"}] else . end
	  | if $n % 17 == 0 then .pauses = [{"from": .received_at, "to": "2025-08-29"}] else . end
	  | if $n % 19 == 0 then .pauses = [{"from": .received_at, "to": null}] else . end
	' "$dir/routed.jsonl" >"$dir/cases.jsonl"
}

setup() {
	cd "$BATS_TEST_TMPDIR"
	C="$BATS_FILE_TMPDIR/cases.jsonl"
}

# same_figures AS_OF DEADLINE_AS_OF FORMAT...: the report without and with
# pakn-deadline's keys is byte-identical in each format.
same_figures() {
	local asof=$1 dasof=$2 f
	shift 2
	pakn-deadline -q -r "$RULES" --as-of "$dasof" "$C" >judged.jsonl
	for f in "$@"; do
		pakn-report -q -r "$RULES" --month 2025-08 --as-of "$asof" -f "$f" "$C" >plain.$f
		pakn-report -q -r "$RULES" --month 2025-08 --as-of "$asof" -f "$f" judged.jsonl >judged.$f
		cmp plain.$f judged.$f
	done
}

@test "differential: the data holds every kind of case the judge decides" {
	pakn-report -q -r "$RULES" --month 2025-08 --as-of 2025-09-10 -f json "$C" >r.json
	run -0 jq -c '.totals | [.answered_on_time > 0, .answered_late > 0, .open > 0, .overdue > 0, .answered_undated > 0]' r.json
	assert_output '[true,true,true,true,true]'
}

@test "differential: as of 2025-09-10, pakn-deadline as of the same day: identical in every format" {
	same_figures 2025-09-10 2025-09-10 text md csv json html
}

@test "differential: as of 2025-08-20 (before many answers), pakn-deadline as of 2026-11-01" {
	same_figures 2025-08-20 2026-11-01 text md csv json html
}

@test "differential: as of 2026-11-01, pakn-deadline as of 2025-08-01" {
	same_figures 2026-11-01 2025-08-01 text json csv
}

@test "differential: without the rules file both sides use the legal defaults" {
	pakn-deadline -q --as-of 2025-09-10 "$C" >judged.jsonl
	pakn-report -q --month 2025-08 --as-of 2025-09-10 -f json "$C" >plain.json
	pakn-report -q --month 2025-08 --as-of 2025-09-10 -f json judged.jsonl >judged.json
	cmp plain.json judged.json
	# and --amount / --unit are the same option on both sides
	pakn-deadline -q --amount 3 --unit working_days --as-of 2025-09-10 "$C" >judged3.jsonl
	pakn-report -q --amount 3 --unit working_days --month 2025-08 --as-of 2025-09-10 -f json "$C" >plain3.json
	pakn-report -q --month 2025-08 --as-of 2025-09-10 -f json judged3.jsonl >judged3.json
	cmp plain3.json judged3.json
	! cmp -s plain.json plain3.json
}

@test "differential: the report's counts equal pakn-deadline's states at the same as-of" {
	# Cases received in August 2025, judged by pakn-deadline at 2025-09-10,
	# counted by state, against the report's received-in-period figures
	# (the report adds carried-over cases: filter them by receipt here).
	pakn-deadline -q -r "$RULES" --as-of 2025-09-10 "$C" |
		jq -r 'select(.received_at >= "2025-08-01" and .received_at < "2025-09-01") | .deadline_state' |
		sort | uniq -c | awk '{print $2 "=" $1}' | sort >states.txt
	pakn-report -q -r "$RULES" --from 2025-08-01 --to 2025-08-31 --as-of 2025-09-10 -f json \
		<(jq -c 'select(.received_at >= "2025-08-01")' "$C") >r.json
	jq -r '.totals | "answered_late=\(.answered_late)", "answered_on_time=\(.answered_on_time)", "answered_undated=\(.answered_undated)", "overdue=\(.overdue)", "open+due_soon=\(.open)"' r.json | sort >report.txt
	open=$(awk -F= '$1 == "open" || $1 == "due_soon" {n += $2} END {print n + 0}' states.txt)
	{ grep -vE '^(open|due_soon)=' states.txt; echo "open+due_soon=${open:-0}"; } | sort >want.txt
	diff -u want.txt report.txt
}
