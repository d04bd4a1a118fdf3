#!/bin/bash
# figures.sh - draw every figure of the deck with vmalab dot.
#
#   figures.sh VMALAB SLIDES_SRCDIR OUTDIR FORMAT...
#
# For each figure below, writes OUTDIR/NAME.FORMAT for each FORMAT (svg,
# pdf, png, dot); a figure of frames writes OUTDIR/NAME/frame-NNNN.FORMAT
# and, with pdf, OUTDIR/NAME.tex: one \only<k>{...} per frame, for the
# deck to \input. `make slides` runs it (see slides.am).
#
# To add a figure: one line in the table, NAME SCENARIO OPTIONS...; a
# SCENARIO of "-" is the built-in default (lecture1). deck.tex includes
# fig/NAME.pdf, or \input{fig/NAME.tex} for frames.
set -euo pipefail

if (($# < 4)); then
	echo "usage: figures.sh VMALAB SLIDES_SRCDIR OUTDIR FORMAT..." >&2
	exit 2
fi
vmalab=$1 src=$2 out=$3
shift 3
formats=("$@")

# NAME            SCENARIO          OPTIONS
figures=(
	"rb-rules       brk-grow.scn      --after-syscall 2 --nil"
	"brk-before     brk-grow.scn      --after-syscall 1"
	"brk-insert     brk-grow.scn      --after-syscall 1 --frames"
	"brk-after      brk-grow.scn      --after-syscall 3"
	"brk-shrink     brk-grow.scn      --after-syscall 3 --frames"
	"up-search      bottomup.scn      --search"
	"up-strip       bottomup.scn      --search --strip"
	"up-steps       bottomup.scn      --search --frames"
	"down-search    topdown.scn       --search"
	"down-steps     topdown.scn       --search --frames"
	"split-steps    split-merge.scn   --after-syscall 0 --frames"
	"merge-steps    split-merge.scn   --after-syscall 1 --frames"
	"lecture-top    -                 --depth 2"
	"lecture-search -                 --search --legend --fit 16:9"
)

mkdir -p "$out"

# frames_tex NAME: the \only list of a frames figure, from frames.txt.
frames_tex() {
	local name=$1 k=0 file rel
	rel=$(basename "$out")	# the deck is built next to OUTDIR
	{
		while IFS=$'\t' read -r file _; do
			k=$((k + 1))
			printf '\\only<%d>{\\vmafigure{%s/%s/%s}}%%\n' "$k" "$rel" \
			    "$name" "${file%.*}.pdf"
		done <"$out/$name/frames.txt"
	} >"$out/$name.tex.tmp"
	mv -f "$out/$name.tex.tmp" "$out/$name.tex"
}

for line in "${figures[@]}"; do
	read -r name scn opts <<<"$line"
	args=(--brief)
	[[ $scn == - ]] || args+=("$src/$scn")
	# shellcheck disable=SC2206  # the options are words
	args+=($opts)
	for fmt in "${formats[@]}"; do
		if [[ " $opts " == *" --frames "* ]]; then
			rm -rf "$out/$name.$fmt.d"
			args2=()
			for a in "${args[@]}"; do
				[[ $a == --frames ]] && a="--frames=$out/$name.$fmt.d"
				args2+=("$a")
			done
			"$vmalab" dot "${args2[@]}" -T "$fmt"
			# All formats of one figure share OUTDIR/NAME/.
			mkdir -p "$out/$name"
			mv -f "$out/$name.$fmt.d"/frame-* "$out/$name/"
			mv -f "$out/$name.$fmt.d/frames.txt" "$out/$name/frames.txt"
			rmdir "$out/$name.$fmt.d"
			[[ $fmt == pdf ]] && frames_tex "$name"
			echo "  FIG      $out/$name/*.$fmt"
		else
			"$vmalab" dot "${args[@]}" -T "$fmt" -o "$out/$name.$fmt"
			echo "  FIG      $out/$name.$fmt"
		fi
	done
done
