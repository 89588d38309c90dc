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
		'{"from":"2025-07-15","to":"2025-08-14","month":null,"as_of":"2025-10-31"}'
	assert_equal "$(jq .totals.received <<<"$output")" 2
	assert_equal "$(jq -c '[.previous_period.from, .previous_period.to]' <<<"$output")" \
		'["2025-06-15","2025-07-14"]'
	run -0 pakn-report --period month --cutoff official --month 2025-08 \
		--as-of 2025-10-31 c.jsonl
	assert_line "Kỳ báo cáo: 15/07/2025 – 14/08/2025"
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
