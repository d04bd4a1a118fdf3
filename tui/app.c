/*
 * app.c - the stepper as a program: keys, prompts, focus, help, and the
 * headless driver behind --keys and --dump. No curses here: term.c feeds
 * keys in and copies the screen out.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	a->zoom = -1;
	a->focus = PANE_LISTING;
	return tui_model_init(&a->m, r, o->predict);
}

void
tui_app_free(struct tui_app *a)
{
	tui_model_free(&a->m);
	tui_screen_free(&a->scr);
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
	memset(a->scroll, 0, sizeof a->scroll);
}

static void
tui_app_move(struct tui_app *a, enum tui_move mv, int back)
{
	const char *why;
	uint64_t to;

	if (!back && tui_model_pending(&a->m)) {
		tui_app_msg(a, ROLE_PROMPT, "predict first: y (taken) or n "
		    "(not taken)");
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

	tui_app_msg(a, right ? ROLE_GOOD : ROLE_BAD, "%s: %s. %s",
	    right ? "right" : "wrong", was ? "TAKEN" : "not taken",
	    a->m.now.decide != NULL && a->m.now.decide->decision != NULL ?
	    a->m.now.decide->decision->explain : "");
}

static void
tui_app_breakpoint(struct tui_app *a, unsigned fn, int line)
{
	const struct listing *l = replay_listing(fn);
	int rc;

	if (l == NULL || line <= 0) {
		tui_app_msg(a, ROLE_NORMAL, "no listing here to set a "
		    "breakpoint in: step into a function first");
		return;
	}
	if ((rc = tui_model_bp_toggle(&a->m, fn, line)) < 0)
		tui_app_msg(a, ROLE_BAD, "out of memory");
	else
		tui_app_msg(a, ROLE_NORMAL, "breakpoint %s %s:%d",
		    rc ? "set at" : "removed from", l->name, line);
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
		tui_app_msg(a, ROLE_BAD, "out of memory");
		return;
	}
	if (rc > 0) {
		tui_app_msg(a, ROLE_BAD, "not found: %s", a->last_search);
		return;
	}
	tui_app_goto(a, found);
	if (wrapped)
		tui_app_msg(a, ROLE_NORMAL, "search wrapped to the start: %s",
		    a->last_search);
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
	n = strtoull(a->input, &end, 10);
	if (a->input[0] == '\0' || *end != '\0' || n == 0) {
		tui_app_msg(a, ROLE_BAD, "go to step: expected a number from 1 "
		    "to %llu", (unsigned long long)tui_model_nsteps(&a->m));
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
	if (p == PANE_LISTING && (line = tui_listing_line_at(a, y)) > 0)
		tui_app_breakpoint(a, a->lmap_fn, line);
}

/* ---- keys --------------------------------------------------------------- */

void
tui_app_key(struct tui_app *a, const struct tui_key *k)
{
	int c = k->code, pending = tui_model_pending(&a->m);

	if (c == KEY_T_RESIZE || c == KEY_T_NONE)
		return;
	if (a->help) {
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
		tui_app_goto(a, tui_nav_syscall(&a->m, -1));
		break;
	case ']':
		if (pending)
			tui_app_move(a, MOVE_STEP, 0);	/* says why not */
		else
			tui_app_goto(a, tui_nav_syscall(&a->m, 1));
		break;
	case ' ':
		tui_app_breakpoint(a, replay_listing_index(a->m.now.fn),
		    a->cursor > 0 ? a->cursor : a->m.now.line);
		break;
	case 'g':
	case '/':
		a->prompt = c == 'g' ? PROMPT_GOTO : PROMPT_SEARCH;
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
		a->zoom = tui_tree_zoom(a);
		if (a->zoom < 3)
			a->zoom++;
		break;
	case '-':
		a->zoom = tui_tree_zoom(a);
		if (a->zoom > 0)
			a->zoom--;
		break;
	case '?':
		a->help = 1;
		break;
	case KEY_T_CLICK:
		tui_app_click(a, k->x, k->y);
		break;
	case KEY_T_ENTER:
	case KEY_T_ESC:
		break;
	default:
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
	for (y = t->y; y < t->y + t->h; y++)
		tui_screen_put(&a->scr, x, y, 1, y == t->y ? ROLE_TITLE :
		    ROLE_LINENO, a->g->vline);
}

int
tui_app_draw(struct tui_app *a, int w, int h)
{
	if (tui_screen_resize(&a->scr, w, h) < 0)
		return -1;
	tui_layout_compute(&a->lay, w, h);
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
	snprintf(err, errlen, "out of memory");
	return -1;
}
