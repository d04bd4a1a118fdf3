#!/bin/sh
# i18n-doc.sh - the manual page and the lab handouts in Korean and
# Japanese (po/doc, translated by po4a): each catalogue is complete and in
# step with the English documents, the translated page renders without a
# warning and names every option the English one does, and a handout
# carries its README in each language with the decision table translated.
#
# POSIX sh; TAP output.  Needs po4a and GNU gettext's tools (PO4A, MSGFMT,
# MSGATTRIB from configure) and the build tree's translated documents (the
# directory of VMALAB, made by make); skipped with the reason without them.

. "${top_srcdir-.}/tests/tap.sh"
tap_start i18n-doc
PO4A=${PO4A-po4a}
MSGATTRIB=${MSGATTRIB-msgattrib}
MSGFMT=${MSGFMT-msgfmt}
build=$(cd "$(dirname "$VMALAB")" && pwd)
VMALAB_LOCALEDIR=${VMALAB_LOCALEDIR-$build/po/locale}

# skip_all WHY: the whole test is skipped (automake's status 77).
skip_all() {
	echo "1..0 # SKIP $1"
	exit 77
}
for t in "$PO4A" "$MSGATTRIB" "$MSGFMT" groff gettext; do
	command -v "$t" >/dev/null 2>&1 ||
		skip_all "$t is not installed (Debian: po4a, gettext, groff)"
done
test -f "$build/po/doc/translated.stamp" ||
	skip_all "no translated documents in $build (configured --disable-nls)"

# entries PO: how many entries, header aside, a msgattrib listing holds.
entries() {
	grep -c '^msgid ' | awk '{ print ($1 > 0 ? $1 - 1 : 0) }'
}

# msgstr_of PO TEXT: the translation of the entry whose msgid begins with
# TEXT (one line of it, unwrapped).
msgstr_of() {
	"$MSGATTRIB" --no-wrap --no-location --no-obsolete "$1" | awk -v t="$2" '
	/^msgid "/ { id = substr($0, 8, length($0) - 8) }
	/^msgstr "/ && index(id, t) == 1 { print substr($0, 9, length($0) - 9); exit }'
}

# ---- the catalogues -------------------------------------------------------

# po4a as make update-po runs it, on copies: what would change.
mkdir -p "$tmp/po/doc"
cp "$top_srcdir"/po/doc/vmalab-doc.pot "$top_srcdir"/po/doc/*.po "$tmp/po/doc/"
"$PO4A" --no-translations --quiet --srcdir "$top_srcdir" --destdir "$tmp" \
    "$top_srcdir/po/doc/po4a.cfg" >"$tmp/err" 2>&1
rc=$?
if test $rc -eq 0 && ! diff "$top_srcdir/po/doc/vmalab-doc.pot" \
    "$tmp/po/doc/vmalab-doc.pot" | grep '^[<>]' | grep -qv 'POT-Creation-Date'; then
	ok "po/doc/vmalab-doc.pot is what po4a extracts from the documents"
else
	tap_not_ok "po/doc/vmalab-doc.pot is what po4a extracts from the documents (make update-po)"
	diff "$top_srcdir/po/doc/vmalab-doc.pot" "$tmp/po/doc/vmalab-doc.pot" |
	    head -20 | sed 's/^/# /'
	sed 's/^/# /' "$tmp/err" | head -5
fi

for l in ko ja; do
	po=$tmp/po/doc/$l.po	# merged with the documents as they are now
	un=$("$MSGATTRIB" --untranslated --no-obsolete "$po" | entries)
	fz=$("$MSGATTRIB" --only-fuzzy --no-obsolete "$po" | entries)
	ob=$("$MSGATTRIB" --only-obsolete "$top_srcdir/po/doc/$l.po" | grep -c '^#~ msgid')
	all=$("$MSGATTRIB" --no-obsolete "$po" | entries)
	if test "$un" -eq 0 && test "$fz" -eq 0 && test "$ob" -eq 0 && test "$all" -gt 200; then
		ok "po/doc/$l.po: all $all paragraphs translated, none fuzzy or obsolete"
	else
		tap_not_ok "po/doc/$l.po: all $all paragraphs translated, none fuzzy or obsolete"
		echo "# untranslated $un, fuzzy $fz, obsolete $ob"
		"$MSGATTRIB" --untranslated --only-fuzzy --no-obsolete "$po" 2>/dev/null |
		    grep -A1 '^msgid' | head -6 | sed 's/^/# /'
	fi
	if "$MSGFMT" --check -o /dev/null "$top_srcdir/po/doc/$l.po" 2>"$tmp/err"; then
		ok "po/doc/$l.po: msgfmt --check"
	else
		tap_not_ok "po/doc/$l.po: msgfmt --check"
		sed 's/^/# /' "$tmp/err" | head -5
	fi
done

# ---- the manual page ------------------------------------------------------

# opts ROFF: the long options a page names, one a line.
opts() {
	grep -o '\\-\\-[a-z][a-z-]*' "$1" | sed 's/\\//g' | sort -u
}
opts "$top_srcdir/doc/vmalab.1" >"$tmp/en-opts"
for l in ko ja; do
	page=$build/doc/$l/vmalab.1
	# As man does (-k: preconv reads the UTF-8). A line of Japanese
	# around a long identifier may not stretch to the margin ("cannot
	# adjust line"): that is layout, not a fault of the page.
	if test -f "$page" &&
	    LC_ALL=C.UTF-8 groff -k -man -Tutf8 -ww "$page" >"$tmp/$l.txt" 2>"$tmp/warn" &&
	    ! grep -v 'cannot adjust line' "$tmp/warn" >"$tmp/err"; then
		ok "doc/$l/vmalab.1 renders without a warning"
	else
		tap_not_ok "doc/$l/vmalab.1 renders without a warning"
		sed 's/^/# /' "$tmp/err" | head -5
	fi
	# The NAME line, as the catalogue translates it.
	name=$(msgstr_of "$top_srcdir/po/doc/$l.po" "vmalab - re-enact")
	name=${name#*- }
	if test -n "$name" && grep -Fq -- "${name%% *}" "$page"; then
		ok "doc/$l/vmalab.1: the NAME line is translated"
	else
		tap_not_ok "doc/$l/vmalab.1: the NAME line is translated"
		echo "# catalogue: $name"
		grep -A1 '^\.SH' "$page" | head -3 | sed 's/^/# /'
	fi
	# Every long option the English page names, the translation names.
	opts "$page" >"$tmp/$l-opts"
	missing=
	while read -r opt; do
		grep -Fxq -- "$opt" "$tmp/$l-opts" || missing="$missing $opt"
	done <"$tmp/en-opts"
	if test -z "$missing" && test -s "$tmp/en-opts"; then
		ok "doc/$l/vmalab.1 names all $(wc -l <"$tmp/en-opts" | tr -d ' ') options of the English page"
	else
		tap_not_ok "doc/$l/vmalab.1 names all the options of the English page"
		echo "# missing:$missing"
	fi
done

# ---- the handouts ---------------------------------------------------------

# lab5's handout, as make handout writes it from the build tree.
sh "$top_srcdir/labs/mkhandout.sh" "$top_srcdir" lab5 "$tmp" "$build" 2>"$tmp/err"
(cd "$tmp" && tar xzf lab5-handout.tar.gz) 2>>"$tmp/err"
h=$tmp/lab5-handout
en="brk(NULL) asks where the break is"
ex=$(sed -n 's/.*\.explain = N_("\(brk(NULL) asks where the break is[^"]*\)").*/\1/p' \
    "$top_srcdir/engine/trace/decisions.c")
for l in ko ja; do
	r=$h/README.$l.md
	if ! test -f "$r"; then
		tap_not_ok "lab5's handout has README.$l.md"
		sed 's/^/# /' "$tmp/err" | head -5
		continue
	fi
	ok "lab5's handout has README.$l.md"
	# The explanation as the messages' catalogue gives it to vmalab itself.
	want=$(LANGUAGE=$l LC_ALL=C.UTF-8 TEXTDOMAINDIR=$VMALAB_LOCALEDIR \
	    gettext -d vmalab -- "$ex")
	row=$(grep -F '| `sys_brk.below_min_brk` |' "$r")
	if test -n "$ex" && test "$want" != "$ex" &&
	    printf '%s\n' "$row" | grep -Fq -- "$want" &&
	    ! printf '%s\n' "$row" | grep -Fq -- "$en"; then
		ok "README.$l.md: the decision table explains brk(NULL) in its language"
	else
		tap_not_ok "README.$l.md: the decision table explains brk(NULL) in its language"
		echo "# row: $row"
		echo "# catalogue: $want"
	fi
	# Its column titles and its "Your vmalab" section are translated.
	if grep -q '^|---|---|---|$' "$r" &&
	    ! grep -Fq '| decision id | in the reading |' "$r" &&
	    ! grep -Fq 'Build vmalab for this lab, from its source tree' "$r" &&
	    grep -Fq -- '--enable-student=lab5' "$r" && ! grep -q '@DECISIONS\|@LAB@' "$r"; then
		ok "README.$l.md: table titles and the student build's section translated"
	else
		tap_not_ok "README.$l.md: table titles and the student build's section translated"
		grep -n 'decision\|@\|Build vmalab' "$r" | head -5 | sed 's/^/# /'
	fi
done

tap_end
