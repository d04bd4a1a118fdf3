/*
 * bench-record.c - what recording a program costs, and what replaying a
 * long recording costs.
 *
 *   overhead   the system python3 growing a bytearray past 3 MB (its
 *              realloc calls mremap), run plain, under strace -f -e
 *              trace=%memory (to /dev/null) and under vmalab record (to
 *              a file); wall-clock seconds, the best of three of each
 *   replay     a recording of 100,000 memory calls, made by recording
 *              this program's hidden `bench --record-child N` (N raw
 *              mmap and munmap calls); then parsed and replayed by the
 *              engine, every result compared with the kernel's
 *
 * Each figure comes with why it is missing when it is (no python3, no
 * strace, ptrace not allowed). The children run through the grader's
 * spawn helper, their output thrown away.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench.h"
#include "trace/i18n.h"
#include "grader/spawn.h"
#include "input/scenario.h"
#include "run/run.h"

#define BENCH_REC_TRIES	3
#define BENCH_REC_SLOTS	64

static const char bench_rec_script[] =
    "b = bytearray()\n"
    "while len(b) < 3500000:\n"
    "    b += b'x' * 65536\n"
    "print(len(b))\n";

static int
bench_rec_discard(void *arg, const char *p, size_t n)
{
	(void)arg, (void)p, (void)n;
	return 0;
}

/*
 * Runs argv with its output thrown away. Returns the wall-clock seconds
 * when it exited with status 0, else -1 with `why` filled in.
 */
static double
bench_rec_time(char *const *argv, char *why, size_t whylen)
{
	struct spawn s;
	double t0, t;

	memset(&s, 0, sizeof(s));
	s.argv = argv;
	s.out.sink = bench_rec_discard;
	s.out.drain = 1;
	s.null_stdin = 1;
	t0 = bench_work_now();
	if (spawn_run(&s) < 0 && s.pid <= 0) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		return -1;
	}
	t = bench_work_now() - t0;
	if (s.how != SPAWN_EXITED || s.code != 0) {
		snprintf(why, whylen, "%s %s %d", argv[0],
		    s.how == SPAWN_EXITED ? "exited with status" :
		    "was killed by signal", s.code);
		return -1;
	}
	return t;
}

/* The best of BENCH_REC_TRIES runs, or -1 with `why`. */
static double
bench_rec_best(char *const *argv, char *why, size_t whylen)
{
	double best = -1, t;
	int i;

	for (i = 0; i < BENCH_REC_TRIES; i++) {
		if ((t = bench_rec_time(argv, why, whylen)) < 0)
			return -1;
		if (best < 0 || t < best)
			best = t;
	}
	return best;
}

/*
 * The profile for a recording made here: 6.18 on Linux 6.13 and later,
 * whose placement it models, else 4.14.
 */
static int
bench_rec_kernel(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) != 0 || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return KERNEL_4_14;
	return major > 6 || (major == 6 && minor >= 13) ? KERNEL_6_18 :
	    KERNEL_4_14;
}

/* This program's path (/proc/self/exe), in exe. Returns 0 or -1. */
static int
bench_rec_self(char *exe, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", exe, len - 1);

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	return 0;
}

/* A scratch directory for the script and the recordings. */
static int
bench_rec_dir(struct bench_record *r)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(r->dir, sizeof(r->dir), "%s/vmalab-bench.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(r->dir) == NULL) {
		snprintf(r->why, sizeof(r->why), "mkdtemp %.180s: %s",
		    r->dir, strerror(errno));
		r->dir[0] = '\0';
		return -1;
	}
	return 0;
}

static void
bench_rec_overhead(struct bench_record *r, const char *exe)
{
	char script[4200], rec[4200];
	char *plain[] = { "/usr/bin/python3", script, NULL };
	char *strace[] = { "strace", "-f", "-e", "trace=%memory", "-o",
	    "/dev/null", "/usr/bin/python3", script, NULL };
	char *record[] = { (char *)exe, "record", "-o", rec, "--",
	    "/usr/bin/python3", script, NULL };
	FILE *fp;

	snprintf(script, sizeof(script), "%s/grow.py", r->dir);
	snprintf(rec, sizeof(rec), "%s/grow.scn", r->dir);
	if (access("/usr/bin/python3", X_OK) != 0) {
		snprintf(r->why, sizeof(r->why), "%s",
		    _("no /usr/bin/python3"));
		return;
	}
	if ((fp = fopen(script, "w")) == NULL ||
	    fputs(bench_rec_script, fp) == EOF || fclose(fp) != 0) {
		snprintf(r->why, sizeof(r->why), "%.180s: %s", script,
		    strerror(errno));
		return;
	}
	if ((r->plain_s = bench_rec_best(plain, r->why, sizeof(r->why))) < 0)
		return;
	if ((r->record_s = bench_rec_best(record, r->why, sizeof(r->why))) < 0)
		return;
	r->strace_s = bench_rec_best(strace, r->strace_why,
	    sizeof(r->strace_why));
	r->overhead_ok = 1;
}

/* Parses and replays the recording, timing each; counts agreements. */
static void
bench_rec_replay_file(struct bench_record *r, const char *path)
{
	struct scenario sc;
	struct run_opts o;
	struct run run;
	char err[SCEN_ERRLEN];
	unsigned long result;
	double t0;
	size_t i;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(r->replay_why, sizeof(r->replay_why), "%.400s: %s",
		    path, strerror(errno));
		return;
	}
	t0 = bench_work_now();
	if (scenario_parse(fp, path, &sc, err, sizeof(err)) != 0) {
		fclose(fp);
		snprintf(r->replay_why, sizeof(r->replay_why), "%s", err);
		return;
	}
	fclose(fp);
	r->parse_s = bench_work_now() - t0;
	memset(&o, 0, sizeof(o));
	o.has_kernel = 1;
	o.kernel = r->kernel;
	if (run_start(&run, &sc, &o, err, sizeof(err)) != 0) {
		snprintf(r->replay_why, sizeof(r->replay_why), "%s", err);
		scenario_free(&sc);
		return;
	}
	t0 = bench_work_now();
	for (i = 0; i < sc.nops; i++)
		(void)run_op(&run, &sc.ops[i]);
	r->replay_s = bench_work_now() - t0;
	run_end(&run);
	/* Again, to compare: the timed loop above does nothing else. */
	if (run_start(&run, &sc, &o, err, sizeof(err)) == 0) {
		for (i = 0; i < sc.nops; i++) {
			result = run_op(&run, &sc.ops[i]);
			if (sc.ops[i].has_expect) {
				r->compared++;
				r->agree += run_check(&run, &sc.ops[i],
				    result, err, sizeof(err)) != 0;
			}
		}
		run_end(&run);
	}
	r->replayed = sc.nops;
	r->replay_ok = 1;
	scenario_free(&sc);
}

static void
bench_rec_replay(struct bench_record *r, const char *exe, long ncalls)
{
	char rec[4200], n[32], why[200];
	char *record[] = { (char *)exe, "record", "-o", rec, "--",
	    (char *)exe, "bench", "--record-child", n, NULL };
	double t;

	snprintf(rec, sizeof(rec), "%s/calls.scn", r->dir);
	snprintf(n, sizeof(n), "%ld", ncalls);
	if ((t = bench_rec_time(record, why, sizeof(why))) < 0) {
		snprintf(r->replay_why, sizeof(r->replay_why),
		    _("vmalab record failed: %s"), why);
		return;
	}
	r->record_calls_s = t;
	bench_rec_replay_file(r, rec);
}

void
bench_record_measure(struct bench_record *r, long ncalls)
{
	char exe[4096], path[4300];

	memset(r, 0, sizeof(*r));
	r->ncalls = ncalls;
	r->kernel = bench_rec_kernel();
	if (bench_rec_self(exe, sizeof(exe)) != 0) {
		snprintf(r->why, sizeof(r->why), "/proc/self/exe: %s",
		    strerror(errno));
		snprintf(r->replay_why, sizeof(r->replay_why), "%s", r->why);
		return;
	}
	if (bench_rec_dir(r) != 0) {
		snprintf(r->replay_why, sizeof(r->replay_why), "%s", r->why);
		return;
	}
	bench_rec_overhead(r, exe);
	bench_rec_replay(r, exe, ncalls);
	snprintf(path, sizeof(path), "%s/grow.py", r->dir);
	(void)unlink(path);
	snprintf(path, sizeof(path), "%s/grow.scn", r->dir);
	(void)unlink(path);
	snprintf(path, sizeof(path), "%s/calls.scn", r->dir);
	(void)unlink(path);
	(void)rmdir(r->dir);
}

/*
 * The recorded child: n raw mmap and munmap calls over a few slots, no
 * libc allocation between them, so that the recording holds n calls of
 * its own after the loader's.
 */
int
bench_record_child(long n)
{
	unsigned long slot[BENCH_REC_SLOTS] = { 0 };
	long i, k;

	for (i = 0; i < n; i++) {
		k = (i / 2) % BENCH_REC_SLOTS;
		if (slot[k] == 0) {
			slot[k] = (unsigned long)syscall(SYS_mmap, 0,
			    (unsigned long)(1 + i % 7) * 4096,
			    PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (IS_ERR_VALUE(slot[k]))
				return 1;
		} else {
			(void)syscall(SYS_munmap, slot[k], 4096);
			slot[k] = 0;
		}
	}
	return 0;
}

void
bench_record_report(FILE *fp, const struct bench_record *r)
{
	fprintf(fp, "%s", _("\nRecording (vmalab record) and replaying a "
	    "recording:\n"));
	if (!r->overhead_ok)
		fprintf(fp, _("  python3 growing a bytearray past 3 MB: not "
		    "measured (%s)\n"), r->why);
	else {
		fprintf(fp, _("  python3 growing a bytearray past 3 MB, best "
		    "of %d (strace: -f -e trace=%%memory):\n       plain "
		    "%.3f s; vmalab record %.3f s (%.1fx)"), BENCH_REC_TRIES,
		    r->plain_s, r->record_s, r->record_s / r->plain_s);
		if (r->strace_s >= 0)
			fprintf(fp, _("; strace %.3f s (%.1fx)\n"), r->strace_s,
			    r->strace_s / r->plain_s);
		else
			fprintf(fp, _(";\n       strace: not measured (%s)\n"),
			    r->strace_why);
	}
	if (!r->replay_ok) {
		fprintf(fp, _("  a %ld-call recording: not measured (%s)\n"),
		    r->ncalls, r->replay_why);
		return;
	}
	fprintf(fp, _("  a recording of %ld raw mmap/munmap calls (%zu in "
	    "all, with the loader's):\n       recorded in %.3f s, parsed in "
	    "%.3f s, replayed in %.3f s (%.2f us a call);\n       %zu of %zu "
	    "results as the kernel's (--kernel %s)\n"), r->ncalls,
	    r->replayed, r->record_calls_s, r->parse_s, r->replay_s,
	    r->replayed ? r->replay_s * 1e6 / (double)r->replayed : 0.0,
	    r->agree, r->compared, r->kernel == KERNEL_6_18 ? "6.18" : "4.14");
}
