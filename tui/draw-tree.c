/*
 * draw-tree.c - the augmented rbtree in text, lying on its side: one row
 * per VMA in address order (an in-order walk), each left subtree above
 * its node and each right subtree below, so that the tree reads top to
 * bottom like /proc/PID/maps:
 *
 *      ┌─ B 555555554000-555555555000  gap 85T  sub 85T
 *   ┌─ R 555555555000-555555556000  gap 0    sub 85T
 *   │  └─ B 555555556000-555555557000  gap 0    sub 0
 *   B 555555557000-555555558000  gap 0    sub 42T        <- the root
 *
 * The first column marks the search: '>' the node it is at, '*' nodes it
 * went through, '~' the root of a subtree it skipped because that
 * subtree's rb_subtree_gap is smaller than the length (the whole subtree
 * is drawn dim). "gap" is the node's own gap (the free space below it,
 * guard gaps counted), "sub" its rb_subtree_gap. + and - change the
 * detail (zoom): 0 the start only, 1 the start and the gaps (the default
 * when narrow), 2 the range and the gaps (the default), 3 the gaps in hex
 * and the file's name.
 *
 * A row's prefix is found from the ancestors alone, so that only the
 * rows on screen are computed: at level L there is a '│' when the path
 * turns there (the ancestor at depth L is a left child and the one at
 * L+1 a right child, or the other way round).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "tui.h"

#define TUI_TREE_MAXDEPTH	64

/* 1 when node i is its parent's left child, 0 right, -1 the root. */
static int
tui_tree_is_left(const struct snap *s, int i)
{
	int p = s->n[i].parent;

	if (p < 0)
		return -1;
	return s->n[p].left == i;
}

static int
tui_tree_in(const int *set, int n, int i)
{
	int k;

	for (k = 0; k < n; k++)
		if (set[k] == i)
			return 1;
	return 0;
}

/* Is node i in a subtree the search skipped? */
static int
tui_tree_skipped(const struct tui_now *n, const struct snap *s, int i)
{
	int guard = TUI_TREE_MAXDEPTH;

	for (; i >= 0 && guard-- > 0; i = s->n[i].parent)
		if (tui_tree_in(n->skipped, n->nskipped, i))
			return 1;
	return 0;
}

static const char *
tui_tree_basename(const char *path)
{
	const char *slash;

	if (path == NULL)
		return "";
	slash = strrchr(path, '/');
	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

static void
tui_tree_label(const struct snap_node *v, int zoom, char *buf, size_t len)
{
	char gap[32], sub[32];

	tui_fmt_size(gap, sizeof gap, v->gap);
	tui_fmt_size(sub, sizeof sub, v->subtree_gap);
	switch (zoom) {
	case 0:
		snprintf(buf, len, "%lx", v->start);
		break;
	case 1:
		snprintf(buf, len, "%lx gap %-4s sub %s", v->start, gap, sub);
		break;
	case 2:
		snprintf(buf, len, "%lx-%lx gap %-4s sub %s", v->start, v->end,
		    gap, sub);
		break;
	default:
		snprintf(buf, len, "%lx-%lx gap 0x%lx sub 0x%lx %s", v->start,
		    v->end, v->gap, v->subtree_gap, tui_tree_basename(v->name));
		break;
	}
}

int
tui_tree_zoom(const struct tui_app *a)
{
	if (a->zoom >= 0)
		return a->zoom;
	return a->lay.pane[PANE_TREE].w >= 70 ? 2 : 1;
}

/* Draws node i's row at y. */
static void
tui_tree_row(struct tui_app *a, const struct tui_rect *b, int y, int i)
{
	const struct tui_now *n = &a->m.now;
	const struct snap *s = &a->m.v.snap;
	const struct snap_node *v = &s->n[i];
	int anc[TUI_TREE_MAXDEPTH], d = 0, k, x = b->x, right = b->x + b->w;
	int skipped = tui_tree_skipped(n, s, i);
	enum tui_role role = ROLE_NORMAL, crole;
	const char *mark = " ";
	char label[256];

	for (k = i; k >= 0 && d < TUI_TREE_MAXDEPTH; k = s->n[k].parent)
		anc[d++] = k;	/* anc[0] = i, anc[d-1] = the root */
	if (i == n->visited) {
		mark = ">";
		role = ROLE_VISITED;
	} else if (tui_tree_in(n->path, n->npath, i)) {
		mark = "*";
		role = ROLE_PATH;
	} else if (tui_tree_in(n->skipped, n->nskipped, i)) {
		mark = "~";
		role = ROLE_DIM;
	} else if (skipped) {
		role = ROLE_DIM;
	}
	x += tui_screen_put(&a->scr, x, y, right - x, role == ROLE_NORMAL ?
	    ROLE_NORMAL : role, mark);
	/* Levels 1 .. depth-1, then the connector of the node itself. */
	for (k = d - 2; k >= 1; k--) {
		int turn = tui_tree_is_left(s, anc[k]) !=
		    tui_tree_is_left(s, anc[k - 1]);

		x += tui_screen_put(&a->scr, x, y, right - x, skipped ?
		    ROLE_DIM : ROLE_LINENO, turn ? a->g->br_pipe :
		    a->g->br_none);
	}
	if (d >= 2)
		x += tui_screen_put(&a->scr, x, y, right - x, skipped ?
		    ROLE_DIM : ROLE_LINENO, tui_tree_is_left(s, i) == 1 ?
		    a->g->br_up : a->g->br_down);
	crole = skipped ? ROLE_DIM : v->color == RB_RED ? ROLE_NODE_RED :
	    ROLE_NODE_BLACK;
	x += tui_screen_put(&a->scr, x, y, right - x, role == ROLE_NORMAL ?
	    crole : role, v->color == RB_RED ? "R" : "B");
	x += tui_screen_put(&a->scr, x, y, right - x, role, " ");
	tui_tree_label(v, tui_tree_zoom(a), label, sizeof label);
	tui_screen_put(&a->scr, x, y, right - x, role, label);
}

void
tui_draw_tree(struct tui_app *a, const struct tui_rect *r)
{
	const struct tui_now *n = &a->m.now;
	const struct snap *s = &a->m.v.snap;
	struct tui_rect b;
	char len[32];
	int focus, top, row, legend;

	if (r->h == 0)
		return;
	len[0] = '\0';
	if (n->searching)
		snprintf(len, sizeof len, "  length 0x%lx", n->length);
	b = tui_draw_title(a, r, PANE_TREE, " rbtree: %d VMAs, height %d%s ",
	    (int)s->count, s->height, len);
	if (b.h <= 0 || s->count == 0)
		return;
	legend = b.h > (int)s->count + 1;
	focus = n->visited >= 0 ? n->visited : s->root >= 0 ? s->root : 0;
	top = focus - (b.h - 1) / 2 + a->scroll[PANE_TREE];
	if (top > (int)s->count - b.h)
		top = (int)s->count - b.h;
	if (top < 0)
		top = 0;
	for (row = 0; row < b.h && top + row < (int)s->count; row++)
		tui_tree_row(a, &b, b.y + row, top + row);
	if (legend)
		tui_screen_printf(&a->scr, b.x, b.y + b.h - 1, b.w, ROLE_DIM,
		    "> at  * passed  ~ skipped: sub < length   "
		    "gap own, sub rb_subtree_gap   +/- zoom");
}
