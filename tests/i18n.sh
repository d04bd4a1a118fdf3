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

# hasnt PATTERN FILE DESCRIPTION: ok when FILE does not hold PATTERN.
hasnt() {
	if grep -Fq -- "$1" "$2"; then
		: >"$tmp/err"; grep -F -- "$1" "$2" | head -5 | sed 's/^/> /' \
		    >"$tmp/err"
		not_ok "$3"
	else ok "$3"; fi
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

# ---- the grader's own lines, the tests' descriptions, the pictures ---------

# Each grade run twice more: plain, and --lang en under LANGUAGE=ko; the
# two must be byte-identical once the times (0.04s) are masked.
same_en_grade() {
	desc=$1
	shift
	# Both in C.UTF-8: the compiler's quotes follow the locale.
	LC_ALL=C.UTF-8 "$VMALAB" grade "$@" 2>&1 |
	    sed 's/[0-9]*\.[0-9][0-9]s/T/' >"$tmp/plain"
	LC_ALL=C.UTF-8 LANGUAGE=ko "$VMALAB" --lang en grade "$@" 2>&1 |
	    sed 's/[0-9]*\.[0-9][0-9]s/T/' >"$tmp/en"
	if cmp -s "$tmp/plain" "$tmp/en" && test -s "$tmp/en"; then
		ok "--lang en: $desc unchanged"
	else
		diff "$tmp/plain" "$tmp/en" >"$tmp/err"
		not_ok "--lang en: $desc unchanged"
	fi
}

# The null-deref and infinite-loop mutants of tests/data/labs/mutants.txt.
mkdir -p "$tmp/crash" "$tmp/loop"
sh "$top_srcdir/labs/mklab.sh" solution "$top_srcdir" lab3 unmapped_area.c \
    >"$tmp/ref.c"
sed 's/gap_end >= low_limit \&\& vma->vm_rb.rb_left, V(gap_end)/gap_end >= low_limit, V(gap_end)/' \
    "$tmp/ref.c" >"$tmp/crash/unmapped_area.c"
sed 's/SET(vma, left);/STEP;/' "$tmp/ref.c" >"$tmp/loop/unmapped_area.c"
"$VMALAB" --lang ko grade lab3 "$tmp/crash" lowest-gap >"$tmp/ko" 2>&1
if test $? -eq 2; then
	skip "the grader's own lines in Korean and Japanese" "grading cannot run here"
else
	has '작성한 코드가 테스트 lowest-gap에서 충돌했습니다(SIGSEGV: 세그멘테이션 폴트' \
	    "$tmp/ko" "grade --lang ko: a crash in Korean"
	has 'NULL 바로 옆입니다: NULL 포인터를 따라갔나요?' "$tmp/ko" \
	    "grade --lang ko: the NULL hint in Korean"
	has '작성한 코드에서 마지막으로 실행된 라인은 unmapped_area.c:' "$tmp/ko" \
	    "grade --lang ko: the crash's last line in Korean"
	hasnt 'Your code crashed' "$tmp/ko" "grade --lang ko: no English crash line"
	has '점수: 0/2' "$tmp/ko" "grade --lang ko: the score in Korean"
	hasnt 'Score:' "$tmp/ko" "grade --lang ko: no English score line"
	has '확인 내용: 모든 VMA 아래의 첫 gap 영역에 들어갑니다.' "$tmp/ko" \
	    "grade --lang ko: the test's description in Korean"
	hasnt 'the first gap, below every VMA' "$tmp/ko" \
	    "grade --lang ko: no English description"
	has 'FAIL  lowest-gap ' "$tmp/ko" "grade --lang ko: test names stay"
	has 'lab3: 확장된 트리로 아래에서 위로 찾는 unmapped_area (unmapped_area.c)' \
	    "$tmp/ko" "grade --lang ko: the lab's title in Korean"
	"$VMALAB" --lang ja grade lab3 "$tmp/loop" --cpu 0.5 lowest-gap \
	    >"$tmp/ja" 2>&1
	has 'あなたのコードが CPU 時間を使い切ったので止めました。' "$tmp/ja" \
	    "grade --lang ja: a time-out in Japanese"
	hasnt 'used up' "$tmp/ja" "grade --lang ja: no English time-out"
	has '得点: 0/2' "$tmp/ja" "grade --lang ja: the score in Japanese"
	# Gradescope: what programs read stays; the prose is translated.
	LC_ALL=C.UTF-8 LANGUAGE=ko "$VMALAB" --lang ko grade lab3 \
	    "$tmp/crash" lowest-gap --json "$tmp/ko.json" >/dev/null 2>&1
	"$VMALAB" grade lab3 "$tmp/crash" lowest-gap --json "$tmp/en.json" \
	    >/dev/null 2>&1
	for k in '"name": "lowest-gap"' '"status": "failed"' '"score": 0' \
	    '"visibility": "visible"'; do
		has "$k" "$tmp/ko.json" "grade --lang ko --json: $k as in English"
	done
	has 'Your code crashed in test lowest-gap' "$tmp/en.json" \
	    "grade --json: English feedback without --lang"
	if grep -q 'Your code crashed' "$tmp/ko.json"; then
		not_ok "grade --lang ko --json: the feedback translated"
	else
		ok "grade --lang ko --json: the feedback translated"
	fi
	same_en_grade "a crash's feedback" lab3 "$tmp/crash" lowest-gap
	same_en_grade "a time-out's feedback" lab3 "$tmp/loop" --cpu 0.5 \
	    lowest-gap

	# The picture: a Korean label is two columns a character, and the
	# marks still stand under the right columns (wc -L counts columns).
	"$VMALAB" grade lab3 "$tmp/lab3" exact-fit >"$tmp/en" 2>&1
	"$VMALAB" --lang ko grade lab3 "$tmp/lab3" exact-fit >"$tmp/ko" 2>&1
	"$VMALAB" --lang ja grade lab3 "$tmp/lab3" exact-fit >"$tmp/ja" 2>&1
	has '        커널             ==' "$tmp/ko" \
	    "grade --lang ko: the picture's labels in Korean"
	has '        あなた               ==' "$tmp/ja" \
	    "grade --lang ja: the picture's labels in Japanese"
	for pair in "kernel's|ko|커널" "yours|ko|작성한 코드" "kernel's|ja|カーネル" \
	    "yours|ja|あなた"; do
		en=${pair%%|*}
		rest=${pair#*|}
		l=${rest%%|*}
		w=${rest#*|}
		a=$(grep "^        $en " "$tmp/en" | LC_ALL=C.UTF-8 wc -L)
		b=$(grep "^        $w " "$tmp/$l" | LC_ALL=C.UTF-8 wc -L)
		if test -n "$a" && test "$a" = "$b" && test "$a" -gt 20; then
			ok "grade --lang $l: '$w' marks the columns '$en' does ($a)"
		else
			not_ok "grade --lang $l: '$w' marks the columns '$en' does ($a vs $b)"
		fi
	done
	has '한 칸은 1 페이지이며' "$tmp/ko" "grade --lang ko: the picture's unit in Korean"
	# The decisions compared: taken / not taken padded by columns, so
	# the values after them line up (the two lines read the same values).
	for l in ko ja; do
		a=$(grep 'unmapped_area.gap_fits  *\(성립\|成立\) ' "$tmp/$l" |
		    LC_ALL=C.UTF-8 wc -L)
		b=$(grep 'unmapped_area.gap_fits  *\(불성립\|不成立\) ' "$tmp/$l" |
		    LC_ALL=C.UTF-8 wc -L)
		if test -n "$a" && test "$a" = "$b" && test "$a" -gt 40; then
			ok "grade --lang $l: the values after taken/not taken line up ($a)"
		else
			not_ok "grade --lang $l: the values after taken/not taken line up ($a vs $b)"
		fi
	done
	same_en_grade "the picture" lab3 "$tmp/lab3" exact-fit
fi

# What vmalab grade says before any test runs: code that does not compile,
# a file not handed in.
mkdir -p "$tmp/nocc" "$tmp/nofile"
printf 'this is not C\n' >"$tmp/nocc/unmapped_area.c"
"$VMALAB" --lang ko grade lab3 "$tmp/nocc" lowest-gap >"$tmp/ko" 2>&1
has '작성한 코드가 컴파일되지 않아 어떤 테스트도 실행할 수 없었습니다.' "$tmp/ko" \
    "grade --lang ko: code that does not compile, in Korean"
has '실행하지 않았습니다' "$tmp/ko" "grade --lang ko: the tests not run, in Korean"
"$VMALAB" --lang ja grade lab3 "$tmp/nofile" lowest-gap >"$tmp/ja" 2>&1
has "$tmp/nofile に unmapped_area.c がありません" "$tmp/ja" \
    "grade --lang ja: a file not handed in, in Japanese"
same_en_grade "code that does not compile" lab3 "$tmp/nocc" lowest-gap
same_en_grade "a file not handed in" lab3 "$tmp/nofile" lowest-gap

# The grader program's own usage and errors (run where vmalab grade keeps it).
"$VMALAB" grade lab3 "$tmp/crash" length-overflow --keep >"$tmp/out" 2>&1
kept=$(sed -n 's/^vmalab: the build is kept in //p' "$tmp/out")
if test -n "$kept" && test -x "$kept/grade-lab3"; then
	LANGUAGE=ko "$kept/grade-lab3" --help >"$tmp/ko" 2>&1
	has '사용법: ' "$tmp/ko" "the grader's --help in Korean"
	has '  --list         테스트와 배점을 보이고 끝냅니다' "$tmp/ko" \
	    "the grader's options in Korean, aligned"
	LANGUAGE=ja "$kept/grade-lab3" --bogus >"$tmp/ja" 2>&1
	has '不明なオプション --bogus (--help を見てください)' "$tmp/ja" \
	    "the grader's usage error in Japanese"
	"$kept/grade-lab3" --help >"$tmp/plain" 2>&1
	LANGUAGE=en "$kept/grade-lab3" --help >"$tmp/en" 2>&1
	if cmp -s "$tmp/plain" "$tmp/en" && grep -q '^Usage: ' "$tmp/en"; then
		ok "the grader's --help in English unchanged"
	else
		not_ok "the grader's --help in English unchanged"
	fi
	rm -rf "$kept"
else
	skip "the grader's usage in Korean and Japanese" "no kept build"
fi

# ---- the scenario parser's errors --------------------------------------------

printf '# a bad layout\n%% layout sideways\n' >"$tmp/bad1.scn"
printf 'mmap(NULL, 4096, PROT_READ|PROT_BOGUS, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n' \
    >"$tmp/bad2.scn"
printf 'brk(NULL)\n555555554000-555555555000 r--p 00000000 fe:00 1 /x\n' \
    >"$tmp/bad3.scn"
"$VMALAB" --lang ko run "$tmp/bad1.scn" >"$tmp/out" 2>"$tmp/ko"
rc=$?
has "vmalab: $tmp/bad1.scn:2: 알 수 없는 레이아웃 'sideways'; legacy나 topdown이어야 합니다" \
    "$tmp/ko" "run --lang ko: a scenario error in Korean, at file:line"
if test $rc -ne 0 && ! test -s "$tmp/out"; then
	ok "run --lang ko: the bad scenario fails, nothing printed"
else
	not_ok "run --lang ko: the bad scenario fails, nothing printed (exit $rc)"
fi
hasnt 'unknown layout' "$tmp/ko" "run --lang ko: no English scenario error"
"$VMALAB" --lang ja run "$tmp/bad2.scn" >/dev/null 2>"$tmp/ja"
has "vmalab: $tmp/bad2.scn:1: mmap の保護属性 PROT_BOGUS は不明です" "$tmp/ja" \
    "run --lang ja: a scenario error in Japanese, at file:line"
"$VMALAB" --lang ko run "$tmp/bad3.scn" >/dev/null 2>"$tmp/ko"
has "vmalab: $tmp/bad3.scn:2: /proc/PID/maps 라인은 시스템 콜보다 앞에 와야 합니다(첫 시스템 콜은 1번 라인)" \
    "$tmp/ko" "run --lang ko: a maps line out of place, in Korean"
printf '555555554000-555555553000 r--p 00000000 fe:00 1 /x\n' >"$tmp/bad.maps"
"$VMALAB" --lang ja run --maps "$tmp/bad.maps" "$tmp/in" >/dev/null 2>"$tmp/ja"
has "開始 0x555555554000 が終わり 0x555555553000 より小さくありません" "$tmp/ja" \
    "run --lang ja --maps: a maps error in Japanese"
for f in bad1 bad2 bad3; do
	same_en "the scenario error of $f" run "$tmp/$f.scn"
done
same_en "a maps error" run --maps "$tmp/bad.maps" "$tmp/in"

# ---- vmalab step --keys, and the page without JavaScript -----------------------

"$VMALAB" --lang ko step --dump --keys 'Click:a' >"$tmp/out" 2>"$tmp/ko"
has "vmalab: --keys: 'Click:a': Click:COL,ROW 형식이어야 합니다" "$tmp/ko" \
    "step --lang ko: a --keys error in Korean"
"$VMALAB" --lang ja step --dump --keys 'Resize:0x0' >"$tmp/out" 2>"$tmp/ja"
has "vmalab: --keys: 'Resize:0x0': Resize:COLSxROWS の形にしてください" \
    "$tmp/ja" "step --lang ja: a --keys error in Japanese"
same_en "a --keys error" step --dump --keys 'Click:a'
"$VMALAB" --lang ko html -o "$tmp/nos-ko.html" 2>"$tmp/err"
"$VMALAB" --lang ja html -o "$tmp/nos-ja.html" 2>"$tmp/err"
has '<noscript><p>이 페이지는 기록된 실행을 JavaScript로 한 스텝씩 보여 줍니다.' \
    "$tmp/nos-ko.html" "html --lang ko: the noscript text in Korean"
hasnt '<noscript><p>This page' "$tmp/nos-ko.html" \
    "html --lang ko: no English noscript text"
has '<noscript><p>このページは記録された実行を JavaScript で 1 ステップずつ見せます。' \
    "$tmp/nos-ja.html" "html --lang ja: the noscript text in Japanese"
hasnt '<noscript><p>This page' "$tmp/nos-ja.html" \
    "html --lang ja: no English noscript text"

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
    ! grep -q '"text":{' "$tmp/en.html" &&
    grep -q '<noscript><p>This page steps through a recorded run with JavaScript; turn it on to use it.</p></noscript>' "$tmp/en.html"; then
	ok "html in English: lang en, no translation map, noscript in English"
else
	not_ok "html in English: lang en, no translation map, noscript in English"
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
