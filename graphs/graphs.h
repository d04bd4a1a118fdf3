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
 *                       renamed into place; graphs_render_fit: laid out
 *                       for a slide of a given size
 *   graphs_*_caption    (caption.c) the captions' words: the call, the
 *                       moment, the event a frame shows
 *   graphs_frames_*     (frames.c) DIR/frame-NNNN.F and DIR/frames.txt
 *
 * What a figure shows (see graphs/tree.c for the drawing):
 *   - one node per VMA: its range in hex, its name (or its permissions),
 *     its size, its own gap and its rb_subtree_gap, the sizes as people
 *     read them (trace/units.h: "56 KiB", "42.7 TiB"); red or black;
 *   - a true binary tree: ordering=out, and an invisible placeholder where
 *     a node has only one child, so that a left child is drawn on the
 *     left; NIL leaves, drawn, on request;
 *   - with a search overlay: the visited nodes numbered in visit order,
 *     the subtrees the search skipped faded, with the reason on the edge,
 *     the chosen gap and the node above it highlighted, the search's
 *     length, low_limit and high_limit in the caption;
 *   - on request, the address space as a strip beside the tree;
 *   - on request, a key (the legend) beside the caption;
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
#include <stdint.h>
#include <stdio.h>

#include <cgraph.h>

#include "input/scenario.h"
#include "run/search.h"
#include "run/snap.h"
#include "run/survey.h"
#include "trace/trace.h"

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

/* ---- caption.c: the captions, in words ------------------------------- */

/* Caption lines wrap at this many columns. */
#define GRAPHS_WRAP	84

/* The run a caption tells of: its calls, their results, its events. */
struct graphs_story {
	const struct scenario *sc;
	const struct survey *sv;	/* step numbers, calls of events */
	const unsigned long *results;	/* [op], from the survey */
};

/* "call 4 of 7: mmap(NULL, ...) = 0x7ffff7da1000" */
void	graphs_op_line(const struct graphs_story *, size_t op, char *buf,
	    size_t len);
/* One event in words, for a frame ("tree rotation: 7f.. goes up ..."). */
void	graphs_event_line(const struct trace_event *, char *buf, size_t len);
/* Appends `line` to buf on a line of its own, wrapped at `width`. */
void	graphs_wrap(char *buf, size_t len, const char *line, size_t width);
/*
 * The caption of a single figure at event `step` (survey.h's numbers: 0
 * the start, past nev the end): the moment, the call, the search.
 */
void	graphs_figure_caption(const struct graphs_story *, uint64_t step,
	    const struct search *, char *buf, size_t len);
/*
 * The caption of a frame of call `op` at event `step`, showing `ev`
 * (NULL: the frame after the call); brief: without the call's line.
 */
void	graphs_frame_caption(const struct graphs_story *, size_t op,
	    uint64_t step, const struct trace_event *ev, int brief,
	    char *buf, size_t len);

/* ---- frames.c: a figure in frames, and its index ---------------------- */

struct graphs_frames {
	const char	*dir;
	FILE		*index;		/* DIR/frames.txt.tmp */
	char		*tmp;
};

/* Makes DIR (if need be) and opens the index. 0, or -1 and err. */
int	graphs_frames_open(struct graphs_frames *, const char *dir,
	    char *err, size_t errlen);
/* "DIR/frame-0007.svg" */
void	graphs_frames_path(const struct graphs_frames *, int frame,
	    const char *format, char *buf, size_t len);
/* The index's line of a frame drawn. */
void	graphs_frames_add(struct graphs_frames *, int frame,
	    const char *format, unsigned long step, const char *caption);
/*
 * Closes the index: renamed into place when ok, else removed. 0, or -1
 * with a message in err (none when !ok: the failure was reported).
 */
int	graphs_frames_close(struct graphs_frames *, int ok, char *err,
	    size_t errlen);

#endif
