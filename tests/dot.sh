#!/bin/sh
# dot.sh - vmalab dot from the outside: the files it writes, its errors,
# and the pictures Graphviz renders from its graphs.
#
# POSIX sh; TAP output ("ok N - ...", the plan "1..N" at the end); exit 0
# when every test passed, 1 otherwise, 77 when vmalab is not built.
#
#   VMALAB      the program (default ./vmalab)
#   top_srcdir  the source tree (default .), for tests/data/dot and slides
#
# Rendering (SVG, PNG, PDF) needs the Graphviz plugins; when they are not
# configured those tests are skipped, and the message that says so is
# tested instead (GVBINDIR pointing at an empty directory hides them).
# SVG is checked to be well-formed XML with python3's minidom, or xmllint;
# with neither, that check is skipped.

. "${top_srcdir-.}/tests/tap.sh"
tap_start dot
data=$top_srcdir/tests/data/dot

not_ok() {
	tap_not_ok "$1"
	if test -s "$tmp/err"; then sed 's/^/# /' "$tmp/err"; fi
}

# check DESCRIPTION COMMAND...: ok when the command succeeds.
check() {
	desc=$1
	shift
	if "$@" 2>"$tmp/err"; then ok "$desc"; else not_ok "$desc"; fi
}

# fails STATUS PATTERN DESCRIPTION COMMAND...: the command exits with
# STATUS and its stderr matches PATTERN (grep -E).
fails() {
	want=$1 pat=$2 desc=$3
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if test "$got" -eq "$want" && grep -Eq -- "$pat" "$tmp/err"; then
		ok "$desc"
	else
		echo "# exit $got (want $want); stderr:" >>"$tmp/err"
		not_ok "$desc"
	fi
}

# well_formed FILE: the file parses as XML.
well_formed() {
	if command -v python3 >/dev/null 2>&1; then
		python3 -c 'import sys, xml.dom.minidom
xml.dom.minidom.parse(sys.argv[1])' "$1"
	elif command -v xmllint >/dev/null 2>&1; then
		xmllint --noout "$1"
	else
		return 77
	fi
}

# labels_in SCENARIO FILE: every VMA's range, as `vmalab maps` prints it,
# appears in FILE.
labels_in() {
	"$VMALAB" maps "$1" | awk '{ print $1 }' | while read -r range; do
		case $range in
		ffffffffff*) continue ;;	# [vsyscall] is not a VMA
		esac
		sed "s/&#45;/-/g" "$2" | grep -q -- "$range" || { echo "no $range in $2"; return 1; }
	done
}

cd "$tmp" || exit 1
cp "$data/churn.scn" churn.scn

# ---- DOT: needs no plugin ------------------------------------------------

check "DOT to stdout" sh -c '"$1" dot churn.scn >out.dot && grep -q "^digraph" out.dot' sh "$VMALAB"
check "-o writes the file through FILE.tmp, leaving no .tmp" \
    sh -c '"$1" dot -o churn.dot churn.scn && test -s churn.dot && ! test -e churn.dot.tmp' sh "$VMALAB"
check "the format comes from -o's extension" \
    sh -c '"$1" dot -o churn.gv churn.scn && grep -q "^digraph" churn.gv' sh "$VMALAB"
check "one node per VMA (vm_start attributes)" \
    sh -c 'test "$(grep -c "vm_start=" churn.dot)" -eq "$("$1" maps churn.scn | grep -vc "^ffffffffff")"' sh "$VMALAB"
check "--steps numbers the events from 1" \
    sh -c '"$1" dot --steps churn.scn | head -n 1 | grep -Eq "^ +1  == brk"' sh "$VMALAB"
check "--at 0 is the start state" \
    sh -c '"$1" dot --at 0 churn.scn | grep -q "the start state"' sh "$VMALAB"
check "--after-syscall K names the last call" \
    sh -c '"$1" dot --after-syscall 2 churn.scn | grep -q "after 2 of"' sh "$VMALAB"
check "--search on the built-in scenario" \
    sh -c '"$1" dot --search | grep -q "unmapped_area_topdown"' sh "$VMALAB"
check "--nil draws NIL leaves" \
    sh -c '"$1" dot --nil churn.scn | grep -q "label=NIL"' sh "$VMALAB"
check "--depth 2 cuts the tree" \
    sh -c '"$1" dot --depth 2 churn.scn | grep -q "^	cut"' sh "$VMALAB"
check "--around ADDR keeps that VMA" \
    sh -c '"$1" dot --around 0x7ffff7fd7000 --depth 1 churn.scn | grep -q "^	v7ffff7fd7000"' sh "$VMALAB"
check "--strip adds the address space" \
    sh -c '"$1" dot --strip churn.scn | grep -q "the address space, low to high"' sh "$VMALAB"
check "--frames -T dot writes numbered frames and an index" \
    sh -c '"$1" dot --frames fr -T dot --after-syscall 30 churn.scn &&
        test -s fr/frame-0001.dot && test -s fr/frames.txt &&
        test "$(ls fr/frame-*.dot | wc -l)" -eq "$(wc -l <fr/frames.txt)"' sh "$VMALAB"

# Sizes as people read them: no hex where a size is meant, in any label.
check "sizes are human: gap, subtree and length in KiB ... TiB, never hex" \
    sh -c '"$1" dot --search --strip >h.dot &&
        grep -q "gap 56 KiB" h.dot && grep -q "subtree 42.7 TiB" h.dot &&
        grep -q "length 512 KiB" h.dot &&
        ! grep -v "reason=" h.dot | grep -Eq "(gap|subtree|length) (<[^>]*>)?0x"' sh "$VMALAB"
check "--legend: a key with red/black, NIL and the search's marks" \
    sh -c '"$1" dot --search --legend >l.dot && grep -q "<B>Key</B>" l.dot &&
        grep -q "a red node" l.dot && grep -q "a black node" l.dot &&
        grep -q "NIL" l.dot && grep -q "visited by the search" l.dot &&
        grep -q "the chosen gap is just below" l.dot &&
        ! grep -q "<B>Key</B>" h.dot' sh "$VMALAB"
check "--title: the title heads the caption" \
    sh -c '"$1" dot --title "Gaps & trees" | grep -q "<B>Gaps &amp; trees</B>"' sh "$VMALAB"
check "--fit 16:9 in DOT: size and ratio for the dot program" \
    sh -c '"$1" dot --fit 16:9 | grep -q "size=\"20.0000,11.2500!\""' sh "$VMALAB"

# ---- errors --------------------------------------------------------------

fails 1 '^vmalab: --at 999999: the run has only [0-9]+ steps$' \
    "--at beyond the run" "$VMALAB" dot --at 999999 churn.scn
fails 1 '^vmalab: --after-syscall 99: the scenario has only [0-9]+ calls$' \
    "--after-syscall beyond the scenario" "$VMALAB" dot --after-syscall 99 churn.scn
fails 2 "^vmalab: -T: unknown format 'gif'" "an unknown format" \
    "$VMALAB" dot -T gif churn.scn
fails 2 '^vmalab: --at and --after-syscall both' "two moments" \
    "$VMALAB" dot --at 3 --after-syscall 1 churn.scn
fails 2 "^vmalab: --fit: expected a shape such as 16:9" "--fit: a bad shape" \
    "$VMALAB" dot --fit wide churn.scn
fails 2 "^vmalab: --fit 0x3: .*expected 1 to 200 inches a side" \
    "--fit: a side of 0 inches" "$VMALAB" dot --fit 0x3 churn.scn
fails 2 "^vmalab: --fit: expected a shape" "--fit: hex is not a size" \
    "$VMALAB" dot --fit 0x10x3 churn.scn
fails 2 '^vmalab: unknown option --bogus' "an unknown option" \
    "$VMALAB" dot --bogus churn.scn
printf 'brk(NULL)\nfrobnicate(\n' >bad.scn
fails 1 '^vmalab: bad\.scn:2: ' "a bad scenario: file:line" \
    "$VMALAB" dot bad.scn
printf 'brk(NULL)\n' >nosearch.scn
fails 1 '^vmalab: --search: no unmapped_area call' "--search with no search" \
    "$VMALAB" dot --search nosearch.scn
fails 1 '^vmalab: cannot write nodir/x\.dot\.tmp: ' "an unwritable output" \
    "$VMALAB" dot -o nodir/x.dot churn.scn
check "a failed write leaves no file" sh -c '! test -e nodir/x.dot'

# ---- rendering -----------------------------------------------------------

mkdir empty
fails 1 "layout plugins are not configured.*graphviz package.*dot -c" \
    "no plugins: a clear message" env GVBINDIR="$tmp/empty" "$VMALAB" dot -T svg -o none.svg churn.scn
check "no plugins: no file" sh -c '! test -e none.svg && ! test -e none.svg.tmp'
check "no plugins: DOT still works" \
    env GVBINDIR="$tmp/empty" "$VMALAB" dot -T dot -o still.dot churn.scn

if "$VMALAB" dot -T svg -o probe.svg churn.scn 2>"$tmp/err"; then
	for s in churn.scn "$top_srcdir"/slides/*.scn; do
		test -f "$s" || continue
		b=$(basename "$s" .scn)
		for opts in "" "--search" "--strip --search" "--nil"; do
			case $opts in
			*search*) grep -q '^mmap(NULL' "$s" || continue ;;
			esac
			out="$b$(echo "$opts" | tr -d ' -').svg"
			if ! "$VMALAB" dot $opts -o "$out" "$s" 2>"$tmp/err"; then
				not_ok "SVG of $b $opts"
				continue
			fi
			well_formed "$out" 2>"$tmp/err"
			case $? in
			0) ok "SVG of $b $opts is well-formed XML" ;;
			77) skip "SVG of $b $opts is well-formed XML" "no python3 or xmllint" ;;
			*) not_ok "SVG of $b $opts is well-formed XML" ;;
			esac
		done
		if labels_in "$s" "$b.svg" >"$tmp/err" 2>&1; then
			ok "SVG of $b holds every VMA's range"
		else
			not_ok "SVG of $b holds every VMA's range"
		fi
	done
	check "PNG" sh -c '"$1" dot -o t.png churn.scn && od -An -c -N4 t.png | grep -q "P   N   G"' sh "$VMALAB"
	check "PDF" sh -c '"$1" dot -o t.pdf churn.scn && head -c 5 t.pdf | grep -q "%PDF-"' sh "$VMALAB"
	# --fit: the page Graphviz reports is the one asked for. PNG: the
	# IHDR's width and height (bytes 17-24); SVG: its width and height.
	png_size() {
		od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d\n",
		    $1 * 16777216 + $2 * 65536 + $3 * 256 + $4,
		    $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
	}
	"$VMALAB" dot --search -o wide.png 2>"$tmp/err"
	echo "# the lecture search figure, unfitted: $(png_size wide.png)"
	for f in 16:9:1920x1080 4:3:1920x1440 10x4:960x384 4x10:384x960; do
		shape=${f%:*}
		want=${f##*:}
		if "$VMALAB" dot --search --legend --fit "$shape" -o fit.png 2>"$tmp/err" &&
		    test "$(png_size fit.png)" = "$want"; then
			ok "--fit $shape: the lecture search figure is $want in PNG"
		else
			echo "# got $(png_size fit.png)" >>"$tmp/err"
			not_ok "--fit $shape: the lecture search figure is $want in PNG"
		fi
	done
	if "$VMALAB" dot --search --legend --fit 16:9 -o fit.svg 2>"$tmp/err" &&
	    grep -q '<svg width="1440pt" height="810pt"' fit.svg; then
		ok "--fit 16:9: the SVG is 1440x810 pt (20x11.25 inches)"
	else
		grep '<svg' fit.svg >>"$tmp/err"
		not_ok "--fit 16:9: the SVG is 1440x810 pt (20x11.25 inches)"
	fi
	# A small tree is spread over the slide too, not left in a corner.
	if "$VMALAB" dot --fit 16:9 -o small.png churn.scn 2>"$tmp/err" &&
	    test "$(png_size small.png)" = 1920x1080; then
		ok "--fit 16:9: a small tree is 1920x1080 too"
	else
		not_ok "--fit 16:9: a small tree is 1920x1080 too"
	fi
	check "--frames SVG" \
	    sh -c '"$1" dot --search --frames sf --after-syscall 0 "$2" && test -s sf/frame-0001.svg' \
	    sh "$VMALAB" "$top_srcdir/tests/data/dot/churn.scn"
else
	skip "SVG, PNG and PDF" "the Graphviz plugins are not configured"
fi

tap_end
