#!/usr/bin/env bats
# scripts/daily-overdue: the morning cron job, end to end: one list per
# agency of overdue and due-soon cases, an index, atomic replacement,
# stale lists removed, failures that leave yesterday's lists alone.
bats_require_minimum_version 1.5.0
load test_helper

D="$DATA/deadline"

setup() {
	cd "$BATS_TEST_TMPDIR"
	export PAKN_BUILD
}

@test "daily-overdue: one list per agency of the overdue and due-soon cases, and an index" {
	run -0 --separate-stderr daily-overdue -d lists --as-of 2024-05-06 "$D/cases.jsonl"
	[[ "$stderr" == "daily-overdue: 4 agencies, 4 overdue, 1 due within 1 working days, in lists" ]]
	run -0 ls lists
	assert_output $'_unassigned.jsonl\nindex.tsv\nso-tai-nguyen-va-moi-truong.jsonl\nthanh-tra-tinh.jsonl\nubnd-huyen-binh-xuyen.jsonl'
	run -0 cat lists/index.tsv
	assert_output $'agency\tfile\toverdue\tdue_soon
UBND huyện Bình Xuyên\tubnd-huyen-binh-xuyen.jsonl\t1\t1
Thanh tra tỉnh\tthanh-tra-tinh.jsonl\t1\t0
Sở Tài nguyên và Môi trường\tso-tai-nguyen-va-moi-truong.jsonl\t1\t0
-\t_unassigned.jsonl\t1\t0'
	run -0 jq -c '[.id, .agency, .deadline_state, .overdue_days, .remaining_days]' lists/ubnd-huyen-binh-xuyen.jsonl
	assert_output $'["C02","UBND huyện Bình Xuyên","overdue",12,null]\n["C05","UBND huyện Bình Xuyên","due_soon",null,1]'
	run -0 jq -r .id lists/_unassigned.jsonl
	assert_output C09
	# The records are pakn-deadline's, whole.
	run -0 sh -c "pakn-deadline --as-of 2024-05-06 --overdue '$D/cases.jsonl' | grep '\"C03\"'"
	run -0 diff -u <(echo "$output") lists/thanh-tra-tinh.jsonl
	# No work files are left behind.
	run -0 sh -c 'ls -A lists | grep -c "^\." || true'
	assert_output 0
}

@test "daily-overdue: a new run replaces each list by renaming, and removes the lists of agencies no longer late" {
	daily-overdue -q -d lists --as-of 2024-05-06 "$D/cases.jsonl"
	echo "keep me" > lists/notes.txt
	inode_before=$(stat -c %i lists/ubnd-huyen-binh-xuyen.jsonl)
	exec 5< lists/ubnd-huyen-binh-xuyen.jsonl
	# 7/5/2024: C04 (due 8/5) becomes due soon, C05 (due 7/5) is due today.
	run -0 daily-overdue -q -d lists --as-of 2024-05-07 "$D/cases.jsonl"
	[ "$(stat -c %i lists/ubnd-huyen-binh-xuyen.jsonl)" != "$inode_before" ]
	# A reader that had the old list open still reads it whole.
	run -0 sh -c 'jq -r .id <&5'
	assert_output $'C02\nC05'
	exec 5<&-
	run -0 jq -r .id lists/so-giao-thong-van-tai.jsonl
	assert_output C04
	# Only C10 (a denunciation due 27/5) is left for Thanh tra tỉnh by
	# 28/5/2024; cases of agencies no longer late lose their list.
	run -0 daily-overdue -q -d lists --as-of 2024-05-28 --within 0 - <<'EOF'
{"id":"N1","received_at":"2024-05-02T09:00:00+07:00","agency":"Sở Giao thông vận tải"}
EOF
	run -0 ls lists
	assert_output $'index.tsv\nnotes.txt\nso-giao-thong-van-tai.jsonl'
	run -0 cat lists/notes.txt
	assert_output "keep me"
}

@test "daily-overdue: a failed run leaves yesterday's lists and index alone" {
	daily-overdue -q -d lists --as-of 2024-05-06 "$D/cases.jsonl"
	cp -r lists before
	run -3 --separate-stderr daily-overdue -q -d lists --as-of 2024-05-07 no-such-file.jsonl
	[[ "$stderr" == *"no-such-file.jsonl: cannot open"* ]]
	run -0 diff -r before lists
	printf 'off:\n  - {date: 2024-13-01}\n' > bad.yaml
	run -2 --separate-stderr daily-overdue -q -d lists --calendar-file bad.yaml "$D/cases.jsonl"
	[[ "$stderr" == *"bad.yaml:2:12:"* ]]
	run -0 diff -r before lists
	run -2 --separate-stderr daily-overdue -q -d lists -r missing-rules.yaml "$D/cases.jsonl"
	run -0 diff -r before lists
	run -0 sh -c 'ls -A lists | grep -c "^\." || true'
	assert_output 0
}

@test "daily-overdue: rules, calendar file and --within are passed on" {
	run -0 daily-overdue -q -d lists -r "$D/rules.yaml" --as-of 2024-05-06 --within 0 "$D/cases.jsonl"
	# Hotline cases take 7 working days under the rules: C01 (due 9/5) is
	# not yet late, C05 (due 3/5) is overdue.
	run -0 jq -c '[.id, .sla.policy, .deadline_state]' lists/ubnd-huyen-binh-xuyen.jsonl
	assert_output $'["C02","default","overdue"]\n["C05","hotline","overdue"]'
	printf 'off:\n  - {date: 2024-05-02, name: "Nghỉ của tỉnh"}\n' > local.yaml
	run -0 daily-overdue -q -d lists2 --calendar-file local.yaml --as-of 2024-05-06 "$D/cases.jsonl"
	# 2/5 off: C05 is due on 8/5, 2 working days away: not listed.
	run -0 cat lists2/index.tsv
	refute_output --partial "ubnd-huyen-binh-xuyen.jsonl	1	1"
	run -0 jq -r .id lists2/ubnd-huyen-binh-xuyen.jsonl
	assert_output C02
}

@test "daily-overdue: rejected records give status 1, the other lists are written" {
	{ cat "$D/cases.jsonl"; echo '{"id":"BAD"}'; } > in.jsonl
	run -1 --separate-stderr daily-overdue -q -d lists --rejects rej.jsonl --as-of 2024-05-06 in.jsonl
	run -0 jq -r .error rej.jsonl
	assert_output "no receipt date (received_at)"
	run -0 sed -n 2p lists/index.tsv
	assert_output $'UBND huyện Bình Xuyên\tubnd-huyen-binh-xuyen.jsonl\t1\t1'
}

@test "daily-overdue: no late case gives an index alone" {
	run -0 daily-overdue -q -d lists --as-of 2024-04-02 - <<'EOF'
{"id":"N1","received_at":"2024-04-01T09:00:00+07:00","agency":"Sở Y tế"}
EOF
	run -0 ls lists
	assert_output index.tsv
	run -0 cat lists/index.tsv
	assert_output $'agency\tfile\toverdue\tdue_soon'
}

@test "daily-overdue: usage errors exit 2" {
	run -2 --separate-stderr daily-overdue "$D/cases.jsonl"
	[[ "$stderr" == *"-d DIR is required"* ]]
	run -2 --separate-stderr daily-overdue -d lists --within soon "$D/cases.jsonl"
	[[ "$stderr" == *"--within 'soon': expected a whole number"* ]]
	run -2 --separate-stderr daily-overdue -d lists --frobnicate "$D/cases.jsonl"
	[[ "$stderr" == *"unknown option '--frobnicate'"* ]]
	[ ! -e lists ]
	run -0 daily-overdue --help
	assert_output --partial "daily-overdue -d DIR [options] [FILE...]"
}

@test "daily-overdue: a record nested 2047 deep (pakn's limit, past jq's 256) is listed like any other" {
	# C02 of the fixture with an attachment tree nested 300, then 2047 deep
	# ("deep" holds the record's only nesting: 1 level for the record).
	for d in 300 2046; do
		grep '"C02"' "$D/cases.jsonl" |
			awk -v d=$d '{ o = ""; c = ""; for (i = 0; i < d; i++) { o = o "{\"a\":"; c = c "}" }
				sub(/}$/, ",\"deep\":" o "\"Đã\\t\\\"x\"" c ",\"tags\":{\"agency\":\"no\"}}"); print }' > deep.jsonl
		grep -v '"C02"' "$D/cases.jsonl" >> deep.jsonl
		run -0 --separate-stderr daily-overdue -d lists --as-of 2024-05-06 deep.jsonl
		[[ "$stderr" == "daily-overdue: 4 agencies, 4 overdue, 1 due within 1 working days, in lists" ]] ||
			{ echo "$d: $stderr"; false; }
		# (jq itself cannot read the file back: grep.)
		run -0 grep -o '^{"id":"C0[0-9]"' lists/ubnd-huyen-binh-xuyen.jsonl
		assert_output $'{"id":"C02"\n{"id":"C05"'
		run -0 cat lists/index.tsv
		assert_line -n 1 $'UBND huyện Bình Xuyên\tubnd-huyen-binh-xuyen.jsonl\t1\t1'
		rm -rf lists
	done
}

@test "daily-overdue --by district and --by commune: one list per unit, each case in its own unit's list" {
	# The fixture's cases, placed in two districts and three communes
	# (one case with no location).
	jq -c 'if .id == "C09" then del(.location)
	       elif (.id | ltrimstr("C") | tonumber) % 2 == 0 then .location = {district: "Bình Xuyên", commune: "Hương Canh"}
	       elif (.id | ltrimstr("C") | tonumber) % 3 == 0 then .location = {district: "Tam Dương", commune: "Hợp Hòa"}
	       else .location = {district: "Tam Dương", commune: "Kim Long"} end' "$D/cases.jsonl" >placed.jsonl
	pakn-deadline -q --as-of 2024-05-06 --overdue --due-within 1 placed.jsonl >late.jsonl
	for by in district commune; do
		run -0 --separate-stderr daily-overdue -d $by --by $by --as-of 2024-05-06 placed.jsonl
		[[ "$stderr" == "daily-overdue: "*" ${by}s, 4 overdue, 1 due within 1 working days, in $by" ]]
		run -0 head -1 $by/index.tsv
		assert_output "$by"$'\tfile\toverdue\tdue_soon'
		# Every late case is in exactly one list: its unit's.
		jq -r --arg by $by '[.id, (.location[$by] // "-")] | @tsv' late.jsonl | sort >want
		awk -F'\t' 'NR > 1 { print $1 "\t" $2 }' $by/index.tsv | while IFS=$'\t' read -r unit file; do
			jq -r --arg u "$unit" '[.id, $u] | @tsv' "$by/$file"
		done | sort >got
		diff want got
		# The counts in the index add up to the lists.
		[ "$(awk -F'\t' 'NR > 1 { s += $3 + $4 } END { print s }' $by/index.tsv)" -eq "$(wc -l <late.jsonl)" ]
	done
	run -0 cut -f1,2 district/index.tsv
	assert_line $'Bình Xuyên\tbinh-xuyen.jsonl'
	assert_line $'Tam Dương\ttam-duong.jsonl'
	assert_line $'-\t_unassigned.jsonl'
	run -0 jq -r .location.commune commune/huong-canh.jsonl
	refute_output --partial 'Kim Long'
	run -2 --separate-stderr daily-overdue -d x --by ward placed.jsonl
	[[ "$stderr" == *"--by 'ward': expected agency, district or commune"* ]]
}
