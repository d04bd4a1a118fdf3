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
tui_args(const struct trace_event *call, char *buf, size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < call->nvals && n < len; i++) {
		char v[32];

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
		tui_args(n->frames[k].call, args, sizeof args);
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
tui_fmt_local(char *buf, size_t len, const struct tui_local *l)
{
	if (l->set_at > 0)
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
		tui_fmt_local(v, sizeof v, &n->locals[i]);
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

		tui_fmt_local(v, sizeof v, l);
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

void
tui_draw_scenario(struct tui_app *a, const struct tui_rect *r)
{
	const struct tui_model *m = &a->m;
	const struct scenario *sc = m->sc;
	size_t cur = m->v.op, i;
	struct tui_rect b;
	int two, per, rows, top, row, resw;

	if (r->h == 0)
		return;
	b = tui_draw_title(a, r, PANE_SCENARIO, " scenario %s ", sc->file);
	if (b.h <= 0)
		return;
	two = b.w < 50;			/* the result on a row of its own */
	per = two ? 2 : 1;
	rows = b.h / per;
	if (rows < 1)
		rows = 1;
	top = (int)cur - (rows - 1) / 2 + a->scroll[PANE_SCENARIO];
	if (top > (int)sc->nops - rows)
		top = (int)sc->nops - rows;
	if (top < 0)
		top = 0;
	resw = two ? 0 : 22;
	for (row = 0, i = (size_t)top; i < sc->nops && row + per <= b.h;
	    i++, row += per) {
		const struct scen_op *op = &sc->ops[i];
		int done = i < cur || (i == cur && m->now.finished);
		enum tui_role role = i == cur ? ROLE_CURLINE : i > cur ?
		    ROLE_DIM : ROLE_NORMAL;
		unsigned long res = m->rp.ops[i].result;
		char buf[96], exp[96];
		int y = b.y + row, x = b.x, tw;

		if (i == cur)
			tui_screen_fill(&a->scr, b.x, y, b.w, ROLE_CURLINE, " ");
		x += tui_screen_put(&a->scr, x, y, 1, role, i == cur ?
		    a->g->cur : " ");
		x += tui_screen_printf(&a->scr, x, y, 3, role, "%2zu ", i + 1);
		tw = b.x + b.w - x - resw - (two ? 0 : 1);
		if (tui_text_width(op->text) > tw && tw > 1) {
			tui_screen_put(&a->scr, x, y, tw - 1, role, op->text);
			tui_screen_put(&a->scr, x + tw - 1, y, 1, role,
			    a->g->ellipsis);
		} else {
			tui_screen_put(&a->scr, x, y, tw, role, op->text);
		}
		if (two) {
			y++;
			x = b.x + 5;
		} else {
			x = b.x + b.w - resw;
		}
		if (op->kind == OP_SKIP) {
			tui_screen_put(&a->scr, x, y, b.x + b.w - x, ROLE_DIM,
			    " skipped");
			continue;
		}
		if (!done) {
			if (op->has_expect) {
				tui_result(op, op->expect, exp, sizeof exp);
				tui_screen_printf(&a->scr, x, y, b.x + b.w - x,
				    ROLE_DIM, " (exp %s)", exp);
			}
			continue;
		}
		tui_result(op, res, buf, sizeof buf);
		if (op->has_expect && res != op->expect) {
			tui_result(op, op->expect, exp, sizeof exp);
			tui_screen_printf(&a->scr, x, y, b.x + b.w - x,
			    ROLE_BAD, "= %s %s exp %s", buf, a->g->notok, exp);
		} else {
			x += tui_screen_printf(&a->scr, x, y, b.x + b.w - x,
			    role == ROLE_CURLINE ? ROLE_CURLINE : ROLE_NORMAL,
			    "= %s ", buf);
			if (op->has_expect)
				tui_screen_put(&a->scr, x, y, b.x + b.w - x,
				    ROLE_GOOD, a->g->ok);
		}
	}
}

/* ---- the status line -------------------------------------------------- */

static const char tui_hint[] =
    "n next  s step  f finish  c cont  N S F C back  space break  g go  "
    "[ ] calls  / search  Tab pane  +/- zoom  ? help  q quit";

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
		    a->prompt == PROMPT_GOTO ? "go to step: " : "/");
		x += tui_screen_put(&a->scr, x, y, r->x + r->w - x, ROLE_PROMPT,
		    a->input);
		tui_screen_put(&a->scr, x, y, 1, ROLE_CURSOR, " ");
		return;
	}
	if (a->msg[0] != '\0') {
		line2 = a->msg;
		role2 = a->msg_role;
	} else if (pending) {
		line2 = "predict: will this branch be taken? press y or n";
		role2 = ROLE_PROMPT;
	} else if (d != NULL && d->decision != NULL) {
		line2 = d->decision->explain;
		if (!d->outcome) {
			snprintf(what, sizeof what, "not taken; taken means: "
			    "%s", line2);
			line2 = what;
		}
	} else {
		line2 = tui_hint;
		role2 = ROLE_DIM;
	}
	tui_screen_put(&a->scr, r->x + 1, y, r->w - 1, role2, line2);
}

/* ---- help ------------------------------------------------------------- */

static const char *const tui_help_lines[] = {
	"vmalab step: the kernel's brk/mmap path, line by line",
	"",
	"n  next line (over calls)      N  back over calls",
	"s  step (into calls)           S  step back",
	"f  finish the function         F  back to the call",
	"c  continue to a breakpoint    C  back to a breakpoint",
	"space  breakpoint on the listing line (or click it)",
	"g  go to step N                [ ]  previous/next syscall",
	"/  search the events (Enter alone repeats)",
	"Tab  next pane; arrows, PgUp/PgDn scroll it",
	"+ -  zoom the tree          ?  this help       q  quit",
	"--predict: y / n answers 'taken?' at each decision",
	"",
	"tree: > at  * passed  ~ skipped (rb_subtree_gap < length)",
	"",
	"any key closes this help",
};

void
tui_draw_help(struct tui_app *a)
{
	int n = (int)(sizeof tui_help_lines / sizeof tui_help_lines[0]);
	int w = 0, h, x, y, i;

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
	for (i = 0; i < n && i + 2 < h; i++)
		tui_screen_put(&a->scr, x + 2, y + 1 + i, w - 4, ROLE_HELP,
		    tui_help_lines[i]);
}
