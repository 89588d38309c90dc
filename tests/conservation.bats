#!/usr/bin/env bats
# Conservation as a property test (issue 9): 10,000 generated messy rows,
# as CSV and as a JSON array; every row's id is in the output or in its
# own reject, rows read = written + rejected, no innocent row lost.
bats_require_minimum_version 1.5.0
load test_helper

@test "conservation: 10,000 messy rows (CSV and JSON array): nothing lost, every reject its own, no innocent row lost" {
	run -0 "$TOP/tests/conservation.py" -n 10000 --seed 9 --rate 0.05
	assert_line --partial "csv: made 10000, read/written/rejected (10000,"
	assert_line --partial "innocent rows lost 0"
	refute_output --partial "#   "
}

@test "conservation: a heavier damage rate (20 %) on other seeds" {
	for seed in 1 2; do
		run -0 "$TOP/tests/conservation.py" -n 3000 --seed "$seed" --rate 0.2
		refute_output --partial "#   "
	done
}
