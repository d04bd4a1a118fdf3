# tap.sh - what the TAP shell tests (cli.sh, dot.sh, labs.sh) share.
# Sourced, POSIX sh:
#
#   . "${top_srcdir-.}/tests/tap.sh"
#   tap_start NAME     VMALAB and top_srcdir made absolute; skip (exit 77)
#                      when vmalab is not built; $tmp, a directory removed
#                      at exit
#   ok DESC, not_ok DESC, skip DESC WHY, tap_end (the plan; the exit
#   status: 0 when every test passed). A test that says more on a failure
#   defines its own not_ok, calling tap_not_ok first.

tap_start() {
	VMALAB=${VMALAB-./vmalab}
	top_srcdir=${top_srcdir-.}
	case $VMALAB in
	/*) ;;
	*) VMALAB=$(pwd)/$VMALAB ;;
	esac
	case $top_srcdir in
	/*) ;;
	*) top_srcdir=$(pwd)/$top_srcdir ;;
	esac
	if test ! -x "$VMALAB"; then
		echo "1..0 # SKIP $VMALAB is not built"
		exit 77
	fi
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmalab-$1.XXXXXX") || exit 1
	trap 'rm -rf "$tmp"' 0
	trap 'exit 1' HUP INT TERM
	n=0
	failed=0
}

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

tap_not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
}

not_ok() {
	tap_not_ok "$1"
}

skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

tap_end() {
	echo "1..$n"
	test "$failed" -eq 0
}
