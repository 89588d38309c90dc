#!/usr/bin/env bats
# The README's pipeline, run exactly as the README writes it, on a month of
# generated cases; its figures checked against the cases themselves.
bats_require_minimum_version 1.5.0
load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	ln -s "$TOP/routing-rules" routing-rules
	gen-sample --format csv --rows 3000 --seed 5 --start 2026-08-01 --end 2026-10-31 >thang10.csv
	# The block after "## A pipeline" in README.md, as written.
	awk '/^## A pipeline/ {p = 1; next} p && /^```sh/ {q = 1; next} q && /^```/ {exit} q' \
		"$TOP/README.md" >pipeline.sh
}

@test "pipeline: the README's pipeline runs as written and its figures hold" {
	grep -q '^pakn-ingest --rejects bad.jsonl thang10.csv' pipeline.sh
	run -0 --separate-stderr bash -o pipefail pipeline.sh
	report=$output
	[[ "$report" == *"BÁO CÁO"* ]]
	[ -f bad.jsonl ]
	# The same figures without pakn-deadline (the report judges alone).
	pakn-ingest -q thang10.csv | pakn-route -q -r routing-rules/phu-tho.yaml |
		pakn-report -q -r routing-rules/phu-tho.yaml --month 2026-10 --as-of 2026-11-01 >alone.txt
	diff -u alone.txt <(printf '%s\n' "$report")
	# Received in October 2026 = the cases the export dates in October.
	pakn-ingest -q thang10.csv | pakn-route -q -r routing-rules/phu-tho.yaml |
		pakn-deadline -q -r routing-rules/phu-tho.yaml --as-of 2026-11-01 >judged.jsonl
	pakn-report -q --month 2026-10 --as-of 2026-11-01 -f json judged.jsonl >r.json
	want=$(jq -s '[.[] | select(.received_at >= "2026-10-01" and .received_at < "2026-11-01")] | length' judged.jsonl)
	[ "$want" -gt 100 ]
	assert_equal "$(jq .totals.received r.json)" "$want"
	# Overdue received in October = pakn-deadline's overdue among them.
	over=$(jq -s '[.[] | select(.received_at >= "2026-10-01" and .received_at < "2026-11-01" and .deadline_state == "overdue")] | length' judged.jsonl)
	assert_equal "$(jq '[.groups.channel[].overdue] | add' r.json)" "$(jq '.totals.overdue' r.json)"
	carried_over=$(jq -s '[.[] | select(.received_at < "2026-10-01" and .deadline_state == "overdue")] | length' judged.jsonl)
	assert_equal "$(jq .totals.overdue r.json)" "$((over + carried_over))"
	# The text report shows the same received figure.
	n=$(printf '%s\n' "$report" | awk '/Tiếp nhận trong kỳ/ {print $(NF-2); exit}')
	assert_equal "${n//./}" "$want"
}
