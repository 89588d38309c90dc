#!/usr/bin/env bats
# pakn-report: official reporting periods (--period, --cutoff; Nghị định
# 09/2019/NĐ-CP, Điều 12) on fixtures written here, one case on each side
# of every cut-off day.
bats_require_minimum_version 1.5.0
load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# rec ID DAY: one case received at 09:00 on DAY (YYYY-MM-DD), answered.
rec() {
	printf '{"id":"%s","received_at":"%sT09:00:00+07:00","channel":"hotline","category":"x","agency":"so-xd","answered_at":"%sT15:00:00+07:00"}\n' "$1" "$2" "$2"
}

cutoffs() {
	rec A 2025-06-14
	rec B 2025-06-15
	rec C 2025-07-14
	rec D 2025-07-15
	rec E 2025-08-14
	rec F 2025-08-15
	rec G 2025-09-14
	rec H 2025-09-15
	rec I 2025-09-30
}

@test "period: the official month counts the 15th of the month before to the 14th" {
	cutoffs >c.jsonl
	run -0 pakn-report --period month --cutoff official --month 2025-08 \
		--as-of 2025-10-31 -f json c.jsonl
	assert_equal "$(jq -c .period <<<"$output")" \
		'{"from":"2025-07-15","to":"2025-08-14","month":"2025-08","as_of":"2025-10-31"}'
	assert_equal "$(jq .totals.received <<<"$output")" 2
	assert_equal "$(jq -c '[.previous_period.from, .previous_period.to]' <<<"$output")" \
		'["2025-06-15","2025-07-14"]'
	run -0 pakn-report --period month --cutoff official --month 2025-08 \
		--as-of 2025-10-31 c.jsonl
	assert_line "Kỳ báo cáo: tháng 08/2025 (15/07/2025 – 14/08/2025)"
	assert_line --partial "So sánh với: tháng 07/2025 (15/06/2025 – 14/07/2025)"
	run -0 pakn-report --period month --cutoff official --month 2025-08 \
		--as-of 2025-10-31 --lang en c.jsonl
	assert_output --partial "Period: August 2025 (2025-07-15 – 2025-08-14)"
	# the calendar month stays the default
	run -0 pakn-report --period month --month 2025-08 --as-of 2025-10-31 -f json c.jsonl
	assert_equal "$(jq .totals.received <<<"$output")" 2
	assert_equal "$(jq -r .period.from <<<"$output")" 2025-08-01
}

@test "period: the official quarter, and the calendar one" {
	cutoffs >c.jsonl
	run -0 pakn-report --period quarter --cutoff official --month 2025-09 \
		--as-of 2025-10-31 -f json c.jsonl
	assert_equal "$(jq -c '[.period.from, .period.to, .totals.received]' <<<"$output")" \
		'["2025-06-15","2025-09-14",6]'
	run -0 pakn-report --period quarter --cutoff official --month 2025-07 \
		--as-of 2025-10-31 c.jsonl
	assert_line "Kỳ báo cáo: 15/06/2025 – 14/09/2025"
	run -0 pakn-report --period quarter --as-of 2025-10-01 -f json c.jsonl
	assert_equal "$(jq -c '[.period.from, .period.to, .totals.received]' <<<"$output")" \
		'["2025-07-01","2025-09-30",7]'
}

@test "period: half and year with the official cut-off" {
	cutoffs >c.jsonl
	run -0 pakn-report --period half --cutoff official --month 2025-02 \
		--as-of 2025-10-31 -f json c.jsonl
	assert_equal "$(jq -c '[.period.from, .period.to, .totals.received]' <<<"$output")" \
		'["2024-12-15","2025-06-14",1]'
	run -0 pakn-report --period year --cutoff official --month 2025-12 \
		--as-of 2025-12-31 -f json c.jsonl
	assert_equal "$(jq -c '[.period.from, .period.to, .totals.received]' <<<"$output")" \
		'["2024-12-15","2025-12-14",9]'
}

@test "period: bad --period, --cutoff, and with --from or --merge" {
	run -2 pakn-report --period week /dev/null
	assert_output --partial "--period 'week'"
	run -2 pakn-report --cutoff fiscal /dev/null
	assert_output --partial "--cutoff 'fiscal'"
	run -2 pakn-report --cutoff official --from 2025-08-01 --to 2025-08-31 /dev/null
	assert_output --partial "cannot be used together"
	run -2 pakn-report --merge --period quarter x.partial
}

# A month of meeting cases (August 2025): Friday 1/8 is in ISO week 31,
# Monday 4/8 and Tuesday 5/8 (two) in week 32, Thursday 14/8 in week 33,
# Sunday 31/8 at 23:30 (Vietnam time) in week 35; one registration; and
# 31/7, in the previous period (a row of 0 in this one).
meetings() {
	local id day t kind
	while read -r id day t kind; do
		printf '{"id":"%s","kind":"%s","received_at":"%sT%s:00+07:00","channel":"meeting","category":"x","agency":"so-xd"}\n' "$id" "$kind" "$day" "$t"
	done <<-EOF2
		M1 2025-08-01 09:00 meeting
		M2 2025-08-04 09:00 meeting
		M3 2025-08-05 09:00 meeting
		M4 2025-08-05 16:00 registration
		M5 2025-08-14 09:00 meeting
		M6 2025-08-31 23:30 meeting
		M7 2025-07-31 09:00 meeting
	EOF2
}

@test "by week and by day: a month of meeting cases, in time order, every format" {
	meetings >m.jsonl
	run -0 pakn-report --month 2025-08 --as-of 2025-09-30 --by week --by day \
		--by kind,week -f json m.jsonl
	assert_equal "$(jq -c '[.groups.week[] | [.key, .received]]' <<<"$output")" \
		'[["2025-W31",1],["2025-W32",3],["2025-W33",1],["2025-W35",1]]'
	assert_equal "$(jq -c '[.groups.day[] | [.key, .received]]' <<<"$output")" \
		'[["2025-07-31",0],["2025-08-01",1],["2025-08-04",1],["2025-08-05",2],["2025-08-14",1],["2025-08-31",1]]'
	assert_equal "$(jq -c '[.groups["kind,week"][] | .key + [.received]]' <<<"$output")" \
		'[["meeting","2025-W31",1],["meeting","2025-W32",2],["meeting","2025-W33",1],["meeting","2025-W35",1],["registration","2025-W32",1]]'
	run -0 pakn-report --month 2025-08 --as-of 2025-09-30 --by week m.jsonl
	assert_line --regexp '^  2025-W32 +3 '
	assert_line --partial "Theo tuần"
	run -0 pakn-report --month 2025-08 --as-of 2025-09-30 --by day -f csv m.jsonl
	assert_line --regexp '^2025-08,day,2025-08-05,,,,2,'
	run -0 pakn-report --month 2025-08 --as-of 2025-09-30 --by week -f md m.jsonl
	assert_output --regexp '\| 2025-W35 +\| +1 '
	run -0 pakn-report --month 2025-08 --as-of 2025-09-30 --by week -f html m.jsonl
	assert_output --partial "2025-W33"
	run -0 pakn-report --month 2025-08 --as-of 2025-09-30 --by day -f xlsx -o m.xlsx m.jsonl
	[ -s m.xlsx ]
	run -2 pakn-report --by month m.jsonl
	assert_output --partial "week, day or level"
}
