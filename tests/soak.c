/*
 * soak.c - a long soak of the engine against the brute-force model
 * (tests/bruteforce.c): `make soak`, not part of make check.
 *
 *   tests/soak [OPS [SEED]]        default 10,000,000 operations
 *   VMALAB_SOAK_RUN=N tests/soak   replay run N alone, printing each call
 *                                  (and VMALAB_SOAK_TRACE=K: the engine's
 *                                  trace of its call K, as text)
 *
 * Runs are short lives of a process (500 to 5,000 calls) on every
 * architecture the model knows (x86_64 and i386 with x86's hooks, arm64
 * with the generic ones), in both layouts, in three characters:
 *
 *   plain     a process as exec leaves it: binary, heap, libraries,
 *             stack; lengths up to a few MiB
 *   tight     small limits, lengths up to the whole address space,
 *             vm.max_map_count a few VMAs above the count, RLIMIT_AS
 *   crowded   hundreds to a few thousand small VMAs that do not merge
 *             where the search starts, so the tree is deep and the walk
 *             prunes with rb_subtree_gap; max_map_count just above
 *
 * The calls: brk up, down, to the same page, below start_brk, up to the
 * next mapping; mmap with no hint, with a hint (often into used space),
 * MAP_FIXED over existing mappings; munmap of ranges that split VMAs;
 * setrlimit of RLIMIT_DATA, RLIMIT_AS and RLIMIT_MEMLOCK; changes of
 * vm.max_map_count; lengths and addresses at TASK_SIZE and beyond;
 * mprotect of parts of a VMA, across neighbours and holes, of VMAs that
 * may never be writable, with PROT_GROWSDOWN and bad bits; mremap that
 * shrinks, grows in place, moves (MREMAP_MAYMOVE) or goes where it is
 * told (MREMAP_FIXED, onto used or free space), with bad flags and
 * lengths.
 *
 * Every result is compared with the model's at once. Every 1,000 calls
 * (and at the end of each run) the engine's invariants are checked
 * (mm_validate) and the two address spaces are compared whole: VMA by
 * VMA (bounds, flags, offsets), the break, map_count and the page
 * counters. The first disagreement stops the soak with a report; the exit
 * status is 0 only with none. At the end the soak also requires that
 * each kind of event above happened (so that a change in the generator
 * cannot quietly stop testing it), and prints ops/s and the totals.
 *
 * Layouts stay "monotone" (see tests/bruteforce.h): a MAP_FIXED or
 * MAP_GROWSDOWN mmap, an munmap, an mprotect or an mremap whose result
 * would break that is drawn again (4.14's walk, and the engine's, may pass over a gap that
 * fits otherwise: test-diff's test_quirk_growsdown_prune).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bruteforce.h"
#include "diffop.h"
#include "kernel/mm.h"

#define P		PAGE_SIZE
#define DEFAULT_OPS	10000000UL
#define DEFAULT_SEED	20171112UL
#define CHECK_EVERY	1000UL

/* ---- randomness: splitmix64 -------------------------------------------- */

static uint64_t
rng_next(uint64_t *s)
{
	return splitmix64(s);
}

static uint64_t rng_state;

static unsigned long
rnd(unsigned long n)
{
	return n == 0 ? 0 : (unsigned long)(rng_next(&rng_state) % n);
}

static int
chance(unsigned pct)
{
	return rnd(100) < pct;
}

/* ---- configurations ----------------------------------------------------- */

enum character { PLAIN, TIGHT, CROWDED };

struct soak_cfg {
	const char	*arch;
	int		 layout;
	enum character	 ch;
	unsigned	 weight;
};

static const struct soak_cfg cfgs[] = {
	{ "x86_64", LAYOUT_TOPDOWN, PLAIN, 12 },
	{ "x86_64", LAYOUT_LEGACY, PLAIN, 12 },
	{ "x86_64", LAYOUT_TOPDOWN, TIGHT, 8 },
	{ "x86_64", LAYOUT_LEGACY, TIGHT, 8 },
	{ "x86_64", LAYOUT_TOPDOWN, CROWDED, 6 },
	{ "x86_64", LAYOUT_LEGACY, CROWDED, 6 },
	{ "i386", LAYOUT_TOPDOWN, PLAIN, 6 },
	{ "i386", LAYOUT_LEGACY, PLAIN, 6 },
	{ "i386", LAYOUT_TOPDOWN, TIGHT, 5 },
	{ "i386", LAYOUT_LEGACY, TIGHT, 5 },
	{ "i386", LAYOUT_TOPDOWN, CROWDED, 3 },
	{ "arm64", LAYOUT_TOPDOWN, PLAIN, 6 },
	{ "arm64", LAYOUT_LEGACY, PLAIN, 6 },
	{ "arm64", LAYOUT_TOPDOWN, TIGHT, 4 },
	{ "arm64", LAYOUT_LEGACY, TIGHT, 4 },
	{ "arm64", LAYOUT_LEGACY, CROWDED, 3 },
};
#define NCFGS	(sizeof(cfgs) / sizeof(cfgs[0]))

static const char *const ch_names[] = { "plain", "tight", "crowded" };

/* ---- tallies ------------------------------------------------------------ */

enum {
	T_BRK_GROW, T_BRK_SHRINK, T_BRK_REFUSED, T_MMAP, T_MMAP_HINT,
	T_MMAP_FIXED_OVER, T_MUNMAP_SPLIT, T_MUNMAP, T_RLIMIT, T_MAXMAP_SET,
	T_HIT_MAXMAP, T_HIT_TASK_SIZE, T_ENOMEM, T_EINVAL, T_EPERM, T_EAGAIN,
	T_MPROTECT, T_MPROTECT_SPLIT, T_MREMAP_SHRINK, T_MREMAP_GROW,
	T_MREMAP_MOVE, T_MREMAP_FIXED, T_EFAULT, T_EACCES,
	T_REDRAWN, T_CHECKS, T_RUNS, NTALLY
};

static const char *const tally_names[NTALLY] = {
	[T_BRK_GROW] = "brk grew", [T_BRK_SHRINK] = "brk shrank",
	[T_BRK_REFUSED] = "brk refused", [T_MMAP] = "mmap placed",
	[T_MMAP_HINT] = "mmap at its hint",
	[T_MMAP_FIXED_OVER] = "MAP_FIXED over mappings",
	[T_MUNMAP_SPLIT] = "munmap splitting a VMA",
	[T_MUNMAP] = "munmap other", [T_RLIMIT] = "setrlimit",
	[T_MAXMAP_SET] = "max_map_count set",
	[T_HIT_MAXMAP] = "refused at max_map_count",
	[T_HIT_TASK_SIZE] = "refused at TASK_SIZE",
	[T_ENOMEM] = "ENOMEM", [T_EINVAL] = "EINVAL", [T_EPERM] = "EPERM",
	[T_EAGAIN] = "EAGAIN", [T_MPROTECT] = "mprotect changed",
	[T_MPROTECT_SPLIT] = "mprotect splitting a VMA",
	[T_MREMAP_SHRINK] = "mremap shrank in place",
	[T_MREMAP_GROW] = "mremap grew in place",
	[T_MREMAP_MOVE] = "mremap moved (MAYMOVE)",
	[T_MREMAP_FIXED] = "mremap to a fixed address",
	[T_EFAULT] = "EFAULT", [T_EACCES] = "EACCES",
	[T_REDRAWN] = "redrawn (non-monotone)",
	[T_CHECKS] = "full comparisons", [T_RUNS] = "runs",
};

/* Each must be seen at least once in a soak of 100,000 calls or more. */
static const int tally_required[] = {
	T_BRK_GROW, T_BRK_SHRINK, T_BRK_REFUSED, T_MMAP, T_MMAP_HINT,
	T_MMAP_FIXED_OVER, T_MUNMAP_SPLIT, T_RLIMIT, T_MAXMAP_SET,
	T_HIT_MAXMAP, T_HIT_TASK_SIZE, T_ENOMEM, T_EINVAL, T_EPERM,
	T_MPROTECT, T_MPROTECT_SPLIT, T_MREMAP_SHRINK, T_MREMAP_GROW,
	T_MREMAP_MOVE, T_MREMAP_FIXED, T_EFAULT, T_EACCES,
};

static unsigned long tally[NTALLY];
static unsigned long cfg_ops[NCFGS];

/* ---- one run ------------------------------------------------------------ */

struct soak {
	const struct soak_cfg *cfg;
	unsigned long	 runno, opno;
	uint64_t	 seed;
	int		 verbose;
	unsigned long	 trace_call;	/* ~0UL: none */
	struct mm	*mm;
	struct bf_mm	 bf, scratch;
	unsigned	 len_bits;
	int		 maxmap_games;	/* this run changes max_map_count */
};

static const char *const files[] = {
	"/usr/bin/prog", "/usr/lib/libc.so.6", "/usr/lib/ld.so",
};

static void
fatal(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("soak: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Adds a mapping to both sides unless it overlaps or breaks monotony. */
static int
add_both(struct soak *s, unsigned long start, unsigned long end,
    unsigned long flags, unsigned long pgoff, int file)
{
	const char *err;
	int rc = dop_add_both(s->mm, &s->bf, &s->scratch, start, end, flags,
	    pgoff, file < 0 ? NULL : files[file], 1000U + (unsigned)file, &err);

	if (rc > 0)
		fatal("mm_add_vma(%#lx, %#lx): %s", start, end, err);
	return rc;
}

/* A program or shared object of files[file] at `at`; returns its end. */
static unsigned long
add_object(struct soak *s, unsigned long at, int file)
{
	const char *err;

	if (dop_add_object(s->mm, &s->bf, &s->scratch, at, files[file],
	    1000U + (unsigned)file, &at, &err) > 0)
		fatal("mm_add_vma(%#lx): %s", at, err);
	return at;
}

static void
set_rlimit(struct soak *s, int res, unsigned long cur, unsigned long max)
{
	if (sys_setrlimit(s->mm, res, cur, max) != 0 ||
	    bf_setrlimit(&s->bf, res, cur, max) != 0)
		fatal("setrlimit at the start of run %lu", s->runno);
}

static void
run_start(struct soak *s)
{
	const struct soak_cfg *c = s->cfg;
	struct mm *mm;
	struct bf_mm *bf = &s->bf;
	unsigned long bin, at, heap, start_brk, stack, i, n;
	int layout, x86 = strcmp(c->arch, "arm64") != 0;

	if ((mm = s->mm = mm_new(arch_find(c->arch))) == NULL)
		fatal("out of memory");
	bf_init(bf);
	bf_init(&s->scratch);
	i = rnd(10);
	mm->mmap_min_addr = i < 6 ? 65536 : i < 9 ? 4096 : 0;
	i = rnd(20);
	mm->stack_guard_gap = (i < 16 ? 256 : i < 18 ? 1 : i < 19 ? 0 : 4096) * P;
	mm->def_flags = chance(5) ? VM_LOCKED : 0;
	if (chance(c->ch == TIGHT ? 35 : 10))
		mm->rlim[VM_RLIMIT_STACK].cur = chance(50) ? RLIM_INFINITY :
		    (1UL << (27 + rnd(20)));
	bf->rlim_cur[VM_RLIMIT_STACK] = mm->rlim[VM_RLIMIT_STACK].cur;
	mm_setup_layout(mm, c->layout, 0);

	layout = dop_model_layout(bf, mm, c->layout);
	if ((int)mm->layout != layout)
		fatal("%s: the layout is not the one asked for", c->arch);

	/* The program and its heap. */
	bin = strcmp(c->arch, "i386") == 0 ? 0x56555000UL :
	    !x86 ? 0xaaaaaaaa0000UL : 0x555555554000UL;
	at = add_object(s, bin, 0);
	mm->start_code = bin;
	mm->start_data = bf->start_data = bin + 18 * P + 0x1d0;
	mm->end_data = bf->end_data = bin + 19 * P + 0x310 - rnd(0x300);
	start_brk = at + (chance(30) ? rnd(4) * P : 0);
	heap = chance(70) ? 1 + rnd(40) : 0;
	if (heap > 0 && add_both(s, start_brk, start_brk + heap * P, F_RW, 0,
	    -1) != 0)
		heap = 0;
	mm->start_brk = bf->start_brk = start_brk;
	mm->brk = bf->brk = start_brk + heap * P - (heap > 0 ? rnd(P) : 0);

	/* The stack at the top, libraries at the mmap base. */
	stack = mm->task_size - 0x21000 - rnd(16) * P;
	add_both(s, stack, mm->task_size, F_STACK, 0, -1);
	mm->start_stack = mm->task_size - 0x1000;
	if (layout == LAYOUT_TOPDOWN) {
		if (chance(80))
			add_object(s, mm->mmap_base - 64 * P, 2);
		if (chance(70))
			add_object(s, mm->mmap_base - 400 * P, 1);
	} else {
		at = mm->mmap_legacy_base;
		if (chance(80))
			at = add_object(s, at, 2);
		if (chance(70))
			add_object(s, at + rnd(4) * P, 1);
	}
	/* Anonymous mappings; the last one never writable, like the vdso. */
	for (i = rnd(6); i > 0; i--) {
		unsigned long len = (1 + rnd(64)) * P;
		unsigned long a = rnd(mm->task_size / P) * P;

		add_both(s, a, a + len, i == 1 ? F_RX & ~VM_MAYWRITE :
		    chance(70) ? F_RW : F_R, 0, -1);
	}
	if (chance(25)) {
		at = mm->mmap_base - (1 + rnd(1024)) * 0x100000UL;
		add_both(s, at, at + 32 * P, F_STACK, 0, -1);
	}

	/* Crowded: small VMAs of alternating protection, small holes. */
	if (c->ch == CROWDED) {
		n = 200 + rnd(strcmp(c->arch, "i386") == 0 ? 1000 : 3000);
		at = layout == LAYOUT_TOPDOWN ? mm->mmap_base - 1024 * P -
		    n * 8 * P : mm->mmap_legacy_base + 1024 * P;
		for (i = 0; i < n; i++) {
			unsigned long len = (1 + rnd(4)) * P;

			at += (chance(10) ? 0 : 1 + rnd(6)) * P;
			if (add_both(s, at, at + len, i % 2 ? F_RW : F_R, 0,
			    -1) == 0)
				at += len;
		}
	}

	s->len_bits = (unsigned)(c->ch == TIGHT ? 8 + rnd(28) :
	    c->ch == CROWDED ? rnd(5) : 4 + rnd(12));
	if (strcmp(c->arch, "i386") == 0 && s->len_bits > 18)
		s->len_bits = 10 + (unsigned)rnd(9);
	s->maxmap_games = c->ch != PLAIN ? chance(30) : chance(5);
	if (s->maxmap_games)
		mm->max_map_count = (int)(bf->n + rnd(c->ch == CROWDED ? 30 : 40));
	bf->max_map_count = mm->max_map_count;
	if (mm->def_flags & VM_LOCKED)
		set_rlimit(s, VM_RLIMIT_MEMLOCK, 64UL << 20, RLIM_INFINITY);
	if (c->ch == TIGHT && chance(20)) {
		struct bf_counts bc;

		bf_counts(bf, &bc);
		set_rlimit(s, VM_RLIMIT_AS, (bc.total + rnd(4096)) * P,
		    RLIM_INFINITY);
	}
}

static void
run_end(struct soak *s)
{
	mm_free(s->mm);
	s->mm = NULL;
	bf_free(&s->bf);
	bf_free(&s->scratch);
}

/* ---- drawing calls ------------------------------------------------------ */

static unsigned long
pick_len(struct soak *s)
{
	unsigned long task = s->mm->task_size, len;
	unsigned i = (unsigned)rnd(200);

	if (i == 0)
		return 0;
	if (i < 3)		/* TASK_SIZE and beyond */
		return task - P * rnd(2) + P * rnd(3);
	if (i == 3)
		return ~0UL - rnd(2 * P);
	if (i == 4)
		return task - s->mm->mmap_min_addr + P * rnd(3);
	if (i < 9 && s->cfg->ch == TIGHT)
		return task - s->mm->mmap_legacy_base - P * rnd(1024);
	len = (1 + rnd(1UL << rnd(s->len_bits + 1))) * P;
	return chance(10) ? len - rnd(P) : len;
}

static const struct bf_vma *
pick_vma(struct soak *s)
{
	return s->bf.n == 0 ? NULL : &s->bf.v[rnd(s->bf.n)];
}

static unsigned long
pick_addr(struct soak *s, unsigned long len)
{
	const struct bf_vma *v = pick_vma(s);
	struct mm *mm = s->mm;
	unsigned long a, delta = (unsigned long)((long)rnd(9) - 4) * P;
	unsigned i = (unsigned)rnd(100);

	if (v != NULL && i < 40) {
		switch (rnd(5)) {
		case 0: a = v->start; break;
		case 1: a = v->end; break;
		case 2: a = v->start - len; break;
		case 3: a = v->start - s->bf.stack_guard_gap - len; break;
		default: a = v->start + rnd((v->end - v->start) / P) * P; break;
		}
		return a + (chance(50) ? delta : 0);
	}
	if (i < 52)
		return PAGE_ALIGN(mm->brk) + delta + 2 * P;
	if (i < 68)
		return rnd(mm->task_size / P) * P;
	if (i < 88) {
		switch (rnd(7)) {
		case 0: a = mm->mmap_base - len; break;
		case 1: a = mm->mmap_legacy_base; break;
		case 2: a = mm->task_size - len; break;	/* TASK_SIZE */
		case 3: a = mm->mmap_min_addr; break;
		case 4: a = 0x40000000UL; break;
		case 5: a = 0x80000000UL - len; break;
		default: a = P * rnd(32); break;
		}
		return a + delta;
	}
	if (i < 97)
		return rnd(mm->task_size / P) * P + rnd(P);	/* unaligned */
	return mm->task_size + rnd(4) * P - 2 * P;
}

static const unsigned long prots[] = {
	PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE,
	PROT_READ, PROT_NONE, PROT_READ | PROT_EXEC,
	PROT_READ | PROT_WRITE | PROT_EXEC, PROT_WRITE,
};

/* Mostly keep a MAP_FIXED or munmap off the main stack. */
static void
avoid_stack(struct soak *s, unsigned long *a, unsigned long len)
{
	const struct bf_vma *top = s->bf.n > 0 ? &s->bf.v[s->bf.n - 1] : NULL;

	if (top == NULL || !(top->flags & VM_GROWSDOWN) ||
	    top->end != s->bf.task_size || chance(10))
		return;
	if (*a < top->end && *a + len > top->start && len < top->start)
		*a = (top->start - len - rnd(4) * P) & PAGE_MASK;
}

static void
gen_mmap(struct soak *s, struct dop *op, int kind)
{
	unsigned long flags = MAP_ANONYMOUS, len = pick_len(s);

	op->kind = DOP_MMAP;
	flags |= chance(88) ? MAP_PRIVATE : chance(85) ? MAP_SHARED :
	    chance(50) ? 0 : MAP_SHARED_VALIDATE;
	if (chance(5))
		flags |= MAP_GROWSDOWN;
	if (chance(4))
		flags |= MAP_LOCKED;
	if (chance(5))
		flags |= MAP_NORESERVE;
	if (chance(3))
		flags |= MAP_32BIT;
	if (chance(2))
		flags |= MAP_POPULATE;
	op->a[0] = kind == 0 ? 0 : pick_addr(s, len);
	if (kind == 2) {
		flags |= MAP_FIXED;
		if (chance(90))
			op->a[0] &= PAGE_MASK;
		avoid_stack(s, &op->a[0], PAGE_ALIGN(len));
	}
	op->a[1] = len;
	op->a[2] = prots[rnd(sizeof(prots) / sizeof(prots[0]))];
	op->a[3] = flags;
	op->a[4] = chance(2) ? rnd(4) * P + (chance(50) ? 1 : 0) : 0;
}

static void
gen_munmap(struct soak *s, struct dop *op)
{
	const struct bf_vma *v = pick_vma(s);
	unsigned long len = pick_len(s), a;

	op->kind = DOP_MUNMAP;
	if (v != NULL && v->end - v->start > 2 * P && chance(30)) {
		/* The middle of a VMA: a split on both sides. */
		unsigned long pages = (v->end - v->start) / P;

		a = v->start + (1 + rnd(pages - 2)) * P;
		len = (1 + rnd((v->end - a) / P - 1)) * P;
	} else {
		a = pick_addr(s, len);
		if (chance(92))
			a &= PAGE_MASK;
		if (v != NULL && chance(35) && v->end > a)
			len = v->end - a - (chance(30) ? rnd(4) * P : 0);
	}
	avoid_stack(s, &a, PAGE_ALIGN(len));
	op->a[0] = a;
	op->a[1] = len;
}

static void
gen_brk(struct soak *s, struct dop *op)
{
	struct mm *mm = s->mm;
	unsigned long b = mm->brk, pages = 1 + rnd(1UL << rnd(12)), i;

	op->kind = DOP_BRK;
	switch (rnd(10)) {
	case 0: case 1: case 2:
		b += pages * P - rnd(P);
		break;
	case 3: case 4:
		b -= pages * P + rnd(P);
		break;
	case 5:
		b = chance(50) ? 0 : mm->start_brk - rnd(4 * P);
		break;
	case 6:
		b = (b & PAGE_MASK) + rnd(P);
		break;
	case 7:
		b = mm->start_brk + rnd(3);
		break;
	case 8:
		/* Up to the next mapping's guard gap. */
		for (i = 0; i < s->bf.n; i++)
			if (s->bf.v[i].end > PAGE_ALIGN(mm->brk))
				break;
		if (i < s->bf.n) {
			b = bf_start_gap(&s->bf, i) - P * rnd(3) - rnd(P);
			break;
		}
		/* FALLTHROUGH */
	default:
		b += (1UL << rnd(40)) + rnd(P);
		break;
	}
	op->a[0] = b;
}

static void
gen_rlimit(struct soak *s, struct dop *op)
{
	struct bf_counts c;
	unsigned long use, cur, max = RLIM_INFINITY;
	int res;

	bf_counts(&s->bf, &c);
	switch (rnd(10)) {
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
	switch (rnd(10)) {
	case 0: case 1: case 2:
		cur = RLIM_INFINITY;
		break;
	case 3:
		cur = 0;
		break;
	default:
		cur = (use + rnd(64) - (use > 8 ? 8 : use)) * P;
		if (res == VM_RLIMIT_DATA && chance(40))
			cur = PAGE_ALIGN(s->mm->brk) - s->mm->start_brk +
			    (s->mm->end_data - s->mm->start_data) + rnd(16 * P);
		if (chance(30))
			cur += rnd(P);
		break;
	}
	if (cur != RLIM_INFINITY) {
		switch (rnd(10)) {
		case 0: max = cur; break;
		case 1: max = cur + rnd(64) * P; break;
		case 2: max = cur > 0 && chance(30) ? cur - 1 : max; break;
		default: break;
		}
	}
	op->kind = DOP_SETRLIMIT;
	op->a[0] = (unsigned long)res;
	op->a[1] = cur;
	op->a[2] = max;
}

/*
 * mprotect: a VMA's pages from some page on, a few pages or the rest of
 * it and more (into its neighbours or a hole), at times from a hole below;
 * else anywhere. A VMA without VM_MAYWRITE (a file mapped read-only)
 * answers EACCES to PROT_WRITE.
 */
static void
gen_mprotect(struct soak *s, struct dop *op)
{
	static const unsigned long mprots[] = {
		PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE, PROT_WRITE,
		PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE | PROT_EXEC,
	};
	const struct bf_vma *v = pick_vma(s);
	unsigned long start, len = pick_len(s);

	op->kind = DOP_MPROTECT;
	if (chance(4)) {
		size_t k;

		for (k = 0; k < s->bf.n; k++)	/* the last never writable */
			if (!(s->bf.v[k].flags & VM_MAYWRITE))
				v = &s->bf.v[k];
	}
	if (v == NULL || chance(15)) {
		start = pick_addr(s, len);
	} else {
		start = v->start + rnd((v->end - v->start) / P) * P;
		len = chance(40) ? (1 + rnd(8)) * P - (chance(10) ? rnd(P) : 0) :
		    v->end - start + (chance(35) ? (1 + rnd(16)) * P : 0);
		if (chance(8))
			start -= (1 + rnd(4)) * P;
	}
	op->a[2] = mprots[rnd(sizeof(mprots) / sizeof(mprots[0]))];
	switch (rnd(60)) {
	case 0: start += 1 + rnd(P - 1); break;		/* EINVAL */
	case 1: op->a[2] |= PROT_GROWSDOWN; break;	/* a stack only */
	case 2: op->a[2] |= PROT_GROWSUP; break;	/* EINVAL on x86 */
	case 3: op->a[2] |= PROT_GROWSDOWN | PROT_GROWSUP; break;
	case 4: op->a[2] |= 0x10; break;		/* no such bit */
	case 5: len = 0; break;
	}
	op->a[0] = start;
	op->a[1] = len;
}

/*
 * mremap: a VMA (from its start or some page in), shrunk, kept or grown,
 * in place (flags 0), MREMAP_MAYMOVE, or MREMAP_MAYMOVE|MREMAP_FIXED onto
 * an address pick_addr gives (used or free, at times overlapping the
 * source or unaligned); now and then an unmapped source, MREMAP_FIXED
 * alone, an unknown flag, an old length of 0 (EINVAL for private memory,
 * a copy of shared memory) or a new one of 0.
 */
static void
gen_mremap(struct soak *s, struct dop *op)
{
	const struct bf_vma *v = pick_vma(s);
	unsigned long a, old, nw, flags;
	unsigned k = (unsigned)rnd(100);

	op->kind = DOP_MREMAP;
	if (v == NULL || chance(10)) {
		old = pick_len(s);
		a = pick_addr(s, old);
	} else {
		a = chance(50) ? v->start : v->start + rnd((v->end - v->start) /
		    P) * P;
		old = chance(55) ? v->end - a : (1 + rnd((v->end - a) / P)) * P;
	}
	if (k < 30)
		nw = (1 + rnd(old / P + 1)) * P;	/* shrink or keep */
	else if (k < 92)
		nw = old + (1 + rnd(1UL << rnd(s->len_bits + 1))) * P;
	else
		nw = pick_len(s);
	k = (unsigned)rnd(100);
	flags = k < 25 ? 0 : k < 60 ? MREMAP_MAYMOVE : k < 94 ?
	    MREMAP_MAYMOVE | MREMAP_FIXED : k < 97 ? MREMAP_FIXED : 8;
	switch (rnd(50)) {
	case 0: a += 1 + rnd(P - 1); break;		/* EINVAL */
	case 1: old = 0; break;
	case 2: nw = 0; break;				/* EINVAL */
	}
	op->a[0] = a;
	op->a[1] = old;
	op->a[2] = nw;
	op->a[3] = flags;
	if (flags & MREMAP_FIXED) {
		op->a[4] = chance(6) ? a + (rnd(5) - 2) * P :
		    pick_addr(s, PAGE_ALIGN(nw));
		if (chance(93))
			op->a[4] &= PAGE_MASK;
		avoid_stack(s, &op->a[4], PAGE_ALIGN(nw));
	}
}

static void
gen_op(struct soak *s, struct dop *op)
{
	unsigned i = (unsigned)rnd(100);

	memset(op, 0, sizeof(*op));
	if (i >= 86) {
		/* 14% mprotect and mremap; the rest as before, in proportion. */
		if (rnd(100) < 45)
			gen_mprotect(s, op);
		else
			gen_mremap(s, op);
		return;
	}
	i = i * 100 / 86;
	if (i < 18)
		gen_mmap(s, op, 0);
	else if (i < 32)
		gen_mmap(s, op, 1);
	else if (i < 46)
		gen_mmap(s, op, 2);
	else if (i < 70)
		gen_munmap(s, op);
	else if (i < 90)
		gen_brk(s, op);
	else if (i < 97 || !s->maxmap_games)
		gen_rlimit(s, op);
	else {
		long n = (long)s->bf.n + (long)rnd(6) - 2;

		op->kind = DOP_MAXMAP;
		op->a[0] = n < 1 ? 1 : (unsigned long)n;
	}
}

/*
 * Could this call break the monotone layout? (See the top.) A mapping
 * placed by MAP_FIXED or one that grows down, and an munmap: the upper
 * piece of a split starts inside the guard gap of a stack above it.
 * Searches and hints keep clear of guard gaps; brk only moves an end.
 */
static int
risky(const struct dop *op)
{
	return op->kind == DOP_MUNMAP || op->kind == DOP_MPROTECT ||
	    op->kind == DOP_MREMAP || (op->kind == DOP_MMAP &&
	    (op->a[3] & (MAP_FIXED | MAP_GROWSDOWN)) != 0);
}

/* ---- printing ----------------------------------------------------------- */

static void
print_op(FILE *fp, const struct dop *op)
{
	char line[256];

	fputs(dop_format(line, sizeof(line), op), fp);
}

/* What kind of event was the call? (from the model, before and after) */
static void
count(struct soak *s, const struct dop *op, unsigned long res,
    size_t n_before, unsigned long brk_before, int fixed_over, int split)
{
	unsigned long e = -res, end;

	if (op->kind == DOP_BRK) {
		if (res != op->a[0])
			tally[T_BRK_REFUSED]++;
		else if (PAGE_ALIGN(res) > PAGE_ALIGN(brk_before))
			tally[T_BRK_GROW]++;
		else if (PAGE_ALIGN(res) < PAGE_ALIGN(brk_before))
			tally[T_BRK_SHRINK]++;
		return;
	}
	if (op->kind == DOP_SETRLIMIT) {
		tally[T_RLIMIT]++;
		if (IS_ERR_VALUE(res) && e == EINVAL)
			tally[T_EINVAL]++;
		return;
	}
	if (op->kind == DOP_MAXMAP) {
		tally[T_MAXMAP_SET]++;
		return;
	}
	if (IS_ERR_VALUE(res)) {
		if (e == EFAULT)
			tally[T_EFAULT]++;
		if (e == EACCES)
			tally[T_EACCES]++;
		if (e == ENOMEM)
			tally[T_ENOMEM]++;
		if (e == EINVAL)
			tally[T_EINVAL]++;
		if (e == EPERM)
			tally[T_EPERM]++;
		if (e == EAGAIN)
			tally[T_EAGAIN]++;
		end = op->a[0] + PAGE_ALIGN(op->a[1]);
		if (e == ENOMEM && (long)n_before + 1 >= s->bf.max_map_count)
			tally[T_HIT_MAXMAP]++;
		if ((e == ENOMEM || e == EINVAL) && (op->a[1] > s->bf.task_size ||
		    ((op->a[3] & MAP_FIXED) && end > s->bf.task_size)))
			tally[T_HIT_TASK_SIZE]++;
		return;
	}
	if (op->kind == DOP_MUNMAP) {
		tally[split ? T_MUNMAP_SPLIT : T_MUNMAP]++;
		return;
	}
	if (op->kind == DOP_MPROTECT) {
		tally[s->bf.n > n_before ? T_MPROTECT_SPLIT : T_MPROTECT]++;
		return;
	}
	if (op->kind == DOP_MREMAP) {
		if (op->a[3] & MREMAP_FIXED)
			tally[T_MREMAP_FIXED]++;
		else if (res != op->a[0])
			tally[T_MREMAP_MOVE]++;
		else if (PAGE_ALIGN(op->a[2]) > PAGE_ALIGN(op->a[1]))
			tally[T_MREMAP_GROW]++;
		else if (PAGE_ALIGN(op->a[2]) < PAGE_ALIGN(op->a[1]))
			tally[T_MREMAP_SHRINK]++;
		return;
	}
	if (fixed_over)
		tally[T_MMAP_FIXED_OVER]++;
	else if (op->a[0] != 0 && res == (op->a[0] & PAGE_MASK))
		tally[T_MMAP_HINT]++;
	else
		tally[T_MMAP]++;
}

/* Does [a, a + len) touch a mapping? Does it lie strictly inside one? */
static void
overlap(const struct bf_mm *bf, unsigned long a, unsigned long len,
    int *touches, int *inside)
{
	unsigned long end = a + PAGE_ALIGN(len);
	size_t i;

	*touches = *inside = 0;
	for (i = 0; i < bf->n; i++) {
		if (bf->v[i].start < end && bf->v[i].end > a)
			*touches = 1;
		if (bf->v[i].start < a && bf->v[i].end > end)
			*inside = 1;
	}
}

/* Compares the two address spaces whole. NULL, or what differs. */
static const char *
compare_all(struct soak *s)
{
	const struct mm *mm = s->mm;
	const struct vma *vma;
	struct bf_counts c;
	const char *msg;
	size_t k = 0;

	if ((msg = mm_validate(mm)) != NULL)
		return msg;
	for (vma = mm->mmap; vma != NULL; vma = vma->vm_next, k++) {
		const struct bf_vma *v = &s->bf.v[k];

		if (k >= s->bf.n)
			return "the engine has more VMAs";
		if (vma->vm_start != v->start || vma->vm_end != v->end ||
		    (vma->vm_flags & ~VM_SOFTDIRTY) != v->flags ||
		    vma->vm_pgoff != v->pgoff ||
		    (vma->vm_file != NULL) != (v->file != 0))
			return "the VMAs differ (bounds, flags, offset or file)";
	}
	if (k != s->bf.n || mm->map_count != (int)s->bf.n)
		return "the VMA counts differ";
	if (mm->brk != s->bf.brk)
		return "the breaks differ";
	bf_counts(&s->bf, &c);
	if (mm->total_vm != c.total || mm->data_vm != c.data ||
	    mm->exec_vm != c.exec || mm->stack_vm != c.stack ||
	    mm->locked_vm != c.locked)
		return "the page counters differ";
	return NULL;
}

static void
report(struct soak *s, const struct dop *op, unsigned long eres,
    unsigned long mres, const char *what)
{
	const struct vma *vma;
	size_t k;

	fflush(stdout);
	fprintf(stderr, "soak: DISAGREEMENT: %s\n  seed %" PRIu64 ", run %lu "
	    "(VMALAB_SOAK_RUN=%lu tests/soak 0 %" PRIu64 " replays it), %s "
	    "%s %s, call %lu\n  last call: ", what, s->seed, s->runno,
	    s->runno, s->seed, s->cfg->arch, s->cfg->layout == LAYOUT_TOPDOWN ?
	    "topdown" : "legacy", ch_names[s->cfg->ch], s->opno);
	print_op(stderr, op);
	fprintf(stderr, "\n  engine %#lx, model %#lx\n", eres, mres);
	fprintf(stderr, "  engine brk %#lx map_count %d; model brk %#lx, %zu "
	    "VMAs\n", s->mm->brk, s->mm->map_count, s->bf.brk, s->bf.n);
	for (vma = s->mm->mmap, k = 0; vma != NULL && k < 4000;
	    vma = vma->vm_next, k++) {
		const struct bf_vma *v = k < s->bf.n ? &s->bf.v[k] : NULL;

		if (v != NULL && v->start == vma->vm_start &&
		    v->end == vma->vm_end && v->flags ==
		    (vma->vm_flags & ~VM_SOFTDIRTY))
			continue;
		fprintf(stderr, "  first differing VMA #%zu: engine %lx-%lx "
		    "%#lx, model ", k, vma->vm_start, vma->vm_end,
		    vma->vm_flags);
		if (v != NULL)
			fprintf(stderr, "%lx-%lx %#lx\n", v->start, v->end,
			    v->flags);
		else
			fprintf(stderr, "none\n");
		break;
	}
	exit(1);
}

/* Both address spaces, side by side (for VMALAB_SOAK_TRACE). */
static void
print_all(struct soak *s)
{
	const struct vma *vma;
	size_t k = 0;

	fprintf(stderr, "engine VMAs (rb_subtree_gap) and the model's:\n");
	for (vma = s->mm->mmap; vma != NULL; vma = vma->vm_next, k++)
		fprintf(stderr, "  %012lx-%012lx %#9lx gap %#lx | %012lx-%012lx\n",
		    vma->vm_start, vma->vm_end, vma->vm_flags,
		    vma->rb_subtree_gap, k < s->bf.n ? s->bf.v[k].start : 0,
		    k < s->bf.n ? s->bf.v[k].end : 0);
}

/* One call on both sides. */
static void
step(struct soak *s)
{
	struct bf_mm tmp;
	struct dop op;
	unsigned long eres, mres = 0, brk_before = s->bf.brk;
	size_t n_before;
	int tries, touches = 0, inside = 0;
	const char *what;

	for (tries = 0; ; tries++) {
		gen_op(s, &op);
		if (!risky(&op))
			break;
		bf_copy(&s->scratch, &s->bf);
		mres = dop_model(&s->scratch, &op);
		if (bf_monotone(&s->scratch))
			break;
		tally[T_REDRAWN]++;
		if (tries == 50)
			return;
	}
	n_before = s->bf.n;
	if (op.kind == DOP_MMAP && (op.a[3] & MAP_FIXED))
		overlap(&s->bf, op.a[0], op.a[1], &touches, &inside);
	if (op.kind == DOP_MUNMAP)
		overlap(&s->bf, op.a[0], op.a[1], &touches, &inside);
	if (risky(&op)) {
		tmp = s->bf;
		s->bf = s->scratch;
		s->scratch = tmp;
	} else {
		mres = dop_model(&s->bf, &op);
	}
	if (s->verbose) {
		fprintf(stderr, "run %lu call %lu: ", s->runno, s->opno);
		print_op(stderr, &op);
		fprintf(stderr, " = %#lx\n", mres);
	}
	if (s->opno == s->trace_call) {
		static struct trace t;
		static struct trace_file tf;

		tf.fp = stderr;
		tf.format = TRACE_TEXT;
		trace_file_sink(&t, &tf);
		mm_trace_attach(s->mm, &t);
		print_all(s);
	}
	eres = dop_engine(s->mm, &op);
	mm_trace_detach(s->mm);
	if (eres != mres)
		report(s, &op, eres, mres, "the results differ");
	count(s, &op, eres, n_before, brk_before, op.kind == DOP_MMAP && touches,
	    op.kind == DOP_MUNMAP && inside);
	if (s->verbose && (what = compare_all(s)) != NULL)
		report(s, &op, eres, mres, what);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	unsigned long total = DEFAULT_OPS, done = 0, len, only = ~0UL;
	unsigned long next_report = 1000000, since_check = 0, wsum = 0, w, i;
	const char *e;
	struct soak s;
	struct dop last;
	double t0, t;
	size_t k;
	int bad = 0;

	memset(&s, 0, sizeof(s));
	s.seed = DEFAULT_SEED;
	if (argc > 1)
		total = strtoul(argv[1], NULL, 0);
	if (argc > 2)
		s.seed = strtoull(argv[2], NULL, 0);
	s.trace_call = ~0UL;
	if ((e = getenv("VMALAB_SOAK_RUN")) != NULL && *e != '\0') {
		only = strtoul(e, NULL, 0);
		s.verbose = 1;
		if ((e = getenv("VMALAB_SOAK_TRACE")) != NULL && *e != '\0')
			s.trace_call = strtoul(e, NULL, 0);
	}
	for (k = 0; k < NCFGS; k++)
		wsum += cfgs[k].weight;
	memset(&last, 0, sizeof(last));
	printf("soak: %lu calls, seed %" PRIu64 ", invariants and full "
	    "comparison every %lu calls\n", only != ~0UL ? 0 : total, s.seed,
	    CHECK_EVERY);
	fflush(stdout);
	t0 = now();
	for (s.runno = 0; only != ~0UL ? s.runno <= only : done < total;
	    s.runno++) {
		/* Each run its own stream, so that it replays alone. */
		rng_state = s.seed * 0x100000001b3ULL ^ (s.runno << 1);
		w = rnd(wsum);
		for (k = 0; w >= cfgs[k].weight; k++)
			w -= cfgs[k].weight;
		s.cfg = &cfgs[k];
		len = 500 + rnd(4500);
		if (only != ~0UL && s.runno != only)
			continue;
		if (only == ~0UL && len > total - done)
			len = total - done;
		run_start(&s);
		if ((e = compare_all(&s)) != NULL)
			report(&s, &last, 0, 0, e);
		tally[T_RUNS]++;
		for (s.opno = 0; s.opno < len; s.opno++) {
			step(&s);
			if (++since_check == CHECK_EVERY) {
				since_check = 0;
				tally[T_CHECKS]++;
				if ((e = compare_all(&s)) != NULL)
					report(&s, &last, 0, 0, e);
			}
		}
		tally[T_CHECKS]++;
		if ((e = compare_all(&s)) != NULL)
			report(&s, &last, 0, 0, e);
		cfg_ops[k] += len;
		done += len;
		run_end(&s);
		if (done >= next_report && only == ~0UL) {
			t = now() - t0;
			printf("soak: %lu calls, %.0f calls/s\n", done,
			    (double)done / t);
			fflush(stdout);
			next_report += 1000000;
		}
	}
	t = now() - t0;
	printf("soak: %lu calls in %lu runs, %.1f s, %.0f calls/s, "
	    "0 disagreements\n", done, tally[T_RUNS], t,
	    t > 0 ? (double)done / t : 0.0);
	for (k = 0; k < NCFGS; k++)
		printf("  %-7s %-8s %-8s %10lu calls\n", cfgs[k].arch,
		    cfgs[k].layout == LAYOUT_TOPDOWN ? "topdown" : "legacy",
		    ch_names[cfgs[k].ch], cfg_ops[k]);
	for (i = 0; i < NTALLY; i++)
		printf("  %-28s %10lu\n", tally_names[i], tally[i]);
	if (done >= 100000) {
		for (i = 0; i < sizeof(tally_required) / sizeof(int); i++) {
			if (tally[tally_required[i]] == 0) {
				fprintf(stderr, "soak: never happened: %s\n",
				    tally_names[tally_required[i]]);
				bad = 1;
			}
		}
	}
	return bad;
}
