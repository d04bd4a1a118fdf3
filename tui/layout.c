/*
 * layout.c - where the panes go. Three bands above a two-row status line:
 *
 *   +------------------------------+-----------------+
 *   | listing                      | stack           |
 *   |                              | locals          |
 *   +------------------------------+-----------------+
 *   | address space: bar, markers (and the maps list when tall)  |
 *   +------------------------------+-----------------+
 *   | rbtree                       | scenario        |
 *   +------------------------------+-----------------+
 *   status: step, syscall, decision / explanation
 *
 * On a wide screen (150 columns and 36 rows, a projector) the tree, drawn
 * top-down, needs the width more than the scenario does: the scenario
 * moves up under the locals and the tree gets the whole bottom band.
 *
 *   +------------------------------+-----------------+
 *   | listing                      | stack, locals,  |
 *   |                              | scenario        |
 *   +------------------------------+-----------------+
 *   | address space                                  |
 *   +------------------------------------------------+
 *   | rbtree, the whole width                        |
 *   +------------------------------------------------+
 *
 * 80x24 gets every pane; more room goes to every pane; below 60x16 only
 * the listing and the status line remain (down to 1x1, which shows what
 * it can). + and - move rows between the listing and the tree. The
 * layout depends on the size and that setting alone, so that a screen is
 * a function of the step, the size and the keys pressed.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "tui.h"

static int
tui_clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static struct tui_rect
tui_rect(int x, int y, int w, int h)
{
	struct tui_rect r = { x, y, w > 0 ? w : 0, h > 0 ? h : 0 };

	if (r.w == 0 || r.h == 0)
		r.w = r.h = 0;
	return r;
}

/* The split between the listing band and the tree band. */
static int
tui_layout_top(int avail, int pct, int grow)
{
	int top = avail * pct / 100 - grow;

	if (top > avail - 4)
		top = avail - 4;
	return top < 7 ? 7 : top;
}

/* A projector: the tree the whole width, the scenario under the locals. */
static void
tui_layout_wide(struct tui_layout *l, int w, int body, int grow)
{
	int rw, lw, space, top, stack, locals;

	rw = tui_clamp(w * 40 / 100, 26, 80);
	lw = w - rw - 1;
	l->maps_rows = body >= 60 ? tui_clamp(body - 56, 0, 14) : 0;
	space = 3 + l->maps_rows;
	top = tui_layout_top(body - space, 45, grow);
	stack = tui_clamp(top * 25 / 100, 3, 6);
	locals = tui_clamp((top - stack) * 55 / 100, 3, 14);
	l->pane[PANE_LISTING] = tui_rect(0, 0, lw, top);
	l->pane[PANE_STACK] = tui_rect(lw + 1, 0, rw, stack);
	l->pane[PANE_LOCALS] = tui_rect(lw + 1, stack, rw, locals);
	l->pane[PANE_SCENARIO] = tui_rect(lw + 1, stack + locals, rw,
	    top - stack - locals);
	l->pane[PANE_SPACE] = tui_rect(0, top, w, space);
	l->pane[PANE_TREE] = tui_rect(0, top + space, w, body - top - space);
}

void
tui_layout_compute(struct tui_layout *l, int w, int h, int grow)
{
	int sh, body, rw, lw, space, top, bottom, stack;

	memset(l, 0, sizeof *l);
	sh = h >= 8 ? 2 : 1;
	l->status = tui_rect(0, h - sh, w, sh);
	body = h - sh;
	if (body <= 0)
		return;
	if (w < 60 || body < 14) {
		l->pane[PANE_LISTING] = tui_rect(0, 0, w, body);
		return;
	}
	if (w >= 150 && body >= 34) {
		tui_layout_wide(l, w, body, grow);
		return;
	}
	rw = tui_clamp(w * 36 / 100, 26, 60);
	lw = w - rw - 1;		/* one column for the separator */
	/* The tree before the maps list: it is the lesson. */
	l->maps_rows = body >= 36 ? tui_clamp(body - 34, 0, 14) : 0;
	space = 3 + l->maps_rows;
	top = tui_layout_top(body - space, 55, grow);
	bottom = body - space - top;
	stack = tui_clamp(top * 40 / 100, 3, 9);
	l->pane[PANE_LISTING] = tui_rect(0, 0, lw, top);
	l->pane[PANE_STACK] = tui_rect(lw + 1, 0, rw, stack);
	l->pane[PANE_LOCALS] = tui_rect(lw + 1, stack, rw, top - stack);
	l->pane[PANE_SPACE] = tui_rect(0, top, w, space);
	l->pane[PANE_TREE] = tui_rect(0, top + space, lw, bottom);
	l->pane[PANE_SCENARIO] = tui_rect(lw + 1, top + space, rw, bottom);
}
