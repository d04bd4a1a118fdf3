#!/bin/sh
# gradescope.sh - a Gradescope run rehearsed: the autograder zip of lab 3
# (labs/mkautograder.sh) unpacked where Gradescope unpacks it, under a
# temporary root (AUTOGRADER_ROOT): ROOT/autograder/source, the student's
# upload in ROOT/autograder/submission (in a folder of its own, as an
# upload may be), run_autograder run as Gradescope runs it (as root when
# this test runs as root), and ROOT/autograder/results/results.json read.
#
# setup.sh is not run (it installs packages and builds vmalab from the
# release tarball): the build tree's vmalab stands on PATH instead.
#
# POSIX sh; TAP; 77 (skip) without a C compiler, zip, unzip, bash,
# python3 or bubblewrap's namespaces.

CC=${CC-cc}
export CC

. "${top_srcdir-.}/tests/tap.sh"
tap_start gradescope

for t in "${CC%% *}" zip unzip bash python3 bwrap; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "1..0 # SKIP no $t"
		exit 77
	fi
done
if ! bwrap --unshare-all --unshare-user --die-with-parent \
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

mkdir -p "$tmp/bin"
ln -s "$VMALAB" "$tmp/bin/vmalab"
: >"$tmp/vmalab-0.tar.gz"
if HIDDEN_SEED=4242 sh "$top_srcdir/labs/mkautograder.sh" "$top_srcdir" \
    lab3 "$tmp/vmalab-0.tar.gz" "$tmp/lab3.zip" >"$tmp/out" 2>&1; then
	ok "the autograder zip is made"
else
	not_ok "the autograder zip is made" "$(cat "$tmp/out")"
fi

# run NAME FILE: a Gradescope run of FILE as the student's upload.
run() {
	root=$tmp/root-$1
	mkdir -p "$root/autograder/source" "$root/autograder/submission/lab3-work"
	(cd "$root/autograder/source" && unzip -q "$tmp/lab3.zip")
	cp "$2" "$root/autograder/submission/lab3-work/unmapped_area.c"
	AUTOGRADER_ROOT=$root PATH=$tmp/bin:$PATH \
	    bash "$root/autograder/source/run_autograder" >"$tmp/$1.txt" 2>&1
}

sh "$top_srcdir/labs/mklab.sh" solution "$top_srcdir" lab3 unmapped_area.c \
    >"$tmp/solution.c"
run solution "$tmp/solution.c"
j=$tmp/root-solution/autograder/results/results.json
if out=$(python3 - "$j" <<'PY' 2>&1
import json, sys
r = json.load(open(sys.argv[1]))
assert r["score"] == r["max_score"] == 59, (r["score"], r["max_score"])
assert sum(t["max_score"] for t in r["tests"]) == 59
hidden = [t for t in r["tests"] if t["visibility"] == "hidden"]
assert len(hidden) == 5, len(hidden)
assert all(t["status"] == "passed" for t in r["tests"])
print(len(r["tests"]), "tests,", len(hidden), "hidden")
PY
); then
	ok "run_autograder (as $(id -un)): the solution gets 59/59 ($out)"
else
	not_ok "run_autograder: the solution gets 59/59" "$out" \
	    "$(head -c 2000 "$j" 2>/dev/null)" "$(tail -n 20 "$tmp/solution.txt")"
fi
if grep -q 'hidden-seed 4242' "$tmp/root-solution/autograder/source/autograder.conf"
then
	ok "the zip carries the instructor's hidden seed"
else
	not_ok "the zip carries the instructor's hidden seed"
fi

run forger "$top_srcdir/tests/hostile/constructor-atexit.c"
j=$tmp/root-forger/autograder/results/results.json
if out=$(python3 - "$j" <<'PY' 2>&1
import json, sys
r = json.load(open(sys.argv[1]))
assert r["score"] == 0 and r["max_score"] == 59, (r["score"], r["max_score"])
assert len(r["tests"]) == 26, len(r["tests"])
print("0/59,", len(r["tests"]), "tests listed")
PY
) && test "$(ls "$tmp/root-forger/autograder/results")" = results.json; then
	ok "a submission that forges results.json scores $out"
else
	not_ok "a submission that forges results.json scores 0" "$out" \
	    "$(ls -la "$tmp/root-forger/autograder/results")" \
	    "$(head -c 1500 "$j")"
fi

tap_end
