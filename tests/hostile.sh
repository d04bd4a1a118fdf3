#!/bin/sh
# hostile.sh - hostile submissions (tests/hostile/*.c) against vmalab grade.
#
# POSIX sh; TAP output; exit 0 when every test passed, 77 (skip) without a
# C compiler, bubblewrap, or namespaces to run it in.
#
# Each file's first line says which lab it attacks and how:
#   /* hostile LAB: what it tries */
# Each is graded with every test of its lab (CPU 0.3 s a test, the whole
# run 20 s: later tests are listed, not run) and must:
#   - score no more than the lab's skeleton (0), or, with a line
#     "hostile-bar: no-efficiency" (right answers, the wrong way), 0 on
#     every efficiency test;
#   - end within the run's deadline (with a margin for building);
#   - leave a results.json that parses, lists every test of the lab and
#     has the lab's max_score;
#   - leave no process behind, no file it wrote outside its sandbox, and
#     nothing of the hidden tests or the grader's environment in the
#     feedback.
# A few say more: calling the reference fails to link and says why; the
# forged outputs never reach a score.

CC=${CC-cc}
export CC

. "${top_srcdir-.}/tests/tap.sh"
tap_start hostile

if ! command -v "${CC%% *}" >/dev/null 2>&1; then
	echo "1..0 # SKIP no C compiler ($CC)"
	exit 77
fi
if ! command -v bwrap >/dev/null 2>&1 ||
    ! bwrap --unshare-all --unshare-user --die-with-parent \
    --ro-bind / / true >/dev/null 2>&1; then
	echo "1..0 # SKIP bubblewrap cannot make namespaces here"
	exit 77
fi

not_ok() {
	tap_not_ok "$1"
	shift
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/# /'
	done
}

file_of() {
	awk '$1 == "file" { print $2; exit }' "$top_srcdir/labs/$1/lab.conf"
}

# The skeleton of each lab: its score and its tests (the bar and the list).
for lab in lab3 lab5; do
	mkdir -p "$tmp/skel-$lab"
	f=$(file_of $lab)
	sh "$top_srcdir/labs/mklab.sh" skeleton "$top_srcdir" $lab "$f" \
	    >"$tmp/skel-$lab/$f"
	"$VMALAB" grade $lab "$tmp/skel-$lab" --cpu 0.3 \
	    --json "$tmp/skel-$lab.json" >"$tmp/skel-$lab.txt" 2>&1
done

json_check() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
ref = json.load(open(sys.argv[2]))
bar = sys.argv[3]
names = [t["name"] for t in r["tests"]]
want = [t["name"] for t in ref["tests"]]
assert names == want, "tests %s, want %s" % (names, want)
assert r["max_score"] == ref["max_score"], "max_score"
assert sum(t["max_score"] for t in r["tests"]) == r["max_score"], "sum"
if bar == "no-efficiency":
	# right answers by a walk along the list: the efficiency tests fail
	eff = [t for t in r["tests"] if "efficiency" in t["name"]]
	assert eff and all(t["score"] == 0 for t in eff), "efficiency scored"
else:
	assert r["score"] <= ref["score"], "score %d > skeleton %d" % (r["score"], ref["score"])
assert sum(t["score"] for t in r["tests"]) == r["score"], "score sum"
print(r["score"], r["max_score"])
PY
}

# count_tests: test programs that outlived their grading. A test program
# still being graded (here, or by another test running at the same time)
# has a parent that is bwrap, the grader or another test program; one
# that escaped was handed to init (or a subreaper) when they ended.
count_tests() {
	ps -eo pid=,ppid=,comm= >"$tmp/ps" 2>/dev/null
	awk 'NR == FNR { comm[$1] = $3; next }
	    $3 == "test" && comm[$2] !~ /^(bwrap|test|grade-)/ { n++ }
	    END { print n + 0 }' "$tmp/ps" "$tmp/ps"
}

before=$(count_tests)
cd "$tmp" || exit 1
for src in "$top_srcdir"/tests/hostile/*.c; do
	name=$(basename "$src" .c)
	lab=$(sed -n '1s/^\/\* hostile \(lab[0-9]\): .*/\1/p' "$src")
	what=$(sed -n '1s/^\/\* hostile lab[0-9]: \(.*\) \*\/$/\1/p' "$src")
	if test -z "$lab"; then
		not_ok "$name: says which lab it attacks on its first line"
		continue
	fi
	d=$tmp/sub-$name
	mkdir -p "$d"
	cp "$src" "$d/$(file_of "$lab")"
	rm -f "$tmp/results.json" /tmp/hostile-fill-*
	t0=$(date +%s)
	"$VMALAB" grade "$lab" "$d" --cpu 0.3 --deadline 20 \
	    --json "$tmp/$name.json" >"$tmp/$name.txt" 2>&1
	st=$?
	t1=$(date +%s)
	secs=$((t1 - t0))
	bar=$(sed -n 's/^.*hostile-bar: \([a-z-]*\).*/\1/p' "$src" | head -n 1)
	if out=$(json_check "$tmp/$name.json" "$tmp/skel-$lab.json" "$bar" 2>&1) &&
	    test $st -eq 1 && test $secs -le 120; then
		ok "$name ($what): $out, exit 1, ${secs}s"
	else
		not_ok "$name ($what): scores no more than the skeleton, in time" \
		    "exit $st, ${secs}s, $out" "$(head -n 30 "$tmp/$name.txt")"
	fi
	left=
	ls /tmp/hostile-fill-* >/dev/null 2>&1 && left="$left /tmp/hostile-fill-*"
	ls "$tmp"/hostile-fill-* "$tmp/results.json" >/dev/null 2>&1 &&
	    left="$left in the grader's directory"
	if grep -q 'FOUND /\|ENV HOME=\|ENV PATH=\|lab3_hidden\[' \
	    "$tmp/$name.json" 2>/dev/null; then
		left="$left secrets in the feedback"
	fi
	if test -z "$left"; then
		ok "$name: nothing written or read outside its sandbox"
	else
		not_ok "$name: nothing written or read outside its sandbox" "$left"
	fi
done

sleep 1
after=$(count_tests)
if test "$after" -le "$before"; then
	ok "no test program outlives its grading ($before before, $after after)"
else
	not_ok "no test program outlives its grading" \
	    "$(ps -eo pid,ppid,comm,args | grep ' test ' | head -n 5)"
fi

if grep -q 'the function this lab asks you to write' \
    "$tmp/call-reference.txt"; then
	ok "calling the reference fails to link, and the report says why"
else
	not_ok "calling the reference fails to link, and says why" \
	    "$(head -n 20 "$tmp/call-reference.txt")"
fi
# Code that would run before or beside the harness's own is refused
# before anything of the student's runs, and the report says why: a
# constructor (it could take over the test program's pipe), a definition
# of a libc function the harness calls.
if grep -q 'has a constructor or a destructor (a .init_array section)' \
    "$tmp/constructor-atexit.txt" &&
    grep -q 'defines read, a name of the C library' \
    "$tmp/redefine-libc.txt"; then
	ok "a constructor or a libc function of the student's is refused, and the report says why"
else
	not_ok "a constructor or a libc function of the student's is refused, and says why" \
	    "$(head -n 5 "$tmp/constructor-atexit.txt" "$tmp/redefine-libc.txt")"
fi
# A crash is the student's, said plainly with the test and the signal;
# never "the grader failed", which is for the grader's own process.
if grep -q '^      Your code crashed in test length-overflow (SIGSEGV: a segmentation fault, .*; at address 0x10, next to NULL' \
    "$tmp/null-deref.txt" &&
    grep -q 'was unmapped_area.c:10: the crash came in it or after it' \
    "$tmp/null-deref.txt" &&
    ! grep -q 'grader failed' "$tmp/null-deref.txt"; then
	ok "a crash reads: your code crashed in test NAME (SIGSEGV: ...)"
else
	not_ok "a crash reads: your code crashed in test NAME (SIGSEGV: ...)" \
	    "$(head -n 8 "$tmp/null-deref.txt")"
fi
if grep -q "undefined reference to .lab3_hidden" "$tmp/extern-hidden.txt"; then
	ok "the hidden tests are not in the student's program"
else
	not_ok "the hidden tests are not in the student's program" \
	    "$(head -n 20 "$tmp/extern-hidden.txt")"
fi
if grep -q 'efficiency-1000 .* 0/2' "$tmp/efficiency-unprotect.txt" &&
    grep -q 'yours: .* on \(9[0-9][0-9]\|1000\) pages' \
    "$tmp/efficiency-unprotect.txt"; then
	ok "opening the efficiency arena itself does not hide the pages read"
else
	not_ok "opening the efficiency arena does not hide the pages read" \
	    "$(grep -A6 'efficiency-1000' "$tmp/efficiency-unprotect.txt" | head -n 12)"
fi


# Grading that cannot run still reports every test, failed, with the
# reason: a bubblewrap that cannot make its sandbox (a stand-in first on
# PATH that fails as bwrap does in some containers), no bubblewrap at all
# (BWRAP set empty, as where it is not installed), and a compiler that
# cannot build the lab's tests. Exit 2 each time.
mkdir -p "$tmp/nobwrap" "$tmp/nocc"
printf '#!/bin/sh\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n' \
    >"$tmp/nobwrap/bwrap"
printf '#!/bin/sh\necho "cc: internal compiler error" >&2\nexit 1\n' \
    >"$tmp/nocc/cc"
chmod +x "$tmp/nobwrap/bwrap" "$tmp/nocc/cc"
refused() {	# name what, then the command's environment and arguments
	name=$1 what=$2
	shift 2
	env "$@" "$VMALAB" grade lab3 "$tmp/skel-lab3" --cpu 0.3 \
	    --json "$tmp/$name.json" --tsv "$tmp/$name.tsv" \
	    >"$tmp/$name.txt" 2>&1
	st=$?
	if out=$(json_check "$tmp/$name.json" "$tmp/skel-lab3.json" "" 2>&1) &&
	    python3 - "$tmp/$name.json" "$what" "$tmp/$name.tsv" <<'PY' 2>&1 &&
import json, sys
r = json.load(open(sys.argv[1]))
assert r["score"] == 0, "score %d" % r["score"]
assert sys.argv[2] in r["output"], "output: %r" % r["output"][:300]
assert "tell your instructor" in r["output"], "no 'tell your instructor'"
assert all(t["status"] == "failed" and t["output"].startswith("Not run")
    for t in r["tests"]), "a test is not 'failed, not run'"
tsv = [l.split("\t")[0] for l in open(sys.argv[3]).read().splitlines()]
assert tsv == [t["name"] for t in r["tests"]], "the TSV lists other tests"
PY
	    test $st -eq 2
	then
		ok "$name: exit 2, results.json lists every test failed ($out): $what"
	else
		not_ok "$name: exit 2, every test failed, the reason said" \
		    "exit $st, $out" "$(head -n 8 "$tmp/$name.txt")"
	fi
}
refused no-sandbox "bubblewrap cannot make its sandbox" \
    PATH="$tmp/nobwrap:$PATH"
refused no-bwrap "bubblewrap (bwrap) is not installed" BWRAP=
refused tests-unbuilt "The lab's tests did not build" CC="$tmp/nocc/cc"

tap_end
