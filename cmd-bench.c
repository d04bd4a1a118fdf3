/*
 * cmd-bench.c - vmalab bench: how fast the engine is on the biggest
 * address spaces the kernel allows, beside the live kernel.
 *
 *   vmalab bench [--csv FILE] [--ops N] [--sizes N,N,...] [--repeat N]
 *                [--seed N] [--no-kernel] [--no-seek]
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
 * Last, when tests/bench-seek sits beside the program (a build tree),
 * it is run: the stepper's seek into a 1,000,000-step trace.
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
#include "vmalab.h"

static int	cmd_bench_exec(const struct cmd_entry *, int, char **);

enum {
	OPT_CSV = 1, OPT_OPS, OPT_SIZES, OPT_REPEAT, OPT_SEED, OPT_NO_KERNEL,
	OPT_NO_SEEK, OPT_CALLGRIND_CHILD,
};

static const struct vmalab_opt bench_opts[] = {
	{ "csv", 1, OPT_CSV, NULL },
	{ "ops", 1, OPT_OPS, NULL },
	{ "sizes", 1, OPT_SIZES, NULL },
	{ "repeat", 1, OPT_REPEAT, NULL },
	{ "seed", 1, OPT_SEED, NULL },
	{ "no-kernel", 0, OPT_NO_KERNEL, NULL },
	{ "no-seek", 0, OPT_NO_SEEK, NULL },
	{ "callgrind-child", 1, OPT_CALLGRIND_CHILD, NULL },	/* bench-insn.c */
	{ NULL, 0, 0, NULL },
};

const struct cmd_entry cmd_bench_entry = {
	.name = "bench",
	.usage = "[--csv FILE] [--ops N] [--sizes N,N,...] [--repeat N] "
	    "[--seed N]\n                    [--no-kernel] [--no-seek]",
	.summary = "time the engine at 1,000 to 65,530 VMAs, beside the "
	    "live kernel",
	.help =
	    "A mixed brk/mmap/munmap workload (40% munmap, 40% mmap of 1-4 "
	    "pages, 20% brk)\nat each size, on an x86_64 top-down address "
	    "space: the engine untraced and\ntraced into memory, the cost "
	    "of each kind of call, unmapped_area's node\nvisits beside "
	    "2*log2(n), the same calls made by the live kernel in a child\n"
	    "process, the augmented search against a linear one, and the "
	    "stepper's seek\ntime (tests/bench-seek, in a build tree).\n\n"
	    "  --csv FILE      also write the figures as CSV (through "
	    "FILE.tmp)\n"
	    "  --ops N         calls per workload (default 100000)\n"
	    "  --sizes LIST    VMA counts, comma-separated (default "
	    "1000,10000,65530)\n"
	    "  --repeat N      engine runs per figure, the best is kept "
	    "(default 5)\n"
	    "  --seed N        the workload's seed (default 1)\n"
	    "  --no-kernel     do not run the live-kernel yardstick\n"
	    "  --no-seek       do not run tests/bench-seek\n",
	.opts = bench_opts,
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
static int
cmd_bench_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	long sizes[BENCH_MAXSIZES] = { 1000, 10000, 65530 };
	struct bench_row rows[BENCH_MAXSIZES];
	struct bench_size bs[BENCH_MAXSIZES];
	struct bench_seek seek;
	struct bench_insn insn;
	struct vmalab_getopt g;
	unsigned long long v;
	const char *csv = NULL;
	unsigned long long nops = 100000, seed = 1, repeat = 5, rep;
	int nsizes = 3, kernel = 1, do_seek = 1, id, i, st = 0, cpu;
	long reserve, child = -1;
	double clock_ns;

	vmalab_getopt_init(&g, cmd, argc, argv);
	while ((id = vmalab_getopt_next(&g)) != VMALAB_OPT_END) {
		switch (id) {
		case VMALAB_OPT_HELP:
			return vmalab_cmd_help(cmd, stdout);
		case VMALAB_OPT_ERROR:
			return EXIT_USAGE;
		case VMALAB_OPT_OPERAND:
			return vmalab_usage_error(cmd, "unexpected argument "
			    "'%s'", g.arg);
		case OPT_CSV:
			csv = g.arg;
			break;
		case OPT_OPS:
			if (vmalab_parse_ulong(g.arg, &v) != 0 || v < 100 ||
			    v > 100000000)
				return vmalab_usage_error(cmd, "--ops wants a "
				    "number from 100 to 100000000, not '%s'",
				    g.arg);
			nops = v;
			break;
		case OPT_SIZES:
			if ((nsizes = bench_parse_sizes(g.arg, sizes)) <= 0)
				return vmalab_usage_error(cmd, "--sizes wants up "
				    "to %d VMA counts from 2 to 1000000, "
				    "comma-separated, not '%s'", BENCH_MAXSIZES,
				    g.arg);
			break;
		case OPT_REPEAT:
			if (vmalab_parse_ulong(g.arg, &v) != 0 || v < 1 ||
			    v > 100)
				return vmalab_usage_error(cmd, "--repeat wants a "
				    "number from 1 to 100, not '%s'", g.arg);
			repeat = v;
			break;
		case OPT_SEED:
			if (vmalab_parse_ulong(g.arg, &v) != 0)
				return vmalab_usage_error(cmd, "--seed wants a "
				    "number, not '%s'", g.arg);
			seed = v;
			break;
		case OPT_NO_KERNEL:
			kernel = 0;
			break;
		case OPT_NO_SEEK:
			do_seek = 0;
			break;
		case OPT_CALLGRIND_CHILD:
			if (vmalab_parse_ulong(g.arg, &v) != 0 || v > 1000000)
				return vmalab_usage_error(cmd, "--callgrind-child "
				    "wants a number, not '%s'", g.arg);
			child = (long)v;
			break;
		}
	}
	if (child >= 0)
		return bench_insn_child(sizes, nsizes, (size_t)nops, seed,
		    child);

	/*
	 * The VMAs that are not the workload's: this process's own (the
	 * kernel's child inherits them) and a few the child adds (its slot
	 * table, a heap page).
	 */
	reserve = bench_live_count_vmas() + 8;
	memset(bs, 0, sizeof(bs));
	cpu = bench_live_pin();
	bench_insn_init(&insn, (size_t)nops, seed, reserve);
	printf("vmalab bench: x86_64, top-down layout; per size, %llu calls "
	    "(40%% munmap, 40%% mmap of 1-4 pages, 20%% brk), seed %llu\n",
	    nops, seed);
	if (cpu >= 0)
		printf("vmalab bench: on CPU %d only\n", cpu);
	else
		printf("vmalab bench: not kept on one CPU (%s)\n",
		    strerror(errno));
	fflush(stdout);
	/*
	 * The runs of all sizes take turns, so that a spell of the machine
	 * running slower (another process, the host) falls on every size
	 * alike and the ratios between sizes stay true.
	 */
	for (i = 0; i < nsizes; i++) {
		fprintf(stderr, "vmalab bench: filling %ld VMAs...\n",
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
	for (rep = 0; rep < repeat; rep++) {
		fprintf(stderr, "vmalab bench: engine runs, round %llu of "
		    "%llu...\n", rep + 1, repeat);
		for (i = 0; i < nsizes; i++)
			if (bench_work_play(&bs[i], &rows[i]) != 0) {
				vmalab_error("bench: out of memory");
				st = EXIT_INPUT;
				goto out;
			}
	}
	for (i = 0; i < nsizes; i++) {
		if (insn.how != BENCH_INSN_NONE) {
			fprintf(stderr, "vmalab bench: %ld VMAs: instructions"
			    "%s...\n", sizes[i], insn.how == BENCH_INSN_PERF ?
			    "" : " (callgrind)");
			(void)bench_insn_count(&insn, &bs[i], &rows[i]);
		}
		fprintf(stderr, "vmalab bench: %ld VMAs: visits, search%s...\n",
		    sizes[i], kernel ? ", live kernel" : "");
		if (bench_work_finish(&bs[i], seed, kernel, &rows[i]) != 0) {
			st = EXIT_INPUT;
			goto out;
		}
	}
	memset(&seek, 0, sizeof(seek));
	if (do_seek) {
		fprintf(stderr, "vmalab bench: tests/bench-seek...\n");
		bench_live_seek(&seek);
	}
	bench_report_table(stdout, rows, nsizes, &seek, &insn);
	if (csv != NULL)
		st = bench_report_csv(csv, rows, nsizes, &seek);
	st = vmalab_finish(st);
out:
	bench_insn_free(&insn);
	for (i = 0; i < nsizes; i++)
		bench_work_free(&bs[i]);
	return st;
}
