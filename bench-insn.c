/*
 * bench-insn.c - instructions per call: what the caches do not move.
 *
 * Wall-clock time per call grows with the address space even where the
 * work does not: at 65,530 VMAs the tree's nodes no longer fit in the
 * caches, and the same walk of 2*log2(n) nodes waits on memory. The
 * number of instructions a call retires in user space measures the work
 * alone, so that is what the per-call target is set on. Two ways to
 * count it, the first the machine allows:
 *
 *   perf      perf_event_open(2), PERF_COUNT_HW_INSTRUCTIONS with the
 *             kernel and the hypervisor excluded, enabled just before the
 *             untraced calls and disabled just after (bench_work_count),
 *             in this process, over all --ops calls
 *   callgrind for a machine without the counter (a virtual machine with
 *             no PMU) or that forbids it (kernel.perf_event_paranoid):
 *             vmalab runs itself under valgrind --tool=callgrind, one
 *             size at a time, for a short workload (the first
 *             BENCH_INSN_CALLS calls of the same one), through the hidden
 *             option --callgrind-child; callgrind collects only inside
 *             bench_work_counted (--toggle-collect), and its total is
 *             the count of the calls alone
 *
 * Callgrind counts the instructions the program executes, as the
 * hardware would retire them, on its simulated CPU: the same figure as
 * perf's, give or take the few instructions of the ioctls around it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__linux__) && defined(__has_include)
#if __has_include(<linux/perf_event.h>)
#include <linux/perf_event.h>
#define BENCH_INSN_HAVE_PERF	1
#endif
#endif

#include "bench.h"
#include "trace/i18n.h"
#include "vmalab.h"

#define BENCH_INSN_CALLS	10000	/* calls counted under callgrind */

/* ---- perf_event_open ---------------------------------------------------- */

#ifdef BENCH_INSN_HAVE_PERF
/*
 * The counter of user-space instructions of this process, disabled.
 * Returns its descriptor, or -1 with why saying why.
 */
static int
bench_insn_perf_open(char *why, size_t len)
{
	struct perf_event_attr a;
	long fd;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_HARDWARE;
	a.config = PERF_COUNT_HW_INSTRUCTIONS;
	a.disabled = 1;
	a.exclude_kernel = 1;
	a.exclude_hv = 1;
	fd = syscall(SYS_perf_event_open, &a, 0, -1, -1, 0L);
	if (fd >= 0)
		return (int)fd;
	if (errno == ENOENT || errno == EOPNOTSUPP || errno == ENODEV)
		snprintf(why, len, _("no hardware instruction counter "
		    "(perf_event_open: %s)"), strerror(errno));
	else if (errno == EACCES || errno == EPERM)
		snprintf(why, len, "%s", _("perf_event_open is not allowed "
		    "(see kernel.perf_event_paranoid)"));
	else
		snprintf(why, len, "perf_event_open: %s", strerror(errno));
	return -1;
}

static void
bench_insn_perf_on(void *ctx)
{
	struct bench_insn *i = ctx;

	ioctl(i->fd, PERF_EVENT_IOC_RESET, 0);
	ioctl(i->fd, PERF_EVENT_IOC_ENABLE, 0);
}

static void
bench_insn_perf_off(void *ctx)
{
	struct bench_insn *i = ctx;

	ioctl(i->fd, PERF_EVENT_IOC_DISABLE, 0);
}
#endif

static int
bench_insn_perf(struct bench_insn *i, struct bench_size *bs,
    struct bench_row *row)
{
#ifdef BENCH_INSN_HAVE_PERF
	uint64_t count;

	if (bench_work_count(bs, i->calls, bench_insn_perf_on,
	    bench_insn_perf_off, i) != 0) {
		snprintf(i->why, sizeof(i->why), "%s", _("out of memory"));
		return -1;
	}
	if (read(i->fd, &count, sizeof(count)) != (ssize_t)sizeof(count)) {
		snprintf(i->why, sizeof(i->why), _("reading the counter: %s"),
		    strerror(errno));
		return -1;
	}
	row->insn = (double)count / (double)i->calls;
	return 0;
#else
	(void)bs;
	(void)row;
	snprintf(i->why, sizeof(i->why), "%s",
	    _("built without perf_event_open"));
	return -1;
#endif
}

/* ---- callgrind ----------------------------------------------------------- */

/* Whether `prog` is an executable file in a directory of $PATH. */
static int
bench_insn_on_path(const char *prog)
{
	const char *path = getenv("PATH"), *p, *colon;
	char file[4096];
	size_t n;

	for (p = path; p != NULL && *p != '\0'; p = colon + 1) {
		colon = strchr(p, ':');
		n = colon != NULL ? (size_t)(colon - p) : strlen(p);
		if (n > 0 && snprintf(file, sizeof(file), "%.*s/%s", (int)n, p,
		    prog) < (int)sizeof(file) && access(file, X_OK) == 0)
			return 1;
		if (colon == NULL)
			break;
	}
	return 0;
}

/* callgrind's total of the collected instructions in `file`, or -1. */
static double
bench_insn_read_total(const char *file)
{
	char line[256];
	double total = -1;
	FILE *fp;

	if ((fp = fopen(file, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (strncmp(line, "totals:", 7) == 0 ||
		    (total < 0 && strncmp(line, "summary:", 8) == 0))
			total = strtod(strchr(line, ':') + 1, NULL);
	}
	fclose(fp);
	return total;
}

/*
 * One size under callgrind: `vmalab bench --callgrind-child` run by the
 * shell, as bench-live.c runs tests/bench-seek. Returns 0, or -1 with
 * i->why set.
 */
static int
bench_insn_callgrind(struct bench_insn *i, struct bench_row *row)
{
	const char *dir = getenv("TMPDIR");
	char exe[4096], out[4096], cmd[8400];
	ssize_t n;
	double total;
	int fd, rc;

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0) {
		snprintf(i->why, sizeof(i->why), "/proc/self/exe: %s",
		    strerror(errno));
		return -1;
	}
	exe[n] = '\0';
	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	if (snprintf(out, sizeof(out), "%s/vmalab-callgrind-XXXXXX", dir) >=
	    (int)sizeof(out) || strchr(exe, '\'') != NULL ||
	    strchr(out, '\'') != NULL) {
		snprintf(i->why, sizeof(i->why), "%s", _("the path of vmalab "
		    "or of $TMPDIR is too long or has a quote"));
		return -1;
	}
	if ((fd = mkstemp(out)) < 0) {
		snprintf(i->why, sizeof(i->why), "mkstemp: %s",
		    strerror(errno));
		return -1;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd), "valgrind --tool=callgrind "
	    "--toggle-collect='bench_work_counted*' --callgrind-out-file='%s' "
	    "'%s' bench --callgrind-child %ld --sizes %ld --ops %zu "
	    "--seed %llu >/dev/null 2>&1", out, exe, i->reserve, row->n,
	    i->calls, (unsigned long long)i->seed);
	fflush(NULL);
	rc = system(cmd);
	total = rc == 0 ? bench_insn_read_total(out) : -1;
	unlink(out);
	if (rc != 0 || total <= 0) {
		snprintf(i->why, sizeof(i->why), _("valgrind --tool=callgrind "
		    "did not count (%s)"), rc != 0 ? _("it failed") :
		    _("no total in its output"));
		return -1;
	}
	row->insn = total / (double)i->calls;
	return 0;
}

/* ---- the choice ---------------------------------------------------------- */

void
bench_insn_init(struct bench_insn *i, size_t nops, uint64_t seed,
    long reserve)
{
	char perf_why[sizeof(i->why)];

	snprintf(perf_why, sizeof(perf_why), "%s",
	    _("built without perf_event_open"));
	memset(i, 0, sizeof(*i));
	i->fd = -1;
	i->seed = seed;
	i->reserve = reserve;
#ifdef BENCH_INSN_HAVE_PERF
	if ((i->fd = bench_insn_perf_open(perf_why, sizeof(perf_why))) >= 0) {
		i->how = BENCH_INSN_PERF;
		i->calls = nops;
		return;
	}
#endif
	if (bench_insn_on_path("valgrind")) {
		i->how = BENCH_INSN_CALLGRIND;
		i->calls = nops < BENCH_INSN_CALLS ? nops : BENCH_INSN_CALLS;
		snprintf(i->why, sizeof(i->why), "%s", perf_why);
		return;
	}
	i->how = BENCH_INSN_NONE;
	snprintf(i->why, sizeof(i->why), _("%s, and no valgrind on PATH for "
	    "callgrind"), perf_why);
}

int
bench_insn_count(struct bench_insn *i, struct bench_size *bs,
    struct bench_row *row)
{
	int rc = -1;

	row->insn = 0;
	if (i->how == BENCH_INSN_PERF)
		rc = bench_insn_perf(i, bs, row);
	else if (i->how == BENCH_INSN_CALLGRIND)
		rc = bench_insn_callgrind(i, row);
	if (rc != 0)
		i->how = BENCH_INSN_NONE;
	return rc;
}

void
bench_insn_free(struct bench_insn *i)
{
	if (i->fd >= 0)
		close(i->fd);
	i->fd = -1;
}

int
bench_insn_child(const long *sizes, int nsizes, size_t nops, uint64_t seed,
    long reserve)
{
	struct bench_size bs;
	struct bench_row row;
	int k;

	for (k = 0; k < nsizes; k++) {
		if (bench_work_prepare(sizes[k], reserve, nops, seed, &bs,
		    &row) != 0)
			return EXIT_INPUT;
		if (bench_work_count(&bs, nops, NULL, NULL, NULL) != 0) {
			vmalab_error("bench: out of memory");
			bench_work_free(&bs);
			return EXIT_INPUT;
		}
		bench_work_free(&bs);
	}
	return 0;
}
