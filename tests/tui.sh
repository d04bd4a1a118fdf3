#!/bin/bash
# tests/tui.sh - the stepper, for real.
#
#   1. Headless: `vmalab step --keys ... --dump` screens compared with
#      tests/data/tui/*.txt exactly (VMALAB_REGEN=1 rewrites them: read the
#      diff before committing), and its errors.
#   2. The seek benchmark (tests/bench-seek): the figures go to the log.
#   3. In tmux, on a private server (-L vmalab-test-PID): the highlighted
#      line moves as expected; n then N gives back exactly the screen
#      before; a breakpoint stops c; g goes to a step; mid-rotation
#      (step 370) the detached subtree shows beside the tree and is back
#      in it at 374; a resize to 20x6
#      and back gives back the same screen; a click on a listing line sets
#      a breakpoint (and one on a label is refused); the tree fills a
#      200x50 screen and folds, saying so, at 120x40 and 80x24; ? is the
#      legend; the cursor and a conditional breakpoint typed at ':';
#      --predict hides the values until answered, asks where a brk
#      leaves the break (typed, picked) and where an mmap lands, keeps
#      a score per kind on the status line and prints its summary
#      after q; q, Ctrl-C and SIGTERM all leave the terminal as it
#      was (stty -a unchanged, cursor visible, main screen); plain
#      `vmalab` opens the stepper; NO_COLOR gives no colours; a fatal
#      error (VMALAB_TEST_FAIL_STEP) restores the terminal, then prints.
#
# Exit 0 pass, 1 fail, 77 skip (no tmux: after the headless part passed).

set -u

VMALAB=${VMALAB:-$PWD/vmalab}
top_srcdir=${top_srcdir:-${srcdir:-.}}
top_builddir=${top_builddir:-.}
data=$top_srcdir/tests/data/tui
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmalab-tui.XXXXXX") || exit 1
status=0
sock=vmalab-test-$$
TMUX_BIN=${TMUX_PROG:-$(command -v tmux || true)}

cleanup() {
	if [ -n "$TMUX_BIN" ]; then
		"$TMUX_BIN" -L "$sock" kill-server >/dev/null 2>&1
		rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	status=1
}

# ---- 1. headless screens ----------------------------------------------------

# dump NAME [step options...]: the screen must equal $data/NAME.txt.
dump() {
	local name=$1 out=$tmp/$1.txt
	shift
	if ! LC_ALL=C.UTF-8 "$VMALAB" step --dump "$@" >"$out" 2>"$tmp/err"; then
		fail "$name: vmalab step --dump $*: $(cat "$tmp/err")"
		return
	fi
	if [ "${VMALAB_REGEN:-}" = 1 ]; then
		cp "$out" "$data/$name.txt"
		echo "regenerated $data/$name.txt"
	elif ! diff -u "$data/$name.txt" "$out"; then
		fail "$name: the screen differs from $data/$name.txt"
	fi
}

dump start --ascii
dump step4 --ascii --keys "s s s"
dump step5 --ascii --keys "s s s s"
dump go-left --ascii --size 100x30 --keys "/ go_left Enter"
dump found --size 120x40 --keys "g 964 Enter"
dump predict --ascii --predict --keys "s s s"
dump predict-answered --ascii --predict --keys "s s s y s s s n"
dump breakpoint --ascii --keys "s s s Space c"
dump tiny --ascii --keys "s s s s Resize:20x6"
dump zoom --ascii --size 100x30 --keys "g 934 Enter + +"
dump help --ascii --keys "?"
dump help-page2 --keys "? PgDn"
dump tree-80x24 --keys "] ] ] ] ] ] ] ] ] / clip_high Enter"
dump tree-120x40 --size 120x40 --keys "] ] ] ] ] ] ] ] ] / clip_high Enter"
dump tree-200x50 --size 200x50 --keys "] ] ] ] ] ] ] ] ] / clip_high Enter"
dump tree-grown --keys "] ] ] ] ] ] ] ] ] / clip_high Enter +"
dump refused --keys "s s s Down Down Down Space"
dump cond-break --size 100x30 --keys ": b Space unmapped_area_topdown.go_left Space taken Enter c"
dump info-b --keys ": b Space sys_brk:15 Enter : b Space length Space > Space 0x10000 Enter : info Space b Enter"
dump only-search --keys "u ] ] ]"
# The brks of lecture1 ask where the break will be (brk(NULL) asks
# nothing: the bar's title says it); the first mmap where it lands.
dump predict-brk --predict --keys "] ]"
dump predict-brk-pick --predict --keys "] ] Right Right Right Enter"
dump predict-addr --predict --keys "] ] 0x55555557a000 Enter ] 0x55555559b000 Enter ]"
dump predict-addr-pick --predict --keys "] ] 0x55555557a000 Enter ] 0x55555559b000 Enter ] Right Right"
# The allocator (scenario malloc, on standard input): the pointer malloc
# returns, then the brk it makes (a system call inside the call).
"$VMALAB" scenario malloc >"$tmp/malloc.scn"
dump predict-malloc --predict - <"$tmp/malloc.scn"
dump predict-malloc-brk --predict --keys "0x5555555592a0 Enter / brk(0x5 Enter Right Right Right" - <"$tmp/malloc.scn"
dump predict-gap --predict --size 120x40 --keys "g 203 Enter Right Right"
dump predict-gap-answered --predict --size 120x40 --keys "g 203 Enter Right Right Enter"

# A screen is a function of the step: n N, resizes and help leave no trace.
LC_ALL=C.UTF-8 "$VMALAB" step --dump --keys "g 200 Enter" >"$tmp/a.txt"
LC_ALL=C.UTF-8 "$VMALAB" step --dump \
    --keys "g 200 Enter n N Resize:20x6 Resize:80x24 ? q" >"$tmp/b.txt"
cmp -s "$tmp/a.txt" "$tmp/b.txt" ||
    fail "g 200, n N, a resize and help do not give back the same screen"

# A rotation over two steps: on entering rb_rotate_left (step 367 of
# lecture1) the two nodes it turns are marked '!' (x 555555558000 black
# above, y 555555559000 red below); at the rotation's own step (376) the
# same two are marked again, y now above x.
LC_ALL=C.UTF-8 "$VMALAB" step --dump --size 120x40 --keys "g 367 Enter" >"$tmp/rot1.txt"
LC_ALL=C.UTF-8 "$VMALAB" step --dump --size 120x40 --keys "g 376 Enter" >"$tmp/rot2.txt"
grep -q "rotation to come" "$tmp/rot1.txt" || fail "step 367: no rotation to come"
grep -q "this step's rotate" "$tmp/rot2.txt" || fail "step 376: no rotation"
for f in rot1 rot2; do
	grep -q '!B 555555558000' "$tmp/$f.txt" && grep -q '![RB] 555555559000' "$tmp/$f.txt" ||
	    fail "$f: the rotation's two nodes are not both marked"
done
row() { grep -n "$1" "$2" | head -1 | cut -d: -f1; }
[ "$(row '!B 555555558000' "$tmp/rot1.txt")" -lt "$(row '!R 555555559000' "$tmp/rot1.txt")" ] ||
    fail "before the rotation x is not above y"
[ "$(row '![RB] 555555559000' "$tmp/rot2.txt")" -lt "$(row '!B 555555558000' "$tmp/rot2.txt")" ] ||
    fail "after the rotation y is not above x"

# Mid-rotation every VMA is shown. At steps 370-373 of lecture1
# (x->rb_right = y->rb_left has run, rb_change_child not yet) the heap's
# node y and its child, the new mapping, hang from no node: the title
# still counts 22, they are drawn apart at the right of the tree under
# "detached:" (y marked '!'), and the bar's list keeps them. Before and
# after, nothing is detached.
dump detached --size 120x40 --keys "g 370 Enter"
for size in 80x24 120x40 200x50; do
	for st in 367 368 369 370 371 372 373 374 375 376; do
		out=$tmp/rot-$size-$st.txt
		LC_ALL=C.UTF-8 "$VMALAB" step --dump --size $size --keys "g $st Enter" >"$out"
		if [ $st -ge 370 ] && [ $st -le 373 ]; then
			grep -q "rbtree: 22 VMAs (2 detached)" "$out" &&
			    grep -q "│detached:" "$out" &&
			    grep -q "│ *!R 555555559000" "$out" &&
			    grep -q "R 7ffff7da1000" "$out" ||
			    fail "$size step $st: the detached subtree is not shown: $(cat "$out")"
			# Apart: at the right of the tree's root.
			[ "$(grep -m1 'detached:' "$out" | sed 's/detached:.*//' | wc -m)" -gt \
			    "$(grep -m1 'B 7ffff7f4e000' "$out" | sed 's/B 7ffff7f4e000.*//' | wc -m)" ] ||
			    fail "$size step $st: the detached subtree is not beside the tree"
		else
			grep -q "rbtree: 22 VMAs, height" "$out" ||
			    fail "$size step $st: not 22 VMAs: $(grep rbtree "$out")"
			grep -q "detached" "$out" && fail "$size step $st: something detached"
		fi
	done
done
grep -q "555555559000-55555559b000 rw-p" "$tmp/rot-120x40-370.txt" &&
    grep -q "7ffff7da1000-7ffff7dd2000 rw-p" "$tmp/rot-120x40-370.txt" ||
    fail "step 370: the maps list misses the detached VMAs"

# Nothing is cut: a message longer than the status row goes on more rows
# (joined again here, a blank for each break), at 80x24 and 40x12.
long_u="[ ] now go only to calls that search for space (get_unmapped_area -> unmapped_area); u again: all"
for size in 80x24 40x12; do
	LC_ALL=C.UTF-8 "$VMALAB" step --dump --size $size --keys "u" |
	    tr '\n' ' ' | tr -s ' ' >"$tmp/joined.txt"
	grep -qF -- "$long_u" "$tmp/joined.txt" ||
	    fail "$size: the message after u is cut: $(cat "$tmp/joined.txt")"
done
LC_ALL=C.UTF-8 "$VMALAB" step --dump --predict --keys "] ] 0x55555557a000 Enter ] 0x55555559b000 Enter ]" |
    tr '\n' ' ' | tr -s ' ' >"$tmp/joined.txt"
grep -qF "predict: where will this mapping land? type 0x... Enter, or Left/Right to pick a gap on the bar" \
    "$tmp/joined.txt" || fail "80x24: the question is cut"
LC_ALL=C.UTF-8 "$VMALAB" step --dump --predict --keys "] ]" |
    tr '\n' ' ' | tr -s ' ' >"$tmp/joined.txt"
grep -qF "predict: where will the break be after this call? type 0x... Enter, or Left/Right to pick a part of the bar" \
    "$tmp/joined.txt" || fail "80x24: the brk question is cut"

# --predict's answers, one kind after another: the break typed, a part
# of the bar picked (the block of the heap when the break stays, the gap
# above when it grows), the pointer typed; wrong, then right.
predict_msg() {
	local want=$1
	shift
	LC_ALL=C.UTF-8 "$VMALAB" step --dump --predict "$@" | tail -3 |
	    tr '\n' ' ' | tr -s ' ' >"$tmp/joined.txt"
	grep -qF -- "$want" "$tmp/joined.txt" ||
	    fail "predict $*: no '$want' in: $(cat "$tmp/joined.txt")"
}
predict_msg "right: the break is 0x55555557a000 after the call" --keys "] ] 0x55555557a000 Enter"
predict_msg "wrong: the break is 0x55555557a000 after the call, you said 0x555555559000" --keys "] ] 0x555555559000 Enter"
predict_msg "right: the break is 0x55555557a000, in the part you picked" --keys "] ] Right Right Right Enter"
predict_msg "wrong: the break is 0x55555557a000, not in the part you picked" --keys "] ] Right Right Enter"
predict_msg "right: it returns 0x5555555592a0, the chunk's user memory" --keys "0x5555555592a0 Enter" - <"$tmp/malloc.scn"
predict_msg "wrong: it returns 0x5555555592a0 (the chunk's user memory), you said 0x555555559290" --keys "0x555555559290 Enter" - <"$tmp/malloc.scn"
predict_msg "right: it returns 0x5555555592a0, in the part you picked" --keys "Right Right Right Enter" - <"$tmp/malloc.scn"
# The second malloc's mmap (inside it) asks where it lands, the pointer
# is 16 bytes past the mapping's start; free() asks nothing.
predict_msg "right: it returns 0x7ffff7da1010, the chunk's user memory" --keys "0x5555555592a0 Enter ] 0x7ffff7da1010 Enter" - <"$tmp/malloc.scn"
predict_msg "right: it lands at 0x7ffff7da1000" --keys "0x5555555592a0 Enter ] 0x7ffff7da1010 Enter / mmap(NULL Enter 0x7ffff7da1000 Enter" - <"$tmp/malloc.scn"
predict_msg "? help and legend" --keys "0x5555555592a0 Enter ] 0x7ffff7da1010 Enter ]" - <"$tmp/malloc.scn"
# The score per kind on the status line, whole at 80 columns; the total
# where that does not fit.
# The kinds asked so far; before any, the total.
predict_msg "branch 1/1 · address 1/2" --keys "s s s n ] ] 0x55555557a000 Enter ] 0x0 Enter"
predict_msg "predict 0/0" --keys "s s s"
predict_msg "branch 1/2 · address 2/3 · gap 0/1" --size 120x40 --keys "s s s n ] ] 0x0 Enter ] Right Right Right Enter ] 0x7ffff7da1000 Enter s s s s y g 203 Enter Right Right Enter"
LC_ALL=C.UTF-8 "$VMALAB" step --dump --predict --size 60x20 --keys "s s s n" |
    grep -q "predict 1/1" || fail "60x20: no total score"
LC_ALL=C.UTF-8 "$VMALAB" step --dump --ascii --predict --keys "s s s n ] ] 0x0 Enter" |
    grep -q "branch 1/1, address 0/1$" || fail "--ascii: no score per kind"

# ---- Korean and Japanese: double-width text fits --------------------------
#
# widths FILE COLS: no line is wider than COLS display columns (East Asian
# Wide and Fullwidth count two), and the frames' borders line up: the
# listing's separator, the help box's sides. Prints what is wrong.
widths() {
	python3 - "$1" "$2" <<'PYEOF'
import sys, unicodedata
path, cols = sys.argv[1], int(sys.argv[2])
def w(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in s)
def col(line, ch, last=False):
    i = line.rfind(ch) if last else line.find(ch)
    return -1 if i < 0 else w(line[:i])
lines = open(path, encoding="utf-8").read().split("\n")
bad = []
for n, l in enumerate(lines, 1):
    if w(l) > cols:
        bad.append("line %d is %d columns wide: %s" % (n, w(l), l))
# A box (the help, a popup): from its top corner to its bottom corner
# every row has its sides at the corners' columns.
top = [i for i, l in enumerate(lines) if "\u250c" in l and "\u2510" in l
       and set(l[l.find("\u250c") + 1:l.rfind("\u2510")]) == {"\u2500"}]
if top:
    t = top[0]
    left, right = col(lines[t], "\u250c"), col(lines[t], "\u2510")
    for l in lines[t + 1:]:
        if "\u2514" in l:
            if col(l, "\u2514") != left or col(l, "\u2518") != right:
                bad.append("the box's bottom is not under its top: " + l)
            break
        if col(l, "\u2502") != left or col(l, "\u2502", True) != right:
            bad.append("a side of the box is out of line: " + l)
else:
    # The panes: the separator of the top band in one column.
    seps = set(col(l, "\u2502") for l in lines[:8] if "\u2502" in l)
    if len(seps) > 1:
        bad.append("the separator moves: columns %s" % sorted(seps))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PYEOF
}

# cjk LANG TEXT SIZE KEYS...: the screen in that language holds TEXT and
# fits.
cjk() {
	local lang=$1 text=$2 size=$3 out
	shift 3
	out=$tmp/cjk-$lang-$size.txt
	LC_ALL=C.UTF-8 "$VMALAB" --lang "$lang" step --dump --size "$size" \
	    "$@" >"$out" 2>"$tmp/err" || fail "--lang $lang: $(cat "$tmp/err")"
	grep -qF -- "$text" "$out" ||
	    fail "--lang $lang $size $*: no '$text' on the screen: $(cat "$out")"
	widths "$out" "${size%x*}" >"$tmp/w.txt" ||
	    fail "--lang $lang $size $*: $(cat "$tmp/w.txt")"
}

if command -v python3 >/dev/null; then
	for size in 80x24 40x12; do
		cjk ko "스텝 4" $size --keys "s s s"
		cjk ja "ステップ 4" $size --keys "s s s"
		cjk ko "Up/Down 스크롤" $size --keys "?"
		cjk ja "Up/Down でスクロール" $size --keys "?"
		cjk ko "예측" $size --predict --keys "] ] ]"
		cjk ja "予測" $size --predict --keys "] ] ]"
		cjk ko "중단점" $size --keys ": info Space b Enter"
		cjk ja "ブレークポイント" $size --keys ": info Space b Enter"
	done
	cjk ko "트리 (vma 영역의 레드 블랙 트리" 80x24 --keys "? PgDn"
	cjk ja "赤黒木" 80x24 --keys "? PgDn"
	cjk ko "호출 스택" 80x24 --keys "g 964 Enter"
	cjk ja "呼び出しスタック" 80x24 --keys "g 964 Enter"
	cjk ko "rbtree: vma 영역" 200x50 --keys "g 964 Enter"
	cjk ja "メモリーリージョン" 200x50 --keys "g 964 Enter"
	# Whole messages, wrapped, in Korean too.
	LC_ALL=C.UTF-8 "$VMALAB" --lang ko step --dump --size 40x12 --keys "u" |
	    tr '\n' ' ' | tr -s ' ' >"$tmp/joined.txt"
	grep -qF "u를 다시 누르면 모든 호출" "$tmp/joined.txt" ||
	    fail "ko 40x12: the message after u is cut: $(cat "$tmp/joined.txt")"
else
	echo "SKIP: the double-width checks need python3"
fi

# Errors: usage errors exit 2 with a message; no terminal needs --dump.
expect_error() {
	local code=$1 msg=$2
	shift 2
	"$VMALAB" step "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	[ "$rc" = "$code" ] || fail "step $*: exit $rc, expected $code"
	grep -qF -- "$msg" "$tmp/err" ||
	    fail "step $*: no '$msg' in: $(cat "$tmp/err")"
}
expect_error 2 "step needs a terminal; use --dump" --ascii
expect_error 2 "--keys: 'Resize:0x5': expected Resize:COLSxROWS" \
    --dump --keys "Resize:0x5"
expect_error 2 "--size: expected COLSxROWS" --dump --size 80
expect_error 2 "unknown option --trace" --dump --trace text
expect_error 1 "no-such.scn" --dump no-such.scn

[ "$status" = 0 ] && echo "headless: ok"

# ---- 2. the benchmark -------------------------------------------------------

if [ -x "$top_builddir/tests/bench-seek" ]; then
	"$top_builddir/tests/bench-seek" 1000000 100 || fail "bench-seek"
fi

# ---- 3. tmux ----------------------------------------------------------------

if [ -z "$TMUX_BIN" ]; then
	echo "SKIP: tmux not found"
	[ "$status" = 0 ] && exit 77
	exit "$status"
fi

T() {
	"$TMUX_BIN" -L "$sock" "$@"
}

# waitfor TEXT: until the pane shows TEXT (5 s at most).
waitfor() {
	local i
	for i in $(seq 1 100); do
		T capture-pane -p -t vt 2>/dev/null | grep -qF -- "$1" && return 0
		sleep 0.05
	done
	fail "the pane never showed '$1'; it shows:"
	T capture-pane -p -t vt
	return 1
}

screen() {
	T capture-pane -p -t vt
}

T -f /dev/null start-server \; set -g default-terminal screen \; \
    new-session -d -s vt -x 100 -y 30 \
    "env -u TMUX PS1='tui$ ' LANG=C.UTF-8 LC_ALL=C.UTF-8 bash --norc --noprofile" ||
    { echo "SKIP: tmux cannot start"; [ "$status" = 0 ] && exit 77; exit 1; }
waitfor 'tui$'
T send-keys -t vt "cd '$tmp'; stty -a >stty.before" Enter

# start: clears the pane, starts the stepper, waits for its first screen.
start() {
	T send-keys -t vt "clear; $* '$VMALAB' step; echo EXIT=\$?" Enter
	waitfor "step 1 of"
}

# back at the shell with the terminal as it was?
sane() {
	local what=$1
	T send-keys -t vt "clear; stty -a >stty.after; cmp -s stty.before stty.after && echo STTY-SAME" Enter
	waitfor "STTY-SAME" || fail "$what: stty -a changed"
	[ "$(T display -p -t vt '#{cursor_flag} #{alternate_on}')" = "1 0" ] ||
	    fail "$what: cursor hidden or still on the alternate screen"
}

start
# The highlighted line moves: s s s is sys_brk:15 (TAKEN), s is :16.
T send-keys -t vt s s s
waitfor "step 4 of"
screen | grep -q "▶15 .*if (brk < min_brk) .*TAKEN" ||
    fail "after s s s the current line is not sys_brk:15 with TAKEN"
T send-keys -t vt s
waitfor "step 5 of"
screen | grep -q "▶16 .*goto out;" || fail "after s the current line is not 16"
T capture-pane -e -p -t vt | grep "▶16" | grep -q '43m' ||
    fail "line 16 is not highlighted (black on yellow)"

# n then N: exactly the screen before.
T send-keys -t vt g 2 5 2 Enter
waitfor "step 252 of"
screen >"$tmp/before.txt"
T send-keys -t vt n
waitfor "step 253 of"
T send-keys -t vt N
waitfor "step 252 of"
screen >"$tmp/after.txt"
cmp -s "$tmp/before.txt" "$tmp/after.txt" || { fail "n N did not give back the screen"; diff "$tmp/before.txt" "$tmp/after.txt"; }

# A breakpoint stops c: on sys_brk:15, from the first call to the second.
T send-keys -t vt g 4 Enter
waitfor "step 4 of"
T send-keys -t vt Space
waitfor "breakpoint set at sys_brk:15"
T send-keys -t vt c
waitfor "syscall 2 of 10 | sys_brk.below_min_brk not taken"
screen | grep -q "●▶15 " || fail "c did not stop on the breakpoint's line"

# g to a step shows that step.
T send-keys -t vt g 9 6 4 Enter
waitfor "step 964 of 1009 | syscall 10 of 10"
screen | grep -q "unmapped_area_topdown" || fail "g 964 is not in the search"

# Mid-rotation: the detached subtree beside the tree, then back in it.
T send-keys -t vt g 3 7 0 Enter
waitfor "step 370 of 1009"
screen | grep -q "rbtree: 22 VMAs (2 detached)" || fail "tmux step 370: not 22 VMAs, 2 detached"
screen | grep -q "│detached:" || fail "tmux step 370: no detached subtree"
T send-keys -t vt n n n n
waitfor "step 374 of 1009"
screen | grep -q "rbtree: 22 VMAs, height" || fail "tmux step 374: not 22 VMAs"
screen | grep -q "detached" && fail "tmux step 374: still something detached"
T send-keys -t vt g 9 6 4 Enter
waitfor "step 964 of 1009"

# A resize to 20x6 and back: alive, and the same screen as before.
screen >"$tmp/before.txt"
T resize-window -t vt -x 20 -y 6
sleep 0.3
screen | grep -q "step 964" || fail "at 20x6 the status line is gone"
T resize-window -t vt -x 100 -y 30
waitfor "step 964 of 1009"
sleep 0.2
screen >"$tmp/after.txt"
cmp -s "$tmp/before.txt" "$tmp/after.txt" ||
    { fail "the screen after a resize to 20x6 and back differs"; diff "$tmp/before.txt" "$tmp/after.txt"; }

# A click on a listing line toggles its breakpoint (X10 mouse report:
# ESC [ M, button 0 + 32, column + 33, row + 33): row 3 is the label
# "found:", refused; row 4 the current line, a step.
T send-keys -t vt -l $'\e[M ##'
waitfor "unmapped_area_topdown:78 is a label; breakpoints go on lines that run"
T send-keys -t vt -l $'\e[M###'	# the release
T send-keys -t vt -l $'\e[M #%'
waitfor "breakpoint set at unmapped_area_topdown:80"

# The tree at three sizes, the same step. 200x50 (a projector): the whole
# width, every node with its gap and sub rows, nothing folded.
T resize-window -t vt -x 200 -y 50
waitfor "R 7ffffffde000"
sleep 0.2
screen >"$tmp/t200.txt"
[ "$(grep -c '  sub [0-9]' "$tmp/t200.txt")" -ge 6 ] ||
    fail "200x50: fewer than 6 levels of nodes with their sub"
grep -q "R 7ffffffde000" "$tmp/t200.txt" || fail "200x50: the stack's VMA is not in the tree"
grep -q "folded" "$tmp/t200.txt" && fail "200x50: something is folded"
[ "$(awk '/ rbtree: /{on=1; next} on && /^ step /{on=0} on' "$tmp/t200.txt" | wc -l)" -ge 24 ] ||
    fail "200x50: the tree pane has fewer than 24 rows"
# 120x40 and 80x24: folded around the search, and it says so.
T resize-window -t vt -x 120 -y 40
waitfor "[N] N VMAs folded"
screen | grep -q ">B 7ffff7da1000" || fail "120x40: the node the search is at is not shown"
T resize-window -t vt -x 80 -y 24
waitfor "levels above folded"
screen | grep -q ">B 7ffff7da1000" || fail "80x24: the node the search is at is not shown"
# + gives the tree more rows.
T send-keys -t vt +
waitfor "the tree has"
T send-keys -t vt -
# At 80 columns a long message wraps onto more rows, whole.
T send-keys -t vt u
waitfor "u again: all"
screen | tr '\n' ' ' | tr -s ' ' | grep -qF "[ ] now go only to calls that search for space (get_unmapped_area -> unmapped_area); u again: all" ||
    fail "80x24 in tmux: the message after u is cut"
T send-keys -t vt u
waitfor "go to every call again"
T resize-window -t vt -x 100 -y 30
waitfor "step 964 of 1009"

# The legend: ? explains the tree and the bar; PgDn shows the rest.
T send-keys -t vt '?'
waitfor "rb_subtree_gap: the biggest gap"
T send-keys -t vt PgDn
waitfor "KiB = 1024 bytes"
screen | grep -q "█▓ VMAs" || fail "the legend does not show the bar's glyphs"
T send-keys -t vt Escape
sleep 0.2
T send-keys -t vt x
waitfor "'x' is not a key here: ? shows the keys"

# Breakpoints: the cursor (Up) on a line that never runs is refused; a
# decision with its outcome typed at ':' stops c there.
T send-keys -t vt : d Enter
waitfor "all breakpoints deleted"
T send-keys -t vt g 4 Enter
waitfor "step 4 of"
T send-keys -t vt Up Up Up Space
waitfor "sys_brk:12 never runs in this run"
T send-keys -t vt : "b unmapped_area_topdown.go_left taken" Enter
waitfor "branch unmapped_area_topdown.go_left taken"
T send-keys -t vt c
waitfor "unmapped_area_topdown.go_left TAKEN"
T send-keys -t vt : "info b" Enter
waitfor "breakpoints (d N deletes one, d all)"
T send-keys -t vt Escape

# q: back to the shell, terminal sane.
T send-keys -t vt q
waitfor "EXIT=0"
sane q

# Ctrl-C: the shell sees SIGINT (130).
start
T send-keys -t vt s s
waitfor "step 3 of"
T send-keys -t vt C-c
waitfor 'tui$'
T send-keys -t vt "echo RC=\$?" Enter
waitfor "RC=130"
sane "Ctrl-C"

# SIGTERM: the shell sees 143.
T send-keys -t vt "clear; bash -c 'echo \$\$ >pid; exec \"$VMALAB\" step'; echo EXIT=\$?" Enter
waitfor "step 1 of"
kill -TERM "$(cat "$tmp/pid")"
waitfor "EXIT=143"
sane SIGTERM

# A fatal error: the terminal first, then the message, exit 1.
T send-keys -t vt "clear; VMALAB_TEST_FAIL_STEP=3 '$VMALAB' step 2>err.txt; echo EXIT=\$?" Enter
waitfor "step 1 of"
T send-keys -t vt s s
waitfor "EXIT=1"
grep -q "^vmalab: step 3: a failure made on purpose" "$tmp/err.txt" ||
    fail "fatal error: no message after the terminal came back"
sane "a fatal error"

# Plain `vmalab` on a terminal opens the stepper on the default scenario.
T send-keys -t vt "clear; '$VMALAB'; echo EXIT=\$?" Enter
waitfor "step 1 of"
screen | grep -q "scenario lecture1.scn" || fail "plain vmalab: not lecture1"
T send-keys -t vt q
waitfor "EXIT=0"
sane "plain vmalab"

# --predict: the values a branch reads stay hidden until y or n.
T send-keys -t vt "clear; '$VMALAB' step --predict; echo EXIT=\$?" Enter
waitfor "step 1 of"
T send-keys -t vt s s s n s s
waitfor "sys_brk.below_min_brk ?"
screen | grep -q "hidden until you answer" || fail "predict: no word that the values are hidden"
screen | grep -q "min_brk=0x555555559000" && fail "predict: the values show before the answer"
T send-keys -t vt y
waitfor "right: TAKEN"
screen | grep -q "min_brk=0x555555559000" || fail "predict: the values do not show after the answer"
# The second brk: where will the break be? Typed; the score per kind
# on the status line. The third: picked on the bar (the gap above).
T send-keys -t vt ] ]
waitfor "where will the break be after this call?"
screen | grep -q "branch 2/2 *$" || fail "predict: no score per kind"
T send-keys -t vt 0x55555557a000 Enter
waitfor "right: the break is 0x55555557a000 after the call"
screen | grep -q "branch 2/2 · address 1/1 *$" || fail "predict: the score did not count the address"
T send-keys -t vt ] Right Right Right Enter
waitfor "right: the break is 0x55555559b000, in the part you picked"
# The first mmap: where will it land? Typed; the expected result hidden.
T send-keys -t vt ]
waitfor "where will this mapping land?"
screen | grep -q "7ffff7da1000" && fail "predict: the mmap's address shows before the answer"
T send-keys -t vt 0x7ffff7da1000 Enter
waitfor "right: it lands at 0x7ffff7da1000"
# q: the summary, per kind, once the terminal is back.
T send-keys -t vt q
waitfor "EXIT=0"
screen | grep -q "predictions: [0-9]* right of 5" || fail "predict: no summary after q"
screen | grep -q "addresses    3 of 3" || fail "predict: the summary has no addresses line"
sane predict

# NO_COLOR: no colour at all, highlights by attributes.
start NO_COLOR=1
T send-keys -t vt s s s s
waitfor "step 5 of"
T capture-pane -e -p -t vt >"$tmp/mono.txt"
grep -q $'\e\\[[34][0-7]m' "$tmp/mono.txt" && fail "NO_COLOR: colours on the screen"
grep "▶16" "$tmp/mono.txt" | grep -q $'\e\\[7m\|;7m' || fail "NO_COLOR: line 16 not in reverse video"
T send-keys -t vt q
waitfor "EXIT=0"
sane NO_COLOR

# Korean and Japanese on a real terminal: tmux in ko_KR.UTF-8 and
# ja_JP.UTF-8 (./setup makes them), at 80x24 and 40x12. tmux itself
# measures the characters: a line cut in a character's middle, or one
# that overflows, shows in the capture.
if command -v python3 >/dev/null; then
	for lang in ko ja; do
		loc=${lang}_$( [ $lang = ko ] && echo KR || echo JP ).UTF-8
		title=$( [ $lang = ko ] && echo "호출 스택" || echo "呼び出しスタック" )
		help=$( [ $lang = ko ] && echo "스크롤" || echo "スクロール" )
		T resize-window -t vt -x 80 -y 24
		T send-keys -t vt "clear; LANG=$loc LC_ALL=$loc '$VMALAB' --lang $lang step; echo EXIT=\$?" Enter
		waitfor "$title"
		T send-keys -t vt s s s
		sleep 0.3
		screen >"$tmp/tmux-$lang.txt"
		widths "$tmp/tmux-$lang.txt" 80 >"$tmp/w.txt" ||
		    fail "tmux $lang 80x24: $(cat "$tmp/w.txt")"
		T send-keys -t vt '?'
		waitfor "$help"
		screen >"$tmp/tmux-$lang-help.txt"
		widths "$tmp/tmux-$lang-help.txt" 80 >"$tmp/w.txt" ||
		    fail "tmux $lang 80x24 help: $(cat "$tmp/w.txt")"
		T resize-window -t vt -x 40 -y 12
		sleep 0.3
		screen >"$tmp/tmux-$lang-40.txt"
		grep -qF "$help" "$tmp/tmux-$lang-40.txt" ||
		    fail "tmux $lang 40x12: the help is gone"
		widths "$tmp/tmux-$lang-40.txt" 40 >"$tmp/w.txt" ||
		    fail "tmux $lang 40x12 help: $(cat "$tmp/w.txt")"
		T send-keys -t vt Escape
		sleep 0.3
		screen >"$tmp/tmux-$lang-40b.txt"
		widths "$tmp/tmux-$lang-40b.txt" 40 >"$tmp/w.txt" ||
		    fail "tmux $lang 40x12: $(cat "$tmp/w.txt")"
		T send-keys -t vt q
		waitfor "EXIT=0"
		T resize-window -t vt -x 100 -y 30
		sane "--lang $lang"
	done
fi

[ "$status" = 0 ] && echo "tmux: ok"
exit "$status"
