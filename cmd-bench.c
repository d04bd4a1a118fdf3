/*
 * cmd-bench.c - vmalab bench: how fast the engine is on the biggest
 * address spaces the kernel allows, beside the live kernel.
 *
 *   vmalab bench [--csv FILE] [--ops N] [--sizes N,N,...] [--repeat N]
 *                [--seed N] [--no-kernel] [--no-seek] [--no-record]
 *
 * For each size n (default 1,000, 10,000 and 65,530 VMAs) one mixed
 * workload of mmap, munmap and brk, drawn once from the seed, is played
 * on an address space of n VMAs (bench-work.c), as:
 *
 *   engine      untraced, best of --repeat runs
 *   by kind     untraced, each call timed by itself, best of --repeat runs
 *   traced      into memory, best of --repeat runs
 *
 * the runs of all sizes taking turns (a slow spell of the machine then
 * falls on every size alike) on one CPU; then once each, the node visits
 * of the search, the search alone (tree against list), and the same
 * calls made by the live kernel in a child process (bench-live.c).
 * Then, when tests/bench-seek sits beside the program (a build tree),
 * it is run: the stepper's seek into a 1,000,000-step trace. Last
 * (bench-record.c), vmalab record's overhead on the system python3
 * against running it plain and under strace, and the replay of a
 * 100,000-call recording.
 *
 * The figures are printed as a table, with the targets checked
 * beside them, and written to --csv FILE (through FILE.tmp)
 * (bench-report.c). vmalab bench is a measurement, not a test: a missed
 * target does not change the exit status (0; 1 for an I/O error; 2 for a
 * usage error).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "trace/i18n.h"
#include "vmalab.h"

static int	cmd_bench_exec(const struct cmd_entry *, int, char **);

enum {
	OPT_CSV = 1, OPT_OPS, OPT_SIZES, OPT_REPEAT, OPT_SEED, OPT_NO_KERNEL,
	OPT_NO_SEEK, OPT_CALLGRIND_CHILD, OPT_NO_RECORD, OPT_RECORD_CHILD,
};

static const struct vmalab_opt bench_opts[] = {
	{ "csv", OPT_CSV, "FILE", N_("also write the figures as CSV (through "
	    "FILE.tmp)"), NULL },
	{ "ops", OPT_OPS, "N", N_("calls per workload (default 100000)"), NULL },
	{ "sizes", OPT_SIZES, "LIST", N_("VMA counts, comma-separated (default "
	    "1000,10000,65530)"), NULL },
	{ "repeat", OPT_REPEAT, "N", N_("engine runs per figure, the best is "
	    "kept (default 5)"), NULL },
	{ "seed", OPT_SEED, "N", N_("the workload's seed (default 1)"), NULL },
	{ "no-kernel", OPT_NO_KERNEL, NULL, N_("do not run the live-kernel "
	    "yardstick"), NULL },
	{ "no-seek", OPT_NO_SEEK, NULL, N_("do not run tests/bench-seek nor time the "
	    "stepper's frame"), NULL },
	{ "no-record", OPT_NO_RECORD, NULL, N_("do not time vmalab record and "
	    "the replay of a\n100,000-call recording"), NULL },
	/* Hidden: the program the recording benchmark records. */
	{ "record-child", OPT_RECORD_CHILD, "N", NULL, NULL },
	/* Hidden: vmalab under callgrind (bench-insn.c). */
	{ "callgrind-child", OPT_CALLGRIND_CHILD, "RESERVE", NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_bench_entry = {
	.name = "bench",
	.usage = "[--csv FILE] [--ops N] [--sizes N,N,...] [--repeat N] "
	    "[--seed N]\n                    [--no-kernel] [--no-seek] "
	    "[--no-record]",
	.summary = N_("time the engine at 1,000 to 65,530 VMAs, beside the "
	    "live kernel"),
	.help =
	    N_("A mixed brk/mmap/munmap workload (40% munmap, 40% mmap of 1-4 "
	    "pages, 20% brk)\nat each size, on an x86_64 top-down address "
	    "space: the engine untraced and\ntraced into memory, the cost "
	    "of each kind of call, unmapped_area's node\nvisits beside "
	    "2*log2(n), the same calls made by the live kernel in a child\n"
	    "process, the augmented search against a linear one, and the "
	    "stepper's seek\ntime (tests/bench-seek, in a build tree).\n\n"),
	.opts = bench_opts,
	.opts_col = 18,
	.exec = cmd_bench_exec,
};

/* ---- the command ------------------------------------------------------------ */


/* "1000,10000,65530" into sizes[]; returns the count, or -1. */
static int
bench_parse_sizes(const char *s, long *sizes)
{
	unsigned long long v;
	char buf[32];
	int n = 0;
	size_t len;

	while (*s != '\0') {
		len = strcspn(s, ",");
		if (len == 0 || len >= sizeof(buf) || n == BENCH_MAXSIZES)
			return -1;
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (vmalab_parse_ulong(buf, &v) != 0 || v < 2 || v > 1000000)
			return -1;
		sizes[n++] = (long)v;
		s += len;
		if (*s == ',' && *++s == '\0')
			return -1;
	}
	return n;
}

struct cmd_bench_args {
	long		 sizes[BENCH_MAXSIZES];
	int		 nsizes;
	unsigned long long nops, seed, repeat;
	int		 kernel, seek, record;
	long		 record_child;	/* --record-child: its calls */
	const char	*csv;
	long		 child;		/* --callgrind-child: the reserve */
};

/* One option into *a. Returns 0, or EXIT_USAGE after reporting. */
static int
cmd_bench_option(const struct cmd_entry *cmd, struct cmd_bench_args *a,
    int id, const char *arg)
{
	unsigned long long v;

	switch (id) {
	case OPT_CSV:
		a->csv = arg;
		break;
	case OPT_OPS:
		if (vmalab_parse_ulong(arg, &v) != 0 || v < 100 ||
		    v > 100000000)
			return vmalab_usage_error(cmd, "--ops wants a "
			    "number from 100 to 100000000, not '%s'",
			    arg);
		a->nops = v;
		break;
	case OPT_SIZES:
		if ((a->nsizes = bench_parse_sizes(arg, a->sizes)) <= 0)
			return vmalab_usage_error(cmd, "--sizes wants up "
			    "to %d VMA counts from 2 to 1000000, "
			    "comma-separated, not '%s'", BENCH_MAXSIZES,
			    arg);
		break;
	case OPT_REPEAT:
		if (vmalab_parse_ulong(arg, &v) != 0 || v < 1 ||
		    v > 100)
			return vmalab_usage_error(cmd, "--repeat wants a "
			    "number from 1 to 100, not '%s'", arg);
		a->repeat = v;
		break;
	case OPT_SEED:
		if (vmalab_parse_ulong(arg, &v) != 0)
			return vmalab_usage_error(cmd, "--seed wants a "
			    "number, not '%s'", arg);
		a->seed = v;
		break;
	case OPT_NO_KERNEL:
		a->kernel = 0;
		break;
	case OPT_NO_SEEK:
		a->seek = 0;
		break;
	case OPT_NO_RECORD:
		a->record = 0;
		break;
	case OPT_RECORD_CHILD:
		if (vmalab_parse_ulong(arg, &v) != 0 || v > 10000000)
			return vmalab_usage_error(cmd, "--record-child "
			    "wants a number, not '%s'", arg);
		a->record_child = (long)v;
		break;
	case OPT_CALLGRIND_CHILD:
		if (vmalab_parse_ulong(arg, &v) != 0 || v > 1000000)
			return vmalab_usage_error(cmd, "--callgrind-child "
			    "wants a number, not '%s'", arg);
		a->child = (long)v;
		break;
	}
	return 0;
}

/* The stepper's 200x50 frame, under the table (target: under 10 ms). */
static void
cmd_bench_frame(void)
{
	double median, worst;
	int nvmas;

	fprintf(stderr, "%s", _("vmalab bench: the stepper's frame...\n"));
	if (bench_work_frame(50, &median, &worst, &nvmas) < 0)
		return;
	printf(_("stepper: a 200x50 frame (%d VMAs): median %.2f ms, slowest "
	    "%.2f ms (target: under 10 ms) %s\n"), nvmas, median, worst,
	    median < 10.0 ? _("ok") : _("MISSED"));
}

/*
 * The measurement: every size prepared, the rounds of engine runs in
 * which the sizes take turns, then each size's figures taken once, the
 * report. Returns the exit status.
 */
static int
cmd_bench_measure(const struct cmd_bench_args *a)
{
	struct bench_row rows[BENCH_MAXSIZES];
	struct bench_size bs[BENCH_MAXSIZES];
	struct bench_seek seek;
	struct bench_insn insn;
	struct bench_record rec;
	const long *sizes = a->sizes;
	unsigned long long nops = a->nops, seed = a->seed, rep;
	int nsizes = a->nsizes, i, st = 0, cpu;
	long reserve;
	double clock_ns;

	/*
	 * The VMAs that are not the workload's: this process's own (the
	 * kernel's child inherits them) and a few the child adds (its slot
	 * table, a heap page).
	 */
	reserve = bench_live_count_vmas() + 8;
	memset(bs, 0, sizeof(bs));
	cpu = bench_live_pin();
	bench_insn_init(&insn, (size_t)nops, seed, reserve);
	printf(_("vmalab bench: x86_64, top-down layout; per size, %llu calls "
	    "(40%% munmap, 40%% mmap of 1-4 pages, 20%% brk), seed %llu\n"),
	    a->nops, a->seed);
	if (cpu >= 0)
		printf(_("vmalab bench: on CPU %d only\n"), cpu);
	else
		printf(_("vmalab bench: not kept on one CPU (%s)\n"),
		    strerror(errno));
	fflush(stdout);
	/*
	 * The runs of all sizes take turns, so that a spell of the machine
	 * running slower (another process, the host) falls on every size
	 * alike and the ratios between sizes stay true.
	 */
	for (i = 0; i < nsizes; i++) {
		fprintf(stderr, _("vmalab bench: filling %ld VMAs...\n"),
		    sizes[i]);
		if (bench_work_prepare(sizes[i], reserve, (size_t)nops, seed,
		    &bs[i], &rows[i]) != 0) {
			st = EXIT_INPUT;
			goto out;
		}
	}
	clock_ns = bench_work_clock_cost();
	for (i = 0; i < nsizes; i++)
		rows[i].clock_ns = clock_ns;
	for (rep = 0; rep < a->repeat; rep++) {
		fprintf(stderr, _("vmalab bench: engine runs, round %llu of "
		    "%llu...\n"), rep + 1, a->repeat);
		for (i = 0; i < nsizes; i++)
			if (bench_work_play(&bs[i], &rows[i]) != 0) {
				vmalab_error("bench: out of memory");
				st = EXIT_INPUT;
				goto out;
			}
	}
	for (i = 0; i < nsizes; i++) {
		if (insn.how != BENCH_INSN_NONE) {
			fprintf(stderr, _("vmalab bench: %ld VMAs: instructions"
			    "%s...\n"), sizes[i], insn.how == BENCH_INSN_PERF ?
			    "" : _(" (callgrind)"));
			(void)bench_insn_count(&insn, &bs[i], &rows[i]);
		}
		fprintf(stderr, _("vmalab bench: %ld VMAs: visits, "
		    "search%s...\n"), sizes[i], a->kernel ? _(", live kernel") : "");
		if (bench_work_finish(&bs[i], seed, a->kernel, &rows[i]) != 0) {
			st = EXIT_INPUT;
			goto out;
		}
	}
	memset(&seek, 0, sizeof(seek));
	if (a->seek) {
		fprintf(stderr, "%s", _("vmalab bench: tests/bench-seek...\n"));
		bench_live_seek(&seek);
	}
	if (a->record) {
		fprintf(stderr, "%s", _("vmalab bench: vmalab record, and "
		    "the replay of a 100,000-call recording...\n"));
		bench_record_measure(&rec, 100000);
	}
	bench_report_table(stdout, rows, nsizes, &seek, &insn);
	if (a->seek)
		cmd_bench_frame();
	if (a->record)
		bench_record_report(stdout, &rec);
	if (a->csv != NULL)
		st = bench_report_csv(a->csv, rows, nsizes, &seek);
	st = vmalab_finish(st);
out:
	bench_insn_free(&insn);
	for (i = 0; i < nsizes; i++)
		bench_work_free(&bs[i]);
	return st;
}

static int
cmd_bench_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	struct cmd_bench_args a = {
		.sizes = { 1000, 10000, 65530 }, .nsizes = 3, .nops = 100000,
		.seed = 1, .repeat = 5, .kernel = 1, .seek = 1, .child = -1,
		.record = 1, .record_child = -1,
	};
	struct vmalab_getopt g;
	int id;

	vmalab_getopt_init(&g, cmd, argc, argv);
	while ((id = vmalab_getopt_next(&g)) != VMALAB_OPT_END) {
		if (id == VMALAB_OPT_HELP)
			return vmalab_cmd_help(cmd, stdout);
		if (id == VMALAB_OPT_ERROR)
			return EXIT_USAGE;
		if (id == VMALAB_OPT_OPERAND)
			return vmalab_usage_error(cmd, "unexpected argument "
			    "'%s'", g.arg);
		if (cmd_bench_option(cmd, &a, id, g.arg) != 0)
			return EXIT_USAGE;
	}
	if (a.record_child >= 0)
		return bench_record_child(a.record_child);
	if (a.child >= 0)
		return bench_insn_child(a.sizes, a.nsizes, (size_t)a.nops,
		    a.seed, a.child);
	return cmd_bench_measure(&a);
}
