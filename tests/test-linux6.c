/*
 * test-linux6.c - the 6.18 profile (engine/kernel/linux6.c): every
 * decision driven to each outcome it can have, on pictured address
 * spaces (check-util.h: one character per unit, letters are VMAs).
 *
 * Most pictures here have a unit of 1 MiB from a base on a 2 MiB
 * boundary, so that where a huge page fits can be read off them. A last
 * test runs every case again and checks that each decision of linux6.c
 * was seen both taken and not taken; another that the 4.14 profile
 * answers the same calls as before (no huge-page alignment, VM_ACCOUNT
 * kept).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check-util.h"

#define M	0x100000UL		/* the pictures' unit: 1 MiB */
#define PMD	(2 * M)
#define P	PAGE_SIZE
#define B	0x7f0000000000UL	/* base: on a 2 MiB boundary */
#define TASK	0x7ffffffff000UL
#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)
#define RW	(PROT_READ | PROT_WRITE)
#define ERR(e)	((unsigned long)-(e))

struct kcase;
typedef unsigned long (*act_fn)(struct mm *, const struct kcase *);
typedef void (*setup_fn)(struct mm *);

struct kcase {
	const char	*name;
	const char	*pic;
	int		 layout;
	setup_fn	 setup;
	act_fn		 act;
	unsigned long	 arg[5];
	unsigned long	 want;
	struct {
		const char	*id;
		int		 outcome;
	} expect[8];
};

/* ---- files ------------------------------------------------------------- */

static struct vfile *
file_of(struct mm *mm, const char *path, int kind)
{
	struct vfile *f = mm_file(mm, path);

	ck_assert_ptr_nonnull(f);
	f->fs_kind = kind;
	return f;
}

/* ---- actions ----------------------------------------------------------- */

/* arg: addr, len, prot, flags */
static unsigned long
act_mmap(struct mm *mm, const struct kcase *c)
{
	return sys_mmap(mm, c->arg[0], c->arg[1], c->arg[2], c->arg[3], NULL,
	    0);
}

/* arg: addr, len, prot, flags, offset: a file on ext4 */
static unsigned long
act_mmap_ext4(struct mm *mm, const struct kcase *c)
{
	return sys_mmap(mm, c->arg[0], c->arg[1], c->arg[2], c->arg[3],
	    file_of(mm, "/usr/lib/libbig.so", VFS_THP), c->arg[4]);
}

/* the same, a file on tmpfs */
static unsigned long
act_mmap_tmpfs(struct mm *mm, const struct kcase *c)
{
	return sys_mmap(mm, c->arg[0], c->arg[1], c->arg[2], c->arg[3],
	    file_of(mm, "/dev/shm/big", VFS_SHMEM), c->arg[4]);
}

/* the same, a file on nfs (no get_unmapped_area of its own) */
static unsigned long
act_mmap_nfs(struct mm *mm, const struct kcase *c)
{
	return sys_mmap(mm, c->arg[0], c->arg[1], c->arg[2], c->arg[3],
	    file_of(mm, "/net/big", VFS_PLAIN), c->arg[4]);
}

/* arg: addr, old_len, new_len, flags */
static unsigned long
act_mremap(struct mm *mm, const struct kcase *c)
{
	return sys_mremap(mm, c->arg[0], c->arg[1], c->arg[2], c->arg[3], 0);
}

/*
 * arg: len: mmap a private writable anonymous mapping (VM_ACCOUNT) of
 * len bytes right above the picture's first VMA, then mprotect it
 * PROT_READ; returns the number of VMAs after.
 */
static unsigned long
act_unaccount(struct mm *mm, const struct kcase *c)
{
	unsigned long a = sys_mmap(mm, B + M, c->arg[0], RW,
	    ANON | MAP_FIXED, NULL, 0);

	ck_assert_uint_eq(a, B + M);
	ck_assert_uint_eq(sys_mprotect(mm, a, c->arg[0], PROT_READ), 0);
	return (unsigned long)mm->map_count;
}

/* the same, the new mapping read-only from the start, then PROT_NONE */
static unsigned long
act_unaccount_ro(struct mm *mm, const struct kcase *c)
{
	unsigned long a = sys_mmap(mm, B + M, c->arg[0], PROT_READ,
	    ANON | MAP_FIXED, NULL, 0);

	ck_assert_uint_eq(a, B + M);
	ck_assert_uint_eq(sys_mprotect(mm, a, c->arg[0], PROT_NONE), 0);
	return (unsigned long)mm->map_count;
}

/* a file on ext4 mapped writable, private, then made read-only */
static unsigned long
act_unaccount_file(struct mm *mm, const struct kcase *c)
{
	unsigned long a = sys_mmap(mm, B + M, c->arg[0], RW,
	    MAP_PRIVATE | MAP_FIXED, file_of(mm, "/data", VFS_THP), 0);

	ck_assert_uint_eq(a, B + M);
	ck_assert_uint_eq(sys_mprotect(mm, a, c->arg[0], PROT_READ), 0);
	return (unsigned long)mm->map_count;
}

/* ---- setups ------------------------------------------------------------- */

/* Searches end at the picture's end (column 16), not at TASK_SIZE / 3. */
static void
set_base_16(struct mm *mm)
{
	mm->mmap_base = B + 16 * M;
	mm->mmap_legacy_base = B + M;
}

/*
 * Top-down finds nothing under a tiny mmap_base, and the bottom-up
 * fallback has 5 MiB under TASK_SIZE: room for 4 MiB, not for 4 + 2.
 */
static void
set_cramped(struct mm *mm)
{
	mm->mmap_base = 0x10000;
	mm->mmap_legacy_base = TASK - 5 * M;
}

/* ---- the cases ---------------------------------------------------------- */

static const struct kcase cases[] = {
	/* ---- get_area_6x: which search ----------------------------------- */
	{ "anonymous, 4 MiB, no hint: aligned up from the padded room",
	    "A..............B", LAYOUT_TOPDOWN, set_base_16,
	    act_mmap, { 0, 4 * M, RW, ANON }, B + 10 * M,
	    { { "get_area_6x.file_thp", 0 }, { "get_area_6x.shmem", 0 },
	      { "get_area_6x.anon_thp", 1 },
	      { "__thp_get_unmapped_area.topdown_aligned", 0 },
	      { "thp_get_unmapped_area.aligned", 1 } } },
	{ "anonymous, 3 MiB (not a multiple of 2 MiB): the plain search",
	    "A..............B", LAYOUT_TOPDOWN, set_base_16,
	    act_mmap, { 0, 3 * M, RW, ANON }, B + 12 * M,
	    { { "get_area_6x.anon_thp", 0 } } },
	{ "anonymous, 4 MiB with a hint: the plain search (6.13)",
	    "A..............B", LAYOUT_TOPDOWN, set_base_16,
	    act_mmap, { B + 3 * M, 4 * M, RW, ANON }, B + 3 * M,
	    { { "get_area_6x.anon_thp", 0 } } },
	{ "shared anonymous, 4 MiB: shmem, not aligned",
	    "A..............B", LAYOUT_TOPDOWN, set_base_16,
	    act_mmap, { 0, 4 * M, RW, MAP_SHARED | MAP_ANONYMOUS }, B + 11 * M,
	    { { "get_area_6x.file_thp", 0 }, { "get_area_6x.shmem", 1 } } },
	{ "a tmpfs file, 4 MiB: shmem, not aligned",
	    "A..............B", LAYOUT_TOPDOWN, set_base_16,
	    act_mmap_tmpfs, { 0, 4 * M, PROT_READ, MAP_PRIVATE, 0 }, B + 11 * M,
	    { { "get_area_6x.file_thp", 0 }, { "get_area_6x.shmem", 1 } } },
	{ "an nfs file, 4 MiB: no hook, the plain search",
	    "A..............B", LAYOUT_TOPDOWN, set_base_16,
	    act_mmap_nfs, { 0, 4 * M, PROT_READ, MAP_PRIVATE, 0 }, B + 11 * M,
	    { { "get_area_6x.file_thp", 0 }, { "get_area_6x.shmem", 0 },
	      { "get_area_6x.anon_thp", 0 } } },

	/* ---- __thp_get_unmapped_area -------------------------------------- */
	{ "top-down, the padded room already aligned: 2 MiB higher",
	    "A.............B.", LAYOUT_TOPDOWN, set_base_16,
	    act_mmap, { 0, 4 * M, RW, ANON }, B + 10 * M,
	    { { "__thp_get_unmapped_area.topdown_aligned", 1 } } },
	{ "bottom-up: the padded room's start rounded up to 2 MiB",
	    "A..............B", LAYOUT_LEGACY, set_base_16,
	    act_mmap, { 0, 4 * M, RW, ANON }, B + 2 * M,
	    { { "__thp_get_unmapped_area.topdown_aligned", 0 },
	      { "thp_get_unmapped_area.aligned", 1 } } },
	{ "an ext4 file at offset 1 page: the address agrees with it mod 2 MiB",
	    "A..............B", LAYOUT_TOPDOWN, set_base_16,
	    act_mmap_ext4, { 0, 4 * M, PROT_READ, MAP_PRIVATE, P }, B + 10 * M + P,
	    { { "get_area_6x.file_thp", 1 },
	      { "__thp_get_unmapped_area.no_huge_page", 0 },
	      { "__thp_get_unmapped_area.hint_granted", 0 },
	      { "thp_get_unmapped_area.aligned", 1 } } },
	{ "an ext4 file too short to hold an aligned huge page: the plain search",
	    "A..............B", LAYOUT_TOPDOWN, set_base_16,
	    act_mmap_ext4, { 0, 2 * M, PROT_READ, MAP_PRIVATE, P }, B + 13 * M,
	    { { "__thp_get_unmapped_area.no_huge_page", 1 },
	      { "thp_get_unmapped_area.aligned", 0 } } },
	{ "an ext4 file with a free hint: the hint, as it is",
	    "A..............B", LAYOUT_TOPDOWN, set_base_16,
	    act_mmap_ext4, { B + 3 * M, 4 * M, PROT_READ, MAP_PRIVATE, 0 },
	    B + 3 * M,
	    { { "__thp_get_unmapped_area.hint_granted", 1 } } },
	{ "an ext4 file MAP_FIXED: the address, as it is",
	    "A..............B", LAYOUT_TOPDOWN, set_base_16,
	    act_mmap_ext4, { B + 3 * M, 4 * M, PROT_READ,
	    MAP_PRIVATE | MAP_FIXED, 0 }, B + 3 * M,
	    { { "__thp_get_unmapped_area.hint_granted", 1 } } },
	{ "the padded search finds no room: the plain one does",
	    "", LAYOUT_TOPDOWN, set_cramped,
	    act_mmap, { 0, 4 * M, RW, ANON }, TASK - 5 * M,
	    { { "__thp_get_unmapped_area.padded_failed", 1 },
	      { "thp_get_unmapped_area.aligned", 0 } } },
	{ "an offset whose end plus 2 MiB wraps: the plain search",
	    "A..............B", LAYOUT_TOPDOWN, set_base_16,
	    act_mmap_ext4, { 0, 4 * M - P, PROT_READ, MAP_PRIVATE,
	    0xffffffffffc00000UL }, B + 11 * M + P,
	    { { "__thp_get_unmapped_area.overflow", 1 },
	      { "thp_get_unmapped_area.aligned", 0 } } },
	{ "mremap moving 1 MiB to 4 MiB: aligned like a new mapping",
	    "Aab............B", LAYOUT_TOPDOWN, set_base_16,
	    act_mremap, { B + M, M, 4 * M, MREMAP_MAYMOVE }, B + 10 * M,
	    { { "get_area_6x.anon_thp", 1 },
	      { "thp_get_unmapped_area.aligned", 1 } } },

	/* ---- mprotect_unaccount_6x ----------------------------------------- */
	{ "mprotect to read-only of an unwritten anonymous mapping: merges",
	    "aaa", LAYOUT_TOPDOWN, NULL,
	    act_unaccount, { M }, 1,
	    { { "mprotect_unaccount_6x.unaccount", 1 } } },
	{ "mprotect of a mapping without VM_ACCOUNT: nothing to drop",
	    "aaa", LAYOUT_TOPDOWN, NULL,
	    act_unaccount_ro, { M }, 3,
	    { { "mprotect_unaccount_6x.unaccount", 0 } } },
	{ "mprotect to read-only of a private file mapping: VM_ACCOUNT stays",
	    "a.a", LAYOUT_TOPDOWN, NULL,
	    act_unaccount_file, { M }, 3,
	    { { "mprotect_unaccount_6x.unaccount", 0 } } },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* The picture's mm, switched to the 6.18 profile (as run.c does). */
static struct mm *
mm6(const struct kcase *c, int kernel)
{
	struct mm *mm = pic_mm(c->pic, B, M, c->layout);

	mm->kernel = kernel;
	mm_setup_layout(mm, c->layout, 0);
	if (c->setup != NULL)
		c->setup(mm);
	return mm;
}

static void
run_case(const struct kcase *c)
{
	struct mm *mm = mm6(c, KERNEL_6_18);
	struct trace t;
	struct trace_rec rec;
	unsigned long got;
	size_t i;

	ck_assert_ptr_eq((void *)mm->get_unmapped_area, (void *)get_area_6x);
	rec_start(mm, &rec, &t);
	got = c->act(mm, c);
	rec_stop(mm, &rec);
	ck_assert_msg(got == c->want, "%s: got %#lx, want %#lx", c->name, got,
	    c->want);
	for (i = 0; i < 8 && c->expect[i].id != NULL; i++)
		ck_assert_msg(rec_saw(&rec, c->expect[i].id,
		    c->expect[i].outcome), "%s: decision %s was not seen %s",
		    c->name, c->expect[i].id,
		    c->expect[i].outcome ? "taken" : "not taken");
	check_mm(mm, c->name);
	trace_rec_free(&rec);
	mm_free(mm);
}

/* 32-bit: no huge-page alignment (6.8), the plain search answers. */
static void
check_i386(void)
{
	struct mm *mm = mm_new(arch_find("i386"));
	struct trace t;
	struct trace_rec rec;
	unsigned long a;

	ck_assert_ptr_nonnull(mm);
	mm->kernel = KERNEL_6_18;
	mm_setup_layout(mm, LAYOUT_TOPDOWN, 0);
	rec_start(mm, &rec, &t);
	a = sys_mmap(mm, 0, 4 * M, RW, ANON, NULL, 0);
	rec_stop(mm, &rec);
	ck_assert(!IS_ERR_VALUE(a));
	ck_assert_uint_eq(a, mm->mmap_base - 4 * M);
	ck_assert(rec_saw(&rec, "__thp_get_unmapped_area.not_64bit", 1));
	trace_rec_free(&rec);
	mm_free(mm);
}

START_TEST(test_case)
{
	run_case(&cases[_i]);
}
END_TEST

START_TEST(test_coverage)
{
	const struct decision *d;
	size_t i;
	int outcome, missing = 0;

	for (i = 0; i < NCASES; i++)
		run_case(&cases[i]);
	check_i386();
	for (d = decisions; d->id != NULL; d++) {
		if (strcmp(d->func, "get_area_6x") != 0 &&
		    strcmp(d->func, "thp_get_unmapped_area") != 0 &&
		    strcmp(d->func, "__thp_get_unmapped_area") != 0 &&
		    strcmp(d->func, "mprotect_unaccount_6x") != 0)
			continue;
		for (outcome = 0; outcome <= 1; outcome++) {
			if (coverage_saw(d->id, outcome))
				continue;
			fprintf(stderr, "no test drives %s %s\n", d->id,
			    outcome ? "taken" : "not taken");
			missing++;
		}
	}
	ck_assert_msg(missing == 0, "%d decision outcomes are not covered",
	    missing);
}
END_TEST

START_TEST(test_not_64bit)
{
	struct mm *mm;
	struct trace t;
	struct trace_rec rec;
	unsigned long a;

	check_i386();
	/* and x86_64 never takes it */
	mm = mm_new(NULL);
	mm->kernel = KERNEL_6_18;
	mm_setup_layout(mm, LAYOUT_TOPDOWN, 0);
	rec_start(mm, &rec, &t);
	a = sys_mmap(mm, 0, 4 * M, RW, ANON, NULL, 0);
	rec_stop(mm, &rec);
	ck_assert_uint_eq(a & (PMD - 1), 0);
	ck_assert(rec_saw(&rec, "__thp_get_unmapped_area.not_64bit", 0));
	trace_rec_free(&rec);
	mm_free(mm);
}
END_TEST

/*
 * The 4.14 profile, on the same calls: never aligned, never unaccounted
 * (the cases whose answer differs between the kernels).
 */
START_TEST(test_414_unchanged)
{
	static const struct {
		size_t		 i;
		unsigned long	 want;
	} v414[] = {
		{ 0, B + 11 * M },	/* anonymous 4 MiB: first fit, top-down */
		{ 6, B + 10 * M },	/* already aligned: the same top */
		{ 7, B + M },		/* bottom-up: the lowest fit */
		{ 8, B + 11 * M },	/* the ext4 file: first fit */
		{ 14, B + 11 * M },	/* mremap to 4 MiB: first fit */
		{ 15, 3 },		/* unaccounting: the VMAs stay apart */
	};
	size_t k;
	struct mm *mm;

	for (k = 0; k < sizeof(v414) / sizeof(v414[0]); k++) {
		const struct kcase *c = &cases[v414[k].i];

		mm = mm6(c, KERNEL_4_14);
		ck_assert_ptr_ne((void *)mm->get_unmapped_area,
		    (void *)get_area_6x);
		ck_assert_msg(c->act(mm, c) == v414[k].want, "4.14: %s",
		    c->name);
		check_mm(mm, c->name);
		mm_free(mm);
	}
}
END_TEST

static Suite *
linux6_suite(void)
{
	Suite *s = suite_create("linux6");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_case, 0, (int)NCASES);
	tcase_add_test(tc, test_coverage);
	tcase_add_test(tc, test_not_64bit);
	tcase_add_test(tc, test_414_unchanged);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(linux6_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
