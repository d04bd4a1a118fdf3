/*
 * draw-tree.c - the augmented rbtree drawn as a tree, top-down as in the
 * figures (vmalab dot): the root on top, each node over its children,
 * left children to the left, so that reading a level left to right is
 * reading addresses upwards.
 *
 *                          B 7ffff7f4e000
 *                          gap 0
 *                          sub 85 TiB
 *               ┌──────────────┴───────────────┐
 *        *R 555555557000                  B 7ffff7fa5000
 *         gap 0                           gap 0
 *         sub 85 TiB                      sub 0
 *        ┌──────┴──────┐                      ...
 *
 * Each node shows its colour (B black, R red), its start, and its two
 * gaps: "gap" the free space below it (to its vm_prev's end), "sub" its
 * rb_subtree_gap, the largest gap anywhere in its subtree, which is what
 * the search reads to skip a whole subtree. A mark before the colour
 * tells the search: '>' the node it is at, '*' nodes it went through,
 * '~' the root of a subtree it skipped (drawn dim), '!' a node the tree's
 * own work (insert, rotate, recolour, gap update) touched on this step.
 *
 * The tree is sized to the pane. Each subtree gets a width (its box, or
 * its two subtrees side by side, whichever is wider); when the whole
 * tree is wider than the pane, subtrees away from what matters (the path
 * to the node being searched or changed) fold into "[N]", N VMAs, from
 * the farthest in; when the levels are more than the rows, each node
 * loses its gap rows, then the levels far above the node that matters
 * fold into a line that says so. The key under the tree names what is on
 * screen. + and - give the tree more or fewer rows; Left/Right scroll it
 * when it still does not fit.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/units.h"
#include "trace/i18n.h"
#include "tui.h"

#define TUI_TREE_SEP		2	/* columns between two subtrees */
#define TUI_TREE_GUARD		128	/* deeper than any real tree */

struct tui_tnode {
	int		 vis;		/* 1 shown, 2 a fold "[N]" ... */
	unsigned	 gen;		/* ... when gen is the tree's (else 0) */
	int		 imp;		/* on a path that matters */
	int		 open;		/* unfolded: the room allowed it */
	int		 dist;		/* levels below the nearest imp node */
	int		 size;		/* VMAs in the subtree */
	int		 bw;		/* the box's width */
	int		 bwd[3];	/* ... at each detail, once known (+1) */
	int		 w;		/* the subtree's width */
	int		 x, cx;		/* the box's left column, its centre */
};

struct tui_tree {
	struct tui_app	*a;
	const struct snap *s;
	struct tui_tnode *t;
	int		 detail;	/* 0 start only, 1 + "gap / sub", 2 rows */
	int		 folds;		/* "[N]" boxes shown */
	int		 focus;
	int		 deep;		/* the deepest level shown */
	unsigned	 gen;		/* the pass of tui_tree_width that holds */
	int		 aux;		/* a detached subtree (snap.h): the
					   search's marks and picks are the
					   tree's, not its */
};

/* Was node i (of a detached subtree) touched by the tree's work? */
static int
tui_tree_off(const struct tui_tree *tr, int i)
{
	const struct tui_now *n = &tr->a->m.now;
	int k;

	for (k = 0; k < n->nchanged_off; k++)
		if (n->changed_off[k] == tr->s->n[i].start)
			return 1;
	return 0;
}

/* 0 hidden, 1 shown, 2 a fold, as the last pass left node i. */
#define TUI_VIS(tr, i)	((tr)->t[i].gen == (tr)->gen ? (tr)->t[i].vis : 0)

static int
tui_tree_in(const int *set, int n, int i)
{
	int k;

	for (k = 0; k < n; k++)
		if (set[k] == i)
			return 1;
	return 0;
}

/* Marks i and its ancestors as mattering. */
static void
tui_tree_imp(struct tui_tree *tr, int i)
{
	int guard = TUI_TREE_GUARD;

	for (; i >= 0 && i < (int)tr->s->count && guard-- > 0;
	    i = tr->s->n[i].parent)
		tr->t[i].imp = 1;
}

/* Subtree sizes and distances from the mattering paths, from node i. */
static int
tui_tree_measure(struct tui_tree *tr, int i, int dist, int depth)
{
	const struct snap_node *v;
	struct tui_tnode *t;

	if (i < 0 || depth > TUI_TREE_GUARD)
		return 0;
	v = &tr->s->n[i];
	t = &tr->t[i];
	t->dist = t->imp ? 0 : dist;
	t->size = 1 + tui_tree_measure(tr, v->left, t->dist + 1, depth + 1) +
	    tui_tree_measure(tr, v->right, t->dist + 1, depth + 1);
	return t->size;
}

/* A size as the tree shows it: "0" for none, else "4 KiB". */
static void
tui_tree_size(char *buf, size_t len, unsigned long v)
{
	if (v == 0)
		snprintf(buf, len, "0");
	else
		fmt_size(buf, len, v);
}

/* The rows of node i's box at the current detail; returns how many. */
static int
tui_tree_text(const struct tui_tree *tr, int i, char rows[3][64])
{
	const struct tui_now *n = &tr->a->m.now;
	const struct snap_node *v = &tr->s->n[i];
	const char *mark = " ";
	char gap[16], sub[16];

	if (tr->t[i].vis == 2) {
		snprintf(rows[0], 64, "[%d]", tr->t[i].size);
		return 1;
	}
	if (tr->aux)
		mark = tui_tree_off(tr, i) ? "!" : " ";
	else if (i == tr->a->pick_node && tui_model_question(&tr->a->m) ==
	    Q_GAP)
		mark = "?";
	else if (tui_tree_in(n->changed, n->nchanged, i))
		mark = "!";
	else if (i == n->visited)
		mark = ">";
	else if (tui_tree_in(n->path, n->npath, i))
		mark = "*";
	else if (tui_tree_in(n->skipped, n->nskipped, i))
		mark = "~";
	snprintf(rows[0], 64, "%s%s %lx", mark, v->color == RB_RED ? "R" : "B",
	    v->start);
	tui_tree_size(gap, sizeof gap, v->gap);
	tui_tree_size(sub, sizeof sub, v->subtree_gap);
	if (tr->detail == 1) {
		snprintf(rows[1], 64, "  %s / %s", gap, sub);
		return 2;
	}
	if (tr->detail == 2) {
		snprintf(rows[1], 64, "  gap %s", gap);
		snprintf(rows[2], 64, "  sub %s", sub);
		return 3;
	}
	return 1;
}

/* Which nodes show, for a fold distance k; widths bottom-up. */
static int
tui_tree_width(struct tui_tree *tr, int i, int k)
{
	const struct snap_node *v = &tr->s->n[i];
	struct tui_tnode *t = &tr->t[i];
	char rows[3][64];
	int nr, r, wl = 0, wr = 0, kids;

	t->vis = t->imp || t->dist <= k || t->open ? 1 : 2;
	t->gen = tr->gen;
	if (tr->s->n[i].depth > tr->deep)
		tr->deep = tr->s->n[i].depth;
	if (t->vis == 2 || t->bwd[tr->detail] == 0) {
		/* Formatting is the cost: once a node and detail. */
		t->bw = 0;
		nr = tui_tree_text(tr, i, rows);
		for (r = 0; r < nr; r++)
			if ((int)strlen(rows[r]) > t->bw)
				t->bw = (int)strlen(rows[r]);
		if (t->vis == 1)
			t->bwd[tr->detail] = t->bw + 1;
	} else {
		t->bw = t->bwd[tr->detail] - 1;
	}
	if (t->vis == 2) {
		t->w = t->bw;
		return t->w;
	}
	if (v->left >= 0)
		wl = tui_tree_width(tr, v->left, k);
	if (v->right >= 0)
		wr = tui_tree_width(tr, v->right, k);
	kids = wl + wr + (wl > 0 && wr > 0 ? TUI_TREE_SEP : 0);
	t->w = kids > t->bw ? kids : t->bw;
	return t->w;
}

/* Places the subtree of i in columns [x0, x0 + w). */
static void
tui_tree_place(struct tui_tree *tr, int i, int x0)
{
	const struct snap_node *v = &tr->s->n[i];
	struct tui_tnode *t = &tr->t[i];
	int l = v->left, r = v->right, wl, wr, kids, off, c;

	if (t->vis == 2) {
		tr->folds++;
		t->x = x0;
		t->cx = x0 + t->bw / 2;
		return;
	}
	wl = l >= 0 ? tr->t[l].w : 0;
	wr = r >= 0 ? tr->t[r].w : 0;
	kids = wl + wr + (wl > 0 && wr > 0 ? TUI_TREE_SEP : 0);
	off = (t->w - kids) / 2;
	if (l >= 0)
		tui_tree_place(tr, l, x0 + off);
	if (r >= 0)
		tui_tree_place(tr, r, x0 + off + wl + (wl > 0 ?
		    TUI_TREE_SEP : 0));
	if (l >= 0 && r >= 0)
		c = (tr->t[l].cx + tr->t[r].cx) / 2;
	else if (l >= 0)
		c = tr->t[l].cx;
	else if (r >= 0)
		c = tr->t[r].cx;
	else
		c = x0 + t->w / 2;
	t->x = c - t->bw / 2;
	if (t->x < x0)
		t->x = x0;
	if (t->x + t->bw > x0 + t->w)
		t->x = x0 + t->w - t->bw;
	t->cx = t->x + t->bw / 2;
}

/* The deepest level shown. */
static int
tui_tree_levels(const struct tui_tree *tr)
{
	int i, d = -1;

	for (i = 0; i < (int)tr->s->count; i++)
		if (TUI_VIS(tr, i) && tr->s->n[i].depth > d)
			d = tr->s->n[i].depth;
	return d + 1;
}

/* ---- drawing ----------------------------------------------------------- */

struct tui_tview {
	struct tui_rect	 b;		/* where levels go */
	int		 ox;		/* virtual column 0 on screen */
	int		 top;		/* the first level shown */
	int		 nlev;		/* levels shown */
	int		 per;		/* rows a level takes */
};

/* Text at virtual column vx, clipped to the pane (one column a char). */
static void
tui_tree_put(struct tui_app *a, const struct tui_tview *tv, int vx, int y,
    enum tui_role role, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int x = tv->b.x + tv->ox + vx, len;
	char ch[8];

	for (; *p != '\0'; x++, p += len) {
		len = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
		if (x < tv->b.x || x >= tv->b.x + tv->b.w)
			continue;
		memcpy(ch, p, (size_t)len);
		ch[len] = '\0';
		tui_screen_put(&a->scr, x, y, 1, role, ch);
	}
}

static enum tui_role
tui_tree_role(const struct tui_tree *tr, int i)
{
	const struct tui_now *n = &tr->a->m.now;
	int guard = TUI_TREE_GUARD, k;

	if (tr->aux)
		return tui_tree_off(tr, i) ? ROLE_CHANGED : tr->t[i].vis == 2 ?
		    ROLE_DIM : ROLE_NORMAL;
	if (i == tr->a->pick_node && tui_model_question(&tr->a->m) == Q_GAP)
		return ROLE_PROMPT;
	if (tui_tree_in(n->changed, n->nchanged, i))
		return ROLE_CHANGED;
	if (i == n->visited)
		return ROLE_VISITED;
	if (tui_tree_in(n->path, n->npath, i))
		return ROLE_PATH;
	for (k = i; k >= 0 && guard-- > 0; k = tr->s->n[k].parent)
		if (tui_tree_in(n->skipped, n->nskipped, k))
			return ROLE_DIM;
	return tr->t[i].vis == 2 ? ROLE_DIM : ROLE_NORMAL;
}

static void
tui_tree_box(struct tui_tree *tr, const struct tui_tview *tv, int i, int y)
{
	struct tui_app *a = tr->a;
	const struct tui_tnode *t = &tr->t[i];
	enum tui_role role = tui_tree_role(tr, i), crole;
	char rows[3][64], letter[2];
	int nr, r;

	nr = tui_tree_text(tr, i, rows);
	for (r = 0; r < nr && r < tv->per - 1; r++)
		tui_tree_put(a, tv, t->x, y + r, role, rows[r]);
	if (t->vis == 2)
		return;
	/* The colour letter in its colour, unless the role says more. */
	crole = tr->s->n[i].color == RB_RED ? ROLE_NODE_RED : ROLE_NODE_BLACK;
	letter[0] = rows[0][1];
	letter[1] = '\0';
	tui_tree_put(a, tv, t->x + 1, y, role == ROLE_NORMAL ? crole : role,
	    letter);
}

/* The row under node i joining it to its children. */
static void
tui_tree_links(struct tui_tree *tr, const struct tui_tview *tv, int i, int y)
{
	const struct tui_glyphs *g = tr->a->g;
	const struct snap_node *v = &tr->s->n[i];
	int cx = tr->t[i].cx, lo = cx, hi = cx, x;
	int l = v->left >= 0 && TUI_VIS(tr, v->left) ? tr->t[v->left].cx : -1;
	int r = v->right >= 0 && TUI_VIS(tr, v->right) ? tr->t[v->right].cx :
	    -1;
	enum tui_role role = tui_tree_role(tr, i) == ROLE_DIM ? ROLE_DIM :
	    ROLE_LINENO;

	if (l < 0 && r < 0)
		return;
	if (l >= 0 && l < lo)
		lo = l;
	if (r >= 0 && r < lo)
		lo = r;
	if (l > hi)
		hi = l;
	if (r > hi)
		hi = r;
	for (x = lo; x <= hi; x++)
		tui_tree_put(tr->a, tv, x, y, role, g->hline);
	if (l >= 0)
		tui_tree_put(tr->a, tv, l, y, role, l == cx ? g->vline :
		    l < cx ? g->tl : g->tr);
	if (r >= 0)
		tui_tree_put(tr->a, tv, r, y, role, r == cx ? g->vline :
		    r < cx ? g->tl : g->tr);
	if (lo < cx && hi > cx)
		tui_tree_put(tr->a, tv, cx, y, role, g->t_up);
	else if (lo < cx)
		tui_tree_put(tr->a, tv, cx, y, role, g->brc);
	else if (hi > cx)
		tui_tree_put(tr->a, tv, cx, y, role, g->bl);
}

/*
 * The key: what the marks on screen mean, those on screen only, as many
 * as the width holds.
 */
static void
tui_tree_key(struct tui_tree *tr, const struct tui_rect *r, int y)
{
	const struct tui_now *n = &tr->a->m.now;
	const char *items[8];
	char change[96], buf[512];
	int ni = 0, i, len = 0;

	if (n->nchanged > 0 || n->nchanged_off > 0) {
		snprintf(change, sizeof change, _("! this step's %s"), n->change);
		items[ni++] = change;
	}
	if (n->searching)
		items[ni++] = _("> at * passed ~ skipped");
	if (tr->folds > 0)
		items[ni++] = _("[N] N VMAs folded");
	if (tr->s->detached != NULL)
		items[ni++] = _("detached: off the tree for now, on the list");
	items[ni++] = _("B/R black/red VMA: its start");
	if (tr->detail == 2)
		items[ni++] = _("gap: free below it  sub: biggest gap under it");
	else if (tr->detail == 1)
		items[ni++] = _("gap / sub: free below it / biggest under it");
	items[ni++] = _("? legend");
	buf[0] = '\0';
	for (i = 0; i < ni; i++) {
		int w = tui_text_width(items[i]) + (len > 0 ? 3 : 0);

		if (len + w > r->w - 1)
			continue;
		len += snprintf(buf + len, sizeof buf - (size_t)len, "%s%s",
		    len > 0 ? " | " : "", items[i]);
	}
	tui_screen_put(&tr->a->scr, r->x, y, r->w, ROLE_DIM, buf);
}

static int
tui_tree_root_width(struct tui_tree *tr, int k)
{
	tr->deep = -1;
	tr->gen++;	/* what the last pass showed is hidden at once */
	return tui_tree_width(tr, tr->s->root, k);
}

/* The folds "[N]" shown under node i, into c[] (at most max). */
static int
tui_tree_folds(const struct tui_tree *tr, int i, int *c, int n, int max)
{
	if (i < 0 || n >= max)
		return n;
	if (TUI_VIS(tr, i) == 2) {
		c[n++] = i;
		return n;
	}
	if (TUI_VIS(tr, i) != 1)
		return n;
	n = tui_tree_folds(tr, tr->s->n[i].left, c, n, max);
	return tui_tree_folds(tr, tr->s->n[i].right, c, n, max);
}

/*
 * The folds of distance k leave room (all of them fold at once): open
 * them one by one, the shallowest first, while the tree still fits in
 * w columns and maxlev levels. Only the folds on screen are looked at,
 * so the cost follows the pane, not the tree.
 */
static void
tui_tree_unfold(struct tui_tree *tr, int k, int w, int maxlev)
{
	const struct snap *s = tr->s;
	int c[128], n, i, j, x, tries = 0, again = 1;

	while (again && tries < 256) {
		again = 0;
		n = tui_tree_folds(tr, s->root, c, 0, 128);
		/* The shallowest first (insertion sort: a few dozen). */
		for (i = 1; i < n; i++)
			for (j = i; j > 0 && s->n[c[j]].depth <
			    s->n[c[j - 1]].depth; j--) {
				x = c[j];
				c[j] = c[j - 1];
				c[j - 1] = x;
			}
		for (i = 0; i < n && tries < 256; i++) {
			tr->t[c[i]].open = 1;
			tries++;
			if (tui_tree_root_width(tr, k) <= w &&
			    tr->deep < maxlev) {
				again = 1;
				continue;
			}
			tr->t[c[i]].open = 0;
			tui_tree_root_width(tr, k);
		}
	}
	tui_tree_root_width(tr, k);
}

/* Fold distance k, then reopened what fits; returns the nodes shown. */
static int
tui_tree_open(struct tui_tree *tr, int k, int w, int maxlev)
{
	int i, n = 0;

	for (i = 0; i < (int)tr->s->count; i++)
		tr->t[i].open = 0;
	tui_tree_root_width(tr, k);
	tui_tree_unfold(tr, k, w, maxlev);
	for (i = 0; i < (int)tr->s->count; i++)
		n += TUI_VIS(tr, i) == 1;
	return n;
}

/* Chooses the folds, the detail and the levels for the pane. */
static void
tui_tree_fit(struct tui_tree *tr, const struct tui_rect *b,
    struct tui_tview *tv)
{
	const struct snap *s = tr->s;
	int k, maxk = 0, i, levels, fdepth, rows = b->h, w = b->w - 1;
	int d, n, bestn = -1, bestd = -1, bestk = 0;

	for (i = 0; i < (int)s->count; i++)
		if (tr->t[i].dist > maxk)
			maxk = tr->t[i].dist;
	/*
	 * Each detail with the most levels unfolded that fit the width and
	 * the rows, then fold-outs reopened: the detail that shows the most
	 * nodes wins, the most detail on a tie. When nothing fits the rows,
	 * no detail and the most that fits the width (levels above the
	 * focus then fold).
	 */
	for (d = 2; d >= 0; d--) {
		tr->detail = d;
		for (k = maxk; k >= 0; k--)
			if (tui_tree_root_width(tr, k) <= w &&
			    (tr->deep + 1) * (d + 2) - 1 <= rows)
				break;
		if (k < 0)
			continue;
		n = tui_tree_open(tr, k, w, (rows + 1) / (d + 2));
		if (n > bestn) {
			bestn = n;
			bestd = d;
			bestk = k;
		}
	}
	if (bestd >= 0) {
		tr->detail = bestd;
		tui_tree_open(tr, bestk, w, (rows + 1) / (bestd + 2));
	} else {
		tr->detail = 0;
		for (k = maxk; k > 0; k--)
			if (tui_tree_root_width(tr, k) <= w)
				break;
		tui_tree_root_width(tr, k);
		levels = (rows + 1) / 2;
		tui_tree_unfold(tr, k, w, levels > tr->deep + 1 ? levels :
		    tr->deep + 1);
	}
	tr->folds = 0;
	tui_tree_place(tr, s->root, 0);
	levels = tui_tree_levels(tr);
	tv->per = tr->detail + 2;
	tv->b = *b;
	tv->top = 0;
	tv->nlev = levels;
	if (levels * tv->per - 1 > rows) {
		/* A line says which levels are folded above. */
		tv->b.y++;
		tv->b.h--;
		tv->nlev = (tv->b.h + 1) / tv->per;
		if (tv->nlev < 1)
			tv->nlev = 1;
		fdepth = s->n[tr->focus].depth;
		tv->top = fdepth + 2 - tv->nlev;
		tv->top += tr->aux ? 0 : tr->a->scroll[PANE_TREE];
		if (tv->top > levels - tv->nlev)
			tv->top = levels - tv->nlev;
		if (tv->top < 0)
			tv->top = 0;
	}
	/* Centred when it fits, else around the node that matters. */
	if (tr->t[s->root].w <= b->w)
		tv->ox = (b->w - tr->t[s->root].w) / 2;
	else {
		tv->ox = b->w / 2 - tr->t[tr->focus].cx -
		    (tr->aux ? 0 : tr->a->tree_hscroll);
		if (tv->ox < b->w - tr->t[s->root].w)
			tv->ox = b->w - tr->t[s->root].w;
		if (tv->ox > 0)
			tv->ox = 0;
	}
}

static void
tui_tree_draw(struct tui_tree *tr, const struct tui_rect *b)
{
	struct tui_app *a = tr->a;
	const struct snap *s = tr->s;
	struct tui_tview tv;
	int i, d, y;

	tui_tree_fit(tr, b, &tv);
	if (tv.top > 0)
		tui_screen_printf(&a->scr, b->x, b->y, b->w, ROLE_DIM,
		    P_("%s %d level above folded (Up, or + for rows)",
		    "%s %d levels above folded (Up, or + for rows)", tv.top),
		    a->g->arrow_up, tv.top);
	for (i = 0; i < (int)s->count; i++) {
		if (!TUI_VIS(tr, i))
			continue;
		d = s->n[i].depth - tv.top;
		if (d < 0 || d >= tv.nlev)
			continue;
		y = tv.b.y + d * tv.per;
		tui_tree_box(tr, &tv, i, y);
		if (d + 1 < tv.nlev && tr->t[i].vis == 1)
			tui_tree_links(tr, &tv, i, y + tv.per - 1);
		if (!tr->aux && a->ntree_hit < TUI_MAXHIT) {
			struct tui_hit *h = &a->tree_hit[a->ntree_hit++];

			h->x = tv.b.x + tv.ox + tr->t[i].x;
			h->y = y;
			h->w = tr->t[i].bw;
			h->h = tv.per - 1;
			h->node = i;
		}
	}
}

int
tui_tree_focus(const struct tui_now *n, const struct snap *s)
{
	if (n->nchanged > 0)
		return n->changed[0];
	if (n->visited >= 0)
		return n->visited;
	return s->root;
}

/* Lays out and draws one tree (the tree's, or a detached subtree). */
static void
tui_tree_one(struct tui_app *a, struct tui_tree *tr, const struct snap *s,
    const struct tui_rect *b, int aux)
{
	const struct tui_now *n = &a->m.now;
	int i;

	memset(tr, 0, sizeof *tr);
	tr->a = a;
	tr->s = s;
	tr->aux = aux;
	if ((tr->t = calloc(s->count, sizeof *tr->t)) == NULL)
		return;
	if (aux) {
		tr->focus = s->root;
		tui_tree_imp(tr, s->root);
		for (i = 0; i < (int)s->count; i++)
			if (tui_tree_off(tr, i))
				tui_tree_imp(tr, i);
	} else {
		tr->focus = tui_tree_focus(n, s);
		tui_tree_imp(tr, tr->focus);
		if (a->pick_node >= 0 && a->pick_node < (int)s->count)
			tui_tree_imp(tr, a->pick_node);
		tui_tree_imp(tr, n->visited);
		for (i = 0; i < n->npath; i++)
			tui_tree_imp(tr, n->path[i]);
		for (i = 0; i < n->nchanged; i++)
			tui_tree_imp(tr, n->changed[i]);
	}
	tui_tree_measure(tr, s->root, 0, 0);
	tui_tree_draw(tr, b);
}

/*
 * The subtrees detached from the tree for the moment (in the middle of a
 * rotation: snap.h), in a column of their own at the right of the pane,
 * under the word "detached", so that every VMA is on screen at every
 * step. Returns the columns they took (0: none), from the right of b.
 */
static int
tui_tree_detached(struct tui_app *a, const struct tui_rect *b)
{
	const struct snap *s = &a->m.v.snap, *d;
	struct tui_tree tr;
	struct tui_rect r;
	int nd = 0, k, w, y, rows, x;

	for (d = s->detached; d != NULL; d = d->detached)
		if (d->count > 0 && d->root >= 0 && !d->broken)
			nd++;
	if (nd == 0 || b->w < 24 || b->h < 3)
		return 0;
	/* As wide as the widest unfolded, at most two fifths. */
	w = tui_text_width(_("detached:"));
	for (d = s->detached; d != NULL; d = d->detached) {
		if (d->count == 0 || d->root < 0 || d->broken)
			continue;
		memset(&tr, 0, sizeof tr);
		tr.a = a;
		tr.s = d;
		tr.aux = 1;
		if ((tr.t = calloc(d->count, sizeof *tr.t)) == NULL)
			return 0;
		tui_tree_measure(&tr, d->root, 0, 0);
		if (tui_tree_root_width(&tr, TUI_TREE_GUARD) + 1 > w)
			w = tr.t[d->root].w + 1;
		free(tr.t);
	}
	if (w > b->w * 2 / 5)
		w = b->w * 2 / 5;
	x = b->x + b->w - w;
	for (y = b->y; y < b->y + b->h; y++)
		tui_screen_put(&a->scr, x - 1, y, 1, ROLE_LINENO, a->g->vline);
	tui_screen_put(&a->scr, x, b->y, w, ROLE_CHANGED, _("detached:"));
	rows = (b->h - 1) / nd;
	k = 0;
	for (d = s->detached; d != NULL; d = d->detached) {
		if (d->count == 0 || d->root < 0 || d->broken)
			continue;
		r.x = x;
		r.w = w;
		r.y = b->y + 1 + k * rows;
		r.h = rows;
		tui_tree_one(a, &tr, d, &r, 1);
		free(tr.t);
		k++;
	}
	return w + 1;
}

void
tui_draw_tree(struct tui_app *a, const struct tui_rect *r)
{
	const struct tui_now *n = &a->m.now;
	const struct snap *s = &a->m.v.snap;
	struct tui_tree tr;
	struct tui_rect b, key;
	char len[64], size[16];

	a->ntree_hit = 0;
	if (r->h == 0)
		return;
	len[0] = '\0';
	if (n->searching && !a->m.hide_values) {
		fmt_size(size, sizeof size, n->length);
		snprintf(len, sizeof len, _(", length %s (0x%lx)"), size,
		    n->length);
	}
	if (s->detached != NULL)
		b = tui_draw_title(a, r, PANE_TREE, _(" rbtree: %d VMAs (%d "
		    "detached), height %d%s "), (int)s->count + s->ndetached,
		    s->ndetached, s->height, len);
	else
		b = tui_draw_title(a, r, PANE_TREE, _(" rbtree: %d VMAs, "
		    "height %d%s "), (int)s->count, s->height, len);
	if (b.h <= 0 || s->count == 0 || s->root < 0 || s->broken)
		return;
	key = b;
	if (b.h >= 3)
		b.h--;		/* the key */
	b.w -= tui_tree_detached(a, &b);
	tui_tree_one(a, &tr, s, &b, 0);
	if (key.h >= 3)
		tui_tree_key(&tr, &key, key.y + key.h - 1);
	free(tr.t);
}
