#!/bin/sh
# mkhandout.sh - a lab's student tarball.
#
#   mkhandout.sh SRCDIR LAB OUTDIR     writes OUTDIR/LAB-handout.tar.gz
#
# It holds, in LAB-handout/: the handout (README.md), the skeleton of each
# file the lab's lab.conf lists (made by mklab.sh from the engine's source,
# with the bodies replaced by TODOs), the visible tests (tests.c, to read),
# the files lab.conf marks `extra`, and a Makefile whose `make grade` runs
# `vmalab grade LAB .`. Never the reference bodies, never hidden.c:
# tests/labs.sh checks both.
#
# POSIX sh. Errors: "mkhandout.sh: message" on stderr, exit 1.
set -eu

die() {
	printf 'mkhandout.sh: %s\n' "$*" >&2
	exit 1
}

[ $# -eq 3 ] || die "usage: mkhandout.sh SRCDIR LAB OUTDIR"
srcdir=$1 lab=$2 out=$3
labdir=$srcdir/labs/$lab
[ -f "$labdir/lab.conf" ] || die "$labdir/lab.conf: no such file"
[ -d "$out" ] || mkdir -p "$out"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmalab-handout.XXXXXX")
trap 'rm -rf "$tmp"' 0
trap 'exit 1' HUP INT TERM
d=$tmp/$lab-handout
mkdir "$d"

# The handout; a line "@DECISIONS func@" becomes the table of that
# function's decision ids, from the engine's registry (engine/trace/decisions.c).
awk -v reg="$srcdir/engine/trace/decisions.c" '
function unq(s) { sub(/^[^"]*"/, "", s); sub(/",?[ \t]*$/, "", s); gsub(/\\"/, "\"", s); return s }
BEGIN {
	while ((getline l < reg) > 0) {
		if (l ~ /\.id = "/) id = unq(l)
		else if (l ~ /\.func = "/) fn = unq(l)
		else if (l ~ /\.explain = "/) ex = unq(l)
		else if (l ~ /\.kernel = "/) { n++; ids[n] = id; fns[n] = fn; exs[n] = ex; ks[n] = unq(l) }
	}
}
/^@DECISIONS [a-z_]+@$/ {
	f = $2; sub(/@$/, "", f)
	print "| decision id | in the reading | what it means when taken |"
	print "|---|---|---|"
	for (i = 1; i <= n; i++)
		if (fns[i] == f)
			printf "| `%s` | %s | %s |\n", ids[i], ks[i], exs[i]
	next
}
{ print }' "$labdir/README.md" >"$d/README.md"
# How to build the vmalab for this lab, which keeps the answer to itself.
if [ -n "$(awk '$1 == "func" { print $4 }' "$labdir/lab.conf")" ]; then
	cat >>"$d/README.md" <<EOF

## Your vmalab

Build vmalab for this lab, from its source tree:

    ./configure --enable-student=$lab && make

Its listings, traces, stepper and figures show every function of the
kernel's path except the ones you write here: for those, the call, its
arguments and its result, and \`vmalab listing\` says "your lab: write
this". \`make grade\` works with it as with any vmalab.
EOF
fi
for f in $(awk '$1 == "file" { print $2 }' "$labdir/lab.conf"); do
	sh "$srcdir/labs/mklab.sh" skeleton "$srcdir" "$lab" "$f" >"$d/$f"
done
for f in $(awk '$1 == "extra" { print $2 }' "$labdir/lab.conf"); do
	cp "$labdir/$f" "$d/$f"
done
if [ -f "$labdir/tests.c" ]; then
	cp "$labdir/tests.c" "$d/tests.c"
fi
sed "s/@LAB@/$lab/g" "$srcdir/labs/common/Makefile.handout" >"$d/Makefile"

# Reproducible: sorted names, no owners, no gzip timestamp (GNU tar).
(cd "$tmp" && find "$lab-handout" -type f | LC_ALL=C sort |
	tar -cf - --owner=0 --group=0 --numeric-owner --no-recursion -T -) |
	gzip -9n >"$out/$lab-handout.tar.gz.tmp"
mv -f "$out/$lab-handout.tar.gz.tmp" "$out/$lab-handout.tar.gz"
