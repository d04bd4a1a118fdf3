/*
 * graphs.h - Graphviz figures of the VMA tree: libcgraph builds the graph
 * from a snapshot (engine/run/snap.h), libgvc lays it out with dot and renders
 * it. The one part of vmalab that includes Graphviz headers, with
 * cmd-dot.c and its tests.
 *
 *   graphs_tree_build   snapshot (+ a search overlay) -> Agraph_t
 *   graphs_render       Agraph_t -> a file, in dot (agwrite: no layout,
 *                       no plugin needed), svg, png or pdf (gvLayout with
 *                       dot, then gvRender), written as FILE.tmp and
 *                       renamed into place
 *
 * What a figure shows (see graphs/tree.c for the drawing):
 *   - one node per VMA: its range in hex, its name (or its permissions),
 *     its size, its own gap and its rb_subtree_gap; filled red or black;
 *   - a true binary tree: ordering=out, and an invisible placeholder where
 *     a node has only one child, so that a left child is drawn on the
 *     left; NIL leaves, drawn, on request;
 *   - with a search overlay: the visited nodes numbered in visit order,
 *     the subtrees the search skipped faded, with the reason on the edge,
 *     the chosen gap and the node above it highlighted, the search's
 *     length, low_limit and high_limit in the caption;
 *   - on request, the address space as a strip beside the tree;
 *   - for big trees, a cut: the top levels only (depth), or the path to
 *     one address and the subtree below it (around); a cut-off subtree is
 *     one dashed box that says how many VMAs it holds.
 *
 * The DOT carries machine-readable attributes for tests and scripts:
 * every VMA node has vm_start, vm_end, gap, subtree_gap (hex) and rbcolor
 * (red or black); edges have side (left or right).
 */
#ifndef VMALAB_GRAPHS_H
#define VMALAB_GRAPHS_H

#include <stddef.h>

#include <cgraph.h>

#include "run/search.h"
#include "run/snap.h"

struct graphs_opts {
	int		 nil;		/* draw the NIL leaves */
	int		 strip;		/* the address space beside the tree */
	int		 depth;		/* levels shown; 0: all */
	int		 has_around;
	unsigned long	 around;	/* path to find_vma(around) and below */
	const char	*title;		/* first line of the caption, or NULL */
	const char	*caption;	/* more lines ('\n'), or NULL */
	int		 no_legend;	/* no colour legend under a search */
	int		 legend;	/* the key box beside the caption */
};

/*
 * graphs_tree_build: the figure of `s`, with the overlay of `search`
 * when it is not NULL. Returns a new graph (agclose it), or NULL with a
 * message in err (out of memory).
 */
Agraph_t	*graphs_tree_build(const struct snap *s,
		    const struct search *search, const struct graphs_opts *o,
		    char *err, size_t errlen);


/* The name shown for a VMA: a path's last component, or "[heap]". */
const char	*graphs_short_name(const char *name);

/* ---- render.c --------------------------------------------------------- */

/* Is FORMAT one that -T takes? ("dot", "svg", "png", "pdf") */
int		 graphs_render_format_ok(const char *format);

/*
 * graphs_render: writes `g` in `format` to `path` (NULL: stdout). A file
 * is written as PATH.tmp and renamed, so that a failure leaves no file.
 * For any format but dot the graph is laid out with dot first (and the
 * layout freed again). Returns 0, or -1 with a message in err; when the
 * Graphviz plugins are not configured, the message says what to install
 * or run.
 */
int		 graphs_render(Agraph_t *g, const char *format,
		    const char *path, char *err, size_t errlen);

/*
 * graphs_render_fit: the same, laid out for a page of w_in x h_in inches
 * (a slide: 20 x 11.25 is 1920x1080 pixels in PNG, at Graphviz's 96 dpi):
 * dot spreads the tree to the page's shape (ratio=fill), scales it onto
 * the page, and margins make up the rest, so that the picture is exactly
 * the page. In DOT (no layout here) only size and ratio are set, for the
 * dot program to do the same, near the shape. w_in <= 0: no fitting.
 */
int		 graphs_render_fit(Agraph_t *g, const char *format,
		    const char *path, double w_in, double h_in, char *err,
		    size_t errlen);

/* Frees the Graphviz context (if one was made). Call once at the end. */
void		 graphs_render_end(void);

#endif
