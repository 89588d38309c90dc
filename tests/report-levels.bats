#!/usr/bin/env bats
# pakn-report --by level: every administrative level sees its own figures
# (issue 12, point 5), from the `level` pakn-route writes, in every format.
bats_require_minimum_version 1.5.0
load test_helper

P=(--from 2025-08-01 --to 2025-08-31 --as-of 2025-09-05)

setup() {
	cd "$BATS_TEST_TMPDIR"
	# 3 province cases, 2 district, 1 commune, 1 with no level.
	i=0
	for lv in province province province district district commune ""; do
		i=$((i + 1))
		printf '{"id":"L%d","received_at":"2025-08-0%dT08:00:00+07:00","agency":"ag-%s","status":"answered","answered_at":"2025-08-0%dT10:00:00+07:00"%s}\n' \
		    $i $i "${lv:-none}" $((i + 1)) "${lv:+,\"level\":\"$lv\"}"
	done >cases.jsonl
}

@test "pakn-report --by level: counts per level, in json, csv, text, md, html and xlsx" {
	run -0 pakn-report "${P[@]}" --by level -f json cases.jsonl
	run -0 jq -c '[.groups.level[] | {(.key // "-"): .received}] | add' -S <<<"$output"
	assert_output '{"-":1,"commune":1,"district":2,"province":3}'
	run -0 pakn-report "${P[@]}" --by level -f csv cases.jsonl
	assert_line --regexp '^2025-08-01/2025-08-31,level,district,,,,2,'
	run -0 pakn-report "${P[@]}" --by level --width 0 cases.jsonl
	assert_line --partial 'Theo cấp hành chính'
	assert_line --regexp '^ +Cấp tỉnh +3 '
	assert_line --regexp '^ +Cấp xã +1 '
	run -0 pakn-report "${P[@]}" --by level --lang en --width 0 cases.jsonl
	assert_line --regexp '^ +Province +3 '
	run -0 pakn-report "${P[@]}" --by level -f md cases.jsonl
	assert_line --regexp '^\| Cấp huyện \| 2 \|'
	run -0 pakn-report "${P[@]}" --by level -f html cases.jsonl
	assert_output --partial '<td>Cấp tỉnh</td><td>3</td>'
	pakn-report "${P[@]}" --by level -f xlsx -o r.xlsx cases.jsonl
	run -0 unzip -p r.xlsx xl/workbook.xml
	assert_output --partial 'name="Theo cấp"'
	# a level and an agency together
	run -0 pakn-report "${P[@]}" --by level,agency -f json cases.jsonl
	run -0 jq -c '[.groups["level,agency"][] | .key + [.received]] | sort' <<<"$output"
	assert_output '[[null,"ag-none",1],["commune","ag-commune",1],["district","ag-district",2],["province","ag-province",3]]'
}
