/*
 * bench-report.c - vmalab bench's figures: the table, the targets
 * checked beside them, and the CSV.
 *
 * A benchmark judges no figure: a missed target is printed as MISS and
 * changes no exit status.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "trace/i18n.h"
#include "tui/tui.h"
#include "vmalab.h"

static double
bench_report_per_sec(size_t ops, double s)
{
	return s > 0 ? (double)ops / s : 0;
}

static const char *const bench_report_kinds[3] = { "mmap", "munmap", "brk" };

/*
 * The tables' cells are placed by the columns they take on a terminal,
 * not by their bytes (printf's %9s): a Korean or Japanese title is two
 * columns a character and three or more bytes of UTF-8. A table's widths
 * start at the English ones and grow to fit its titles, so English
 * prints as it always did.
 */
#define BENCH_MAXCOLS	10

/*
 * gettext.h's pgettext, which glibc's libintl.h lacks (xgettext knows the
 * name): "VMAs" is a column title here and a count elsewhere.
 */
#define pgettext(ctx, s)	bench_report_pgettext(ctx "\004" s, s)
#define BENCH_VMAS		pgettext("bench column", "VMAs")

static const char *
bench_report_pgettext(const char *key, const char *s)
{
	const char *t = _(key);

	return t == key ? s : t;
}

struct bench_tab {
	int		 ncols;
	int		 w[BENCH_MAXCOLS];
};

/* s right-aligned in w columns (left-aligned when w < 0), as %*s would. */
static void
bench_report_pad(FILE *fp, const char *s, int w)
{
	int pad = (w < 0 ? -w : w) - tui_text_width(s);

	if (pad < 0)
		pad = 0;
	if (w < 0)
		fprintf(fp, "%s%*s", s, pad, "");
	else
		fprintf(fp, "%*s%s", pad, "", s);
}

/*
 * Line `line` (0 or 1) of a column title: a title is one or two lines,
 * split at its '\n' (so that a translator moves the break), into buf.
 */
static const char *
bench_report_title_line(const char *title, int line, char *buf, size_t len)
{
	const char *nl = strchr(title, '\n');

	if (nl == NULL)
		return line == 0 ? title : "";
	if (line == 1)
		return nl + 1;
	snprintf(buf, len, "%.*s", (int)(nl - title), title);
	return buf;
}

/*
 * The widths: the English ones in w0, each grown to its title's lines
 * (titles translated by the caller).
 */
static void
bench_report_tab_init(struct bench_tab *t, int ncols, const int *w0,
    const char *const *titles)
{
	char buf[128];
	int c, l, w;

	t->ncols = ncols;
	for (c = 0; c < ncols; c++) {
		t->w[c] = w0[c];
		for (l = 0; l < 2; l++) {
			w = tui_text_width(bench_report_title_line(
			    titles[c], l, buf, sizeof buf));
			if (w > t->w[c])
				t->w[c] = w;
		}
	}
}

/* The titles' two lines (one when no title has a second). */
static void
bench_report_tab_titles(FILE *fp, const struct bench_tab *t,
    const char *const *titles)
{
	char buf[128];
	int c, l, two = 0;

	for (c = 0; c < t->ncols; c++)
		if (strchr(titles[c], '\n') != NULL)
			two = 1;
	for (l = 0; l < 1 + two; l++) {
		for (c = 0; c < t->ncols; c++) {
			if (c > 0)
				fputc(' ', fp);
			bench_report_pad(fp, bench_report_title_line(
			    titles[c], l, buf, sizeof buf), t->w[c]);
		}
		fputc('\n', fp);
	}
}

/* Cell c of a row: printf's format and its one argument, padded. */
static void
bench_report_cell(FILE *fp, const struct bench_tab *t, int c, const char *s)
{
	if (c > 0)
		fputc(' ', fp);
	bench_report_pad(fp, s, t->w[c]);
}

static void
bench_report_celld(FILE *fp, const struct bench_tab *t, int c,
    const char *fmt, double v)
{
	char buf[64];

	snprintf(buf, sizeof buf, fmt, v);
	bench_report_cell(fp, t, c, buf);
}

static void
bench_report_celll(FILE *fp, const struct bench_tab *t, int c, long v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%ld", v);
	bench_report_cell(fp, t, c, buf);
}

/* Whether a row has a time for kind k (a workload may lack a kind). */
#define BENCH_SPLIT_HAS(r, k)	((r)->split_ns[k] < 1e29)

/*
 * Of the kinds of call, the one whose cost grew most from first to last;
 * -1 when no kind was timed at both.
 */
static int
bench_report_split_worst(const struct bench_row *first,
    const struct bench_row *last)
{
	double g, most = 0;
	int k, worst = -1;

	for (k = 0; k < 3; k++) {
		if (!BENCH_SPLIT_HAS(first, k) || !BENCH_SPLIT_HAS(last, k) ||
		    first->split_ns[k] <= 0)
			continue;
		g = last->split_ns[k] / first->split_ns[k];
		if (worst < 0 || g > most) {
			most = g;
			worst = k;
		}
	}
	return worst;
}

/* The cost of each kind of call at each size, and how it grows. */
static void
bench_report_split(FILE *fp, const struct bench_row *rows, int nrows)
{
	static const int w0[4] = { 7, 9, 9, 9 };
	const char *titles[4] = { BENCH_VMAS, bench_report_kinds[0],
	    bench_report_kinds[1], bench_report_kinds[2] };
	const struct bench_row *first = &rows[0];
	struct bench_tab t;
	int i, k;

	/* The kinds are the calls' names, as they are. */
	fprintf(fp, _("\nBy kind of call (ns per call, the untraced run timed "
	    "call by call, the\nclock's own %.0f ns taken off; best of the "
	    "runs):\n"), first->clock_ns);
	bench_report_tab_init(&t, 4, w0, titles);
	bench_report_tab_titles(fp, &t, titles);
	for (i = 0; i < nrows; i++) {
		bench_report_celll(fp, &t, 0, rows[i].vmas);
		for (k = 0; k < 3; k++)
			if (BENCH_SPLIT_HAS(&rows[i], k))
				bench_report_celld(fp, &t, k + 1, "%.0f",
				    rows[i].split_ns[k]);
			else
				bench_report_cell(fp, &t, k + 1, _("n/a"));
		fputc('\n', fp);
	}
	if (nrows < 2)
		return;
	bench_report_cell(fp, &t, 0, _("growth"));
	for (k = 0; k < 3; k++)
		if (BENCH_SPLIT_HAS(first, k) &&
		    BENCH_SPLIT_HAS(&rows[nrows - 1], k) &&
		    first->split_ns[k] > 0)
			bench_report_celld(fp, &t, k + 1, "%.2fx",
			    rows[nrows - 1].split_ns[k] / first->split_ns[k]);
		else
			bench_report_cell(fp, &t, k + 1, _("n/a"));
	fputc('\n', fp);
	fprintf(fp, _("(growth: at %d VMAs against %d)\n"),
	    rows[nrows - 1].vmas, first->vmas);
}

/* How the instructions were counted, below the table. */
static void
bench_report_insn_how(FILE *fp, const struct bench_insn *insn)
{
	if (insn->how == BENCH_INSN_PERF)
		fprintf(fp, _("(counted by perf_event_open around all %zu "
		    "calls)\n"), insn->calls);
	else
		fprintf(fp, _("(counted by callgrind: the first %zu calls of "
		    "the same workload, run apart\n under valgrind, as perf "
		    "cannot count here:\n %s)\n"), insn->calls, insn->why);
}

/*
 * Instructions per call at each size, and how they grow: the work of a
 * call, which the caches do not move (bench-insn.c).
 */
static void
bench_report_insn(FILE *fp, const struct bench_row *rows, int nrows,
    const struct bench_insn *insn)
{
	static const int w0[2] = { 7, 11 };
	const char *titles[2] = { BENCH_VMAS, _("instr/call") };
	const struct bench_row *first = &rows[0], *last = &rows[nrows - 1];
	struct bench_tab t;
	int i;

	if (insn->how == BENCH_INSN_NONE) {
		fprintf(fp, _("\nInstructions per call: not counted (%s)\n"),
		    insn->why);
		return;
	}
	fprintf(fp, "%s", _("\nInstructions per call (user space, the "
	    "untraced calls alone):\n"));
	bench_report_tab_init(&t, 2, w0, titles);
	bench_report_tab_titles(fp, &t, titles);
	for (i = 0; i < nrows; i++) {
		bench_report_celll(fp, &t, 0, rows[i].vmas);
		bench_report_celld(fp, &t, 1, "%.0f", rows[i].insn);
		fputc('\n', fp);
	}
	if (nrows > 1 && first->insn > 0) {
		bench_report_cell(fp, &t, 0, _("growth"));
		bench_report_celld(fp, &t, 1, "%.2fx",
		    last->insn / first->insn);
		fputc('\n', fp);
	}
	bench_report_insn_how(fp, insn);
}

/* Throughput: a row per size. */
static void
bench_report_throughput(FILE *fp, const struct bench_row *rows, int nrows)
{
	static const int w0[8] = { 7, 7, 11, 11, 7, 7, 11, 8 };
	const char *titles[8] = { BENCH_VMAS, _("at end"), _("engine"),
	    _("traced"),
	    /* TRANSLATORS: a '\n' splits a column title into two lines. */
	    _("trace\ncost"), _("events\n/call"), _("live kernel"),
	    _("engine/\nkernel") };
	const struct bench_row *r;
	struct bench_tab t;
	int i;

	fprintf(fp, _("\nThroughput (calls/s; %zu calls per run, best of the "
	    "runs):\n"), rows[0].nops);
	bench_report_tab_init(&t, 8, w0, titles);
	bench_report_tab_titles(fp, &t, titles);
	for (i = 0; i < nrows; i++) {
		r = &rows[i];
		bench_report_celll(fp, &t, 0, r->vmas);
		bench_report_celll(fp, &t, 1, r->vmas_end);
		bench_report_celld(fp, &t, 2, "%.0f",
		    bench_report_per_sec(r->nops, r->engine_s));
		bench_report_celld(fp, &t, 3, "%.0f",
		    bench_report_per_sec(r->nops, r->traced_s));
		bench_report_celld(fp, &t, 4, "%.2fx",
		    r->traced_s / r->engine_s);
		bench_report_celld(fp, &t, 5, "%.0f",
		    (double)r->events / (double)r->nops);
		if (r->kernel.ok) {
			bench_report_celld(fp, &t, 6, "%.0f",
			    bench_report_per_sec(r->nops, r->kernel.secs));
			bench_report_celld(fp, &t, 7, "%.2fx",
			    r->kernel.secs / r->engine_s);
		} else {
			bench_report_cell(fp, &t, 6, _("n/a"));
			bench_report_cell(fp, &t, 7, _("n/a"));
		}
		fputc('\n', fp);
	}
	fprintf(fp, "%s", _("(traced: recorded into memory in the compact "
	    "form of a trace_rec, as vmalab run\n records it; decoded into "
	    "struct trace_events after each call as well, it costs\n"));
	for (i = 0; i < nrows; i++) {
		/* TRANSLATORS: between two sizes' costs in a list. */
		fputs(i ? _(", ") : " ", fp);
		/* TRANSLATORS: the cost of decoding: "1.23x at 1000" (VMAs). */
		fprintf(fp, _("%.2fx at %d"), rows[i].decoded_s /
		    rows[i].engine_s, rows[i].vmas);
	}
	fprintf(fp, ")\n");
}

/* The search alone, tree against list: a row per size. */
static void
bench_report_search(FILE *fp, const struct bench_row *rows, int nrows)
{
	static const int w0[9] = { 7, 7, 6, 5, 9, 9, 11, 8, 9 };
	const char *titles[9] = { BENCH_VMAS, _("visits\nmean"),
	    _("going\nup"), _("max"), "2log2(n)", _("tree"), _("linear"),
	    _("linear/\ntree"), _("different\nanswers") };
	const struct bench_row *r;
	struct bench_tab t;
	double ns;
	int i;

	fprintf(fp, _("\nThe search (unmapped_area_topdown) on the final "
	    "address space, %d requests of 1-4 pages:\n"), BENCH_NQUERY);
	bench_report_tab_init(&t, 9, w0, titles);
	bench_report_tab_titles(fp, &t, titles);
	for (i = 0; i < nrows; i++) {
		r = &rows[i];
		ns = (double)(r->visits.searches ? r->visits.searches : 1);
		bench_report_celll(fp, &t, 0, r->vmas);
		bench_report_celld(fp, &t, 1, "%.1f",
		    (double)r->visits.total / ns);
		bench_report_celld(fp, &t, 2, "%.1f",
		    (double)r->visits.climbs / ns);
		bench_report_celll(fp, &t, 3, (long)r->visits.max);
		bench_report_celld(fp, &t, 4, "%.1f",
		    2 * log2((double)r->vmas));
		bench_report_celld(fp, &t, 5, "%.0fns", r->search.tree_ns);
		bench_report_celld(fp, &t, 6, "%.0fns", r->search.linear_ns);
		bench_report_celld(fp, &t, 7, "%.0fx",
		    r->search.linear_ns / r->search.tree_ns);
		bench_report_celll(fp, &t, 8, (long)r->search.mismatches);
		fputc('\n', fp);
	}
	fprintf(fp, "%s", _("(visits: the nodes each search of the workload "
	    "assigns to `vma`. \"going up\": the\n steps back to a parent. "
	    "4.14's walk first goes down towards the stack, whose\n gap "
	    "below looks big enough in rb_subtree_gap but lies above "
	    "mmap_base, the\n search's high limit, and climbs back out; the "
	    "steps down stay within 2log2(n))\n"));
}

/* A target's verdict, in the four columns its lines are indented by. */
static void
bench_report_verdict(FILE *fp, int ok)
{
	fputs("  ", fp);
	/* TRANSLATORS: a target's verdict, at most 4 columns wide. */
	bench_report_pad(fp, ok < 0 ? _("n/a") : ok ? _("ok") : _("MISS"), -4);
	fputc(' ', fp);
}

/* What the live kernel did, and the stepper's seek. */
static void
bench_report_yardsticks(FILE *fp, const struct bench_row *rows, int nrows,
    const struct bench_seek *seek)
{
	const struct bench_row *r, *last = &rows[nrows - 1];
	int i;

	for (i = 0; i < nrows; i++) {
		r = &rows[i];
		if (!r->kernel.ok)
			fprintf(fp, _("\nlive kernel at %ld VMAs: not run: "
			    "%s\n"), r->n, r->kernel.why);
		else if (r->kernel.errors > 0 || r->engine_errors > 0)
			fprintf(fp, _("\nat %ld VMAs: %lu calls failed in the "
			    "engine, %lu in the kernel\n"), r->n,
			    r->engine_errors, r->kernel.errors);
	}
	if (last->kernel.ok)
		fprintf(fp, _("\nlive kernel: %ld VMAs before the calls, %ld "
		    "after (vm.max_map_count %ld)\n"), last->kernel.vmas_before,
		    last->kernel.vmas_after, last->kernel.max_map_count);
	if (seek->ok)
		fprintf(fp, _("stepper seek into a 1,000,000-step trace "
		    "(tests/bench-seek): median %.2f ms, %.2f ms with the "
		    "screen drawn\n"), seek->seek_ms, seek->draw_ms);
	else
		fprintf(fp, _("stepper seek: not measured (%s)\n"),
		    seek->path[0] ? _("tests/bench-seek did not run or was "
		    "not found beside vmalab") : "--no-seek");
}

/* The targets, each with its figure. */
static void
bench_report_targets(FILE *fp, const struct bench_row *first,
    const struct bench_row *last, double worst_trace)
{
	double cost_first, cost_last;
	int worst;

	cost_first = first->engine_s / (double)first->nops;
	cost_last = last->engine_s / (double)last->nops;
	fprintf(fp, _("\nTargets (at %d VMAs against %d):\n"), last->vmas,
	    first->vmas);
	if (last->kernel.ok) {
		bench_report_verdict(fp, last->engine_s < last->kernel.secs);
		fprintf(fp, _("the engine runs faster than the live kernel "
		    "(%.2fx its time)\n"), last->engine_s / last->kernel.secs);
	} else {
		bench_report_verdict(fp, -1);
		fprintf(fp, "%s", _("the engine runs faster than the live "
		    "kernel (not measured)\n"));
	}
	if (first->insn > 0 && last->insn > 0) {
		bench_report_verdict(fp, last->insn <= 1.5 * first->insn);
		fprintf(fp, _("instructions per call within 1.5x of the "
		    "smallest size (%.2fx: %.0f at\n       %d VMAs, %.0f at "
		    "%d); in wall-clock time, beside it:\n"),
		    last->insn / first->insn, first->insn, first->vmas,
		    last->insn, last->vmas);
	} else {
		bench_report_verdict(fp, -1);
		fprintf(fp, "%s", _("instructions per call within 1.5x of the "
		    "smallest size (not counted); in\n       wall-clock time, "
		    "beside it:\n"));
	}
	/* The wall clock: the old target, which the caches move. */
	bench_report_verdict(fp, cost_last <= 2 * cost_first);
	fprintf(fp, _("per-call cost within 2x of the smallest size (%.2fx"),
	    cost_last / cost_first);
	if ((worst = bench_report_split_worst(first, last)) >= 0)
		fprintf(fp, _("; %s grew most: %.2fx"),
		    bench_report_kinds[worst],
		    last->split_ns[worst] / first->split_ns[worst]);
	fprintf(fp, ")\n");
	bench_report_verdict(fp, worst_trace <= 3);
	fprintf(fp, _("tracing into memory costs at most 3x (worst %.2fx)\n"),
	    worst_trace);
	bench_report_verdict(fp, last->search.linear_ns >=
	    100 * last->search.tree_ns);
	fprintf(fp, _("the augmented search beats the linear one by 100x or "
	    "more (%.0fx)\n"), last->search.linear_ns / last->search.tree_ns);
}

void
bench_report_table(FILE *fp, const struct bench_row *rows, int nrows,
    const struct bench_seek *seek, const struct bench_insn *insn)
{
	double worst_trace = 0;
	int i;

	for (i = 0; i < nrows; i++)
		if (rows[i].traced_s / rows[i].engine_s > worst_trace)
			worst_trace = rows[i].traced_s / rows[i].engine_s;
	bench_report_throughput(fp, rows, nrows);
	bench_report_split(fp, rows, nrows);
	bench_report_insn(fp, rows, nrows, insn);
	bench_report_search(fp, rows, nrows);
	bench_report_yardsticks(fp, rows, nrows, seek);
	bench_report_targets(fp, &rows[0], &rows[nrows - 1], worst_trace);
}

int
bench_report_csv(const char *path, const struct bench_row *rows, int nrows,
    const struct bench_seek *seek)
{
	char *tmp;
	FILE *fp;
	int i, k, ok;
	size_t n = strlen(path) + sizeof ".tmp";

	if ((tmp = malloc(n)) == NULL) {
		vmalab_error("out of memory");
		return EXIT_INPUT;
	}
	snprintf(tmp, n, "%s.tmp", path);
	if ((fp = fopen(tmp, "w")) == NULL) {
		vmalab_error("cannot write %s: %s", tmp, strerror(errno));
		free(tmp);
		return EXIT_INPUT;
	}
	fprintf(fp, "vmas,vmas_end,calls,engine_calls_per_s,"
	    "traced_calls_per_s,trace_cost,decoded_calls_per_s,decode_cost,"
	    "events_per_call,kernel_calls_per_s,"
	    "engine_vs_kernel_time,visits_mean,visits_up_mean,visits_max,"
	    "two_log2_n,"
	    "tree_search_ns,linear_search_ns,linear_vs_tree,"
	    "search_mismatches,seek_median_ms,seek_draw_median_ms,"
	    "mmap_ns,munmap_ns,brk_ns,instructions_per_call\n");
	for (i = 0; i < nrows; i++) {
		const struct bench_row *r = &rows[i];

		fprintf(fp, "%d,%d,%zu,%.0f,%.0f,%.3f,%.0f,%.3f,%.1f,",
		    r->vmas, r->vmas_end, r->nops,
		    bench_report_per_sec(r->nops, r->engine_s),
		    bench_report_per_sec(r->nops, r->traced_s),
		    r->traced_s / r->engine_s,
		    bench_report_per_sec(r->nops, r->decoded_s),
		    r->decoded_s / r->engine_s,
		    (double)r->events / (double)r->nops);
		if (r->kernel.ok)
			fprintf(fp, "%.0f,%.3f,", bench_report_per_sec(r->nops,
			    r->kernel.secs), r->engine_s / r->kernel.secs);
		else
			fputs(",,", fp);
		fprintf(fp, "%.2f,%.2f,%lu,%.2f,%.1f,%.1f,%.1f,%lu,",
		    r->visits.searches ? (double)r->visits.total /
		    (double)r->visits.searches : 0.0, r->visits.searches ?
		    (double)r->visits.climbs / (double)r->visits.searches : 0.0,
		    r->visits.max,
		    2 * log2((double)r->vmas), r->search.tree_ns,
		    r->search.linear_ns, r->search.linear_ns /
		    r->search.tree_ns, r->search.mismatches);
		if (seek->ok)
			fprintf(fp, "%.3f,%.3f,", seek->seek_ms,
			    seek->draw_ms);
		else
			fputs(",,", fp);
		for (k = 0; k < 3; k++)
			if (BENCH_SPLIT_HAS(r, k))
				fprintf(fp, "%.1f,", r->split_ns[k]);
			else
				fputc(',', fp);
		if (r->insn > 0)
			fprintf(fp, "%.1f", r->insn);
		fputc('\n', fp);
	}
	ok = fflush(fp) == 0 && !ferror(fp);
	ok = fclose(fp) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		vmalab_error("cannot write %s: %s", path, strerror(errno));
		remove(tmp);
		free(tmp);
		return EXIT_INPUT;
	}
	free(tmp);
	return 0;
}
