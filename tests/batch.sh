#!/bin/sh
# batch.sh - vmalab grade --batch stopped and taken up again: SIGTERM
# kills every process the batch started and leaves no table, only the
# scores of what was graded (FILE.parts); the same command then grades
# only the rest and writes the whole table; a submission changed since is
# graded again.
#
# POSIX sh; TAP output.  Grades lab 5 (sys_brk) a few times, with the
# sandbox when bubblewrap works here, else with --no-sandbox.

. "${top_srcdir-.}/tests/tap.sh"
tap_start batch

not_ok() {
	tap_not_ok "$1"
	shift
	for m in "$@"; do printf '%s\n' "$m" | head -n 20 | sed 's/^/# /'; done
}

sb=
if ! command -v bwrap >/dev/null 2>&1 ||
    ! bwrap --unshare-all --ro-bind / / true >/dev/null 2>&1; then
	sb=--no-sandbox
fi

subs=$tmp/class
mkdir -p "$subs/ann" "$subs/bob" "$subs/cid"
sh "$top_srcdir/labs/mklab.sh" solution "$top_srcdir" lab5 sys_brk.c \
    >"$subs/ann/sys_brk.c"
cp "$subs/ann/sys_brk.c" "$subs/cid/sys_brk.c"
# bob's sys_brk never returns: each of his tests runs to its deadline, so
# his grading is under way when the batch is stopped.
cat >"$subs/bob/sys_brk.c" <<'EOF'
#include "vmalab-lab.h"

unsigned long
sys_brk(struct mm *mm, unsigned long brk)
{
	volatile unsigned long spin = brk;

	(void)mm;
	for (;;)
		spin++;
	return spin;
}
EOF

# alive MARK: the pids of processes whose environment holds MARK (what
# the batch started, however deep), not counting this shell's own.
alive() {
	for e in /proc/[0-9]*/environ; do
		tr '\0' '\n' 2>/dev/null <"$e" | grep -qx "VMALAB_TEST_BATCH=$1" &&
			echo "${e%/environ}"
	done | sed 's|/proc/||' | tr '\n' ' '
}

mark=$$-$(date +%s)
csv=$tmp/class.csv
# stop_after_ann SIG OUT ERR: a batch of the class, -j 1, sent SIG once
# ann's scores are kept and bob's grading has had a moment to start; st is
# its exit status, secs how long it took to end after SIG.
stop_after_ann() {
	env VMALAB_TEST_BATCH="$mark" "$VMALAB" grade $sb --batch "$subs" \
	    -j 1 --csv "$csv" lab5 >"$2" 2>"$3" &
	pid=$!
	i=0
	while ! test -f "$csv.parts/ann.done" && test $i -lt 600; do
		sleep 0.2
		i=$((i + 1))
	done
	sleep 1
	kill "-$1" "$pid"
	t0=$(date +%s)
	wait "$pid"
	st=$?
	secs=$(($(date +%s) - t0))
}
stop_after_ann TERM "$tmp/out1" "$tmp/err1"
sleep 0.5
left=$(alive "$mark")
if test $st -eq 2 && test "$secs" -le 5 &&
    grep -q 'stopped: 1 of 3 submissions graded, kept in' "$tmp/err1"; then
	ok "SIGTERM stops the batch at once, and it says what it kept (${secs}s)"
else
	not_ok "SIGTERM stops the batch at once, and it says what it kept" \
	    "exit $st after ${secs}s" "$(cat "$tmp/err1")"
fi
if test -z "$left"; then
	ok "no process the batch started outlives it"
else
	not_ok "no process the batch started outlives it" \
	    "$(for p in $left; do ps -o pid=,ppid=,args= -p "$p"; done)"
fi
if ! test -e "$csv" && ! test -e "$csv.tmp" && test -f "$csv.parts/ann.done" &&
    ! test -f "$csv.parts/bob.done"; then
	ok "a stopped batch writes no table and keeps the scores it has"
else
	not_ok "a stopped batch writes no table and keeps the scores it has" \
	    "$(ls -la "$tmp" "$csv.parts")"
fi

# bob hands in a working file; the same command grades bob and cid only.
cp "$subs/ann/sys_brk.c" "$subs/bob/sys_brk.c"
"$VMALAB" grade $sb --batch "$subs" -j 2 --csv "$csv" lab5 \
    >"$tmp/out2" 2>"$tmp/err2"
st=$?
if test $st -eq 0 &&
    grep -q '1 of 3 submissions were graded by an earlier run' "$tmp/err2" &&
    test "$(wc -l <"$csv")" -eq 4 &&
    grep -q '^"ann",47,47,full,' "$csv" && grep -q '^"bob",47,47,full,' "$csv" &&
    grep -q '^"cid",47,47,full,' "$csv" && ! test -e "$csv.parts"; then
	ok "the same command grades the rest and writes the whole table"
else
	not_ok "the same command grades the rest and writes the whole table" \
	    "exit $st" "$(cat "$tmp/err2" "$csv")" "$(ls "$csv.parts" 2>&1)"
fi

# SIGKILL leaves no handler to run: what the batch started dies with it
# all the same, and a submission changed after it was graded is graded
# again.
rm -f "$csv"
stop_after_ann KILL /dev/null /dev/null 2>/dev/null
sleep 1
left=$(alive "$mark")
if test -z "$left" && test -f "$csv.parts/ann.done"; then
	ok "SIGKILL: no process the batch started outlives it"
else
	not_ok "SIGKILL: no process the batch started outlives it" \
	    "$(for p in $left; do ps -o pid=,ppid=,args= -p "$p"; done)"
	for p in $left; do kill -KILL "$p" 2>/dev/null; done
fi
sh "$top_srcdir/labs/mklab.sh" skeleton "$top_srcdir" lab5 sys_brk.c \
    >"$subs/ann/sys_brk.c"
"$VMALAB" grade $sb --batch "$subs" -j 2 --csv "$csv" lab5 \
    >"$tmp/out3" 2>"$tmp/err3"
st=$?
if test $st -eq 0 && ! grep -q 'earlier run' "$tmp/err3" &&
    grep -q '^"ann",0,47,graded,' "$csv"; then
	ok "a submission changed since it was graded is graded again"
else
	not_ok "a submission changed since it was graded is graded again" \
	    "exit $st" "$(cat "$tmp/err3" "$csv")"
fi

tap_end
