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
		char v[32];

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
	b = tui_draw_title(a, r, PANE_STACK, " call stack (%d) ", n->nframes);
	if (b.h <= 0)
		return;
	if (n->nframes == 0) {
		tui_screen_put(&a->scr, b.x + 1, b.y, b.w - 1, ROLE_DIM,
		    "the system call itself");
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
		snprintf(buf, len, "? (hidden)");
	else if (l->set_at > 0)
		snprintf(buf, len, "set at line %d", l->set_at);
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
	b = tui_draw_title(a, r, PANE_LOCALS, " locals%s%s ",
	    n->nframes > 0 ? ": " : "", n->nframes > 0 ?
	    n->frames[n->nframes - 1].func : "");
	if (b.h <= 0)
		return;
	for (i = 0; i < n->nlocals; i++) {
		int w = tui_text_width(n->locals[i].name);
		char v[32];

		if (w > namew)
			namew = w;
		tui_fmt_local(&a->m, v, sizeof v, &n->locals[i]);
		if ((int)strlen(v) > valw)
			valw = (int)strlen(v);
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
		char v[32];
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
		    n->nframes > 0 ? "none yet" : "none");
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
		    " skipped");
		return;
	}
	if (!done) {
		if (op->has_expect && !a->m.predict) {
			tui_result(op, op->expect, exp, sizeof exp);
			tui_screen_printf(&a->scr, x, y, b->x + b->w - x,
			    ROLE_DIM, " (exp %s)", exp);
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
	b = tui_draw_title(a, r, PANE_SCENARIO, " scenario %s%s ", sc->file,
	    a->only_search ? "  [ ]: searches only (u)" : "");
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

	switch (tui_model_question(&a->m)) {
	case Q_BRANCH:
		return "predict: will this branch be taken? press y or n";
	case Q_ADDR:
		if (a->pick_gap >= 0) {
			snprintf(buf, sizeof buf, "predict: in the gap "
			    "0x%lx-0x%lx? Enter answers, Left/Right another",
			    a->bar_gap[a->pick_gap].lo,
			    a->bar_gap[a->pick_gap].hi);
			return buf;
		}
		return "predict: where will this mapping land? type 0x... "
		    "Enter, or Left/Right to pick a gap on the bar";
	case Q_GAP:
		if (a->pick_node >= 0 && a->pick_node < (int)s->count) {
			snprintf(buf, sizeof buf, "predict: the gap below %lx? "
			    "Enter answers, Left/Right another",
			    s->n[a->pick_node].start);
			return buf;
		}
		return "predict: which gap will the search choose? Left/Right "
		    "pick the VMA above it in the tree (or click it)";
	}
	return "";
}

static const char tui_hint[] =
    "? help and legend  n next  s step  f finish  c cont  N S F C back  "
    "space break  : command  [ ] calls  q quit";

void
tui_draw_status(struct tui_app *a, const struct tui_rect *r)
{
	const struct tui_model *m = &a->m;
	const struct tui_now *n = &m->now;
	const struct trace_event *d = n->decide;
	int pending = tui_model_pending(m), x, y = r->y;
	char right[64], what[256], where[96];
	const char *line2 = NULL;
	enum tui_role role2 = ROLE_NORMAL;

	if (r->h == 0)
		return;
	tui_screen_fill(&a->scr, r->x, y, r->w, ROLE_STATUS, " ");
	x = r->x;
	if (d != NULL && d->decision != NULL)
		snprintf(what, sizeof what, "%s%s", d->decision->id,
		    pending ? " ?" : d->outcome ? " TAKEN" : " not taken");
	else if (d != NULL)
		snprintf(what, sizeof what, "%s", d->text);
	else if (n->fn != NULL)
		snprintf(what, sizeof what, "%s:%d", n->fn->name, n->line);
	else
		snprintf(what, sizeof what, "%s", m->sc->ops[m->v.op].text);
	/* "step 154 of 641", or "step 154/641" when the id would not fit. */
	snprintf(where, sizeof where, " step %llu of %llu | syscall %zu of "
	    "%zu | ", (unsigned long long)m->step + 1,
	    (unsigned long long)tui_model_nsteps(m), m->v.op + 1,
	    m->sc->nops);
	if ((int)(strlen(where) + strlen(what)) > r->w)
		snprintf(where, sizeof where, " step %llu/%llu | syscall "
		    "%zu/%zu | ", (unsigned long long)m->step + 1,
		    (unsigned long long)tui_model_nsteps(m), m->v.op + 1,
		    m->sc->nops);
	x += tui_screen_put(&a->scr, x, y, r->w, ROLE_STATUS, where);
	right[0] = '\0';
	if (m->predict)
		snprintf(right, sizeof right, " predict %u/%u ", m->right,
		    m->asked);
	x += tui_screen_put(&a->scr, x, y, r->x + r->w - x -
	    tui_text_width(right), ROLE_STATUS_HI, what);
	if (right[0] != '\0' && r->w > tui_text_width(right) + 20)
		tui_screen_put(&a->scr, r->x + r->w - tui_text_width(right), y,
		    r->w, ROLE_STATUS_HI, right);
	if (r->h < 2)
		return;
	y++;
	if (a->prompt != PROMPT_NONE) {
		x = r->x;
		x += tui_screen_put(&a->scr, x, y, r->w, ROLE_PROMPT,
		    a->prompt == PROMPT_GOTO ? "go to step: " :
		    a->prompt == PROMPT_CMD ? ":" : a->prompt == PROMPT_ADDR ?
		    "it lands at: " : "/");
		x += tui_screen_put(&a->scr, x, y, r->x + r->w - x, ROLE_PROMPT,
		    a->input);
		tui_screen_put(&a->scr, x, y, 1, ROLE_CURSOR, " ");
		return;
	}
	if (a->msg[0] != '\0') {
		line2 = a->msg;
		role2 = a->msg_role;
	} else if (tui_model_question(m) != Q_NONE) {
		line2 = tui_draw_ask(a);
		role2 = ROLE_PROMPT;
	} else {
		line2 = tui_hint;
		role2 = ROLE_DIM;
	}
	tui_screen_put(&a->scr, r->x + 1, y, r->w - 1, role2, line2);
}

/* ---- help and legend ----------------------------------------------------- */

/*
 * The help is also the legend: what every mark on the screen means, so
 * that a student can read the screen without the teacher. "%V" lines are
 * the bar's legend, drawn with the glyphs of the theme.
 */
static const char *const tui_help_lines[] = {
	"vmalab step: the kernel's brk/mmap path, line by line",
	"",
	"MOVING  n next line (over calls)  s step (into calls)  f finish",
	"        c continue to a breakpoint    N S F C: the same, backwards",
	"        [ ] previous/next system call   u: [ ] only calls that",
	"        search for space (get_unmapped_area)   g go to step N",
	"        / search the events (Enter alone repeats)",
	"BREAK   Up/Down move the cursor (_) in the listing; Space or a",
	"        click sets a breakpoint there (only on lines that are steps)",
	"        : opens a prompt like gdb's:",
	"          b FUNC:LINE        b unmapped_area.gap_fits taken",
	"          b length > 0x10000 (stops where a traced value holds)",
	"          info b (the list)   d N (delete one)   d (delete all)",
	"PANES   Tab next pane; arrows, PgUp/PgDn scroll it; + - tree size",
	"",
	"THE TREE (the VMAs' red-black tree, root on top)",
	"  B R     a black / red node; the number is the VMA's start",
	"  gap     free space between this VMA and the one below it",
	"  sub     rb_subtree_gap: the biggest gap anywhere under the node;",
	"          the search skips a subtree whose sub is below the length",
	"  >       the node the search is at   * nodes it went through",
	"  ~       a subtree it skipped (dim)  ! changed by this step",
	"  [N]     N VMAs folded away to fit the pane",
	"",
	"THE BAR (the whole address space, 0 to TASK_SIZE)",
	"%V",
	"  widths grow with the log of the size: not to scale",
	"  ^brk the program break   ^mmap_base where mmaps go down from",
	"  ^at the VMA the search is at   ^gap the gap it looks at",
	"",
	"SIZES   KiB = 1024 bytes, MiB = 1024 KiB, GiB, TiB: 4 KiB is a page,",
	"        43 TiB the free space between the heap and the libraries",
	"",
	"--predict  y/n at each branch; where a call's mapping will land",
	"           (type it, or Left/Right on the bar); which gap the search",
	"           picks (Left/Right in the tree); Enter answers",
	"",
	"q quit.  Up/Down/PgUp/PgDn scroll this help; any other key closes it",
};

#define TUI_NHELP	((int)(sizeof tui_help_lines / sizeof tui_help_lines[0]))

static void
tui_help_line(struct tui_app *a, int x, int y, int w, const char *l)
{
	const struct tui_glyphs *g = a->g;

	if (strcmp(l, "%V") != 0) {
		tui_screen_put(&a->scr, x, y, w, ROLE_HELP, l);
		return;
	}
	x += tui_screen_put(&a->scr, x, y, w, ROLE_HELP, "  ");
	x += tui_screen_put(&a->scr, x, y, 1, ROLE_VMA_A, g->vma_a);
	x += tui_screen_put(&a->scr, x, y, 1, ROLE_VMA_B, g->vma_b);
	x += tui_screen_put(&a->scr, x, y, w, ROLE_HELP, " VMAs (shades tell "
	    "neighbours apart) ");
	x += tui_screen_put(&a->scr, x, y, 1, ROLE_GAP, g->gap);
	x += tui_screen_put(&a->scr, x, y, w, ROLE_HELP, " free  ");
	x += tui_screen_put(&a->scr, x, y, 1, ROLE_CANDIDATE, g->cand);
	tui_screen_put(&a->scr, x, y, w, ROLE_HELP, " the gap looked at");
	(void)w;
}

void
tui_draw_help(struct tui_app *a)
{
	int n = TUI_NHELP, w = 0, h, x, y, i, top;

	for (i = 0; i < n; i++)
		if (tui_text_width(tui_help_lines[i]) > w)
			w = tui_text_width(tui_help_lines[i]);
	w += 4;
	h = n + 2;
	if (w > a->scr.w)
		w = a->scr.w;
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
	for (i = 0; i < h; i++) {
		const char *l = i == 0 ? a->g->tl : i == h - 1 ? a->g->bl :
		    a->g->vline;
		const char *r = i == 0 ? a->g->tr : i == h - 1 ? a->g->brc :
		    a->g->vline;

		tui_screen_fill(&a->scr, x, y + i, w, ROLE_HELP, i == 0 ||
		    i == h - 1 ? a->g->hline : " ");
		tui_screen_put(&a->scr, x, y + i, 1, ROLE_HELP, l);
		tui_screen_put(&a->scr, x + w - 1, y + i, 1, ROLE_HELP, r);
	}
	if (h - 2 < n)
		tui_screen_printf(&a->scr, x + 2, y + h - 1, w - 4, ROLE_HELP,
		    " %d-%d of %d: Up/Down scroll ", top + 1, top + h - 2, n);
	for (i = 0; top + i < n && i + 2 < h; i++)
		tui_help_line(a, x + 2, y + 1 + i, w - 4,
		    tui_help_lines[top + i]);
}

/* A box of a->popup's lines in the middle: info b, the summary. */
void
tui_draw_popup(struct tui_app *a)
{
	int n = a->npopup, w = 0, h, x, y, i;

	for (i = 0; i < n; i++)
		if (tui_text_width(a->popup[i]) > w)
			w = tui_text_width(a->popup[i]);
	w += 4;
	h = n + 2;
	if (w > a->scr.w)
		w = a->scr.w;
	if (h > a->scr.h)
		h = a->scr.h;
	x = (a->scr.w - w) / 2;
	y = (a->scr.h - h) / 2;
	for (i = 0; i < h; i++) {
		tui_screen_fill(&a->scr, x, y + i, w, ROLE_HELP, i == 0 ||
		    i == h - 1 ? a->g->hline : " ");
		tui_screen_put(&a->scr, x, y + i, 1, ROLE_HELP, i == 0 ?
		    a->g->tl : i == h - 1 ? a->g->bl : a->g->vline);
		tui_screen_put(&a->scr, x + w - 1, y + i, 1, ROLE_HELP, i == 0 ?
		    a->g->tr : i == h - 1 ? a->g->brc : a->g->vline);
	}
	for (i = 0; i < n && i + 2 < h; i++)
		tui_screen_put(&a->scr, x + 2, y + 1 + i, w - 4, ROLE_HELP,
		    a->popup[i]);
}
