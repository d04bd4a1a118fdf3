#!/bin/sh
# mklab.sh - a lab's student files, made from the engine's own source.
#
#   mklab.sh skeleton SRCDIR LAB FILE > FILE   the student's starting point
#   mklab.sh solution SRCDIR LAB FILE > FILE   the reference solution
#   mklab.sh funcs    SRCDIR LAB FILE          "SOURCE NAME" per function
#
# SRCDIR is the top of the source tree; LAB is a lab folder name (lab3);
# FILE is one of the files its lab.conf lists:
#
#   file unmapped_area.c
#   func unmapped_area.c engine/kernel/mmap.c unmapped_area
#
# Each function is taken from its engine source by its boundaries, as
# mklisting does: the comment block just above it, its signature (the
# line before the one that starts with its name, through the `{` in
# column 0) and its body (through the next `}` in column 0). A leading
# `static` is dropped: the grader links the student's function by name.
#
# The solution is the function verbatim. The skeleton keeps the comment,
# the signature, and the first lines of the body as long as they are the
# TRACE_FUNC line or declarations of locals; the rest of the body is
# replaced by labs/LAB/todo/NAME.c (the TODO text and a stub return).
# So the reference body never reaches a skeleton, and a change to the
# engine's function shows up in both files the next time they are made.
#
# POSIX sh and awk. Errors: "mklab.sh: message" on stderr, exit 1.

set -eu

die() {
	printf 'mklab.sh: %s\n' "$*" >&2
	exit 1
}

[ $# -eq 4 ] || die "usage: mklab.sh skeleton|solution|funcs SRCDIR LAB FILE"
mode=$1 srcdir=$2 lab=$3 file=$4
conf=$srcdir/labs/$lab/lab.conf
[ -f "$conf" ] || die "$conf: no such file"

funcs=$(awk -v f="$file" '$1 == "func" && $2 == f { print $3 " " $4 }' "$conf")
[ -n "$funcs" ] || die "$conf: no 'func $file ...' line"

if [ "$mode" = funcs ]; then
	printf '%s\n' "$funcs"
	exit 0
fi

case $mode in
skeleton) what="yours to write" ;;
solution) what="THE REFERENCE SOLUTION, the engine's own code: never hand it out" ;;
*) die "unknown mode '$mode'" ;;
esac

title=$(awk '$1 == "title" { $1 = ""; sub(/^ /, ""); print }' "$conf")
sources=$(printf '%s\n' "$funcs" | awk '{ print $1 }' | sort -u | tr '\n' ' ')

cat <<EOF
/*
 * $file - $lab: $what.
 * ($title)
 *
EOF
if [ "$mode" = skeleton ]; then
	cat <<EOF
 * Replace each TODO with the kernel's logic: README.md says what each
 * function must do. \`make grade\` compiles this file, links it beside
 * the engine and grades it.
 *
EOF
fi
cat <<EOF
 * Made by \`make handout\` (labs/mklab.sh) from ${sources% }.
 */
#include "vmalab-lab.h"
EOF

printf '%s\n' "$funcs" | while read -r src name; do
	[ -f "$srcdir/$src" ] || die "$srcdir/$src: no such file"
	todo=$srcdir/labs/$lab/todo/$name.c
	if [ "$mode" = skeleton ] && [ ! -f "$todo" ]; then
		die "$todo: no such file"
	fi
	[ "$mode" = skeleton ] || todo=/dev/null
	printf '\n'
	awk -v name="$name" -v mode="$mode" -v todo="$todo" -v src="$src" '
	{ line[NR] = $0 }
	END {
		for (i = 1; i <= NR; i++)
			if (index(line[i], name "(") == 1)
				break;
		if (i > NR) {
			printf "mklab.sh: %s: no function %s\n", src, name > "/dev/stderr";
			exit 1;
		}
		type = i - 1;
		# The comment block just above the type line.
		first = type;
		if (line[type - 1] ~ /\*\/$/) {
			for (c = type - 1; c > 0 && line[c] !~ /^\/\*/; c--)
				;
			first = c;
		}
		for (ob = i; ob <= NR && line[ob] != "{"; ob++)
			;
		for (cb = ob; cb <= NR && line[cb] != "}"; cb++)
			;
		if (ob > NR || cb > NR) {
			printf "mklab.sh: %s: no body for %s\n", src, name > "/dev/stderr";
			exit 1;
		}
		for (k = first; k < type; k++)
			print line[k];
		t = line[type];
		sub(/^static /, "", t);
		print t;
		for (k = type + 1; k <= ob; k++)
			print line[k];
		if (mode == "solution") {
			for (k = ob + 1; k <= cb; k++)
				print line[k];
			exit 0;
		}
		decl = "^\t(const )?(struct [a-z_]+ \\*?|unsigned long |unsigned |int |bool |long )";
		kept = 0;
		for (k = ob + 1; k < cb; k++) {
			if (line[k] ~ /^\tTRACE_FUNC\(/ || (line[k] ~ decl && line[k] ~ /;$/)) {
				print line[k];
				kept++;
			} else
				break;
		}
		n = 0;
		while ((getline l < todo) > 0)
			if (n++ > 0 || l != "" || kept > 0)
				print l;
		print "}";
	}' "$srcdir/$src" || exit 1
done
