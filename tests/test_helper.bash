# Shared setup of the bats tests: the programs under test come from
# $PAKN_BUILD (build/ or build/asan/), fixtures from tests/data, and each
# test writes in its own $BATS_TEST_TMPDIR.
bats_load_library bats-support
bats_load_library bats-assert

TOP="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
PAKN_BUILD="${PAKN_BUILD:-$TOP/build}"
PATH="$PAKN_BUILD:$TOP/scripts:$PATH"
DATA="$TOP/tests/data"
export TZ=UTC LC_ALL=C.UTF-8

# csv FILE: writes its stdin to FILE with CRLF line ends.
crlf() { sed 's/$/\r/'; }

# field JSON KEY: prints a key of each JSON line (jq path, raw).
field() { jq -r "$1"; }

# Headless Chromium (scripts/setup installs it), for the browser tests.
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)

# browse ARGS... URL: headless Chromium, nothing from the network, a fresh
# profile, console messages on standard error.
browse() {
	local profile
	profile=$(mktemp -d "$BATS_TEST_TMPDIR/profile.XXXXXX")
	timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-extensions \
		--user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
}

# console_errors FILE: the console messages and script errors in a log.
console_errors() {
	grep -E 'CONSOLE|Uncaught|Refused to|Content.Security.Policy' "$1" || true
}
