/*
 * tree.c - the VMA tree as a Graphviz graph (libcgraph).
 *
 * One node per VMA, named v<vm_start in hex>, with an HTML-like label:
 *
 *   +-------------------------+
 *   |  visit 2                |   (search overlay: the visit order)
 *   | 7ffff7dd2000-7ffff7df8000|   the range
 *   | libc.so.6  r--p  152 KiB|   name (or permissions) and size
 *   | gap 56 KiB              |   its own gap, below it
 *   | subtree 42.7 TiB        |   rb_subtree_gap, as sizes
 *   +-------------------------+
 *
 * Drawing a binary tree with dot: edges leave each node in the order
 * they are made (ordering=out): left first, then right. A node with one
 * child gets an invisible placeholder on the other side, so that a lone
 * right child is drawn on the right. With --nil every missing child is a
 * small black NIL box instead, as in the red-black rules.
 *
 * The strip (the address space in order) is a second, separate component
 * laid out beside the tree (pack): were it joined to the tree, its height
 * would stretch the tree's ranks.
 *
 * libcgraph's 2.42 API takes `char *` everywhere; attribute names and
 * values here are string literals or buffers, cast where needed.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graphs.h"
#include "kernel/vm.h"
#include "trace/i18n.h"
#include "trace/units.h"

#define FONT		"DejaVu Sans"
#define MONO		"DejaVu Sans Mono"
/*
 * The fonts of the figure's text and nodes, translated: a catalogue names
 * one with its script (Noto Sans CJK KR, JP), so that Graphviz draws
 * Korean and Japanese; in English they are FONT and MONO.
 */
/* TRANSLATORS: a font with your script, e.g. Noto Sans CJK KR. */
static const char gt_font[] = N_("DejaVu Sans");
/* TRANSLATORS: a fixed-width font with your script. */
static const char gt_mono[] = N_("DejaVu Sans Mono");

#define C_RED		"#c62828"
#define C_BLACK		"#202020"
#define C_RED_FADED	"#f2c9c9"
#define C_BLACK_FADED	"#c9c9c9"
#define C_TEXT_FADED	"#6a6a6a"
#define C_VISIT		"#ff9800"	/* visited: orange border */
#define C_BADGE		"#ffd54f"	/* the visit number's cell */
#define C_HERE		"#1e88e5"	/* the search's current node */
#define C_CHOSEN	"#2e7d32"	/* the chosen gap */
#define C_CHOSEN_BG	"#c8e6c9"
#define C_EDGE		"#606060"
#define C_SKIP_EDGE	"#9e9e9e"
#define C_REASON	"#8e24aa"

/* A label's line "name perms size" longer than this is split in two. */
#define LABEL_COLS	22

/* Above this many VMAs, no tooltips: the DOT stays small and fast. */
#define TOOLTIP_MAX	2000

/* What becomes of each node in a cut. */
enum { V_HIDE, V_SHOW, V_CUT };

/* ---- a growing string ------------------------------------------------- */

struct gbuf {
	char	*s;
	size_t	 len, cap;
	int	 nomem;
};

static void gbuf_printf(struct gbuf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
gbuf_printf(struct gbuf *b, const char *fmt, ...)
{
	va_list ap;
	size_t need;
	char *grown;
	int n;

	if (b->nomem)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->s != NULL ? b->s + b->len : NULL,
	    b->s != NULL ? b->cap - b->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->nomem = 1;
		return;
	}
	if (b->s != NULL && b->len + (size_t)n < b->cap) {
		b->len += (size_t)n;
		return;
	}
	need = b->len + (size_t)n + 1;
	if (need < 2 * b->cap)
		need = 2 * b->cap;
	if (need < 256)
		need = 256;
	if ((grown = realloc(b->s, need)) == NULL) {
		b->nomem = 1;
		return;
	}
	b->s = grown;
	b->cap = need;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Text for an HTML-like label: & < > " escaped. */
static void
gbuf_html(struct gbuf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			gbuf_printf(b, "&amp;");
			break;
		case '<':
			gbuf_printf(b, "&lt;");
			break;
		case '>':
			gbuf_printf(b, "&gt;");
			break;
		case '"':
			gbuf_printf(b, "&quot;");
			break;
		default:
			gbuf_printf(b, "%c", *s);
		}
	}
}

static void
gbuf_reset(struct gbuf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

/* ---- formatting ------------------------------------------------------- */

const char *
graphs_short_name(const char *name)
{
	const char *slash;

	if (name == NULL)
		return NULL;
	if (name[0] == '[')
		return name;
	slash = strrchr(name, '/');
	return slash != NULL && slash[1] != '\0' ? slash + 1 : name;
}

/*
 * A size in a label, as people read it ("4 KiB", "43 TiB"); a gap of
 * nothing is "0", not "0 B". The DOT's attributes keep the exact hex.
 */
static const char *
gt_size(char *buf, size_t len, unsigned long bytes)
{
	if (bytes == 0) {
		snprintf(buf, len, "0");
		return buf;
	}
	return fmt_size(buf, len, bytes);
}

static void
graphs_perms(unsigned long flags, char out[5])
{
	out[0] = flags & VM_READ ? 'r' : '-';
	out[1] = flags & VM_WRITE ? 'w' : '-';
	out[2] = flags & VM_EXEC ? 'x' : '-';
	out[3] = flags & VM_MAYSHARE ? 's' : 'p';
	out[4] = '\0';
}

/* ---- the builder ------------------------------------------------------ */

struct gt {
	Agraph_t	*g;
	const struct snap *s;
	const struct search *sr;
	const struct graphs_opts *o;
	unsigned char	*vis;		/* V_* per node */
	unsigned char	*faded;		/* in a subtree the search skipped */
	int		*size;		/* nodes in each subtree */
	int		*skip_of;	/* index into sr->skip, or -1 */
	Agnode_t	**node;		/* per node, NULL when not drawn */
	struct gbuf	 b;
	int		 nomem;
	int		 chosen;	/* node above the chosen gap, or -1 */
	int		 current;	/* running search: where it is, or -1 */
	/* attribute symbols */
	Agsym_t		*n_label, *n_fill, *n_fontcolor, *n_color, *n_pen,
			*n_style, *n_tooltip, *n_shape, *n_width,
			*n_height, *n_fontsize, *n_start, *n_end, *n_gap,
			*n_sgap, *n_rb, *n_margin;
	Agsym_t		*e_style, *e_color, *e_pen, *e_side;
};

static char *
gt_str(const char *s)
{
	return (char *)(uintptr_t)s;
}

static void
gt_set(struct gt *t, void *obj, Agsym_t *sym, const char *value)
{
	agxset(obj, sym, gt_str(value));
}

static void
gt_set_html(struct gt *t, void *obj, Agsym_t *sym, const char *html)
{
	char *h = agstrdup_html(t->g, gt_str(html));

	if (h == NULL) {
		t->nomem = 1;
		return;
	}
	agxset(obj, sym, h);
	agstrfree(t->g, h);
}

static Agsym_t *
gt_attr(struct gt *t, int kind, const char *name, const char *dflt)
{
	return agattr(t->g, kind, gt_str(name), gt_str(dflt));
}

/*
 * Attributes that only some nodes or edges need are declared on first
 * use: every declared node attribute costs a string in every node, and a
 * tree of 65,530 VMAs has no use for a penwidth.
 */
static Agsym_t *
gt_lazy(struct gt *t, int kind, Agsym_t **sym, const char *name,
    const char *dflt)
{
	if (*sym == NULL)
		*sym = gt_attr(t, kind, name, dflt);
	return *sym;
}

#define N_COLOR(t)	gt_lazy(t, AGNODE, &(t)->n_color, "color", "black")
#define N_PEN(t)	gt_lazy(t, AGNODE, &(t)->n_pen, "penwidth", "1")
#define N_TOOLTIP(t)	gt_lazy(t, AGNODE, &(t)->n_tooltip, "tooltip", "")
#define N_WIDTH(t)	gt_lazy(t, AGNODE, &(t)->n_width, "width", "0.75")
#define N_HEIGHT(t)	gt_lazy(t, AGNODE, &(t)->n_height, "height", "0.5")
#define E_COLOR(t)	gt_lazy(t, AGEDGE, &(t)->e_color, "color", C_EDGE)
#define E_PEN(t)	gt_lazy(t, AGEDGE, &(t)->e_pen, "penwidth", "1.6")

static void
gt_graph_attrs(struct gt *t)
{
	Agraph_t *g = t->g;

	agattr(g, AGRAPH, gt_str("ordering"), gt_str("out"));
	agattr(g, AGRAPH, gt_str("fontname"), gt_str(_(gt_font)));
	agattr(g, AGRAPH, gt_str("fontsize"), gt_str("14"));
	agattr(g, AGRAPH, gt_str("nodesep"), gt_str("0.15"));
	agattr(g, AGRAPH, gt_str("ranksep"), gt_str("0.22"));
	agattr(g, AGRAPH, gt_str("splines"), gt_str("line"));
	agattr(g, AGRAPH, gt_str("bgcolor"), gt_str("white"));
	agattr(g, AGRAPH, gt_str("pad"), gt_str("0.05"));
	agattr(g, AGRAPH, gt_str("labelloc"), gt_str("t"));
	agattr(g, AGRAPH, gt_str("labeljust"), gt_str("l"));
	if (t->o->strip) {
		agattr(g, AGRAPH, gt_str("pack"), gt_str("16"));
		agattr(g, AGRAPH, gt_str("packmode"), gt_str("array_tu2"));
	}
	agattr(g, AGNODE, gt_str("fontname"), gt_str(_(gt_mono)));
	t->n_fontsize = gt_attr(t, AGNODE, "fontsize", "14");
	t->n_shape = gt_attr(t, AGNODE, "shape", "box");
	t->n_style = gt_attr(t, AGNODE, "style", "filled,rounded");
	t->n_margin = gt_attr(t, AGNODE, "margin", "0.1,0.03");
	t->n_label = gt_attr(t, AGNODE, "label", "\\N");
	t->n_fill = gt_attr(t, AGNODE, "fillcolor", C_BLACK);
	t->n_fontcolor = gt_attr(t, AGNODE, "fontcolor", "white");
	t->n_start = gt_attr(t, AGNODE, "vm_start", "");
	t->n_end = gt_attr(t, AGNODE, "vm_end", "");
	t->n_gap = gt_attr(t, AGNODE, "gap", "");
	t->n_sgap = gt_attr(t, AGNODE, "subtree_gap", "");
	t->n_rb = gt_attr(t, AGNODE, "rbcolor", "black");
	agattr(g, AGEDGE, gt_str("arrowhead"), gt_str("none"));
	agattr(g, AGEDGE, gt_str("color"), gt_str(C_EDGE));
	agattr(g, AGEDGE, gt_str("penwidth"), gt_str("1.6"));
	t->e_style = gt_attr(t, AGEDGE, "style", "solid");
	t->e_side = gt_attr(t, AGEDGE, "side", "left");
}

/* ---- which nodes: the cut --------------------------------------------- */

static int
gt_sizes(struct gt *t, int i)
{
	const struct snap_node *n = &t->s->n[i];

	t->size[i] = 1 + (n->left >= 0 ? gt_sizes(t, n->left) : 0) +
	    (n->right >= 0 ? gt_sizes(t, n->right) : 0);
	return t->size[i];
}

/* Shows the subtree of i down to `levels` levels; below that, a cut. */
static void
gt_show_down(struct gt *t, int i, int levels)
{
	const struct snap_node *n;

	if (i < 0)
		return;
	if (levels <= 0) {
		t->vis[i] = V_CUT;
		return;
	}
	t->vis[i] = V_SHOW;
	n = &t->s->n[i];
	gt_show_down(t, n->left, levels - 1);
	gt_show_down(t, n->right, levels - 1);
}

static void
gt_cut(struct gt *t)
{
	const struct snap *s = t->s;
	int target, i, prev, other, below;

	if (s->root < 0)
		return;
	if (!t->o->has_around) {
		gt_show_down(t, s->root, t->o->depth > 0 ? t->o->depth :
		    s->height + 1);
		return;
	}
	target = snap_find(s, t->o->around);
	if (target < 0)
		target = (int)s->count - 1;
	below = t->o->depth > 0 ? t->o->depth : 3;
	gt_show_down(t, target, below);
	/* The path up: each ancestor shown, its other child cut. */
	for (prev = target, i = s->n[target].parent; i >= 0;
	    prev = i, i = s->n[i].parent) {
		t->vis[i] = V_SHOW;
		other = s->n[i].left == prev ? s->n[i].right : s->n[i].left;
		if (other >= 0)
			t->vis[other] = V_CUT;
	}
}

/* ---- the search overlay ----------------------------------------------- */

static void
gt_fade(struct gt *t, int i)
{
	if (i < 0)
		return;
	t->faded[i] = 1;
	gt_fade(t, t->s->n[i].left);
	gt_fade(t, t->s->n[i].right);
}

static void
gt_overlay(struct gt *t)
{
	const struct search *sr = t->sr;
	size_t k;
	int i;

	t->chosen = t->current = -1;
	if (sr == NULL)
		return;
	for (k = 0; k < sr->nskip; k++) {
		if ((i = snap_index(t->s, sr->skip[k].start)) < 0)
			continue;
		t->skip_of[i] = (int)k;
		gt_fade(t, i);
	}
	if (sr->state == SEARCH_FOUND && !sr->highest)
		t->chosen = snap_index(t->s, sr->chosen);
	if (sr->state == SEARCH_RUNNING && sr->has_current)
		t->current = snap_index(t->s, sr->current);
}

static void	gt_skip_row(struct gt *, struct gbuf *,
		    const struct search_skip *, int);

/* "visit 1, 4" for node i, or nothing. Returns the number of visits. */
static int
gt_visits(struct gt *t, int i, struct gbuf *b, const char *sep)
{
	const struct search *sr = t->sr;
	size_t k;
	int n = 0;

	if (sr == NULL)
		return 0;
	for (k = 0; k < sr->nvisit; k++) {
		if (sr->visit[k] != t->s->n[i].start)
			continue;
		if (b != NULL)
			gbuf_printf(b, "%s%zu", n == 0 ? "" : sep, k + 1);
		n++;
	}
	return n;
}

/* ---- VMA nodes -------------------------------------------------------- */

/*
 * The label of a VMA node. Without a search overlay it is plain text
 * lines, which begin with the range: libcgraph keeps its strings in an
 * ordered set compared with strcmp, and 65,530 labels that all began
 * "<TABLE BORDER=..." made the DOT export of a big tree twice as slow.
 * With an overlay, a table: the badge and the notes have backgrounds.
 */
static void
gt_vma_label(struct gt *t, int i)
{
	const struct snap_node *n = &t->s->n[i];
	struct gbuf *b = &t->b;
	const char *name = graphs_short_name(n->name);
	char perms[5], size[32], gap[32], sub[32];
	struct gbuf v = { 0 };
	int cols = 1;

	graphs_perms(n->flags, perms);
	fmt_size(size, sizeof size, n->end - n->start);
	gbuf_reset(b);
	if (t->sr != NULL) {
		gbuf_printf(b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" "
		    "CELLSPACING=\"0\" CELLPADDING=\"1\"><TR>");
		/* The visit numbers: a yellow column on the left. */
		if (gt_visits(t, i, &v, "<BR/>") > 0) {
			gbuf_printf(b, "<TD BGCOLOR=\"" C_BADGE "\"><FONT "
			    "COLOR=\"black\" POINT-SIZE=\"17\"><B>%s</B></FONT>"
			    "</TD>", v.s);
			cols = 2;
		}
		free(v.s);
		if (v.nomem)
			b->nomem = 1;
		gbuf_printf(b, "<TD>");
	}
	gt_size(gap, sizeof gap, n->gap);
	gt_size(sub, sizeof sub, n->subtree_gap);
	gbuf_printf(b, "<B>%lx-<BR/>%lx</B><BR/><FONT POINT-SIZE=\"13\">",
	    n->start, n->end);
	/* A long name gets a line of its own: the tree stays narrow. */
	if (name != NULL) {
		gbuf_html(b, name);
		gbuf_printf(b, strlen(name) + strlen(size) + 6 > LABEL_COLS ?
		    "<BR/>" : " ");
	}
	gbuf_printf(b, "%s %s<BR/>gap %s<BR/>subtree %s</FONT>", perms,
	    size, gap, sub);
	if (t->sr == NULL)
		return;
	gbuf_printf(b, "</TD></TR>");
	if (t->skip_of[i] >= 0)
		gt_skip_row(t, b, &t->sr->skip[t->skip_of[i]], cols);
	if (i == t->chosen)
		gbuf_printf(b, "<TR><TD COLSPAN=\"%d\" BGCOLOR=\"" C_CHOSEN_BG
		    "\"><FONT COLOR=\"black\"><B>%s</B></FONT>"
		    "</TD></TR>", cols, _("chosen: gap below"));
	else if (i == t->current)
		gbuf_printf(b, "<TR><TD COLSPAN=\"%d\" BGCOLOR=\"white\"><FONT "
		    "COLOR=\"black\"><B>%s</B></FONT></TD></TR>",
		    cols, _("the search is here"));
	gbuf_printf(b, "</TABLE>");
}

static void
gt_vma_attrs(struct gt *t, Agnode_t *an, int i)
{
	const struct snap_node *n = &t->s->n[i];
	int red = n->color == 0;
	char buf[160];

	if (t->faded[i]) {
		gt_set(t, an, t->n_fill, red ? C_RED_FADED : C_BLACK_FADED);
		gt_set(t, an, t->n_fontcolor, C_TEXT_FADED);
		gt_set(t, an, N_COLOR(t), C_TEXT_FADED);
		gt_set(t, an, t->n_style, "filled,rounded,dashed");
	} else if (red)
		gt_set(t, an, t->n_fill, C_RED);
	if (i == t->chosen) {
		gt_set(t, an, N_COLOR(t), C_CHOSEN);
		gt_set(t, an, N_PEN(t), "6");
	} else if (i == t->current) {
		gt_set(t, an, N_COLOR(t), C_HERE);
		gt_set(t, an, N_PEN(t), "6");
	} else if (gt_visits(t, i, NULL, NULL) > 0) {
		gt_set(t, an, N_COLOR(t), C_VISIT);
		gt_set(t, an, N_PEN(t), "5");
	}
	snprintf(buf, sizeof buf, "0x%lx", n->start);
	gt_set(t, an, t->n_start, buf);
	snprintf(buf, sizeof buf, "0x%lx", n->end);
	gt_set(t, an, t->n_end, buf);
	snprintf(buf, sizeof buf, "0x%lx", n->gap);
	gt_set(t, an, t->n_gap, buf);
	snprintf(buf, sizeof buf, "0x%lx", n->subtree_gap);
	gt_set(t, an, t->n_sgap, buf);
	if (red)
		gt_set(t, an, t->n_rb, "red");
	if (t->s->count <= TOOLTIP_MAX) {
		snprintf(buf, sizeof buf, "%s %lx-%lx vm_flags=0x%lx",
		    red ? "red" : "black", n->start, n->end, n->flags);
		gt_set(t, an, N_TOOLTIP(t), buf);
	}
}

static Agnode_t *
gt_vma_node(struct gt *t, int i)
{
	char name[32];
	Agnode_t *an;

	snprintf(name, sizeof name, "v%lx", t->s->n[i].start);
	if ((an = agnode(t->g, name, 1)) == NULL) {
		t->nomem = 1;
		return NULL;
	}
	gt_vma_label(t, i);
	if (t->b.nomem) {
		t->nomem = 1;
		return an;
	}
	gt_set_html(t, an, t->n_label, t->b.s);
	gt_vma_attrs(t, an, i);
	return an;
}

/* Visits of the search inside the subtree of i. */
static int
gt_cut_visits(struct gt *t, int i)
{
	const struct snap_node *n = &t->s->n[i];

	return gt_visits(t, i, NULL, NULL) +
	    (n->left >= 0 ? gt_cut_visits(t, n->left) : 0) +
	    (n->right >= 0 ? gt_cut_visits(t, n->right) : 0);
}

/* A cut-off subtree: one dashed box that says what it holds. */
static Agnode_t *
gt_cut_node(struct gt *t, int i)
{
	const struct snap_node *n = &t->s->n[i];
	char name[32], label[256], sub[32];
	Agnode_t *an;
	int lo = i, hi = i;

	while (t->s->n[lo].left >= 0)
		lo = t->s->n[lo].left;
	while (t->s->n[hi].right >= 0)
		hi = t->s->n[hi].right;
	snprintf(name, sizeof name, "cut%lx", n->start);
	if ((an = agnode(t->g, name, 1)) == NULL) {
		t->nomem = 1;
		return NULL;
	}
	gt_size(sub, sizeof sub, n->subtree_gap);
	snprintf(label, sizeof label, P_("%d VMA\nsubtree %s",
	    "%d VMAs\nsubtree %s", t->size[i]), t->size[i], sub);
	/* What the search did in there, since it cannot be seen. */
	if (t->skip_of[i] >= 0)
		snprintf(label + strlen(label), sizeof label - strlen(label),
		    "\n%s", _("skipped by the search"));
	else if (gt_cut_visits(t, i) > 0)
		snprintf(label + strlen(label), sizeof label - strlen(label),
		    "\n%s", _("the search went in"));
	gt_set(t, an, t->n_label, label);
	snprintf(label, sizeof label, P_("%d VMA cut off: %lx-%lx",
	    "%d VMAs cut off: %lx-%lx", t->size[i]), t->size[i],
	    t->s->n[lo].start, t->s->n[hi].end);
	gt_set(t, an, N_TOOLTIP(t), label);
	gt_set(t, an, t->n_style, t->faded[i] ? "dashed,rounded,filled" :
	    "dashed,rounded");
	gt_set(t, an, t->n_fill, "#eeeeee");
	gt_set(t, an, t->n_fontcolor, "#333333");
	gt_set(t, an, N_COLOR(t), gt_cut_visits(t, i) > 0 ? C_VISIT :
	    "#666666");
	gt_set(t, an, t->n_fontsize, "12");
	return an;
}

/* An invisible placeholder, or a NIL leaf, for a missing child. */
static Agnode_t *
gt_missing(struct gt *t, int parent, const char *side)
{
	char name[40];
	Agnode_t *an;

	snprintf(name, sizeof name, "%s%lx%s", t->o->nil ? "nil" : "ph",
	    t->s->n[parent].start, side);
	if ((an = agnode(t->g, name, 1)) == NULL) {
		t->nomem = 1;
		return NULL;
	}
	if (t->o->nil) {
		gt_set(t, an, t->n_label, "NIL");
		gt_set(t, an, t->n_style, "filled");
		gt_set(t, an, t->n_fontsize, "10");
		gt_set(t, an, N_WIDTH(t), "0.4");
		gt_set(t, an, N_HEIGHT(t), "0.25");
		gt_set(t, an, t->n_margin, "0.02,0.02");
	} else {
		gt_set(t, an, t->n_style, "invis");
		gt_set(t, an, t->n_label, "");
		gt_set(t, an, N_WIDTH(t), "0.5");
	}
	return an;
}

/*
 * Why the search skipped the subtree under a node: a row of its label
 * (an edge label would cross the search's path, and pack drops them).
 */
static void
gt_skip_row(struct gt *t, struct gbuf *b, const struct search_skip *k,
    int cols)
{
	gbuf_printf(b, "<TR><TD COLSPAN=\"%d\" BGCOLOR=\"white\"><FONT "
	    "COLOR=\"" C_REASON "\"><B>", cols);
	switch (k->why) {
	case SEARCH_SKIP_GAP:
		gbuf_printf(b, "%s", _("skipped: &lt; length"));
		break;
	case SEARCH_SKIP_LOW:
		gbuf_printf(b, "%s", _("skipped: below low_limit"));
		break;
	case SEARCH_SKIP_HIGH:
		gbuf_printf(b, "%s", _("skipped: above high_limit"));
		break;
	}
	gbuf_printf(b, "</B></FONT></TD></TR>");
}

/* The same, as an edge attribute for scripts: "reason". */
static void
gt_skip_reason(struct gt *t, Agedge_t *e, const struct search_skip *k)
{
	char buf[200];

	switch (k->why) {
	case SEARCH_SKIP_GAP:
		snprintf(buf, sizeof buf, "rb_subtree_gap 0x%lx < length 0x%lx",
		    k->value, k->limit);
		break;
	case SEARCH_SKIP_LOW:
		snprintf(buf, sizeof buf, "gap_end 0x%lx < low_limit 0x%lx",
		    k->value, k->limit);
		break;
	case SEARCH_SKIP_HIGH:
		snprintf(buf, sizeof buf, "gap_start 0x%lx > high_limit 0x%lx",
		    k->value, k->limit);
		break;
	}
	agsafeset(e, gt_str("reason"), buf, gt_str(""));
}

/* Did the search walk between a and b (either way), one after the other? */
static int
gt_walked(struct gt *t, int a, int b)
{
	const struct search *sr = t->sr;
	unsigned long sa = t->s->n[a].start, sb = t->s->n[b].start;
	size_t k;

	if (sr == NULL)
		return 0;
	for (k = 1; k < sr->nvisit; k++)
		if ((sr->visit[k - 1] == sa && sr->visit[k] == sb) ||
		    (sr->visit[k - 1] == sb && sr->visit[k] == sa))
			return 1;
	return 0;
}

static void
gt_edge(struct gt *t, Agnode_t *from, Agnode_t *to, int parent, int child,
    const char *side)
{
	Agedge_t *e;

	if (from == NULL || to == NULL)
		return;
	if ((e = agedge(t->g, from, to, NULL, 1)) == NULL) {
		t->nomem = 1;
		return;
	}
	if (strcmp(side, "left") != 0)
		gt_set(t, e, t->e_side, side);
	if (child < 0) {
		if (!t->o->nil)
			gt_set(t, e, t->e_style, "invis");
		return;
	}
	if (t->skip_of[child] >= 0) {
		gt_set(t, e, t->e_style, "dashed");
		gt_set(t, e, E_COLOR(t), C_SKIP_EDGE);
		gt_skip_reason(t, e, &t->sr->skip[t->skip_of[child]]);
	} else if (t->faded[child])
		gt_set(t, e, E_COLOR(t), C_SKIP_EDGE);
	else if (gt_walked(t, parent, child)) {
		gt_set(t, e, E_COLOR(t), C_VISIT);
		gt_set(t, e, E_PEN(t), "5");
	}
}

/* Draws node i (shown) and what hangs below it. */
static Agnode_t *
gt_draw(struct gt *t, int i)
{
	const struct snap_node *n = &t->s->n[i];
	Agnode_t *an, *l, *r;
	int nkids;

	if (t->vis[i] == V_CUT)
		return t->node[i] = gt_cut_node(t, i);
	if ((an = t->node[i] = gt_vma_node(t, i)) == NULL)
		return NULL;
	nkids = (n->left >= 0 && t->vis[n->left] != V_HIDE) +
	    (n->right >= 0 && t->vis[n->right] != V_HIDE);
	/* Left first: ordering=out keeps the order edges are made in. */
	if (n->left >= 0 && t->vis[n->left] != V_HIDE)
		l = gt_draw(t, n->left);
	else
		l = nkids > 0 || t->o->nil ? gt_missing(t, i, "l") : NULL;
	gt_edge(t, an, l, i, n->left >= 0 && t->vis[n->left] != V_HIDE ?
	    n->left : -1, "left");
	if (n->right >= 0 && t->vis[n->right] != V_HIDE)
		r = gt_draw(t, n->right);
	else
		r = nkids > 0 || t->o->nil ? gt_missing(t, i, "r") : NULL;
	gt_edge(t, an, r, i, n->right >= 0 && t->vis[n->right] != V_HIDE ?
	    n->right : -1, "right");
	return an;
}

/* ---- the strip -------------------------------------------------------- */

static void
gt_strip_gap(struct gbuf *b, unsigned long gap, int chosen)
{
	char size[32], line[128];

	if (gap == 0 && !chosen)
		return;
	gt_size(size, sizeof size, gap);
	if (chosen)
		snprintf(line, sizeof line, _("chosen gap, %s"), size);
	else
		snprintf(line, sizeof line, _("gap %s"), size);
	if (chosen)
		gbuf_printf(b, "<TR><TD COLSPAN=\"3\" BGCOLOR=\"" C_CHOSEN_BG
		    "\" ALIGN=\"LEFT\"><B>%s</B></TD></TR>", line);
	else
		gbuf_printf(b, "<TR><TD COLSPAN=\"3\" ALIGN=\"LEFT\"><FONT "
		    "COLOR=\"#777777\"><I>%s</I></FONT></TD></TR>", line);
}

static void
gt_strip_row(struct gt *t, struct gbuf *b, int i)
{
	const struct snap_node *n = &t->s->n[i];
	const char *name = graphs_short_name(n->name);
	char perms[5], size[32];
	struct gbuf v = { 0 };

	graphs_perms(n->flags, perms);
	fmt_size(size, sizeof size, n->end - n->start);
	gbuf_printf(b, "<TR><TD BGCOLOR=\"%s\" WIDTH=\"10\"> </TD>",
	    t->faded[i] ? (n->color == 0 ? C_RED_FADED : C_BLACK_FADED) :
	    (n->color == 0 ? C_RED : C_BLACK));
	if (gt_visits(t, i, &v, ", ") > 0)
		gbuf_printf(b, "<TD BGCOLOR=\"" C_BADGE "\">%s</TD>", v.s);
	else
		gbuf_printf(b, "<TD></TD>");
	free(v.s);
	gbuf_printf(b, "<TD ALIGN=\"LEFT\"><B>%lx</B> %s ", n->start, perms);
	if (name != NULL) {
		gbuf_html(b, name);
		gbuf_printf(b, " ");
	}
	gbuf_printf(b, "%s</TD></TR>", size);
}

static void
gt_strip(struct gt *t)
{
	const struct snap *s = t->s;
	const struct search *sr = t->sr;
	struct gbuf b = { 0 };
	Agnode_t *an;
	size_t i;
	int skipped = 0, chosen, top_chosen;
	char free_above[160];

	gbuf_printf(&b, "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\""
	    " CELLPADDING=\"2\" COLOR=\"#888888\"><TR><TD COLSPAN=\"3\"><B>"
	    "%s</B></TD></TR>", _("the address space, low to high"));
	for (i = 0; i < s->count; i++) {
		if (t->vis[i] != V_SHOW) {
			skipped++;
			continue;
		}
		if (skipped > 0)
			gbuf_printf(&b, P_("<TR><TD COLSPAN=\"3\">... %d "
			    "more VMA ...</TD></TR>", "<TR><TD COLSPAN=\"3\">"
			    "... %d more VMAs ...</TD></TR>", skipped),
			    skipped);
		skipped = 0;
		chosen = (int)i == t->chosen;
		gt_strip_gap(&b, s->n[i].gap, chosen);
		gt_strip_row(t, &b, (int)i);
	}
	if (skipped > 0)
		gbuf_printf(&b, P_("<TR><TD COLSPAN=\"3\">... %d more VMA "
		    "...</TD></TR>", "<TR><TD COLSPAN=\"3\">... %d more VMAs "
		    "...</TD></TR>", skipped), skipped);
	top_chosen = sr != NULL && sr->state == SEARCH_FOUND && sr->highest;
	snprintf(free_above, sizeof free_above, top_chosen ?
	    _("chosen: free above 0x%lx") : _("free above 0x%lx"),
	    s->highest_vm_end);
	gbuf_printf(&b, "<TR><TD COLSPAN=\"3\" ALIGN=\"LEFT\"%s>%s"
	    "%s%s</TD></TR>"
	    "</TABLE>", top_chosen ? " BGCOLOR=\"" C_CHOSEN_BG "\"" : "",
	    top_chosen ? "<B>" : "<I>", free_above,
	    top_chosen ? "</B>" : "</I>");
	if (b.nomem || (an = agnode(t->g, gt_str("strip"), 1)) == NULL) {
		t->nomem = 1;
		free(b.s);
		return;
	}
	gt_set_html(t, an, t->n_label, b.s);
	gt_set(t, an, t->n_shape, "plain");
	gt_set(t, an, t->n_style, "");
	gt_set(t, an, t->n_fontcolor, "black");
	gt_set(t, an, t->n_fontsize, "13");
	agsafeset(an, gt_str("sortv"), gt_str("2"), gt_str(""));
	free(b.s);
}

/* ---- the caption and the legend -------------------------------------- */

/* A row of the legend: a sample cell, then what it means. */
static void
gt_key_row(struct gbuf *b, const char *sample, const char *text)
{
	gbuf_printf(b, "<TR>%s<TD ALIGN=\"LEFT\">%s</TD></TR>", sample, text);
}

/*
 * The legend: what the colours, the boxes and the numbers mean, for a
 * student who reads the figure without the teacher. The search's marks
 * only with a search; NIL when NIL leaves are drawn or could be asked
 * for; the cut box only when the tree is cut.
 */
static void
gt_legend(struct gt *t, struct gbuf *b)
{
	const struct search *sr = t->sr;
	const char *node = "<TD BGCOLOR=\"%s\" COLOR=\"%s\" BORDER=\"%d\" "
	    "STYLE=\"rounded\" WIDTH=\"34\" HEIGHT=\"18\"><FONT COLOR=\"%s\">"
	    "%s</FONT></TD>";
	char cell[400], why[300];
	size_t k;
	int cut = 0;

	for (k = 0; k < t->s->count; k++)
		cut |= t->vis[k] == V_CUT;
	gbuf_printf(b, "<TABLE BORDER=\"1\" COLOR=\"#888888\" CELLBORDER=\"0\" "
	    "CELLSPACING=\"3\" CELLPADDING=\"2\"><TR><TD COLSPAN=\"2\" "
	    "ALIGN=\"LEFT\"><B>%s</B></TD></TR>", _("Key"));
	snprintf(cell, sizeof cell, node, C_RED, C_RED, 0, "white", "&#160;");
	gt_key_row(b, cell, _("a red node of the red-black tree"));
	snprintf(cell, sizeof cell, node, C_BLACK, C_BLACK, 0, "white", "&#160;");
	gt_key_row(b, cell, _("a black node (the root is black)"));
	snprintf(cell, sizeof cell, node, C_BLACK, C_BLACK, 0, "white",
	    "<FONT POINT-SIZE=\"9\">NIL</FONT>");
	gt_key_row(b, cell, t->o->nil ? _("NIL: an empty leaf, black") :
	    _("NIL leaves (empty, black) are not drawn"));
	gt_key_row(b, "<TD><FONT FACE=\"" MONO "\">gap</FONT></TD>",
	    _("free space just below the VMA"));
	gt_key_row(b, "<TD><FONT FACE=\"" MONO "\">subtree</FONT></TD>",
	    _("rb_subtree_gap: the largest gap in its subtree"));
	if (cut) {
		snprintf(cell, sizeof cell, "<TD BORDER=\"1\" STYLE=\"dashed\" "
		    "COLOR=\"#666666\"><FONT POINT-SIZE=\"10\">n VMAs</FONT>"
		    "</TD>");
		gt_key_row(b, cell, _("a subtree not drawn (--depth, --around)"));
	}
	if (sr == NULL)
		goto done;
	snprintf(cell, sizeof cell, node, C_BADGE, C_VISIT, 3, "black",
	    "<B>1</B>");
	gt_key_row(b, cell, _("visited by the search, in this order"));
	snprintf(cell, sizeof cell, node, C_BLACK_FADED, C_TEXT_FADED, 1,
	    C_TEXT_FADED, "&#160;");
	snprintf(why, sizeof why, _("in a subtree the search skipped (why: "
	    "in <FONT COLOR=\"%s\">purple</FONT>)"), C_REASON);
	gt_key_row(b, cell, why);
	snprintf(cell, sizeof cell, node, C_CHOSEN_BG, C_CHOSEN, 3, "black",
	    "&#160;");
	gt_key_row(b, cell, _("the chosen gap is just below this VMA"));
	if (sr->state == SEARCH_RUNNING) {
		snprintf(cell, sizeof cell, node, C_BLACK, C_HERE, 3,
		    "white", "&#160;");
		gt_key_row(b, cell, _("where the search is now"));
	}
done:
	gbuf_printf(b, "</TABLE>");
}

/*
 * The caption's lines, as text in one cell, each ended by a left-aligned
 * break: rows of a table would be stretched to the legend's height.
 */
static void
gt_caption_text(struct gt *t, struct gbuf *b)
{
	const struct search *sr = t->sr;
	const char *p, *nl;
	char len[32];

	if (t->o->title != NULL) {
		gbuf_printf(b, "<FONT POINT-SIZE=\"20\"><B>");
		gbuf_html(b, t->o->title);
		gbuf_printf(b, "</B></FONT><BR ALIGN=\"LEFT\"/>");
	}
	for (p = t->o->caption; p != NULL && *p != '\0'; p = nl) {
		nl = strchr(p, '\n');
		if (nl == NULL) {
			gbuf_html(b, p);
			nl = p + strlen(p);
		} else {
			char *line = strndup(p, (size_t)(nl - p));

			if (line == NULL)
				b->nomem = 1;
			else
				gbuf_html(b, line);
			free(line);
			nl++;
		}
		gbuf_printf(b, "<BR ALIGN=\"LEFT\"/>");
	}
	if (sr != NULL) {
		gt_size(len, sizeof len, sr->length);
		gbuf_printf(b, _("<B>%s</B>: length %s"),
		    sr->topdown ? "unmapped_area_topdown" : "unmapped_area",
		    len);
		if (sr->returned && !IS_ERR_VALUE(sr->result))
			gbuf_printf(b, _(", returns <FONT FACE=\"%s\">"
			    "0x%lx</FONT>"), MONO, sr->result);
		else if (sr->returned)
			gbuf_printf(b, "%s", _(", returns -ENOMEM"));
		gbuf_printf(b, "<BR ALIGN=\"LEFT\"/>low_limit <FONT FACE=\""
		    MONO "\">0x%lx</FONT>, high_limit <FONT FACE=\"" MONO
		    "\">0x%lx</FONT><BR ALIGN=\"LEFT\"/>", sr->low_limit,
		    sr->high_limit);
		/* The key box says it all, and better. */
		if (!t->o->no_legend && !t->o->legend) {
			gbuf_printf(b, _("<FONT COLOR=\"%s\"><B>orange"
			    "</B></FONT>: visited, in order; grey: skipped; "
			    "<FONT COLOR=\"%s\"><B>green</B></FONT>: "
			    "the chosen gap"), C_VISIT, C_CHOSEN);
			if (sr->state == SEARCH_FOUND && sr->highest)
				gbuf_printf(b, "%s", _(", above the last VMA"));
			else if (sr->state == SEARCH_FAILED)
				gbuf_printf(b, "%s", _("; none fits"));
			else if (sr->state == SEARCH_RUNNING)
				gbuf_printf(b, _("; <FONT COLOR=\"%s\"><B>"
				    "blue</B></FONT>: the search is here"),
				    C_HERE);
			gbuf_printf(b, "<BR ALIGN=\"LEFT\"/>");
		}
	}
}

/*
 * The graph's label, above the tree: the title and the caption, and the
 * legend to their right (where a wide tree leaves room).
 */
static void
gt_caption(struct gt *t)
{
	struct gbuf b = { 0 };

	if (t->o->title == NULL && t->o->caption == NULL && t->sr == NULL &&
	    !t->o->legend)
		return;
	gbuf_printf(&b, "<TABLE BORDER=\"0\" CELLSPACING=\"0\" "
	    "CELLPADDING=\"0\"><TR><TD ALIGN=\"LEFT\" VALIGN=\"TOP\">");
	gt_caption_text(t, &b);
	gbuf_printf(&b, "</TD>");
	if (t->o->legend) {
		gbuf_printf(&b, "<TD WIDTH=\"24\"></TD><TD ALIGN=\"LEFT\" "
		    "VALIGN=\"TOP\">");
		gt_legend(t, &b);
		gbuf_printf(&b, "</TD>");
	}
	gbuf_printf(&b, "</TR></TABLE>");
	if (b.nomem)
		t->nomem = 1;
	else {
		char *h = agstrdup_html(t->g, b.s);

		agsafeset(t->g, gt_str("label"), h, gt_str(""));
		agstrfree(t->g, h);
	}
	free(b.s);
}

/* ---- building --------------------------------------------------------- */

static void
gt_free(struct gt *t)
{
	free(t->vis);
	free(t->faded);
	free(t->size);
	free(t->skip_of);
	free(t->node);
	free(t->b.s);
}

Agraph_t *
graphs_tree_build(const struct snap *s, const struct search *sr,
    const struct graphs_opts *o, char *err, size_t errlen)
{
	struct gt t;
	size_t n = s->count + 1, i;
	Agnode_t *root;

	memset(&t, 0, sizeof t);
	t.s = s;
	t.sr = sr;
	t.o = o;
	t.vis = calloc(n, 1);
	t.faded = calloc(n, 1);
	t.size = calloc(n, sizeof *t.size);
	t.skip_of = malloc(n * sizeof *t.skip_of);
	t.node = calloc(n, sizeof *t.node);
	if (t.vis == NULL || t.faded == NULL || t.size == NULL ||
	    t.skip_of == NULL || t.node == NULL)
		goto nomem;
	for (i = 0; i < n; i++)
		t.skip_of[i] = -1;
	if ((t.g = agopen(gt_str("vmas"), Agdirected, NULL)) == NULL)
		goto nomem;
	gt_graph_attrs(&t);
	if (s->root >= 0) {
		gt_sizes(&t, s->root);
		gt_cut(&t);
		gt_overlay(&t);
		/* The root of the drawing: the tree's, always shown. */
		root = gt_draw(&t, s->root);
		if (root != NULL && o->strip)
			agsafeset(root, gt_str("sortv"), gt_str("1"),
			    gt_str(""));
	} else {
		Agnode_t *e = agnode(t.g, gt_str("empty"), 1);

		if (e != NULL) {
			gt_set(&t, e, t.n_label, _("empty tree: no VMAs"));
			gt_set(&t, e, t.n_fill, "white");
			gt_set(&t, e, t.n_fontcolor, "black");
		}
		gt_overlay(&t);
	}
	if (o->strip)
		gt_strip(&t);
	gt_caption(&t);
	if (t.nomem)
		goto nomem;
	gt_free(&t);
	return t.g;
nomem:
	if (t.g != NULL)
		agclose(t.g);
	gt_free(&t);
	snprintf(err, errlen, "%s", _("out of memory building the graph"));
	return NULL;
}
