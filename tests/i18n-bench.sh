#!/bin/sh
# i18n-bench.sh - vmalab bench's report in Korean and Japanese: its
# headings and words translated, its tables' columns lined up on a
# terminal (a Korean or Japanese character takes two columns and three
# bytes, so padding by bytes would not), English as it was; and vmalab
# html's errors in Korean.
#
# POSIX sh and python3 (unicodedata.east_asian_width measures the
# columns); TAP output.  Small runs: a benchmark's figures are not judged
# here, only how they are printed.

. "${top_srcdir-.}/tests/tap.sh"
tap_start i18n-bench
VMALAB_LOCALEDIR=${VMALAB_LOCALEDIR-$(dirname "$VMALAB")/po/locale}
export VMALAB_LOCALEDIR

not_ok() {
	tap_not_ok "$1"
	if test -s "$tmp/err"; then sed 's/^/# /' "$tmp/err" | head -30; fi
}

if test ! -f "$VMALAB_LOCALEDIR/ko/LC_MESSAGES/vmalab.mo"; then
	skip "the translated bench" "no catalogue in $VMALAB_LOCALEDIR (--disable-nls?)"
	tap_end
	exit $?
fi
if ! command -v python3 >/dev/null 2>&1; then
	skip "the translated bench" "no python3 to measure the columns"
	tap_end
	exit $?
fi

LC_ALL=
LANG=C
unset LANGUAGE LC_MESSAGES
export LC_ALL LANG

# The tables and the targets, checked by display columns. Prints what is
# wrong, one line each; nothing when all is well.
cat >"$tmp/check.py" <<'EOF'
import re, sys, unicodedata

def cols(s):
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)

def ends(line):
    """The display columns at which each run of non-spaces ends."""
    out, col, prev = [], 0, ' '
    for c in line:
        if c == ' ' and prev != ' ':
            out.append(col)
        col += cols(c)
        prev = c
    if prev != ' ':
        out.append(col)
    return out

def starts(line):
    out, col, prev = [], 0, ' '
    for c in line:
        if c != ' ' and prev == ' ':
            out.append(col)
        col += cols(c)
        prev = c
    return out

# Words a translated table or target line may keep: ids, units, calls.
keep = set('mmap munmap brk ns ms log VMA vma'.split())
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
bad, tables, i = [], 0, 0
while i < len(lines):
    if not lines[i].endswith(':'):
        i += 1
        continue
    j = i + 1
    while j < len(lines) and lines[j] and not lines[j].startswith('('):
        j += 1
    block = lines[i + 1:j]
    rows = [k for k, l in enumerate(block) if re.match(r'^ +\d+ ', l)]
    # (the targets' block starts with a verdict: not a table)
    if rows and block[0].strip() and not re.match(r'^  \S', block[0]):
        tables += 1
        head, body = block[:rows[0]], block[rows[0]:]
        d = ends(body[0])
        for l in body:
            if ends(l) != d:
                bad.append('row not under the first: %r' % l)
        h = set()
        for l in head:
            h.update(ends(l))
        if not head or not set(d) <= h or max(h) != max(d):
            bad.append('titles %r do not end where the columns %r do'
                       % (head, d))
        for l in block:
            for w in re.findall(r'[A-Za-z]{2,}', l):
                if w not in keep:
                    bad.append('English %r left in %r' % (w, l))
    i = j
want = int(sys.argv[2]) if len(sys.argv) > 2 else 4
if tables != want:
    bad.append('%d tables found, not %d' % (tables, want))
# The targets: each verdict padded to 4 columns, its text at column 7.
t = [l for l in lines if re.match(r'^  \S', l)]
if len(t) < 5:
    bad.append('%d target lines, not 5' % len(t))
for l in t:
    if len(starts(l)) < 2 or starts(l)[1] != 7:
        bad.append('target text not at column 7: %r' % l)
    for w in re.findall(r'[A-Za-z]{2,}', l):
        if w not in keep and w not in ('unmapped', 'area'):
            bad.append('English %r left in %r' % (w, l))
for l in bad:
    print(l)
EOF

# bench LANG ARGS...: a small run, its report in $tmp/LANG.out.
bench() {
	l=$1
	shift
	"$VMALAB" --lang "$l" bench --ops 300 --sizes 300,600 --repeat 1 \
	    --no-seek --no-record "$@" >"$tmp/$l.out" 2>"$tmp/$l.err"
}

# How many tables the English report has here: four, or three where
# instructions cannot be counted (no perf events, and no callgrind: a
# sanitizer build runs under neither). The translations must have as many.
bench en --no-kernel
want=$(python3 "$tmp/check.py" "$tmp/en.out" 4 |
    sed -n 's/^\([0-9]*\) tables found, not 4$/\1/p')
want=${want:-4}

bench ko
python3 "$tmp/check.py" "$tmp/ko.out" "$want" >"$tmp/err" 2>&1
if test $? -eq 0 && test ! -s "$tmp/err"; then
	ok "bench in Korean: its tables (as many as in English), columns lined up, no English word"
else
	sed 's/^/> /' "$tmp/ko.out" >>"$tmp/err"
	not_ok "bench in Korean: its tables (as many as in English), columns lined up, no English word"
fi
if grep -q '^처리량 (호출/s; 실행마다 호출 300번' "$tmp/ko.out" &&
    grep -q '^목표 (vma 영역 600개일 때를 300개일 때와 비교):$' "$tmp/ko.out" &&
    grep -q '^호출 종류별 (호출당 ns' "$tmp/ko.out" &&
    grep -q '^vmalab bench: vma 영역 600개 채우는 중\.\.\.$' "$tmp/ko.err" &&
    ! grep -Eq '^(Throughput|Targets|By kind|The search|Instructions)' \
    "$tmp/ko.out"; then
	ok "bench in Korean: the headings and the progress lines"
else
	: >"$tmp/err"
	not_ok "bench in Korean: the headings and the progress lines"
fi

# Without the live kernel, its columns say n/a in Japanese.
bench ja --no-kernel
python3 "$tmp/check.py" "$tmp/ja.out" "$want" >"$tmp/err" 2>&1
if test $? -eq 0 && test ! -s "$tmp/err"; then
	ok "bench in Japanese (--no-kernel): its tables (as many as in English), columns lined up, no English word"
else
	sed 's/^/> /' "$tmp/ja.out" >>"$tmp/err"
	not_ok "bench in Japanese (--no-kernel): its tables (as many as in English), columns lined up, no English word"
fi
if grep -q '^スループット (' "$tmp/ja.out" &&
    grep -q '^目標 (メモリーリージョン 600 個のときを 300 個のときと比較):$' \
    "$tmp/ja.out" &&
    grep -Eq '^ +300 .* なし +なし$' "$tmp/ja.out" &&
    grep -q '^  なし エンジンが実際のカーネルより速い (計測していません)$' \
    "$tmp/ja.out" &&
    ! grep -q 'n/a' "$tmp/ja.out"; then
	ok "bench in Japanese: the headings, n/a and its target"
else
	: >"$tmp/err"
	not_ok "bench in Japanese: the headings, n/a and its target"
fi

# English is as it was: the same checker finds English words, and the
# titles where they always were.
python3 "$tmp/check.py" "$tmp/en.out" "$want" >"$tmp/err" 2>&1
if grep -q "^English 'growth' left in" "$tmp/err" &&
    ! grep -q "do not end\|not under\|not at column\|tables found" \
    "$tmp/err" &&
    grep -q '^   VMAs  at end      engine      traced   trace  events live kernel  engine/$' \
    "$tmp/en.out" &&
    grep -Eq '^ +300 .* +n/a +n/a$' "$tmp/en.out"; then
	ok "bench in English: its table as before"
else
	sed 's/^/> /' "$tmp/en.out" >>"$tmp/err"
	not_ok "bench in English: its table as before"
fi

# The CSV is for programs: its header stays English in any language.
"$VMALAB" --lang ko bench --ops 300 --sizes 300 --repeat 1 --no-seek \
    --no-record --no-kernel --csv "$tmp/b.csv" >/dev/null 2>"$tmp/err"
if test "$(sed -n 1p "$tmp/b.csv" | cut -d, -f1-3)" = "vmas,vmas_end,calls"; then
	ok "bench --csv in Korean: the header stays English"
else
	not_ok "bench --csv in Korean: the header stays English"
fi

# vmalab html: an error in Korean, and nothing written.
"$VMALAB" --lang ko html -o "$tmp/nodir/x.html" >"$tmp/out" 2>"$tmp/err"
st=$?
if test $st -eq 1 && grep -q "^vmalab: .*/nodir/x\.html\.tmp에 쓸 수 없습니다: " \
    "$tmp/err" && test ! -e "$tmp/nodir"; then
	: >"$tmp/err"
	ok "html -o in a missing directory, in Korean: exit 1, the error translated"
else
	not_ok "html -o in a missing directory, in Korean: exit 1, the error translated (status $st)"
fi

tap_end
