#!/bin/bash
# tests/same-output.sh - what vmalab prints, byte for byte, on every scenario
# of slides/, tests/data and the built-ins: vmalab run --trace text and
# --trace jsonl, vmalab dot -T dot (plain and --search), vmalab step --dump
# at two sizes and after a few keys, and vmalab grade of every lab's
# reference, skeleton and mutants (times masked).  Each output is hashed;
# tests/data/same-output.sums holds the hashes of the tree the check was
# recorded on.
#
#   tests/same-output.sh             compare with tests/data/same-output.sums
#   tests/same-output.sh --update    write the sums anew (after a change of
#                                    output that is meant)
#   tests/same-output.sh --dump DIR  also keep every output in DIR, to diff
#                                    two trees' outputs by hand
#
# A restructuring of the source must leave every sum as it was.
set -u

. "${top_srcdir:?}/tests/tap.sh"

sums=$top_srcdir/tests/data/same-output.sums
mode=check
keep=
case ${1-} in
--update) mode=update ;;
--dump) keep=${2:?--dump needs a directory}; mkdir -p "$keep" ;;
esac

tap_start same-output

# The scenarios: files, then the built-ins (as "builtin:NAME").
scenarios=()
for f in "$top_srcdir"/slides/*.scn "$top_srcdir"/tests/data/*/*.scn \
    "$top_srcdir"/tests/data/scenario/*.txt; do
	test -f "$f" && scenarios+=("${f#"$top_srcdir"/}")
done
for b in $("$VMALAB" scenario | awk '{ print $1 }'); do
	scenarios+=("builtin:$b")
done

# run_one NAME CMD...: run CMD in the top of the source tree, with the
# scenario (if any) on standard input; hash stdout, stderr and the status.
out=$tmp/out.txt
: >"$out"
run_one() {
	local name=$1 o st
	shift
	o=$tmp/one
	(cd "$top_srcdir" && "$@") >"$o.stdout" 2>"$o.stderr"
	st=$?
	# Grading prints how long each test took (right-aligned: 9.98s and
	# 10.02s differ in their padding too), and a build directory.
	sed -E -i 's/ *[0-9]+\.[0-9]+s\b/ T.TTs/g; s#/tmp/[^ ]*#TMP#g' \
	    "$o.stdout" "$o.stderr"
	printf '%s %s %s %d\n' "$(sha256sum <"$o.stdout" | cut -c1-16)" \
	    "$(sha256sum <"$o.stderr" | cut -c1-16)" "$name" "$st" >>"$out"
	if test -n "$keep"; then
		local k=$keep/$(printf '%s' "$name" | tr '/ :' '___')
		cp "$o.stdout" "$k.stdout"
		cp "$o.stderr" "$k.stderr"
	fi
}

# with_scn SCN CMD...: CMD reading SCN (a file operand, or a built-in's text
# on standard input).
with_scn() {
	local scn=$1
	shift
	case $scn in
	builtin:*)
		"$VMALAB" scenario "${scn#builtin:}" >"$tmp/builtin.scn"
		"$@" - <"$tmp/builtin.scn"
		;;
	*) "$@" "$scn" </dev/null ;;
	esac
}

for s in "${scenarios[@]}"; do
	run_one "run-text $s" with_scn "$s" "$VMALAB" run --trace text
	run_one "run-jsonl $s" with_scn "$s" "$VMALAB" run --trace jsonl
	run_one "dot $s" with_scn "$s" "$VMALAB" dot -T dot
	run_one "dot-search $s" with_scn "$s" "$VMALAB" dot -T dot --search
	run_one "dot-steps $s" with_scn "$s" "$VMALAB" dot --steps
	run_one "dot-at $s" with_scn "$s" "$VMALAB" dot -T dot --at 40
	run_one "step $s" with_scn "$s" "$VMALAB" step --dump --ascii
	run_one "step-keys $s" with_scn "$s" "$VMALAB" step --dump --ascii \
	    --keys "n n s s s f ] ] s s N"
	run_one "step-big $s" with_scn "$s" "$VMALAB" step --dump --ascii \
	    --size 200x50 --keys "] ] ] s s s s s s s s"
done

# The grader: each lab's reference solution, skeleton and mutants.
crash_skip=
if ldd "$VMALAB" 2>/dev/null | grep -q 'libasan'; then
	crash_skip=null-deref
	echo "# sanitizer build: the null-deref mutants are not compared"
fi
for lab in lab2 lab3 lab4 lab5; do
	mkdir -p "$tmp/sol-$lab" "$tmp/skel-$lab"
	for f in $(awk '$1 == "file" { print $2 }' \
	    "$top_srcdir/labs/$lab/lab.conf"); do
		sh "$top_srcdir/labs/mklab.sh" solution "$top_srcdir" "$lab" \
		    "$f" >"$tmp/sol-$lab/$f"
		sh "$top_srcdir/labs/mklab.sh" skeleton "$top_srcdir" "$lab" \
		    "$f" >"$tmp/skel-$lab/$f" 2>/dev/null ||
			cp "$tmp/sol-$lab/$f" "$tmp/skel-$lab/$f"
	done
	run_one "grade $lab solution" "$VMALAB" grade "$lab" "$tmp/sol-$lab"
	run_one "grade $lab skeleton" "$VMALAB" grade "$lab" "$tmp/skel-$lab"
	# The mutants made by a sed edit that ends (the endless loops' CPU
	# limits say how far they got, which varies).
	f=$(awk '$1 == "file" { print $2; exit }' "$top_srcdir/labs/$lab/lab.conf")
	# Under ASan a student program's fault is reported by ASan's handler,
	# not the grader's, so the crashing mutant is left out there.
	grep "^$lab|[^|]*|sed|" "$top_srcdir/tests/data/labs/mutants.txt" |
	    grep -v -e '|infinite' -e "|${crash_skip:-none}|" >"$tmp/mutants"
	while IFS='|' read -r l name how edit fails; do
		mkdir -p "$tmp/mut-$lab-$name"
		sed "$edit" "$tmp/sol-$lab/$f" >"$tmp/mut-$lab-$name/$f"
		run_one "grade $lab mutant $name" "$VMALAB" grade "$lab" \
		    "$tmp/mut-$lab-$name"
	done <"$tmp/mutants"
done

case $mode in
update)
	cp "$out" "$sums"
	ok "wrote $(wc -l <"$sums") sums to tests/data/same-output.sums"
	;;
check)
	if test -f "$sums"; then
		ok "tests/data/same-output.sums exists"
	else
		not_ok "tests/data/same-output.sums exists"
		echo "# run tests/same-output.sh --update on a tree you trust"
		tap_end
		exit 1
	fi
	grep -v " grade [^ ]* mutant ${crash_skip:-none} " "$sums" \
	    >"$tmp/want" || true
	if diff -u "$tmp/want" "$out" >"$tmp/diff"; then
		ok "$(wc -l <"$out") outputs are byte for byte the recorded ones"
	else
		not_ok "every output is byte for byte the recorded one"
		echo "# these differ (stdout-hash stderr-hash name status):"
		grep '^[-+][^-+]' "$tmp/diff" | sed 's/^/# /'

	fi
	;;
esac
tap_end
