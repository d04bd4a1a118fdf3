#!/bin/sh
# live.sh - the engine against the kernel this machine runs.
#
# For the legacy layout (setarch -R -L) and the top-down one (setarch -R),
# tests/livekernel makes real brk/mmap/munmap/mprotect/mremap/setrlimit
# calls (where 6.x and 4.14 agree: see livekernel.c) and records
# them with the kernel's answers as a scenario; `vmalab run --check` then
# replays the scenario from the same /proc/self/maps and /proc/self/stat
# and must give the same answer to every call, with the 4.14 profile and
# with the 6.18 one (--kernel 6.18). A third run per seed
# (LIVEKERNEL_HUGE=1) adds lengths of 2 MiB and more, which Linux 6.7 and
# later align for huge pages: on a 6.13 or later kernel it must agree
# with the 6.18 profile (the scenario says "% kernel 6.18"); on an older
# one it is skipped.
#
# Environment (the Makefile sets the first ones):
#   VMALAB        the vmalab program      (default $top_builddir/vmalab)
#   LIVEKERNEL    the helper              (default $top_builddir/tests/livekernel)
#   SETARCH       the setarch program     (default: setarch from PATH)
#   LIVE_SEEDS    the seeds               (default "1 2 3 4")
#   LIVE_CALLS    calls per run           (default 200)
#
# A failed run leaves its scenario as tests/live-failed-LAYOUT-SEED.scn in
# the build tree and prints vmalab's report of the first mismatch.
# Exit status: 0 pass, 77 skip (no setarch, personality not permitted, not
# x86_64, strict overcommit, a non-default guard gap), 99 a missing
# program or a helper that failed, 1 a mismatch.

top_builddir=${top_builddir:-.}
VMALAB=${VMALAB:-$top_builddir/vmalab}
LIVEKERNEL=${LIVEKERNEL:-$top_builddir/tests/livekernel}
LIVE_SEEDS=${LIVE_SEEDS:-"1 2 3 4"}
LIVE_CALLS=${LIVE_CALLS:-200}
if [ -d "$top_builddir/tests" ]; then
	faildir=$top_builddir/tests
else
	faildir=.
fi

arch=$(uname -m)
case $arch in
x86_64) ;;
*)
	echo "SKIP: the default profile models x86_64; this machine is $arch"
	exit 77
	;;
esac

# What the engine's default profile does not model.
if [ "$(cat /proc/sys/vm/overcommit_memory 2>/dev/null)" = 2 ]; then
	echo "SKIP: vm.overcommit_memory is 2 (strict commit accounting), which the engine does not model"
	exit 77
fi
case " $(cat /proc/cmdline 2>/dev/null) " in
*" stack_guard_gap="*)
	echo "SKIP: the kernel was booted with stack_guard_gap=; the engine assumes 256 pages"
	exit 77
	;;
esac

if [ -z "$SETARCH" ]; then
	SETARCH=$(command -v setarch 2>/dev/null) || SETARCH=
fi
if [ -z "$SETARCH" ]; then
	echo "SKIP: setarch not found (util-linux)"
	exit 77
fi
if ! "$SETARCH" "$arch" -R true >/dev/null 2>&1; then
	echo "SKIP: '$SETARCH $arch -R' failed: changing the personality is not permitted here"
	exit 77
fi
for prog in "$VMALAB" "$LIVEKERNEL"; do
	if [ ! -x "$prog" ]; then
		echo "ERROR: $prog is missing or not executable (make check builds it)"
		exit 99
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmalab-live.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# check NAME SCN [OPTION]: vmalab run --check SCN [OPTION] must agree.
check() {
	runs=$((runs + 1))
	if "$VMALAB" run --check $3 "$2" >"$out" 2>&1; then
		echo "PASS: $1"
		return
	fi
	status=1
	keep=$faildir/live-failed-$(echo "$1" | tr -c 'a-z0-9.\n' '-').scn
	cp "$2" "$keep"
	echo "FAIL: $1: the engine disagrees with the kernel"
	echo "  scenario kept as $keep; replay: $VMALAB run --check $3 $keep"
	echo "  vmalab's output (the mismatch is reported last):"
	sed -n '/^vmalab:/,$p' "$out" | sed 's/^/    /'
	if ! grep -q '^vmalab:' "$out"; then
		tail -n 20 "$out" | sed 's/^/    /'
	fi
}

# 6.13 and later: the anonymous huge-page alignment of the 6.18 profile.
huge=no
case $(uname -r) in
[7-9].* | 6.1[3-9]* | 6.[2-9][0-9]*) huge=yes ;;
esac

status=0
runs=0
for layout in legacy topdown; do
	if [ "$layout" = legacy ]; then
		flags="-R -L"
	else
		flags="-R"
	fi
	for seed in $LIVE_SEEDS; do
		scn=$tmp/live-$layout-$seed.scn
		out=$tmp/live-$layout-$seed.out
		# shellcheck disable=SC2086 # $flags is two words on purpose
		if ! "$SETARCH" "$arch" $flags "$LIVEKERNEL" "$seed" "$LIVE_CALLS" \
		    >"$scn" 2>"$out"; then
			echo "ERROR: setarch $arch $flags livekernel $seed $LIVE_CALLS failed:"
			cat "$out"
			exit 99
		fi
		if ! grep -q "^% layout $layout\$" "$scn"; then
			echo "NOTE: setarch $arch $flags gave a $(sed -n 's/^% layout //p' "$scn") layout (vm.legacy_va_layout?)"
		fi
		check "$layout, seed $seed, $LIVE_CALLS calls, 4.14" "$scn"
		check "$layout, seed $seed, $LIVE_CALLS calls, 6.18" "$scn" \
		    "--kernel 6.18"
		if [ "$huge" = no ]; then
			echo "SKIP: $layout, seed $seed, 2 MiB and more: kernel $(uname -r) is older than 6.13"
			continue
		fi
		scn=$tmp/live-huge-$layout-$seed.scn
		# shellcheck disable=SC2086 # $flags is two words on purpose
		if ! LIVEKERNEL_HUGE=1 "$SETARCH" "$arch" $flags "$LIVEKERNEL" \
		    "$seed" "$LIVE_CALLS" >"$scn" 2>"$out"; then
			echo "ERROR: LIVEKERNEL_HUGE=1 setarch $arch $flags livekernel $seed $LIVE_CALLS failed:"
			cat "$out"
			exit 99
		fi
		check "$layout, seed $seed, $LIVE_CALLS calls, 2 MiB and more, 6.18" \
		    "$scn"
	done
done
echo "$runs runs, kernel $(uname -r)"
exit $status
