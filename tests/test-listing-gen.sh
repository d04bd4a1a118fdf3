#!/bin/sh
#
# test-listing-gen.sh - mklisting end to end, on the fixtures in
# tests/data/listing:
#
#   1. `mklisting -s DIR/ mmap.c gap.c` must succeed; its output, compiled
#      with engine/trace/listing.c and the driver print.c, must print exactly
#      listings.expected (every listing, one source line per row).
#   2. mklisting on each bad-*.c must fail, write nothing on stdout and
#      print exactly bad-*.expected on stderr ("mklisting: FILE:LINE: ...").
#
# It builds nothing of the project: it takes the generator from
#   MKLISTING     default $top_builddir/engine/trace/mklisting
#   top_srcdir    default the directory above this script
#   top_builddir  default .
#   CC            default cc
# so it runs from the top source directory or from a build directory:
#
#   cc -o /tmp/mklisting engine/trace/mklisting.c &&
#   MKLISTING=/tmp/mklisting sh tests/test-listing-gen.sh
#
# Exit 0 pass, 1 fail, 77 skip (no C compiler).

top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-.}
MKLISTING=${MKLISTING:-$top_builddir/engine/trace/mklisting}
CC=${CC:-cc}

fail() {
	echo "FAIL: $*"
	exit 1
}

# The absolute form of path $1: part 2 runs inside the fixture directory.
abspath() {
	(cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")")
}

if ! command -v "${CC%% *}" >/dev/null 2>&1; then
	echo "SKIP: no C compiler ($CC)"
	exit 77
fi
[ -x "$MKLISTING" ] || fail "no generator at $MKLISTING (set MKLISTING)"
MKLISTING=$(abspath "$MKLISTING") || fail "cannot resolve $MKLISTING"
data=$(abspath "$top_srcdir/tests/data/listing") ||
    fail "no fixtures under $top_srcdir"
engine=$(abspath "$top_srcdir/engine")

tmp=${TMPDIR:-/tmp}/test-listing-gen.$$
rm -rf "$tmp"
mkdir "$tmp" || fail "cannot create $tmp"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

status=0

# 1. The good fixtures, generated, compiled and printed.
if ! "$MKLISTING" -s "$data/" "$data/mmap.c" "$data/gap.c" \
    >"$tmp/listings.c" 2>"$tmp/err"; then
	cat "$tmp/err"
	fail "mklisting rejected the good fixtures"
fi
$CC -std=c99 -Wall -Wextra -Werror -I "$engine" -I "$engine/trace" -o "$tmp/print" \
    "$tmp/listings.c" "$engine/trace/listing.c" "$data/print.c" ||
    fail "the generated listings do not compile"
"$tmp/print" >"$tmp/out" || fail "print.c exited with $?"
if diff -u "$data/listings.expected" "$tmp/out"; then
	echo "PASS: listings"
else
	echo "FAIL: listings differ from listings.expected"
	status=1
fi

# 2. The malformed fixtures: each must fail with its file:line message.
for bad in "$data"/bad-*.c; do
	name=$(basename "$bad" .c)
	if (cd "$data" && "$MKLISTING" "$name.c") >"$tmp/out" 2>"$tmp/err"
	then
		echo "FAIL: $name: mklisting accepted it"
		status=1
	elif [ -s "$tmp/out" ]; then
		echo "FAIL: $name: mklisting failed but wrote output"
		status=1
	elif diff -u "$data/$name.expected" "$tmp/err"; then
		echo "PASS: $name"
	else
		echo "FAIL: $name: wrong message"
		status=1
	fi
done

exit $status
