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

@test "faults: -o keeps the target's mode (and its owner, as root), for every program; so does --rejects" {
	for p in ingest route deadline report; do
		echo old > out
		chmod 600 out
		echo old > rej
		chmod 640 rej
		if [ "$(id -u)" -eq 0 ]; then chown 65534:65534 out; fi
		run $(prog $p) -q -o out --rejects rej
		[ "$status" -le 1 ] || { echo "$p: status $status: $output"; false; }
		[ "$(cat out)" != old ]
		run -0 stat -c %a out
		[ "$output" = 600 ] || { echo "$p: out mode $output"; false; }
		if [ "$p" != report ]; then
			run -0 stat -c %a rej
			[ "$output" = 640 ] || { echo "$p: rejects mode $output"; false; }
		fi
		if [ "$(id -u)" -eq 0 ]; then
			run -0 stat -c %u:%g out
			[ "$output" = 65534:65534 ] || { echo "$p: owner $output"; false; }
		fi
		rm -f out rej
	done
	# A new file gets 0666 less the umask, as before.
	run -1 sh -c 'umask 027 && pakn-ingest -q b.csv -o new --rejects newrej'
	run -0 stat -c %a new
	assert_output 640
}

# killed SIGNAL: a long pakn-ingest -o run over a FIFO that never ends is
# sent SIGNAL once its temporaries hold data; it must die of that signal
# and leave no temporary behind.
killed() {
	local sig=$1 pid writer i st
	[ ! -e out.jsonl ] || cp out.jsonl before
	mkfifo in.fifo
	# Rows that alternate good and bad, so both files are being written.
	(printf 'ID,Ngay,Noi dung\n'; yes $'A,01/05/2024,x\nB,bad,y' 2>/dev/null) > in.fifo &
	writer=$!
	# Signals a non-interactive shell ignores in background jobs are
	# restored to the default first, as a terminal or a service manager
	# would deliver them.
	perl -e '$SIG{INT} = $SIG{QUIT} = "DEFAULT"; exec @ARGV' \
		pakn-ingest -q -o out.jsonl --rejects rej.jsonl in.fifo &
	pid=$!
	for i in $(seq 100); do
		[ "$(find . -name 'out.jsonl.tmp.*' -size +1k | wc -l)" -gt 0 ] &&
			[ "$(find . -name 'rej.jsonl.tmp.*' -size +1k | wc -l)" -gt 0 ] && break
		sleep 0.1
	done
	run -0 sh -c "ls | grep -c '\.tmp\.'"
	assert_output 2
	# One must be the -o target's, so the count is not two stale files.
	kill -"$sig" "$pid"
	st=0
	wait "$pid" || st=$?
	kill "$writer" 2>/dev/null || true
	wait "$writer" 2>/dev/null || true
	[ "$st" -eq $((128 + $(kill -l "$sig"))) ] || { echo "status $st"; false; }
	[ -z "$(temps)" ] || { temps; false; }
	[ ! -e rej.jsonl ]
	if [ -e before ]; then cmp before out.jsonl; else [ ! -e out.jsonl ]; fi
}

@test "faults: SIGTERM during -o leaves no temporary file and the status says killed" {
	killed TERM
}

@test "faults: SIGINT during -o leaves no temporary file and the status says killed" {
	killed INT
}

@test "faults: SIGHUP during -o leaves no temporary file, and the old target stays" {
	echo yesterday > out.jsonl
	killed HUP
}

# faults_on: whether the programs were built with -DPAKN_FAULTS.
faults_on() {
	local st=0
	PAKN_FAULT=open:1 pakn-ingest -q b.csv >/dev/null 2>&1 || st=$?
	[ "$st" -eq 3 ]
}

# inject PROG KIND MAX: runs PROG with the Nth call of KIND failing, for N
# from 1 until a run succeeds (past the last such call) or MAX.  Each
# failed run must end with status 2 or 3 and a message, leave no
# temporary, leave the -o target as it was and the rejects file absent or
# made of whole records; the run past the last call must give the clean run's bytes.
inject() {
	local p=$1 kind=$2 max=$3 n st failed=0
	local cmd
	cmd=$(prog "$p")
	rm -f out rej
	$cmd -q -o clean.out --rejects clean.rej >/dev/null 2>&1 || true
	[ -s clean.out ]
	for ((n = 1; n <= max; n++)); do
		printf 'yesterday\n' > out
		rm -f rej
		st=0
		# Out of memory ends the program at once: what it held is not
		# freed, by design, so leaks are not counted there.
		if [ "$kind" = alloc ]; then
			PAKN_FAULT=$kind:$n ASAN_OPTIONS=detect_leaks=0 $cmd -q -o out --rejects rej >/dev/null 2>err || st=$?
		else
			PAKN_FAULT=$kind:$n $cmd -q -o out --rejects rej >/dev/null 2>err || st=$?
		fi
		[ -z "$(temps)" ] || { echo "$p $kind:$n: left $(temps)"; return 1; }
		if [ "$st" -le 1 ]; then
			cmp out clean.out || { echo "$p $kind:$n: status $st, output differs"; return 1; }
			break
		fi
		[ "$st" -eq 2 ] || [ "$st" -eq 3 ] || { echo "$p $kind:$n: status $st"; cat err; return 1; }
		grep -q "^pakn-$p: " err || { echo "$p $kind:$n: no message"; cat err; return 1; }
		[ "$(cat out)" = yesterday ] || { echo "$p $kind:$n: target changed"; return 1; }
		# A rejects file, if one was renamed in, holds whole lines of
		# the clean run's (pakn-report renames it in before reading
		# fails; the others leave yesterday's as it was).
		if [ -e rej ] && [ -s rej ]; then
			[ -z "$(grep -vxFf clean.rej rej)" ] && [ -z "$(tail -c 1 rej)" ] ||
				{ echo "$p $kind:$n: half a rejects file"; return 1; }
		fi
		failed=$((failed + 1))
	done
	echo "# $p $kind: $failed failing points" >&3
	[ "$failed" -gt 0 ]
}

@test "faults: each of the first 40 allocations failing ends every program with a message, no temporary, the target intact" {
	faults_on || skip "built without -DPAKN_FAULTS (make check, make check-clang run this)"
	for p in ingest route deadline report; do
		inject $p alloc 40
	done
}

@test "faults: each open, read, write and rename failing ends every program with a message, no temporary, the target intact" {
	faults_on || skip "built without -DPAKN_FAULTS (make check, make check-clang run this)"
	for p in ingest route deadline report; do
		for k in open read write rename; do
			inject $p $k 10
		done
	done
}
