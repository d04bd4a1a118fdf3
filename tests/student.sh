#!/bin/sh
#
# student.sh - a student's vmalab (./configure --enable-student=lab3)
# keeps lab 3's function, unmapped_area, out of sight:
#
#   - `vmalab listing unmapped_area` is its signature and "your lab: write
#     this", and no line of its body is anywhere in the program;
#   - `vmalab run --trace` shows its call, arguments and result, never a
#     step, decision or value of it; the other functions show as before,
#     and every result is the instructor's build's;
#   - the stepper (`vmalab step --dump`) never shows a line of it, and
#     stops once on its call; `vmalab html` and `vmalab dot` likewise;
#   - the instructor's build ($VMALAB) shows all of it.
#
# The student build is a real one: configure, out of tree, in a temporary
# directory, then the generated sources and vmalab alone (about a minute
# and a half on two cores). configure refuses a source tree that is itself
# configured, so from an in-tree build the sources are seen through a tree
# of symbolic links to what git tracks and to what autoreconf made.
#
#   VMALAB      the instructor's build (default $top_builddir/vmalab)
#   top_srcdir  default the directory above this script
#
# Exit 0 pass, 1 fail, 77 skip.

top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_srcdir=$(cd "$top_srcdir" && pwd)
top_builddir=${top_builddir:-.}
VMALAB=${VMALAB:-$top_builddir/vmalab}
SCN=$top_srcdir/slides/bottomup.scn	# one mmap, found by unmapped_area

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmalab-student.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# ---- the student build ----------------------------------------------------

src=$top_srcdir
if [ -f "$top_srcdir/config.status" ]; then
	if ! git -C "$top_srcdir" rev-parse --git-dir >/dev/null 2>&1; then
		echo "SKIP: $top_srcdir is configured in place and is no git" \
		    "checkout: no clean source tree to configure out of tree"
		exit 77
	fi
	src=$tmp/src
	{
		git -C "$top_srcdir" ls-files
		cd "$top_srcdir" && ls -d configure Makefile.in config.h.in \
		    aclocal.m4 build-aux/*
	} | while read -r f; do
		mkdir -p "$src/$(dirname "$f")" &&
		    ln -s "$top_srcdir/$f" "$src/$f"
	done
fi

mkdir "$tmp/build"
if ! (cd "$tmp/build" && "$src/configure" --enable-student=lab3 \
    >configure.log 2>&1); then
	tail -20 "$tmp/build/configure.log"
	echo "FAIL: configure --enable-student=lab3"
	exit 1
fi
grep -q 'student build \.* lab3 (hides unmapped_area)' \
    "$tmp/build/configure.log" ||
	fail "configure's summary does not name the student build"
# The generated sources (BUILT_SOURCES), then vmalab: nothing else.
built=$(sed -n '/^BUILT_SOURCES = /,/[^\\]$/p' "$tmp/build/Makefile" |
    sed 's/^BUILT_SOURCES = //; s/\\$//')
if ! (cd "$tmp/build" && ${MAKE:-make} -j2 $built vmalab >make.log 2>&1);
then
	tail -30 "$tmp/build/make.log"
	echo "FAIL: make vmalab in the student build"
	exit 1
fi
STU=$tmp/build/vmalab

# ---- what the instructor's build shows ------------------------------------

# Lines only unmapped_area's body has (unmapped_area_topdown, lab 4's, has
# others like them, and stays in a lab 3 build). Taken from the
# instructor's listing, so that each is checked to be real.
"$VMALAB" listing unmapped_area >"$tmp/ref-listing" 2>&1 ||
	fail "vmalab listing unmapped_area (instructor's build)"
hidden="gap_end >= low_limit && vma->vm_rb.rb_left
Clip it with the original low_limit
gap_start = info->low_limit;"
if grep -q 'your lab: write this' "$tmp/ref-listing"; then
	echo "note: $VMALAB is itself a student build; its checks are skipped"
else
	echo "$hidden" | while read -r line; do
		grep -qF "$line" "$tmp/ref-listing" ||
		    echo "the instructor's listing lacks: $line"
		grep -qaF "$line" "$VMALAB" ||
		    echo "the instructor's vmalab lacks: $line"
	done >"$tmp/ref-miss"
	[ -s "$tmp/ref-miss" ] && fail "$(cat "$tmp/ref-miss")"
	"$VMALAB" run --trace text "$SCN" >"$tmp/ref-trace" 2>&1
	grep -q '=> .* unmapped_area\.' "$tmp/ref-trace" ||
		fail "the instructor's trace shows no decision of unmapped_area"
fi

# ---- what the student's build shows ----------------------------------------

# No line of the body, in anything the program holds or prints.
nohidden() {	# what file
	echo "$hidden" | while read -r line; do
		if grep -qaF "$line" "$2"; then
			echo "$1 shows a hidden line: $line"
		fi
	done
}

"$STU" listing unmapped_area >"$tmp/listing" 2>&1 ||
	fail "vmalab listing unmapped_area (student build) failed"
grep -q '^ *4  *\/\* your lab: write this (lab3: the body is yours to write) \*\/$' \
    "$tmp/listing" ||
	fail "the listing does not say 'your lab: write this':
$(cat "$tmp/listing")"
grep -q '^ *2  *unmapped_area(struct mm \*mm' "$tmp/listing" ||
	fail "the listing lost the signature"
[ "$(wc -l <"$tmp/listing")" -eq 5 ] ||
	fail "the listing has $(wc -l <"$tmp/listing") lines, not 5"
out=$(nohidden "the student's vmalab" "$STU")
[ -n "$out" ] && fail "$out"
"$STU" listing vm_unmapped_area | grep -q 'return bottomup_search' ||
	fail "another function's listing is hidden too"

# The trace: call and result, no step, decision or value inside.
"$STU" run --trace text "$SCN" >"$tmp/trace" 2>&1 ||
	fail "vmalab run --trace text (student build) failed"
grep -q '^ *-> unmapped_area(length=0x19000, low_limit=0x2aaaaaaab000, high_limit=0x7ffffffff000)$' \
    "$tmp/trace" || fail "the trace lacks the call of unmapped_area"
grep -q '^ *<- unmapped_area = 0x2aaaaac74000$' "$tmp/trace" ||
	fail "the trace lacks the result of unmapped_area"
grep -n ' unmapped_area\.[a-z_]*\| unmapped_area:[0-9]' "$tmp/trace" \
    >"$tmp/leak" && fail "the trace shows unmapped_area's inside:
$(head -5 "$tmp/leak")"
grep -q '=> TAKEN     vm_unmapped_area\.bottomup' "$tmp/trace" ||
	fail "the trace lost vm_unmapped_area's decision"
grep -q 'arch_get_unmapped_area:31 ' "$tmp/trace" ||
	fail "the trace lost arch_get_unmapped_area's steps"
"$STU" run --trace jsonl "$SCN" >"$tmp/jsonl" 2>&1 ||
	fail "vmalab run --trace jsonl (student build) failed"
[ "$(grep -c '"func":"unmapped_area"' "$tmp/jsonl")" -eq 2 ] ||
	fail "the JSON Lines trace has not exactly unmapped_area's call and return:
$(grep '"func":"unmapped_area"' "$tmp/jsonl" | head -5)"
# The same results as the instructor's build, every call of every slide.
for f in "$top_srcdir"/slides/*.scn; do
	a=$("$VMALAB" run "$f" 2>&1)
	b=$("$STU" run "$f" 2>&1)
	[ "$a" = "$b" ] || fail "vmalab run $(basename "$f"): results differ"
done

# The stepper, at every step of the scenario.
n=$("$STU" step --dump --ascii --size 120x40 "$SCN" |
    sed -n 's/.* step [0-9]* of \([0-9]*\) .*/\1/p')
[ -n "$n" ] || fail "vmalab step --dump: no step count"
i=1 calls=0 others=0
while [ "$i" -le "${n:-0}" ]; do
	"$STU" step --dump --ascii --size 120x40 --keys "g $i Enter" "$SCN" \
	    >"$tmp/screen" 2>&1 || fail "vmalab step --dump at step $i failed"
	out=$(nohidden "step $i of the stepper" "$tmp/screen")
	[ -n "$out" ] && fail "$out"
	if grep -q '> 4 .*your lab: write this' "$tmp/screen"; then
		calls=$((calls + 1))
		grep -q 'high_limit 0x7ffffffff000' "$tmp/screen" ||
			fail "step $i: the call's arguments are not shown"
	fi
	grep -q 'return bottomup_search' "$tmp/screen" &&
		others=$((others + 1))
	i=$((i + 1))
done
[ "$calls" -eq 1 ] ||
	fail "the stepper stopped $calls times on unmapped_area's call, not once"
[ "$others" -gt 0 ] || fail "the stepper never showed vm_unmapped_area"

# The page and the figure.
"$STU" html -o "$tmp/page.html" "$SCN" 2>"$tmp/err" ||
	fail "vmalab html (student build): $(cat "$tmp/err")"
out=$(nohidden "vmalab html" "$tmp/page.html")
[ -n "$out" ] && fail "$out"
grep -q 'your lab: write this' "$tmp/page.html" ||
	fail "vmalab html lacks 'your lab: write this'"
"$STU" dot --search -T dot "$SCN" >"$tmp/fig.dot" 2>"$tmp/err" ||
	fail "vmalab dot (student build): $(cat "$tmp/err")"
grep -q 'the chosen gap<BR' "$tmp/fig.dot" ||
	fail "vmalab dot's caption does not say the search found its gap"

[ "$fails" -eq 0 ] || exit 1
echo "PASS: a lab 3 student build hides unmapped_area ($n steps checked)"
exit 0
