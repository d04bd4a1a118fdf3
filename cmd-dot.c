/*
 * cmd-dot.c - vmalab dot: the VMA tree at one moment of a scenario, as a
 * Graphviz figure (DOT, SVG, PNG or PDF), for slides and handouts.
 *
 *   vmalab dot [run options] [--at STEP | --after-syscall K] [--search]
 *              [--frames DIR] [--strip] [--nil] [--depth N]
 *              [--around ADDR] [--title TEXT] [--legend] [--fit SHAPE]
 *              [-T FORMAT] [-o FILE] [SCENARIO|-]
 *   vmalab dot --steps [run options] [SCENARIO]    the steps, numbered
 *   vmalab dot --bench                             export 65,530 VMAs
 *
 * The moment. --at N shows the tree at step N as the stepper counts steps
 * (vmalab step's "step N of M"; engine/run/replay.h, replay_is_step): the
 * start of a system call, a line of an instrumented function, a decision
 * of a logged one, numbered from 1 over the whole run. The tree is drawn
 * as it is when that step's event is reported, so `vmalab dot --at N`
 * and the stepper at step N show the same tree. Tree edits (insert,
 * erase, rotation, gap update) are events inside a step, not steps: the
 * frames (below) show them one by one. --at 0 is the start state.
 * --after-syscall K shows the tree after the first K calls of the
 * scenario (counted as `vmalab run` prints them, skipped ones included).
 * With neither: the end of the run. `vmalab dot --steps` lists the
 * events with their step numbers.
 *
 * --search overlays one unmapped_area / unmapped_area_topdown call: the
 * one in progress at the moment (as far as it has got), or else the first
 * one after it, drawn on the tree as that search saw it; with no moment,
 * the last search of the run.
 *
 * --frames DIR writes one figure per step of one system call, in order
 * (DIR/frame-0001.svg ...), and DIR/frames.txt with the step and caption
 * of each: the call after the moment (with --at, from the moment to the
 * end of the call in progress), or the last call of the scenario. A frame
 * is drawn for each step that changes the picture: each tree edit and,
 * with --search, each step of the search; the first frame is the tree
 * before, the last the tree after.
 *
 * --fit lays the figure out for a page (graphs_render_fit): a shape is
 * FIT_WIDTH inches wide, so that 16:9 is 1920x1080 pixels in PNG. The
 * words of the captions and the frames' files are graphs/caption.c's and
 * graphs/frames.c's; this file chooses the moments and drives the plays.
 *
 * Everything is computed in two plays of the same parsed scenario, by the
 * engine (engine/run/survey.h): the survey counts the events (which call
 * and which step each belongs to, where the searches are) with the code
 * that counts the stepper's steps, then survey_capture takes the
 * snapshots at the moments chosen here. A moment is an event number
 * (seq + 1); steps are converted at the edges.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "graphs/graphs.h"
#include "run/search.h"
#include "trace/i18n.h"
#include "run/snap.h"
#include "run/survey.h"
#include "vmalab.h"

static int	cmd_dot_exec(const struct cmd_entry *, int, char **);

enum {
	DOPT_AT = 1, DOPT_AFTER, DOPT_SEARCH, DOPT_FRAMES, DOPT_STRIP,
	DOPT_NIL, DOPT_DEPTH, DOPT_AROUND, DOPT_TITLE, DOPT_FORMAT,
	DOPT_OUTPUT, DOPT_STEPS, DOPT_BENCH, DOPT_BRIEF, DOPT_LEGEND,
	DOPT_FIT,
};

static const struct vmalab_opt cmd_dot_opts[] = {
	{ "at", DOPT_AT, "STEP", NULL, NULL },
	{ "after-syscall", DOPT_AFTER, "K", NULL, NULL },
	{ "search", DOPT_SEARCH, NULL, NULL, NULL },
	{ "frames", DOPT_FRAMES, "DIR", NULL, NULL },
	{ "strip", DOPT_STRIP, NULL, NULL, NULL },
	{ "nil", DOPT_NIL, NULL, NULL, NULL },
	{ "depth", DOPT_DEPTH, "N", NULL, NULL },
	{ "around", DOPT_AROUND, "ADDR", NULL, NULL },
	{ "title", DOPT_TITLE, "TEXT", NULL, NULL },
	{ "format", DOPT_FORMAT, "F", NULL, NULL },
	{ "output", DOPT_OUTPUT, "FILE", NULL, NULL },
	{ "steps", DOPT_STEPS, NULL, NULL, NULL },
	{ "bench", DOPT_BENCH, NULL, NULL, NULL },
	{ "brief", DOPT_BRIEF, NULL, NULL, NULL },
	{ "legend", DOPT_LEGEND, NULL, NULL, NULL },
	{ "fit", DOPT_FIT, "SHAPE", NULL, NULL },
	{ .include = cmd_run_start_opts },	/* last: cmd_dot_split stops here */
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_dot_entry = {
	.name = "dot",
	.usage = "[run options] [--at STEP | --after-syscall K] [--search]\n"
	    "                  [--frames DIR] [--strip] [--nil] [--depth N] "
	    "[--around ADDR]\n"
	    "                  [--title TEXT] [--brief] [--legend] "
	    "[--fit 16:9|WxH]\n"
	    "                  [-T dot|svg|png|pdf] [-o FILE] "
	    "[SCENARIO|-]",
	.summary = N_("draw the VMA tree with Graphviz (DOT, SVG, PNG, PDF)"),
	.help = N_(
	    "The moment (default: the end of the run):\n"
	    "  --at STEP          at step STEP, as vmalab step counts them "
	    "(0: the start\n"
	    "                     state; --steps lists them)\n"
	    "  --after-syscall K  after the first K calls of the scenario\n"
	    "  --steps            list the trace with step numbers, and exit\n"
	    "What to draw:\n"
	    "  --search           overlay the unmapped_area search in "
	    "progress at the\n"
	    "                     moment, else the next one (no moment: the "
	    "last one)\n"
	    "  --strip            the address space, in order, beside the "
	    "tree\n"
	    "  --nil              draw the NIL leaves\n"
	    "  --depth N          only N levels (with --around: N levels "
	    "below ADDR's VMA)\n"
	    "  --around ADDR      the path from the root to the VMA of ADDR, "
	    "and below it\n"
	    "  --title TEXT       a title above the figure\n"
	    "  --brief            a short caption: no scenario, call or colour "
	    "legend\n"
	    "                     (for slides, whose text says it)\n"
	    "  --legend           a key beside the caption: red and black, "
	    "NIL, gap and\n"
	    "                     subtree, and the search's marks\n"
	    "  --fit SHAPE        lay the tree out for a slide: 16:9, 4:3 ... "
	    "(20 inches\n"
	    "                     wide: 1920 pixels in PNG) or WxH in inches "
	    "(13.33x7.5)\n"
	    "Output:\n"
	    "  -T, --format F     dot (no layout needed), svg, png or pdf; "
	    "default: from\n"
	    "                     -o's extension, else dot (svg for --frames)\n"
	    "  -o, --output FILE  write FILE (through FILE.tmp); default: "
	    "stdout\n"
	    "  --frames DIR       one figure per step of one system call: "
	    "DIR/frame-0001.svg\n"
	    "                     ..., and DIR/frames.txt\n"
	    "  --bench            time the DOT export of a tree of 65,530 "
	    "VMAs\n"
	    "The start-state options of vmalab run apply: --maps, --stat, "
	    "--brk, --layout,\n--mmap-base, --arch, --aslr.\n"),
	.opts = cmd_dot_opts,
	.exec = cmd_dot_exec,
};

#define BENCH_VMAS	65530

struct dot_args {
	struct cmd_run_args run;
	int		 has_at, has_after;
	unsigned long long at, after;
	int		 search, steps, bench, brief;
	const char	*frames;
	const char	*format;
	const char	*out;
	const char	*title;
	double		 fit_w, fit_h;	/* --fit, in inches; 0: none */
	struct graphs_opts g;
};

/* ---- options ---------------------------------------------------------- */

static int
cmd_dot_number(const struct cmd_entry *cmd, const char *opt, const char *arg,
    unsigned long long *out)
{
	if (vmalab_parse_ulong(arg, out) != 0)
		return vmalab_usage_error(cmd, "--%s: expected a number, found "
		    "'%s'", opt, arg);
	return 0;
}

/* The width of a --fit given as a shape: 1920 pixels at 96 dpi. */
#define FIT_WIDTH	20.0

/* --fit A:B (a shape, FIT_WIDTH inches wide) or WxH (inches). */
static int
cmd_dot_fit(const struct cmd_entry *cmd, struct dot_args *a, const char *arg)
{
	static const char num[] = "0123456789.";
	size_t n = strspn(arg, num), m;
	char sep = arg[n], first[32];
	double x, y;

	/* Decimal numbers only: strtod would take "0x10" as hex. */
	m = sep != '\0' ? strspn(arg + n + 1, num) : 0;
	if (n == 0 || (sep != ':' && sep != 'x') || m == 0 ||
	    arg[n + 1 + m] != '\0')
		return vmalab_usage_error(cmd, "--fit: expected a shape such as "
		    "16:9, or a size in inches such as 13.33x7.5; found '%s'",
		    arg);
	snprintf(first, sizeof first, "%.*s", (int)n, arg);
	x = strtod(first, NULL);
	y = strtod(arg + n + 1, NULL);
	if (!(x > 0) || !(y > 0))
		return vmalab_usage_error(cmd, "--fit %s: a side of 0; "
		    "expected 1 to 200 inches a side", arg);
	if (sep == ':') {
		a->fit_w = FIT_WIDTH;
		a->fit_h = FIT_WIDTH * y / x;
	} else {
		a->fit_w = x;
		a->fit_h = y;
	}
	if (a->fit_w > 200 || a->fit_h > 200 || a->fit_w < 1 || a->fit_h < 1)
		return vmalab_usage_error(cmd, "--fit %s: %.4gx%.4g inches; "
		    "expected 1 to 200 inches a side", arg, a->fit_w,
		    a->fit_h);
	return 0;
}

static int
cmd_dot_option(const struct cmd_entry *cmd, struct dot_args *a, int id,
    const char *arg)
{
	unsigned long long v;

	switch (id) {
	case DOPT_AT:
		a->has_at = 1;
		return cmd_dot_number(cmd, "at", arg, &a->at);
	case DOPT_AFTER:
		a->has_after = 1;
		return cmd_dot_number(cmd, "after-syscall", arg, &a->after);
	case DOPT_SEARCH:
		a->search = 1;
		break;
	case DOPT_FRAMES:
		a->frames = arg;
		break;
	case DOPT_STRIP:
		a->g.strip = 1;
		break;
	case DOPT_NIL:
		a->g.nil = 1;
		break;
	case DOPT_DEPTH:
		if (cmd_dot_number(cmd, "depth", arg, &v) != 0)
			return EXIT_USAGE;
		if (v < 1 || v > 64)
			return vmalab_usage_error(cmd, "--depth: expected 1 to "
			    "64 levels, found %s", arg);
		a->g.depth = (int)v;
		break;
	case DOPT_AROUND:
		a->g.has_around = 1;
		if (vmalab_parse_addr(arg, &a->g.around) != 0)
			return vmalab_usage_error(cmd, "--around: expected a "
			    "hex address, found '%s'", arg);
		break;
	case DOPT_TITLE:
		a->title = arg;
		break;
	case DOPT_FORMAT:
		if (!graphs_render_format_ok(arg))
			return vmalab_usage_error(cmd, "-T: unknown format "
			    "'%s'; expected dot, svg, png or pdf", arg);
		a->format = arg;
		break;
	case DOPT_OUTPUT:
		a->out = arg;
		break;
	case DOPT_STEPS:
		a->steps = 1;
		break;
	case DOPT_BENCH:
		a->bench = 1;
		break;
	case DOPT_BRIEF:
		a->brief = 1;
		break;
	case DOPT_LEGEND:
		a->g.legend = 1;
		break;
	case DOPT_FIT:
		return cmd_dot_fit(cmd, a, arg);
	}
	return 0;
}

/*
 * Takes dot's own options out of argv (they are handled here) and leaves
 * the rest, in order, for cmd_run_parse: the start-state options, the
 * scenario, --help. Returns 0, or EXIT_USAGE after reporting.
 */
static int
cmd_dot_split(const struct cmd_entry *cmd, int argc, char **argv,
    struct dot_args *a, int *nargc, char **nargv)
{
	const struct vmalab_opt *o;
	const char *s, *eq, *arg;
	int i, id, no_more = 0;
	size_t n;

	nargv[(*nargc = 1) - 1] = argv[0];
	for (i = 1; i < argc; i++) {
		s = argv[i];
		if (no_more || s[0] != '-' || s[1] == '\0') {
			nargv[(*nargc)++] = argv[i];
			continue;
		}
		if (strcmp(s, "--") == 0) {
			no_more = 1;
			nargv[(*nargc)++] = argv[i];
			continue;
		}
		id = 0;
		arg = NULL;
		if (s[1] == 'T' || s[1] == 'o') {
			id = s[1] == 'T' ? DOPT_FORMAT : DOPT_OUTPUT;
			if (s[2] != '\0')
				arg = s + 2;
			else if (i + 1 < argc)
				arg = argv[++i];
			else
				return vmalab_usage_error(cmd, "option %s needs "
				    "an argument", s);
		} else if (s[1] == '-') {
			eq = strchr(s + 2, '=');
			n = eq != NULL ? (size_t)(eq - (s + 2)) : strlen(s + 2);
			for (o = cmd_dot_opts; o->name != NULL; o++)
				if (strlen(o->name) == n &&
				    strncmp(o->name, s + 2, n) == 0)
					break;
			if (o->name == NULL) {
				nargv[(*nargc)++] = argv[i];
				continue;
			}
			id = o->id;
			if (o->arg == NULL && eq != NULL)
				return vmalab_usage_error(cmd, "option --%s "
				    "takes no argument", o->name);
			if (o->arg != NULL) {
				if (eq != NULL)
					arg = eq + 1;
				else if (i + 1 < argc)
					arg = argv[++i];
				else
					return vmalab_usage_error(cmd, "option "
					    "--%s needs an argument", o->name);
			}
		} else {
			nargv[(*nargc)++] = argv[i];
			continue;
		}
		if (cmd_dot_option(cmd, a, id, arg) != 0)
			return EXIT_USAGE;
	}
	nargv[*nargc] = NULL;
	return 0;
}

/* The format: -T, else -o's extension, else dot (svg for frames). */
static const char *
cmd_dot_format(const struct dot_args *a)
{
	static const char *const ext[][2] = {
		{ ".dot", "dot" }, { ".gv", "dot" }, { ".svg", "svg" },
		{ ".png", "png" }, { ".pdf", "pdf" },
	};
	size_t i, n, e;

	if (a->format != NULL)
		return a->format;
	if (a->frames != NULL)
		return "svg";
	if (a->out != NULL) {
		n = strlen(a->out);
		for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
			e = strlen(ext[i][0]);
			if (n > e && strcmp(a->out + n - e, ext[i][0]) == 0)
				return ext[i][1];
		}
	}
	return "dot";
}

static int
cmd_dot_parse(const struct cmd_entry *cmd, int argc, char **argv,
    struct dot_args *a, int *status)
{
	char **nargv;
	int nargc;

	memset(a, 0, sizeof *a);
	if ((nargv = calloc((size_t)argc + 1, sizeof *nargv)) == NULL) {
		vmalab_error("out of memory");
		*status = EXIT_INPUT;
		return -1;
	}
	if ((*status = cmd_dot_split(cmd, argc, argv, a, &nargc, nargv)) != 0) {
		free(nargv);
		return -1;
	}
	if (cmd_run_parse(cmd, nargc, nargv, &a->run, NULL, NULL, status) < 0) {
		free(nargv);
		return -1;
	}
	free(nargv);
	if (a->has_at && a->has_after) {
		*status = vmalab_usage_error(cmd, "--at and --after-syscall "
		    "both choose the moment: give one");
		return -1;
	}
	if (a->frames != NULL && a->out != NULL) {
		*status = vmalab_usage_error(cmd, "--frames writes into its "
		    "directory: -o does not apply");
		return -1;
	}
	return 0;
}

/* ---- captures: the second replay -------------------------------------- */

/*
 * A capture: at step `step` (0: before the run; total+1: after it), take
 * a snapshot and draw it. For frames, `frame` is its number (from 1).
 */
struct dot_capture {
	uint64_t	 step;
	int		 frame;		/* 0: the single figure */
	int		 overlay;	/* draw the live search */
	int		 after;		/* the frame after the call */
};

struct dot_ctx {
	const struct dot_args *a;
	struct cmd_run_input *in;
	struct survey	*sv;
	struct graphs_story story;	/* for the captions */
	const char	*format;
	struct dot_capture *cap;
	uint64_t	*moments;	/* [ncap]: cap[k].step */
	size_t		 ncap;
	size_t		 frame_op;
	struct graphs_frames frames;
	char		 err[512];
	/* caption of the current capture */
	char		 what[600];
};

static int
dot_draw(struct dot_ctx *c, const struct snap *s, const struct search *sr,
    const char *path)
{
	struct graphs_opts o = c->a->g;
	Agraph_t *g;
	int rc;

	o.title = c->a->title;
	o.no_legend = c->a->brief;
	o.caption = c->what[0] != '\0' ? c->what : NULL;
	if ((g = graphs_tree_build(s, sr, &o, c->err, sizeof c->err)) == NULL)
		return -1;
	rc = graphs_render_fit(g, c->format, path, c->a->fit_w, c->a->fit_h,
	    c->err, sizeof c->err);
	agclose(g);
	return rc;
}

/* Draws capture i: the snapshot s at its moment (survey_capture_fn). */
static int
dot_capture_now(void *ctx, size_t i, const struct snap *s,
    const struct trace_event *ev, const struct search *live)
{
	struct dot_ctx *c = ctx;
	const struct dot_capture *k = &c->cap[i];
	const struct search *sr = k->overlay ? live : NULL;
	char path[4096];
	int rc;

	c->what[0] = '\0';
	if (k->frame == 0) {
		if (!c->a->brief)
			graphs_figure_caption(&c->story, k->step, sr, c->what,
			    sizeof c->what);
		return dot_draw(c, s, sr, c->a->out);
	}
	graphs_frame_caption(&c->story, c->frame_op, k->step, k->after ? NULL :
	    ev, c->a->brief, c->what, sizeof c->what);
	graphs_frames_path(&c->frames, k->frame, c->format, path, sizeof path);
	rc = dot_draw(c, s, sr, path);
	if (rc == 0)
		graphs_frames_add(&c->frames, k->frame, c->format,
		    k->step <= c->sv->nev ? (unsigned long)c->sv->stepno[k->step] :
		    (unsigned long)c->sv->nsteps, c->what);
	return rc;
}

/* ---- choosing the captures -------------------------------------------- */

/* The moment (an event number, survey.h), or -1 after reporting a bad one. */
static int
dot_moment(const struct dot_args *a, const struct survey *sv, size_t nops,
    uint64_t *moment)
{
	if (a->has_at) {
		if (survey_at_step(sv, a->at, moment) < 0) {
			vmalab_error("--at %llu: the run has only %llu steps",
			    a->at, (unsigned long long)sv->nsteps);
			return -1;
		}
	} else if (a->has_after) {
		if (a->after > nops) {
			vmalab_error("--after-syscall %llu: the scenario has "
			    "only %zu calls", a->after, nops);
			return -1;
		}
		*moment = survey_after_call(sv, (size_t)a->after, nops);
	} else
		*moment = survey_end(sv);
	return 0;
}

static int
dot_add_capture(struct dot_ctx *c, uint64_t step, int frame, int overlay,
    int after)
{
	struct dot_capture *grown;

	if ((c->ncap & (c->ncap - 1)) == 0 || c->ncap == 0) {
		grown = realloc(c->cap, (c->ncap ? 2 * c->ncap : 1) *
		    sizeof *grown);
		if (grown == NULL)
			return -1;
		c->cap = grown;
	}
	c->cap[c->ncap++] = (struct dot_capture){ step, frame, overlay,
	    after };
	return 0;
}

/* The single figure: at the moment, or at the search it overlays. */
static int
dot_plan_figure(struct dot_ctx *c, uint64_t moment)
{
	const struct survey *sv = c->sv;
	const struct survey_search *f = NULL;

	if (!c->a->search)
		return dot_add_capture(c, moment, 0, 0, 0);
	if (!c->a->has_at && !c->a->has_after) {
		if (sv->nfound > 0)
			f = &sv->found[sv->nfound - 1];
	} else
		f = survey_search_near(sv, moment);
	if (f == NULL) {
		vmalab_error("--search: no unmapped_area call %s",
		    c->a->has_at || c->a->has_after ? _("at or after that moment") :
		    _("in this run"));
		return -1;
	}
	/* In progress at the moment: as far as it got. Else all of it. */
	return dot_add_capture(c, f->call <= moment && moment <= f->ret ?
	    moment : f->ret, 0, 1, 0);
}

/* The frames of one call: before, each change, after. */
static int
dot_plan_frames(struct dot_ctx *c, uint64_t moment)
{
	const struct survey *sv = c->sv;
	size_t nops = c->in->sc.nops, op;
	uint64_t first, last, st;
	int frame = 0;

	if (nops == 0) {
		vmalab_error("--frames: the scenario has no calls");
		return -1;
	}
	if (c->a->has_after) {
		if (c->a->after >= nops) {
			vmalab_error("--frames: no call follows call %llu",
			    c->a->after);
			return -1;
		}
		op = (size_t)c->a->after;
		first = survey_after_call(sv, op, nops);
	} else if (c->a->has_at) {
		if (moment >= sv->nev) {
			vmalab_error("--frames: no call follows step %llu",
			    (unsigned long long)moment);
			return -1;
		}
		first = survey_call_from(sv, moment, &op);
	} else {
		op = nops - 1;
		first = survey_after_call(sv, op, nops);
	}
	c->frame_op = op;
	last = survey_after_call(sv, op + 1, nops);
	if (dot_add_capture(c, first, ++frame, c->a->search, 0) < 0)
		return -1;
	for (st = survey_next_change(sv, first, last, c->a->search); st < last;
	    st = survey_next_change(sv, st, last, c->a->search))
		if (dot_add_capture(c, st, ++frame, c->a->search, 0) < 0)
			return -1;
	return dot_add_capture(c, last, ++frame, 0, 1);
}

/* ---- the bench -------------------------------------------------------- */

static double
dot_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
dot_now(void)
{
	return dot_clock(CLOCK_MONOTONIC);
}

/*
 * A tree of 65,530 one-page VMAs (the default vm.max_map_count), each
 * below a gap of 1 to 7 pages, exported to DOT: snapshot, graph, agwrite.
 */
static int
dot_bench(void)
{
	struct graphs_opts o;
	struct snap s;
	struct mm *mm;
	const char *why;
	unsigned long addr = 0x10000000UL;
	double t0, t1, t2, t3, c0, c3;
	char err[256];
	Agraph_t *g;
	FILE *fp;
	long bytes;
	int i;

	if ((mm = mm_new(NULL)) == NULL) {
		vmalab_error("out of memory");
		return EXIT_INPUT;
	}
	mm_setup_layout(mm, LAYOUT_TOPDOWN, 0);
	for (i = 0; i < BENCH_VMAS; i++) {
		addr += (unsigned long)(i % 7 + 1) * PAGE_SIZE;
		if (mm_add_vma(mm, addr, addr + PAGE_SIZE, VM_READ | VM_WRITE |
		    VM_MAYREAD | VM_MAYWRITE, 0, NULL, NULL, &why) == NULL) {
			vmalab_error("bench: %s", why);
			mm_free(mm);
			return EXIT_INPUT;
		}
		addr += PAGE_SIZE;
	}
	memset(&o, 0, sizeof o);
	c0 = dot_clock(CLOCK_PROCESS_CPUTIME_ID);
	t0 = dot_now();
	if (snap_take(&s, mm) < 0) {
		vmalab_error("out of memory");
		mm_free(mm);
		return EXIT_INPUT;
	}
	t1 = dot_now();
	if ((g = graphs_tree_build(&s, NULL, &o, err, sizeof err)) == NULL) {
		vmalab_error("%s", err);
		snap_free(&s);
		mm_free(mm);
		return EXIT_INPUT;
	}
	t2 = dot_now();
	if ((fp = tmpfile()) == NULL || agwrite(g, fp) != 0) {
		vmalab_error("bench: cannot write the DOT: %s", strerror(errno));
		if (fp != NULL)
			fclose(fp);
		agclose(g);
		snap_free(&s);
		mm_free(mm);
		return EXIT_INPUT;
	}
	fflush(fp);
	t3 = dot_now();
	c3 = dot_clock(CLOCK_PROCESS_CPUTIME_ID);
	bytes = ftell(fp);
	fclose(fp);
	printf(_("vmalab dot --bench: %d VMAs (tree height %d) exported to DOT "
	    "in %.3f s (%.3f s of CPU)\n  snapshot %.3f s, graph (libcgraph) "
	    "%.3f s, agwrite %.3f s; %ld bytes of DOT\n"), (int)s.count,
	    s.height, t3 - t0, c3 - c0, t1 - t0, t2 - t1, t3 - t2, bytes);
	agclose(g);
	snap_free(&s);
	mm_free(mm);
	return 0;
}

/* ---- the command ------------------------------------------------------ */

/* vmalab dot --steps: each event, the steps numbered (survey_each_fn). */
static void
dot_list_event(void *ctx, uint64_t step, const struct trace_event *ev)
{
	(void)ctx;
	if (step > 0)
		printf("%7llu  ", (unsigned long long)step);
	else
		printf("         ");
	trace_format_text(stdout, ev);
}

/* The survey: the first play of the run. 0, or -1 after reporting. */
static int
dot_survey_run(const struct dot_args *a, struct cmd_run_input *in,
    struct survey *sv, unsigned long *results)
{
	char err[RUN_ERRLEN];

	if (survey_run(sv, &in->run, results, a->steps ? dot_list_event :
	    NULL, NULL, err, sizeof err) < 0) {
		vmalab_error("%s", err);
		return -1;
	}
	return 0;
}

/* A second run of the same parsed inputs, for the second replay. */
static int
dot_restart(const struct dot_args *a, struct cmd_run_input *in,
    struct run *r)
{
	struct run_opts o = a->run.opts;
	char err[RUN_ERRLEN];

	o.maps = in->maps;
	o.nmaps = in->nmaps;
	o.maps_name = a->run.maps_file;
	o.stat = a->run.stat_file != NULL ? &in->stat : NULL;
	if (run_start(r, &in->sc, &o, err, sizeof err) < 0) {
		vmalab_error("%s", err);
		return -1;
	}
	return 0;
}

/* The moments of the captures planned, for survey_capture. */
static int
dot_moments(struct dot_ctx *c)
{
	size_t k;

	if ((c->moments = calloc(c->ncap + 1, sizeof *c->moments)) == NULL) {
		vmalab_error("out of memory");
		return -1;
	}
	for (k = 0; k < c->ncap; k++)
		c->moments[k] = c->cap[k].step;
	return 0;
}

static int
dot_run(const struct dot_args *a, struct cmd_run_input *in,
    struct survey *sv, unsigned long *results)
{
	struct dot_ctx c;
	struct run r;
	uint64_t moment;
	int rc = -1;

	memset(&c, 0, sizeof c);
	c.a = a;
	c.in = in;
	c.sv = sv;
	c.story.sc = &in->sc;
	c.story.sv = sv;
	c.story.results = results;
	c.format = cmd_dot_format(a);
	if (dot_moment(a, sv, in->sc.nops, &moment) < 0)
		return -1;
	if ((a->frames != NULL ? dot_plan_frames(&c, moment) :
	    dot_plan_figure(&c, moment)) < 0 || dot_moments(&c) < 0)
		goto out;
	if (a->frames != NULL && graphs_frames_open(&c.frames, a->frames, c.err,
	    sizeof c.err) < 0) {
		vmalab_error("%s", c.err);
		goto out;
	}
	if (dot_restart(a, in, &r) < 0)
		goto out;
	if (survey_capture(&r, c.moments, c.ncap, dot_capture_now, &c, c.err,
	    sizeof c.err) < 0)
		vmalab_error("%s", c.err);
	else
		rc = 0;
	run_end(&r);
out:
	if (graphs_frames_close(&c.frames, rc == 0, c.err, sizeof c.err) < 0) {
		if (c.err[0] != '\0')
			vmalab_error("%s", c.err);
		rc = -1;
	}
	free(c.moments);
	free(c.cap);
	return rc;
}

static int
cmd_dot_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	struct dot_args a;
	struct cmd_run_input in;
	struct survey sv;
	unsigned long *results;
	int status;

	if (cmd_dot_parse(cmd, argc, argv, &a, &status) < 0)
		return status;
	if (a.bench)
		return dot_bench();
	if (cmd_run_load(&a.run, &in) < 0)
		return EXIT_INPUT;
	if ((results = calloc(in.sc.nops + 1, sizeof *results)) == NULL) {
		vmalab_error("out of memory");
		cmd_run_free(&in);
		return EXIT_INPUT;
	}
	status = EXIT_INPUT;
	if (dot_survey_run(&a, &in, &sv, results) == 0) {
		if (a.steps)
			status = 0;
		else if (dot_run(&a, &in, &sv, results) == 0)
			status = 0;
	}
	graphs_render_end();
	survey_free(&sv);
	free(results);
	cmd_run_free(&in);
	return status;
}
