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
