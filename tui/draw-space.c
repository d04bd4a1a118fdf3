/*
 * draw-space.c - the address space pane: a bar of the whole user address
 * space, 0 to TASK_SIZE, and (when the screen is tall) the VMAs in
 * /proc/PID/maps order.
 *
 *   address space, log scale   brk 55555557a000   mmap_base 7ffff7fff000
 *   ····················███·····························█▓█░░░██·····██
 *                       ^brk                          ^at ^gap 964K  ^mmap_base
 *
 * A bar to scale would be one column of VMAs and 79 of nothing: 128 TiB
 * hold a few MiB of mappings. So each run of adjacent VMAs (a block) and
 * each gap gets a width that grows with the logarithm of its size, at
 * least one column: gaps still look big, VMAs still show up. The candidate
 * gap of a search is shaded, the VMA the search is at marked, the break
 * and mmap_base marked below the bar.
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

struct tui_seg {
	unsigned long	 lo, hi;
	int		 vma;		/* first VMA of a block, -1 for a gap */
	int		 last;		/* last VMA of the block */
	int		 x, w;		/* on screen */
	double		 weight;
};

static int
tui_log2(unsigned long v)
{
	int n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

/* Blocks and gaps from 0 to TASK_SIZE. Returns the count (caller frees). */
static int
tui_space_segs(const struct snap *s, struct tui_seg **out)
{
	struct tui_seg *g;
	unsigned long pos = 0;
	int i, n = 0;

	if ((g = calloc(s->count * 2 + 2, sizeof *g)) == NULL)
		return -1;
	for (i = 0; i < (int)s->count; i++) {
		const struct snap_node *v = &s->n[i];

		if (v->start > pos)
			g[n++] = (struct tui_seg){ pos, v->start, -1, -1, 0, 0, 0 };
		if (n > 0 && g[n - 1].vma >= 0 && g[n - 1].hi == v->start) {
			g[n - 1].hi = v->end;
			g[n - 1].last = i;
		} else {
			g[n++] = (struct tui_seg){ v->start, v->end, i, i, 0, 0, 0 };
		}
		pos = v->end;
	}
	if (pos < s->task_size)
		g[n++] = (struct tui_seg){ pos, s->task_size, -1, -1, 0, 0, 0 };
	*out = g;
	return n;
}

/* Shares w columns: one each, the rest by log size. */
static void
tui_space_widths(struct tui_seg *g, int n, int w)
{
	double total = 0, extra;
	int i, used = 0, left, best;

	for (i = 0; i < n; i++) {
		g[i].weight = tui_log2((g[i].hi - g[i].lo) >> 12) + 1;
		total += g[i].weight;
	}
	if (n > w) {
		for (i = 0; i < n; i++) {
			g[i].w = (int)(w * g[i].weight / total);
			used += g[i].w;
		}
	} else {
		extra = w - n;
		for (i = 0; i < n; i++) {
			g[i].w = 1 + (int)(extra * g[i].weight / total);
			used += g[i].w;
		}
	}
	/* What rounding left goes to the biggest segments. */
	for (left = w - used; left > 0; left--) {
		best = 0;
		for (i = 1; i < n; i++)
			if (g[i].weight / (g[i].w + 1) > g[best].weight /
			    (g[best].w + 1))
				best = i;
		g[best].w++;
	}
	for (i = 0, used = 0; i < n; i++) {
		g[i].x = used;
		used += g[i].w;
	}
}

/* The column of an address on the bar, -1 when it has none. */
static int
tui_space_col(const struct tui_seg *g, int n, unsigned long addr)
{
	int i;
	double f;

	for (i = 0; i < n; i++) {
		if (addr < g[i].lo || (addr >= g[i].hi && i + 1 < n) ||
		    g[i].w == 0)
			continue;
		f = (double)(addr - g[i].lo) / (double)(g[i].hi - g[i].lo);
		if (f > 1)
			f = 1;
		return g[i].x + (int)(f * (g[i].w - 1) + 0.5);
	}
	return -1;
}

static void
tui_space_perms(unsigned long flags, char *p)
{
	p[0] = flags & VM_READ ? 'r' : '-';
	p[1] = flags & VM_WRITE ? 'w' : '-';
	p[2] = flags & VM_EXEC ? 'x' : '-';
	p[3] = flags & VM_MAYSHARE ? 's' : 'p';
	p[4] = '\0';
}

static const char *
tui_space_base(const char *path)
{
	const char *slash;

	if (path == NULL)
		return "";
	slash = strrchr(path, '/');
	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

/*
 * The maps list in as many columns as it needs (column-major, like ls),
 * with the files' full paths when they fit, else their base names.
 */
static void
tui_space_maps(struct tui_app *a, const struct tui_rect *b, int y0, int rows,
    const struct snap *s, int visited)
{
	int cols, colw, per, top, i, c, r, full = 0, base = 0, len;
	char perms[8], line[256];

	if (rows <= 0 || s->count == 0)
		return;
	/* Columns enough for all when they fit; full paths if they fit. */
	for (i = 0; i < (int)s->count; i++) {
		const char *nm = s->n[i].name;

		len = nm != NULL ? (int)strlen(nm) : 0;
		if (len > full)
			full = len;
		len = (int)strlen(tui_space_base(nm));
		if (len > base)
			base = len;
	}
	full += 32;			/* "start-end perms " and a blank */
	base += 32;
	cols = ((int)s->count + rows - 1) / rows;
	if (cols * full <= b->w) {
		colw = b->w / cols;
	} else {
		if (cols > b->w / base)
			cols = b->w / base;
		if (cols < 1)
			cols = 1;
		colw = b->w / cols;
	}
	per = rows * cols;
	top = 0;
	if ((int)s->count > per && visited >= 0)
		top = visited - per / 2;
	top += a->scroll[PANE_SPACE];
	if (top > (int)s->count - per)
		top = (int)s->count - per;
	if (top < 0)
		top = 0;
	for (c = 0; c < cols; c++) {
		for (r = 0; r < rows; r++) {
			const struct snap_node *v;
			enum tui_role role = ROLE_NORMAL;

			i = top + c * rows + r;
			if (i >= (int)s->count)
				return;
			v = &s->n[i];
			tui_space_perms(v->flags, perms);
			snprintf(line, sizeof line, "%012lx-%012lx %s %s",
			    v->start, v->end, perms, full < colw ?
			    (v->name != NULL ? v->name : "") :
			    tui_space_base(v->name));
			if (i == visited)
				role = ROLE_VISITED;
			else if (v->name != NULL && strcmp(v->name, "[heap]") == 0)
				role = ROLE_BRK;
			tui_screen_put(&a->scr, b->x + c * colw, y0 + r,
			    colw - 1, role, line);
		}
	}
}

struct tui_mark {
	int		 col;
	enum tui_role	 role;
	char		 label[64];
};

static int
tui_mark_cmp(const void *x, const void *y)
{
	const struct tui_mark *a = x, *b = y;

	return a->col - b->col;
}

/*
 * '^' under each mark, and its label where it collides with nothing: to
 * the right of the '^' when there is room before the next mark, else to
 * its left after the label before, else its short form ("gap" for "gap
 * 964 KiB"), else none (the legend, ?, names every mark). A blank always
 * separates two labels: at 80 columns "^gap 964 KiB^at" would read as
 * one word.
 */
static void
tui_space_marks(struct tui_app *a, const struct tui_rect *b, int y,
    struct tui_mark *mk, int n)
{
	int i, t, used = 0, next, len, x;
	char label[32];

	qsort(mk, (size_t)n, sizeof *mk, tui_mark_cmp);
	for (i = 0; i < n; i++)
		tui_screen_put(&a->scr, b->x + 1 + mk[i].col, y, 1, mk[i].role,
		    "^");
	for (i = 0; i < n; i++) {
		next = i + 1 < n ? mk[i + 1].col - 1 : b->w - 1;
		for (t = 0; t < 2; t++) {
			snprintf(label, sizeof label, "%s", mk[i].label);
			if (t == 1)
				label[strcspn(label, " ")] = '\0';
			len = tui_text_width(label);
			if (mk[i].col + 1 + len <= next) {
				x = mk[i].col + 1;
				break;
			}
			if (mk[i].col - len - 1 >= used &&
			    (i == 0 || mk[i - 1].col < mk[i].col - len - 1)) {
				x = mk[i].col - len - 1;
				break;
			}
		}
		if (t == 2 || mk[i].col < used)
			continue;
		tui_screen_put(&a->scr, b->x + 1 + x, y, len, mk[i].role, label);
		used = x + len + 1;
		if (used < mk[i].col + 1)
			used = mk[i].col + 1;
	}
}

static void
tui_mark_add(struct tui_mark *mk, int *n, int col, enum tui_role role,
    const char *label)
{
	if (col < 0)
		return;
	mk[*n].col = col;
	mk[*n].role = role;
	snprintf(mk[*n].label, sizeof mk[*n].label, "%s", label);
	(*n)++;
}

/* Is the part starting at lo the one picked (--predict, an address)? */
static int
picked(const struct tui_app *a, unsigned long lo)
{
	return a->pick_gap >= 0 && a->pick_gap < a->nbar_gap &&
	    tui_model_question(&a->m) == Q_ADDR &&
	    a->bar_gap[a->pick_gap].lo == lo;
}

static int
tui_space_node_cmp(const void *x, const void *y)
{
	const struct snap_node *a = x, *b = y;

	return a->start < b->start ? -1 : a->start > b->start;
}

/*
 * Every VMA, the tree's and those detached from it for the moment (in
 * the middle of a rotation, snap.h): the bar and the list show the
 * address space, which a rotation does not change. *all is a shallow
 * copy of the tree's snapshot with its own n[] (free it) when there
 * are detached ones, else the snapshot itself. `visited` is renumbered.
 */
static const struct snap *
tui_space_all(const struct snap *s, struct snap *all, int *visited)
{
	const struct snap *d;
	unsigned long at = *visited >= 0 ? s->n[*visited].start : 0;
	size_t k;
	int i;

	if (s->detached == NULL)
		return s;
	*all = *s;
	all->n = calloc(s->count + (size_t)s->ndetached + 1, sizeof *all->n);
	if (all->n == NULL)
		return s;
	memcpy(all->n, s->n, s->count * sizeof *s->n);
	k = s->count;
	for (d = s->detached; d != NULL; d = d->detached) {
		memcpy(all->n + k, d->n, d->count * sizeof *d->n);
		k += d->count;
	}
	all->count = k;
	qsort(all->n, k, sizeof *all->n, tui_space_node_cmp);
	for (i = 0; *visited >= 0 && i < (int)k; i++)
		if (all->n[i].start == at) {
			*visited = i;
			break;
		}
	return all;
}

void
tui_draw_space(struct tui_app *a, const struct tui_rect *r)
{
	const struct snap *s = &a->m.v.snap;
	struct snap all;
	const struct tui_now *n = &a->m.now;
	int visited = n->visited;
	struct tui_seg *g;
	struct tui_rect b;
	char cand[24], size[16];
	int i, k, nseg, w, shade = 0, blocks;

	if (r->h == 0)
		return;
	b = tui_draw_title(a, r, PANE_SPACE, _(" address space, log scale   "
	    "brk %lx   mmap_base %lx "), s->brk, s->mmap_base);
	w = b.w - 2;
	if (b.h <= 0 || w <= 0)
		return;
	s = tui_space_all(s, &all, &visited);
	if ((nseg = tui_space_segs(s, &g)) < 0)
		goto out;
	tui_space_widths(g, nseg, w);
	/* A break or a pointer may be in a block too (the heap): then
	 * every part of the bar is a pick; a mapping only goes in a gap. */
	blocks = tui_model_question(&a->m) == Q_ADDR &&
	    tui_model_addr_kind(&a->m) != ADDR_MAP;
	a->nbar_gap = 0;
	for (i = 0; i < nseg; i++)
		if ((g[i].vma < 0 || blocks) && a->nbar_gap <
		    (int)(sizeof a->bar_gap / sizeof a->bar_gap[0])) {
			a->bar_gap[a->nbar_gap].lo = g[i].lo;
			a->bar_gap[a->nbar_gap].hi = g[i].hi;
			a->bar_gap[a->nbar_gap].x = b.x + 1 + g[i].x;
			a->bar_gap[a->nbar_gap++].w = g[i].w;
		}
	for (i = 0; i < nseg; i++) {
		int cand_here = n->has_cand && g[i].vma < 0 &&
		    g[i].lo < n->cand_hi && g[i].hi > n->cand_lo;
		int at = visited >= 0 && g[i].vma >= 0 &&
		    visited >= g[i].vma && visited <= g[i].last;

		for (k = 0; k < g[i].w; k++) {
			int x = b.x + 1 + g[i].x + k;

			if (picked(a, g[i].lo))
				tui_screen_put(&a->scr, x, b.y, 1, ROLE_PROMPT,
				    "?");
			else if (g[i].vma < 0)
				tui_screen_put(&a->scr, x, b.y, 1, cand_here ?
				    ROLE_CANDIDATE : ROLE_GAP, cand_here ?
				    a->g->cand : a->g->gap);
			else
				tui_screen_put(&a->scr, x, b.y, 1, at ?
				    ROLE_VISITED : shade ? ROLE_VMA_B :
				    ROLE_VMA_A, shade ? a->g->vma_b :
				    a->g->vma_a);
		}
		if (g[i].vma >= 0)
			shade = !shade;
	}
	if (b.h >= 2) {
		struct tui_mark mk[5];
		int nmk = 0;

		tui_mark_add(mk, &nmk, tui_space_col(g, nseg, s->brk),
		    ROLE_BRK, "brk");
		tui_mark_add(mk, &nmk, tui_space_col(g, nseg, s->mmap_base),
		    ROLE_NORMAL, "mmap_base");
		if (n->has_cand) {
			fmt_size(size, sizeof size, n->cand_hi - n->cand_lo);
			snprintf(cand, sizeof cand, "gap %s", size);
			tui_mark_add(mk, &nmk, tui_space_col(g, nseg,
			    n->cand_lo), ROLE_CANDIDATE, cand);
		}
		if (a->pick_gap >= 0 && tui_model_question(&a->m) == Q_ADDR)
			tui_mark_add(mk, &nmk, tui_space_col(g, nseg,
			    a->bar_gap[a->pick_gap].lo / 2 +
			    a->bar_gap[a->pick_gap].hi / 2), ROLE_PROMPT,
			    _("your pick"));
		if (visited >= 0)
			tui_mark_add(mk, &nmk, tui_space_col(g, nseg,
			    s->n[visited].start), ROLE_VISITED, "at");
		tui_space_marks(a, &b, b.y + 1, mk, nmk);
	}
	free(g);
	tui_space_maps(a, &b, b.y + 2, b.h - 2, s, visited);
out:
	if (s == &all)
		free(all.n);
}
