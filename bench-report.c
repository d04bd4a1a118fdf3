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
#include "vmalab.h"

static double
bench_report_per_sec(size_t ops, double s)
{
	return s > 0 ? (double)ops / s : 0;
}

static const char *const bench_report_kinds[3] = { "mmap", "munmap", "brk" };

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
	const struct bench_row *first = &rows[0];
	int i, k;

	fprintf(fp, "\nBy kind of call (ns per call, the untraced run timed "
	    "call by call, the\nclock's own %.0f ns taken off; best of the "
	    "runs):\n", first->clock_ns);
	fprintf(fp, "%7s %9s %9s %9s\n", "VMAs", bench_report_kinds[0],
	    bench_report_kinds[1], bench_report_kinds[2]);
	for (i = 0; i < nrows; i++) {
		fprintf(fp, "%7d", rows[i].vmas);
		for (k = 0; k < 3; k++)
			if (BENCH_SPLIT_HAS(&rows[i], k))
				fprintf(fp, " %9.0f", rows[i].split_ns[k]);
			else
				fprintf(fp, " %9s", "n/a");
		fputc('\n', fp);
	}
	if (nrows < 2)
		return;
	fprintf(fp, "%7s", "growth");
	for (k = 0; k < 3; k++)
		if (BENCH_SPLIT_HAS(first, k) &&
		    BENCH_SPLIT_HAS(&rows[nrows - 1], k) &&
		    first->split_ns[k] > 0)
			fprintf(fp, " %8.2fx", rows[nrows - 1].split_ns[k] /
			    first->split_ns[k]);
		else
			fprintf(fp, " %9s", "n/a");
	fprintf(fp, "\n(growth: at %d VMAs against %d)\n",
	    rows[nrows - 1].vmas, first->vmas);
}

/* How the instructions were counted, below the table. */
static void
bench_report_insn_how(FILE *fp, const struct bench_insn *insn)
{
	if (insn->how == BENCH_INSN_PERF)
		fprintf(fp, "(counted by perf_event_open around all %zu calls)\n",
		    insn->calls);
	else
		fprintf(fp, "(counted by callgrind: the first %zu calls of the "
		    "same workload, run apart\n under valgrind, as perf "
		    "cannot count here:\n %s)\n", insn->calls, insn->why);
}

/*
 * Instructions per call at each size, and how they grow: the work of a
 * call, which the caches do not move (bench-insn.c).
 */
static void
bench_report_insn(FILE *fp, const struct bench_row *rows, int nrows,
    const struct bench_insn *insn)
{
	const struct bench_row *first = &rows[0], *last = &rows[nrows - 1];
	int i;

	if (insn->how == BENCH_INSN_NONE) {
		fprintf(fp, "\nInstructions per call: not counted (%s)\n",
		    insn->why);
		return;
	}
	fprintf(fp, "\nInstructions per call (user space, the untraced calls "
	    "alone):\n%7s %11s\n", "VMAs", "instr/call");
	for (i = 0; i < nrows; i++)
		fprintf(fp, "%7d %11.0f\n", rows[i].vmas, rows[i].insn);
	if (nrows > 1 && first->insn > 0)
		fprintf(fp, "%7s %10.2fx\n", "growth", last->insn / first->insn);
	bench_report_insn_how(fp, insn);
}

void
bench_report_table(FILE *fp, const struct bench_row *rows, int nrows,
    const struct bench_seek *seek, const struct bench_insn *insn)
{
	const struct bench_row *r, *first = &rows[0], *last = &rows[nrows - 1];
	double cost_first, cost_last, worst_trace = 0;
	int i, kernel_ok = 1, worst;

	fprintf(fp, "\nThroughput (calls/s; %zu calls per run, best of the "
	    "runs):\n", rows[0].nops);
	fprintf(fp, "%7s %7s %11s %11s %7s %7s %11s %8s\n", "VMAs", "at end",
	    "engine", "traced", "trace", "events", "live kernel", "engine/");
	fprintf(fp, "%7s %7s %11s %11s %7s %7s %11s %8s\n", "", "", "", "",
	    "cost", "/call", "", "kernel");
	for (i = 0; i < nrows; i++) {
		r = &rows[i];
		fprintf(fp, "%7d %7d %11.0f %11.0f %6.2fx %7.0f ", r->vmas,
		    r->vmas_end, bench_report_per_sec(r->nops, r->engine_s),
		    bench_report_per_sec(r->nops, r->traced_s), r->traced_s / r->engine_s,
		    (double)r->events / (double)r->nops);
		if (r->kernel.ok)
			fprintf(fp, "%11.0f %7.2fx\n",
			    bench_report_per_sec(r->nops, r->kernel.secs),
			    r->kernel.secs / r->engine_s);
		else
			fprintf(fp, "%11s %8s\n", "n/a", "n/a");
		if (r->traced_s / r->engine_s > worst_trace)
			worst_trace = r->traced_s / r->engine_s;
	}
	fprintf(fp, "(traced: recorded into memory in the compact form of "
	    "a trace_rec, as vmalab run\n records it; decoded into struct "
	    "trace_events after each call as well, it costs\n");
	for (i = 0; i < nrows; i++)
		fprintf(fp, "%s%.2fx at %d", i ? ", " : " ",
		    rows[i].decoded_s / rows[i].engine_s, rows[i].vmas);
	fprintf(fp, ")\n");
	bench_report_split(fp, rows, nrows);
	bench_report_insn(fp, rows, nrows, insn);
	fprintf(fp, "\nThe search (unmapped_area_topdown) on the final "
	    "address space, %d requests of 1-4 pages:\n", BENCH_NQUERY);
	fprintf(fp, "%7s %7s %6s %5s %9s %9s %11s %8s %9s\n", "VMAs",
	    "visits", "going", "max", "2log2(n)", "tree", "linear", "linear/",
	    "different");
	fprintf(fp, "%7s %7s %6s %5s %9s %9s %11s %8s %9s\n", "", "mean",
	    "up", "", "", "", "", "tree", "answers");
	for (i = 0; i < nrows; i++) {
		double ns;

		r = &rows[i];
		ns = (double)(r->visits.searches ?
		    r->visits.searches : 1);

		fprintf(fp, "%7d %7.1f %6.1f %5lu %9.1f %7.0fns %9.0fns %7.0fx "
		    "%9lu\n", r->vmas, (double)r->visits.total / ns,
		    (double)r->visits.climbs / ns, r->visits.max,
		    2 * log2((double)r->vmas), r->search.tree_ns,
		    r->search.linear_ns, r->search.linear_ns /
		    r->search.tree_ns, r->search.mismatches);
	}
	fprintf(fp, "(visits: the nodes each search of the workload assigns "
	    "to `vma`. \"going up\": the\n steps back to a parent. 4.14's "
	    "walk first goes down towards the stack, whose\n gap below looks "
	    "big enough in rb_subtree_gap but lies above mmap_base, the\n "
	    "search's high limit, and climbs back out; the steps down stay "
	    "within 2log2(n))\n");
	for (i = 0; i < nrows; i++) {
		r = &rows[i];
		if (!r->kernel.ok) {
			kernel_ok = 0;
			fprintf(fp, "\nlive kernel at %ld VMAs: not run: %s\n",
			    r->n, r->kernel.why);
		} else if (r->kernel.errors > 0 || r->engine_errors > 0) {
			fprintf(fp, "\nat %ld VMAs: %lu calls failed in the "
			    "engine, %lu in the kernel\n", r->n,
			    r->engine_errors, r->kernel.errors);
		}
	}
	if (rows[nrows - 1].kernel.ok)
		fprintf(fp, "\nlive kernel: %ld VMAs before the calls, %ld "
		    "after (vm.max_map_count %ld)\n", last->kernel.vmas_before,
		    last->kernel.vmas_after, last->kernel.max_map_count);
	if (seek->ok)
		fprintf(fp, "stepper seek into a 1,000,000-step trace "
		    "(tests/bench-seek): median %.2f ms, %.2f ms with the "
		    "screen drawn\n", seek->seek_ms, seek->draw_ms);
	else
		fprintf(fp, "stepper seek: not measured (%s)\n",
		    seek->path[0] ? "tests/bench-seek did not run or was not "
		    "found beside vmalab" : "--no-seek");

	cost_first = first->engine_s / (double)first->nops;
	cost_last = last->engine_s / (double)last->nops;
	fprintf(fp, "\nTargets (at %d VMAs against %d):\n", last->vmas,
	    first->vmas);
	if (last->kernel.ok)
		fprintf(fp, "  %-4s the engine runs faster than the live "
		    "kernel (%.2fx its time)\n", last->engine_s <
		    last->kernel.secs ? "ok" : "MISS", last->engine_s /
		    last->kernel.secs);
	else
		fprintf(fp, "  %-4s the engine runs faster than the live "
		    "kernel (not measured)\n", "n/a");
	if (first->insn > 0 && last->insn > 0)
		fprintf(fp, "  %-4s instructions per call within 1.5x of the "
		    "smallest size (%.2fx: %.0f at\n       %d VMAs, %.0f at "
		    "%d); in wall-clock time, beside it:\n", last->insn <= 1.5 * first->insn ? "ok" : "MISS",
		    last->insn / first->insn, first->insn, first->vmas,
		    last->insn, last->vmas);
	else
		fprintf(fp, "  %-4s instructions per call within 1.5x of the "
		    "smallest size (not counted); in\n       wall-clock time, "
		    "beside it:\n", "n/a");
	/* The wall clock: the old target, which the caches move. */
	fprintf(fp, "  %-4s per-call cost within 2x of the smallest size "
	    "(%.2fx", cost_last <= 2 * cost_first ? "ok" : "MISS",
	    cost_last / cost_first);
	if ((worst = bench_report_split_worst(first, last)) >= 0)
		fprintf(fp, "; %s grew most: %.2fx", bench_report_kinds[worst],
		    last->split_ns[worst] / first->split_ns[worst]);
	fprintf(fp, ")\n");
	fprintf(fp, "  %-4s tracing into memory costs at most 3x (worst "
	    "%.2fx)\n", worst_trace <= 3 ? "ok" : "MISS", worst_trace);
	fprintf(fp, "  %-4s the augmented search beats the linear one by "
	    "100x or more (%.0fx)\n", last->search.linear_ns >=
	    100 * last->search.tree_ns ? "ok" : "MISS",
	    last->search.linear_ns / last->search.tree_ns);
	(void)kernel_ok;
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
