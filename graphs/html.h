/*
 * html.h - vmalab html: a recorded run as one self-contained web page
 * that steps like the stepper, for students without a Linux terminal.
 *
 * The page holds everything: the numbered listings, the run's step table
 * (what the keys move over), what each step shows (call stack, locals,
 * the decision and its explanation), the address space of each step and
 * the tree as SVG from Graphviz (graphs_tree_build and graphs_render, the
 * very figure of `vmalab dot --at N --search`, without its caption and
 * legend: the page says that around it). The page's own script and
 * style sheet (graphs/page/) are compiled in at build time
 * (graphs/html-page.c, made by graphs/page/embed.sh), so the page needs
 * no network and no server.
 *
 * Size: a figure is drawn once for every distinct picture (the same
 * DOT text), and steps that show the same tree share it; so are the
 * stacks, the locals, the decisions and the address spaces. Each figure
 * is stored deflated (zlib) and in base64, a tenth of its size; the
 * page inflates it with the browser's DecompressionStream.
 *
 * The caller (cmd-html.c, which knows the stepper's model) hands in the
 * calls and then every step in order; this module writes the page.
 */
#ifndef VMALAB_GRAPHS_HTML_H
#define VMALAB_GRAPHS_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "run/search.h"
#include "run/snap.h"

struct html_head {
	const char	*title;		/* the page's title: the scenario */
	int		 predict;	/* ask "taken?" at each decision */
	uint64_t	 nsteps;
	size_t		 nops;
};

/* One system call of the scenario as the scenario pane shows it. */
struct html_op {
	const char	*text;		/* "mmap(NULL, 200000, ...)" */
	const char	*result;	/* "0x7ffff7da1000", "-ENOMEM"; NULL:
					   skipped */
	const char	*expect;	/* the scenario's "= ...", or NULL */
	int		 bad;		/* result differs from expect */
	uint64_t	 first;		/* its first step, from 0 */
	uint64_t	 nsteps;
};

struct html_local {
	const char	*name;
	const char	*value;		/* as the stepper prints it */
	int		 changed;	/* by the step just before */
	int		 arg;		/* an argument of the call */
};

/* The decision a step shows (the DECIDE event of its line). */
struct html_decision {
	const char	*id;		/* NULL: an event with no registry entry */
	const char	*cond;		/* the condition as written */
	const char	*vals;		/* "brk=0  min_brk=0x555555559000" */
	const char	*explain;	/* one line of plain English */
	const char	*kernel;	/* the kernel lines it mirrors */
	int		 outcome;	/* taken */
	int		 own;		/* explain is this outcome's own text */
};

/* Step N (from 0): everything the page shows of it. */
struct html_step {
	int		 depth;
	int		 flags;		/* REPLAY_STEP_* (replay.h) */
	unsigned	 fn;		/* replay_listing_index, 0: none */
	int		 line;
	size_t		 op;
	const char	*where;		/* "sys_brk:15", or the call's text */
	const char *const *frames;	/* "sys_brk(brk=0)", outermost first */
	int		 nframes;
	const struct html_local *locals;	/* of the innermost frame */
	int		 nlocals;
	const struct html_decision *dec;	/* NULL: none */
	/* The tree: the snapshot, the search as far as it got with the
	 * decision's outcome (post) and without it (pre, for --predict;
	 * NULL when the same). Both NULL: no search on the stack. */
	const struct snap *snap;
	const struct search *post, *pre;
	int		 has_visited;	/* the node the search is at */
	unsigned long	 visited;	/* its vm_start */
	int		 has_cand;	/* the gap the search looks at */
	unsigned long	 cand_lo, cand_hi;
	unsigned long	 length;	/* the search's length (0: none) */
};

struct html_page;

/*
 * html_page_new: an empty page. Returns it, or NULL with a message in
 * err (out of memory).
 */
struct html_page *html_page_new(const struct html_head *, char *err,
		    size_t errlen);
/* Adds the next call, the next step. Return 0, or -1 with a message in
 * err (out of memory; Graphviz could not draw the tree). */
int		 html_page_op(struct html_page *, const struct html_op *,
		    char *err, size_t errlen);
int		 html_page_step(struct html_page *, const struct html_step *,
		    char *err, size_t errlen);
/*
 * html_page_write: writes the page to `path` through PATH.tmp, renamed
 * into place, so that a failure leaves no file (NULL: standard output).
 * Returns 0, or -1 with a message in err.
 */
int		 html_page_write(struct html_page *, const char *path,
		    char *err, size_t errlen);
/* How many figures were drawn (distinct pictures), and their bytes. */
size_t		 html_page_nfigs(const struct html_page *, size_t *bytes);
void		 html_page_free(struct html_page *);

/* The page's script, style sheet and body, one line a string, NULL
 * ended (graphs/html-page.c, generated from graphs/page/). */
extern const char *const html_page_js[];
extern const char *const html_page_css[];
extern const char *const html_page_body[];

/* The page's fixed texts, in English, NULL ended, and its language ("en",
 * translated): graphs/html-text.c. */
extern const char *const html_texts[];
extern const char *const html_text_lang;
/* A body line, its <noscript> text translated into buf (html-text.c). */
const char	*html_text_line(const char *, char *, size_t);

#endif
