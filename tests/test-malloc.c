/*
 * test-malloc.c - the model of glibc's malloc (engine/malloc/malloc.c).
 *
 * Each test starts from a fresh process as vmalab run builds one with no
 * maps: the heap would begin at 0x555555559000, mmap searches down from
 * 0x7ffff7fff000 (x86_64, top-down):
 *
 *   0x555555559000 (start_brk)                      0x7ffff7fff000
 *   | heap -> (brk)            ...            <- mmap | stack
 *
 * and checks exact system calls (the model's log), pointers, and the
 * thresholds, as glibc 2.36 makes and moves them (tests/glibc.sh checks
 * the same against the real glibc under strace). The last tests replay
 * the sequences of tests/data/malloc and compare with the calls recorded
 * from the real glibc (NAME.calls beside NAME.seq), so that the model is held to glibc even where
 * strace cannot run, and check that every allocator event points at its
 * listing line.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check-util.h"
#include "trace/listing.h"
#include "malloc/malloc.h"
#include "kernel/mm.h"
#include "run/run.h"
#include "input/scenario.h"

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])
#define BASE		0x555555559000UL	/* start_brk */
#define KiB		1024UL

/* A process with nothing but its break at BASE, and a fresh allocator. */
struct proc {
	struct mm		*mm;
	struct malloc_arena	*a;
};

static void
proc_new(struct proc *p)
{
	p->mm = mm_new(NULL);
	ck_assert_ptr_nonnull(p->mm);
	mm_setup_layout(p->mm, LAYOUT_TOPDOWN, 0);
	p->mm->start_brk = p->mm->brk = BASE;
	p->mm->start_data = p->mm->end_data = BASE - PAGE_SIZE;
	p->a = malloc_arena_new();
	ck_assert_ptr_nonnull(p->a);
}

static void
proc_free(struct proc *p)
{
	check_mm(p->mm, "the allocator's calls");
	malloc_arena_free(p->a);
	mm_free(p->mm);
}

static unsigned long
m(struct proc *p, unsigned long n)
{
	return malloc_do_malloc(p->a, p->mm, n);
}

static void
f(struct proc *p, unsigned long mem)
{
	ck_assert_int_eq(malloc_do_free(p->a, p->mm, mem), 0);
}

/* The number of system calls so far. */
static size_t
nsys(const struct proc *p)
{
	size_t n;

	malloc_arena_syscalls(p->a, &n);
	return n;
}

/* System call i, as strace prints it. */
static const char *
sys(const struct proc *p, size_t i)
{
	static char buf[256];
	const struct malloc_sys *s;
	size_t n;

	s = malloc_arena_syscalls(p->a, &n);
	ck_assert_uint_lt(i, n);
	malloc_sys_format(&s[i], buf, sizeof buf);
	return buf;
}

#define ck_sys(p, i, want)	ck_assert_str_eq(sys((p), (i)), (want))

/* ---- sizes ---------------------------------------------------------------- */

/* request -> chunk size: request + 8, rounded up to 16, at least 32. */
START_TEST(test_chunk_sizes)
{
	static const struct { unsigned long req, chunk; } t[] = {
		{ 0, 32 }, { 1, 32 }, { 24, 32 }, { 25, 48 }, { 40, 48 },
		{ 41, 64 }, { 100, 112 }, { 1000, 1008 }, { 1016, 1024 },
		{ 100000, 100016 },
	};
	struct proc p;
	unsigned long mem;
	size_t i;

	proc_new(&p);
	for (i = 0; i < NELEM(t); i++) {
		mem = m(&p, t[i].req);
		ck_assert_msg(malloc_arena_usable(p.a, mem) == t[i].chunk - 8,
		    "malloc(%lu): usable %lu, want %lu", t[i].req,
		    malloc_arena_usable(p.a, mem), t[i].chunk - 8);
	}
	/* a mapped chunk: whole pages, one size field more overhead */
	mem = m(&p, 200000);
	ck_assert_uint_eq(malloc_arena_usable(p.a, mem), 200704 - 16);
	proc_free(&p);
}
END_TEST

/* ---- the first calls ------------------------------------------------------ */

/*
 *   malloc(100):  brk(NULL), brk(+0x21000)
 *   | tcache 0x290 | 0x70 | top 0x20d00 ... |
 *   BASE                                    BASE + 0x21000
 */
START_TEST(test_first_malloc)
{
	struct proc p;
	unsigned long mem, size;

	proc_new(&p);
	mem = m(&p, 100);
	ck_assert_uint_eq(mem, BASE + 0x290 + 16);
	ck_assert_uint_eq(nsys(&p), 2);
	ck_sys(&p, 0, "brk(NULL) = 0x555555559000");
	ck_sys(&p, 1, "brk(0x55555557a000) = 0x55555557a000");
	ck_assert_uint_eq(malloc_arena_top(p.a, &size), BASE + 0x300);
	ck_assert_uint_eq(size, 0x21000 - 0x300);
	ck_assert_uint_eq(malloc_arena_par(p.a)->sbrk_base, BASE);
	/* the next small ones come from the top: no system call */
	ck_assert_uint_eq(m(&p, 100), BASE + 0x300 + 16);
	ck_assert_uint_eq(nsys(&p), 2);
	proc_free(&p);
}
END_TEST

/* The first call may be a large one: the tcache still comes from brk. */
START_TEST(test_first_call_large)
{
	struct proc p;
	unsigned long mem;

	proc_new(&p);
	mem = m(&p, 200000);
	ck_assert_uint_eq(nsys(&p), 3);
	ck_sys(&p, 0, "brk(NULL) = 0x555555559000");
	ck_sys(&p, 1, "brk(0x55555557a000) = 0x55555557a000");
	ck_assert_str_eq(sys(&p, 2), "mmap(NULL, 200704, PROT_READ|PROT_WRITE, "
	    "MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7ffff7fce000");
	ck_assert_uint_eq(mem, 0x7ffff7fce010UL);
	proc_free(&p);
}
END_TEST

/* ---- the mmap threshold ----------------------------------------------------- */

/* nb >= 128 KiB: mmap; just below: the heap. nb = request + 8 -> 16. */
START_TEST(test_threshold_boundary)
{
	struct proc p;

	proc_new(&p);
	/* nb = 131056 < 131072: the heap (the first top holds it) */
	m(&p, 131048);
	ck_assert_uint_eq(nsys(&p), 2);
	/* nb = 131072: mapped, 131072 + 8 rounded up to pages */
	m(&p, 131049);
	ck_assert_uint_eq(nsys(&p), 3);
	ck_assert_msg(strncmp(sys(&p, 2), "mmap(NULL, 135168,", 18) == 0,
	    "%s", sys(&p, 2));
	proc_free(&p);
}
END_TEST

/*
 * Freeing a mapped chunk larger than the threshold raises the threshold
 * to its size and the trim threshold to twice that; the same request then
 * comes from the heap.
 */
START_TEST(test_dynamic_threshold)
{
	struct proc p;
	const struct malloc_par *mp;
	unsigned long mem;
	size_t n;

	proc_new(&p);
	mp = malloc_arena_par(p.a);
	mem = m(&p, 200000);
	ck_assert_uint_eq(mp->n_mmaps, 1);
	f(&p, mem);
	ck_assert_uint_eq(mp->n_mmaps, 0);
	ck_assert_uint_eq(mp->mmap_threshold, 200704);
	ck_assert_uint_eq(mp->trim_threshold, 401408);
	n = nsys(&p);
	m(&p, 200000);
	/* 200016 + 128 KiB + 32 - the top (0x20d70) -> 0x30000 */
	ck_assert_uint_eq(nsys(&p), n + 1);
	ck_assert_str_eq(sys(&p, n), "brk(0x5555555aa000) = 0x5555555aa000");
	proc_free(&p);
}
END_TEST

/* Chunks above 32 MiB (DEFAULT_MMAP_THRESHOLD_MAX) do not move it. */
START_TEST(test_threshold_max)
{
	struct proc p;

	proc_new(&p);
	f(&p, m(&p, 40UL << 20));
	ck_assert_uint_eq(malloc_arena_par(p.a)->mmap_threshold, 128 * KiB);
	/* 32 MiB - 24: a chunk of 32 MiB exactly, with the M bit above it */
	f(&p, m(&p, (32UL << 20) - 24));
	ck_assert_uint_eq(malloc_arena_par(p.a)->mmap_threshold, 128 * KiB);
	f(&p, m(&p, (32UL << 20) - 4096 - 24));
	ck_assert_uint_eq(malloc_arena_par(p.a)->mmap_threshold,
	    (32UL << 20) - 4096);
	proc_free(&p);
}
END_TEST

/* Any mallopt of the three turns the dynamic threshold off. */
START_TEST(test_mallopt)
{
	static const int params[] = {
		MALLOC_M_MMAP_THRESHOLD, MALLOC_M_TOP_PAD,
		MALLOC_M_TRIM_THRESHOLD,
	};
	const struct malloc_par *mp;
	struct proc p;
	size_t i;

	for (i = 0; i < NELEM(params); i++) {
		proc_new(&p);
		mp = malloc_arena_par(p.a);
		/* the default value: only the switch to static changes */
		ck_assert_int_eq(malloc_do_mallopt(p.a, p.mm, params[i],
		    128 * 1024), 1);
		ck_assert_int_eq(mp->no_dyn_threshold, 1);
		f(&p, m(&p, 200000));
		ck_assert_uint_eq(mp->mmap_threshold, 128 * KiB);
		ck_assert_uint_eq(mp->trim_threshold, 128 * KiB);
		proc_free(&p);
	}
	/* 2.36 takes any value; -1 is SIZE_MAX: nothing is mapped any more */
	proc_new(&p);
	ck_assert_int_eq(malloc_do_mallopt(p.a, p.mm, MALLOC_M_MMAP_THRESHOLD,
	    -1), 1);
	ck_assert_uint_eq(malloc_arena_par(p.a)->mmap_threshold, ~0UL);
	ck_assert_uint_lt(m(&p, 1UL << 20), 0x600000000000UL);
	ck_assert_int_eq(malloc_do_mallopt(p.a, p.mm, 1, 0), -1);
	ck_assert_str_ne(malloc_arena_error(p.a), "");
	proc_free(&p);
}
END_TEST

/* M_TOP_PAD: how much more than needed each brk asks for. */
START_TEST(test_top_pad)
{
	struct proc p;

	proc_new(&p);
	ck_assert_int_eq(malloc_do_mallopt(p.a, p.mm, MALLOC_M_TOP_PAD, 0), 1);
	m(&p, 100);
	/* 0x290 + 0x70 + MINSIZE -> one page */
	ck_sys(&p, 1, "brk(0x55555555a000) = 0x55555555a000");
	proc_free(&p);
}
END_TEST

/* ---- trimming ------------------------------------------------------------- */

/*
 * systrim gives back ALIGN_DOWN(top - MINSIZE - 1 - top_pad, page) once the
 * top reaches trim_threshold, after a free of 64 KiB or more.
 *
 *   | tcache | a1 0x186b0 | a2 0x186b0 | top 0x21010 |   BASE + 0x52000
 */
START_TEST(test_trim)
{
	struct proc p;
	unsigned long a1, a2, a3, top;
	size_t n;

	proc_new(&p);
	a1 = m(&p, 100000);
	a2 = m(&p, 100000);
	n = nsys(&p);
	/* brk(NULL), +0x21000, then 0x186b0 + 128 KiB + 32 - 0x86c0 */
	ck_assert_uint_eq(n, 3);
	ck_sys(&p, 2, "brk(0x5555555ab000) = 0x5555555ab000");
	f(&p, a2);
	/* top = 0x186b0 + 0x21010 = 0x396c0 >= 0x20000: trim
	   extra = ALIGN_DOWN(0x396c0 - 0x21 - 0x20000, 0x1000) = 0x19000 */
	ck_assert_uint_eq(nsys(&p), n + 1);
	ck_sys(&p, n, "brk(0x555555592000) = 0x555555592000");
	malloc_arena_top(p.a, &top);
	ck_assert_uint_eq(top, 0x396c0 - 0x19000);
	/* a chunk below 64 KiB merged into the top does not trim */
	a3 = m(&p, 60000);
	f(&p, a3);
	ck_assert_uint_eq(nsys(&p), n + 1);
	/* a1 (100016 bytes) does */
	f(&p, a1);
	ck_assert_uint_eq(nsys(&p), n + 2);
	proc_free(&p);
}
END_TEST

/* Small frees go to the tcache, then the fastbins: never a trim. */
START_TEST(test_small_frees_keep_the_heap)
{
	struct proc p;
	unsigned long mem[20];
	size_t i, n;

	proc_new(&p);
	for (i = 0; i < NELEM(mem); i++)
		mem[i] = m(&p, 24);
	n = nsys(&p);
	for (i = 0; i < NELEM(mem); i++)
		f(&p, mem[i]);
	ck_assert_uint_eq(nsys(&p), n);
	/* LIFO: the tcache hands back the last 7 freed, newest first */
	for (i = 0; i < 7; i++)
		ck_assert_uint_eq(m(&p, 24), mem[6 - i]);
	/* then the fastbin: the last one freed there */
	ck_assert_uint_eq(m(&p, 24), mem[19]);
	proc_free(&p);
}
END_TEST

/* ---- calloc, realloc ------------------------------------------------------- */

START_TEST(test_calloc_skips_tcache)
{
	struct proc p;
	unsigned long a, c;

	proc_new(&p);
	a = m(&p, 24);
	f(&p, a);
	c = malloc_do_calloc(p.a, p.mm, 3, 8);
	ck_assert_uint_ne(c, a);
	ck_assert_uint_eq(m(&p, 24), a);
	/* n * size must fit a ptrdiff_t */
	ck_assert_uint_eq(malloc_do_calloc(p.a, p.mm, 1UL << 62, 4), 0);
	proc_free(&p);
}
END_TEST

START_TEST(test_realloc_heap)
{
	struct proc p;
	unsigned long a, b;
	size_t n;

	proc_new(&p);
	a = m(&p, 1000);
	n = nsys(&p);
	/* at the top: grows in place */
	ck_assert_uint_eq(malloc_do_realloc(p.a, p.mm, a, 20000), a);
	b = m(&p, 100);
	/* not at the top any more: moves */
	ck_assert_uint_ne(malloc_do_realloc(p.a, p.mm, a, 40000), a);
	ck_assert_uint_eq(nsys(&p), n);
	/* shrinking stays */
	ck_assert_uint_eq(malloc_do_realloc(p.a, p.mm, b, 50), b);
	/* NULL mallocs, 0 frees */
	ck_assert_uint_ne(malloc_do_realloc(p.a, p.mm, 0, 10), 0);
	ck_assert_uint_eq(malloc_do_realloc(p.a, p.mm, b, 0), 0);
	ck_assert_uint_eq(malloc_arena_usable(p.a, b), 0);
	proc_free(&p);
}
END_TEST

/*
 * A mapped chunk is resized with mremap(MREMAP_MAYMOVE), the engine's
 * sys_mremap; the same page count needs no call.
 *
 *   0x7ffff7fce000  [ chunk 0x31000 ]|x|      x: a page at mmap_base
 *   grow to 0x4a000: x is in the way, so it moves down (found while the
 *   old one is still mapped), then the old one is unmapped
 */
START_TEST(test_realloc_mapped)
{
	struct proc p;
	unsigned long a, b;
	const char *err = NULL;
	struct vma *v;
	size_t n;

	proc_new(&p);
	ck_assert_ptr_nonnull(mm_add_vma(p.mm, 0x7ffff7fff000UL,
	    0x7ffff8000000UL, VM_READ | VM_MAYREAD, 0, NULL, NULL, &err));
	a = m(&p, 200000);
	ck_assert_uint_eq(a, 0x7ffff7fce010UL);
	n = nsys(&p);
	ck_assert_uint_eq(malloc_do_realloc(p.a, p.mm, a, 200100), a);
	ck_assert_uint_eq(nsys(&p), n);
	b = malloc_do_realloc(p.a, p.mm, a, 300000);
	ck_assert_str_eq(sys(&p, n), "mremap(0x7ffff7fce000, 200704, 303104, "
	    "MREMAP_MAYMOVE) = 0x7ffff7f84000");
	ck_assert_uint_eq(b, 0x7ffff7f84010UL);
	v = find_vma(p.mm, b);
	ck_assert_uint_eq(v->vm_start, 0x7ffff7f84000UL);
	ck_assert_uint_eq(v->vm_end, 0x7ffff7fce000UL);
	ck_assert_uint_eq(find_vma(p.mm, v->vm_end)->vm_start,
	    0x7ffff7fff000UL);
	/* shrinking unmaps the tail in place */
	ck_assert_uint_eq(malloc_do_realloc(p.a, p.mm, b, 5000), b);
	ck_assert_str_eq(sys(&p, n + 1), "mremap(0x7ffff7f84000, 303104, 8192, "
	    "MREMAP_MAYMOVE) = 0x7ffff7f84000");
	ck_assert_uint_eq(find_vma(p.mm, b)->vm_end, 0x7ffff7f86000UL);
	/* and growing again: the pages after it are free now, in place */
	ck_assert_uint_eq(malloc_do_realloc(p.a, p.mm, b, 50000), b);
	ck_assert_uint_eq(find_vma(p.mm, b)->vm_end, 0x7ffff7f91000UL);
	proc_free(&p);
}
END_TEST

/* ---- what glibc would abort on ----------------------------------------- */

START_TEST(test_invalid_pointers)
{
	struct proc p;
	unsigned long a;
	size_t n;

	proc_new(&p);
	a = m(&p, 100);
	n = nsys(&p);
	ck_assert_int_eq(malloc_do_free(p.a, p.mm, a + 8), -1);
	ck_assert_msg(strstr(malloc_arena_error(p.a), "invalid pointer") !=
	    NULL, "%s", malloc_arena_error(p.a));
	f(&p, a);
	ck_assert_str_eq(malloc_arena_error(p.a), "");
	ck_assert_int_eq(malloc_do_free(p.a, p.mm, a), -1);	/* twice */
	ck_assert_uint_eq(malloc_do_realloc(p.a, p.mm, a, 10), ~0UL);
	ck_assert_int_eq(malloc_do_free(p.a, p.mm, 0), 0);
	ck_assert_uint_eq(m(&p, ~0UL), 0);	/* above PTRDIFF_MAX */
	ck_assert_uint_eq(nsys(&p), n);
	proc_free(&p);
}
END_TEST

/* ---- a break that cannot grow ------------------------------------------ */

/*
 * A mapping 256 KiB above the break: brk fails (sys_brk.next_too_close)
 * and the heap goes on in an mmap'd region: 2.36 rounds the first one up
 * to whole MiB. The old top gets two fenceposts and is freed.
 *
 *   BASE         BASE+0x40000
 *   |heap ...    |X|                       mmap'd heap |   mmap_base
 */
START_TEST(test_brk_blocked)
{
	struct proc p;
	const char *err = NULL;
	size_t n;

	proc_new(&p);
	ck_assert_ptr_nonnull(mm_add_vma(p.mm, BASE + 0x40000, BASE + 0x41000,
	    VM_READ | VM_MAYREAD, 0, NULL, NULL, &err));
	m(&p, 100);
	m(&p, 120000);		/* the first top holds it */
	n = nsys(&p);
	/* 0x1d4d0 + 128 KiB + 32 - 0x3830 -> 0x3a000: brk fails */
	m(&p, 120000);
	ck_assert_uint_eq(nsys(&p), n + 2);
	ck_sys(&p, n, "brk(0x5555555b4000) = 0x55555557a000");
	ck_assert_msg(strncmp(sys(&p, n + 1), "mmap(NULL, 1048576,", 19) == 0,
	    "%s", sys(&p, n + 1));
	/* 7 more fit in the MiB; the 8th grows it: brk first, then just
	   nb + top_pad + MINSIZE, page-aligned (not contiguous any more) */
	for (n = 0; n < 8; n++)
		m(&p, 120000);
	ck_assert_msg(strncmp(sys(&p, nsys(&p) - 2), "brk(", 4) == 0, "%s",
	    sys(&p, nsys(&p) - 2));
	ck_assert_msg(strncmp(sys(&p, nsys(&p) - 1), "mmap(NULL, 253952,", 18)
	    == 0, "%s", sys(&p, nsys(&p) - 1));
	proc_free(&p);
}
END_TEST

/* ---- scenarios: #N, the driver, copies --------------------------------- */

static const char scen_text[] =
	"malloc(100)\n"
	"malloc(200000)     # a mapping of its own\n"
	"free(#2)\n"
	"malloc(200000)\n"
	"realloc(#4, 300000)\n"
	"calloc(2, 50)\n"
	"mallopt(M_TOP_PAD, 4096)\n"
	"free(#5)\n";

START_TEST(test_scenario_lines)
{
	struct scenario sc;
	char err[SCEN_ERRLEN];

	ck_assert_int_eq(scenario_parse_string(scen_text, "t.scn", &sc, err,
	    sizeof err), 0);
	ck_assert_uint_eq(sc.nops, 8);
	ck_assert_int_eq(sc.ops[0].kind, OP_MALLOC);
	ck_assert_uint_eq(sc.ops[0].args[0], 100);
	ck_assert_int_eq(sc.ops[2].kind, OP_FREE);
	ck_assert_uint_eq(sc.ops[2].args[4], 2);
	ck_assert_uint_eq(sc.ops[2].args[5], 3);
	ck_assert_int_eq(sc.ops[4].kind, OP_REALLOC);
	ck_assert_uint_eq(sc.ops[4].args[1], 300000);
	ck_assert_int_eq(sc.ops[5].kind, OP_CALLOC);
	ck_assert_int_eq(sc.ops[6].kind, OP_MALLOPT);
	ck_assert_int_eq((long)sc.ops[6].args[0], MALLOC_M_TOP_PAD);
	scenario_free(&sc);
}
END_TEST

START_TEST(test_scenario_errors)
{
	static const struct { const char *text, *msg; } t[] = {
		{ "free(#1)\n", "t.scn:1: free(#1): this is allocator call 1; "
		  "#N must name an earlier one" },
		{ "malloc(1)\nfree(#1)\nfree(#2)\n", "t.scn:3: #2 is free "
		  "(line 2), which returns no pointer" },
		{ "malloc(-1)\n", "t.scn:1: the size of malloc cannot be "
		  "negative" },
		{ "mallopt(M_MXFAST, 1)\n", "t.scn:1: mallopt parameter "
		  "M_MXFAST is not modelled; expected M_MMAP_THRESHOLD, "
		  "M_TOP_PAD or M_TRIM_THRESHOLD" },
		{ "mallopt(M_TOP_PAD, 4294967296)\n", "t.scn:1: the value of "
		  "mallopt is an int: 4294967296 is out of its range" },
		{ "malloc(1)\nfree(#0)\n", "t.scn:2: expected #N (N from 1) or "
		  "an address for the pointer of free, found '#0'" },
		/* '#' and a letter starts a comment, as everywhere */
		{ "free(#x)\n", "t.scn:1: expected ')' after the arguments of "
		  "free" },
	};
	struct scenario sc;
	char err[SCEN_ERRLEN];
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		ck_assert_int_eq(scenario_parse_string(t[i].text, "t.scn", &sc,
		    err, sizeof err), -1);
		ck_assert_str_eq(err, t[i].msg);
	}
}
END_TEST

/* run_op: the results, #N, free's "<void>", and a copy of the run. */
START_TEST(test_run_ops)
{
	static const char *const want[] = {
		"0x5555555592a0", "0x7ffff7fce010", "<void>", "0x555555559310",
		"0x555555559310", "0x5555555a2700", "1", "<void>",
	};
	struct scenario sc;
	struct run r, copy;
	char err[RUN_ERRLEN], buf[64];
	unsigned long res;
	size_t i;

	ck_assert_int_eq(scenario_parse_string(scen_text, "t.scn", &sc, err,
	    sizeof err), 0);
	ck_assert_int_eq(run_start(&r, &sc, NULL, err, sizeof err), 0);
	for (i = 0; i < sc.nops; i++) {
		if (i == 4) {
			/* a copy plays on without touching the run */
			copy = r;
			copy.mm = mm_clone(r.mm);
			ck_assert_int_eq(run_alloc_copy(&copy, &r), 0);
			res = run_op(&copy, &sc.ops[i]);
			run_format_result(&sc.ops[i], res, buf, sizeof buf);
			ck_assert_str_eq(buf, want[i]);
			mm_free(copy.mm);
			run_alloc_free(&copy);
		}
		res = run_op(&r, &sc.ops[i]);
		run_format_result(&sc.ops[i], res, buf, sizeof buf);
		ck_assert_msg(strcmp(buf, want[i]) == 0, "op %zu: %s, want %s",
		    i + 1, buf, want[i]);
		ck_assert(run_op_modelled(&sc.ops[i]));
	}
	run_end(&r);
	scenario_free(&sc);
}
END_TEST

/* ---- against the real glibc: the recorded calls ----------------------- */

static const char *
data_dir(void)
{
	static char path[4096];
	const char *top = getenv("top_srcdir");

	if (top == NULL)
		top = getenv("srcdir");
	snprintf(path, sizeof path, "%s/tests/data/malloc", top ? top : ".");
	return path;
}

/* The model's calls as glibc.sh --record writes glibc's. */
static void
sizes_only(const struct malloc_sys *s, size_t n, FILE *out)
{
	unsigned long base = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i].kind) {
		case MSYS_BRK:
			if (base == 0)
				base = s[i].result;
			if (s[i].args[0] == 0)
				fprintf(out, "brk NULL = +0x%lx\n",
				    s[i].result - base);
			else
				fprintf(out, "brk +0x%lx = +0x%lx\n",
				    s[i].args[0] - base, s[i].result - base);
			break;
		case MSYS_MMAP:
			fprintf(out, "mmap %lu\n", s[i].args[0]);
			break;
		case MSYS_MUNMAP:
			fprintf(out, "munmap %lu\n", s[i].args[1]);
			break;
		case MSYS_MREMAP:
			fprintf(out, "mremap %lu %lu\n", s[i].args[1],
			    s[i].args[2]);
			break;
		}
	}
}

/* Plays NAME.seq on a process with no maps; checks NAME.calls. */
static void
check_recorded(const char *name)
{
	struct scenario sc;
	struct run r;
	char path[4200], err[RUN_ERRLEN], *got = NULL, want[65536];
	const struct malloc_sys *s;
	size_t i, n, len = 0, wlen = 0;
	FILE *fp, *mem;
	char line[512];

	snprintf(path, sizeof path, "%s/%s.seq", data_dir(), name);
	ck_assert_msg((fp = fopen(path, "r")) != NULL, "cannot open %s", path);
	ck_assert_msg(scenario_parse(fp, path, &sc, err, sizeof err) == 0,
	    "%s", err);
	fclose(fp);
	ck_assert_int_eq(run_start(&r, &sc, NULL, err, sizeof err), 0);
	for (i = 0; i < sc.nops; i++)
		run_op(&r, &sc.ops[i]);
	ck_assert_ptr_nonnull(r.arena);
	s = malloc_arena_syscalls(r.arena, &n);
	mem = open_memstream(&got, &len);
	sizes_only(s, n, mem);
	fclose(mem);

	snprintf(path, sizeof path, "%s/%s.calls", data_dir(), name);
	ck_assert_msg((fp = fopen(path, "r")) != NULL, "cannot open %s", path);
	want[0] = '\0';
	while (fgets(line, sizeof line, fp) != NULL)
		if (line[0] != '#' && wlen + strlen(line) < sizeof want) {
			strcpy(want + wlen, line);
			wlen += strlen(line);
		}
	fclose(fp);
	ck_assert_msg(strcmp(got, want) == 0, "%s: the model's calls\n%s"
	    "glibc's\n%s", name, got, want);
	free(got);
	run_end(&r);
	scenario_free(&sc);
}

START_TEST(test_recorded_glibc)
{
	DIR *d = opendir(data_dir());
	struct dirent *e;
	char name[256];
	size_t len, n = 0;

	ck_assert_msg(d != NULL, "cannot open %s", data_dir());
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".seq") != 0 ||
		    len - 4 >= sizeof name)
			continue;
		memcpy(name, e->d_name, len - 4);
		name[len - 4] = '\0';
		check_recorded(name);
		n++;
	}
	closedir(d);
	ck_assert_uint_ge(n, 5);
}
END_TEST

/* ---- the listings ------------------------------------------------------- */

/* Copies s without blanks into out (to compare C text). */
static void
squeeze(const char *s, char *out, size_t len)
{
	size_t j = 0;

	for (; *s != '\0' && j + 1 < len; s++)
		if (*s != ' ' && *s != '\t')
			out[j++] = *s;
	out[j] = '\0';
}

/*
 * Every event of the allocator's functions points at its listing line:
 * a decision at the line with its condition, a return at a return, a call
 * at the signature; and every decision is registered.
 */
START_TEST(test_events_point_at_listing)
{
	struct scenario sc;
	struct run r;
	struct trace t;
	struct trace_rec rec;
	char path[4200], err[RUN_ERRLEN], want[2048], have[4096];
	const struct trace_event *ev;
	size_t i, decides = 0;
	FILE *fp;

	snprintf(path, sizeof path, "%s/fastbins.seq", data_dir());
	ck_assert_msg((fp = fopen(path, "r")) != NULL, "cannot open %s", path);
	ck_assert_int_eq(scenario_parse(fp, path, &sc, err, sizeof err), 0);
	fclose(fp);
	ck_assert_int_eq(run_start(&r, &sc, NULL, err, sizeof err), 0);
	rec_start(r.mm, &rec, &t);
	for (i = 0; i < sc.nops; i++)
		run_op(&r, &sc.ops[i]);
	rec_stop(r.mm, &rec);
	for (i = 0; i < rec.n; i++) {
		ev = &rec.ev[i];
		if (ev->fn == NULL || strcmp(ev->fn->file, "engine/malloc/malloc.c"))
			continue;
		ck_assert(ev->line >= 1 && ev->line <= ev->fn->nlines);
		squeeze(ev->fn->lines[ev->line - 1], have, sizeof have);
		switch (ev->kind) {
		case TRACE_CALL:
			ck_assert_int_eq(ev->line, 1);
			break;
		case TRACE_DECIDE:
			decides++;
			ck_assert_msg(ev->decision != NULL, "%s:%d: unregistered",
			    ev->func, ev->line);
			squeeze(ev->text, want, sizeof want);
			ck_assert_msg(strstr(have, want) != NULL, "%s:%d: %s is "
			    "not on that line", ev->func, ev->line,
			    ev->decision->id);
			break;
		case TRACE_RETURN:
			ck_assert_msg(strstr(have, "return") != NULL,
			    "%s:%d: a return from a line without one",
			    ev->func, ev->line);
			break;
		default:
			break;
		}
	}
	ck_assert_uint_gt(decides, 500);
	ck_assert(rec_saw(&rec, "int_malloc.consolidate_retry", 1));
	ck_assert(rec_saw(&rec, "int_malloc.fastbin", 1));
	ck_assert(listing_find("sysmalloc") != NULL);
	ck_assert(!listing_find("sysmalloc")->instrumented);
	trace_rec_free(&rec);
	run_end(&r);
	scenario_free(&sc);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("malloc");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_chunk_sizes);
	tcase_add_test(tc, test_first_malloc);
	tcase_add_test(tc, test_first_call_large);
	tcase_add_test(tc, test_threshold_boundary);
	tcase_add_test(tc, test_dynamic_threshold);
	tcase_add_test(tc, test_threshold_max);
	tcase_add_test(tc, test_mallopt);
	tcase_add_test(tc, test_top_pad);
	tcase_add_test(tc, test_trim);
	tcase_add_test(tc, test_small_frees_keep_the_heap);
	tcase_add_test(tc, test_calloc_skips_tcache);
	tcase_add_test(tc, test_realloc_heap);
	tcase_add_test(tc, test_realloc_mapped);
	tcase_add_test(tc, test_invalid_pointers);
	tcase_add_test(tc, test_brk_blocked);
	tcase_add_test(tc, test_scenario_lines);
	tcase_add_test(tc, test_scenario_errors);
	tcase_add_test(tc, test_run_ops);
	tcase_add_test(tc, test_recorded_glibc);
	tcase_add_test(tc, test_events_point_at_listing);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
