/*
 * app.c - the stepper as a program: keys, prompts, focus, help, and the
 * headless driver behind --keys and --dump. No curses here: term.c feeds
 * keys in and copies the screen out.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/i18n.h"
#include "trace/listing.h"
#include "tui.h"

static void tui_app_msg(struct tui_app *, enum tui_role, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
tui_app_msg(struct tui_app *a, enum tui_role role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_role = role;
}

int
tui_app_init(struct tui_app *a, struct run *r, const struct tui_opts *o)
{
	const char *fail = getenv("VMALAB_TEST_FAIL_STEP");

	memset(a, 0, sizeof *a);
	/* For tests of the fatal path: going to step N fails. */
	if (fail != NULL)
		a->fail_at = strtoull(fail, NULL, 10);
	a->o = *o;
	a->g = o->ascii ? &tui_glyphs_ascii : &tui_glyphs_utf8;
	a->scr.ascii = o->ascii;
	a->focus = PANE_LISTING;
	a->pick_gap = a->pick_node = -1;
	return tui_model_init(&a->m, r, o->predict);
}

void
tui_app_free(struct tui_app *a)
{
	tui_model_free(&a->m);
	tui_screen_free(&a->scr);
}

/* ---- --predict ---------------------------------------------------------- */

/* What the open question asks, and how to answer it. */
static const char *
tui_app_ask(const struct tui_app *a)
{
	switch (tui_model_question(&a->m)) {
	case Q_BRANCH:
		return _("predict: will this branch be taken? press y or n");
	case Q_ADDR:
		if (tui_model_addr_kind(&a->m) == ADDR_BRK)
			return _("predict: where will the break be after this "
			    "call? type 0x... Enter, or Left/Right to pick a "
			    "part of the bar");
		if (tui_model_addr_kind(&a->m) == ADDR_PTR)
			return _("predict: which pointer will this return (the "
			    "chunk's user memory, 16 bytes past its header)? "
			    "type 0x... Enter, or Left/Right to pick a part of "
			    "the bar");
		return _("predict: where will this mapping land? type 0x... "
		    "Enter, or pick its gap on the bar: Left/Right, Enter");
	case Q_GAP:
		return _("predict: which gap will the search choose? pick the "
		    "VMA just above it in the tree: Left/Right (or click), "
		    "Enter");
	}
	return "";
}

/* "name" padded to `w` columns (names may be Korean or Japanese). */
static void
tui_app_pad(char *buf, size_t len, const char *name, int w)
{
	int pad = w - tui_text_width(name);

	snprintf(buf, len, "%s%*s", name, pad > 0 ? pad : 0, "");
}

static void
tui_app_summary_lines(const struct tui_app *a, char lines[][256], int *n,
    int max)
{
	const struct tui_model *m = &a->m;
	char name[64];
	int q, w = 10;

	snprintf(lines[(*n)++], 256, _("predictions: %u right of %u"),
	    m->right, m->asked);
	for (q = 0; q < TUI_NQ; q++)
		if (tui_text_width(tui_q_name(q)) > w)
			w = tui_text_width(tui_q_name(q));
	for (q = 0; q < TUI_NQ && *n < max; q++) {
		tui_app_pad(name, sizeof name, tui_q_name(q), w);
		snprintf(lines[(*n)++], 256, _("  %s %3u of %-3u %s"), name,
		    m->qright[q], m->qasked[q], m->qasked[q] == 0 ?
		    _("(none asked yet)") : "");
	}
}

void
tui_app_summary(const struct tui_app *a, FILE *fp)
{
	char lines[TUI_NQ + 1][256];
	int n = 0, i;

	tui_app_summary_lines(a, lines, &n, TUI_NQ + 1);
	for (i = 0; i < n; i++)
		fprintf(fp, "%s\n", lines[i]);
}

static void
tui_app_summary_popup(struct tui_app *a)
{
	a->npopup = 0;
	snprintf(a->popup[a->npopup++], sizeof a->popup[0], _("the end of the "
	    "run: --predict summary"));
	a->popup[a->npopup++][0] = '\0';
	tui_app_summary_lines(a, a->popup + a->npopup, &a->npopup,
	    TUI_POPUP_LINES - 2);
	a->popup[a->npopup++][0] = '\0';
	snprintf(a->popup[a->npopup++], sizeof a->popup[0], _("any key closes "
	    "this; q quits and prints it"));
}

/*
 * The answer to an address question: by kind (enum tui_addr), then
 * typed wrong, typed right, picked wrong, picked right. Each says the
 * right address; a typed wrong one also what was typed.
 */
static const char *const tui_app_addr_says[3][4] = {
	[ADDR_MAP] = {
		N_("wrong: it lands at 0x%lx, you said 0x%lx"),
		N_("right: it lands at 0x%lx"),
		N_("wrong: it lands at 0x%lx, not in the gap you picked"),
		N_("right: it lands at 0x%lx, in the gap you picked"),
	},
	[ADDR_BRK] = {
		N_("wrong: the break is 0x%lx after the call, you said 0x%lx"),
		N_("right: the break is 0x%lx after the call"),
		N_("wrong: the break is 0x%lx, not in the part you picked"),
		N_("right: the break is 0x%lx, in the part you picked"),
	},
	[ADDR_PTR] = {
		N_("wrong: it returns 0x%lx (the chunk's user memory), you "
		    "said 0x%lx"),
		N_("right: it returns 0x%lx, the chunk's user memory"),
		N_("wrong: it returns 0x%lx, not in the part you picked"),
		N_("right: it returns 0x%lx, in the part you picked"),
	},
};

static void
tui_app_addr_told(struct tui_app *a, int right, int picked, unsigned long got)
{
	enum tui_addr k = tui_model_addr_kind(&a->m);

	if (k == ADDR_NONE)
		return;
	/* The extra argument is read only by the formats that print it. */
	tui_app_msg(a, right ? ROLE_GOOD : ROLE_BAD,
	    _(tui_app_addr_says[k][picked * 2 + right]),
	    tui_model_addr_answer(&a->m), got);
}

static void
tui_app_addr_answer(struct tui_app *a, const char *text)
{
	unsigned long want = tui_model_addr_answer(&a->m), got;
	char *end;
	int right;

	got = strtoul(text, &end, 16);
	if (text[0] == '\0' || *end != '\0') {
		tui_app_msg(a, ROLE_BAD, _("'%s' is not an address: type it in "
		    "hex, e.g. 0x7ffff7da1000"), text);
		return;
	}
	/* The kind before recording: the step's question closes with it. */
	right = got == want;
	tui_app_addr_told(a, right, 0, got);
	tui_model_record(&a->m, right);
}

/* Enter with a pick: the part of the bar, or the node in the tree. */
static void
tui_app_pick_answer(struct tui_app *a)
{
	const struct snap *s = &a->m.v.snap;
	unsigned long want = tui_model_addr_answer(&a->m);
	int q = tui_model_question(&a->m), right, node;

	if (q == Q_ADDR && a->pick_gap >= 0) {
		right = tui_model_addr_in(&a->m, a->bar_gap[a->pick_gap].lo,
		    a->bar_gap[a->pick_gap].hi);
		tui_app_addr_told(a, right, 1, 0);
		tui_model_record(&a->m, right);
	} else if (q == Q_GAP && a->pick_node >= 0) {
		node = tui_model_gap_answer(&a->m);
		right = node == a->pick_node;
		tui_model_record(&a->m, right);
		tui_app_msg(a, right ? ROLE_GOOD : ROLE_BAD, right ?
		    _("right: the search chooses the gap below %lx; the "
		    "mapping lands at 0x%lx") : _("wrong: the search chooses "
		    "the gap below %lx; the mapping lands at 0x%lx"),
		    s->n[node].start, want);
	} else {
		tui_app_msg(a, ROLE_PROMPT, "%s", tui_app_ask(a));
	}
}

/* Left/Right while a question waits for a pick. */
static int
tui_app_pick_move(struct tui_app *a, int dir)
{
	int q = tui_model_question(&a->m), n;

	if (q == Q_ADDR && a->nbar_gap > 0) {
		n = a->nbar_gap;
		a->pick_gap = a->pick_gap < 0 ? (dir > 0 ? 0 : n - 1) :
		    (a->pick_gap + dir + n) % n;
		return 1;
	}
	if (q == Q_GAP && a->m.v.snap.count > 0) {
		n = (int)a->m.v.snap.count;
		a->pick_node = a->pick_node < 0 ? a->m.v.snap.root :
		    (a->pick_node + dir + n) % n;
		return 1;
	}
	return 0;
}

/* ---- moving ------------------------------------------------------------ */

static void
tui_app_goto(struct tui_app *a, uint64_t to)
{
	if (to == a->m.step)
		return;
	if (a->fail_at > 0 && to + 1 >= a->fail_at) {
		snprintf(a->m.err, sizeof a->m.err, "step %llu: a failure "
		    "made on purpose (VMALAB_TEST_FAIL_STEP)",
		    (unsigned long long)to + 1);
		a->fatal = 1;
		a->quit = 1;
		return;
	}
	if (tui_model_seek(&a->m, to) < 0) {
		a->fatal = 1;
		a->quit = 1;
		return;
	}
	a->cursor = 0;
	a->ltop = 0;
	a->pick_gap = a->pick_node = -1;
	memset(a->scroll, 0, sizeof a->scroll);
	if (a->m.predict && !a->m.summary_shown &&
	    to + 1 == tui_model_nsteps(&a->m)) {
		a->m.summary_shown = 1;
		tui_app_summary_popup(a);
	}
}

static void
tui_app_move(struct tui_app *a, enum tui_move mv, int back)
{
	const char *why;
	uint64_t to;

	if (!back && tui_model_question(&a->m) != Q_NONE) {
		tui_app_msg(a, ROLE_PROMPT, "%s", tui_app_ask(a));
		return;
	}
	if (mv == MOVE_CONTINUE && tui_model_bp_conds(&a->m) > 0) {
		int rc = tui_nav_continue_events(&a->m, back, &to);

		if (rc < 0) {
			tui_app_msg(a, ROLE_BAD, _("out of memory"));
			return;
		}
		if (rc == 0) {
			to = back ? 0 : tui_model_nsteps(&a->m) - 1;
			tui_app_msg(a, ROLE_NORMAL, "%s", back ? _("no breakpoint "
			    "before: at the first step") : _("no breakpoint "
			    "ahead: at the last step"));
		}
		tui_app_goto(a, to);
		return;
	}
	to = tui_nav_move(&a->m, mv, back, &why);
	tui_app_goto(a, to);
	if (why != NULL)
		tui_app_msg(a, ROLE_NORMAL, "%s", why);
}

static void
tui_app_answer(struct tui_app *a, int taken)
{
	int right = tui_model_answer(&a->m, taken);
	int was = a->m.now.decide != NULL && a->m.now.decide->outcome;

	/* Why: the values and the explanation, now under the line. */
	tui_app_msg(a, right ? ROLE_GOOD : ROLE_BAD, right ? (was ?
	    _("right: TAKEN (predict %u/%u); why: under the line, in the "
	    "listing") : _("right: not taken (predict %u/%u); why: under "
	    "the line, in the listing")) : (was ? _("wrong: TAKEN (predict "
	    "%u/%u); why: under the line, in the listing") : _("wrong: not "
	    "taken (predict %u/%u); why: under the line, in the listing")),
	    a->m.right, a->m.asked);
}

static void
tui_app_breakpoint(struct tui_app *a, unsigned fn, int line)
{
	const struct listing *l = replay_listing(fn);
	int rc;

	if (l == NULL || line <= 0) {
		tui_app_msg(a, ROLE_NORMAL, _("no listing here to set a "
		    "breakpoint in: step into a function first"));
		return;
	}
	if (!tui_model_bp_has(&a->m, fn, line) &&
	    !tui_model_is_step(&a->m, fn, line)) {
		tui_app_msg(a, ROLE_BAD, _("%s:%d %s; breakpoints go on "
		    "lines that run"), l->name, line,
		    tui_bp_why_not(l, line));
		return;
	}
	if ((rc = tui_model_bp_toggle(&a->m, fn, line)) < 0)
		tui_app_msg(a, ROLE_BAD, _("out of memory"));
	else
		tui_app_msg(a, ROLE_NORMAL, rc ? _("breakpoint set at %s:%d") :
		    _("breakpoint removed from %s:%d"), l->name, line);
}

/* [ and ]: the call before or after, or only those that search. */
static void
tui_app_calls(struct tui_app *a, int dir)
{
	uint64_t to;

	if (!a->only_search) {
		tui_app_goto(a, tui_nav_syscall(&a->m, dir));
		return;
	}
	if (tui_nav_search_call(&a->m, dir, &to))
		tui_app_goto(a, to);
	else
		tui_app_msg(a, ROLE_NORMAL, "%s", dir > 0 ? _("no call after this "
		    "one searches for space (u shows every call again)") :
		    _("no call before this one searches for space (u shows "
		    "every call again)"));
}

/* ---- prompts ---------------------------------------------------------- */

static void
tui_app_search(struct tui_app *a)
{
	uint64_t found;
	int wrapped, rc;

	if (a->input[0] != '\0')
		snprintf(a->last_search, sizeof a->last_search, "%s", a->input);
	if (a->last_search[0] == '\0')
		return;
	rc = tui_nav_search(&a->m, a->last_search, &found, &wrapped);
	if (rc < 0) {
		tui_app_msg(a, ROLE_BAD, _("out of memory"));
		return;
	}
	if (rc > 0) {
		tui_app_msg(a, ROLE_BAD, _("not found: %s"), a->last_search);
		return;
	}
	tui_app_goto(a, found);
	if (wrapped)
		tui_app_msg(a, ROLE_NORMAL, _("search wrapped to the start: %s"),
		    a->last_search);
}

/* info b: the breakpoints in a box. */
static void
tui_app_info_b(struct tui_app *a)
{
	size_t i;

	a->npopup = 0;
	snprintf(a->popup[a->npopup++], sizeof a->popup[0], _("breakpoints "
	    "(d N deletes one, d all)"));
	snprintf(a->popup[a->npopup++], sizeof a->popup[0], "%s", "");
	for (i = 0; i < a->m.nbp && a->npopup < TUI_POPUP_LINES; i++)
		tui_bp_describe(&a->m.bp[i], a->popup[a->npopup++],
		    sizeof a->popup[0]);
	if (a->m.nbp == 0)
		snprintf(a->popup[a->npopup++], sizeof a->popup[0], _("none: "
		    "Space on a line, or :b sys_brk:15"));
}

/* The words typed at ':', as gdb takes them. */
static void
tui_app_command(struct tui_app *a, const char *cmd)
{
	struct tui_bp bp;
	char err[256], desc[128];
	const char *args;
	size_t len;
	int num;

	while (*cmd == ' ')
		cmd++;
	len = strcspn(cmd, " ");
	args = cmd + len + strspn(cmd + len, " ");
	if (len == 0)
		return;
	if ((len == 1 && cmd[0] == 'b') || strncmp(cmd, "break ", 6) == 0) {
		if (tui_bp_parse(&a->m, args, a->m.now.fn, &bp, err,
		    sizeof err) < 0) {
			tui_app_msg(a, ROLE_BAD, "%s", err);
			return;
		}
		if (bp.kind == BP_LINE && tui_model_bp_has(&a->m, bp.fn,
		    bp.line)) {
			tui_app_msg(a, ROLE_NORMAL, _("already a breakpoint there"));
			return;
		}
		if ((num = tui_model_bp_add(&a->m, &bp)) < 0) {
			tui_app_msg(a, ROLE_BAD, _("out of memory"));
			return;
		}
		tui_bp_describe(&a->m.bp[a->m.nbp - 1], desc, sizeof desc);
		tui_app_msg(a, ROLE_NORMAL, _("breakpoint %s   (c runs to it)"),
		    desc);
		return;
	}
	if (strcmp(cmd, "info b") == 0 || strcmp(cmd, "i b") == 0 ||
	    strcmp(cmd, "info break") == 0 || strcmp(cmd, "bl") == 0) {
		tui_app_info_b(a);
		return;
	}
	if ((len == 1 && cmd[0] == 'd') || strncmp(cmd, "delete", len) == 0) {
		num = *args == '\0' ? 0 : atoi(args);
		if ((*args != '\0' && num <= 0) ||
		    tui_model_bp_delete(&a->m, num) < 0)
			tui_app_msg(a, ROLE_BAD, _("d: no breakpoint %s (info b "
			    "lists them)"), args);
		else
			tui_app_msg(a, ROLE_NORMAL, num == 0 ? _("all breakpoints "
			    "deleted") : _("breakpoint %d deleted"), num);
		return;
	}
	tui_app_msg(a, ROLE_BAD, _("unknown command '%.*s': b, info b, d "
	    "(? shows them)"), (int)len, cmd);
}

static void
tui_app_prompt_done(struct tui_app *a)
{
	enum tui_prompt p = a->prompt;
	unsigned long long n;
	char *end;

	a->prompt = PROMPT_NONE;
	if (p == PROMPT_SEARCH) {
		tui_app_search(a);
		return;
	}
	if (p == PROMPT_CMD) {
		tui_app_command(a, a->input);
		return;
	}
	if (p == PROMPT_ADDR) {
		tui_app_addr_answer(a, a->input);
		return;
	}
	n = strtoull(a->input, &end, 10);
	if (a->input[0] == '\0' || *end != '\0' || n == 0) {
		tui_app_msg(a, ROLE_BAD, _("go to step: expected a number from 1 "
		    "to %llu"), (unsigned long long)tui_model_nsteps(&a->m));
		return;
	}
	if (n > tui_model_nsteps(&a->m))
		n = tui_model_nsteps(&a->m);
	tui_app_goto(a, n - 1);
}

static void
tui_app_prompt_key(struct tui_app *a, int code)
{
	size_t len = strlen(a->input);

	switch (code) {
	case KEY_T_ENTER:
		tui_app_prompt_done(a);
		return;
	case KEY_T_ESC:
	case KEY_T_INTR:
		a->prompt = PROMPT_NONE;
		return;
	case KEY_T_BS:
		if (len > 0)
			a->input[len - 1] = '\0';
		else
			a->prompt = PROMPT_NONE;
		return;
	}
	if (code >= 0x20 && code < 0x7f && len + 1 < sizeof a->input) {
		if (a->prompt == PROMPT_GOTO && (code < '0' || code > '9'))
			return;
		if (a->prompt == PROMPT_ADDR && !isxdigit(code) && code != 'x')
			return;
		a->input[len] = (char)code;
		a->input[len + 1] = '\0';
	}
}

/* ---- focus and scrolling ------------------------------------------------ */

static void
tui_app_focus(struct tui_app *a, int dir)
{
	int i, p = a->focus;

	for (i = 0; i < PANE_NPANES; i++) {
		p = (p + dir + PANE_NPANES) % PANE_NPANES;
		if (a->lay.pane[p].h > 0) {
			a->focus = p;
			return;
		}
	}
}

static void
tui_app_scroll(struct tui_app *a, int code)
{
	const struct listing *fn = a->m.now.fn;
	int page = a->lay.pane[a->focus].h > 2 ? a->lay.pane[a->focus].h - 2 :
	    1, delta = 0;

	switch (code) {
	case KEY_T_UP: delta = -1; break;
	case KEY_T_DOWN: delta = 1; break;
	case KEY_T_PGUP: delta = -page; break;
	case KEY_T_PGDN: delta = page; break;
	case KEY_T_HOME: delta = -1000000; break;
	case KEY_T_END: delta = 1000000; break;
	case KEY_T_LEFT:
	case KEY_T_RIGHT:
		if (a->focus == PANE_TREE)
			a->tree_hscroll += code == KEY_T_LEFT ? -8 : 8;
		/* Long lines of the listing: 8 columns at a time. */
		if (a->focus == PANE_LISTING) {
			a->hscroll += code == KEY_T_LEFT ? -8 : 8;
			if (a->hscroll < 0)
				a->hscroll = 0;
			if (a->hscroll > 200)
				a->hscroll = 200;
		}
		return;
	default: return;
	}
	if (a->focus == PANE_LISTING) {
		int c = a->cursor > 0 ? a->cursor : a->m.now.line;

		if (fn == NULL)
			return;
		c += delta;
		if (c < 1)
			c = 1;
		if (c > fn->nlines)
			c = fn->nlines;
		a->cursor = c;
		return;
	}
	if (delta > 100000 || delta < -100000)
		a->scroll[a->focus] = delta > 0 ? 100000 : -100000;
	else
		a->scroll[a->focus] += delta;
}

static void
tui_app_click(struct tui_app *a, int x, int y)
{
	int p, line;

	for (p = 0; p < PANE_NPANES; p++) {
		const struct tui_rect *r = &a->lay.pane[p];

		if (r->h > 0 && x >= r->x && x < r->x + r->w && y >= r->y &&
		    y < r->y + r->h)
			break;
	}
	if (p == PANE_NPANES)
		return;
	a->focus = p;
	if (p == PANE_LISTING && (line = tui_listing_line_at(a, y)) > 0) {
		a->cursor = line;
		tui_app_breakpoint(a, a->lmap_fn, line);
	}
}

/* + and -: the tree's rows, taken from (or given back to) the listing. */
static void
tui_app_grow(struct tui_app *a, int delta)
{
	struct tui_layout l;
	int before = a->lay.pane[PANE_TREE].h;

	tui_layout_compute(&l, a->scr.w, a->scr.h, a->tree_grow + delta);
	if (l.pane[PANE_TREE].h == before) {
		tui_app_msg(a, ROLE_NORMAL, "%s", delta > 0 ? _("the tree is as big "
		    "as this screen allows") : _("the tree is as small as this "
		    "screen allows"));
		return;
	}
	a->tree_grow += delta;
	tui_app_msg(a, ROLE_NORMAL, _("the tree has %d rows (+ more, - fewer)"),
	    l.pane[PANE_TREE].h);
}

/* ---- keys --------------------------------------------------------------- */

/* The keys that answer an address or a gap question; 1 when used. */
static int
tui_app_question_key(struct tui_app *a, const struct tui_key *k)
{
	int q = tui_model_question(&a->m), c = k->code, i;

	if (q != Q_ADDR && q != Q_GAP)
		return 0;
	if (c == KEY_T_LEFT || c == KEY_T_RIGHT)
		return tui_app_pick_move(a, c == KEY_T_LEFT ? -1 : 1);
	if (c == KEY_T_ENTER) {
		tui_app_pick_answer(a);
		return 1;
	}
	if (q == Q_ADDR && c >= '0' && c <= '9') {
		a->prompt = PROMPT_ADDR;
		a->input[0] = (char)c;
		a->input[1] = '\0';
		return 1;
	}
	if (q == Q_ADDR && c == KEY_T_CLICK &&
	    k->y == a->lay.pane[PANE_SPACE].y + 1) {
		for (i = 0; i < a->nbar_gap; i++)
			if (k->x >= a->bar_gap[i].x && k->x < a->bar_gap[i].x +
			    a->bar_gap[i].w) {
				a->pick_gap = i;
				tui_app_pick_answer(a);
				return 1;
			}
	}
	if (q == Q_GAP && c == KEY_T_CLICK) {
		for (i = 0; i < a->ntree_hit; i++) {
			const struct tui_hit *h = &a->tree_hit[i];

			if (k->x >= h->x && k->x < h->x + h->w &&
			    k->y >= h->y && k->y < h->y + h->h) {
				a->pick_node = h->node;
				tui_app_pick_answer(a);
				return 1;
			}
		}
	}
	return 0;
}

void
tui_app_key(struct tui_app *a, const struct tui_key *k)
{
	int c = k->code, pending = tui_model_pending(&a->m);

	if (c == KEY_T_RESIZE || c == KEY_T_NONE)
		return;
	if (a->npopup > 0) {
		a->npopup = 0;
		if (c != KEY_T_INTR)
			return;
	}
	if (a->help) {
		/* The help scrolls; any other key closes it. */
		if (c == KEY_T_UP || c == KEY_T_DOWN || c == KEY_T_PGUP ||
		    c == KEY_T_PGDN) {
			a->help_top += c == KEY_T_UP ? -1 : c == KEY_T_DOWN ?
			    1 : c == KEY_T_PGUP ? -10 : 10;
			return;
		}
		a->help = 0;
		if (c != KEY_T_INTR)
			return;
	}
	if (a->prompt != PROMPT_NONE) {
		tui_app_prompt_key(a, c);
		return;
	}
	a->msg[0] = '\0';
	if (pending && (c == 'y' || c == 'n')) {
		tui_app_answer(a, c == 'y');
		return;
	}
	if (tui_app_question_key(a, k))
		return;
	switch (c) {
	case 'q':
	case KEY_T_INTR:
		a->quit = 1;
		break;
	case 'n': tui_app_move(a, MOVE_NEXT, 0); break;
	case 's': tui_app_move(a, MOVE_STEP, 0); break;
	case 'f': tui_app_move(a, MOVE_FINISH, 0); break;
	case 'c': tui_app_move(a, MOVE_CONTINUE, 0); break;
	case 'N': tui_app_move(a, MOVE_NEXT, 1); break;
	case 'S': tui_app_move(a, MOVE_STEP, 1); break;
	case 'F': tui_app_move(a, MOVE_FINISH, 1); break;
	case 'C': tui_app_move(a, MOVE_CONTINUE, 1); break;
	case '[':
	case ']':
		if (c == ']' && tui_model_question(&a->m) != Q_NONE)
			tui_app_move(a, MOVE_STEP, 0);	/* says why not */
		else
			tui_app_calls(a, c == ']' ? 1 : -1);
		break;
	case 'u':
		a->only_search = !a->only_search;
		tui_app_msg(a, ROLE_NORMAL, "%s", a->only_search ?
		    _("[ ] now go only to calls that search for space "
		    "(get_unmapped_area -> unmapped_area); u again: all") :
		    _("[ ] go to every call again"));
		break;
	case ' ':
		tui_app_breakpoint(a, replay_listing_index(a->m.now.fn),
		    a->cursor > 0 ? a->cursor : a->m.now.line);
		break;
	case 'g':
	case '/':
	case ':':
		a->prompt = c == 'g' ? PROMPT_GOTO : c == '/' ? PROMPT_SEARCH :
		    PROMPT_CMD;
		a->input[0] = '\0';
		break;
	case KEY_T_TAB:
		tui_app_focus(a, 1);
		break;
	case KEY_T_BTAB:
		tui_app_focus(a, -1);
		break;
	case '+':
	case '=':
	case '-':
		tui_app_grow(a, c == '-' ? -3 : 3);
		break;
	case '?':
	case 'h':
		a->help = 1;
		a->help_top = 0;
		break;
	case KEY_T_CLICK:
		tui_app_click(a, k->x, k->y);
		break;
	case KEY_T_ENTER:
	case KEY_T_ESC:
		break;
	default:
		if (c >= 0x20 && c < 0x7f)
			tui_app_msg(a, ROLE_BAD, _("'%c' is not a key here: ? "
			    "shows the keys and what the screen shows"), c);
		else
			tui_app_scroll(a, c);
		break;
	}
}

/* ---- drawing ------------------------------------------------------------ */

/* The column between the left panes and the right ones. */
static void
tui_app_separators(struct tui_app *a)
{
	const struct tui_rect *l = &a->lay.pane[PANE_LISTING];
	const struct tui_rect *t = &a->lay.pane[PANE_TREE];
	int x = l->x + l->w, y;

	if (a->lay.pane[PANE_STACK].h == 0)
		return;
	for (y = l->y; y < l->y + l->h; y++)
		tui_screen_put(&a->scr, x, y, 1, y == l->y ? ROLE_TITLE :
		    ROLE_LINENO, a->g->vline);
	if (t->x + t->w > x)
		return;		/* the tree has the whole width */
	for (y = t->y; y < t->y + t->h; y++)
		tui_screen_put(&a->scr, x, y, 1, y == t->y ? ROLE_TITLE :
		    ROLE_LINENO, a->g->vline);
}

int
tui_app_draw(struct tui_app *a, int w, int h)
{
	if (tui_screen_resize(&a->scr, w, h) < 0)
		return -1;
	tui_layout_compute(&a->lay, w, h, a->tree_grow);
	if (a->lay.pane[a->focus].h == 0)
		a->focus = PANE_LISTING;
	tui_draw_listing(a, &a->lay.pane[PANE_LISTING]);
	tui_draw_stack(a, &a->lay.pane[PANE_STACK]);
	tui_draw_locals(a, &a->lay.pane[PANE_LOCALS]);
	tui_draw_space(a, &a->lay.pane[PANE_SPACE]);
	tui_draw_tree(a, &a->lay.pane[PANE_TREE]);
	tui_draw_scenario(a, &a->lay.pane[PANE_SCENARIO]);
	tui_app_separators(a);
	tui_draw_status(a, &a->lay.status);
	if (a->help)
		tui_draw_help(a);
	else if (a->npopup > 0)
		tui_draw_popup(a);
	return 0;
}

int
tui_app_headless(struct tui_app *a, const char *keys, int dump, FILE *out,
    char *err, size_t errlen)
{
	struct tui_key *k = NULL;
	int n = 0, i, w = a->o.w, h = a->o.h;

	if (keys != NULL && (n = tui_keys_parse(keys, &k, err, errlen)) < 0)
		return -1;
	if (tui_app_draw(a, w, h) < 0)
		goto oom;
	for (i = 0; i < n && !a->quit; i++) {
		if (k[i].code == KEY_T_RESIZE) {
			w = k[i].x;
			h = k[i].y;
		} else {
			tui_app_key(a, &k[i]);
		}
		if (tui_app_draw(a, w, h) < 0)
			goto oom;
	}
	free(k);
	if (a->fatal) {
		snprintf(err, errlen, "%s", a->m.err);
		return -1;
	}
	if (dump && tui_screen_dump(&a->scr, out) < 0) {
		snprintf(err, errlen, "write error");
		return -1;
	}
	return 0;
oom:
	free(k);
	snprintf(err, errlen, _("out of memory"));
	return -1;
}
