/*
 * bench-live.c - vmalab bench's yardsticks outside the engine.
 *
 *   kernel      the live kernel: a child process makes the same real
 *               mmap/munmap/brk calls as the engine after filling its
 *               own address space to the same VMA count (below
 *               vm.max_map_count)
 *   seek        tests/bench-seek, when it sits beside the program (a
 *               build tree): the stepper's seek into a 1,000,000-step
 *               trace
 *
 * and what keeps the figures fair: bench runs on one CPU (the one it
 * started on: a run that migrates starts again with cold caches), and
 * the live child inherits that.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "trace/i18n.h"
#include "grader/spawn.h"

#define P		PAGE_SIZE

/* ---- the live kernel ------------------------------------------------------ */

/*
 * The real system calls. Through syscall(2) rather than <sys/mman.h>,
 * whose MAP_* macros would clash with the engine's (vm.h: the kernel's
 * own values, which these calls take). -1 and errno on failure.
 */
static long
bench_live_mmap(unsigned long len, unsigned long prot)
{
	return syscall(SYS_mmap, 0UL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1L, 0UL);
}

static long
bench_live_munmap(unsigned long addr, unsigned long len)
{
	return syscall(SYS_munmap, addr, len);
}

/* The number of lines of /proc/self/maps, without stdio or malloc. */
long
bench_live_count_vmas(void)
{
	static char buf[1 << 16];
	long lines = 0;
	ssize_t n, i;
	int fd = open("/proc/self/maps", O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++)
			lines += buf[i] == '\n';
	close(fd);
	return lines;
}

static long
bench_live_read_long(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/*
 * The child: fills its own address space to `n` VMAs with one-page
 * mappings of alternating protection (as the engine's fill), then makes
 * the workload's calls for real and reports on `fd`. Nothing here
 * allocates after the fill starts: the slot tables are mapped first.
 */
static void
bench_live_child(int fd, const struct bench_workload *w, long n)
{
	struct bench_kernel k;
	unsigned long *slots, brk, res, len, prot;
	long have, extra, i;
	double t0;

	memset(&k, 0, sizeof(k));
	k.max_map_count = bench_live_read_long("/proc/sys/vm/max_map_count");
	slots = (unsigned long *)bench_live_mmap(PAGE_ALIGN(w->nslots *
	    sizeof(*slots)), PROT_READ | PROT_WRITE);
	if (slots == (unsigned long *)-1) {
		snprintf(k.why, sizeof(k.why), _("mmap of the slot table: %s"),
		    strerror(errno));
		goto out;
	}
	brk = (unsigned long)syscall(SYS_brk, 0UL);
	/* Give the heap one page so that brk moves an existing VMA. */
	brk = (unsigned long)syscall(SYS_brk, brk + P);
	have = bench_live_count_vmas();
	extra = n - have - (long)w->nfill;
	if (have < 0 || extra < 0) {
		snprintf(k.why, sizeof(k.why), _("the process has %ld VMAs "
		    "before the fill, more than the %ld reserved"), have,
		    n - (long)w->nfill);
		goto out;
	}
	/*
	 * Mappings that are not the workload's (up to the VMA count), then
	 * the workload's fill, alternating protections all along.
	 */
	for (i = 0; i < extra + (long)w->nfill; i++) {
		bench_work_fill_shape(w, extra, i, &len, &prot);
		res = (unsigned long)bench_live_mmap(len, prot);
		if (res == (unsigned long)-1) {
			snprintf(k.why, sizeof(k.why), _("fill mapping %ld of "
			    "%ld: %s"), i + 1, extra + (long)w->nfill,
			    strerror(errno));
			goto out;
		}
		if (i >= extra)
			slots[i - extra] = res;
	}
	k.vmas_before = bench_live_count_vmas();
	t0 = bench_work_now();
	for (i = 0; i < (long)w->nops; i++) {
		const struct bench_op *op = &w->ops[i];

		switch (op->kind) {
		case BENCH_OP_MMAP:
			res = (unsigned long)bench_live_mmap(BENCH_OP_LEN(op),
			    BENCH_OP_PROT(op));
			if (res == (unsigned long)-1) {
				k.errors++;
				res = 0;
			}
			slots[op->slot] = res;
			break;
		case BENCH_OP_MUNMAP:
			if (slots[op->slot] != 0 && bench_live_munmap(
			    slots[op->slot], BENCH_OP_LEN(op)) != 0)
				k.errors++;
			break;
		case BENCH_OP_BRK:
			res = brk + (unsigned long)((long)op->pages * (long)P);
			if ((unsigned long)syscall(SYS_brk, res) != res)
				k.errors++;
			else
				brk = res;
			break;
		}
	}
	k.secs = bench_work_now() - t0;
	k.vmas_after = bench_live_count_vmas();
	k.ok = 1;
out:
	if (write(fd, &k, sizeof(k)) != (ssize_t)sizeof(k))
		_exit(1);
	_exit(0);
}

/* What the parent reads of the child's report: its bytes, counted. */
struct bench_live_report {
	struct bench_kernel	*k;
	size_t			 got;
};

static int
bench_live_report_sink(void *arg, const char *p, size_t n)
{
	struct bench_live_report *r = arg;
	size_t room = sizeof(*r->k) - r->got;

	if (n > room)
		n = room;
	memcpy((char *)r->k + r->got, p, n);
	r->got += n;
	return 0;
}

struct bench_live_job {
	const struct bench_workload	*w;
	long				 n;
};

static int
bench_live_child_fn(void *arg, int resfd)
{
	const struct bench_live_job *j = arg;

	bench_live_child(resfd, j->w, j->n);
	return 1;	/* not reached: the child ends in _exit */
}

void
bench_live_kernel(const struct bench_workload *w, long n,
    struct bench_kernel *k)
{
	struct bench_live_job j = { w, n };
	struct bench_live_report r = { k, 0 };
	struct spawn s;

	memset(k, 0, sizeof(*k));
	memset(&s, 0, sizeof(s));
	s.fn = bench_live_child_fn;
	s.arg = &j;
	s.res.sink = bench_live_report_sink;
	s.res.arg = &r;
	if (spawn_run(&s) < 0 && s.pid <= 0) {
		snprintf(k->why, sizeof(k->why), "fork: %s", strerror(errno));
		return;
	}
	if (r.got != sizeof(*k)) {
		memset(k, 0, sizeof(*k));
		snprintf(k->why, sizeof(k->why), _("the child died (%s)"),
		    s.how == SPAWN_SIGNALED ? strsignal(s.code) :
		    _("no report"));
	}
}

/* ---- the stepper's seek --------------------------------------------------- */

/* tests/bench-seek beside this program, if it is in a build tree. */
void
bench_live_seek(struct bench_seek *s)
{
	char exe[4096], line[512], cmd[4300], *slash;
	ssize_t n;
	FILE *fp;

	memset(s, 0, sizeof(*s));
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return;
	*slash = '\0';
	if (snprintf(s->path, sizeof(s->path), "%.4096s/tests/bench-seek",
	    exe) >= (int)sizeof(s->path))
		return;
	if (access(s->path, X_OK) != 0)
		return;
	snprintf(cmd, sizeof(cmd), "'%s' 2>&1", s->path);
	if ((fp = popen(cmd, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *m = strstr(line, "median ");

		if (m == NULL)
			continue;
		if (strncmp(line, "seek and draw", 13) == 0)
			s->draw_ms = strtod(m + 7, NULL);
		else if (strncmp(line, "seek to", 7) == 0)
			s->seek_ms = strtod(m + 7, NULL);
	}
	s->ok = pclose(fp) != -1 && s->seek_ms > 0 && s->draw_ms > 0;
}

/* ---- one CPU ---------------------------------------------------------- */

/*
 * Keeps this process (and the live kernel's child, which inherits it) on
 * the CPU it runs on now. Returns that CPU, or -1 when it cannot be told
 * or kept: the figures are then taken wherever the scheduler puts them.
 */
int
bench_live_pin(void)
{
	cpu_set_t set;
	int cpu = sched_getcpu();

	if (cpu >= CPU_SETSIZE)
		errno = ERANGE;
	if (cpu < 0 || cpu >= CPU_SETSIZE)
		return -1;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		return -1;
	return cpu;
}
