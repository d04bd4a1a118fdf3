#!/bin/sh
# bench-batch.sh - vmalab grade --batch timed on generated submissions.
#
#   sh labs/bench-batch.sh [N [JOBS [LAB]]]     (default 300, 2, lab3)
#
# Run from the build tree (or set VMALAB and top_srcdir). Makes N
# submissions of LAB in a temporary folder, a mix in turn of the
# reference solution, the mutants of tests/data/labs/mutants.txt (wrong
# answers, crashes, loops, floods) and the hostile submissions of
# tests/hostile/ for the lab, and its skeleton, grades them with --batch
# -j JOBS, checks that the CSV has a complete row for each (score, max,
# status, seconds), that every copy of the solution got full marks, that
# every copy of a kind scored the same test by test, and that no hostile
# submission scored above the skeleton (or, marked "hostile-bar:
# no-efficiency", on an efficiency test), and prints the
# time per submission. A benchmark, not a test: the figures depend on
# the machine and its load (so it prints the load average too).
set -eu

n=${1:-300}
jobs=${2:-2}
lab=${3:-lab3}
VMALAB=${VMALAB:-./vmalab}
top_srcdir=${top_srcdir:-.}
# BENCH_BATCH_DIR keeps the submissions and the batch's FILE.parts: a
# run stopped (Ctrl-C) goes on where it was when started again.
if [ -n "${BENCH_BATCH_DIR:-}" ]; then
	tmp=$BENCH_BATCH_DIR
	mkdir -p "$tmp"
else
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmalab-bench-batch.XXXXXX")
	trap 'rm -rf "$tmp"' 0
fi
trap 'exit 1' HUP INT TERM

f=$(awk '$1 == "file" { print $2; exit }' "$top_srcdir/labs/$lab/lab.conf")
sh "$top_srcdir/labs/mklab.sh" solution "$top_srcdir" "$lab" "$f" >"$tmp/solution.c"
kinds=0
cp "$tmp/solution.c" "$tmp/kind-$kinds.c"
kinds=$((kinds + 1))
grep "^$lab|" "$top_srcdir/tests/data/labs/mutants.txt" |
while IFS='|' read -r l name how edit fails; do
	case $how in
	sed) sed "$edit" "$tmp/solution.c" ;;
	file) cat "$top_srcdir/tests/data/labs/mutants/$edit" ;;
	esac >"$tmp/mutant-$name.c"
done
for m in "$tmp"/mutant-*.c; do
	[ -f "$m" ] || continue
	mv "$m" "$tmp/kind-$kinds.c"
	kinds=$((kinds + 1))
done
# The skeleton is a kind too: no hostile submission may score above it.
sh "$top_srcdir/labs/mklab.sh" skeleton "$top_srcdir" "$lab" "$f" \
    >"$tmp/kind-$kinds.c"
skel=$kinds
kinds=$((kinds + 1))
hostile_from=$kinds
for h in "$top_srcdir"/tests/hostile/*.c; do
	sed -n "1s/^\/\* hostile $lab: .*/yes/p" "$h" | grep -q yes || continue
	cp "$h" "$tmp/kind-$kinds.c"
	kinds=$((kinds + 1))
done

mkdir -p "$tmp/class"
i=0
[ -e "$tmp/grades.csv.parts" ] && i=$n	# taken up again: the same class
while [ $i -lt "$n" ]; do
	k=$((i % kinds))
	d=$(printf '%s/class/s%04d-k%d' "$tmp" $i $k)
	mkdir -p "$d"
	cp "$tmp/kind-$k.c" "$d/$f"
	i=$((i + 1))
done

t0=$(date +%s.%N)
"$VMALAB" grade --batch "$tmp/class" -j "$jobs" --csv "$tmp/grades.csv" \
    "$lab" || true
t1=$(date +%s.%N)
echo "bench-batch: load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

rows=$(($(wc -l <"$tmp/grades.csv") - 1))
bad=$(awk -F, 'NR > 1 && ($2 == "" || $3 == "" || $4 == "" || $5 == "")' \
    "$tmp/grades.csv" | wc -l)
max=$(awk -F, 'NR == 2 { print $3 }' "$tmp/grades.csv")
sol=$(awk -F, -v m="$max" 'NR > 1 && $1 ~ /-k0"$/ && $2 != m' \
    "$tmp/grades.csv" | wc -l)
awk -v t0="$t0" -v t1="$t1" -v n="$n" -v j="$jobs" -v k="$kinds" \
    -v rows="$rows" -v bad="$bad" -v sol="$sol" -v lab="$lab" 'BEGIN {
	printf "bench-batch: %s, %d submissions (%d kinds), -j %d: %.1f s, " \
	    "%.2f s per submission\n", lab, n, k, j, t1 - t0, (t1 - t0) / n
	printf "bench-batch: %d rows, %d incomplete, %d solutions below full " \
	    "marks\n", rows, bad, sol
}'
awk -F, 'NR > 1 { s += $5; if ($5 > m) m = $5 } END {
	printf "bench-batch: seconds per submission (each alone): mean %.1f, " \
	    "max %.1f\n", s / (NR - 1), m }' "$tmp/grades.csv"
# Right for every row: each copy of a kind scored what the others did,
# test by test, and no hostile kind scored above the skeleton.
noeff=
k=$hostile_from
while [ $k -lt $kinds ]; do
	grep -q 'hostile-bar: no-efficiency' "$tmp/kind-$k.c" && noeff="$noeff $k"
	k=$((k + 1))
done
awk -F, -v skel="$skel" -v hf="$hostile_from" -v noeff="$noeff" '
NR == 1 {
	for (i = 6; i <= NF; i++) if ($i ~ /efficiency/) eff[i] = 1
	n = split(noeff, nv, " "); for (i = 1; i <= n; i++) ne[nv[i]] = 1
	next
}
{
	k = $1; sub(/.*-k/, "", k); sub(/"$/, "", k)
	row = $2; for (i = 6; i <= NF; i++) row = row "," $i
	if (!(k in first)) first[k] = row
	else if (first[k] != row) { diff++; if (!(k in said)) said[k] = $1 }
	score[k] = $2
	# Right answers the wrong way (hostile-bar: no-efficiency): no point
	# on an efficiency test, whatever the rest scored.
	if (k in ne)
		for (i in eff) if ($i + 0 > 0) effpts[k] = 1
}
END {
	for (k in said)
		printf "bench-batch: kind %s scored differently (%s)\n", k, said[k]
	for (k in effpts) {
		printf "bench-batch: hostile kind %s scored on an efficiency " \
		    "test\n", k
		above++
	}
	for (k in score)
		if (k + 0 >= hf && !(k in ne) && score[k] + 0 > score[skel] + 0) {
			printf "bench-batch: hostile kind %s scored %d, above the " \
			    "skeleton'"'"'s %d\n", k, score[k], score[skel]
			above++
		}
	printf "bench-batch: every copy of each kind scored the same, test by " \
	    "test: %s; hostile kinds above the skeleton (%d): %d\n",
	    diff ? "no (" diff " rows)" : "yes", score[skel], above
	exit (diff > 0 || above > 0)
}' "$tmp/grades.csv"
right=$?
[ "$rows" -eq "$n" ] && [ "$bad" -eq 0 ] && [ "$sol" -eq 0 ] && [ "$right" -eq 0 ]
