#!/bin/bash
# tests/html.sh - vmalab html: the page for the browser.
#
# Without a browser: the page is written for the built-in scenarios, a
# scenario file and a recording (tests/html/true.scn, vmalab record's
# output for /bin/true), through FILE.tmp; it loads nothing from outside;
# bad input leaves no file.
#
# In Debian's chromium, headless, driven by puppeteer-core
# (tests/html/browser.js; ./setup installs both): the page is loaded from
# disk, keys are pressed, and the step, the current line, the locals, the
# tree's highlighted node (and the predict score) must be those that
# `vmalab step --keys ... --dump` shows after the same keys; then the
# accessibility checks (labels, keyboard only, contrast ratios) and a
# screenshot, kept as tests/html-shot.png for a person to look at. The
# browser part is skipped, saying why, without chromium, node or
# puppeteer-core.
#
#   tests/html.sh --bench    the lecture1 page's size, open and key times
set -u

. "${top_srcdir:?}/tests/tap.sh"
tap_start html

CHROMIUM=${CHROMIUM-$(command -v chromium || command -v chromium-browser ||
    true)}
NODE=${NODE-$(command -v node || command -v nodejs || true)}
export CHROMIUM
BROWSER_JS=$top_srcdir/tests/html/browser.js

# browser_skip: why the browser part cannot run, or nothing.
browser_skip() {
	if test -z "$CHROMIUM"; then
		echo "no chromium (Debian's chromium package; ./setup installs it)"
	elif test -z "$NODE"; then
		echo "no node (./setup installs nodejs and npm)"
	elif ! NODE_PATH=$top_srcdir/node_modules "$NODE" -e \
	    'require("puppeteer-core")' >/dev/null 2>&1; then
		echo "no puppeteer-core in $top_srcdir/node_modules (./setup runs npm ci)"
	fi
}

# The run's JSON read back by node, a figure inflated: "nsteps figures"
# when the first figure is an SVG.
page_counts() {
	"$NODE" -e '
		const s = require("fs").readFileSync(process.argv[1], "utf8");
		const m = s.match(/id="vmalab-run"[^>]*>([^<]*)<\/script>/);
		const r = JSON.parse(m[1]);
		const svg = require("zlib").inflateSync(
		    Buffer.from(r.figs[0], "base64")).toString();
		if (/^<svg[^]*<\/svg>\s*$/.test(svg))
			console.log(r.nsteps + " " + r.figs.length);' "$1"
}

if test "${1-}" = --bench; then
	why=$(browser_skip)
	if test -n "$why"; then
		echo "bench-html: skipped: $why"
		exit 77
	fi
	"$VMALAB" html -o "$tmp/lecture1.html" || exit 1
	NODE_PATH=$top_srcdir/node_modules "$NODE" "$BROWSER_JS" bench \
	    "$tmp/lecture1.html" 7
	exit
fi

# ---- the command ---------------------------------------------------------

l1=$tmp/lecture1.html
# (Under LeakSanitizer stderr has its list of the suppressions used.)
if "$VMALAB" html -o "$l1" 2>"$tmp/err" && test -s "$l1" &&
    test ! -e "$l1.tmp" && ! grep -q "^vmalab:" "$tmp/err"; then
	ok "vmalab html -o FILE writes the built-in scenario's page"
else
	not_ok "vmalab html -o FILE writes the built-in scenario's page"
	sed 's/^/# /' "$tmp/err"
fi
size=$(wc -c <"$l1")
if test "$size" -lt 5000000; then
	ok "the lecture1 page is under 5 MB ($size bytes)"
else
	not_ok "the lecture1 page is under 5 MB ($size bytes)"
fi
if grep -Eiq '<(script|img|link|iframe)[^>]* (src|href)=|url\(|@import' "$l1"; then
	not_ok "the page loads nothing from outside"
	grep -Eio '<(script|img|link|iframe)[^>]* (src|href)=[^>]*|url\([^)]*\)|@import' \
	    "$l1" | head -5 | sed 's/^/# /'
else
	ok "the page loads nothing from outside (no src, href, url(), @import)"
fi

for name in $("$VMALAB" scenario | awk '{ print $1 }'); do
	"$VMALAB" scenario "$name" >"$tmp/$name.scn"
	if "$VMALAB" html -o "$tmp/$name.html" "$tmp/$name.scn" 2>"$tmp/err" &&
	    grep -q 'data-nsteps="[1-9]' "$tmp/$name.html"; then
		ok "built-in scenario $name: a page"
	else
		not_ok "built-in scenario $name: a page"
		sed 's/^/# /' "$tmp/err"
	fi
done
rec=$top_srcdir/tests/html/true.scn
if "$VMALAB" html -o "$tmp/rec.html" "$rec" 2>"$tmp/err"; then
	ok "a recording (vmalab record's output): a page"
else
	not_ok "a recording (vmalab record's output): a page"
	sed 's/^/# /' "$tmp/err"
fi
if "$VMALAB" html <"$rec" - >"$tmp/stdout.html" 2>"$tmp/err" &&
    test "$(grep -o 'data-nsteps="[0-9]*"' "$tmp/stdout.html")" = \
    "$(grep -o 'data-nsteps="[0-9]*"' "$tmp/rec.html")"; then
	ok "standard input to standard output: the same page"
else
	not_ok "standard input to standard output: the same page"
fi
if "$VMALAB" html --predict -o "$tmp/predict.html" 2>"$tmp/err" &&
    grep -q 'data-predict="1"' "$tmp/predict.html"; then
	ok "--predict: the page asks"
else
	not_ok "--predict: the page asks"
fi
if "$VMALAB" html --layout legacy -o "$tmp/legacy-opt.html" "$tmp/lecture1.scn" &&
    ! cmp -s "$tmp/legacy-opt.html" "$l1"; then
	ok "run options apply (--layout legacy)"
else
	not_ok "run options apply (--layout legacy)"
fi

# Bad input: the message names the line, the status is 1, no file.
bad=$top_srcdir/tests/data/cli/bad-flag.scn
"$VMALAB" html -o "$tmp/bad.html" "$bad" 2>"$tmp/err"
st=$?
if test "$st" -eq 1 && grep -q "^vmalab: .*bad-flag.scn:[0-9]*: " "$tmp/err" &&
    test ! -e "$tmp/bad.html" && test ! -e "$tmp/bad.html.tmp"; then
	ok "a bad scenario: vmalab: file:line: message, status 1, no file"
else
	not_ok "a bad scenario: vmalab: file:line: message, status 1, no file"
	echo "# status $st"
	sed 's/^/# /' "$tmp/err"
fi
"$VMALAB" html -o "$tmp/nodir/x.html" 2>"$tmp/err"
st=$?
if test "$st" -eq 1 && grep -q "^vmalab: cannot write .*nodir/x.html.tmp" "$tmp/err"; then
	ok "an unwritable output: a message, status 1"
else
	not_ok "an unwritable output: a message, status 1"
	sed 's/^/# /' "$tmp/err"
fi
"$VMALAB" html --bogus 2>"$tmp/err"
if test $? -eq 2 && grep -q "unknown option --bogus" "$tmp/err"; then
	ok "an unknown option is a usage error (status 2)"
else
	not_ok "an unknown option is a usage error (status 2)"
fi
if "$VMALAB" html --help | grep -q -- "-o FILE" &&
    "$VMALAB" --help | grep -q "^  html "; then
	ok "html --help, and vmalab --help lists it"
else
	not_ok "html --help, and vmalab --help lists it"
fi

# ---- in the browser --------------------------------------------------------

why=$(browser_skip)
if test -n "$why"; then
	skip "the page in chromium" "$why"
	tap_end
	exit
fi

counts=$(page_counts "$l1")
set -- $counts
if test "$#" -eq 2 && test "$2" -lt "$1" && grep -q "data-nsteps=\"$1\"" "$l1"; then
	ok "figures inflate to SVG; steps share them: $2 SVGs for $1 steps"
else
	not_ok "figures inflate to SVG; steps share them: $2 SVGs for $1 steps"
fi

# The cases: a name, the stepper's --keys, the page's keys (JSON), the
# page, and options: "blue" when Graphviz draws the search as running
# there, "predict" for the --predict page (and vmalab step --predict).
cases=$tmp/cases.json
first=1
printf '{"cases": [\n' >"$cases"
add_case() {
	local name=$1 keys=$2 pkeys=$3 page=$4 opts=${5-} extra=""
	local dump=$tmp/dump-$((++ncase)).txt stepopt=
	case $opts in *predict*) stepopt=--predict ;; esac
	case $opts in *blue*) extra=', "blue": true' ;; esac
	case $opts in *shot*) extra="$extra, \"shot\": \"$tmp/shot.png\"" ;; esac
	"$VMALAB" step $stepopt --keys "$keys" --dump --size 140x60 \
	    "$page.scn" >"$dump" 2>&1
	test $first = 1 || printf ',\n' >>"$cases"
	first=0
	printf '{"name": "%s", "keys": %s, "dump": "%s", "page": "%s"%s}' \
	    "$name" "$pkeys" "$dump" "$page.html" "$extra" >>"$cases"
}
ncase=0
cp "$tmp/lecture1.scn" "$tmp/predict.scn"
cp "$rec" "$tmp/rec.scn"
L=$tmp/lecture1
add_case "the first step" "" '[]' "$L"
add_case "n n s" "n n s" '["n","n","s"]' "$L"
add_case "s x8" "s s s s s s s s" '["s","s","s","s","s","s","s","s"]' "$L"
add_case "] ] ] then s x10" "] ] ] s s s s s s s s s s" \
    '["]","]","]","s","s","s","s","s","s","s","s","s","s"]' "$L"
add_case "g 300 Enter (in a search)" "g 300 Enter" \
    '["g",{"type":"300"},"Enter"]' "$L" blue,shot
add_case "g 298 Enter" "g 298 Enter" '["g",{"type":"298"},"Enter"]' "$L" blue
add_case "g 300 Enter f" "g 300 Enter f" '["g",{"type":"300"},"Enter","f"]' "$L"
add_case "g 300 Enter N N S" "g 300 Enter N N S" \
    '["g",{"type":"300"},"Enter","N","N","S"]' "$L"
add_case "g 320 Enter F" "g 320 Enter F" '["g",{"type":"320"},"Enter","F"]' "$L"
add_case "breakpoint: g 300 Space ] c" "g 300 Enter Space ] c" \
    '["g",{"type":"300"},"Enter","Space","]","c"]' "$L"
# Where that breakpoint stops, for browser.js's click on the same line.
BP_STEP=$(sed -n 's/^ step \([0-9]*\) of.*/\1/p' "$tmp/dump-$ncase.txt")
export BP_STEP
add_case "breakpoint, then back: ... c C" "g 300 Enter Space ] c C" \
    '["g",{"type":"300"},"Enter","Space","]","c","C"]' "$L"
add_case "c to the end, [ back" "c [" '["c","["]' "$L"
add_case "predict: s s s y" "s s s y" '["s","s","s","y"]' "$tmp/predict" predict
add_case "predict: s n s s n" "s n s s n" '["s","n","s","s","n"]' \
    "$tmp/predict" predict
add_case "legacy: g 200 Enter" "g 200 Enter" '["g",{"type":"200"},"Enter"]' \
    "$tmp/legacy"
add_case "recording: ] ] ] ] s s s s s" "] ] ] ] s s s s s" \
    '["]","]","]","]","s","s","s","s","s"]' "$tmp/rec"
add_case "recording: g 700 Enter" "g 700 Enter" '["g",{"type":"700"},"Enter"]' \
    "$tmp/rec"
printf '\n]}\n' >>"$cases"

# browser.js numbers its lines itself: renumber them after ours.
run_browser() {
	NODE_PATH=$top_srcdir/node_modules "$NODE" "$BROWSER_JS" "$@" \
	    >"$tmp/browser.out" 2>&1
	local st=$? line plan=0 failed=0
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "${line#ok * - }" ;;
		"not ok "*) not_ok "${line#not ok * - }"; failed=1 ;;
		1..*) plan=1 ;;
		*) echo "$line" ;;
		esac
	done <"$tmp/browser.out"
	# 0: all passed; 1: some "not ok" above. Anything else, or a run
	# that never printed its plan (a crash, a syntax error), fails.
	test "$1" = bench && plan=1	# figures only, no plan
	if test $plan = 0 || { test $st -ne 0 && { test $st -ne 1 ||
	    test $failed = 0; }; }; then
		not_ok "browser.js $1 ran to its end (exit $st)"
	fi
}
run_browser check "$cases"
run_browser a11y "$l1" "$tmp/predict.html" "$tmp/a11y.png"
# For a person to look at (make check keeps it; the build tree's own).
cp "$tmp/shot.png" "${top_builddir-.}/tests/html-shot.png" 2>/dev/null
cp "$tmp/a11y.png" "${top_builddir-.}/tests/html-shot-predict.png" 2>/dev/null
run_browser bench "$l1" 3

tap_end
