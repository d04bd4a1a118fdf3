#!/bin/sh
# i18n.sh - the Korean and Japanese messages (po/): the catalogues are
# complete and in step with the sources, --lang and the locale pick the
# language, English stays as it was, and a figure renders with Korean
# labels.
#
# POSIX sh; TAP output.  Needs GNU gettext's tools (XGETTEXT, MSGMERGE,
# MSGATTRIB, MSGFMT from configure; their checks are skipped without
# them) and the compiled catalogues of the build tree (VMALAB_LOCALEDIR,
# set by make check).

. "${top_srcdir-.}/tests/tap.sh"
tap_start i18n
po=$top_srcdir/po
XGETTEXT=${XGETTEXT-xgettext}
MSGMERGE=${MSGMERGE-msgmerge}
MSGATTRIB=${MSGATTRIB-msgattrib}
MSGFMT=${MSGFMT-msgfmt}
VMALAB_LOCALEDIR=${VMALAB_LOCALEDIR-$(dirname "$VMALAB")/po/locale}
export VMALAB_LOCALEDIR

not_ok() {
	tap_not_ok "$1"
	if test -s "$tmp/err"; then sed 's/^/# /' "$tmp/err" | head -20; fi
}

# has PATTERN FILE DESCRIPTION: ok when FILE holds PATTERN (grep -F).
has() {
	if grep -Fq -- "$1" "$2"; then ok "$3"; else
		: >"$tmp/err"; sed 's/^/> /' "$2" | head -20 >"$tmp/err"
		not_ok "$3"
	fi
}

# ---- the catalogues -------------------------------------------------------

# po_problems PO POT: what is wrong with the catalogue PO against the
# sources' POT, one line each; nothing when it is complete and clean.
po_problems() {
	"$MSGMERGE" --quiet --no-location -o "$tmp/merged.po" "$1" "$2" ||
		{ echo "msgmerge failed on $1"; return; }
	"$MSGATTRIB" --untranslated --no-obsolete --no-location \
	    "$tmp/merged.po" | sed -n 's/^msgid "\(..*\)"$/untranslated: \1/p'
	"$MSGATTRIB" --only-fuzzy --no-obsolete --no-location "$1" |
	    sed -n 's/^msgid "\(..*\)"$/fuzzy: \1/p'
	"$MSGATTRIB" --only-obsolete --no-location "$1" |
	    sed -n 's/^#~ msgid "\(..*\)"$/obsolete: \1/p'
	"$MSGATTRIB" --only-obsolete --no-location "$tmp/merged.po" |
	    sed -n 's/^#~ msgid "\(..*\)"$/no longer in the sources: \1/p'
	"$MSGFMT" --check -o /dev/null "$1" 2>&1 | sed 's/^/msgfmt: /'
}

if command -v "$XGETTEXT" >/dev/null 2>&1 &&
    command -v "$MSGMERGE" >/dev/null 2>&1 &&
    command -v "$MSGATTRIB" >/dev/null 2>&1; then
	# The sources' strings now, as make update-po extracts them.
	(cd "$top_srcdir" && eval "\"\$XGETTEXT\" $XGETTEXT_FLAGS" \
	    -f po/POTFILES -o "$tmp/vmalab.pot") 2>"$tmp/err"
	if test -s "$tmp/vmalab.pot"; then
		ok "xgettext extracts the strings of po/POTFILES"
	else
		not_ok "xgettext extracts the strings of po/POTFILES"
	fi
	for l in $(cat "$po/LINGUAS"); do
		po_problems "$po/$l.po" "$tmp/vmalab.pot" >"$tmp/err"
		if test ! -s "$tmp/err"; then
			ok "po/$l.po: every string translated, none fuzzy or obsolete"
		else
			not_ok "po/$l.po: every string translated, none fuzzy or obsolete (run make update-po and translate)"
		fi
	done
	# The check itself: a catalogue with a string taken out, one marked
	# fuzzy and one left over must each be caught.
	awk 'BEGIN { n = 0 } /^msgid "Key"$/ { print; getline;
	    print "msgstr \"\""; next } { print }' "$po/ko.po" >"$tmp/bad1.po"
	po_problems "$tmp/bad1.po" "$tmp/vmalab.pot" >"$tmp/out"
	has 'untranslated: Key' "$tmp/out" \
	    "the check catches a string with no translation"
	awk '/^msgid "Key"$/ { print "#, fuzzy" } { print }' "$po/ja.po" \
	    >"$tmp/bad2.po"
	po_problems "$tmp/bad2.po" "$tmp/vmalab.pot" >"$tmp/out"
	has 'fuzzy: Key' "$tmp/out" "the check catches a fuzzy entry"
	{ cat "$po/ja.po"; printf '\n#~ msgid "gone"\n#~ msgstr "x"\n'; } \
	    >"$tmp/bad3.po"
	po_problems "$tmp/bad3.po" "$tmp/vmalab.pot" >"$tmp/out"
	has 'obsolete: gone' "$tmp/out" "the check catches an obsolete entry"
	# po/vmalab.pot is the one make update-po would write.
	sed '/^"POT-Creation-Date:/d' "$po/vmalab.pot" >"$tmp/a.pot"
	sed '/^"POT-Creation-Date:/d' "$tmp/vmalab.pot" >"$tmp/b.pot"
	if cmp -s "$tmp/a.pot" "$tmp/b.pot"; then
		ok "po/vmalab.pot is in step with the sources"
	else
		diff "$tmp/a.pot" "$tmp/b.pot" >"$tmp/err"
		not_ok "po/vmalab.pot is in step with the sources (make update-po)"
	fi
else
	skip "the catalogues' checks" "GNU gettext's tools not found"
fi

# ---- the language of the program ------------------------------------------

if test ! -f "$VMALAB_LOCALEDIR/ko/LC_MESSAGES/vmalab.mo"; then
	skip "the translated program" "no catalogue in $VMALAB_LOCALEDIR (--disable-nls?)"
	tap_end
	exit $?
fi

# In C, so that nothing but --lang or LANGUAGE picks the language.
LC_ALL=C
LANG=C
unset LANGUAGE LC_MESSAGES
export LC_ALL LANG

"$VMALAB" --lang ko --help >"$tmp/out" 2>&1
has '사용법: vmalab' "$tmp/out" "--lang ko: --help in Korean"
has '엔진 함수의 번호 붙은 리스팅을 출력' "$tmp/out" \
    "--lang ko: a command's summary in Korean"
"$VMALAB" listing --lang=ja >"$tmp/out" 2>&1
has '番号付きリスティングのある関数' "$tmp/out" \
    "--lang=ja after the command: listing in Japanese"
has 'sys_brk' "$tmp/out" "--lang ja: function names stay as they are"
LC_ALL=C.UTF-8 LANGUAGE=ja "$VMALAB" dot --bogus >"$tmp/out" 2>&1
has '不明なオプション --bogus' "$tmp/out" \
    "LANGUAGE=ja (in C.UTF-8): a usage error in Japanese"
LC_ALL=C.UTF-8 LANGUAGE=ko "$VMALAB" quiz --seed 3 --layout x \
    >"$tmp/out" 2>&1
has "--layout은 legacy 또는 topdown입니다" "$tmp/out" \
    "LANGUAGE=ko: vmalab quiz's error in Korean"

# The locale of the class's machines may lack ko_KR.UTF-8: LOCPATH hides
# every generated locale, leaving glibc's built-in C.UTF-8.
LOCPATH=/nonexistent "$VMALAB" --lang ko --help >"$tmp/out" 2>&1
has '사용법: vmalab' "$tmp/out" \
    "--lang ko works without a generated ko_KR.UTF-8 locale"

# The quiz asked in Korean: prompts, marks and the explanation.
printf '0x1\n\n' | "$VMALAB" --lang ko quiz --seed 42 --ask \
    >"$tmp/out" 2>&1
has '반환값은? ' "$tmp/out" "--lang ko quiz: the value prompt"
has '결정한 판단은? ' "$tmp/out" "--lang ko quiz: the decision prompt"
has '값: 오답; 반환값은' "$tmp/out" "--lang ko quiz: a wrong value marked"
has '점수:' "$tmp/out" "--lang ko quiz: the score"
printf '0x1\n\n' | "$VMALAB" --lang ja quiz --seed 42 --ask \
    >"$tmp/out" 2>&1
has '戻り値は? ' "$tmp/out" "--lang ja quiz: the value prompt"
has '成立' "$tmp/out" "--lang ja quiz: the trace excerpt's outcome"

# The decisions' explanations (engine/trace/decisions.c, handed out by
# decision_explain): the id stays, the sentence is the reader's language.
printf '0x1\n\n' | "$VMALAB" --lang ko quiz --seed 42 --ask >"$tmp/out" 2>&1
has 'sys_brk.below_min_brk, 성립. brk(NULL)은 프로그램이(그리고 malloc이 첫 호출 때) 시작할 때 하듯 브레이크가 어디인지 묻는 것입니다' \
    "$tmp/out" "--lang ko: sys_brk.below_min_brk explained in Korean"
printf '0x1\n\n' | "$VMALAB" --lang ja quiz --seed 42 --ask >"$tmp/out" 2>&1
has 'sys_brk.below_min_brk、成立。brk(NULL) は、プログラムが (そして malloc が最初の呼び出しで) 起動時にするように、ブレークの位置を尋ねるものです' \
    "$tmp/out" "--lang ja: sys_brk.below_min_brk explained in Japanese"
printf '0x1\n\n' | "$VMALAB" --lang en quiz --seed 42 --ask >"$tmp/out" 2>&1
has 'sys_brk.below_min_brk, taken. brk(NULL) asks where the break is, as a program (and malloc on its first call) does at start' \
    "$tmp/out" "--lang en: sys_brk.below_min_brk explained in English"

# The other commands' --help and messages (cmd-run.c, cmd-record.c ...).
"$VMALAB" --lang ko run --help >"$tmp/out" 2>&1
has '시작 상태(옵션이 시나리오의 지시문보다 우선합니다):' "$tmp/out" \
    "--lang ko run --help: the options' headings in Korean"
has '  --trace-file FILE  트레이스를 표준 출력 대신 FILE에 씀' "$tmp/out" \
    "--lang ko run --help: an option's help in Korean, the option as it is"
"$VMALAB" --lang ja record --help >"$tmp/out" 2>&1
has 'PROG をアドレス空間のランダム化を切って' "$tmp/out" \
    "--lang ja record --help: in Japanese"
"$VMALAB" --lang ja run --layout x >"$tmp/out" 2>&1
has "vmalab: --layout: legacy か topdown が必要ですが 'x' があります" \
    "$tmp/out" "--lang ja run --layout x: the usage error in Japanese"
"$VMALAB" --lang ko scenario nosuch >"$tmp/out" 2>&1
has "vmalab: 내장 시나리오 'nosuch'이(가) 없습니다" "$tmp/out" \
    "--lang ko scenario nosuch: the error in Korean"

# English: --lang en is the program as it was, even under LANGUAGE=ko.
: >"$tmp/in"
same_en() {
	desc=$1
	shift
	"$VMALAB" "$@" <"$tmp/in" >"$tmp/plain" 2>&1
	LC_ALL=C.UTF-8 LANGUAGE=ko "$VMALAB" --lang en "$@" <"$tmp/in" \
	    >"$tmp/en" 2>&1
	if cmp -s "$tmp/plain" "$tmp/en" && test -s "$tmp/en"; then
		ok "--lang en: $desc unchanged"
	else
		diff "$tmp/plain" "$tmp/en" >"$tmp/err"
		not_ok "--lang en: $desc unchanged"
	fi
}
same_en "--help" --help
same_en "dot --help" dot --help
same_en "listing" listing
same_en "dot -T dot --search --legend --strip" dot -T dot --search \
    --legend --strip
same_en "quiz --seed 7 --answers" quiz --seed 7 --answers
same_en "a usage error" run --bogus
for c in run maps record snapshot scenario html grade bench; do
	same_en "$c --help" "$c" --help
done
same_en "run --layout x" run --layout x
same_en "scenario nosuch" scenario nosuch
same_en "grade --list" grade --list
same_en "the html page" html
printf '0x1\n?\n\n' >"$tmp/in"
same_en "the quiz, asked" quiz --seed 42 --ask
: >"$tmp/in"
if "$VMALAB" --help | grep -q '[^ -~]'; then
	not_ok "plain --help is ASCII English"
else
	ok "plain --help is ASCII English"
fi

# Bad languages.
"$VMALAB" --lang xx run >"$tmp/out" 2>"$tmp/err"
rc=$?
if test "$rc" -eq 2 && grep -q "unknown language 'xx' for --lang: expected ko (Korean), ja (Japanese) or en (English)" "$tmp/err"; then
	ok "--lang xx: a usage error naming ko, ja and en"
else
	not_ok "--lang xx: a usage error naming ko, ja and en (exit $rc)"
fi
"$VMALAB" run --lang >"$tmp/out" 2>"$tmp/err"
rc=$?
if test "$rc" -eq 2 && grep -q "option --lang needs an argument" "$tmp/err"; then
	ok "--lang with no argument: a usage error"
else
	not_ok "--lang with no argument: a usage error (exit $rc)"
fi
VMALAB_LOCALEDIR=$tmp/none "$VMALAB" --lang ja listing >"$tmp/out" \
    2>"$tmp/err"
if grep -q "no catalogue $tmp/none/ja/LC_MESSAGES/vmalab.mo" "$tmp/err" &&
    grep -q '^Functions with a numbered listing' "$tmp/out"; then
	ok "--lang ja with no catalogue: says so, and speaks English"
else
	not_ok "--lang ja with no catalogue: says so, and speaks English"
fi

# ---- the grader's feedback ------------------------------------------------

# lab3's reference with the off-by-one of tests/data/labs/mutants.txt
# (> for >=): the diff of the decisions, in Korean and in Japanese.
mkdir -p "$tmp/lab3"
sh "$top_srcdir/labs/mklab.sh" solution "$top_srcdir" lab3 unmapped_area.c |
    sed 's/gap_end - gap_start >= length, V(gap_start)/gap_end - gap_start > length, V(gap_start)/' \
    >"$tmp/lab3/unmapped_area.c"
"$VMALAB" --lang ko grade lab3 "$tmp/lab3" skip-small-gaps >"$tmp/out" 2>&1
if test $? -eq 2; then
	skip "the grader's feedback in Korean and Japanese" "grading cannot run here"
else
	has '첫 차이는 unmapped_area의 스텝 14에 있습니다(판단 14):' "$tmp/out" \
	    "grade --lang ko: where the decisions part, in Korean"
	has 'unmapped_area.gap_fits: 이 VMA 바로 아래의 gap 영역이 충분히 길고' \
	    "$tmp/out" "grade --lang ko: the decision's explanation in Korean"
	has '양쪽이 같은 값을 읽었으므로 조건 자체가 다릅니다.' "$tmp/out" \
	    "grade --lang ko: the diagnosis in Korean"
	has '작성한 코드는 0x1000a000을(를), 커널은 0x10006000을(를) 반환합니다.' \
	    "$tmp/out" "grade --lang ko: the results compared, in Korean"
	has '확인 내용: ' "$tmp/out" "grade --lang ko: what a test checks, in Korean"
	"$VMALAB" --lang ja grade lab3 "$tmp/lab3" skip-small-gaps \
	    >"$tmp/out" 2>&1
	has '最初の違いは unmapped_area のステップ 14 にあります (判断 14):' \
	    "$tmp/out" "grade --lang ja: where the decisions part, in Japanese"
	has 'そこまで 13 ステップが一致しました。' "$tmp/out" \
	    "grade --lang ja: the steps that agreed, in Japanese"
fi

# ---- vmalab html's page ----------------------------------------------------

# The page's texts (page.html, page.js's tr()) and their translatable copy
# (graphs/html-text.c) agree; a text missing from the copy is caught.
if command -v python3 >/dev/null 2>&1; then
	python3 "$top_srcdir/tests/i18n-page.py" "$top_srcdir" >"$tmp/err" 2>&1
	if test ! -s "$tmp/err"; then
		ok "the page's texts are all in graphs/html-text.c"
	else
		not_ok "the page's texts are all in graphs/html-text.c"
	fi
	mkdir -p "$tmp/top/graphs/page"
	cp "$top_srcdir/graphs/page/page.html" "$top_srcdir/graphs/page/page.js" \
	    "$tmp/top/graphs/page/"
	grep -v 'N_("Close"),' "$top_srcdir/graphs/html-text.c" \
	    >"$tmp/top/graphs/html-text.c"
	python3 "$top_srcdir/tests/i18n-page.py" "$tmp/top" >"$tmp/out" 2>&1
	has "not in graphs/html-text.c: 'Close'" "$tmp/out" \
	    "the check catches a page text missing from graphs/html-text.c"
else
	skip "the page's texts against graphs/html-text.c" "no python3"
fi
"$VMALAB" --lang ko html -o "$tmp/ko.html" 2>"$tmp/err"
has '<html lang="ko">' "$tmp/ko.html" "html --lang ko: the page says it is Korean"
has '"Decision":"판단"' "$tmp/ko.html" "html --lang ko: a heading in Korean"
has '"next line, over calls (n)":"다음 라인, 호출은 건너뜀 (n)"' "$tmp/ko.html" \
    "html --lang ko: a button's title in Korean"
has '"TAKEN":"성립"' "$tmp/ko.html" "html --lang ko: the outcome in Korean"
has '브레이크가 어디인지 묻는 것입니다' "$tmp/ko.html" \
    "html --lang ko: the decisions' explanations in Korean"
has '"id":"sys_brk.below_min_brk"' "$tmp/ko.html" \
    "html --lang ko: decision ids stay as they are"
"$VMALAB" --lang ja html -o "$tmp/ja.html" 2>"$tmp/err"
has '<html lang="ja">' "$tmp/ja.html" "html --lang ja: the page says it is Japanese"
has '"Call stack":"呼び出しスタック"' "$tmp/ja.html" \
    "html --lang ja: a heading in Japanese"
has 'ブレークの位置を尋ねるものです' "$tmp/ja.html" \
    "html --lang ja: the decisions' explanations in Japanese"
"$VMALAB" html -o "$tmp/en.html" 2>"$tmp/err"
if grep -q '<html lang="en">' "$tmp/en.html" &&
    ! grep -q '"text":{' "$tmp/en.html"; then
	ok "html in English: lang en and no translation map"
else
	not_ok "html in English: lang en and no translation map"
fi

# ---- a figure with Korean labels -------------------------------------------

"$VMALAB" --lang ko dot -T dot --search --legend --strip >"$tmp/ko.dot" \
    2>"$tmp/err"
has 'fontname="Noto Sans CJK KR"' "$tmp/ko.dot" \
    "dot --lang ko: the figure's font is Noto Sans CJK KR"
has '범례' "$tmp/ko.dot" "dot --lang ko: the key in Korean"
has 'unmapped_area_topdown' "$tmp/ko.dot" \
    "dot --lang ko: function names stay as they are"
if ! fc-list 2>/dev/null | grep -q 'Noto Sans CJK'; then
	skip "dot --lang ko renders a PNG" "no Noto CJK font (Debian: fonts-noto-cjk)"
elif "$VMALAB" --lang ko dot --search --legend -o "$tmp/ko.png" \
    2>"$tmp/err" && test "$(head -c 4 "$tmp/ko.png" | od -An -c |
    tr -d ' ')" = '211PNG' ; then
	ok "dot --lang ko renders a PNG"
elif grep -q 'plugins are not configured\|플러그인' "$tmp/err"; then
	skip "dot --lang ko renders a PNG" "Graphviz plugins not configured"
else
	not_ok "dot --lang ko renders a PNG"
fi

tap_end
