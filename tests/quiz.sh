#!/bin/sh
# quiz.sh - vmalab quiz from the outside: asked in a terminal (tmux, the
# answers typed), the printed sheet, and the marking of a sheet where a
# '?' was left. POSIX sh; TAP. Exit 0 pass, 1 fail, 77 when vmalab is not
# built; the terminal part is skipped without tmux.
#
#   VMALAB      the program (default ./vmalab)
#   top_srcdir  the source tree (default .)

. "${top_srcdir-.}/tests/tap.sh"
tap_start quiz
sock=vmalab-quiz-$$
TMUX_BIN=${TMUX_PROG:-$(command -v tmux || true)}
trap 'if test -n "$TMUX_BIN"; then "$TMUX_BIN" -L "$sock" kill-server >/dev/null 2>&1; fi; rm -rf "$tmp"' 0
cd "$tmp" || exit 1

# The right answers of seed 42, from --answers: "# Qn: VALUE, decided by ID".
"$VMALAB" quiz --seed 42 --answers >key
sed -n 's/^# Q\([0-9]*\): \([^,]*\), decided by \([^ ]*\) .*/\1 \2 \3/p' key >right
value() { awk -v q="$1" '$1 == q { print $2 }' right; }
decision() { awk -v q="$1" '$1 == q { print $3 }' right; }
nq=$(wc -l <right)
if test "$nq" -ge 5; then ok "the key names $nq questions"; else tap_not_ok "the key names $nq questions"; fi

# ---- the sheet -------------------------------------------------------------

"$VMALAB" quiz --seed 42 </dev/null >sheet
if grep -q '^# Q1$' sheet && ! grep -q 'returns?' sheet; then
	ok "without a terminal, the sheet is printed, as before"
else
	tap_not_ok "without a terminal, the sheet is printed, as before"
fi
"$VMALAB" quiz --seed 42 --sheet >sheet2
if cmp -s sheet sheet2; then ok "--sheet prints the same sheet"; else tap_not_ok "--sheet prints the same sheet"; fi

# ---- a '?' left in an answers file is a blank -----------------------------

mkdir lab1
"$VMALAB" quiz --seed 42 --template >lab1/answers.txt
# Q1 answered right, Q2 only its value, the rest left as '?'.
awk -v v1="$(value 1)" -v d1="$(decision 1)" -v v2="$(value 2)" '
	/^Q1 / { print "Q1 " v1 " " d1; next }
	/^Q2 / { print "Q2 " v2 " ?"; next }
	{ print }' lab1/answers.txt >a && mv a lab1/answers.txt
"$VMALAB" grade lab1 lab1 >out 2>err
rc=$?
if test $rc -le 1 && grep -q '^Score: 3/' out; then
	ok "'?' is a blank answer: the rest is marked (3 points)"
else
	tap_not_ok "'?' is a blank answer: the rest is marked (3 points)"
	sed 's/^/# /' out err
fi
if grep -q 'decision: no answer (? left blank)' out &&
    grep -q 'no answer (? left blank)' out && ! grep -q "is not a value" err; then
	ok "a blank is reported as one, not as an error"
else
	tap_not_ok "a blank is reported as one, not as an error"
	sed 's/^/# /' out err
fi

# ---- asked in a terminal ----------------------------------------------------

if test -z "$TMUX_BIN"; then
	skip "the quiz asked in a terminal" "no tmux"
	tap_end
	exit
fi

T() { "$TMUX_BIN" -L "$sock" "$@"; }

# waitfor TEXT: until the pane shows TEXT (10 s at most).
waitfor() {
	i=0
	while test $i -lt 100; do
		T capture-pane -p -J -S -200 -t q >pane 2>/dev/null
		if grep -qF -- "$1" pane; then return 0; fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# typed TEXT: typed, then Enter.
typed() { T send-keys -t q -l -- "$1"; T send-keys -t q Enter; }

T -f /dev/null new-session -d -s q -x 120 -y 50 \
    "'$VMALAB' quiz --seed 42; echo EXIT=\$?; sleep 30"
# Q1: both right.
if waitfor "Q1 of $nq" && waitfor "returns? "; then
	ok "in a terminal, the quiz asks the first question"
else
	tap_not_ok "in a terminal, the quiz asks the first question"
	sed 's/^/# /' pane
fi
typed "$(value 1)"
waitfor "decided by? "
typed "$(decision 1)"
if waitfor "Score: 2 of 2." && grep -q '^  value: right\.' pane &&
    grep -q '^  decision: right\.' pane && ! grep -q 'Why, from the trace' pane; then
	ok "a right answer is marked right, with the score"
else
	tap_not_ok "a right answer is marked right, with the score"
	sed 's/^/# /' pane
fi
# Q2: a wrong value, then a wrong decision (an id of another call).
waitfor "Q2 of $nq"
typed "0x1000"
waitfor "value: wrong"
typed "sys_brk.shrink"
if waitfor "Score: 2 of 4." && grep -q "value: wrong; it returns $(value 2)\." pane &&
    grep -q "decision: wrong; it was $(decision 2) " pane; then
	ok "wrong answers are marked wrong, with the right ones"
else
	tap_not_ok "wrong answers are marked wrong, with the right ones"
	sed 's/^/# /' pane
fi
if grep -q 'Why, from the trace of this call' pane &&
    grep -q "^> [a-z_]*:[0-9]*  $(decision 2)  " pane &&
    grep -q "^  > decided it: $(decision 2), " pane; then
	ok "a wrong answer shows the trace excerpt, the deciding line marked"
else
	tap_not_ok "a wrong answer shows the trace excerpt, the deciding line marked"
	sed 's/^/# /' pane
fi
# Q3: a typo is asked again; an empty answer is a blank.
waitfor "Q3 of $nq"
typed "zz"
if waitfor "'zz' is not a value"; then ok "a value that is not one is asked again"; else tap_not_ok "a value that is not one is asked again"; fi
typed ""
waitfor "value: blank."
typed "?"
if waitfor "The decisions of this call's path:" && grep -q "^    sys_brk\.shrink$" pane; then
	ok "'?' lists the decision ids"
else
	tap_not_ok "'?' lists the decision ids"
	sed 's/^/# /' pane
fi
typed ""
waitfor "decision: blank."
# Ctrl-D ends it, with the score so far.
waitfor "Q4 of $nq"
T send-keys -t q C-d
if waitfor "EXIT=0" && grep -q "^Stopped: 2 of 6 points" pane; then
	ok "Ctrl-D stops the quiz with the score so far"
else
	tap_not_ok "Ctrl-D stops the quiz with the score so far"
	sed 's/^/# /' pane
fi
tap_end
