#!/bin/sh
# labs.sh - the labs end to end, as an instructor and a student use them.
#
# POSIX sh; TAP output ("ok N - ...", the plan "1..N" at the end); exit 0
# when every test passed, 1 otherwise, 77 (skip) without the program or a
# C compiler.
#
#   VMALAB        the program (default ./vmalab)
#   top_srcdir    the source tree (default .)
#   CC            the compiler the grader uses (default cc)
#
# For every lab:
#   - its handout tarball is made (labs/mkhandout.sh, what `make handout`
#     runs), holds no hidden test and no line of a reference body, and
#     builds: `make grade` in it grades the skeleton above 0 and below
#     full marks (visible tests only, as a student runs it);
#   - the reference solution (labs/mklab.sh solution) gets full marks,
#     hidden tests included;
#   - each mutant of tests/data/labs/mutants.txt fails exactly the tests
#     the table lists, and loses exactly their points.
# Then: Gradescope's results.json, the batch mode's CSV, the quiz and its
# answers parser, and what a student reads for a broken solution.

CC=${CC-cc}
export CC

. "${top_srcdir-.}/tests/tap.sh"
tap_start labs
data=$top_srcdir/tests/data/labs

if ! command -v "${CC%% *}" >/dev/null 2>&1; then
	echo "1..0 # SKIP no C compiler ($CC)"
	exit 77
fi

not_ok() {
	tap_not_ok "$1"
	shift
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/# /'
	done
}

# check DESCRIPTION COMMAND...: ok when the command succeeds.
check() {
	d=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then
		ok "$d"
	else
		not_ok "$d" "$(head -c 3000 "$tmp/out")"
	fi
}

# The "Score: x/y" line of a report file, as "x y".
score_of() {
	sed -n 's/^Score: \([0-9]*\)\/\([0-9]*\)$/\1 \2/p' "$1" | tail -n 1
}

# The tests a TSV file says failed, comma-separated, in file order.
failed_of() {
	awk -F '\t' '$4 == "failed" { printf "%s%s", s, $1; s = "," }
	    END { print "" }' "$1"
}

# The points of the tests listed in $2 (comma-separated), from TSV $1.
points_of() {
	awk -F '\t' -v want="$2" 'BEGIN { n = split(want, w, ",");
	    for (i = 1; i <= n; i++) keep[w[i]] = 1 }
	    keep[$1] { s += $3 } END { print s + 0 }' "$1"
}

LABS="lab1 lab2 lab3 lab4 lab5"

# ---- handouts --------------------------------------------------------------

for lab in $LABS; do
	hd=$tmp/handouts
	if ! sh "$top_srcdir/labs/mkhandout.sh" "$top_srcdir" "$lab" "$hd" \
	    >"$tmp/out" 2>&1; then
		not_ok "$lab: the handout is made" "$(cat "$tmp/out")"
		continue
	fi
	ok "$lab: the handout is made"
	mkdir -p "$tmp/h-$lab"
	(cd "$tmp/h-$lab" && gzip -dc "$hd/$lab-handout.tar.gz" | tar -xf -)
	h=$tmp/h-$lab/$lab-handout

	# Nothing hidden, no solution.
	bad=$(cd "$h" && find . -name 'hidden*' -o -name '*solution*' |
	    head -n 3)
	if test -z "$bad" && test -f "$h/README.md" && test -f "$h/Makefile"
	then
		ok "$lab: the handout has its README and Makefile, no hidden test"
	else
		not_ok "$lab: the handout has its README and Makefile, no hidden test" \
		    "found: $bad" "$(ls -R "$h")"
	fi

	# No line of any reference body, anywhere in the handout.
	files=$(awk '$1 == "file" { print $2 }' "$top_srcdir/labs/$lab/lab.conf")
	leaks=
	for f in $files; do
		sh "$top_srcdir/labs/mklab.sh" solution "$top_srcdir" "$lab" \
		    "$f" >"$tmp/sol.c"
		sh "$top_srcdir/labs/mklab.sh" skeleton "$top_srcdir" "$lab" \
		    "$f" >"$tmp/skel.c"
		# A body line: inside a function, not a comment, not trivial,
		# and not kept by the skeleton (signature, TRACE_FUNC, locals).
		awk '/^{$/ { body = 1; next } /^}$/ { body = 0 }
		    body { l = $0; sub(/^[ \t]+/, "", l); sub(/[ \t]+$/, "", l);
		    if (length(l) >= 12 && l !~ /^(\/\*|\*)/) print l }' \
		    "$tmp/sol.c" | sort -u >"$tmp/body"
		sed 's/^[ \t]*//; s/[ \t]*$//' "$tmp/skel.c" | sort -u \
		    >"$tmp/kept"
		comm -23 "$tmp/body" "$tmp/kept" >"$tmp/forbidden"
		test -s "$tmp/forbidden" || leaks="$leaks (no body lines found for $f)"
		find "$h" -type f | while read -r hf; do
			sed 's/^[ \t]*//; s/[ \t]*$//' "$hf"
		done | sort -u >"$tmp/handout-lines"
		found=$(comm -12 "$tmp/forbidden" "$tmp/handout-lines" | head -n 3)
		test -z "$found" || leaks="$leaks $found"
	done
	if test -z "$leaks"; then
		ok "$lab: no line of a reference body is in the handout"
	else
		not_ok "$lab: no line of a reference body is in the handout" "$leaks"
	fi

	# The README's table names every decision id of the lab's functions.
	missing=
	for fn in $(sed -n 's/^@DECISIONS \([a-z_]*\): .*@$/\1/p' "$top_srcdir/labs/$lab/README.md"); do
		for id in $(awk -v f="$fn" '/\.id = "/ { id = $3 } /\.func = "/ {
		    fn = $3; gsub(/[",]/, "", id); gsub(/[",]/, "", fn);
		    if (fn == f) print id }' "$top_srcdir/engine/trace/decisions.c"); do
			grep -q "| \`$id\` |" "$h/README.md" || missing="$missing $id"
		done
	done
	if test -z "$missing" && ! grep -q '@DECISIONS' "$h/README.md"; then
		ok "$lab: the handout's README lists the decision ids"
	else
		not_ok "$lab: the handout's README lists the decision ids" \
		    "missing:$missing"
	fi

	# The skeleton builds and scores 0: its stub's answers (-ENOMEM,
	# the old break, a gap of 0) count only once the function finds
	# memory.
	(cd "$h" && make grade VMALAB="$VMALAB" GRADEFLAGS=--visible) \
	    >"$tmp/skel.txt" 2>&1
	st=$?
	set -- $(score_of "$tmp/skel.txt")
	if test $st -ne 0 && test $# -eq 2 && test "$1" -eq 0 &&
	    test "$2" -gt 0; then
		ok "$lab: the skeleton builds and scores $1/$2"
	else
		not_ok "$lab: the skeleton builds and scores 0" \
		    "exit $st, score '$*'" "$(tail -n 30 "$tmp/skel.txt")"
	fi
	if grep -q '(hidden)' "$tmp/skel.txt"; then
		not_ok "$lab: a student's make grade runs no hidden test"
	else
		ok "$lab: a student's make grade runs no hidden test"
	fi
done

# ---- reference solutions: full marks, hidden tests included ------------------

sols=$tmp/solutions
for lab in lab2 lab3 lab4 lab5; do
	mkdir -p "$sols/$lab"
	for f in $(awk '$1 == "file" { print $2 }' "$top_srcdir/labs/$lab/lab.conf"); do
		sh "$top_srcdir/labs/mklab.sh" solution "$top_srcdir" "$lab" "$f" \
		    >"$sols/$lab/$f"
	done
	"$VMALAB" grade "$lab" "$sols/$lab" --tsv "$tmp/ref-$lab.tsv" \
	    >"$tmp/ref.txt" 2>&1
	st=$?
	set -- $(score_of "$tmp/ref.txt")
	if test $st -eq 0 && test $# -eq 2 && test "$1" = "$2" &&
	    grep -q '^h-' "$tmp/ref-$lab.tsv"; then
		ok "$lab: the reference solution gets full marks ($1/$2, hidden tests too)"
	else
		not_ok "$lab: the reference solution gets full marks" \
		    "exit $st, score '$*'" "$(grep -v '^PASS' "$tmp/ref.txt" | head -n 40)"
	fi
done

# lab 1: the quiz's own key, as an answers file.
"$VMALAB" quiz --seed 5 --answers >"$tmp/key.scn" 2>&1
mkdir -p "$tmp/quiz-ok"
{
	echo "seed 5"
	sed -n 's/^# Q\([0-9]*\): \(.*\), decided by \([^ ]*\) .*/Q\1 \2 \3/p' \
	    "$tmp/key.scn" |
	    sed 's/ -1 \([A-Z]*\) ([^)]*)/ -\1/'
} >"$tmp/quiz-ok/answers.txt"
"$VMALAB" grade lab1 "$tmp/quiz-ok" >"$tmp/q.txt" 2>&1
st=$?
set -- $(score_of "$tmp/q.txt")
if test $st -eq 0 && test $# -eq 2 && test "$1" = "$2" && test "$2" -ge 12; then
	ok "lab1: the quiz's own answers get full marks ($1/$2)"
else
	not_ok "lab1: the quiz's own answers get full marks" "exit $st" \
	    "$(cat "$tmp/quiz-ok/answers.txt")" "$(cat "$tmp/q.txt")"
fi
check "lab1: the quiz key replays with vmalab run --check" \
    "$VMALAB" run --check "$tmp/key.scn"

# ---- mutants -------------------------------------------------------------------
#
# Each lab's mutants are graded together, as a class: vmalab grade --batch
# (three at a time, half a second of CPU per test so that the endless
# loops end soon). A test failed when its column of the CSV is 0.

grep -v '^#' "$data/mutants.txt" | grep -v '^$' >"$tmp/mutants"
# Half a second of CPU a test keeps the looping mutants quick; under ASan
# the test programs run about four times slower, and lab 2's 1,000-node
# hidden erase alone takes more than that.
mutant_cpu=0.5
if ldd "$VMALAB" 2>/dev/null | grep -q libasan; then
	mutant_cpu=2
fi
for lab in lab2 lab3 lab4 lab5; do
	f=$(awk '$1 == "file" { print $2; exit }' "$top_srcdir/labs/$lab/lab.conf")
	mkdir -p "$tmp/mut-$lab"
	grep "^$lab|" "$tmp/mutants" | while IFS='|' read -r l name how edit fails; do
		d=$tmp/mut-$lab/$name
		mkdir -p "$d"
		case $how in
		sed) sed "$edit" "$sols/$lab/$f" >"$d/$f" ;;
		file) cp "$data/mutants/$edit" "$d/$f" ;;
		esac
	done
	"$VMALAB" grade --batch "$tmp/mut-$lab" -j 3 --cpu "$mutant_cpu" \
	    --csv "$tmp/mut-$lab.csv" --reports "$tmp/rep-$lab" "$lab" \
	    >"$tmp/out" 2>&1 || not_ok "$lab: the mutants are graded" "$(cat "$tmp/out")"
done

while IFS='|' read -r lab name how edit fails; do
	f=$(awk '$1 == "file" { print $2; exit }' "$top_srcdir/labs/$lab/lab.conf")
	if test "$how" = sed && cmp -s "$tmp/mut-$lab/$name/$f" "$sols/$lab/$f"; then
		not_ok "$lab mutant $name: the edit changes the reference" \
		    "sed '$edit' left it as it was"
		continue
	fi
	# The failing tests, the score and the total from the CSV row.
	row=$(awk -F, -v who="\"$name\"" '
	    NR == 1 { for (i = 6; i <= NF; i++) { h = $i; gsub(/"/, "", h); col[i] = h } next }
	    $1 == who { s = ""; for (i = 6; i <= NF; i++) if ($i == 0) { printf "%s%s", s, col[i]; s = "," }
	        printf " %s %s\n", $2, $3 }' "$tmp/mut-$lab.csv")
	got=${row% * *}
	got=${got% }
	score=$(echo "$row" | awk '{ print $(NF - 1) }')
	total=$(echo "$row" | awk '{ print $NF }')
	lost=$(points_of "$tmp/ref-$lab.tsv" "$fails")
	if test "$got" = "$fails" && test "$score" = $((total - lost)); then
		ok "$lab mutant $name loses exactly $lost points ($score/$total)"
	else
		not_ok "$lab mutant $name loses exactly the points it should" \
		    "want failures: $fails" "got failures:  $got" \
		    "score $score/$total, want $((total - lost))" \
		    "$(head -n 40 "$tmp/rep-$lab/$name.txt")"
	fi
done <"$tmp/mutants"

# Each isolation mutant says why, in words.
for m in "exit-0|ended its program in the middle of the test" \
    "fork-bomb|tried to start a process" \
    "output-flood|printed more than 256 KiB" \
    "infinite-loop|CPU time" \
    "null-deref|segmentation fault"; do
	name=${m%%|*}
	words=${m#*|}
	if grep -q "$words" "$tmp/rep-lab3/$name.txt"; then
		ok "lab3 mutant $name: the report says \"$words\""
	else
		not_ok "lab3 mutant $name: the report says \"$words\"" \
		    "$(head -n 30 "$tmp/rep-lab3/$name.txt")"
	fi
done

# What a student reads for an off-by-one: the decision, both outcomes, the
# values, their own line and condition, and the picture.
r=$tmp/rep-lab3/off-by-one.txt
if grep -q 'unmapped_area.gap_fits' "$r" && grep -q 'not taken' "$r" &&
    grep -q 'your condition: .*gap_end - gap_start > length' "$r" &&
    grep -q 'unmapped_area.c:[0-9]' "$r" && grep -q "kernel's  *==" "$r" &&
    grep -q 'Both sides read the same values' "$r"; then
	ok "lab3: an off-by-one is shown at its decision, with values and a picture"
else
	not_ok "lab3: an off-by-one is shown at its decision" "$(sed -n '/exact-fit/,/^$/p' "$r")"
fi

# ---- Gradescope, batch --------------------------------------------------------

"$VMALAB" grade lab3 "$tmp/mut-lab3/off-by-one" --json "$tmp/results.json" \
    >/dev/null 2>&1
j=$tmp/results.json
size=$(wc -c <"$j")
if test "$size" -lt 102400 && grep -q '"score": ' "$j" &&
    grep -q '"max_score": ' "$j" && grep -q '"status": "failed"' "$j" &&
    grep -q '"visibility": "hidden"' "$j" && grep -q '"tests": \[' "$j"; then
	ok "results.json has Gradescope's fields and is under 100 KiB ($size bytes)"
else
	not_ok "results.json has Gradescope's fields" "$(head -c 2000 "$j")"
fi
if command -v python3 >/dev/null 2>&1; then
	check "results.json parses, and the tests' max_scores add up" \
	    python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
assert sum(t["max_score"] for t in r["tests"]) == r["max_score"], "max"
assert sum(t["score"] for t in r["tests"]) == r["score"], "score"
assert all(t["status"] in ("passed", "failed") for t in r["tests"])' "$j"
fi

# A compile error: every test fails, the compiler's words come first.
mkdir -p "$tmp/broken"
printf '#include "vmalab-lab.h"\nint x = ;\n' >"$tmp/broken/unmapped_area.c"
"$VMALAB" grade lab3 "$tmp/broken" --json "$tmp/broken.json" >"$tmp/b.txt" 2>&1
st=$?
if test $st -eq 1 && grep -q 'did not compile' "$tmp/b.txt" &&
    grep -q 'error' "$tmp/b.txt" && grep -q '"score": 0' "$tmp/broken.json"; then
	ok "a submission that does not compile scores 0 and shows the compiler's words"
else
	not_ok "a submission that does not compile scores 0" "exit $st" \
	    "$(head -n 20 "$tmp/b.txt")"
fi

mkdir -p "$tmp/class"
cp -R "$sols/lab3" "$tmp/class/alice"
cp -R "$tmp/mut-lab3/linear-scan" "$tmp/class/bob"
cp -R "$tmp/h-lab3/lab3-handout" "$tmp/class/carol"
mkdir -p "$tmp/class/dave"
"$VMALAB" grade --batch "$tmp/class" -j 3 --csv "$tmp/class.csv" \
    --reports "$tmp/reports" lab3 >"$tmp/out" 2>&1
st=$?
if test $st -eq 0 && test "$(wc -l <"$tmp/class.csv")" -eq 5 &&
    grep -q '^"alice",59,59,full' "$tmp/class.csv" &&
    grep -q '^"bob",50,59,graded' "$tmp/class.csv" &&
    grep -q '^"dave",0,59,' "$tmp/class.csv" &&
    test -s "$tmp/reports/carol.txt"; then
	ok "vmalab grade --batch -j 3 writes a CSV row per submission"
else
	not_ok "vmalab grade --batch writes a CSV" "exit $st" \
	    "$(cat "$tmp/class.csv" "$tmp/out")"
fi

# lab 1 in a batch: the report a student reads is the quiz's marking, as
# when graded alone (the batch child ends in _exit after writing it).
mkdir -p "$tmp/quiz-class/erin"
cp "$tmp/quiz-ok/answers.txt" "$tmp/quiz-class/erin/"
"$VMALAB" grade --batch "$tmp/quiz-class" --csv "$tmp/quiz-class.csv" \
    --reports "$tmp/quiz-reports" lab1 >"$tmp/out" 2>&1
st=$?
# Its first line names the answers file, which is another one here.
tail -n +2 "$tmp/q.txt" >"$tmp/q-body.txt"
if test $st -eq 0 && test -s "$tmp/q-body.txt" &&
    tail -n +2 "$tmp/quiz-reports/erin.txt" | cmp -s - "$tmp/q-body.txt"; then
	ok "vmalab grade --batch lab1: the report is the quiz's marking"
else
	not_ok "vmalab grade --batch lab1: the report is the quiz's marking" \
	    "exit $st" "$(cat "$tmp/out")" \
	    "$(diff "$tmp/q.txt" "$tmp/quiz-reports/erin.txt" | head -n 20)"
fi

# ---- the quiz's answers file ------------------------------------------------------

mkdir -p "$tmp/quiz-bad"
printf 'seed 5\nQ1 0x1000 sys_brk.same_page\nQ2 banana\n' \
    >"$tmp/quiz-bad/answers.txt"
(cd "$tmp/quiz-bad" && "$VMALAB" grade lab1 .) >"$tmp/out" 2>"$tmp/err"
st=$?
if test $st -eq 1 && grep -q '^vmalab: answers.txt:3: Q2 needs a value and a decision id' "$tmp/err"; then
	ok "a malformed answers file: vmalab: file:line: message"
else
	not_ok "a malformed answers file: vmalab: file:line: message" \
	    "exit $st" "$(cat "$tmp/err")"
fi
"$VMALAB" quiz --seed 5 >"$tmp/q1" 2>&1
"$VMALAB" quiz --seed 5 >"$tmp/q2" 2>&1
if cmp -s "$tmp/q1" "$tmp/q2" && ! grep -q '= 0x' "$tmp/q1" &&
    grep -q '^# Q1$' "$tmp/q1"; then
	ok "vmalab quiz --seed: the same seed, the same questions, no answers"
else
	not_ok "vmalab quiz --seed" "$(head -n 40 "$tmp/q1")"
fi

tap_end
