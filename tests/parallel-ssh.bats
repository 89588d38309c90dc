#!/usr/bin/env bats
# scripts/parallel-report -S over real ssh: an OpenSSH server started on
# 127.0.0.1 on a spare port, with a host key and a client key made here
# and no password; two logins to it share the jobs.  The report must be
# the single run's bytes, and a job that fails on a remote machine must
# fail the whole run with a message and no report.  Skipped where sshd
# cannot start (not root, openssh-server missing).
bats_require_minimum_version 1.5.0
load test_helper

SSHD=/usr/sbin/sshd

setup_file() {
	export SSH_DIR="$BATS_FILE_TMPDIR/ssh"
	mkdir -p "$SSH_DIR"
	local d=$SSH_DIR port i
	[ "$(id -u)" -eq 0 ] || { echo "not root" >"$d/skip"; return 0; }
	[ -x "$SSHD" ] || { echo "$SSHD is missing (Debian package openssh-server)" >"$d/skip"; return 0; }
	command -v ssh >/dev/null || { echo "ssh is missing (openssh-client)" >"$d/skip"; return 0; }
	command -v parallel >/dev/null || { echo "GNU parallel is missing" >"$d/skip"; return 0; }
	ssh-keygen -q -t ed25519 -N '' -f "$d/host_key" || return 1
	ssh-keygen -q -t ed25519 -N '' -f "$d/client_key" || return 1
	cp "$d/client_key.pub" "$d/authorized_keys"
	# A port nobody listens on: asked of the kernel, then released.
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	cat >"$d/sshd_config" <<-EOF
		Port $port
		ListenAddress 127.0.0.1
		HostKey $d/host_key
		PidFile $d/sshd.pid
		AuthorizedKeysFile $d/authorized_keys
		StrictModes no
		UsePAM no
		PermitRootLogin yes
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		AcceptEnv PAKN_TEST_FAIL
		MaxStartups 50
		MaxSessions 50
	EOF
	# sshd refuses to start without its privilege separation folder.
	mkdir -p /run/sshd
	# -D: stays in the foreground, so its pid is ours to kill; no fd of
	# bats' is left open in it.
	"$SSHD" -D -f "$d/sshd_config" -E "$d/sshd.log" </dev/null >/dev/null 2>&1 3>&- &
	echo $! >"$d/pid"
	echo "$port" >"$d/port"
	cat >"$d/ssh" <<-EOF
		#!/bin/sh
		exec ssh -F /dev/null -p $port -i $d/client_key -o IdentitiesOnly=yes \
			-o BatchMode=yes -o StrictHostKeyChecking=no \
			-o UserKnownHostsFile=$d/known_hosts -o LogLevel=ERROR "\$@"
	EOF
	chmod +x "$d/ssh"
	for i in $(seq 50); do
		"$d/ssh" root@127.0.0.1 true 2>/dev/null && return 0
		kill -0 "$(cat "$d/pid")" 2>/dev/null || break
		sleep 0.1
	done
	echo "sshd did not start: $(tail -n 3 "$d/sshd.log" 2>/dev/null | tr '\n' ' ')" >"$d/skip"
}

teardown_file() {
	local pid i
	[ -s "$SSH_DIR/pid" ] || return 0
	pid=$(cat "$SSH_DIR/pid")
	kill "$pid" 2>/dev/null || return 0
	for i in $(seq 30); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
}

setup() {
	[ ! -e "$SSH_DIR/skip" ] || skip "$(cat "$SSH_DIR/skip")"
	cd "$BATS_TEST_TMPDIR"
	gen-sample --rows 1200 --seed 7 --format jsonl >cases.jsonl
	# The remote side runs this pakn-report by its absolute path (the same
	# machine); it fails when the login set PAKN_TEST_FAIL (ssh SetEnv).
	cat >pakn-report-remote <<-EOF
		#!/bin/sh
		if [ -n "\${PAKN_TEST_FAIL:-}" ]; then
			echo "pakn-report: disk on fire" >&2
			exit 3
		fi
		exec "$PAKN_BUILD/pakn-report" "\$@"
	EOF
	chmod +x pakn-report-remote
	# Two logins to the same server (told apart by an option), one job at
	# a time each.
	login1="1/$SSH_DIR/ssh -o ServerAliveInterval=30 root@127.0.0.1"
	login2="1/$SSH_DIR/ssh -o ServerAliveInterval=31 root@127.0.0.1"
	opts=(--month 2026-09 --as-of 2026-10-06)
}

@test "parallel-ssh: -S with two ssh logins gives the single run's bytes" {
	pakn-report "${opts[@]}" -f json cases.jsonl >single.json
	run -0 --separate-stderr parallel-report -S "$login1" -S "$login2" \
		--pakn-report "$PWD/pakn-report-remote" --block 400k "${opts[@]}" -f json cases.jsonl
	diff -u single.json - <<<"$output"
	# Both logins ran jobs (the joblog is gone: the server's log says).
	[ "$(grep -c 'Accepted publickey' "$SSH_DIR/sshd.log")" -ge 2 ]
	# The text report too, from a pipe.
	pakn-report "${opts[@]}" cases.jsonl >single.txt
	run -0 --separate-stderr sh -c "cat cases.jsonl | parallel-report -S '$login1' -S '$login2' \
		--pakn-report '$PWD/pakn-report-remote' --block 400k ${opts[*]} -o report.txt"
	cmp single.txt report.txt
}

@test "parallel-ssh: a remote job that fails fails the run, with a message and no report" {
	bad="1/$SSH_DIR/ssh -o SetEnv=PAKN_TEST_FAIL=1 root@127.0.0.1"
	echo yesterday >report.txt
	run -3 --separate-stderr parallel-report -S "$login1" -S "$bad" \
		--pakn-report "$PWD/pakn-report-remote" --block 400k "${opts[@]}" -f json cases.jsonl
	[ -z "$output" ] || { echo "a report was written: ${output:0:200}"; false; }
	[[ "$stderr" == *"parallel-report: "*" jobs failed (worst exit 3): no report written"* ]]
	[[ "$stderr" == *"PAKN_TEST_FAIL"*"exit 3"* ]]
	# -o: yesterday's report stays.
	run -3 --separate-stderr parallel-report -S "$login1" -S "$bad" \
		--pakn-report "$PWD/pakn-report-remote" --block 400k "${opts[@]}" -o report.txt cases.jsonl
	[ "$(cat report.txt)" = yesterday ]
}
