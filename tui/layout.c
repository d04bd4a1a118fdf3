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
 * 80x24 gets every pane; more room goes to every pane; below 60x16 only
 * the listing and the status line remain (down to 1x1, which shows what
 * it can). The layout depends on the size alone, so that a screen is a
 * function of the step and the size.
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

void
tui_layout_compute(struct tui_layout *l, int w, int h)
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
	rw = tui_clamp(w * 36 / 100, 26, 60);
	lw = w - rw - 1;		/* one column for the separator */
	l->maps_rows = body >= 34 ? tui_clamp(body - 30, 0, 14) : 0;
	space = 3 + l->maps_rows;
	top = (body - space) * 55 / 100;
	if (top < 7)
		top = 7;
	bottom = body - space - top;
	stack = tui_clamp(top * 40 / 100, 3, 9);
	l->pane[PANE_LISTING] = tui_rect(0, 0, lw, top);
	l->pane[PANE_STACK] = tui_rect(lw + 1, 0, rw, stack);
	l->pane[PANE_LOCALS] = tui_rect(lw + 1, stack, rw, top - stack);
	l->pane[PANE_SPACE] = tui_rect(0, top, w, space);
	l->pane[PANE_TREE] = tui_rect(0, top + space, lw, bottom);
	l->pane[PANE_SCENARIO] = tui_rect(lw + 1, top + space, rw, bottom);
}
