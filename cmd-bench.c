/*
 * cmd-bench.c - vmalab bench: how fast the engine is on the biggest
 * address spaces the kernel allows, beside the live kernel.
 *
 *   vmalab bench [--csv FILE] [--ops N] [--sizes N,N,...] [--repeat N]
 *                [--seed N] [--no-kernel] [--no-seek]
 *
 * For each size n (default 1,000, 10,000 and 65,530 VMAs) an x86_64
 * top-down address space is built as a process after exec has it (a
 * program, its heap, two libraries, the vdso, the stack) plus enough
 * mappings of 1 to 4 pages, of alternating protection so that none
 * merge, to make n VMAs. Then one mixed workload, drawn once from the
 * seed, is played on it:
 *
 *   40%  munmap of a mapping drawn at random among the live ones
 *   40%  mmap(NULL, ...) of the same size and protection, which the
 *        top-down search finds in the hole just made (the highest one)
 *   20%  brk, up or down by 1 to 4 pages
 *
 * so that the count stays at n (a VMA comes and goes) while every mmap
 * walks the tree to a hole anywhere in the address space. It is
 * played:
 *
 *   engine      untraced (mm->trace NULL), best of --repeat runs
 *   by kind     untraced, each call timed by itself (less what reading
 *               the clock costs): mmap, munmap and brk apart, best of
 *               --repeat runs
 *   traced      into memory, a trace_rec sink: the recording the viewers
 *               decode, written and not decoded, and cleared after each
 *               call as `vmalab run` does, best of --repeat runs
 *
 * the runs of all sizes taking turns (a slow spell of the machine then
 * falls on every size alike) on one CPU (the one bench started on: a run
 * that migrates starts again with cold caches),
 *   visits      with a counting sink: the events (the traced run's
 *               count), and the nodes unmapped_area_topdown
 *               visits per search (each assignment of `vma` in its walk),
 *               mean and maximum, beside 2*log2(n), the height bound of a
 *               red-black tree of n nodes
 *   kernel      by the live kernel: a child process makes the same real
 *               mmap/munmap/brk calls after filling its own address space
 *               to the same VMA count (below vm.max_map_count)
 *
 * and the search alone is timed on the final address space, for the
 * workload's request sizes: unmapped_area_topdown (the augmented tree)
 * against a linear scan of the VMA list from the top (first fit in the
 * search's direction), which must give the same answers.
 *
 * Last, when tests/bench-seek sits beside the program (a build tree),
 * it is run: the stepper's seek into a 1,000,000-step trace.
 *
 * The figures are printed as a table, with the targets checked
 * beside them, and written to --csv FILE (through FILE.tmp). vmalab bench
 * is a measurement, not a test: a missed target does not change the exit
 * status (0; 1 for an I/O error; 2 for a usage error).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kernel/mm.h"
#include "vmalab.h"

#define P		PAGE_SIZE
#define BENCH_MAXSIZES	8
#define BENCH_NQUERY	2000	/* searches timed per size */

static int	cmd_bench_exec(const struct cmd_entry *, int, char **);

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
	.exec = cmd_bench_exec,
};

/* ---- the workload ------------------------------------------------------ */

enum bop_kind { BOP_MMAP, BOP_MUNMAP, BOP_BRK };

/*
 * A call: all a player needs but the slot's address, so that playing it
 * reads no table of the workload's at random (only the slot's address).
 */
struct bop {
	uint8_t		 kind;
	int8_t		 pages;		/* brk: -4..4; else the slot's 1..4 */
	uint8_t		 writable;	/* mmap: PROT_WRITE too */
	uint32_t	 slot;		/* mmap: new slot; munmap: its slot */
};

#define BOP_LEN(op)	((unsigned long)(op)->pages * P)
#define BOP_PROT(op)	(PROT_READ | ((op)->writable ? PROT_WRITE : 0))

/*
 * Slots are mappings: 0..nfill-1 the fill, made before the clock starts,
 * then one per mmap of the workload. Each has its size and protection.
 */
struct workload {
	struct bop	*ops;
	size_t		 nops;
	size_t		 nfill;
	size_t		 nslots;
	uint8_t		*pages;		/* [nslots]: 1..4 */
	uint8_t		*writable;	/* [nslots]: PROT_WRITE too */
};

#define BENCH_PROT(w, slot) \
	(PROT_READ | ((w)->writable[slot] ? PROT_WRITE : 0))

struct bench_rng {
	uint64_t	 s;
};

static uint64_t
bench_rnd64(struct bench_rng *r)
{
	return splitmix64(&r->s);
}

static unsigned long
bench_rnd(struct bench_rng *r, unsigned long n)
{
	return n == 0 ? 0 : (unsigned long)(bench_rnd64(r) % n);
}

static void
bench_workload_free(struct workload *w)
{
	free(w->ops);
	free(w->pages);
	free(w->writable);
	memset(w, 0, sizeof(*w));
}

/*
 * Draws the workload over `nfill` fill slots: their sizes (protections
 * alternate), which live slot each munmap takes (uniformly), and the brk
 * steps. An mmap follows each munmap (brk calls may come between) and
 * takes the freed slot's size and protection: with one hole at a time,
 * the hole is the highest free space that fits, so the new mapping fills
 * it exactly and merges with neither neighbour. The calls refer to
 * slots, not addresses: each player keeps its own slot -> address table.
 * Returns 0, or -1 when out of memory.
 */
static int
bench_workload(struct workload *w, size_t nfill, size_t nops, uint64_t seed)
{
	struct bench_rng r = { seed * 0x100000001b3ULL + nfill };
	uint32_t *live;
	size_t nlive = nfill, i, k, hole = 0, cap = nfill + nops;
	int have_hole = 0;
	long heap = 0;

	memset(w, 0, sizeof(*w));
	w->ops = calloc(nops, sizeof(*w->ops));
	w->pages = malloc(cap);
	w->writable = malloc(cap);
	live = calloc(cap, sizeof(*live));
	if (w->ops == NULL || w->pages == NULL || w->writable == NULL ||
	    live == NULL) {
		bench_workload_free(w);
		free(live);
		return -1;
	}
	for (i = 0; i < nfill; i++) {
		live[i] = (uint32_t)i;
		w->pages[i] = (uint8_t)(1 + bench_rnd(&r, 4));
		w->writable[i] = (uint8_t)(i % 2);
	}
	w->nfill = w->nslots = nfill;
	for (i = 0; i < nops; i++) {
		struct bop *op = &w->ops[i];

		if (bench_rnd(&r, 100) < 20) {
			op->kind = BOP_BRK;
			op->pages = (int8_t)(1 + bench_rnd(&r, 4));
			if (heap >= 16 || (heap > 0 && bench_rnd(&r, 2)))
				op->pages = (int8_t)-(op->pages > heap ?
				    heap : op->pages);
			heap += op->pages;
		} else if (!have_hole) {
			op->kind = BOP_MUNMAP;
			k = bench_rnd(&r, nlive);
			op->slot = live[k];
			op->pages = (int8_t)w->pages[op->slot];
			hole = op->slot;
			have_hole = 1;
			live[k] = live[--nlive];
		} else {
			op->kind = BOP_MMAP;
			op->slot = (uint32_t)w->nslots++;
			w->pages[op->slot] = w->pages[hole];
			w->writable[op->slot] = w->writable[hole];
			op->pages = (int8_t)w->pages[hole];
			op->writable = w->writable[hole];
			live[nlive++] = op->slot;
			have_hole = 0;
		}
	}
	w->nops = nops;
	free(live);
	return 0;
}

/*
 * Fill mapping i of `extra + nfill` (the extra ones first, then the
 * slots): its size and protection. The extra ones are one page each;
 * protections alternate through the boundary, so that nothing merges.
 */
static void
bench_fill_shape(const struct workload *w, long extra, long i,
    unsigned long *len, unsigned long *prot)
{
	if (i >= extra) {
		*len = w->pages[i - extra] * P;
		*prot = BENCH_PROT(w, (size_t)(i - extra));
	} else {
		*len = P;
		*prot = PROT_READ | ((extra - i) % 2 ? PROT_WRITE : 0);
	}
}

/* ---- the engine ---------------------------------------------------------- */

static uint64_t
bench_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000U + (uint64_t)ts.tv_nsec;
}

static double
bench_now(void)
{
	return (double)bench_ns() / 1e9;
}

/*
 * What timing one call costs by itself: the least of many readings of
 * the clock back to back. Taken off each call's time in the split.
 */
static double
bench_clock_cost(void)
{
	uint64_t a, b, least = UINT64_MAX;
	int i;

	for (i = 0; i < 20000; i++) {
		a = bench_ns();
		b = bench_ns();
		if (b - a < least)
			least = b - a;
	}
	return (double)least;
}

#define F_R	(VM_READ | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define F_RX	(F_R | VM_EXEC)
#define F_RW	(F_R | VM_WRITE | VM_ACCOUNT)

/*
 * A process as exec leaves it, its libraries packed up to mmap_base (so
 * that the fill below them starts at a file mapping and merges with
 * nothing); returns its VMA count, or -1.
 */
static int
bench_exec_layout(struct mm *mm)
{
	static const struct {
		unsigned long	 start, pages, flags, pgoff;
		const char	*file;
	} v[] = {
		{ 0x555555554000UL, 1, F_R, 0, "/usr/bin/bench" },
		{ 0x555555555000UL, 2, F_RX, 1, "/usr/bin/bench" },
		{ 0x555555557000UL, 1, F_R, 3, "/usr/bin/bench" },
		{ 0x555555558000UL, 1, F_RW, 3, "/usr/bin/bench" },
		{ 0x555555559000UL, 33, F_RW, 0, NULL },	/* [heap] */
		{ 0x7ffff7dd0000UL, 38, F_R, 0, "/usr/lib/libc.so.6" },
		{ 0x7ffff7df6000UL, 341, F_RX, 38, "/usr/lib/libc.so.6" },
		{ 0x7ffff7f4b000UL, 83, F_R, 379, "/usr/lib/libc.so.6" },
		{ 0x7ffff7f9e000UL, 4, F_R, 461, "/usr/lib/libc.so.6" },
		{ 0x7ffff7fa2000UL, 2, F_RW, 465, "/usr/lib/libc.so.6" },
		{ 0x7ffff7fa4000UL, 31, F_RW, 0, NULL },
		{ 0x7ffff7fc3000UL, 4, F_R | VM_DONTEXPAND, 0, NULL }, /* [vvar] */
		{ 0x7ffff7fc7000UL, 2, F_RX | VM_DONTEXPAND, 0, NULL }, /* [vdso] */
		{ 0x7ffff7fc9000UL, 1, F_R, 0, "/usr/lib/ld.so" },
		{ 0x7ffff7fca000UL, 37, F_RX, 1, "/usr/lib/ld.so" },
		{ 0x7ffff7fef000UL, 12, F_R, 38, "/usr/lib/ld.so" },
		{ 0x7ffff7ffb000UL, 2, F_R, 50, "/usr/lib/ld.so" },
		{ 0x7ffff7ffd000UL, 2, F_RW, 52, "/usr/lib/ld.so" },
		{ 0x7ffffffde000UL, 33, F_RW | VM_GROWSDOWN, 0, NULL },
	};
	const char *err;
	size_t i;

	mm_setup_layout(mm, LAYOUT_TOPDOWN, 0);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		unsigned long pgoff = v[i].file != NULL ? v[i].pgoff :
		    v[i].start >> PAGE_SHIFT;

		if (mm_add_vma(mm, v[i].start, v[i].start + v[i].pages * P,
		    v[i].flags, pgoff, v[i].file != NULL ?
		    mm_file(mm, v[i].file) : NULL, NULL, &err) == NULL)
			return -1;
	}
	mm->start_code = 0x555555554000UL;
	mm->start_data = 0x555555558000UL;
	mm->end_data = 0x555555558010UL;
	mm->start_brk = 0x555555559000UL;
	mm->brk = 0x55555557a000UL;
	mm->start_stack = 0x7fffffffe000UL;
	return mm->map_count;
}

/* One call of the workload on an engine mm. */
static inline void
bench_engine_op(struct mm *mm, const struct bop *op, unsigned long *slots,
    unsigned long *errors)
{
	unsigned long res;

	switch (op->kind) {
	case BOP_MMAP:
		res = sys_mmap(mm, 0, BOP_LEN(op), BOP_PROT(op),
		    MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
		slots[op->slot] = IS_ERR_VALUE(res) ? 0 : res;
		*errors += IS_ERR_VALUE(res);
		break;
	case BOP_MUNMAP:
		if (slots[op->slot] != 0)
			*errors += sys_munmap(mm, slots[op->slot],
			    BOP_LEN(op)) != 0;
		break;
	case BOP_BRK:
		res = mm->brk + (unsigned long)((long)op->pages * (long)P);
		*errors += sys_brk(mm, res) != res;
		break;
	}
}

/*
 * Counting sink: node visits of the top-down search (assignments of
 * `vma` inside unmapped_area_topdown), per search.
 */
struct bench_visits {
	unsigned long	 events;	/* all of them, every function's */
	unsigned long	 cur, searches, total, max;
	unsigned long	 climbs;	/* of the total: back up to a parent */
	int		 in_search;
};

/* The untraced run timed call by call: time and count by kind of call. */
struct bench_split {
	double		 ns[3];		/* by enum bop_kind, as timed */
	unsigned long	 n[3];
};

static void
bench_visit_event(void *ctx, const struct trace_event *ev)
{
	struct bench_visits *v = ctx;

	v->events++;
	if (ev->func == NULL || strcmp(ev->func, "unmapped_area_topdown") != 0)
		return;
	switch (ev->kind) {
	case TRACE_CALL:
		v->in_search = 1;
		v->cur = 0;
		break;
	case TRACE_VALUE:
		if (v->in_search && ev->text != NULL &&
		    strcmp(ev->text, "vma") == 0)
			v->cur++;
		break;
	case TRACE_DECIDE:
		/* Each test of up_from_right follows a step up. */
		if (v->in_search && ev->decision != NULL && strcmp(
		    ev->decision->id, "unmapped_area_topdown.up_from_right") == 0)
			v->climbs++;
		break;
	case TRACE_RETURN:
		if (!v->in_search)
			break;
		v->in_search = 0;
		v->searches++;
		v->total += v->cur;
		if (v->cur > v->max)
			v->max = v->cur;
		break;
	default:
		break;
	}
}

enum bench_mode {
	MODE_PLAIN, MODE_TRACED, MODE_DECODED, MODE_VISITS, MODE_SPLIT
};

/*
 * Plays the workload on a copy of `base` (slots from `fill`); returns the
 * seconds taken, or -1 when out of memory. MODE_VISITS counts into
 * `visits`, MODE_SPLIT times each call into `split` (adding to it).
 */
static double
bench_engine_run(const struct mm *base, const struct workload *w,
    const unsigned long *fill, enum bench_mode mode,
    struct bench_visits *visits, struct bench_split *split,
    unsigned long *errors, int *map_count)
{
	struct trace t;
	struct trace_rec rec;
	unsigned long *slots;
	struct mm *mm;
	double t0, t1;
	size_t i;

	if ((mm = mm_clone(base)) == NULL ||
	    (slots = calloc(w->nslots, sizeof(*slots))) == NULL) {
		mm_free(mm);
		return -1;
	}
	memcpy(slots, fill, w->nfill * sizeof(*slots));
	trace_rec_init(&rec);
	memset(&t, 0, sizeof(t));
	if (mode == MODE_TRACED || mode == MODE_DECODED) {
		trace_rec_sink(&t, &rec);
		mm_trace_attach(mm, &t);
	} else if (mode == MODE_VISITS) {
		memset(visits, 0, sizeof(*visits));
		t.event = bench_visit_event;
		t.ctx = visits;
		mm_trace_attach(mm, &t);
	}
	*errors = 0;
	t0 = bench_now();
	if (mode == MODE_TRACED || mode == MODE_DECODED) {
		for (i = 0; i < w->nops && !rec.failed; i++) {
			trace_rec_clear(&rec);
			bench_engine_op(mm, &w->ops[i], slots, errors);
			if (mode == MODE_DECODED)
				(void)trace_rec_decode(&rec);
		}
	} else if (mode == MODE_SPLIT) {
		for (i = 0; i < w->nops; i++) {
			uint64_t a = bench_ns();

			bench_engine_op(mm, &w->ops[i], slots, errors);
			split->ns[w->ops[i].kind] += (double)(bench_ns() - a);
			split->n[w->ops[i].kind]++;
		}
	} else {
		for (i = 0; i < w->nops; i++)
			bench_engine_op(mm, &w->ops[i], slots, errors);
	}
	t1 = bench_now();
	if (rec.failed)
		t1 = t0 - 1;
	*map_count = mm->map_count;
	trace_rec_free(&rec);
	free(slots);
	mm_free(mm);
	return t1 - t0;
}

/* ---- the search alone: tree against list ---------------------------------- */

/*
 * The answer of unmapped_area_topdown, found by walking the VMA list
 * down from the last VMA: the highest gap below high_limit that holds
 * the request, or -ENOMEM. The baseline the augmented tree is measured
 * against.
 */
static unsigned long
bench_linear_topdown(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	unsigned long length = info->length + info->align_mask;
	unsigned long high_limit, low_limit, gap_start, gap_end;
	struct rb_node *last;
	struct vma *vma;

	if (length < info->length || info->high_limit < length)
		return -ENOMEM;
	high_limit = info->high_limit - length;
	if (info->low_limit > high_limit)
		return -ENOMEM;
	low_limit = info->low_limit + length;
	if (mm->highest_vm_end <= high_limit) {
		gap_end = info->high_limit;
		goto found;
	}
	if ((last = rb_last(&mm->mm_rb)) == NULL)
		return -ENOMEM;
	for (vma = rb_entry(last, struct vma, vm_rb); vma != NULL;
	    vma = vma->vm_prev) {
		gap_start = vma->vm_prev != NULL ? vm_end_gap(vma->vm_prev) : 0;
		gap_end = vm_start_gap(vma);
		if (gap_end < low_limit)
			return -ENOMEM;
		if (gap_start <= high_limit && gap_end > gap_start &&
		    gap_end - gap_start >= length) {
			if (gap_end > info->high_limit)
				gap_end = info->high_limit;
			goto found;
		}
	}
	return -ENOMEM;
found:
	gap_end -= info->length;
	return gap_end - ((gap_end - info->align_offset) & info->align_mask);
}

struct bench_search {
	double		 tree_ns, linear_ns;
	unsigned long	 mismatches;
};

static volatile unsigned long bench_sink;

/* Times BENCH_NQUERY searches of the workload's sizes both ways. */
static void
bench_search(struct mm *mm, uint64_t seed, struct bench_search *out)
{
	struct vm_unmapped_area_info info[BENCH_NQUERY];
	unsigned long res[BENCH_NQUERY];
	struct bench_rng r = { seed ^ 0x5eed };
	double t0, t1, t2;
	size_t i;
	int rep;

	memset(info, 0, sizeof(info));
	for (i = 0; i < BENCH_NQUERY; i++) {
		info[i].flags = VM_UNMAPPED_AREA_TOPDOWN;
		info[i].length = (1 + bench_rnd(&r, 4)) * P;
		info[i].low_limit = PAGE_SIZE;
		info[i].high_limit = mm->mmap_base;
	}
	out->tree_ns = out->linear_ns = 1e30;
	out->mismatches = 0;
	for (rep = 0; rep < 3; rep++) {
		t0 = bench_now();
		for (i = 0; i < BENCH_NQUERY; i++)
			res[i] = unmapped_area_topdown(mm, &info[i]);
		t1 = bench_now();
		for (i = 0; i < BENCH_NQUERY; i++) {
			unsigned long l = bench_linear_topdown(mm, &info[i]);

			bench_sink += l;
			if (rep == 0 && l != res[i])
				out->mismatches++;
		}
		t2 = bench_now();
		if ((t1 - t0) * 1e9 / BENCH_NQUERY < out->tree_ns)
			out->tree_ns = (t1 - t0) * 1e9 / BENCH_NQUERY;
		if ((t2 - t1) * 1e9 / BENCH_NQUERY < out->linear_ns)
			out->linear_ns = (t2 - t1) * 1e9 / BENCH_NQUERY;
	}
}

/* ---- the live kernel ------------------------------------------------------ */

struct bench_kernel {
	int		 ok;
	double		 secs;
	long		 vmas_before, vmas_after, max_map_count;
	unsigned long	 errors;
	char		 why[160];
};

/*
 * The real system calls. Through syscall(2) rather than <sys/mman.h>,
 * whose MAP_* macros would clash with the engine's (vm.h: the kernel's
 * own values, which these calls take). -1 and errno on failure.
 */
static long
bench_mmap(unsigned long len, unsigned long prot)
{
	return syscall(SYS_mmap, 0UL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1L, 0UL);
}

static long
bench_munmap(unsigned long addr, unsigned long len)
{
	return syscall(SYS_munmap, addr, len);
}

/* The number of lines of /proc/self/maps, without stdio or malloc. */
static long
bench_count_vmas(void)
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
bench_read_long(const char *path)
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
bench_kernel_child(int fd, const struct workload *w, long n)
{
	struct bench_kernel k;
	unsigned long *slots, brk, res, len, prot;
	long have, extra, i;
	double t0;

	memset(&k, 0, sizeof(k));
	k.max_map_count = bench_read_long("/proc/sys/vm/max_map_count");
	slots = (unsigned long *)bench_mmap(PAGE_ALIGN(w->nslots *
	    sizeof(*slots)), PROT_READ | PROT_WRITE);
	if (slots == (unsigned long *)-1) {
		snprintf(k.why, sizeof(k.why), "mmap of the slot table: %s",
		    strerror(errno));
		goto out;
	}
	brk = (unsigned long)syscall(SYS_brk, 0UL);
	/* Give the heap one page so that brk moves an existing VMA. */
	brk = (unsigned long)syscall(SYS_brk, brk + P);
	have = bench_count_vmas();
	extra = n - have - (long)w->nfill;
	if (have < 0 || extra < 0) {
		snprintf(k.why, sizeof(k.why), "the process has %ld VMAs "
		    "before the fill, more than the %ld reserved", have,
		    n - (long)w->nfill);
		goto out;
	}
	/*
	 * Mappings that are not the workload's (up to the VMA count), then
	 * the workload's fill, alternating protections all along.
	 */
	for (i = 0; i < extra + (long)w->nfill; i++) {
		bench_fill_shape(w, extra, i, &len, &prot);
		res = (unsigned long)bench_mmap(len, prot);
		if (res == (unsigned long)-1) {
			snprintf(k.why, sizeof(k.why), "fill mapping %ld of "
			    "%ld: %s", i + 1, extra + (long)w->nfill,
			    strerror(errno));
			goto out;
		}
		if (i >= extra)
			slots[i - extra] = res;
	}
	k.vmas_before = bench_count_vmas();
	t0 = bench_now();
	for (i = 0; i < (long)w->nops; i++) {
		const struct bop *op = &w->ops[i];

		switch (op->kind) {
		case BOP_MMAP:
			res = (unsigned long)bench_mmap(BOP_LEN(op),
			    BOP_PROT(op));
			if (res == (unsigned long)-1) {
				k.errors++;
				res = 0;
			}
			slots[op->slot] = res;
			break;
		case BOP_MUNMAP:
			if (slots[op->slot] != 0 && bench_munmap(
			    slots[op->slot], BOP_LEN(op)) != 0)
				k.errors++;
			break;
		case BOP_BRK:
			res = brk + (unsigned long)((long)op->pages * (long)P);
			if ((unsigned long)syscall(SYS_brk, res) != res)
				k.errors++;
			else
				brk = res;
			break;
		}
	}
	k.secs = bench_now() - t0;
	k.vmas_after = bench_count_vmas();
	k.ok = 1;
out:
	if (write(fd, &k, sizeof(k)) != (ssize_t)sizeof(k))
		_exit(1);
	_exit(0);
}

static void
bench_kernel(const struct workload *w, long n, struct bench_kernel *k)
{
	int fds[2], status;
	ssize_t got;
	pid_t pid;

	memset(k, 0, sizeof(*k));
	if (pipe(fds) != 0) {
		snprintf(k->why, sizeof(k->why), "pipe: %s", strerror(errno));
		return;
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		snprintf(k->why, sizeof(k->why), "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		bench_kernel_child(fds[1], w, n);
	}
	close(fds[1]);
	got = read(fds[0], k, sizeof(*k));
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (got != (ssize_t)sizeof(*k)) {
		memset(k, 0, sizeof(*k));
		snprintf(k->why, sizeof(k->why), "the child died (%s)",
		    WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) :
		    "no report");
	}
}

/* ---- the stepper's seek --------------------------------------------------- */

struct bench_seek {
	int		 ok;
	double		 seek_ms, draw_ms;
	char		 path[4200];
};

/* tests/bench-seek beside this program, if it is in a build tree. */
static void
bench_seek(struct bench_seek *s)
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

/* ---- one size ------------------------------------------------------------ */

struct bench_row {
	long		 n;		/* VMAs asked for */
	int		 vmas;		/* engine VMAs at the start */
	int		 vmas_end;
	double		 engine_s, traced_s;	/* seconds per workload */
	double		 decoded_s;	/* traced, and decoded after each call */
	double		 split_ns[3];	/* mean per call of each kind, timed
					   one by one, less clock_ns; best */
	double		 clock_ns;	/* what timing one call costs */
	unsigned long	 events;		/* events of the traced run */
	unsigned long	 engine_errors;
	struct bench_visits visits;
	struct bench_kernel kernel;
	struct bench_search search;
	size_t		 nops;
};

/* A size's workload, ready to be played from the engine's filled state. */
struct bench_size {
	struct workload	 w;
	struct mm	*base;
	unsigned long	*fill;		/* the fill's addresses, by slot */
	long		 nfill;
};

static void
bench_size_free(struct bench_size *bs)
{
	free(bs->fill);
	bench_workload_free(&bs->w);
	mm_free(bs->base);
	memset(bs, 0, sizeof(*bs));
}

/*
 * bench_prepare: the workload for n VMAs and the engine's address space
 * filled to n. Returns 0, or -1 with a message.
 */
static int
bench_prepare(long n, long reserve, size_t nops, uint64_t seed,
    struct bench_size *bs, struct bench_row *row)
{
	unsigned long res, len, prot;
	int nbase;
	long i, extra;

	memset(bs, 0, sizeof(*bs));
	memset(row, 0, sizeof(*row));
	row->n = n;
	row->nops = nops;
	row->engine_s = row->traced_s = row->decoded_s = 1e30;
	row->split_ns[0] = row->split_ns[1] = row->split_ns[2] = 1e30;
	if ((bs->base = mm_new(arch_find("x86_64"))) == NULL ||
	    (nbase = bench_exec_layout(bs->base)) < 0)
		goto oom;
	/*
	 * The workload's own fill leaves `reserve` VMAs to the process: the
	 * engine's exec layout and extra pages here, the live process's
	 * libraries in the kernel's child.
	 */
	bs->nfill = n - (reserve > nbase ? reserve : nbase);
	if (bs->nfill < 1) {
		vmalab_error("bench: %ld VMAs is too few (the process alone "
		    "has %ld)", n, reserve);
		goto fail;
	}
	if (bench_workload(&bs->w, (size_t)bs->nfill, nops, seed) != 0 ||
	    (bs->fill = calloc((size_t)bs->nfill, sizeof(*bs->fill))) == NULL)
		goto oom;
	extra = n - nbase - bs->nfill;
	for (i = 0; i < extra + bs->nfill; i++) {
		bench_fill_shape(&bs->w, extra, i, &len, &prot);
		res = sys_mmap(bs->base, 0, len, prot,
		    MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
		if (IS_ERR_VALUE(res)) {
			vmalab_error("bench: the engine's fill failed at "
			    "mapping %ld of %ld", i + 1, extra + bs->nfill);
			goto fail;
		}
		if (i >= extra)
			bs->fill[i - extra] = res;
	}
	row->vmas = bs->base->map_count;
	return 0;
oom:
	vmalab_error("bench: out of memory");
fail:
	bench_size_free(bs);
	return -1;
}

/*
 * bench_play: one run of the workload untraced, traced, and traced and
 * decoded, each kept when it is the best so far; then one untraced with
 * each call timed, whose mean per kind is kept when the best so far.
 * Returns 0, or -1 when out of memory.
 */
static int
bench_play(struct bench_size *bs, struct bench_row *row)
{
	static const enum bench_mode modes[] = {
		MODE_PLAIN, MODE_TRACED, MODE_DECODED,
	};
	double *best[] = { &row->engine_s, &row->traced_s, &row->decoded_s };
	struct bench_split split;
	unsigned long errors;
	int vmas;
	size_t i;
	double s;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		s = bench_engine_run(bs->base, &bs->w, bs->fill, modes[i], NULL,
		    NULL, &errors, &vmas);
		if (s < 0)
			return -1;
		if (s < *best[i])
			*best[i] = s;
		if (modes[i] == MODE_PLAIN) {
			row->engine_errors = errors;
			row->vmas_end = vmas;
		}
	}
	/* The same again, each call timed by itself: what each kind costs. */
	memset(&split, 0, sizeof(split));
	if (bench_engine_run(bs->base, &bs->w, bs->fill, MODE_SPLIT, NULL,
	    &split, &errors, &vmas) < 0)
		return -1;
	for (i = 0; i < 3; i++) {
		if (split.n[i] == 0)
			continue;
		s = split.ns[i] / (double)split.n[i] - row->clock_ns;
		if (s < 0)
			s = 0;
		if (s < row->split_ns[i])
			row->split_ns[i] = s;
	}
	return 0;
}

/*
 * bench_finish: the figures timed once (visits, the search alone, the live
 * kernel), then the size is freed. Returns 0, or -1 with a message.
 */
static int
bench_finish(struct bench_size *bs, uint64_t seed, int kernel,
    struct bench_row *row)
{
	struct mm *end = NULL;
	unsigned long *slots = NULL, errors;
	int vmas;
	size_t k;

	if (bench_engine_run(bs->base, &bs->w, bs->fill, MODE_VISITS,
	    &row->visits, NULL, &errors, &vmas) < 0)
		goto oom;
	row->events = row->visits.events;
	/* The search alone, on the state the workload leaves. */
	if ((end = mm_clone(bs->base)) == NULL ||
	    (slots = calloc(bs->w.nslots, sizeof(*slots))) == NULL)
		goto oom;
	memcpy(slots, bs->fill, (size_t)bs->nfill * sizeof(*slots));
	for (k = 0; k < bs->w.nops; k++)
		bench_engine_op(end, &bs->w.ops[k], slots, &errors);
	bench_search(end, seed, &row->search);
	free(slots);
	mm_free(end);

	if (kernel)
		bench_kernel(&bs->w, row->n, &row->kernel);
	else
		snprintf(row->kernel.why, sizeof(row->kernel.why),
		    "--no-kernel");
	bench_size_free(bs);
	return 0;
oom:
	free(slots);
	mm_free(end);
	vmalab_error("bench: out of memory");
	bench_size_free(bs);
	return -1;
}

/* ---- output ---------------------------------------------------------------- */

static double
per_sec(size_t ops, double s)
{
	return s > 0 ? (double)ops / s : 0;
}

static const char *const bench_kind_names[3] = { "mmap", "munmap", "brk" };

/* Whether a row has a time for kind k (a workload may lack a kind). */
#define BENCH_SPLIT_HAS(r, k)	((r)->split_ns[k] < 1e29)

/*
 * Of the kinds of call, the one whose cost grew most from first to last;
 * -1 when no kind was timed at both.
 */
static int
bench_split_worst(const struct bench_row *first, const struct bench_row *last)
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
bench_print_split(FILE *fp, const struct bench_row *rows, int nrows)
{
	const struct bench_row *first = &rows[0];
	int i, k;

	fprintf(fp, "\nBy kind of call (ns per call, the untraced run timed "
	    "call by call, the\nclock's own %.0f ns taken off; best of the "
	    "runs):\n", first->clock_ns);
	fprintf(fp, "%7s %9s %9s %9s\n", "VMAs", bench_kind_names[0],
	    bench_kind_names[1], bench_kind_names[2]);
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

static void
bench_print(FILE *fp, const struct bench_row *rows, int nrows,
    const struct bench_seek *seek)
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
		    r->vmas_end, per_sec(r->nops, r->engine_s),
		    per_sec(r->nops, r->traced_s), r->traced_s / r->engine_s,
		    (double)r->events / (double)r->nops);
		if (r->kernel.ok)
			fprintf(fp, "%11.0f %7.2fx\n",
			    per_sec(r->nops, r->kernel.secs),
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
	bench_print_split(fp, rows, nrows);
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
	fprintf(fp, "  %-4s per-call cost within 2x of the smallest size "
	    "(%.2fx", cost_last <= 2 * cost_first ? "ok" : "MISS",
	    cost_last / cost_first);
	if ((worst = bench_split_worst(first, last)) >= 0)
		fprintf(fp, "; %s grew most: %.2fx", bench_kind_names[worst],
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

static int
bench_csv(const char *path, const struct bench_row *rows, int nrows,
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
	    "mmap_ns,munmap_ns,brk_ns\n");
	for (i = 0; i < nrows; i++) {
		const struct bench_row *r = &rows[i];

		fprintf(fp, "%d,%d,%zu,%.0f,%.0f,%.3f,%.0f,%.3f,%.1f,",
		    r->vmas, r->vmas_end, r->nops,
		    per_sec(r->nops, r->engine_s),
		    per_sec(r->nops, r->traced_s), r->traced_s / r->engine_s,
		    per_sec(r->nops, r->decoded_s), r->decoded_s / r->engine_s,
		    (double)r->events / (double)r->nops);
		if (r->kernel.ok)
			fprintf(fp, "%.0f,%.3f,", per_sec(r->nops,
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
				fprintf(fp, "%.1f%s", r->split_ns[k],
				    k < 2 ? "," : "\n");
			else
				fputs(k < 2 ? "," : "\n", fp);
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

/* ---- the command ------------------------------------------------------------ */

enum {
	OPT_CSV = 1, OPT_OPS, OPT_SIZES, OPT_REPEAT, OPT_SEED, OPT_NO_KERNEL,
	OPT_NO_SEEK,
};

static const struct vmalab_opt bench_opts[] = {
	{ "csv", 1, OPT_CSV },
	{ "ops", 1, OPT_OPS },
	{ "sizes", 1, OPT_SIZES },
	{ "repeat", 1, OPT_REPEAT },
	{ "seed", 1, OPT_SEED },
	{ "no-kernel", 0, OPT_NO_KERNEL },
	{ "no-seek", 0, OPT_NO_SEEK },
	{ NULL, 0, 0 },
};

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

/*
 * Keeps this process (and the live kernel's child, which inherits it) on
 * the CPU it runs on now. Returns that CPU, or -1 when it cannot be told
 * or kept: the figures are then taken wherever the scheduler puts them.
 */
static int
bench_pin(void)
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

static int
cmd_bench_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	long sizes[BENCH_MAXSIZES] = { 1000, 10000, 65530 };
	struct bench_row rows[BENCH_MAXSIZES];
	struct bench_size bs[BENCH_MAXSIZES];
	struct bench_seek seek;
	struct vmalab_getopt g;
	unsigned long long v;
	const char *csv = NULL;
	unsigned long long nops = 100000, seed = 1, repeat = 5, rep;
	int nsizes = 3, kernel = 1, do_seek = 1, id, i, st = 0, cpu;
	long reserve;
	double clock_ns;

	vmalab_getopt_init(&g, cmd, argc, argv);
	while ((id = vmalab_getopt_next(&g, bench_opts)) != VMALAB_OPT_END) {
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
		}
	}

	/*
	 * The VMAs that are not the workload's: this process's own (the
	 * kernel's child inherits them) and a few the child adds (its slot
	 * table, a heap page).
	 */
	reserve = bench_count_vmas() + 8;
	memset(bs, 0, sizeof(bs));
	cpu = bench_pin();
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
		if (bench_prepare(sizes[i], reserve, (size_t)nops, seed,
		    &bs[i], &rows[i]) != 0) {
			st = EXIT_INPUT;
			goto out;
		}
	}
	clock_ns = bench_clock_cost();
	for (i = 0; i < nsizes; i++)
		rows[i].clock_ns = clock_ns;
	for (rep = 0; rep < repeat; rep++) {
		fprintf(stderr, "vmalab bench: engine runs, round %llu of "
		    "%llu...\n", rep + 1, repeat);
		for (i = 0; i < nsizes; i++)
			if (bench_play(&bs[i], &rows[i]) != 0) {
				vmalab_error("bench: out of memory");
				st = EXIT_INPUT;
				goto out;
			}
	}
	for (i = 0; i < nsizes; i++) {
		fprintf(stderr, "vmalab bench: %ld VMAs: visits, search%s...\n",
		    sizes[i], kernel ? ", live kernel" : "");
		if (bench_finish(&bs[i], seed, kernel, &rows[i]) != 0) {
			st = EXIT_INPUT;
			goto out;
		}
	}
	memset(&seek, 0, sizeof(seek));
	if (do_seek) {
		fprintf(stderr, "vmalab bench: tests/bench-seek...\n");
		bench_seek(&seek);
	}
	bench_print(stdout, rows, nsizes, &seek);
	if (csv != NULL)
		st = bench_csv(csv, rows, nsizes, &seek);
	st = vmalab_finish(st);
out:
	for (i = 0; i < nsizes; i++)
		bench_size_free(&bs[i]);
	return st;
}
