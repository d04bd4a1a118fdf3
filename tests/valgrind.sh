#!/bin/bash
# valgrind.sh - valgrind memcheck on the CLI, for every scenario in the
# tests (tests/data: *.scn, the allocator's *.seq, the strace captures),
# the slides (slides/*.scn) and every built-in scenario:
#
#   vmalab run --trace jsonl --trace-file FILE   the replay and the trace
#   vmalab maps                                  the final layout
#   vmalab dot -T dot                            the tree as DOT
#   vmalab dot --search -T svg                   a rendered figure (slides)
#
# plus the /proc loaders (--maps, --stat) and the default run. Each runs
# under valgrind --error-exitcode=1 --leak-check=full
# --errors-for-leak-kinds=definite with tests/valgrind.supp (Graphviz's
# own leaks), and must exit as it does without valgrind (0, or 1 for the
# files that are bad on purpose) with nothing in valgrind's log.
#
# `make valgrind` runs it; VALGRIND_JOBS (default 2) runs that many at
# once. Skips (77) without valgrind, or when vmalab was built with
# sanitizers (ASan and valgrind do not mix).
set -u

: "${VMALAB:?VMALAB must name the vmalab program}"
src=${top_srcdir:-${srcdir:-.}/..}
jobs=${VALGRIND_JOBS:-2}

command -v valgrind >/dev/null 2>&1 || { echo "valgrind not found: skip"; exit 77; }
if ldd "$VMALAB" 2>/dev/null | grep -q 'libasan\|libubsan'; then
	echo "vmalab is built with sanitizers: skip"
	exit 77
fi

# Each VMA a malloc of its own, freed at once (engine/kernel/slab.c), so that
# memcheck sees a use of a freed VMA as one.
export VMALAB_NO_SLAB=1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmalab-valgrind.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/empty.scn"

# The scenarios.
shopt -s nullglob globstar
scenarios=("$src"/tests/data/**/*.scn "$src"/tests/data/**/*.seq
	"$src"/tests/data/scenario/strace-*.txt "$src"/slides/*.scn)
shopt -u globstar
for b in $("$VMALAB" scenario | awk '{ print $1 }'); do
	"$VMALAB" scenario "$b" >"$tmp/builtin-$b.scn" || exit 1
	scenarios+=("$tmp/builtin-$b.scn")
done

# The jobs: one command line per line, NUL-free, words separated by
# tabs so that file names with blanks survive.
n=0
job() {
	n=$((n + 1))
	local IFS=$'\t'
	printf '%s\n' "$*" >"$tmp/job.$n"
}
for f in "${scenarios[@]}"; do
	job run --trace jsonl --trace-file "$tmp/trace.$((n + 1)).jsonl" "$f"
	job maps "$f"
	job dot -T dot -o "$tmp/tree.$((n + 1)).dot" "$f"
done
for f in "$src"/slides/*.scn; do
	job dot --search -T svg -o "$tmp/tree.$((n + 1)).svg" "$f"
done
job run
job run --trace text --maps "$src/tests/data/scenario/maps-cat.txt" \
    --stat "$src/tests/data/scenario/stat-cat.txt" "$tmp/empty.scn"
job maps --maps "$src/tests/data/cli/bad-overlap.maps" "$tmp/empty.scn"

# run_job N: the command without, then with valgrind; "ok" or a report.
run_job() {
	local i=$1 args st vst
	IFS=$'\t' read -r -a args <"$tmp/job.$i"
	"$VMALAB" "${args[@]}" >/dev/null 2>&1 </dev/null
	st=$?
	rm -f "$tmp"/trace."$i".jsonl "$tmp"/tree."$i".*
	valgrind -q --error-exitcode=1 --leak-check=full \
	    --errors-for-leak-kinds=definite \
	    --suppressions="$src/tests/valgrind.supp" \
	    --log-file="$tmp/vg.$i" \
	    "$VMALAB" "${args[@]}" >/dev/null 2>"$tmp/err.$i" </dev/null
	vst=$?
	if ((vst != st)) || [[ -s $tmp/vg.$i ]]; then
		{
			printf 'FAIL: vmalab %s: exit %d under valgrind, %d without\n' \
			    "${args[*]}" "$vst" "$st"
			head -n 60 "$tmp/vg.$i"
			head -n 5 "$tmp/err.$i"
		} >"$tmp/result.$i"
	else
		printf 'ok: vmalab %s (exit %d)\n' "${args[*]}" "$st" >"$tmp/result.$i"
	fi
}

start=$SECONDS
running=0
for ((i = 1; i <= n; i++)); do
	run_job "$i" &
	running=$((running + 1))
	if ((running >= jobs)); then
		wait -n
		running=$((running - 1))
	fi
done
wait

fail=0
for ((i = 1; i <= n; i++)); do
	cat "$tmp/result.$i"
	grep -q '^FAIL' "$tmp/result.$i" && fail=$((fail + 1))
done
echo "valgrind: $n commands on ${#scenarios[@]} scenarios in $((SECONDS - start)) s; $fail failed"
((fail == 0))
