#!/bin/sh
# mkhandout.sh - a lab's student tarball.
#
#   mkhandout.sh SRCDIR LAB OUTDIR [DOCDIR]
#                                      writes OUTDIR/LAB-handout.tar.gz
#
# It holds, in LAB-handout/: the handout (README.md, and README.LL.md for
# each translation found under DOCDIR, the build tree), the skeleton of each
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

[ $# -eq 3 ] || [ $# -eq 4 ] ||
	die "usage: mkhandout.sh SRCDIR LAB OUTDIR [DOCDIR]"
srcdir=$1 lab=$2 out=$3 docdir=${4:-$1}
labdir=$srcdir/labs/$lab
[ -f "$labdir/lab.conf" ] || die "$labdir/lab.conf: no such file"
[ -d "$out" ] || mkdir -p "$out"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmalab-handout.XXXXXX")
trap 'rm -rf "$tmp"' 0
trap 'exit 1' HUP INT TERM
d=$tmp/$lab-handout
mkdir "$d"

# readme IN PO: the handout IN, with each "@DECISIONS func: titles@" line
# made the table of func's decision ids from the engine's registry
# (engine/trace/decisions.c) under those column titles, and each
# explanation taken from the catalogue PO when one is given (po/LL.po: the
# explanations are its msgids, as xgettext took them from the registry).
readme() {
	awk -v reg="$srcdir/engine/trace/decisions.c" -v po="$2" '
function unq(s) { sub(/^[^"]*"/, "", s); sub(/"[),]*[ \t]*$/, "", s); return s }
function pos(s) { sub(/^(msgid |msgstr )?"/, "", s); sub(/"[ \t]*$/, "", s); return s }
function keep() { if (state == "str" && mid != "" && mstr != "") tr[mid] = mstr; state = "" }
function plain(s) { gsub(/\\"/, "\"", s); return s }
BEGIN {
	while ((getline l < reg) > 0) {
		if (l ~ /\.id = "/) id = unq(l)
		else if (l ~ /\.func = "/) fn = unq(l)
		else if (l ~ /\.explain = (N_\()?"/) ex = unq(l)
		else if (l ~ /\.kernel = "/) { n++; ids[n] = id; fns[n] = fn; exs[n] = ex; ks[n] = unq(l) }
	}
	while (po != "" && (getline l < po) > 0) {
		if (l ~ /^msgid "/) { keep(); mid = pos(l); state = "id" }
		else if (l ~ /^msgstr "/) { mstr = pos(l); state = "str" }
		else if (l ~ /^"/ && state == "id") mid = mid pos(l)
		else if (l ~ /^"/ && state == "str") mstr = mstr pos(l)
		else keep()
	}
	keep()
}
/^@DECISIONS [a-z_]+: / {
	# po4a may have folded the line of a translation: join it again.
	t = $0
	while (t !~ /@[ \t]*$/ && (getline l) > 0)
		t = t " " l
	f = $2; sub(/:$/, "", f)
	sub(/^@DECISIONS [a-z_]+: /, "", t); sub(/@[ \t]*$/, "", t)
	printf "| %s |\n|---|---|---|\n", t
	for (i = 1; i <= n; i++)
		if (fns[i] == f)
			printf "| `%s` | %s | %s |\n", ids[i], ks[i],
			    plain(exs[i] in tr ? tr[exs[i]] : exs[i])
	next
}
{ print }' "$1"
}

# The handout in English, and in each language whose translation po4a
# wrote (DOCDIR/labs/LAB/README.LL.md, made by make from po/doc/LL.po).
readme "$labdir/README.md" "" >"$d/README.md"
for t in "$docdir/labs/$lab"/README.*.md; do
	[ -f "$t" ] || continue
	ll=${t%.md}; ll=${ll##*.}
	readme "$t" "$srcdir/po/$ll.po" >"$d/README.$ll.md"
done
# How to build the vmalab for this lab, which keeps the answer to itself.
if [ -n "$(awk '$1 == "func" { print $4 }' "$labdir/lab.conf")" ]; then
	for r in "$d"/README*.md; do
		ll=${r%.md}; ll=${ll#"$d/README"}
		y=$docdir/labs/common/your-vmalab$ll.md
		[ -n "$ll" ] || y=$srcdir/labs/common/your-vmalab.md
		sed "s/@LAB@/$lab/g" "$y" >>"$r"
	done
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
