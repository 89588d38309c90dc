#!/usr/bin/env bats
# Output that fails: a rejects file or -o target that cannot be written, a
# signal in the middle of a run, the target's mode, and fault injection
# (PAKN_FAULT=KIND:N in a build with -DPAKN_FAULTS, as `make check` and
# `make check-clang` build): every program ends with status 2 or 3 and a
# message, leaves no temporary file, and never a half-written -o target.
bats_require_minimum_version 1.5.0
load test_helper

RULES="$DATA/route/rules.yaml"

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'ID,Ngay,Noi dung\nA,bad,x\nB,01/05/2024,y\n' > b.csv
	printf '%s\n' \
		'{"id":"a","received_at":"2024-05-01T08:00:00+07:00","content":"x","channel":"zalo"}' \
		'not json' > r.jsonl
}

# prog NAME: the command line of one program over its small input.
prog() {
	case $1 in
	ingest) echo "pakn-ingest b.csv" ;;
	route) echo "pakn-route -r $RULES r.jsonl" ;;
	deadline) echo "pakn-deadline --as-of 2024-05-06 r.jsonl" ;;
	report) echo "pakn-report --month 2024-05 --as-of 2024-05-06 r.jsonl" ;;
	esac
}

# temps: the temporary files left in the current folder.
temps() { find . -name '*.tmp.*' | sort; }

@test "faults: a rejects file that cannot be written is named in the message, for every program" {
	for p in ingest route deadline report; do
		run -3 --separate-stderr $(prog $p) -q --rejects /dev/full -o out
		[[ "$stderr" == "pakn-$p: /dev/full: write error: No space left on device" ]] ||
			{ echo "$p: $stderr"; false; }
		# The run failed: its output does not replace the target.
		[ ! -e out ]
		[ -z "$(temps)" ]
	done
}
