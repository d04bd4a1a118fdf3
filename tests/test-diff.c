/*
 * test-diff.c - the engine against a brute-force model, on random
 * operations.
 *
 * Each run starts an engine mm and a model (bruteforce.c) from the same
 * address space, a process as exec leaves it:
 *
 *   binary  heap        libraries ... mmap_base     stack#
 *   [rrxrw][HHH)   ...   [lib][vdso][ld]    |        [####)TASK_SIZE
 *
 * then makes the same random calls on both: brk up and down, mmap with and
 * without a hint (hints anywhere, often into occupied space), MAP_FIXED
 * over existing mappings, munmap that splits, setrlimit(DATA, AS, MEMLOCK)
 * and, in some runs, a low vm.max_map_count. The "remap" configurations
 * add mprotect (sub-ranges, spans of several mappings, holes, stacks,
 * invalid arguments) and mremap (shrink, grow in place, MAYMOVE, FIXED onto
 * used and free space, invalid arguments); they come on top of the others,
 * whose random streams stay as they were. After every call it compares
 * the results, runs mm_validate, and compares the two address spaces: the
 * mapped pages as merged runs, then VMA by VMA (bounds, flags, offsets),
 * the break and the counters.
 *
 * The model merges VMAs as vma_merge does, so map_count is comparable and
 * the max_map_count limits are part of the random test.
 *
 * Layouts stay "monotone" (vm_start_gap never decreases along the list):
 * an operation whose result would break that is drawn again. 4.14's tree
 * walk prunes on that assumption and may skip a fitting gap otherwise;
 * test_quirk_growsdown_prune shows the case with exact numbers.
 *
 * A trace sink on the engine records which decisions the calls reached;
 * each configuration must take the main branches of the searches and of
 * sys_brk both ways, so that a change in the mix cannot quietly stop
 * testing the tree walk. Exact cases follow the random ones.
 *
 * Reproducible: the default seed is fixed; VMALAB_DIFF_SEED=N changes it,
 * VMALAB_DIFF_OPS=N the number of operations (split over the
 * configurations), VMALAB_DIFF_ONLY=NAME runs one configuration,
 * VMALAB_DIFF_TRACE=1 prints every operation to stderr. A failure prints
 * the seed, configuration, run and operation number.
 */
#include <check.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bruteforce.h"
#include "diffop.h"
#include "kernel/mm.h"

#define P		PAGE_SIZE
#define ERR(e)		((unsigned long)-(long)(e))
#define DEFAULT_SEED	20171112UL	/* 4.14 was released on 12 Nov 2017 */
#define DEFAULT_OPS	200000UL
#define SHOW_VMAS	20

/* ---- randomness: splitmix64, so that a seed means the same everywhere -- */

struct rng {
	uint64_t	 s;
};

static uint64_t
rng_next(struct rng *r)
{
	return splitmix64(&r->s);
}

/* Uniform in [0, n); 0 when n is 0. */
static unsigned long
rnd(struct rng *r, unsigned long n)
{
	return n == 0 ? 0 : (unsigned long)(rng_next(r) % n);
}

/* True with probability pct/100. */
static int
chance(struct rng *r, unsigned pct)
{
	return rnd(r, 100) < pct;
}

/* ---- configurations ------------------------------------------------------ */

struct diff_cfg {
	const char	*name;
	const char	*arch;
	int		 layout;	/* LAYOUT_LEGACY, LAYOUT_TOPDOWN */
	unsigned	 share;		/* parts of the operations */
	int		 tight;		/* small limits, large lengths */
	int		 crowded;	/* hundreds of small VMAs at the base */
	int		 remap;		/* also mprotect and mremap */
};

static const struct diff_cfg diff_cfgs[] = {
	{ .name = "x86_64-topdown", .arch = "x86_64", .layout = LAYOUT_TOPDOWN,
	  .share = 25 },
	{ .name = "x86_64-legacy", .arch = "x86_64", .layout = LAYOUT_LEGACY,
	  .share = 25 },
	{ .name = "x86_64-topdown-tight", .arch = "x86_64",
	  .layout = LAYOUT_TOPDOWN, .share = 10, .tight = 1 },
	{ .name = "x86_64-legacy-tight", .arch = "x86_64",
	  .layout = LAYOUT_LEGACY, .share = 10, .tight = 1 },
	{ .name = "i386-topdown", .arch = "i386", .layout = LAYOUT_TOPDOWN,
	  .share = 8, .tight = 1 },
	{ .name = "i386-legacy", .arch = "i386", .layout = LAYOUT_LEGACY,
	  .share = 8, .tight = 1 },
	{ .name = "arm64-topdown", .arch = "arm64", .layout = LAYOUT_TOPDOWN,
	  .share = 7 },
	{ .name = "arm64-legacy", .arch = "arm64", .layout = LAYOUT_LEGACY,
	  .share = 7 },
	{ .name = "x86_64-topdown-crowded", .arch = "x86_64",
	  .layout = LAYOUT_TOPDOWN, .share = 8, .crowded = 1 },
	{ .name = "x86_64-legacy-crowded", .arch = "x86_64",
	  .layout = LAYOUT_LEGACY, .share = 8, .crowded = 1 },
	{ .name = "i386-topdown-crowded", .arch = "i386",
	  .layout = LAYOUT_TOPDOWN, .share = 4, .crowded = 1, .tight = 1 },
	/* On top of the total above (their share counts from the same 120). */
	{ .name = "x86_64-topdown-remap", .arch = "x86_64",
	  .layout = LAYOUT_TOPDOWN, .share = 12, .remap = 1 },
	{ .name = "x86_64-legacy-remap", .arch = "x86_64",
	  .layout = LAYOUT_LEGACY, .share = 12, .remap = 1 },
	{ .name = "i386-topdown-remap-tight", .arch = "i386",
	  .layout = LAYOUT_TOPDOWN, .share = 6, .tight = 1, .remap = 1 },
	{ .name = "arm64-legacy-remap", .arch = "arm64",
	  .layout = LAYOUT_LEGACY, .share = 4, .remap = 1 },
};
#define NCFGS	(sizeof(diff_cfgs) / sizeof(diff_cfgs[0]))

static unsigned long
env_ulong(const char *name, unsigned long def)
{
	const char *s = getenv(name);
	char *end;
	unsigned long v;

	if (s == NULL || *s == '\0')
		return def;
	v = strtoul(s, &end, 0);
	return *end == '\0' ? v : def;
}

/* ---- one run: an engine mm and a model side by side ---------------------- */

/* Tallies, to see that the random mix reaches what it should. */
struct tally {
	unsigned long	 ops, skipped;	/* skipped: operations drawn again */
	unsigned long	 mmap_ok, mmap_hint_ok, mmap_fixed_ok, munmap_ok;
	unsigned long	 brk_moved, brk_refused;
	unsigned long	 mprotect_ok, mremap_moved, mremap_in_place;
	unsigned long	 err[128];	/* by errno, all calls */
};

/*
 * Decision coverage: which (decision, outcome) pairs of the engine the
 * random calls reached, from a trace sink on the engine's mm.
 */
#define MAXDECISIONS	1024

struct coverage {
	unsigned char	 seen[MAXDECISIONS][2];
};

struct diff_run {
	const struct diff_cfg *cfg;
	struct tally	 t;
	struct coverage	*cov;		/* NULL: not tracked */
	struct trace	 sink;
	uint64_t	 seed;		/* the master seed */
	unsigned	 runno;
	unsigned long	 opno;
	struct rng	 rng;
	struct mm	*mm;
	struct bf_mm	 bf, scratch;
	unsigned	 len_bits;	/* lengths up to 2^len_bits pages */
	int		 low_map_count;	/* this run plays with max_map_count */
	int		 verbose;	/* VMALAB_DIFF_TRACE: print each call */
	struct bf_vma	*ev;		/* the engine's VMAs as an array */
	size_t		 nev, evcap;
};

/* Files for the start state: the model knows them by number. */
static const char *const start_files[] = {
	"/usr/bin/prog", "/usr/lib/libc.so.6", "/usr/lib/ld-linux.so.2",
	"[vdso]",
};

#define F_VDSO	(VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYEXEC | VM_DONTEXPAND)

/*
 * Adds one mapping of the start state to both sides; file is an index in
 * start_files or -1 for anonymous memory (pgoff then start >> PAGE_SHIFT,
 * as do_mmap gives it). Returns 0, or -1 when it does not fit (overlap, or
 * it would make the layout non-monotone): nothing is added then.
 */
static int
run_add(struct diff_run *dr, unsigned long start, unsigned long end,
    unsigned long flags, unsigned long pgoff, int file)
{
	const char *err = "";
	int rc = dop_add_both(dr->mm, &dr->bf, &dr->scratch, start, end, flags,
	    pgoff, file < 0 ? NULL : start_files[file], 1000U + (unsigned)file,
	    &err);

	ck_assert_msg(rc <= 0, "mm_add_vma(%#lx, %#lx): %s", start, end, err);
	return rc;
}

/* A shared library: r--, r-x, r--, rw- segments of `file`, then bss. */
static unsigned long
add_library(struct diff_run *dr, unsigned long at, int file)
{
	const char *err = "";
	int rc = dop_add_object(dr->mm, &dr->bf, &dr->scratch, at,
	    start_files[file], 1000U + (unsigned)file, &at, &err);

	ck_assert_msg(rc <= 0, "mm_add_vma(%#lx): %s", at, err);
	if (rc != 0)
		return at;
	if (chance(&dr->rng, 60) && run_add(dr, at, at + 3 * P, F_RW, 0, -1) == 0)
		at += 3 * P;
	return at;
}

/* x86's mmap_base with no randomization, computed here independently. */
static unsigned long
expect_mmap_base(const struct mm *mm)
{
	unsigned long gap = mm->rlim[VM_RLIMIT_STACK].cur;

	if (gap < RLIM_INFINITY - mm->stack_guard_gap)	/* no wrap-around */
		gap += mm->stack_guard_gap;
	if (gap < SIZE_128M)
		gap = SIZE_128M;
	if (gap > mm->task_size / 6 * 5)
		gap = mm->task_size / 6 * 5;
	return PAGE_ALIGN(mm->task_size - gap);
}

static void
cov_event(void *ctx, const struct trace_event *ev)
{
	struct coverage *cov = ctx;
	long i;

	if (ev->kind != TRACE_DECIDE || ev->decision == NULL)
		return;
	i = ev->decision - decisions;
	if (i >= 0 && i < MAXDECISIONS)
		cov->seen[i][ev->outcome != 0] = 1;
}

/* Was decision `id` seen with `outcome` (0 or 1)? */
static int
cov_saw(const struct coverage *cov, const char *id, int outcome)
{
	const struct decision *d = decision_find(id);

	ck_assert_msg(d != NULL, "no decision %s", id);
	return cov->seen[d - decisions][outcome];
}

/* Sets a limit on both sides. */
static void
run_rlimit(struct diff_run *dr, int res, unsigned long cur, unsigned long max)
{
	ck_assert_int_eq(sys_setrlimit(dr->mm, res, cur, max), 0);
	ck_assert_int_eq(bf_setrlimit(&dr->bf, res, cur, max), 0);
}

static void
run_start(struct diff_run *dr)
{
	const struct diff_cfg *cfg = dr->cfg;
	struct rng *r = &dr->rng;
	struct mm *mm;
	struct bf_mm *bf = &dr->bf;
	unsigned long bin, at, heap, start_brk, stack, top, i;
	int tight = cfg->tight, layout;

	mm = mm_new(arch_find(cfg->arch));
	ck_assert_ptr_nonnull(mm);
	dr->mm = mm;
	bf_init(bf);
	bf_init(&dr->scratch);

	/* The sysctls and the task, varied from run to run. */
	i = rnd(r, 10);
	mm->mmap_min_addr = i < 6 ? 65536 : i < 9 ? 4096 : 0;
	i = rnd(r, 20);
	mm->stack_guard_gap = (i < 16 ? 256 : i < 18 ? 1 : i < 19 ? 0 : 4096) * P;
	mm->def_flags = chance(r, 8) ? VM_LOCKED : 0;
	/*
	 * A large stack rlimit moves the top-down mmap_base down (to 1/6 of
	 * the space at most), so that top-down searches fail and fall back
	 * to bottom-up ones, as the comment in the kernel says they can.
	 */
	if (chance(r, cfg->tight ? 40 : 15))
		mm->rlim[VM_RLIMIT_STACK].cur = chance(r, 50) ? RLIM_INFINITY :
		    (1UL << (27 + rnd(r, 20)));
	bf->rlim_cur[VM_RLIMIT_STACK] = mm->rlim[VM_RLIMIT_STACK].cur;
	mm_setup_layout(mm, cfg->layout, 0);

	layout = dop_model_layout(bf, mm, cfg->layout);

	/* The layout the brief states, checked rather than trusted. */
	ck_assert_int_eq(mm->layout, layout);
	if (strcmp(cfg->arch, "x86_64") == 0) {
		ck_assert_uint_eq(mm->task_size, 0x7ffffffff000UL);
		ck_assert_uint_eq(mm->mmap_legacy_base, 0x2aaaaaaab000UL);
	}
	if (bf->hooks == BF_HOOKS_X86) {
		if (layout == LAYOUT_TOPDOWN)
			ck_assert_uint_eq(mm->mmap_base, expect_mmap_base(mm));
		else
			ck_assert_uint_eq(mm->mmap_base, mm->mmap_legacy_base);
		if (strcmp(cfg->arch, "x86_64") == 0 &&
		    cfg->layout == LAYOUT_TOPDOWN &&
		    mm->rlim[VM_RLIMIT_STACK].cur == 8UL << 20)
			ck_assert_uint_eq(mm->mmap_base, 0x7ffff7fff000UL);
	}

	/* The binary, its data and bss, the heap. */
	bin = strcmp(cfg->arch, "i386") == 0 ? 0x56555000UL :
	    strcmp(cfg->arch, "arm64") == 0 ? 0xaaaaaaaa0000UL :
	    0x555555554000UL;
	at = add_library(dr, bin, 0);
	mm->start_code = bin;
	mm->start_data = bf->start_data = bin + 18 * P + 0x1d0;
	mm->end_data = bf->end_data = bin + 19 * P + 0x310 - rnd(r, 0x300);
	start_brk = at + (chance(r, 30) ? rnd(r, 4) * P : 0);
	heap = chance(r, 70) ? 1 + rnd(r, 40) : 0;
	if (heap > 0)
		ck_assert_int_eq(run_add(dr, start_brk, start_brk + heap * P,
		    F_RW, 0, -1), 0);
	mm->start_brk = bf->start_brk = start_brk;
	mm->brk = bf->brk = start_brk + heap * P - (heap > 0 ? rnd(r, P) : 0);

	/* The stack, at the top, and perhaps a thread's stack elsewhere. */
	top = mm->task_size;
	stack = top - 0x21000 - rnd(r, 16) * P;
	ck_assert_int_eq(run_add(dr, stack, top, F_STACK, 0, -1), 0);
	mm->start_stack = top - 0x1000;

	/* Libraries and the vdso at the mmap base, down or up from it. */
	if (layout == LAYOUT_TOPDOWN) {
		at = mm->mmap_base - 64 * P;
		if (chance(r, 80))
			add_library(dr, at, 2);
		at -= 4 * P;
		if (chance(r, 80))
			run_add(dr, at, at + 2 * P, F_VDSO, 0, 3);
		at -= 256 * P;
		if (chance(r, 70))
			add_library(dr, at, 1);
	} else {
		at = mm->mmap_legacy_base;
		if (chance(r, 80))
			at = add_library(dr, at, 2);
		if (chance(r, 80) && run_add(dr, at, at + 2 * P, F_VDSO, 0, 3) == 0)
			at += 2 * P;
		if (chance(r, 70))
			add_library(dr, at + rnd(r, 4) * P, 1);
	}

	/* A few anonymous mappings anywhere; a grows-down one with room. */
	for (i = rnd(r, 6); i > 0; i--) {
		unsigned long len = (1 + rnd(r, 64)) * P;
		unsigned long s = rnd(r, mm->task_size / P) * P;

		run_add(dr, s, s + len, chance(r, 70) ? F_RW : F_R, 0, -1);
	}
	if (chance(r, 30)) {
		at = mm->mmap_base - (1 + rnd(r, 1024)) * 0x100000UL;
		run_add(dr, at, at + 32 * P, F_STACK, 0, -1);
	}

	/*
	 * Crowded: hundreds of small VMAs with small holes where the search
	 * starts (below mmap_base, or above the legacy base), so that the
	 * tree is deep and the walk must prune with rb_subtree_gap.
	 */
	if (cfg->crowded) {
		unsigned long nv = 200 + rnd(r, 1800), span = nv * 8 * P;

		at = layout == LAYOUT_TOPDOWN ? mm->mmap_base - 1024 * P -
		    span : mm->mmap_legacy_base + 1024 * P;
		for (i = 0; i < nv; i++) {
			unsigned long len = (1 + rnd(r, 4)) * P;

			at += (chance(r, 10) ? 0 : 1 + rnd(r, 6)) * P;
			if (run_add(dr, at, at + len, i % 2 ? F_RW : F_R, 0,
			    -1) == 0)
				at += len;
		}
	}

	/* The run's character. */
	dr->len_bits = (unsigned)(tight ? 8 + rnd(r, 28) : 4 + rnd(r, 12));
	if (cfg->crowded)
		dr->len_bits = (unsigned)rnd(r, 5);
	if (strcmp(cfg->arch, "i386") == 0 && dr->len_bits > 18)
		dr->len_bits = 10 + rnd(r, 9);
	dr->low_map_count = chance(r, tight ? 20 : 6);
	if (dr->low_map_count)
		mm->max_map_count = (int)(bf->n + rnd(r, 40));
	bf->max_map_count = mm->max_map_count;
	if (mm->def_flags & VM_LOCKED)
		run_rlimit(dr, VM_RLIMIT_MEMLOCK, (64UL << 20), RLIM_INFINITY);
	if (tight && chance(r, 20)) {
		struct bf_counts c;

		bf_counts(bf, &c);
		run_rlimit(dr, VM_RLIMIT_AS, (c.total + rnd(r, 4096)) * P,
		    RLIM_INFINITY);
	}
	ck_assert_ptr_null(mm_validate(mm));
	if (dr->cov != NULL) {
		dr->sink.event = cov_event;
		dr->sink.ctx = dr->cov;
		dr->sink.seq = 0;
		dr->sink.depth = 0;
		mm_trace_attach(mm, &dr->sink);
	}
}

static void
run_end(struct diff_run *dr)
{
	mm_free(dr->mm);
	dr->mm = NULL;
	bf_free(&dr->bf);
	bf_free(&dr->scratch);
	free(dr->ev);
	dr->ev = NULL;
	dr->nev = dr->evcap = 0;
}

/* ---- drawing operations ---------------------------------------------------- */

static unsigned long
pick_len(struct diff_run *dr)
{
	struct rng *r = &dr->rng;
	unsigned long pages, len;
	unsigned i = (unsigned)rnd(r, 200);

	if (i == 0)
		return 0;
	if (i == 1)
		return dr->mm->task_size + P * rnd(r, 3);
	if (i == 2)
		return ~0UL - rnd(r, 2 * P);
	if (i == 3)
		return dr->mm->task_size - dr->mm->mmap_min_addr + P * rnd(r, 3);
	if (i < 8 && dr->cfg->tight)	/* about the whole bottom-up window */
		return dr->mm->task_size - dr->mm->mmap_legacy_base -
		    P * rnd(r, 1024);
	pages = 1 + rnd(r, 1UL << rnd(r, dr->len_bits + 1));
	len = pages * P;
	if (chance(r, 10))
		len -= rnd(r, P);
	return len;
}

/* A VMA of the model, at random (the engine has the same ones). */
static const struct bf_vma *
pick_vma(struct diff_run *dr)
{
	if (dr->bf.n == 0)
		return NULL;
	return &dr->bf.v[rnd(&dr->rng, dr->bf.n)];
}

/* An address near something interesting: edges, the break, the bases. */
static unsigned long
pick_addr(struct diff_run *dr, unsigned long len)
{
	struct rng *r = &dr->rng;
	const struct bf_vma *v = pick_vma(dr);
	struct mm *mm = dr->mm;
	unsigned long a, delta = (unsigned long)((long)rnd(r, 9) - 4) * P;
	unsigned i = (unsigned)rnd(r, 100);

	if (v != NULL && i < 35) {
		switch (rnd(r, 5)) {
		case 0: a = v->start; break;
		case 1: a = v->end; break;
		case 2: a = v->start - len; break;
		case 3: a = v->start - dr->bf.stack_guard_gap - len; break;
		default: a = v->start + rnd(r, (v->end - v->start) / P) * P; break;
		}
		a += chance(r, 50) ? delta : 0;
	} else if (i < 50) {
		a = PAGE_ALIGN(mm->brk) + delta + 2 * P;
	} else if (i < 68) {
		a = rnd(r, mm->task_size / P) * P;
	} else if (i < 85) {
		switch (rnd(r, 7)) {
		case 0: a = mm->mmap_base - len; break;
		case 1: a = mm->mmap_legacy_base; break;
		case 2: a = mm->task_size - len; break;
		case 3: a = mm->mmap_min_addr; break;
		case 4: a = 0x40000000UL; break;
		case 5: a = 0x80000000UL - len; break;
		default: a = PAGE_SIZE * rnd(r, 32); break;
		}
		a += delta;
	} else if (i < 97) {
		a = rnd(r, mm->task_size / P) * P + rnd(r, P);	/* unaligned */
	} else {
		a = mm->task_size + rnd(r, 4) * P;
	}
	return a;
}

static const unsigned long prots[] = {
	PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE,
	PROT_READ | PROT_WRITE, PROT_READ, PROT_NONE, PROT_READ | PROT_EXEC,
	PROT_READ | PROT_WRITE | PROT_EXEC, PROT_WRITE,
};

/*
 * Most of the time, keep [*a, *a + len) off the stack at the top (an
 * unmapped stack makes the searches too easy): move it below.
 */
static void
avoid_stack(struct diff_run *dr, unsigned long *a, unsigned long len)
{
	const struct bf_mm *bf = &dr->bf;
	const struct bf_vma *top = bf->n > 0 ? &bf->v[bf->n - 1] : NULL;

	if (top == NULL || !(top->flags & VM_GROWSDOWN) ||
	    top->end != bf->task_size || chance(&dr->rng, 10))
		return;
	if (*a < top->end && *a + len > top->start && len < top->start)
		*a = (top->start - len - rnd(&dr->rng, 4) * P) & PAGE_MASK;
}

static void
gen_mmap(struct diff_run *dr, struct dop *op, int kind)
{
	struct rng *r = &dr->rng;
	unsigned long flags, len;

	op->kind = DOP_MMAP;
	len = pick_len(dr);
	flags = MAP_ANONYMOUS;
	flags |= chance(r, 88) ? MAP_PRIVATE : chance(r, 85) ? MAP_SHARED :
	    chance(r, 50) ? 0 : MAP_SHARED_VALIDATE;
	if (chance(r, 6))
		flags |= MAP_GROWSDOWN;
	if (chance(r, 5))
		flags |= MAP_LOCKED;
	if (chance(r, 5))
		flags |= MAP_NORESERVE;
	if (chance(r, 3))
		flags |= MAP_32BIT;
	if (chance(r, 2))
		flags |= MAP_POPULATE;
	op->a[0] = 0;
	if (kind == 1)
		op->a[0] = pick_addr(dr, len);
	if (kind == 2) {
		flags |= MAP_FIXED;
		op->a[0] = pick_addr(dr, len);
		if (chance(r, 90))
			op->a[0] &= PAGE_MASK;
		avoid_stack(dr, &op->a[0], PAGE_ALIGN(len));
	}
	op->a[1] = len;
	op->a[2] = prots[rnd(r, sizeof(prots) / sizeof(prots[0]))];
	op->a[3] = flags;
	op->a[4] = chance(r, 2) ? rnd(r, 4) * P + (chance(r, 50) ? 1 : 0) : 0;
}

static void
gen_munmap(struct diff_run *dr, struct dop *op)
{
	struct rng *r = &dr->rng;
	const struct bf_vma *v;
	unsigned long len = pick_len(dr), a;

	op->kind = DOP_MUNMAP;
	a = pick_addr(dr, len);
	if (chance(r, 92))
		a &= PAGE_MASK;
	/* Often to the end of a mapping at or after the start. */
	v = pick_vma(dr);
	if (v != NULL && chance(r, 35) && v->end > a)
		len = v->end - a - (chance(r, 30) ? rnd(r, 4) * P : 0);
	avoid_stack(dr, &a, PAGE_ALIGN(len));
	op->a[0] = a;
	op->a[1] = len;
}

/* The first mapping of the model that ends above addr (find_vma). */
static const struct bf_vma *
model_find(const struct bf_mm *bf, unsigned long addr)
{
	size_t i;

	for (i = 0; i < bf->n; i++)
		if (bf->v[i].end > addr)
			return &bf->v[i];
	return NULL;
}

static void
gen_brk(struct diff_run *dr, struct dop *op)
{
	struct rng *r = &dr->rng;
	struct mm *mm = dr->mm;
	const struct bf_vma *next;
	unsigned long b = mm->brk, pages = 1 + rnd(r, 1UL << rnd(r, 12));

	op->kind = DOP_BRK;
	switch (rnd(r, 10)) {
	case 0: case 1: case 2:
		b += pages * P - rnd(r, P);
		break;
	case 3: case 4:
		b -= pages * P + rnd(r, P);
		break;
	case 5:
		b = chance(r, 50) ? 0 : mm->start_brk - rnd(r, 4 * P);
		break;
	case 6:
		b = (b & PAGE_MASK) + rnd(r, P);	/* the same page */
		break;
	case 7:
		b = mm->start_brk + rnd(r, 3);
		break;
	case 8:
		/* Right up to the next mapping: newbrk + PAGE_SIZE at its gap. */
		next = model_find(&dr->bf, PAGE_ALIGN(mm->brk));
		if (next != NULL) {
			b = bf_start_gap(&dr->bf, (size_t)(next - dr->bf.v)) -
			    P * rnd(r, 3) - rnd(r, P);
			break;
		}
		/* FALLTHROUGH */
	default:
		b += (1UL << rnd(r, 40)) + rnd(r, P);
		break;
	}
	op->a[0] = b;
}

static void
gen_setrlimit(struct diff_run *dr, struct dop *op)
{
	struct rng *r = &dr->rng;
	struct bf_counts c;
	unsigned long use, cur, max;
	int res;

	bf_counts(&dr->bf, &c);
	switch (rnd(r, 10)) {
	case 0: case 1: case 2: case 3: case 4:
		res = VM_RLIMIT_DATA;
		use = c.data;
		break;
	case 5: case 6: case 7:
		res = VM_RLIMIT_AS;
		use = c.total;
		break;
	default:
		res = VM_RLIMIT_MEMLOCK;
		use = c.locked;
		break;
	}
	switch (rnd(r, 10)) {
	case 0: case 1: case 2:
		cur = RLIM_INFINITY;
		break;
	case 3:
		cur = 0;
		break;
	default:
		cur = (use + rnd(r, 64) - (use > 8 ? 8 : use)) * P;
		if (res == VM_RLIMIT_DATA && chance(r, 40))
			cur = PAGE_ALIGN(dr->mm->brk) - dr->mm->start_brk +
			    (dr->mm->end_data - dr->mm->start_data) +
			    rnd(r, 16 * P);
		if (chance(r, 30))
			cur += rnd(r, P);
		break;
	}
	max = RLIM_INFINITY;
	if (cur != RLIM_INFINITY) {
		switch (rnd(r, 10)) {
		case 0: max = cur; break;
		case 1: max = cur + rnd(r, 64) * P; break;
		case 2: max = cur > 0 && chance(r, 30) ? cur - 1 : max; break;
		default: break;
		}
	}
	op->kind = DOP_SETRLIMIT;
	op->a[0] = (unsigned long)res;
	op->a[1] = cur;
	op->a[2] = max;
}

/* A length in pages, sometimes short of a page. */
static unsigned long
pick_pages(struct diff_run *dr, unsigned long max)
{
	unsigned long len = (1 + rnd(&dr->rng, max)) * P;

	return chance(&dr->rng, 8) ? len - rnd(&dr->rng, P) : len;
}

static void
gen_mprotect(struct diff_run *dr, struct dop *op)
{
	static const unsigned long mprots[] = {
		PROT_READ, PROT_READ | PROT_WRITE, PROT_NONE,
		PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE | PROT_EXEC,
		PROT_WRITE,
	};
	struct rng *r = &dr->rng;
	const struct bf_vma *v = pick_vma(dr);
	unsigned long a, len, prot;

	op->kind = DOP_MPROTECT;
	if (chance(r, 5)) {
		/* A mapping that may never be writable (the vdso), if any. */
		size_t k;

		for (k = 0; k < dr->bf.n; k++)
			if (!(dr->bf.v[k].flags & VM_MAYWRITE))
				v = &dr->bf.v[k];
	}
	if (v != NULL && chance(r, 80)) {
		/* A sub-range, or from inside one mapping across the next. */
		a = v->start + rnd(r, (v->end - v->start) / P) * P;
		len = chance(r, 50) ? v->end - a : pick_pages(dr, 8);
		if (chance(r, 30))
			len += pick_pages(dr, 16);
		if (chance(r, 10))
			a -= rnd(r, 4) * P;	/* from a hole below */
	} else {
		len = pick_len(dr);
		a = pick_addr(dr, len);
	}
	if (chance(r, 3))
		a += 1 + rnd(r, P - 1);
	prot = mprots[rnd(r, sizeof(mprots) / sizeof(mprots[0]))];
	if (chance(r, 4))
		prot |= PROT_GROWSDOWN;
	if (chance(r, 1))
		prot |= chance(r, 50) ? PROT_GROWSUP : 0x10;
	op->a[0] = a;
	op->a[1] = chance(r, 2) ? 0 : len;
	op->a[2] = prot;
}

static void
gen_mremap(struct diff_run *dr, struct dop *op)
{
	struct rng *r = &dr->rng;
	const struct bf_vma *v = pick_vma(dr);
	unsigned long a, old_len, new_len, flags;
	unsigned i = (unsigned)rnd(r, 100);

	op->kind = DOP_MREMAP;
	if (v != NULL && chance(r, 85)) {
		a = v->start + (chance(r, 60) ? 0 :
		    rnd(r, (v->end - v->start) / P) * P);
		old_len = chance(r, 60) ? v->end - a : pick_pages(dr, 8);
		if (chance(r, 5))
			old_len = 0;	/* duplicate: shared memory only */
	} else {
		old_len = pick_len(dr);
		a = pick_addr(dr, old_len);
	}
	if (chance(r, 3))
		a += 1 + rnd(r, P - 1);
	if (i < 30)
		new_len = old_len > P ? old_len - rnd(r, old_len / P) * P :
		    old_len;		/* shrink, or the same */
	else if (i < 90)
		new_len = old_len + pick_pages(dr, 1UL << rnd(r,
		    dr->len_bits + 1));
	else
		new_len = pick_len(dr);
	i = (unsigned)rnd(r, 100);
	flags = i < 25 ? 0 : i < 65 ? MREMAP_MAYMOVE : i < 95 ?
	    MREMAP_MAYMOVE | MREMAP_FIXED : i < 97 ? MREMAP_FIXED : 4;
	op->a[0] = a;
	op->a[1] = old_len;
	op->a[2] = new_len;
	op->a[3] = flags;
	if (flags & MREMAP_FIXED) {
		/* Onto used or free space, at times unaligned or overlapping. */
		op->a[4] = pick_addr(dr, PAGE_ALIGN(new_len));
		if (chance(r, 92))
			op->a[4] &= PAGE_MASK;
		if (chance(r, 5))
			op->a[4] = a + rnd(r, 4) * P;
		avoid_stack(dr, &op->a[4], PAGE_ALIGN(new_len));
	}
}

static void
gen_op(struct diff_run *dr, struct dop *op)
{
	unsigned i;

	memset(op, 0, sizeof(*op));
	/* Drawn only in the remap runs: the others' streams are unchanged. */
	if (dr->cfg->remap && chance(&dr->rng, 40)) {
		if (chance(&dr->rng, 45))
			gen_mprotect(dr, op);
		else
			gen_mremap(dr, op);
		return;
	}
	i = (unsigned)rnd(&dr->rng, 100);
	if (i < 20)
		gen_mmap(dr, op, 0);
	else if (i < 34)
		gen_mmap(dr, op, 1);
	else if (i < 48)
		gen_mmap(dr, op, 2);
	else if (i < 70)
		gen_munmap(dr, op);
	else if (i < 90)
		gen_brk(dr, op);
	else if (i < 98 || !dr->low_map_count)
		gen_setrlimit(dr, op);
	else {
		op->kind = DOP_MAXMAP;
		op->a[0] = dr->bf.n + rnd(&dr->rng, 6) - 2;
		if ((long)op->a[0] < 1)
			op->a[0] = 1;
	}
}

/* ---- formatting --------------------------------------------------------- */

struct sbuf {
	char	*p;
	size_t	 len, cap;
};

static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->len >= b->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += (size_t)n < b->cap - b->len ? (size_t)n :
		    b->cap - b->len - 1;
}

static void
sb_op(struct sbuf *b, const struct dop *op)
{
	char line[256];

	sb_printf(b, "%s", dop_format(line, sizeof(line), op));
}

static void
sb_result(struct sbuf *b, unsigned long v)
{
	static const char *const names[] = { [EPERM] = "EPERM",
	    [EBADF] = "EBADF", [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM",
	    [EACCES] = "EACCES", [EEXIST] = "EEXIST", [EINVAL] = "EINVAL",
	    [EFAULT] = "EFAULT",
	    [EOVERFLOW] = "EOVERFLOW" };
	unsigned long e = -v;

	if (!IS_ERR_VALUE(v))
		sb_printf(b, "%#lx", v);
	else if (e < sizeof(names) / sizeof(names[0]) && names[e] != NULL)
		sb_printf(b, "-%s", names[e]);
	else
		sb_printf(b, "-%lu", e);
}

static void
sb_vmas(struct sbuf *b, const char *who, const struct bf_vma *v, size_t n,
    size_t from)
{
	size_t i, last = from + SHOW_VMAS < n ? from + SHOW_VMAS : n;

	sb_printf(b, "  %s: %zu VMAs%s\n", who, n, from ? " (from the first "
	    "difference)" : "");
	for (i = from; i < last; i++)
		sb_printf(b, "    %3zu %012lx-%012lx flags %#8lx pgoff %#lx%s\n",
		    i, v[i].start, v[i].end, v[i].flags, v[i].pgoff,
		    v[i].file ? " file" : "");
	if (last < n)
		sb_printf(b, "    ... %zu more\n", n - last);
}

/* ---- comparing ----------------------------------------------------------- */

/* The engine's VMAs as model intervals (file: 1 for any file). */
static void
engine_vmas(struct diff_run *dr)
{
	const struct vma *vma;
	size_t n = 0;

	for (vma = dr->mm->mmap; vma != NULL; vma = vma->vm_next)
		n++;
	if (n > dr->evcap) {
		dr->evcap = n * 2;
		dr->ev = realloc(dr->ev, dr->evcap * sizeof(*dr->ev));
		ck_assert_ptr_nonnull(dr->ev);
	}
	n = 0;
	for (vma = dr->mm->mmap; vma != NULL; vma = vma->vm_next, n++) {
		dr->ev[n].start = vma->vm_start;
		dr->ev[n].end = vma->vm_end;
		dr->ev[n].flags = vma->vm_flags & ~VM_SOFTDIRTY;
		dr->ev[n].pgoff = vma->vm_pgoff;
		dr->ev[n].file = vma->vm_file != NULL;
	}
	dr->nev = n;
}

/*
 * The next run of mapped pages at or after index *i: adjacent intervals
 * are one run. Returns 0 when there is none.
 */
static int
next_run(const struct bf_vma *v, size_t n, size_t *i, unsigned long *s,
    unsigned long *e)
{
	if (*i >= n)
		return 0;
	*s = v[*i].start;
	*e = v[*i].end;
	for ((*i)++; *i < n && v[*i].start == *e; (*i)++)
		*e = v[*i].end;
	return 1;
}

/* Returns NULL when both sides agree, else what differs (static text). */
static const char *
compare(struct diff_run *dr, unsigned long eres, unsigned long mres,
    size_t *firstdiff)
{
	const struct bf_mm *bf = &dr->bf;
	const struct mm *mm = dr->mm;
	struct bf_counts c;
	size_t i = 0, j = 0, k;
	unsigned long es, ee, ms, me;
	const char *msg;
	int more_e, more_m;

	*firstdiff = 0;
	if (eres != mres)
		return "the results differ";
	if ((msg = mm_validate(mm)) != NULL)
		return msg;
	engine_vmas(dr);
	/* The address spaces: the same pages mapped, as merged runs. */
	for (;;) {
		more_e = next_run(dr->ev, dr->nev, &i, &es, &ee);
		more_m = next_run(bf->v, bf->n, &j, &ms, &me);
		if (!more_e && !more_m)
			break;
		if (more_e != more_m || es != ms || ee != me) {
			*firstdiff = i < j ? i : j;
			*firstdiff = *firstdiff > 4 ? *firstdiff - 4 : 0;
			return "the mapped pages differ";
		}
	}
	/* VMA by VMA: the merges, the flags, the offsets. */
	for (k = 0; k < dr->nev && k < bf->n; k++) {
		if (dr->ev[k].start != bf->v[k].start ||
		    dr->ev[k].end != bf->v[k].end ||
		    dr->ev[k].flags != bf->v[k].flags ||
		    dr->ev[k].pgoff != bf->v[k].pgoff ||
		    dr->ev[k].file != (bf->v[k].file != 0)) {
			*firstdiff = k > 4 ? k - 4 : 0;
			return "the VMAs differ (bounds, flags, offset or file)";
		}
	}
	if (dr->nev != bf->n || mm->map_count != (int)bf->n)
		return "the VMA counts differ";
	if (mm->brk != bf->brk)
		return "the breaks differ";
	bf_counts(bf, &c);
	if (mm->total_vm != c.total || mm->data_vm != c.data ||
	    mm->exec_vm != c.exec || mm->stack_vm != c.stack ||
	    mm->locked_vm != c.locked)
		return "the page counters differ";
	return NULL;
}

static void
fail_report(struct diff_run *dr, const struct dop *op, unsigned long eres,
    unsigned long mres, const char *what, size_t firstdiff)
{
	static char text[24576];
	struct sbuf b = { text, 0, sizeof(text) };
	struct bf_counts c;

	engine_vmas(dr);
	bf_counts(&dr->bf, &c);
	sb_printf(&b, "test-diff: %s\n  seed %" PRIu64 " (VMALAB_DIFF_SEED), "
	    "configuration %s, run %u, operation %lu\n  op: ", what, dr->seed,
	    dr->cfg->name, dr->runno, dr->opno);
	sb_op(&b, op);
	sb_printf(&b, "\n  engine result: ");
	sb_result(&b, eres);
	sb_printf(&b, "\n  model result:  ");
	sb_result(&b, mres);
	sb_printf(&b, "\n  engine: brk %#lx map_count %d total %lu data %lu "
	    "exec %lu stack %lu locked %lu\n", dr->mm->brk, dr->mm->map_count,
	    dr->mm->total_vm, dr->mm->data_vm, dr->mm->exec_vm,
	    dr->mm->stack_vm, dr->mm->locked_vm);
	sb_printf(&b, "  model:  brk %#lx map_count %zu total %lu data %lu "
	    "exec %lu stack %lu locked %lu\n", dr->bf.brk, dr->bf.n, c.total,
	    c.data, c.exec, c.stack, c.locked);
	sb_printf(&b, "  mm: start_brk %#lx start_data %#lx end_data %#lx "
	    "mmap_base %#lx legacy_base %#lx mmap_min_addr %#lx guard %#lx "
	    "max_map_count %d\n", dr->mm->start_brk, dr->mm->start_data,
	    dr->mm->end_data, dr->mm->mmap_base, dr->mm->mmap_legacy_base,
	    dr->mm->mmap_min_addr, dr->mm->stack_guard_gap,
	    dr->mm->max_map_count);
	sb_printf(&b, "  rlimits (cur/max): DATA %#lx/%#lx AS %#lx/%#lx "
	    "MEMLOCK %#lx/%#lx\n", dr->bf.rlim_cur[VM_RLIMIT_DATA],
	    dr->bf.rlim_max[VM_RLIMIT_DATA], dr->bf.rlim_cur[VM_RLIMIT_AS],
	    dr->bf.rlim_max[VM_RLIMIT_AS], dr->bf.rlim_cur[VM_RLIMIT_MEMLOCK],
	    dr->bf.rlim_max[VM_RLIMIT_MEMLOCK]);
	sb_vmas(&b, "engine", dr->ev, dr->nev, 0);
	sb_vmas(&b, "model", dr->bf.v, dr->bf.n, 0);
	if (firstdiff > 0) {
		sb_vmas(&b, "engine", dr->ev, dr->nev, firstdiff);
		sb_vmas(&b, "model", dr->bf.v, dr->bf.n, firstdiff);
	}
	ck_abort_msg("%s", text);
}

/* ---- running ------------------------------------------------------------- */

static void
tally(struct diff_run *dr, const struct dop *op, unsigned long res)
{
	struct tally *t = &dr->t;

	t->ops++;
	if (IS_ERR_VALUE(res) && op->kind != DOP_BRK) {
		if (-res < sizeof(t->err) / sizeof(t->err[0]))
			t->err[-res]++;
		return;
	}
	switch (op->kind) {
	case DOP_MMAP:
		if (op->a[3] & MAP_FIXED)
			t->mmap_fixed_ok++;
		else if (op->a[0] != 0 && res == (op->a[0] & PAGE_MASK))
			t->mmap_hint_ok++;
		else
			t->mmap_ok++;
		break;
	case DOP_MUNMAP:
		t->munmap_ok++;
		break;
	case DOP_BRK:
		if (res == op->a[0])
			t->brk_moved++;
		else
			t->brk_refused++;
		break;
	case DOP_MPROTECT:
		t->mprotect_ok++;
		break;
	case DOP_MREMAP:
		if (res == op->a[0])
			t->mremap_in_place++;
		else
			t->mremap_moved++;
		break;
	default:
		break;
	}
}

/*
 * One operation: drawn until the model's result layout is monotone (see
 * the top of the file), then made on both sides and compared.
 */
static void
run_step(struct diff_run *dr)
{
	struct bf_mm tmp;
	struct dop op;
	unsigned long eres, mres = 0;
	const char *what;
	size_t firstdiff;
	int tries;

	for (tries = 0; tries < 50; tries++) {
		gen_op(dr, &op);
		bf_copy(&dr->scratch, &dr->bf);
		mres = dop_model(&dr->scratch, &op);
		if (bf_monotone(&dr->scratch))
			break;
		dr->t.skipped++;
	}
	if (tries == 50)
		return;
	if (dr->verbose) {
		static char line[512];
		struct sbuf b = { line, 0, sizeof(line) };

		sb_op(&b, &op);
		fprintf(stderr, "%s run %u op %lu: %s = ", dr->cfg->name,
		    dr->runno, dr->opno, line);
		b.len = 0;
		sb_result(&b, mres);
		fprintf(stderr, "%s\n", line);
	}
	eres = dop_engine(dr->mm, &op);
	tally(dr, &op, eres);
	tmp = dr->bf;
	dr->bf = dr->scratch;
	dr->scratch = tmp;
	what = compare(dr, eres, mres, &firstdiff);
	if (what != NULL)
		fail_report(dr, &op, eres, mres, what, firstdiff);
}

static void
diff_config(const struct diff_cfg *cfg, uint64_t seed, unsigned long nops,
    struct tally *t, struct coverage *cov)
{
	struct diff_run dr;
	unsigned long done = 0, len;
	unsigned run = 0;

	memset(&dr, 0, sizeof(dr));
	dr.cfg = cfg;
	dr.cov = cov;
	dr.seed = seed;
	dr.verbose = env_ulong("VMALAB_DIFF_TRACE", 0) != 0;
	while (done < nops) {
		/* Each run has its own stream: runs can be replayed alone. */
		dr.rng.s = seed * 0x100000001b3ULL ^
		    ((uint64_t)(cfg - diff_cfgs) << 32) ^ run;
		dr.runno = run++;
		run_start(&dr);
		len = 100 + rnd(&dr.rng, 1900);
		if (len > nops - done)
			len = nops - done;
		for (dr.opno = 0; dr.opno < len; dr.opno++)
			run_step(&dr);
		done += len;
		run_end(&dr);
	}
	*t = dr.t;
}

static uint64_t
diff_seed(void)
{
	return env_ulong("VMALAB_DIFF_SEED", DEFAULT_SEED);
}

/*
 * The decisions that each kind of configuration must reach: the walk down
 * the tree, the pruning by rb_subtree_gap, the climb back up, the
 * fallbacks, and sys_brk's checks. outcome -1 means both ways. What is
 * missed is printed; for runs long enough to be sure of it, asserted.
 */
struct cov_req {
	const char	*id;
	int		 outcome;
};

static const struct cov_req cov_brk[] = {
	{ "sys_brk.below_min_brk", -1 }, { "sys_brk.rlimit_data", -1 },
	{ "sys_brk.same_page", -1 }, { "sys_brk.shrink", -1 },
	{ "sys_brk.next_too_close", -1 }, { "sys_brk.do_brk_failed", -1 },
	{ "do_brk.may_expand_vm", -1 }, { "do_brk.merged", -1 }, { NULL, 0 },
};
static const struct cov_req cov_bottomup[] = {
	{ "unmapped_area.root_gap_small", 0 },
	{ "unmapped_area.left_possible", -1 }, { "unmapped_area.go_left", -1 },
	{ "unmapped_area.gap_fits", -1 }, { "unmapped_area.has_right", -1 },
	{ "unmapped_area.go_right", -1 }, { "unmapped_area.at_root", 0 },
	{ "unmapped_area.up_from_left", -1 },
	{ "unmapped_area.highest_past_limit", 0 },
	{ "unmapped_area.clip_low", -1 },
	{ "arch_get_unmapped_area.hint_free", -1 }, { NULL, 0 },
};
static const struct cov_req cov_topdown[] = {
	{ "unmapped_area_topdown.highest_fits", -1 },
	{ "unmapped_area_topdown.right_possible", -1 },
	{ "unmapped_area_topdown.go_right", -1 },
	{ "unmapped_area_topdown.gap_fits", -1 },
	{ "unmapped_area_topdown.has_left", -1 },
	{ "unmapped_area_topdown.go_left", -1 },
	{ "unmapped_area_topdown.up_from_right", -1 },
	{ "arch_get_unmapped_area_topdown.found", -1 },
	{ "arch_get_unmapped_area_topdown.hint_free", -1 }, { NULL, 0 },
};
/* mprotect and mremap: splits, merges, holes, in place and moved. */
static const struct cov_req cov_remap[] = {
	{ "sys_mprotect.hole", -1 }, { "sys_mprotect.done", -1 },
	{ "sys_mprotect.not_permitted", 0 },
	{ "mprotect_fixup.merged", -1 }, { "mprotect_fixup.split_start", -1 },
	{ "mprotect_fixup.split_end", -1 }, { "mprotect_fixup.same_flags", -1 },
	{ "sys_mremap.shrink", -1 }, { "sys_mremap.expandable", -1 },
	{ "sys_mremap.maymove", -1 }, { "sys_mremap.no_area", 0 },
	{ "vma_to_resize.not_mapped", -1 }, { "vma_to_resize.past_end", -1 },
	{ "mremap_to.overlap", -1 }, { "mremap_to.shrink", -1 },
	{ "move_vma.accounted", -1 }, { "move_vma.pieces_left", -1 },
	{ "copy_vma.merged", -1 }, { "copy_vma.unfaulted_anon", -1 },
	{ NULL, 0 },
};
/* A full address space: the search itself fails (tight runs). */
static const struct cov_req cov_exhausted[] = {
	{ "unmapped_area.highest_past_limit", 1 }, { NULL, 0 },
};

static void
cov_need(const struct coverage *cov, const struct cov_req *req, int arm64,
    char *missed, size_t size)
{
	int o;

	for (; req->id != NULL; req++) {
		if (arm64 && strncmp(req->id, "arch_", 5) == 0)
			continue;	/* x86's hooks */
		for (o = 0; o < 2; o++) {
			if ((req->outcome >= 0 && req->outcome != o) ||
			    cov_saw(cov, req->id, o))
				continue;
			if (strlen(missed) + strlen(req->id) + 4 < size) {
				strcat(missed, " ");
				strcat(missed, req->id);
				strcat(missed, o ? "=1" : "=0");
			}
		}
	}
}

static void
check_coverage(const struct diff_cfg *cfg, const struct coverage *cov,
    unsigned long nops)
{
	char missed[2048] = "";
	int arm64 = strcmp(cfg->arch, "arm64") == 0;

	cov_need(cov, cov_brk, arm64, missed, sizeof(missed));
	cov_need(cov, cfg->layout == LAYOUT_TOPDOWN ? cov_topdown :
	    cov_bottomup, arm64, missed, sizeof(missed));
	if (cfg->tight && !cfg->crowded)
		cov_need(cov, cov_exhausted, arm64, missed, sizeof(missed));
	if (cfg->remap)
		cov_need(cov, cov_remap, arm64, missed, sizeof(missed));
	if (missed[0] != '\0')
		fprintf(stderr, "test-diff: %s did not reach:%s\n", cfg->name,
		    missed);
	ck_assert_msg(nops < 5000 || missed[0] == '\0',
	    "%s: decisions not reached by the random calls:%s", cfg->name,
	    missed);
}

START_TEST(test_diff)
{
	const struct diff_cfg *cfg = &diff_cfgs[_i];
	unsigned long total = env_ulong("VMALAB_DIFF_OPS", DEFAULT_OPS);
	unsigned long share = 0, nops;
	static struct coverage cov;
	struct tally t;
	size_t k;

	if (getenv("VMALAB_DIFF_ONLY") != NULL &&
	    strcmp(getenv("VMALAB_DIFF_ONLY"), cfg->name) != 0)
		return;
	for (k = 0; k < NCFGS; k++)
		if (!diff_cfgs[k].remap)
			share += diff_cfgs[k].share;
	nops = total * cfg->share / share;
	if (nops == 0)
		nops = 1;
	memset(&t, 0, sizeof(t));
	memset(&cov, 0, sizeof(cov));
	diff_config(cfg, diff_seed(), nops, &t, &cov);
	fprintf(stderr, "test-diff: %-22s %lu ops (%lu redrawn): mmap %lu, "
	    "hint %lu, fixed %lu, munmap %lu, brk moved %lu refused %lu; "
	    "ENOMEM %lu EINVAL %lu EPERM %lu EAGAIN %lu\n", cfg->name, t.ops,
	    t.skipped, t.mmap_ok, t.mmap_hint_ok, t.mmap_fixed_ok, t.munmap_ok,
	    t.brk_moved, t.brk_refused, t.err[ENOMEM], t.err[EINVAL],
	    t.err[EPERM], t.err[EAGAIN]);
	if (cfg->remap)
		fprintf(stderr, "test-diff: %-22s mprotect %lu, mremap in "
		    "place %lu moved %lu; EFAULT %lu EACCES %lu\n", cfg->name,
		    t.mprotect_ok, t.mremap_in_place, t.mremap_moved,
		    t.err[EFAULT], t.err[EACCES]);
	ck_assert_uint_eq(t.ops, nops);
	/* The mix must reach both outcomes of the main paths. */
	if (nops >= 5000) {
		ck_assert_uint_gt(t.mmap_ok, 0);
		ck_assert_uint_gt(t.mmap_hint_ok, 0);
		ck_assert_uint_gt(t.mmap_fixed_ok, 0);
		ck_assert_uint_gt(t.munmap_ok, 0);
		ck_assert_uint_gt(t.brk_moved, 0);
		ck_assert_uint_gt(t.brk_refused, 0);
		ck_assert_uint_gt(t.err[ENOMEM], 0);
		ck_assert_uint_gt(t.err[EINVAL], 0);
		ck_assert_uint_gt(t.err[EPERM], 0);
		if (cfg->remap) {
			ck_assert_uint_gt(t.mprotect_ok, 0);
			ck_assert_uint_gt(t.mremap_in_place, 0);
			ck_assert_uint_gt(t.mremap_moved, 0);
			ck_assert_uint_gt(t.err[EFAULT], 0);
			/* the vdso rarely survives the tight runs' MAP_FIXED */
			if (!cfg->tight)
				ck_assert_uint_gt(t.err[EACCES], 0);
		}
	}
	check_coverage(cfg, &cov, nops);
}
END_TEST

/* ---- exact cases ------------------------------------------------------------ */

/*
 * Both sides from one list of mappings. flags 0 means private read-write
 * anonymous memory.
 */
struct exact_vma {
	unsigned long	 start, end, flags;
};

static void
exact_start(struct diff_run *dr, int layout, const struct exact_vma *v,
    size_t n)
{
	size_t i;
	const char *err;

	memset(dr, 0, sizeof(*dr));
	dr->mm = mm_new(NULL);
	ck_assert_ptr_nonnull(dr->mm);
	mm_setup_layout(dr->mm, layout, 0);
	bf_init(&dr->bf);
	bf_init(&dr->scratch);
	dr->bf.topdown = layout == LAYOUT_TOPDOWN;
	dr->bf.map_32bit = 1;
	dr->bf.task_size = dr->mm->task_size;
	dr->bf.mmap_base = dr->mm->mmap_base;
	dr->bf.legacy_base = dr->mm->mmap_legacy_base;
	dr->bf.unmapped_base = dr->mm->mmap_legacy_base;
	for (i = 0; i < n; i++) {
		unsigned long f = v[i].flags ? v[i].flags : F_RW;

		ck_assert_ptr_nonnull(mm_add_vma(dr->mm, v[i].start, v[i].end,
		    f, v[i].start >> PAGE_SHIFT, NULL, NULL, &err));
		ck_assert_int_eq(bf_add(&dr->bf, v[i].start, v[i].end, f,
		    v[i].start >> PAGE_SHIFT, 0), 0);
	}
}

/*
 * The quirk of 4.14's unmapped_area (legacy layout, B = mmap_legacy_base,
 * guard gap 256 pages):
 *
 *        B    B+8k   B+12k  B+16k               B+1G
 *        |....[ L   ][ C#  )......................[ D  )
 *              <-------- C's guard gap reaches far below L
 *
 * The tree holds L, C, D with C at the root. Searching for one page,
 * low_limit + length = B + 4k; at the root vm_start_gap(C) = B+12k - 1M is
 * below that, so the walk does not go left, although the gap below L
 * ([B, B+8k)) fits. It settles on the gap above C: B+16k. The first fit
 * is B. The engine does what 4.14 does; the model, which has no tree,
 * finds B: that is why the random test keeps layouts monotone.
 */
START_TEST(test_quirk_growsdown_prune)
{
	struct diff_run dr;
	unsigned long B = 0x2aaaaaaab000UL, r;
	const struct exact_vma v[] = {
		{ B + 0x2000, B + 0x3000, 0 },
		{ B + 0x3000, B + 0x4000, F_STACK },
		{ B + 0x40000000UL, B + 0x40001000UL, F_R },
	};

	exact_start(&dr, LAYOUT_LEGACY, v, 3);
	ck_assert_uint_eq(rb_entry(dr.mm->mm_rb.rb_node, struct vma,
	    vm_rb)->vm_start, B + 0x3000);
	ck_assert_int_eq(bf_monotone(&dr.bf), 0);
	ck_assert_uint_eq(bf_first_fit(&dr.bf, P, B, dr.bf.task_size), B);
	r = sys_mmap(dr.mm, 0, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
	    NULL, 0);
	ck_assert_uint_eq(r, B + 0x4000);
	ck_assert_ptr_null(mm_validate(dr.mm));
	/* With C made an ordinary mapping, engine and model agree on B. */
	run_end(&dr);
	{
		const struct exact_vma w[] = {
			{ B + 0x2000, B + 0x3000, 0 },
			{ B + 0x3000, B + 0x4000, F_R },
			{ B + 0x40000000UL, B + 0x40001000UL, F_R },
		};

		exact_start(&dr, LAYOUT_LEGACY, w, 3);
		ck_assert_uint_eq(sys_mmap(dr.mm, 0, P, PROT_READ,
		    MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0), B);
		ck_assert_uint_eq(bf_mmap(&dr.bf, 0, P, PROT_READ,
		    MAP_PRIVATE | MAP_ANONYMOUS, 0), B);
		run_end(&dr);
	}
}
END_TEST

/*
 * max_map_count, exactly, on both sides:
 *
 *   AAAA bbbb AAAA        three VMAs, limit 3
 *   AAA. bbbb AAAA        a hole in A would make four: ENOMEM; cutting its
 *                         end is fine
 *   then mmap: 3 is not above 3, so a fourth VMA is made; a fifth is not.
 *   MAP_FIXED inside the last A with A's own flags splits it in three
 *   (refused at map_count >= max) and merges it back whole.
 */
#define XB	0x100000000UL
START_TEST(test_max_map_count_exact)
{
	struct diff_run dr;
	const struct exact_vma v[] = {
		{ XB, XB + 4 * P, 0 },
		{ XB + 5 * P, XB + 9 * P, F_R },
		{ XB + 10 * P, XB + 14 * P, 0 },
	};
#define STEP(m, k, w, c, ...) { .max = m, .op = { .kind = k, \
	.a = { __VA_ARGS__ } }, .want = w, .count = c }
	static const struct {
		int		 max;
		struct dop	 op;
		unsigned long	 want;	/* 1: an address, whatever it is */
		int		 count;
	} steps[] = {
		STEP(3, DOP_MUNMAP, ERR(ENOMEM), 3, XB + P, P),
		STEP(3, DOP_MUNMAP, 0, 3, XB + 3 * P, P),
		STEP(3, DOP_MMAP, 1, 4, 0, P, PROT_READ,
		    MAP_PRIVATE | MAP_ANONYMOUS),
		STEP(3, DOP_MMAP, ERR(ENOMEM), 4, 0, P, PROT_READ,
		    MAP_PRIVATE | MAP_ANONYMOUS),
		STEP(4, DOP_MMAP, ERR(ENOMEM), 4, XB + 11 * P, P,
		    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED),
		STEP(5, DOP_MMAP, XB + 11 * P, 4, XB + 11 * P, P,
		    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED),
		STEP(4, DOP_MUNMAP, ERR(ENOMEM), 4, XB + 12 * P, P),
	};
#undef STEP
	unsigned long er, mr;
	const char *what;
	size_t i, fd;

	exact_start(&dr, LAYOUT_TOPDOWN, v, 3);
	dr.cfg = &diff_cfgs[0];
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		dr.opno = i;
		dr.mm->max_map_count = dr.bf.max_map_count = steps[i].max;
		er = dop_engine(dr.mm, &steps[i].op);
		mr = dop_model(&dr.bf, &steps[i].op);
		what = compare(&dr, er, mr, &fd);
		if (what != NULL)
			fail_report(&dr, &steps[i].op, er, mr, what, fd);
		if (steps[i].want == 1)
			ck_assert_msg(!IS_ERR_VALUE(er), "step %zu", i);
		else
			ck_assert_msg(er == steps[i].want, "step %zu: %#lx", i, er);
		ck_assert_int_eq(dr.mm->map_count, steps[i].count);
	}
	run_end(&dr);
}
END_TEST
#undef XB

/*
 * MAP_LOCKED and RLIMIT_MEMLOCK (4.14 do_mmap): with a soft limit of 0 and
 * no CAP_IPC_LOCK, can_do_mlock() refuses first, with EPERM; otherwise
 * mlock_future_check refuses a mapping that would lock more than the
 * limit, with EAGAIN.
 */
START_TEST(test_map_locked_limits)
{
	struct diff_run dr;
	static const struct {
		unsigned long	 memlock, len, want;
	} c[] = {
		{ 0, P, ERR(EPERM) },
		{ P, 2 * P, ERR(EAGAIN) },
		{ 2 * P, 2 * P, 1 },
	};
	unsigned long er, mr;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		exact_start(&dr, LAYOUT_TOPDOWN, NULL, 0);
		ck_assert_int_eq(sys_setrlimit(dr.mm, VM_RLIMIT_MEMLOCK,
		    c[i].memlock, c[i].memlock), 0);
		ck_assert_int_eq(bf_setrlimit(&dr.bf, VM_RLIMIT_MEMLOCK,
		    c[i].memlock, c[i].memlock), 0);
		er = sys_mmap(dr.mm, 0, c[i].len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, NULL, 0);
		mr = bf_mmap(&dr.bf, 0, c[i].len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, 0);
		if (c[i].want == 1)
			ck_assert_msg(!IS_ERR_VALUE(mr), "case %zu", i);
		else
			ck_assert_msg(mr == c[i].want, "case %zu: model %#lx",
			    i, mr);
		ck_assert_msg(er == mr, "case %zu (RLIMIT_MEMLOCK %lu, len "
		    "%lu): the engine returns %ld, 4.14 returns %ld", i,
		    c[i].memlock, c[i].len, (long)er, (long)mr);
		run_end(&dr);
	}
}
END_TEST

/* The model on its own: the gap rule of a stack, first and last fit. */
START_TEST(test_model_gap_rule)
{
	struct bf_mm m;
	unsigned long G = 256 * P, S = 0x7f0000000000UL;

	bf_init(&m);
	m.task_size = 0x7ffffffff000UL;
	m.mmap_base = 0x7ffff7fff000UL;
	m.legacy_base = m.unmapped_base = 0x2aaaaaaab000UL;
	ck_assert_int_eq(bf_add(&m, S, S + 16 * P, F_STACK, S >> 12, 0), 0);
	ck_assert_int_eq(bf_add(&m, S - G - 4 * P, S - G - 2 * P, F_RW,
	    0, 0), 0);
	/* The two free pages below the stack's guard fit two pages, not three. */
	ck_assert_uint_eq(bf_last_fit(&m, 2 * P, S - G - 8 * P, S), S - G - 2 * P);
	ck_assert_uint_eq(bf_first_fit(&m, 3 * P, S - G - 2 * P, S + 64 * P),
	    S + 16 * P);
	/* A hint that ends at the guard gap is honoured, one page more is not. */
	ck_assert_uint_eq(bf_mmap(&m, S - G - 2 * P, 2 * P, PROT_READ,
	    MAP_PRIVATE | MAP_ANONYMOUS, 0), S - G - 2 * P);
	ck_assert_uint_ne(bf_mmap(&m, S - G - P, 2 * P, PROT_READ,
	    MAP_PRIVATE | MAP_ANONYMOUS, 0), S - G - P);
	bf_free(&m);
}
END_TEST

static Suite *
diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc;

	tc = tcase_create("random");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_diff, 0, (int)NCFGS);
	suite_add_tcase(s, tc);
	tc = tcase_create("exact");
	tcase_add_test(tc, test_quirk_growsdown_prune);
	tcase_add_test(tc, test_max_map_count_exact);
	tcase_add_test(tc, test_map_locked_limits);
	tcase_add_test(tc, test_model_gap_rule);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	check_set_max_msg_size(32768);
	sr = srunner_create(diff_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
