#!/usr/bin/env bats
# pakn-report counts satisfaction the way SIPAS does: per agency, the share
# satisfied among the cases rated, with the numbers rated and not rated
# shown; a case not rated never counts as satisfied.
bats_require_minimum_version 1.5.0
load test_helper

P=(--from 2021-11-01 --to 2021-11-30 --as-of 2021-12-06 --by agency)

setup() {
	cd "$BATS_TEST_TMPDIR"
	# Agency a: 2 satisfied, 1 unsatisfied, 3 not rated (one with an
	# empty rating).  Agency b: 1 neutral, 1 not rated.
	{
		for s in satisfied satisfied unsatisfied none none empty; do
			printf '{"id":"A-%s-%d","received_at":"2021-11-03T08:00:00+07:00","agency":"a","status":"answered","answered_at":"2021-11-05T08:00:00+07:00"' "$s" $((n += 1))
			case $s in
			none) ;;
			empty) printf ',"satisfaction":""' ;;
			*) printf ',"satisfaction":"%s"' "$s" ;;
			esac
			printf '}\n'
		done
		printf '{"id":"B1","received_at":"2021-11-04T08:00:00+07:00","agency":"b","satisfaction":"neutral"}\n'
		printf '{"id":"B2","received_at":"2021-11-04T08:00:00+07:00","agency":"b"}\n'
	} >cases.jsonl
}

@test "SIPAS: per agency, satisfied among the rated, with rated and not rated" {
	run -0 pakn-report "${P[@]}" -f json cases.jsonl
	printf '%s\n' "$output" >r.json
	run -0 jq -c '.totals | [.rated, .not_rated, .satisfied, .satisfaction_rate]' r.json
	assert_output '[4,4,2,0.5]'
	run -0 jq -c '[.groups.agency[] | {(.key): [.rated, .not_rated, .satisfaction_rate]}] | add' r.json
	assert_output '{"a":[3,3,0.6667],"b":[1,1,0]}'
	# The rate is never satisfied / all cases (2/6 for a).
	run -0 jq '.groups.agency[] | select(.key == "a") | .satisfied / (.rated + .not_rated) != .satisfaction_rate' r.json
	assert_output true
}

@test "SIPAS: rated and not rated in text, csv and html" {
	run -0 pakn-report "${P[@]}" --width 0 cases.jsonl
	assert_line --regexp '^ +Được đánh giá +4$'
	assert_line --regexp '^ +Chưa được đánh giá +4$'
	assert_line --regexp '^ +Tỷ lệ hài lòng \(trên số được đánh giá\) +50,0 %$'
	run -0 pakn-report "${P[@]}" -f csv cases.jsonl
	assert_line -n 0 --regexp ',rated,not_rated,escalated_unsatisfied,'
	assert_line --regexp '^2021-11-01/2021-11-30,agency,a,.*,0.6667,0,0,,3,3,0,0,0,0,0,0,0,0,,,,,,0,$'
	run -0 pakn-report "${P[@]}" -f html cases.jsonl
	assert_output --regexp '<td>Được đánh giá</td><td[^>]*>4</td>'
	assert_output --regexp '<td>Chưa được đánh giá</td><td[^>]*>4</td>'
}

@test "SIPAS: a period with no rating has no rate, every case not rated" {
	jq -c 'del(.satisfaction)' cases.jsonl >none.jsonl
	run -0 pakn-report "${P[@]}" -f json none.jsonl
	run -0 jq -c '.totals | [.rated, .not_rated, .satisfaction_rate]' <<<"$output"
	assert_output '[0,8,null]'
}
