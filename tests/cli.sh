#!/bin/sh
# cli.sh - the vmalab command line, driven from outside, as a user would.
#
# POSIX sh; TAP output ("ok N - ...", the plan "1..N" at the end); the exit
# status is 0 when every test passed, 1 otherwise.
#
#   VMALAB      the program (default ./vmalab)
#   top_srcdir  the source tree (default .), for tests/data/cli
#
# The inputs live in tests/data/cli: small.scn (with small.expected and
# small-maps.expected, the exact output of run and maps), remap.scn (the
# same for mprotect and mremap), bad-*.scn (one error each, on a known
# line), mismatch.scn (a wrong expected result), raw-placed.txt and
# raw-noresults.txt (strace logs with a start state, and without results:
# neither warns about a missing start state).
# Commands run from that directory so that messages name the files as
# "bad-flag.scn:5:".

. "${top_srcdir-.}/tests/tap.sh"
tap_start cli
data=$top_srcdir/tests/data/cli
scendata=$top_srcdir/tests/data/scenario

# check DESCRIPTION COMMAND...: ok when the command succeeds.
check() {
	desc=$1
	shift
	if "$@"; then
		ok "$desc"
	else
		not_ok "$desc"
	fi
}

# vm ARGS...: vmalab from the data directory; stdout in $tmp/out, stderr
# in $tmp/err, the exit status in $rc.
vm() {
	(cd "$data" && "$VMALAB" "$@") >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# same FILE1 FILE2: the files are equal (a diff on failure).
same() {
	if cmp -s "$1" "$2"; then
		return 0
	fi
	diff "$1" "$2" | sed 's/^/# /' | head -20
	return 1
}

# status_is N: the last vm exited with N.
status_is() {
	if test "$rc" -eq "$1"; then
		return 0
	fi
	echo "# exit status $rc, expected $1"
	sed 's/^/# stderr: /' "$tmp/err" | head -5
	return 1
}

# err_starts TEXT: the first line of stderr begins with TEXT.
err_starts() {
	first=$(sed -n 1p "$tmp/err")
	case $first in
	"$1"*) return 0 ;;
	esac
	echo "# stderr: $first"
	echo "# wanted: $1..."
	return 1
}

# ---- --help, --version ---------------------------------------------------

vm --help
check "--help exits 0 with a usage" eval 'status_is 0 && grep -q "^Usage: vmalab" "$tmp/out"'
vm --version
check "--version exits 0, GNU style" eval 'status_is 0 && head -1 "$tmp/out" | grep -q "^vmalab (vmalab) [0-9]"'
vm help run
check "help run shows run's usage" eval 'status_is 0 && grep -q "^Usage: vmalab run" "$tmp/out"'
vm maps --help
check "maps --help exits 0" eval 'status_is 0 && grep -q "^Usage: vmalab maps" "$tmp/out"'

# ---- usage errors: exit 2 ----------------------------------------------------

vm run --frobnicate small.scn
check "an unknown option exits 2 with its name" eval 'status_is 2 && err_starts "vmalab: unknown option --frobnicate" && test ! -s "$tmp/out"'
vm --frobnicate
check "an unknown top-level option exits 2" eval 'status_is 2 && err_starts "vmalab: unknown option --frobnicate"'
vm frobnicate
check "an unknown command exits 2" eval 'status_is 2 && err_starts "vmalab: unknown command"'
vm run --layout sideways small.scn
check "a bad --layout exits 2" eval 'status_is 2 && err_starts "vmalab: --layout:"'
vm run --brk
check "a missing option argument exits 2" eval 'status_is 2 && err_starts "vmalab: option --brk needs an argument"'

# ---- the built-in scenarios pass their own --check ---------------------------

vm scenario
names=$(awk '{ print $1 }' "$tmp/out")
check "vmalab scenario lists lecture1 and legacy" eval 'status_is 0 && echo "$names" | grep -qx lecture1 && echo "$names" | grep -qx legacy'
for name in $names; do
	"$VMALAB" scenario "$name" >"$tmp/$name.scn" 2>"$tmp/err"
	"$VMALAB" run --check - <"$tmp/$name.scn" >"$tmp/out" 2>>"$tmp/err"
	rc=$?
	check "built-in $name passes vmalab run --check -" status_is 0
done
vm scenario nosuchscenario
check "an unknown built-in scenario exits 1" status_is 1

# The default scenario's last search prunes the tree by rb_subtree_gap and
# lands in the hole the munmap opened.
vm run --trace text
awk '/^== mmap\(NULL, 524288,/ { on = 1 } on' "$tmp/out" >"$tmp/last"
check "lecture1: the last search skips a subtree by rb_subtree_gap" \
    grep -Eq 'not taken +unmapped_area_topdown\.go_(left|right) +\[(left|right)->rb_subtree_gap=' "$tmp/last"
check "lecture1: the last search takes the hole" \
    grep -q 'TAKEN *unmapped_area_topdown.gap_fits.*gap_start=0x7ffff7cb0000 gap_end=0x7ffff7da1000' "$tmp/last"

# Plain vmalab, not on a terminal: the text trace of the default scenario.
cp "$tmp/out" "$tmp/trace"
(cd "$data" && "$VMALAB") >"$tmp/out" 2>"$tmp/err" </dev/null
rc=$?
check "plain vmalab prints the text trace of lecture1" eval 'status_is 0 && same "$tmp/trace" "$tmp/out"'

# ---- exact output --------------------------------------------------------------

vm run small.scn
check "run small.scn: exact output" eval 'status_is 0 && same "$data/small.expected" "$tmp/out"'
vm run --check small.scn
check "run --check small.scn passes" status_is 0
vm maps small.scn
check "maps small.scn: exact final layout" eval 'status_is 0 && same "$data/small-maps.expected" "$tmp/out"'
vm run - <"$data/small.scn"
check "a scenario on stdin gives the same output" eval 'status_is 0 && same "$data/small.expected" "$tmp/out"'

# mprotect and mremap: remap.scn splits and merges with mprotect, grows in
# place, fails without MREMAP_MAYMOVE, moves, shrinks, moves to a fixed
# address, and fails on a range of three VMAs and on a length of 0.
vm run remap.scn
check "run remap.scn: exact output" eval 'status_is 0 && same "$data/remap.expected" "$tmp/out"'
vm run --check remap.scn
check "run --check remap.scn passes" status_is 0
sed 's/^mremap(0x10000000, 12288, 20480, MREMAP_MAYMOVE) = 0x7ffff7ff6000$/mremap(0x10000000, 12288, 20480, MREMAP_MAYMOVE) = 0x7ffff7ff5000/' \
    "$data/remap.scn" >"$tmp/remap-wrong.scn"
vm run --check "$tmp/remap-wrong.scn"
check "run --check compares mremap's result" eval 'status_is 1 && grep -q "remap-wrong.scn:31: mremap returned 0x7ffff7ff6000, the scenario expects 0x7ffff7ff5000" "$tmp/err"'
vm maps remap.scn
check "maps remap.scn: exact final layout" eval 'status_is 0 && same "$data/remap-maps.expected" "$tmp/out"'
vm step --dump --size 100x30 --keys "] ]" remap.scn
check "step: mprotect split A in three (7 VMAs)" eval 'status_is 0 && grep -q "rbtree: 7 VMAs" "$tmp/out" && grep -q "R 7ffff7ffb000" "$tmp/out" && grep -q "R 7ffff7ffc000" "$tmp/out" && grep -q "R 7ffff7ffe000" "$tmp/out"'
vm step --dump --size 100x30 --keys "] ] ]" remap.scn
check "step: mprotect merged them back (5 VMAs)" eval 'status_is 0 && grep -q "rbtree: 5 VMAs" "$tmp/out"'
vm dot -T dot remap.scn
check "dot: the moved mapping is at 0x20000000, not 0x10000000" eval 'status_is 0 && grep -q "^[[:space:]]*v20000000[[:space:]]" "$tmp/out" && ! grep -q "v10000000" "$tmp/out" && grep -q "^[[:space:]]*v7ffff7ffc000[[:space:]]" "$tmp/out"'

if test -f "$scendata/maps-cat.txt" && test -f "$scendata/stat-cat.txt"; then
	vm maps --maps "$scendata/maps-cat.txt" --stat "$scendata/stat-cat.txt" - </dev/null
	check "maps of --maps FILE with no calls gives FILE back" eval 'status_is 0 && same "$scendata/maps-cat.txt" "$tmp/out"'
else
	skip "maps of --maps FILE with no calls gives FILE back" "no tests/data/scenario/maps-cat.txt"
fi

# ---- traces ----------------------------------------------------------------------

if command -v python3 >/dev/null 2>&1; then
	vm run --trace jsonl small.scn
	check "--trace jsonl on stdout: every line is JSON" eval 'status_is 0 && python3 -c "import json,sys;[json.loads(l) for l in sys.stdin]" <"$tmp/out"'
	vm run --trace jsonl --trace-file "$tmp/trace.jsonl" small.scn
	check "--trace-file: every line of the file is JSON" eval 'status_is 0 && python3 -c "import json,sys;[json.loads(l) for l in sys.stdin]" <"$tmp/trace.jsonl"'
else
	skip "--trace jsonl on stdout: every line is JSON" "no python3"
	skip "--trace-file: every line of the file is JSON" "no python3"
	vm run --trace jsonl --trace-file "$tmp/trace.jsonl" small.scn
fi
check "--trace-file: stdout has the plain results" eval 'status_is 0 && same "$data/small.expected" "$tmp/out"'
check "--trace-file: no FILE.tmp is left" test ! -e "$tmp/trace.jsonl.tmp"

vm run --trace-file "$tmp/nodir/trace.txt" small.scn
check "--trace-file in a missing directory: exit 1, no file" eval 'status_is 1 && test ! -e "$tmp/nodir"'
vm run --trace-file "$tmp/bad.txt" bad-flag.scn
check "--trace-file with a bad scenario: no file, no FILE.tmp" eval 'status_is 1 && test ! -e "$tmp/bad.txt" && test ! -e "$tmp/bad.txt.tmp"'

# ---- bad input: vmalab: FILE:LINE: message, exit 1, nothing on stdout -----------

for t in bad-maps-line.scn:4 bad-overlap.scn:4 bad-flag.scn:5 bad-range.scn:3 bad-directive.scn:3; do
	file=${t%:*}
	vm run "$file"
	check "$file: exit 1 and 'vmalab: $t:'" eval 'status_is 1 && err_starts "vmalab: $t: " && test ! -s "$tmp/out"'
done
vm run --maps bad-overlap.maps ok.scn
check "--maps overlapping the scenario names both lines" eval 'status_is 1 && err_starts "vmalab: ok.scn:2: " && grep -q "bad-overlap.maps:2" "$tmp/err"'
vm run nosuchfile.scn
check "a missing scenario file exits 1" eval 'status_is 1 && err_starts "vmalab: nosuchfile.scn: "'

vm run mismatch.scn
check "mismatch.scn without --check exits 0" status_is 0
vm run --check mismatch.scn
check "--check reports the first mismatch and exits 1" eval 'status_is 1 && err_starts "vmalab: mismatch.scn:4: mmap returned 0x7ffff7ffb000, the scenario expects 0x7ffff7ffa000"'
check "--check shows the decision path" grep -q 'unmapped_area_topdown.gap_fits  taken' "$tmp/err"

# ---- listing ------------------------------------------------------------------

vm listing sys_brk
check "listing sys_brk: numbered from 1, the signature at the top" eval 'status_is 0 && sed -n 1p "$tmp/out" | grep -q "^   1  " && sed -n 1,2p "$tmp/out" | grep -q "sys_brk("'
vm listing
check "listing: sys_brk is marked instrumented" eval 'status_is 0 && grep -q "^\* sys_brk " "$tmp/out"'
vm listing no_such_function
check "listing of an unknown function exits 1" status_is 1

# ---- bench -------------------------------------------------------------------
#
# A benchmark judges no figure; these runs (small sizes, a few hundred calls)
# check that it runs, that what it prints and writes has its shape, that the
# augmented search and the linear one agree, and its errors.

vm bench --ops 300 --sizes 300,600 --repeat 1 --no-seek --no-record --csv "$tmp/bench.csv"
check "bench exits 0 and prints the table and the targets" eval 'status_is 0 && grep -q "^Throughput (calls/s; 300 calls per run" "$tmp/out" && grep -Eq "^ +600 +(599|600|601) +[0-9]+ +[0-9]+ +[0-9.]+x" "$tmp/out" && grep -q "^Targets (at 600 VMAs against 300):" "$tmp/out"'
check "bench --csv: a header and one row per size, no FILE.tmp" eval 'test ! -e "$tmp/bench.csv.tmp" && test "$(sed -n 1p "$tmp/bench.csv" | cut -d, -f1,4,19)" = "vmas,engine_calls_per_s,search_mismatches" && test "$(cut -d, -f1 "$tmp/bench.csv" | sed 1d | tr "\n" " ")" = "300 600 " && test "$(awk -F, "{ print NF }" "$tmp/bench.csv" | sort -u | wc -l)" -eq 1'
check "bench: the tree search and the linear one give the same answers" eval 'test "$(cut -d, -f19 "$tmp/bench.csv" | sed 1d | tr "\n" " ")" = "0 0 "'
check "bench: each kind of call has a time at each size, and a growth" eval 'test "$(sed -n 1p "$tmp/bench.csv" | cut -d, -f22-24)" = "mmap_ns,munmap_ns,brk_ns" && awk -F, "NR > 1 && !(\$22 > 0 && \$23 > 0 && \$24 > 0) { bad = 1 } END { exit bad }" "$tmp/bench.csv" && grep -Eq "^ +growth +[0-9.]+x +[0-9.]+x +[0-9.]+x$" "$tmp/out" && grep -Eq "per-call cost within 2x of the smallest size \([0-9.]+x; (mmap|munmap|brk) grew most: [0-9.]+x\)" "$tmp/out"'
check "bench: the count stays at the size" eval 'awk -F, "NR > 1 && (\$2 < \$1 - 1 || \$2 > \$1 + 1) { bad = 1 } END { exit bad }" "$tmp/bench.csv"'
# Built with ASan, the process has more VMAs of its own than bench can leave
# room for, and the live kernel is not run: the table must then say why.
for size in 300 600; do
	if awk -F, -v n=$size '$1 == n && $10 == "" { exit 1 }' "$tmp/bench.csv"; then
		ok "bench: the live kernel ran at $size VMAs"
	elif grep -q "^live kernel at $size VMAs: not run: " "$tmp/out"; then
		ok "bench: the live kernel ran at $size VMAs # SKIP $(grep "^live kernel at $size VMAs: not run: " "$tmp/out" | sed 's/^[^:]*: not run: //')"
	else
		not_ok "bench: the live kernel ran at $size VMAs, or the table says why not"
	fi
done
vm bench --ops 300 --sizes 300 --repeat 1 --no-seek --no-kernel --csv "$tmp/nodir/b.csv"
check "bench --csv in a missing directory: exit 1, no file" eval 'status_is 1 && grep -q "^vmalab: cannot write .*/nodir/b.csv.tmp" "$tmp/err" && test ! -e "$tmp/nodir"'
vm bench --sizes 10
check "bench: too few VMAs for this process exits 1" eval 'status_is 1 && grep -q "^vmalab: bench: 10 VMAs is too few" "$tmp/err"'
vm bench --sizes 1000,x
check "bench: a bad --sizes exits 2" eval 'status_is 2 && err_starts "vmalab: --sizes wants"'

# ---- snapshot -------------------------------------------------------------------

if test -r /proc/$$/maps; then
	vm snapshot $$
	cp "$tmp/out" "$tmp/snap.scn"
	check "snapshot \$\$ exits 0" eval 'status_is 0 && grep -q "^% start_brk" "$tmp/snap.scn"'
	(cd "$data" && "$VMALAB" run --check -) <"$tmp/snap.scn" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "snapshot \$\$ parses back with run --check" status_is 0
	(cd "$data" && "$VMALAB" maps -) <"$tmp/snap.scn" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	grep -v '^[#%]' "$tmp/snap.scn" >"$tmp/snap.maps"
	check "snapshot \$\$ replays to the same maps" eval 'status_is 0 && same "$tmp/snap.maps" "$tmp/out"'
else
	skip "snapshot \$\$ exits 0" "no /proc"
	skip "snapshot \$\$ parses back with run --check" "no /proc"
	skip "snapshot \$\$ replays to the same maps" "no /proc"
fi
vm snapshot notapid
check "snapshot of a non-number exits 2" status_is 2

# ---- a raw strace log: no start state, said once ---------------------------

# count_in FILE TEXT N: TEXT is on exactly N lines of FILE.
count_in() {
	c=$(grep -c -- "$2" "$1")
	if test "$c" -eq "$3"; then
		return 0
	fi
	echo "# '$2' on $c lines of $(basename "$1"), expected $3"
	sed 's/^/# stderr: /' "$1" | head -8
	return 1
}

nostart="no start state, so the results will not match"
vm run "$scendata/strace-ftty.txt"
check "run: a raw strace log with results warns once about its start state" \
    eval 'status_is 0 && count_in "$tmp/err" "$nostart" 1 && grep -q "vmalab record -- PROG" "$tmp/err" && grep -q "^brk(NULL) *= 0x555555559000$" "$tmp/out"'
for c in maps "dot -T dot" "step --dump --ascii"; do
	vm $c "$scendata/strace-threads.txt"
	check "$c: warns once too" eval 'status_is 0 && count_in "$tmp/err" "$nostart" 1'
done
vm run --check "$scendata/strace-ftty.txt"
check "run --check: the mismatch points at the missing start state, once" \
    eval 'status_is 1 && err_starts "vmalab: $scendata/strace-ftty.txt:1: brk returned" && count_in "$tmp/err" "$nostart" 1'
vm run --check raw-placed.txt
check "a log with a start state (% brk, % mmap_base) matches and does not warn" \
    eval 'status_is 0 && test ! -s "$tmp/err"'
vm run raw-noresults.txt
check "a log without results does not warn" eval 'status_is 0 && test ! -s "$tmp/err"'
vm run --brk 0x558d1690d000 --mmap-base 0x7f4eadb4d000 "$scendata/strace-ftty.txt"
check "--brk gives a start state: no warning" eval 'status_is 0 && test ! -s "$tmp/err"'
vm run small.scn
check "a scenario with maps lines does not warn" eval 'status_is 0 && test ! -s "$tmp/err"'

# ---- --maps, --stat, --brk without a scenario: that start state alone -------

vm maps --maps "$scendata/maps-cat.txt"
check "maps --maps FILE prints the layout it read, no built-in over it" \
    eval 'status_is 0 && same "$scendata/maps-cat.txt" "$tmp/out"'
vm run --maps "$scendata/maps-cat.txt"
check "run --maps FILE replays no call and exits 0" \
    eval 'status_is 0 && test ! -s "$tmp/out" && test ! -s "$tmp/err"'
vm run --stat "$scendata/stat-cat.txt" --trace text
check "run --stat FILE replays no call either" \
    eval 'status_is 0 && test ! -s "$tmp/out"'

# ---- size caps: every input ends, within its cap -------------------------

# capped NAME CMD...: CMD (a shell command line, run from the data
# directory) ends within 60 s with exit 1 and a cap message, with its
# address space held to 64 MiB, a quarter of a scenario's cap (not under
# a sanitizer, whose shadow memory needs terabytes of address space).
if ldd "$VMALAB" 2>/dev/null | grep -q libasan; then
	vlimit=unlimited
else
	vlimit=65536
fi
capped() {
	cap_cmd=$2
	cap_err=$3
	(cd "$data" && ulimit -v $vlimit && VMALAB=$VMALAB \
	    timeout 60 sh -c "$cap_cmd") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "$1" eval 'status_is 1 && grep -Eq "$cap_err" "$tmp/err" && test ! -s "$tmp/out"'
}
capped "run /dev/zero stops at the line cap" '"$VMALAB" run /dev/zero' \
    '^vmalab: /dev/zero:1: a line longer than 4 MiB: too long for a scenario'
capped "an endless pipe stops at the scenario's cap" \
    'yes "# a comment" | "$VMALAB" run -' \
    '^vmalab: <stdin>: larger than 256 MiB: too large for a scenario'
capped "yes | run - stops at once (y is no call)" 'yes | "$VMALAB" run -' \
    '^vmalab: <stdin>:1: expected'
capped "--maps /dev/zero stops at the maps line cap" \
    '"$VMALAB" maps --maps /dev/zero' \
    '^vmalab: /dev/zero:1: a line longer than 64 KiB: too long for a /proc/PID/maps file'
capped "--stat /dev/zero stops at the stat cap" \
    '"$VMALAB" run --stat /dev/zero small.scn' \
    '^vmalab: /dev/zero: larger than 1 MiB: too large for a /proc/PID/stat file'
head -c 5000000 /dev/zero | tr '\0' m >"$tmp/long.scn"
capped "a file of one long line stops at the line cap" \
    "\"\$VMALAB\" run \"$tmp/long.scn\"" \
    ':1: a line longer than 4 MiB: too long for a scenario'
if mkfifo "$tmp/fifo" 2>/dev/null; then
	(yes "" >"$tmp/fifo" 2>/dev/null &)
	capped "a FIFO that never ends stops at the scenario's cap" \
	    "\"\$VMALAB\" run \"$tmp/fifo\"" \
	    'fifo: larger than 256 MiB: too large for a scenario'
else
	skip "a FIFO that never ends stops at the scenario's cap" "no mkfifo"
fi
(ulimit -v $vlimit && timeout 60 "$VMALAB" grade lab1 /dev/zero) \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
check "grade lab1 /dev/zero stops at the answers file's line cap" eval \
    'status_is 1 && err_starts "vmalab: /dev/zero:1: a line longer than 1 KiB: too long for an answers file"'
yes "# a comment" | head -c 5000000 >"$tmp/answers.txt"
(ulimit -v $vlimit && timeout 60 "$VMALAB" grade lab1 "$tmp/answers.txt") \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
check "an answers file past 4 MiB stops at its cap" eval \
    'status_is 1 && grep -q "answers.txt: larger than 4 MiB: too large for an answers file" "$tmp/err"'

tap_end
