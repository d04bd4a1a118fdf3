/*
 * draw-panes.c - the small panes: title bars, the call stack, the locals,
 * the scenario, the status line and the help screen.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "trace/i18n.h"
#include "trace/listing.h"
#include "tui.h"

struct tui_rect
tui_draw_title(struct tui_app *a, const struct tui_rect *r,
    enum tui_pane pane, const char *fmt, ...)
{
	enum tui_role role = a->focus == (int)pane ? ROLE_TITLE_FOCUS :
	    ROLE_TITLE;
	struct tui_rect b = *r;
	char buf[512];
	va_list ap;

	if (r->h <= 0)
		return b;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	tui_screen_fill(&a->scr, r->x, r->y, r->w, role, " ");
	if (tui_text_width(buf) > r->w && r->w > 1) {
		/* Too long for the pane: cut between characters, marked. */
		buf[tui_text_fit(buf, r->w - 1)] = '\0';
		tui_screen_put(&a->scr, r->x + tui_text_width(buf), r->y, 1,
		    role, a->g->ellipsis);
	}
	tui_screen_put(&a->scr, r->x, r->y, r->w, role, buf);
	b.y++;
	b.h--;
	return b;
}

/* "name=value, name=value" of a CALL's arguments. */
static void
tui_args(const struct tui_model *m, const struct trace_event *call, char *buf,
    size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < call->nvals && n < len; i++) {
		char v[64];

		if (tui_model_hidden(m, call->vals[i].name))
			snprintf(v, sizeof v, "?");
		else
			tui_fmt_value(v, sizeof v, call->vals[i].value);
		n += (size_t)snprintf(buf + n, len - n, "%s%s=%s", i ? ", " : "",
		    call->vals[i].name, v);
	}
}

/*
 * Lays out frames k0.. as a chain of names wrapped at the pane's width
 * ("… → " first when k0 > 0), drawing when `draw`. Returns the rows used.
 *   sys_mmap → do_mmap → get_unmapped_area
 *   → arch_get_unmapped_area_topdown → vm_unmapped_area
 *   → unmapped_area_topdown
 */
static int
tui_stack_chain(struct tui_app *a, const struct tui_rect *b, int k0,
    int draw)
{
	const struct tui_now *n = &a->m.now;
	int k, x = b->x + 1, y = 0, w, aw = tui_text_width(a->g->arrow);

	if (k0 > 0) {
		if (draw)
			tui_screen_put(&a->scr, x, b->y, b->w - 1, ROLE_DIM,
			    a->g->ellipsis);
		x += 1;
	}
	for (k = k0; k < n->nframes; k++) {
		int inner = k == n->nframes - 1;

		w = tui_text_width(n->frames[k].func);
		if (k > 0) {
			if (x + 1 + aw + 1 + w > b->x + b->w && x > b->x + 1) {
				x = b->x + 1;
				y++;
			} else {
				x++;
			}
			if (draw && y < b->h)
				tui_screen_put(&a->scr, x, b->y + y,
				    b->x + b->w - x, ROLE_LINENO, a->g->arrow);
			x += aw + 1;
		}
		if (draw && y < b->h)
			tui_screen_put(&a->scr, x, b->y + y, b->x + b->w - x,
			    inner ? ROLE_STATUS_HI : ROLE_NORMAL,
			    n->frames[k].func);
		x += w;
	}
	return y + 1;
}

void
tui_draw_stack(struct tui_app *a, const struct tui_rect *r)
{
	const struct tui_now *n = &a->m.now;
	struct tui_rect b;
	char args[512];
	int k;

	if (r->h == 0)
		return;
	b = tui_draw_title(a, r, PANE_STACK, _(" call stack (%d) "), n->nframes);
	if (b.h <= 0)
		return;
	if (n->nframes == 0) {
		tui_screen_put(&a->scr, b.x + 1, b.y, b.w - 1, ROLE_DIM,
		    _("the system call itself"));
		return;
	}
	if (n->nframes > b.h) {
		/* Drop outer frames until the innermost fits. */
		for (k = 0; k + 1 < n->nframes; k++)
			if (tui_stack_chain(a, &b, k, 0) <= b.h)
				break;
		tui_stack_chain(a, &b, k, 1);
		return;
	}
	for (k = 0; k < n->nframes; k++) {
		int inner = k == n->nframes - 1, x = b.x;

		x += tui_screen_put(&a->scr, x, b.y + k, 1, ROLE_CURLINE,
		    inner ? a->g->cur : " ");
		tui_args(&a->m, n->frames[k].call, args, sizeof args);
		tui_screen_printf(&a->scr, x, b.y + k, b.x + b.w - x,
		    inner ? ROLE_STATUS_HI : ROLE_NORMAL, "%s(%s)",
		    n->frames[k].func, args);
	}
}

/*
 * A local's value; "set at line N" when line N assigned it and the trace
 * has no value for it (a fresh VMA, say, whose vm_start is not yet set).
 */
static void
tui_fmt_local(const struct tui_model *m, char *buf, size_t len,
    const struct tui_local *l)
{
	if (tui_model_hidden(m, l->name))
		snprintf(buf, len, _("? (hidden)"));
	else if (l->set_at > 0)
		snprintf(buf, len, _("set at line %d"), l->set_at);
	else
		tui_fmt_value(buf, len, l->value);
}

void
tui_draw_locals(struct tui_app *a, const struct tui_rect *r)
{
	const struct tui_now *n = &a->m.now;
	struct tui_rect b;
	int namew = 4, valw = 1, i, row, top;

	if (r->h == 0)
		return;
	if (n->nframes > 0)
		b = tui_draw_title(a, r, PANE_LOCALS, _(" locals: %s "),
		    n->frames[n->nframes - 1].func);
	else
		b = tui_draw_title(a, r, PANE_LOCALS, "%s", _(" locals "));
	if (b.h <= 0)
		return;
	for (i = 0; i < n->nlocals; i++) {
		int w = tui_text_width(n->locals[i].name);
		char v[64];

		if (w > namew)
			namew = w;
		tui_fmt_local(&a->m, v, sizeof v, &n->locals[i]);
		if (tui_text_width(v) > valw)
			valw = tui_text_width(v);
	}
	/* The values whole; the names cut when the pane is narrow. */
	if (namew > b.w - 2 - valw)
		namew = b.w - 2 - valw;
	if (namew < 4)
		namew = 4;
	top = a->scroll[PANE_LOCALS];
	if (top > n->nlocals - b.h)
		top = n->nlocals - b.h;
	if (top < 0)
		top = 0;
	for (row = 0, i = top; i < n->nlocals && row < b.h; i++, row++) {
		const struct tui_local *l = &n->locals[i];
		enum tui_role role = l->changed ? ROLE_CHANGED : ROLE_NORMAL;
		char v[64];
		int x = b.x;

		tui_fmt_local(&a->m, v, sizeof v, l);
		x += tui_screen_put(&a->scr, x, b.y + row, 1, role,
		    l->changed ? a->g->changed : " ");
		tui_screen_printf(&a->scr, x, b.y + row, namew, l->arg ?
		    ROLE_LINENO : role, "%-*s", namew, l->name);
		if (tui_text_width(l->name) > namew)
			tui_screen_put(&a->scr, x + namew - 1, b.y + row, 1,
			    ROLE_DIM, a->g->ellipsis);
		x += namew;
		tui_screen_printf(&a->scr, x, b.y + row, b.x + b.w - x, role,
		    " %s", v);
	}
	if (n->nlocals == 0)
		tui_screen_put(&a->scr, b.x + 1, b.y, b.w - 1, ROLE_DIM,
		    n->nframes > 0 ? _("none yet") : _("none"));
}

/* The result of op i as the pane shows it: short errors. */
static void
tui_result(const struct scen_op *op, unsigned long v, char *buf, size_t len)
{
	if (IS_ERR_VALUE(v) && run_errno_name((int)-v) != NULL)
		snprintf(buf, len, "-%s", run_errno_name((int)-v));
	else
		run_format_result(op, v, buf, len);
}

/*
 * A call's text wrapped at w columns (after a ", " or a "|" when one is
 * near): the start of each row in *starts, at most TUI_SCEN_ROWS rows.
 * Calls are never cut: `mmap(NULL, 200000, PROT_READ|PROT_WRITE, ...)`
 * is what the student typed.
 */
#define TUI_SCEN_ROWS	4

static int
tui_scen_wrap(const char *text, int w, int starts[TUI_SCEN_ROWS + 1])
{
	int len = (int)strlen(text), pos = 0, n = 0, cut, k;

	if (w < 8)
		w = 8;
	while (pos < len && n < TUI_SCEN_ROWS) {
		starts[n++] = pos;
		if (len - pos <= w || n == TUI_SCEN_ROWS) {
			pos = len;
			break;
		}
		cut = pos + w;
		for (k = cut; k > pos + w / 4; k--)
			if (text[k - 1] == ' ' || text[k - 1] == '|') {
				cut = k;
				break;
			}
		pos = cut;
	}
	starts[n] = len;
	return n > 0 ? n : 1;
}

/* The rows op i takes: its text, and its result when it does not fit. */
static int
tui_scen_rows(const struct tui_app *a, size_t i, int w, int *lastw)
{
	int starts[TUI_SCEN_ROWS + 1], n;

	n = tui_scen_wrap(a->m.sc->ops[i].text, w, starts);
	*lastw = starts[n] - starts[n - 1];
	return n + (*lastw + 24 > w);
}

/* The result (or what is expected) of op i at (x, y). */
static void
tui_scen_result(struct tui_app *a, const struct tui_rect *b, size_t i, int x,
    int y, enum tui_role role)
{
	const struct tui_model *m = &a->m;
	const struct scen_op *op = &m->sc->ops[i];
	int done = i < m->v.op || (i == m->v.op && m->now.finished);
	unsigned long res = m->rp.ops[i].result;
	char buf[96], exp[96];

	if (op->kind == OP_SKIP) {
		tui_screen_put(&a->scr, x, y, b->x + b->w - x, ROLE_DIM,
		    _(" skipped"));
		return;
	}
	if (!done) {
		if (op->has_expect && !a->m.predict) {
			tui_result(op, op->expect, exp, sizeof exp);
			tui_screen_printf(&a->scr, x, y, b->x + b->w - x,
			    ROLE_DIM, _(" (exp %s)"), exp);
		}
		return;
	}
	tui_result(op, res, buf, sizeof buf);
	if (op->has_expect && res != op->expect) {
		tui_result(op, op->expect, exp, sizeof exp);
		tui_screen_printf(&a->scr, x, y, b->x + b->w - x, ROLE_BAD,
		    " = %s %s exp %s", buf, a->g->notok, exp);
		return;
	}
	x += tui_screen_printf(&a->scr, x, y, b->x + b->w - x, role ==
	    ROLE_CURLINE ? ROLE_CURLINE : ROLE_NORMAL, " = %s ", buf);
	if (op->has_expect)
		tui_screen_put(&a->scr, x, y, b->x + b->w - x, ROLE_GOOD,
		    a->g->ok);
}

void
tui_draw_scenario(struct tui_app *a, const struct tui_rect *r)
{
	const struct tui_model *m = &a->m;
	const struct scenario *sc = m->sc;
	size_t cur = m->v.op, i, top;
	struct tui_rect b;
	int tw, used, row, lastw, k, n, starts[TUI_SCEN_ROWS + 1];

	if (r->h == 0)
		return;
	b = tui_draw_title(a, r, PANE_SCENARIO, _(" scenario %s%s "), sc->file,
	    a->only_search ? _("  [ ]: searches only (u)") : "");
	if (b.h <= 0)
		return;
	tw = b.w - 4;
	/* The current call about a third down, the calls before it above. */
	top = cur;
	used = tui_scen_rows(a, cur, tw, &lastw);
	while (top > 0 && used + tui_scen_rows(a, top - 1, tw, &lastw) <=
	    b.h / 3 + 1)
		used += tui_scen_rows(a, --top, tw, &lastw);
	k = a->scroll[PANE_SCENARIO];
	for (; k < 0 && top > 0; k++)
		top--;
	for (; k > 0 && top + 1 < sc->nops; k--)
		top++;
	for (row = 0, i = top; i < sc->nops && row < b.h; i++) {
		const struct scen_op *op = &sc->ops[i];
		enum tui_role role = i == cur ? ROLE_CURLINE : i > cur ||
		    (a->only_search && !tui_nav_searches(m, i)) ? ROLE_DIM :
		    ROLE_NORMAL;
		int y = b.y + row, x, rows = tui_scen_rows(a, i, tw, &lastw);

		n = tui_scen_wrap(op->text, tw, starts);
		if (i == cur)
			for (k = 0; k < rows && row + k < b.h; k++)
				tui_screen_fill(&a->scr, b.x, y + k, b.w,
				    ROLE_CURLINE, " ");
		tui_screen_put(&a->scr, b.x, y, 1, role, i == cur ?
		    a->g->cur : " ");
		tui_screen_printf(&a->scr, b.x + 1, y, 3, role, "%2zu ", i + 1);
		for (k = 0; k < n && row + k < b.h; k++)
			tui_screen_printf(&a->scr, b.x + 4, y + k, tw, role,
			    "%.*s", starts[k + 1] - starts[k],
			    op->text + starts[k]);
		x = b.x + 4 + lastw;
		y += n - 1;
		if (rows > n) {
			x = b.x + 4;
			y++;
		}
		if (y < b.y + b.h)
			tui_scen_result(a, &b, i, x, y, role);
		row += rows;
	}
}

/* ---- the status line -------------------------------------------------- */

/* The open question, with the pick so far. */
static const char *
tui_draw_ask(struct tui_app *a)
{
	static char buf[256];
	const struct snap *s = &a->m.v.snap;
	int kind;

	switch (tui_model_question(&a->m)) {
	case Q_BRANCH:
		return _("predict: will this branch be taken? press y or n");
	case Q_ADDR:
		kind = tui_model_addr_kind(&a->m);
		if (a->pick_gap >= 0) {
			snprintf(buf, sizeof buf, kind == ADDR_MAP ?
			    _("predict: in the gap 0x%lx-0x%lx? Enter answers, "
			    "Left/Right another") : _("predict: in "
			    "0x%lx-0x%lx? Enter answers, Left/Right another"),
			    a->bar_gap[a->pick_gap].lo,
			    a->bar_gap[a->pick_gap].hi);
			return buf;
		}
		if (kind == ADDR_BRK)
			return _("predict: where will the break be after this "
			    "call? type 0x... Enter, or Left/Right to pick a "
			    "part of the bar");
		if (kind == ADDR_PTR)
			return _("predict: which pointer will this return (the "
			    "chunk's user memory, 16 bytes past its header)? "
			    "type 0x... Enter, or Left/Right to pick a part of "
			    "the bar");
		return _("predict: where will this mapping land? type 0x... "
		    "Enter, or Left/Right to pick a gap on the bar");
	case Q_GAP:
		if (a->pick_node >= 0 && a->pick_node < (int)s->count) {
			snprintf(buf, sizeof buf, _("predict: the gap below %lx? "
			    "Enter answers, Left/Right another"),
			    s->n[a->pick_node].start);
			return buf;
		}
		return _("predict: which gap will the search choose? Left/Right "
		    "pick the VMA above it in the tree (or click it)");
	}
	return "";
}

/* The keys' hint, as many whole items as the row holds, ? first. */
static const char *const tui_hint[] = {
	N_("? help and legend"), N_("n next"), N_("s step"),
	N_("f finish"), N_("c cont"), N_("N S F C back"),
	N_("space break"), N_(": command"), N_("[ ] calls"), N_("q quit"),
};

static void
tui_status_hint(char *buf, size_t len, int w)
{
	size_t i, n = 0;
	int used = 0, iw;

	buf[0] = '\0';
	for (i = 0; i < sizeof tui_hint / sizeof tui_hint[0]; i++) {
		iw = tui_text_width(_(tui_hint[i])) + (used > 0 ? 2 : 0);
		if (used + iw > w)
			break;
		n += (size_t)snprintf(buf + n, len - n, "%s%s", used > 0 ?
		    "  " : "", _(tui_hint[i]));
		used += iw;
		if (n >= len)
			break;
	}
}

/*
 * Up to `max` rows of text wrapped at w columns into rows[]; when it needs
 * more, the last row ends with an ellipsis. Returns the rows.
 */
#define TUI_STATUS_ROWS	8

static int
tui_status_rows(struct tui_app *a, const char *text, int w, int max,
    char rows[][512])
{
	int off[TUI_STATUS_ROWS], len[TUI_STATUS_ROWS], n, i, k;

	if (max > TUI_STATUS_ROWS)
		max = TUI_STATUS_ROWS;
	n = tui_text_wrap(text, w, off, len, max);
	for (i = 0; i < n && i < max; i++)
		snprintf(rows[i], 512, "%.*s", len[i], text + off[i]);
	if (n > max) {
		/* Cut: the last row's end makes room for the ellipsis. */
		k = tui_text_fit(rows[max - 1], w - 1);
		snprintf(rows[max - 1] + k, 512 - (size_t)k, "%s",
		    a->g->ellipsis);
		n = max;
	}
	return n > 0 ? n : 1;
}

/*
 * --predict's score at the right of the status line, per kind of question
 * as the summary counts them ("branch 5/7 · address 1/2 · gap 0/1"; the
 * kinds asked so far, to keep it short) when at least 44 columns are left
 * for the rest (80 columns hold all three), else the total ("predict
 * 0/0" before the first answer), else nothing.
 */
static void
tui_status_score(const struct tui_app *a, char *buf, size_t len, int w)
{
	static const char *const fmt[TUI_NQ] = {
		[Q_BRANCH] = N_("branch %u/%u"), [Q_ADDR] = N_("address %u/%u"),
		[Q_GAP] = N_("gap %u/%u"),
	};
	const struct tui_model *m = &a->m;
	size_t n = 0;
	int q;

	buf[0] = '\0';
	if (!m->predict)
		return;
	for (q = 0; q < TUI_NQ && n < len; q++) {
		if (m->qasked[q] == 0)
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s", n == 0 ? " " :
		    a->scr.ascii ? ", " : " \u00b7 ");
		if (n < len)
			n += (size_t)snprintf(buf + n, len - n, _(fmt[q]),
			    m->qright[q], m->qasked[q]);
	}
	if (n > 0 && n + 1 < len)
		snprintf(buf + n, len - n, " ");
	if (n > 0 && w - tui_text_width(buf) >= 44)
		return;
	snprintf(buf, len, _(" predict %u/%u "), m->right, m->asked);
	if (w <= tui_text_width(buf) + 20)
		buf[0] = '\0';
}

/*
 * The status line: where the run is and what the step decides, then the
 * message of the last key (or the open question, or the keys' hint).
 * Nothing is cut: text too long for its row goes on more rows, which
 * cover the bottom of the panes above until the next key:
 *
 *    step 167/1009 | syscall 4/10 | mmap(NULL,   branch 2/3 · address 1/2
 *    200000, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
 *    predict: where will this mapping land? type 0x... Enter, or
 *    Left/Right to pick a gap on the bar
 *
 * At most a third of the screen (half below 20 rows); below 8 rows, one
 * row, cut.
 */
void
tui_draw_status(struct tui_app *a, const struct tui_rect *r)
{
	const struct tui_model *m = &a->m;
	const struct tui_now *n = &m->now;
	const struct trace_event *d = n->decide;
	int pending = tui_model_pending(m), x, y, i, wx, rw, n1, n2 = 0;
	int max, maxw;
	char right[160], what[512], where[160], line2[512];
	char rows1[TUI_STATUS_ROWS][512], rows2[TUI_STATUS_ROWS][512];
	enum tui_role role2 = ROLE_NORMAL;

	if (r->h == 0)
		return;
	if (d != NULL && d->decision != NULL)
		snprintf(what, sizeof what, "%s %s", d->decision->id,
		    pending ? "?" : d->outcome ? _("TAKEN") : _("not taken"));
	else if (d != NULL)
		snprintf(what, sizeof what, "%s", d->text);
	else if (n->fn != NULL)
		snprintf(what, sizeof what, "%s:%d", n->fn->name, n->line);
	else
		snprintf(what, sizeof what, "%s", m->sc->ops[m->v.op].text);
	/* "step 154 of 641", or "step 154/641" when the id would not fit. */
	snprintf(where, sizeof where, _(" step %llu of %llu | syscall %zu of "
	    "%zu | "), (unsigned long long)m->step + 1,
	    (unsigned long long)tui_model_nsteps(m), m->v.op + 1,
	    m->sc->nops);
	tui_status_score(a, right, sizeof right, r->w);
	if (tui_text_width(where) + tui_text_width(what) +
	    tui_text_width(right) > r->w)
		snprintf(where, sizeof where, _(" step %llu/%llu | syscall "
		    "%zu/%zu | "),
		    (unsigned long long)m->step + 1,
		    (unsigned long long)tui_model_nsteps(m), m->v.op + 1,
		    m->sc->nops);
	wx = tui_text_width(where);
	rw = tui_text_width(right);
	/* A third of the screen; half of a small one. */
	max = a->scr.h < 20 ? a->scr.h / 2 : a->scr.h / 3;
	if (max < r->h)
		max = r->h;
	if (r->h < 2)
		max = 1;
	/* The second part: the message, the question, or the hint. */
	line2[0] = '\0';
	if (a->prompt != PROMPT_NONE) {
		line2[0] = '\0';	/* the prompt takes the row, below */
	} else if (a->msg[0] != '\0') {
		snprintf(line2, sizeof line2, "%s", a->msg);
		role2 = a->msg_role;
	} else if (tui_model_question(m) != Q_NONE) {
		snprintf(line2, sizeof line2, "%s", tui_draw_ask(a));
		role2 = ROLE_PROMPT;
	} else {
		tui_status_hint(line2, sizeof line2, r->w - 1);
		role2 = ROLE_DIM;
	}
	if (max >= 2) {
		if (a->prompt != PROMPT_NONE)
			n2 = 1;
		else
			n2 = tui_status_rows(a, line2, r->w - 1, max - 1,
			    rows2);
	}
	/* The first part: what follows `where` wraps from column 1. */
	maxw = r->w - wx - rw;
	if (maxw < 1)
		maxw = 1;
	i = tui_text_fit(what, maxw);
	if (what[i] != '\0' && max - n2 > 1) {
		int k = i, blank;

		/* Break the first row at a blank when there is one. */
		for (blank = i; blank > 0 && what[blank] != ' '; blank--)
			;
		/* None: the whole of it on the rows below. */
		k = blank > 0 ? blank : 0;
		snprintf(rows1[0], sizeof rows1[0], "%.*s", k, what);
		while (what[k] == ' ')
			k++;
		/* rows1 + 1 holds one row fewer than rows1. */
		n1 = 1 + tui_status_rows(a, what + k, r->w - 1,
		    max - n2 - 1 < TUI_STATUS_ROWS - 1 ? max - n2 - 1 :
		    TUI_STATUS_ROWS - 1, rows1 + 1);
	} else {
		n1 = tui_status_rows(a, what, maxw, 1, rows1);
	}
	y = r->y + r->h - n1 - n2;
	for (i = 0; i < n1; i++) {
		tui_screen_fill(&a->scr, r->x, y + i, r->w, ROLE_STATUS, " ");
		x = r->x + (i == 0 ? 0 : 1);
		if (i == 0)
			x += tui_screen_put(&a->scr, x, y, r->w, ROLE_STATUS,
			    where);
		tui_screen_put(&a->scr, x, y + i, r->x + r->w - x -
		    (i == 0 ? rw : 0), ROLE_STATUS_HI, rows1[i]);
	}
	if (rw > 0)
		tui_screen_put(&a->scr, r->x + r->w - rw, y, rw, ROLE_STATUS_HI,
		    right);
	y += n1;
	if (n2 == 0)
		return;
	for (i = 0; i < n2; i++)
		tui_screen_fill(&a->scr, r->x, y + i, r->w, ROLE_NORMAL, " ");
	if (a->prompt != PROMPT_NONE) {
		x = r->x;
		x += tui_screen_put(&a->scr, x, y, r->w, ROLE_PROMPT,
		    a->prompt == PROMPT_GOTO ? _("go to step: ") :
		    a->prompt == PROMPT_CMD ? ":" : a->prompt != PROMPT_ADDR ?
		    "/" : tui_model_addr_kind(m) == ADDR_BRK ?
		    _("the break: ") : tui_model_addr_kind(m) == ADDR_PTR ?
		    _("it returns: ") : _("it lands at: "));
		x += tui_screen_put(&a->scr, x, y, r->x + r->w - x, ROLE_PROMPT,
		    a->input);
		tui_screen_put(&a->scr, x, y, 1, ROLE_CURSOR, " ");
		return;
	}
	for (i = 0; i < n2; i++)
		tui_screen_put(&a->scr, r->x + 1, y + i, r->w - 1, role2,
		    rows2[i]);
}

/* ---- help and legend ----------------------------------------------------- */

/*
 * The help is also the legend: what every mark on the screen means, so
 * that a student can read the screen without the teacher. "%A" "%B" "%C"
 * lines are the bar's legend, drawn with the glyphs of the theme. A line
 * too wide for the screen wraps under its own text (after its label).
 */
static const char *const tui_help_lines[] = {
	N_("vmalab step: the kernel's brk/mmap path, line by line"),
	"",
	N_("MOVING  n next line (over calls)  s step (into calls)  f finish"),
	N_("        c continue to a breakpoint    N S F C: the same, backwards"),
	N_("        [ ] previous/next system call   u: [ ] only calls that"),
	N_("        search for space (get_unmapped_area)   g go to step N"),
	N_("        / search the events (Enter alone repeats)"),
	N_("BREAK   Up/Down move the cursor (_) in the listing; Space or a"),
	N_("        click sets a breakpoint there (only on lines that are steps)"),
	N_("        : opens a prompt like gdb's:"),
	"          b FUNC:LINE        b unmapped_area.gap_fits taken",
	N_("          b length > 0x10000 (stops where a traced value holds)"),
	N_("          info b (the list)   d N (delete one)   d (delete all)"),
	N_("PANES   Tab next pane; arrows, PgUp/PgDn scroll it; + - tree size"),
	"",
	N_("THE TREE (the VMAs' red-black tree, root on top)"),
	N_("  B R     a black / red node; the number is the VMA's start"),
	N_("  gap     free space between this VMA and the one below it"),
	N_("  sub     rb_subtree_gap: the biggest gap anywhere under the node;"),
	N_("          the search skips a subtree whose sub is below the length"),
	N_("  >       the node the search is at   * nodes it went through"),
	N_("  ~       a subtree it skipped (dim)  ! changed by this step"),
	N_("  [N]     N VMAs folded away to fit the pane"),
	N_("  detached: (at the right) VMAs a rotation holds off the tree"),
	N_("          for a few lines: still on the list, counted, mapped"),
	"",
	N_("THE BAR (the whole address space, 0 to TASK_SIZE)"),
	"%A",
	"%B",
	"%C",
	N_("  widths grow with the log of the size: not to scale"),
	N_("  ^brk the program break   ^mmap_base where mmaps go down from"),
	N_("  ^at the VMA the search is at   ^gap the gap it looks at"),
	"",
	N_("SIZES   KiB = 1024 bytes, MiB = 1024 KiB, GiB, TiB: 4 KiB is a page,"),
	N_("        43 TiB the free space between the heap and the libraries"),
	"",
	N_("--predict  y/n at each branch; what an mmap, brk or malloc returns"),
	N_("           (type it, or Left/Right on the bar); which gap the search"),
	N_("           picks (Left/Right in the tree); Enter answers"),
	"",
	N_("q quit.  Up/Down/PgUp/PgDn scroll this help; any other key closes it"),
};

#define TUI_NHELP	((int)(sizeof tui_help_lines / sizeof tui_help_lines[0]))

/* The bar's legend: a glyph, its role, what it means. */
static const char *
tui_help_glyph(const struct tui_app *a, char which, enum tui_role *role,
    const char **text)
{
	switch (which) {
	case 'A':
		*role = ROLE_VMA_A;
		*text = _("VMAs (two shades tell neighbours apart)");
		return a->g->vma_a;
	case 'B':
		*role = ROLE_GAP;
		*text = _("free: a gap");
		return a->g->gap;
	}
	*role = ROLE_CANDIDATE;
	*text = _("the gap the search looks at");
	return a->g->cand;
}

/* One row of a box: `len` bytes of `line` from `off`, at column x. */
struct tui_brow {
	const char	*line;
	int		 off, len, x;
};

/* Where the text of a line starts after its label: "MOVING  n ..." */
static int
tui_box_indent(const char *l, int w)
{
	int sp = (int)strspn(l, " "), k;
	const char *two;

	if (sp == 0 && (two = strstr(l, "  ")) != NULL && two - l < 16) {
		k = (int)(two - l);
		sp = tui_text_width_upto(l, k) + (int)strspn(two, " ");
	}
	return sp > w / 3 ? w / 3 : sp;
}

/*
 * The lines wrapped at w columns, the rows after a line's first under
 * its text. Returns the rows (at most max in out).
 */
static int
tui_box_rows(const char *const *lines, int n, int w, struct tui_brow *out,
    int max)
{
	int i, k = 0, off, len, pos, ind, rest;

	for (i = 0; i < n; i++) {
		const char *l = lines[i];

		if (l[0] == '%' || l[0] == '\0' || tui_text_width(l) <= w) {
			if (k < max)
				out[k] = (struct tui_brow){ l, 0,
				    (int)strlen(l), 0 };
			k++;
			continue;
		}
		ind = tui_box_indent(l, w);
		tui_text_wrap(l, w, &off, &len, 1);
		if (k < max)
			out[k] = (struct tui_brow){ l, 0, len, 0 };
		k++;
		for (pos = len; l[pos] == ' '; pos++)
			;
		while (l[pos] != '\0') {
			tui_text_wrap(l + pos, w - ind, &off, &len, 1);
			rest = pos + len;
			if (k < max)
				out[k] = (struct tui_brow){ l, pos, len, ind };
			k++;
			for (pos = rest; l[pos] == ' '; pos++)
				;
		}
	}
	return k;
}

#define TUI_BOX_ROWS	256

/* A frame of w x h at (x, y) in the help's colours. */
static void
tui_box_frame(struct tui_app *a, int x, int y, int w, int h)
{
	int i;

	for (i = 0; i < h; i++) {
		tui_screen_fill(&a->scr, x, y + i, w, ROLE_HELP, i == 0 ||
		    i == h - 1 ? a->g->hline : " ");
		tui_screen_put(&a->scr, x, y + i, 1, ROLE_HELP, i == 0 ?
		    a->g->tl : i == h - 1 ? a->g->bl : a->g->vline);
		tui_screen_put(&a->scr, x + w - 1, y + i, 1, ROLE_HELP, i == 0 ?
		    a->g->tr : i == h - 1 ? a->g->brc : a->g->vline);
	}
}

static void
tui_box_row(struct tui_app *a, int x, int y, int w, const struct tui_brow *r)
{
	enum tui_role role;
	const char *text, *glyph;
	char buf[512];

	if (r->line[0] == '%') {
		glyph = tui_help_glyph(a, r->line[1], &role, &text);
		x += tui_screen_put(&a->scr, x, y, w, ROLE_HELP, "  ");
		x += tui_screen_put(&a->scr, x, y, 1, role, glyph);
		if (r->line[1] == 'A')
			x += tui_screen_put(&a->scr, x, y, 1, ROLE_VMA_B,
			    a->g->vma_b);
		x += tui_screen_put(&a->scr, x, y, 1, ROLE_HELP, " ");
		tui_screen_put(&a->scr, x, y, w - 5, ROLE_HELP, text);
		return;
	}
	snprintf(buf, sizeof buf, "%.*s", r->len, r->line + r->off);
	tui_screen_put(&a->scr, x + r->x, y, w - r->x, ROLE_HELP, buf);
}

void
tui_draw_help(struct tui_app *a)
{
	static struct tui_brow rows[TUI_BOX_ROWS];
	const char *lines[TUI_NHELP];
	int n, w = 0, h, x, y, i, top;

	for (i = 0; i < TUI_NHELP; i++) {
		lines[i] = i18n_str(tui_help_lines[i]);
		if (lines[i][0] != '%' && tui_text_width(lines[i]) > w)
			w = tui_text_width(lines[i]);
	}
	w += 4;
	if (w > a->scr.w)
		w = a->scr.w;
	n = tui_box_rows(lines, TUI_NHELP, w - 4, rows, TUI_BOX_ROWS);
	if (n > TUI_BOX_ROWS)
		n = TUI_BOX_ROWS;
	h = n + 2;
	if (h > a->scr.h)
		h = a->scr.h;
	x = (a->scr.w - w) / 2;
	y = (a->scr.h - h) / 2;
	top = a->help_top;
	if (top > n - (h - 2))
		top = n - (h - 2);
	if (top < 0)
		top = 0;
	a->help_top = top;
	tui_box_frame(a, x, y, w, h);
	if (h - 2 < n)
		tui_screen_printf(&a->scr, x + 2, y + h - 1, w - 4, ROLE_HELP,
		    _(" %d-%d of %d: Up/Down scroll "), top + 1, top + h - 2, n);
	for (i = 0; top + i < n && i + 2 < h; i++)
		tui_box_row(a, x + 2, y + 1 + i, w - 4, &rows[top + i]);
}

/* A box of a->popup's lines in the middle: info b, the summary. */
void
tui_draw_popup(struct tui_app *a)
{
	static struct tui_brow rows[TUI_BOX_ROWS];
	const char *lines[TUI_POPUP_LINES];
	int n = a->npopup, w = 0, h, x, y, i;

	for (i = 0; i < n; i++) {
		lines[i] = a->popup[i];
		if (tui_text_width(lines[i]) > w)
			w = tui_text_width(lines[i]);
	}
	w += 4;
	if (w > a->scr.w)
		w = a->scr.w;
	n = tui_box_rows(lines, n, w - 4, rows, TUI_BOX_ROWS);
	if (n > TUI_BOX_ROWS)
		n = TUI_BOX_ROWS;
	h = n + 2;
	if (h > a->scr.h)
		h = a->scr.h;
	x = (a->scr.w - w) / 2;
	y = (a->scr.h - h) / 2;
	tui_box_frame(a, x, y, w, h);
	for (i = 0; i < n && i + 2 < h; i++)
		tui_box_row(a, x + 2, y + 1 + i, w - 4, &rows[i]);
}
