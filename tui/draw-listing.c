/*
 * draw-listing.c - the listing pane: the numbered listing of the function
 * the step is in (engine/trace/listing.h), the line about to execute
 * highlighted, its decision's outcome at the end of that line and the
 * values that decided it on a line of their own below it, breakpoints in
 * the gutter:
 *
 *    sys_brk  engine/kernel/mmap.c
 *     14     min_brk = mm->start_brk;
 *   ●▶15     if (brk < min_brk)                          TAKEN
 *            └ brk=0 min_brk=0x555555559000
 *     16         goto out;
 *
 * At the first step of a system call there is no function yet: the pane
 * shows the call as the scenario wrote it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "trace/i18n.h"
#include "trace/listing.h"
#include "tui.h"

/* The listing's text with its 8-column indentation narrowed to `unit`. */
static void
tui_listing_text(const char *line, int unit, char *buf, size_t len)
{
	int sp = 0;

	while (line[sp] == ' ')
		sp++;
	snprintf(buf, len, "%*s%s", sp / 8 * unit + sp % 8, "", line + sp);
}

/*
 * The rows below the current line: the outcome (when it does not fit at
 * the end of the line), the values the decision read, and what the
 * outcome means, wrapped at `w` columns (never cut) into at most
 * TUI_LISTING_EXTRA rows:
 *     └─ not taken: left->rb_subtree_gap=0  length=0x31000
 *        not taken; taken means: the left subtree has a gap big
 *        enough, so the search goes left.
 * (the outcome's own sentence instead, when the registry has one:
 * decision_explain).
 * In --predict, before the answer, the values and the meaning are
 * hidden: they would give the answer away.
 */
#define TUI_LISTING_EXTRA	16

struct tui_extra {
	char		 text[512];
	enum tui_role	 role;
};

/* Appends `text` word-wrapped at w columns as rows of `role`. */
static int
tui_listing_words(struct tui_extra *rows, int n, int w, enum tui_role role,
    const char *text)
{
	int off[TUI_LISTING_EXTRA], len[TUI_LISTING_EXTRA], k, i, room;

	if (w < 10)
		w = 10;
	room = TUI_LISTING_EXTRA - n;
	if (room <= 0)
		return n;
	k = tui_text_wrap(text, w, off, len, room);
	for (i = 0; i < k && i < room; i++) {
		snprintf(rows[n].text, sizeof rows[n].text, "%.*s", len[i],
		    text + off[i]);
		rows[n++].role = role;
	}
	if (k > room)	/* never silently: the last row says more follows */
		snprintf(rows[n - 1].text + tui_text_fit(rows[n - 1].text,
		    w - 3), sizeof rows[n - 1].text - (size_t)tui_text_fit(
		    rows[n - 1].text, w - 3), " ~");
	return n;
}

static int
tui_listing_extra(const struct tui_app *a, const struct trace_event *d,
    const char *tag, int w, struct tui_extra *rows)
{
	int n = 0, used = 0, i, len;
	char item[160], v[32], why[512];

	rows[0].text[0] = '\0';
	rows[0].role = ROLE_VALUES;
	if (tag != NULL) {
		used = snprintf(rows[0].text, sizeof rows[0].text, "%s:", tag);
		used = tui_text_width(rows[0].text);
		n = 1;
	}
	if (a->m.hide_values)
		return tui_listing_words(rows, n, w, ROLE_PROMPT, _("the values "
		    "it reads are hidden until you answer: y taken, n not"));
	for (i = 0; i < d->nvals; i++) {
		tui_fmt_value(v, sizeof v, d->vals[i].value);
		len = snprintf(item, sizeof item, "%s=%s", d->vals[i].name, v);
		if (n == 0 || (used > 0 && used + 2 + len > w)) {
			if (n == TUI_LISTING_EXTRA)
				break;
			rows[n].text[0] = '\0';
			rows[n++].role = ROLE_VALUES;
			used = 0;
		}
		snprintf(rows[n - 1].text + strlen(rows[n - 1].text),
		    sizeof rows[n - 1].text - strlen(rows[n - 1].text), "%s%s",
		    used > 0 ? "  " : "", item);
		used += (used > 0 ? 2 : 0) + tui_text_width(item);
	}
	if (d->decision != NULL && d->decision->explain != NULL) {
		if (decision_explain(d->decision, d->outcome) != NULL)
			snprintf(why, sizeof why, "%s", i18n_str(
			    decision_explain(d->decision, d->outcome)));
		else	/* no text of its own for this outcome */
			snprintf(why, sizeof why, _("not taken; taken means: "
			    "%s"), i18n_str(d->decision->explain));
		n = tui_listing_words(rows, n, w, ROLE_NORMAL, why);
	}
	return n;
}

/* Wraps `text` into rows of b->w - 2 from row y; returns the next row. */
static int
tui_listing_wrap(struct tui_app *a, const struct tui_rect *b, int y,
    enum tui_role role, const char *text)
{
	if (b->w - 2 <= 0 || y >= b->y + b->h)
		return y;
	return y + tui_screen_wrap(&a->scr, b->x + 1, y, b->w - 2,
	    b->y + b->h - y, role, text);
}

/*
 * A system call made inside a scenario call: the allocator model's
 * malloc() asking the engine for memory with brk or mmap.
 */
static void
tui_listing_inner(struct tui_app *a, const struct tui_rect *r)
{
	const struct tui_now *n = &a->m.now;
	const char *who = n->nframes > 0 ? n->frames[n->nframes - 1].func :
	    _("the call");
	struct tui_rect b;
	int y;

	b = tui_draw_title(a, r, PANE_LISTING, _(" %s makes a system call "),
	    who);
	if (b.h <= 0)
		return;
	y = tui_listing_wrap(a, &b, b.y, ROLE_CURLINE, n->ev->text != NULL ?
	    n->ev->text : "?");
	if (y + 1 < b.y + b.h)
		tui_listing_wrap(a, &b, y + 1, ROLE_DIM, _("s: step into the "
		    "kernel   n: over it   f: back out"));
}

/* At a SYSCALL step: the call itself, and where it goes. */
static void
tui_listing_syscall(struct tui_app *a, const struct tui_rect *r)
{
	struct tui_model *m = &a->m;
	const struct scen_op *op = &m->sc->ops[m->v.op];
	const char *enters = NULL;
	struct tui_rect b;
	char res[96], text[512];
	int y;
	size_t i;

	if (m->now.ev->depth > 0) {
		tui_listing_inner(a, r);
		return;
	}
	b = tui_draw_title(a, r, PANE_LISTING, _(" system call %zu of %zu "),
	    m->v.op + 1, m->sc->nops);
	y = b.y;
	if (b.h <= 0 || b.w - 2 <= 0)
		return;
	snprintf(text, sizeof text, _("%s, line %d:"), m->sc->file,
	    op->lineno);
	y = tui_listing_wrap(a, &b, y, ROLE_NORMAL, text);
	y = tui_listing_wrap(a, &b, y, ROLE_CURLINE, op->text);
	for (i = 0; i < m->v.nev; i++) {
		if (m->v.ev[i].kind == TRACE_CALL) {
			enters = m->v.ev[i].func;
			break;
		}
	}
	y++;
	if (op->kind == OP_SKIP) {
		snprintf(text, sizeof text, _("skipped: %s"), op->note != NULL ?
		    op->note : _("not modelled"));
		y = tui_listing_wrap(a, &b, y, ROLE_DIM, text);
	} else if (enters != NULL) {
		snprintf(text, sizeof text, _("the engine enters %s"), enters);
		y = tui_listing_wrap(a, &b, y, ROLE_NORMAL, text);
	} else {
		y = tui_listing_wrap(a, &b, y, ROLE_NORMAL, run_op_modelled(op) ?
		    _("no traced function runs") :
		    _("not modelled: only the file table changes"));
	}
	if (op->has_expect && !m->predict) {
		run_format_result(op, op->expect, res, sizeof res);
		snprintf(text, sizeof text, _("the scenario expects = %s"), res);
		y = tui_listing_wrap(a, &b, y, ROLE_NORMAL, text);
	}
	y++;
	tui_listing_wrap(a, &b, y, ROLE_DIM, enters != NULL ?
	    _("s or n: step in   ]: next call   ?: help") :
	    _("]: next call   ?: help"));
}

/* The outcome of the current line's decision, NULL for none. */
static const char *
tui_listing_tag(struct tui_app *a, enum tui_role *role)
{
	const struct tui_now *n = &a->m.now;

	if (n->decide == NULL)
		return NULL;
	if (tui_model_pending(&a->m)) {
		*role = ROLE_PROMPT;
		return _("taken? (y/n)");
	}
	*role = n->decide->outcome ? ROLE_TAKEN : ROLE_NOTTAKEN;
	return n->decide->outcome ? _("TAKEN") : _("not taken");
}

/* One line of the listing at row y. */
static void
tui_listing_row(struct tui_app *a, const struct tui_rect *b, int y, int line,
    const char *tag, enum tui_role tagrole, int unit, int digits)
{
	const struct tui_now *n = &a->m.now;
	const struct listing *fn = n->fn;
	int cur = line == n->line, gutter = 2 + digits + 1, room, tagw = 0;
	enum tui_role role = cur ? ROLE_CURLINE : ROLE_NORMAL;
	char text[1024];

	if (cur)
		tui_screen_fill(&a->scr, b->x, y, b->w, ROLE_CURLINE, " ");
	if (tui_model_bp_has(&a->m, a->lmap_fn, line))
		tui_screen_put(&a->scr, b->x, y, 1, ROLE_BREAK, a->g->bp);
	if (cur)
		tui_screen_put(&a->scr, b->x + 1, y, 1, ROLE_CURLINE, a->g->cur);
	tui_screen_printf(&a->scr, b->x + 2, y, digits, cur ? ROLE_CURLINE :
	    ROLE_LINENO, "%*d", digits, line);
	if (a->cursor == line) {
		tui_screen_paint(&a->scr, b->x + 2, y, digits, ROLE_CURSOR);
		if (!cur)
			tui_screen_put(&a->scr, b->x + 1, y, 1, ROLE_CURSOR,
			    a->g->lcur);
	}
	tui_listing_text(fn->lines[line - 1], unit, text, sizeof text);
	if (a->hscroll > 0) {
		/* Scrolled right: what is left of the line, marked. */
		size_t len = strlen(text), off = (size_t)a->hscroll;

		memmove(text, text + (off < len ? off : len), len - (off < len ?
		    off : len) + 1);
		tui_screen_put(&a->scr, b->x + gutter - 1, y, 1, ROLE_DIM,
		    a->g->ellipsis);
	}
	room = b->w - gutter;
	if (cur && tag != NULL)
		tagw = tui_text_width(tag) + 2;
	if (tagw > 0 && tui_text_width(text) <= room - tagw - 1) {
		tui_screen_printf(&a->scr, b->x + b->w - tagw, y, tagw, tagrole,
		    " %s ", tag);
		room -= tagw + 1;
	}
	if (room <= 0)
		return;
	if (tui_text_width(text) > room) {
		tui_screen_put(&a->scr, b->x + gutter, y, room - 1, role, text);
		tui_screen_put(&a->scr, b->x + gutter + room - 1, y, 1, ROLE_DIM,
		    a->g->ellipsis);
	} else {
		tui_screen_put(&a->scr, b->x + gutter, y, room, role, text);
	}
}

void
tui_draw_listing(struct tui_app *a, const struct tui_rect *r)
{
	const struct tui_now *n = &a->m.now;
	const struct listing *fn = n->fn;
	enum tui_role tagrole = ROLE_NORMAL;
	const char *tag;
	struct tui_rect b;
	char text[1024];
	struct tui_extra extra[TUI_LISTING_EXTRA];
	int digits, gutter, unit, nextra = 0, nrows, focus, top, row, i, x;
	int tag_inline;

	a->lmap_n = 0;
	if (r->h == 0)
		return;
	if (fn == NULL) {
		tui_listing_syscall(a, r);
		return;
	}
	a->lmap_fn = replay_listing_index(fn);
	b = tui_draw_title(a, r, PANE_LISTING, " %s  %s ", fn->name, fn->file);
	if (b.h <= 0)
		return;
	digits = fn->nlines >= 100 ? 3 : 2;
	gutter = 2 + digits + 1;
	unit = b.w >= 70 ? 4 : 2;
	tag = tui_listing_tag(a, &tagrole);
	tui_listing_text(fn->lines[n->line - 1], unit, text, sizeof text);
	x = gutter + (int)strspn(text, " ");
	tag_inline = tag != NULL && tui_text_width(text) <= b.w - gutter -
	    (tui_text_width(tag) + 3);
	if (n->decide != NULL)
		nextra = tui_listing_extra(a, n->decide, tag_inline ? NULL : tag,
		    b.w - x - 3, extra);
	/* Rows: the lines, with the extra rows after the current one. */
	nrows = fn->nlines + nextra;
	focus = a->cursor > 0 ? a->cursor : n->line;
	if (focus > n->line)
		focus += nextra;
	/*
	 * The view stays put while the cursor moves inside it (a click must
	 * not scroll the line away); a move to another step centres again.
	 */
	top = focus - (b.h - 1) / 3;
	if (a->cursor > 0 && a->ltop > 0 && focus >= a->ltop &&
	    focus < a->ltop + b.h &&
	    a->ltop_fn == replay_listing_index(fn))
		top = a->ltop;
	if (top > nrows - b.h + 1)
		top = nrows - b.h + 1;
	if (top < 1)
		top = 1;
	a->lmap_y = b.y;
	a->ltop = top;
	a->ltop_fn = replay_listing_index(fn);
	for (row = 0; row < b.h && top + row <= nrows; row++) {
		int v = top + row, y = b.y + row, line;

		/* Virtual row v: lines up to the current one, the extras,
		 * then the rest of the lines. */
		if (v <= n->line)
			line = v;
		else if (v <= n->line + nextra)
			line = -(v - n->line);
		else
			line = v - nextra;
		if (a->lmap_n < (int)(sizeof a->lmap / sizeof a->lmap[0]))
			a->lmap[a->lmap_n++] = line > 0 ? line : 0;
		if (line > 0) {
			tui_listing_row(a, &b, y, line, tag_inline ? tag : NULL,
			    tagrole, unit, digits);
			continue;
		}
		i = -line - 1;
		x = b.x + gutter + (int)strspn(text, " ");
		x += tui_screen_put(&a->scr, x, y, b.x + b.w - x, ROLE_VALUES,
		    i == 0 ? a->g->br_down : "   ");
		if (i == 0 && !tag_inline && tag != NULL) {
			/* The outcome first, in its colours. */
			int tw = tui_text_width(tag);

			tui_screen_put(&a->scr, x, y, b.x + b.w - x, tagrole,
			    tag);
			tui_screen_put(&a->scr, x + tw, y, b.x + b.w - x - tw,
			    ROLE_VALUES, extra[0].text + strlen(tag));
		} else {
			tui_screen_put(&a->scr, x, y, b.x + b.w - x,
			    extra[i].role, extra[i].text);
		}
	}
}
int
tui_listing_line_at(struct tui_app *a, int y)
{
	int i = y - a->lmap_y;

	if (i < 0 || i >= a->lmap_n)
		return 0;
	return a->lmap[i];
}
