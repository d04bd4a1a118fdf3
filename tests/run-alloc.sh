#!/bin/sh
# run-alloc.sh - vmalab run prints, under each allocator call, the system
# calls that call made, indented by four spaces, as ltrace -S does; the
# other lines stay as they were. POSIX sh, TAP.
#
#   VMALAB      the program (default ./vmalab)
#   top_srcdir  the source tree (default .)

. "${top_srcdir-.}/tests/tap.sh"
tap_start run-alloc

cd "$tmp" || exit 1
cat >m.scn <<'SCN'
malloc(100)
malloc(200000)
realloc(#2, 400000)
free(#3)
free(#1)
SCN

# expect DESCRIPTION: the output (out) equals the file want.
expect() {
	if diff want out >diff 2>&1; then
		ok "$1"
	else
		tap_not_ok "$1"
		sed 's/^/# /' diff
	fi
}

"$VMALAB" run m.scn >out 2>err
# The first malloc sets up the heap with two brk; the big one is an mmap
# of its own; realloc of a mmapped chunk is an mremap; free of it a munmap;
# free of the small one makes no system call at all.
grep -v '^    ' out | sed 's/  *= .*//' >calls
printf '%s\n' 'malloc(100)' 'malloc(200000)' 'realloc(#2, 400000)' \
    'free(#3)' 'free(#1)' >want
mv calls out
expect "the allocator lines are the same, in order"
"$VMALAB" run m.scn >out 2>err
awk '/^    /{ sub(/^    /, ""); sub(/\(.*/, ""); printf "%s %s\n", cur, $0; next }
	{ cur = $1 }' out >calls
mv calls out
cat >want <<'W'
malloc(100) brk
malloc(100) brk
malloc(200000) mmap
realloc(#2, mremap
free(#3) munmap
W
expect "each system call is indented under the call that made it"

"$VMALAB" run m.scn >out 2>err
if grep -q '^    brk(NULL) = 0x' out && grep -q '^    mmap(NULL, 200704, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x' out; then
	ok "the system calls are written as strace writes them, with results"
else
	tap_not_ok "the system calls are written as strace writes them, with results"
	sed 's/^/# /' out
fi

# A scenario of system calls alone: nothing indented.
printf 'brk(NULL)\nmmap(NULL, 8192, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n' >s.scn
"$VMALAB" run s.scn >out 2>err
if grep -q '^    ' out; then
	tap_not_ok "no indented lines without allocator calls"
	sed 's/^/# /' out
else
	ok "no indented lines without allocator calls"
fi

# A JSON Lines trace on stdout stays one JSON object per line.
"$VMALAB" run --trace jsonl m.scn >out 2>err
if grep -qv '^{' out; then
	tap_not_ok "--trace jsonl: every line is a JSON object"
	grep -v '^{' out | sed 's/^/# /'
else
	ok "--trace jsonl: every line is a JSON object"
fi
tap_end
