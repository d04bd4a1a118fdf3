/*
 * test-vma.c - every decision of the instrumented functions, driven to each
 * outcome it can have.
 *
 * Each case draws an address space (see check-util.h: one character per
 * unit, letters are VMAs, 'H' is the heap, '#' a stack growing down), makes
 * one call, and states the exact result and the decisions that must have
 * been taken or not on the way. A last test runs every case again in one
 * process and checks that each decision id of sys_brk, do_brk_flags,
 * arch_get_unmapped_area[_topdown] and unmapped_area[_topdown] was seen
 * both taken and not taken, except the outcomes listed as unreachable.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check-util.h"

#define B	0x10000000UL		/* base of the small pictures */
#define P	PAGE_SIZE
#define U	0x40000UL		/* 64 pages: the guard gap is 4 columns */
#define TOP	0x7ffff7fff000UL	/* mmap_base, top-down, no ASLR */
#define LEG	0x2aaaaaaab000UL	/* mmap_base, legacy */
#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)
#define RW	(PROT_READ | PROT_WRITE)
#define ERR(e)	((unsigned long)-(e))

struct dcase;
typedef unsigned long (*act_fn)(struct mm *, const struct dcase *);
typedef void (*setup_fn)(struct mm *);

struct dcase {
	const char	*name;
	const char	*pic;
	unsigned long	 base, unit;
	int		 layout;
	setup_fn	 setup;
	act_fn		 act;
	unsigned long	 arg[5];
	unsigned long	 want;
	struct {
		const char	*id;
		int		 outcome;
	} expect[6];
};

/* ---- actions ---------------------------------------------------------- */

static unsigned long
act_brk(struct mm *mm, const struct dcase *c)
{
	return sys_brk(mm, c->arg[0]);
}

/* arg: addr, len, prot, flags */
static unsigned long
act_mmap(struct mm *mm, const struct dcase *c)
{
	return sys_mmap(mm, c->arg[0], c->arg[1], c->arg[2], c->arg[3], NULL, 0);
}

/* arg: addr, request, flags */
static unsigned long
act_do_brk(struct mm *mm, const struct dcase *c)
{
	return (unsigned long)(long)do_brk_flags(mm, c->arg[0], c->arg[1],
	    c->arg[2]);
}

/* arg: length, low_limit, high_limit, align_mask, align_offset */
static void
info_of(const struct dcase *c, struct vm_unmapped_area_info *info, int td)
{
	memset(info, 0, sizeof(*info));
	info->flags = td ? VM_UNMAPPED_AREA_TOPDOWN : 0;
	info->length = c->arg[0];
	info->low_limit = c->arg[1];
	info->high_limit = c->arg[2];
	info->align_mask = c->arg[3];
	info->align_offset = c->arg[4];
}

static unsigned long
act_ua(struct mm *mm, const struct dcase *c)
{
	struct vm_unmapped_area_info info;

	info_of(c, &info, 0);
	return unmapped_area(mm, &info);
}

static unsigned long
act_ua_td(struct mm *mm, const struct dcase *c)
{
	struct vm_unmapped_area_info info;

	info_of(c, &info, 1);
	return unmapped_area_topdown(mm, &info);
}

/* arg: addr, len, flags: the arch hooks called directly */
static unsigned long
act_arch(struct mm *mm, const struct dcase *c)
{
	return arch_get_unmapped_area(mm, NULL, c->arg[0], c->arg[1], 0,
	    c->arg[2]);
}

static unsigned long
act_arch_td(struct mm *mm, const struct dcase *c)
{
	return arch_get_unmapped_area_topdown(mm, NULL, c->arg[0], c->arg[1],
	    0, c->arg[2]);
}

/* ---- setups ----------------------------------------------------------- */

static void
set_compat_brk(struct mm *mm)
{
	mm->compat_brk = true;
	mm->end_data = B + U / 2;
}

static void
set_rlimit_data_small(struct mm *mm)
{
	mm->rlim[VM_RLIMIT_DATA].cur = 0x10000;
}

static void
set_rlimit_as_small(struct mm *mm)
{
	mm->rlim[VM_RLIMIT_AS].cur = mm->total_vm << PAGE_SHIFT;
}

static void
set_locked(struct mm *mm)
{
	mm->def_flags = VM_LOCKED;
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = RLIM_INFINITY;
}

static void
set_locked_nolimit(struct mm *mm)
{
	mm->def_flags = VM_LOCKED;
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = 0;
}

/* The break sits in the middle of a heap VMA that reaches above it. */
static void
set_brk_mid_heap_tight(struct mm *mm)
{
	mm->brk = B + 3 * U;
	mm->max_map_count = mm->map_count;
}

static void
set_map_count_tight(struct mm *mm)
{
	mm->max_map_count = mm->map_count;
}

static void
set_map_count_over(struct mm *mm)
{
	mm->max_map_count = mm->map_count - 1;
}

static void
set_mmap_base_low(struct mm *mm)
{
	mm->mmap_base = 0x20000;
}

/* ---- the cases -------------------------------------------------------- */

/*
 * The small picture for the searches, at B, one page per column:
 *
 *   "AA..B...CCCC......D"
 *    A = [B, B+2P)  gap 2P  B = [B+4P, B+5P)  gap 3P  C = [B+8P, B+12P)
 *    gap 6P  D = [B+18P, B+19P), then free to the top.
 */
#define GAPS	"AA..B...CCCC......D"
#define FLAT	"AAAbbbCCC"		/* at 0: no gap anywhere in the tree */

/*
 * A deeper tree, at 0: seven VMAs one page apart, then a gap of six pages
 * below H at 19P.
 *
 *   "A.B.C.D.E.F.G......H"
 */
#define DEEP	"A.B.C.D.E.F.G......H"

static const struct dcase cases[] = {
	/* ---- sys_brk (heap pictures: one column is 64 pages) ------------ */
	{ "brk below the heap start is refused", "bHH......#", B, U, LAYOUT_TOPDOWN, NULL,
	    act_brk, { B + U - 1 }, B + 3 * U,
	    { { "sys_brk.below_min_brk", 1 }, { "sys_brk.compat_brk", 0 } } },
	{ "brk within the same page only moves mm->brk", "bHH......#", B, U, LAYOUT_TOPDOWN, NULL,
	    act_brk, { B + 3 * U - 100 }, B + 3 * U - 100,
	    { { "sys_brk.same_page", 1 }, { "sys_brk.below_min_brk", 0 } } },
	{ "brk grows the heap by extending its VMA", "bHH......#", B, U, LAYOUT_TOPDOWN, NULL,
	    act_brk, { B + 4 * U }, B + 4 * U,
	    { { "sys_brk.same_page", 0 }, { "sys_brk.shrink", 0 },
	      { "sys_brk.next_too_close", 0 }, { "sys_brk.do_brk_failed", 0 },
	      { "do_brk.merged", 1 }, { "sys_brk.populate", 0 } } },
	{ "brk may not come within a page of the stack guard gap", "bHH......#", B, U, LAYOUT_TOPDOWN, NULL,
	    act_brk, { B + 5 * U }, B + 3 * U,
	    { { "sys_brk.next_too_close", 1 } } },
	{ "brk one page short of the guard gap is fine", "bHH......#", B, U, LAYOUT_TOPDOWN, NULL,
	    act_brk, { B + 5 * U - P }, B + 5 * U - P,
	    { { "sys_brk.next_too_close", 0 } } },
	{ "brk shrinks the heap", "bHH......#", B, U, LAYOUT_TOPDOWN, NULL,
	    act_brk, { B + 2 * U }, B + 2 * U,
	    { { "sys_brk.shrink", 1 }, { "sys_brk.munmap_ok", 1 } } },
	{ "a shrink whose munmap fails leaves the break", "bHHHH....#", B, U, LAYOUT_TOPDOWN, set_brk_mid_heap_tight,
	    act_brk, { B + 2 * U }, B + 3 * U,
	    { { "sys_brk.shrink", 1 }, { "sys_brk.munmap_ok", 0 } } },
	{ "brk over RLIMIT_DATA is refused", "bHH......#", B, U, LAYOUT_TOPDOWN, set_rlimit_data_small,
	    act_brk, { B + 4 * U }, B + 3 * U,
	    { { "sys_brk.rlimit_data", 1 } } },
	{ "CONFIG_COMPAT_BRK lets the heap start at end_data", "bHH......#", B, U, LAYOUT_TOPDOWN, set_compat_brk,
	    act_brk, { B + U / 2 - 1 }, B + 3 * U,
	    { { "sys_brk.compat_brk", 1 }, { "sys_brk.below_min_brk", 1 } } },
	{ "brk fails when do_brk does (RLIMIT_AS)", "bHH......#", B, U, LAYOUT_TOPDOWN, set_rlimit_as_small,
	    act_brk, { B + 4 * U }, B + 3 * U,
	    { { "sys_brk.do_brk_failed", 1 }, { "do_brk.may_expand_vm", 1 } } },
	{ "a locked heap is populated at once", "bHH......#", B, U, LAYOUT_TOPDOWN, set_locked,
	    act_brk, { B + 4 * U }, B + 4 * U,
	    { { "sys_brk.populate", 1 }, { "do_brk.locked", 1 } } },

	/* ---- do_brk_flags, called directly --------------------------------- */
	{ "do_brk: a length that wraps is refused", "bHH......#", B, U, LAYOUT_TOPDOWN, NULL,
	    act_do_brk, { B + 3 * U, ~0UL - 100, 0 }, ERR(ENOMEM),
	    { { "do_brk.overflow", 1 } } },
	{ "do_brk: zero length does nothing", "bHH......#", B, U, LAYOUT_TOPDOWN, NULL,
	    act_do_brk, { B + 3 * U, 0, 0 }, 0,
	    { { "do_brk.overflow", 0 }, { "do_brk.zero_len", 1 } } },
	{ "do_brk: flags other than VM_EXEC are refused", "bHH......#", B, U, LAYOUT_TOPDOWN, NULL,
	    act_do_brk, { B + 3 * U, P, VM_WRITE }, ERR(EINVAL),
	    { { "do_brk.bad_flags", 1 } } },
	{ "do_brk: below mmap_min_addr there is no area", "bHH......#", B, U, LAYOUT_TOPDOWN, NULL,
	    act_do_brk, { P, P, 0 }, ERR(EPERM),
	    { { "do_brk.no_area", 1 } } },
	{ "do_brk: a locked heap over RLIMIT_MEMLOCK", "bHH......#", B, U, LAYOUT_TOPDOWN, set_locked_nolimit,
	    act_do_brk, { B + 3 * U, P, 0 }, ERR(EAGAIN),
	    { { "do_brk.no_area", 0 }, { "do_brk.mlock_limit", 1 } } },
	{ "do_brk: an overlapped range is unmapped first", "bHH.AA...#", B, U, LAYOUT_TOPDOWN, NULL,
	    act_do_brk, { B + 3 * U, 2 * U, 0 }, 0,
	    { { "do_brk.mlock_limit", 0 }, { "do_brk.overlap", 1 },
	      { "do_brk.munmap_failed", 0 }, { "do_brk.merged", 1 } } },
	{ "do_brk: the unmap fails at max_map_count", "bHH.AAA..#", B, U, LAYOUT_TOPDOWN, set_map_count_tight,
	    act_do_brk, { B + 5 * U, P, 0 }, ERR(ENOMEM),
	    { { "do_brk.overlap", 1 }, { "do_brk.munmap_failed", 1 } } },
	{ "do_brk: more VMAs than max_map_count", "bHH......#", B, U, LAYOUT_TOPDOWN, set_map_count_over,
	    act_do_brk, { B + 3 * U, P, 0 }, ERR(ENOMEM),
	    { { "do_brk.may_expand_vm", 0 }, { "do_brk.map_count", 1 } } },
	{ "do_brk: away from the heap a new VMA is made", "bHH......#", B, U, LAYOUT_TOPDOWN, NULL,
	    act_do_brk, { B + 4 * U, P, 0 }, 0,
	    { { "do_brk.map_count", 0 }, { "do_brk.merged", 0 },
	      { "do_brk.no_memory", 0 }, { "do_brk.locked", 0 } } },

	/* ---- unmapped_area (bottom-up), called directly -------------------- */
	{ "ua: two pages fit the first gap", GAPS, B, P, LAYOUT_LEGACY, NULL,
	    act_ua, { 2 * P, B, B + 32 * P }, B + 2 * P,
	    { { "unmapped_area.root_gap_small", 0 }, { "unmapped_area.gap_fits", 1 },
	      { "unmapped_area.clip_low", 0 } } },
	{ "ua: three pages skip the first gap", GAPS, B, P, LAYOUT_LEGACY, NULL,
	    act_ua, { 3 * P, B, B + 32 * P }, B + 5 * P,
	    { { "unmapped_area.gap_fits", 0 }, { "unmapped_area.gap_fits", 1 } } },
	{ "ua: five pages need the gap below D", GAPS, B, P, LAYOUT_LEGACY, NULL,
	    act_ua, { 5 * P, B, B + 32 * P }, B + 12 * P,
	    { { "unmapped_area.gap_fits", 1 } } },
	{ "ua: seven pages go above the last VMA", GAPS, B, P, LAYOUT_LEGACY, NULL,
	    act_ua, { 7 * P, B, B + 32 * P }, B + 19 * P,
	    { { "unmapped_area.highest_past_limit", 0 } } },
	{ "ua: nothing fits below high_limit", GAPS, B, P, LAYOUT_LEGACY, NULL,
	    act_ua, { 5 * P, B, B + 16 * P }, ERR(ENOMEM),
	    { { "unmapped_area.past_high_limit", 1 } } },
	{ "ua: the highest gap starts past high_limit", FLAT, 0, P, LAYOUT_LEGACY, NULL,
	    act_ua, { 4 * P, 0, 12 * P }, ERR(ENOMEM),
	    { { "unmapped_area.root_gap_small", 1 }, { "unmapped_area.highest_past_limit", 1 } } },
	{ "ua: with no gap in the tree, above the last VMA", FLAT, 0, P, LAYOUT_LEGACY, NULL,
	    act_ua, { 2 * P, 0, 32 * P }, 9 * P,
	    { { "unmapped_area.root_gap_small", 1 } } },
	{ "ua: length plus alignment wraps", GAPS, B, P, LAYOUT_LEGACY, NULL,
	    act_ua, { ~0UL - P + 1, B, B + 32 * P, 0x3000 }, ERR(ENOMEM),
	    { { "unmapped_area.length_overflow", 1 } } },
	{ "ua: high_limit below the length", GAPS, B, P, LAYOUT_LEGACY, NULL,
	    act_ua, { 2 * P, 0, P }, ERR(ENOMEM),
	    { { "unmapped_area.length_overflow", 0 }, { "unmapped_area.high_below_length", 1 } } },
	{ "ua: a window smaller than the length", GAPS, B, P, LAYOUT_LEGACY, NULL,
	    act_ua, { 2 * P, B + 16 * P, B + 17 * P }, ERR(ENOMEM),
	    { { "unmapped_area.high_below_length", 0 }, { "unmapped_area.low_above_high", 1 } } },
	{ "ua: an empty tree gives low_limit", "", B, P, LAYOUT_LEGACY, NULL,
	    act_ua, { 2 * P, B, B + 32 * P }, B,
	    { { "unmapped_area.low_above_high", 0 }, { "unmapped_area.empty_tree", 1 },
	      { "unmapped_area.clip_low", 1 } } },
	{ "ua: a gap straddling low_limit is clipped", GAPS, B, P, LAYOUT_LEGACY, NULL,
	    act_ua, { P, B + 3 * P, B + 32 * P }, B + 3 * P,
	    { { "unmapped_area.empty_tree", 0 }, { "unmapped_area.clip_low", 1 } } },
	{ "ua: alignment pads the length and shifts the start", GAPS, B, P, LAYOUT_LEGACY, NULL,
	    act_ua, { P, B, B + 32 * P, 0x3000, 0x2000 }, B + 14 * P,
	    { { "unmapped_area.gap_fits", 1 } } },

	{ "ua: the left subtree's gaps are too small", DEEP, 0, P, LAYOUT_LEGACY, NULL,
	    act_ua, { 3 * P, 0, 64 * P }, 13 * P,
	    { { "unmapped_area.go_left", 0 }, { "unmapped_area.gap_fits", 1 } } },
	{ "ua: a promising gap ends below low_limit", DEEP, 0, P, LAYOUT_LEGACY, NULL,
	    act_ua, { 3 * P, 17 * P, 64 * P }, 20 * P,
	    { { "unmapped_area.at_root", 1 }, { "unmapped_area.up_from_left", 0 } } },

	/* ---- unmapped_area_topdown, called directly ------------------------ */
	{ "td: only one-page gaps under high_limit", DEEP, 0, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { 3 * P, 0, 12 * P }, ERR(ENOMEM),
	    { { "unmapped_area_topdown.at_root", 1 } } },
	{ "td: the highest one-page gap under high_limit", DEEP, 0, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { P, 0, 12 * P }, 11 * P,
	    { { "unmapped_area_topdown.gap_fits", 1 } } },
	{ "td: a promising left subtree whose gap lies above high_limit", "A.B.C.D......E.F.G.H", 0, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { 3 * P, 0, 9 * P }, ERR(ENOMEM),
	    { { "unmapped_area_topdown.up_from_right", 0 }, { "unmapped_area_topdown.at_root", 1 } } },
	{ "td: a one-page gap deep on the left", DEEP, 0, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { P, 0, 4 * P }, 3 * P,
	    { { "unmapped_area_topdown.go_left", 1 } } },
	{ "td: room above the last VMA", GAPS, B, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { 2 * P, B, B + 32 * P }, B + 30 * P,
	    { { "unmapped_area_topdown.highest_fits", 1 } } },
	{ "td: five pages take the top of the gap below D", GAPS, B, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { 5 * P, B, B + 19 * P }, B + 13 * P,
	    { { "unmapped_area_topdown.highest_fits", 0 }, { "unmapped_area_topdown.gap_fits", 1 },
	      { "unmapped_area_topdown.clip_high", 0 } } },
	{ "td: a gap straddling high_limit is clipped", GAPS, B, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { 3 * P, B, B + 16 * P }, B + 13 * P,
	    { { "unmapped_area_topdown.clip_high", 1 } } },
	{ "td: two pages, searched from the top", GAPS, B, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { 2 * P, B, B + 19 * P }, B + 16 * P,
	    { { "unmapped_area_topdown.gap_fits", 1 } } },
	{ "td: nothing fits above low_limit", GAPS, B, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { 7 * P, B, B + 19 * P }, ERR(ENOMEM),
	    { { "unmapped_area_topdown.below_low_limit", 1 } } },
	{ "td: only the low gap below A", GAPS, B, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { 7 * P, 0, B + 19 * P }, B - 7 * P,
	    { { "unmapped_area_topdown.below_low_limit", 0 }, { "unmapped_area_topdown.go_left", 1 } } },
	{ "td: no gap in the tree at all", FLAT, 0, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { 2 * P, 0, 9 * P }, ERR(ENOMEM),
	    { { "unmapped_area_topdown.root_gap_small", 1 } } },
	{ "td: an empty tree fails when the top does not fit", "", B, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { 2 * P, 0, 4 * P }, 2 * P,
	    { { "unmapped_area_topdown.highest_fits", 1 } } },
	{ "td: length plus alignment wraps", GAPS, B, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { ~0UL - P + 1, B, B + 32 * P, 0x3000 }, ERR(ENOMEM),
	    { { "unmapped_area_topdown.length_overflow", 1 } } },
	{ "td: high_limit below the length", GAPS, B, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { 2 * P, 0, P }, ERR(ENOMEM),
	    { { "unmapped_area_topdown.length_overflow", 0 }, { "unmapped_area_topdown.high_below_length", 1 } } },
	{ "td: a window smaller than the length", GAPS, B, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { 2 * P, B + 16 * P, B + 17 * P }, ERR(ENOMEM),
	    { { "unmapped_area_topdown.high_below_length", 0 }, { "unmapped_area_topdown.low_above_high", 1 } } },
	{ "td: alignment", GAPS, B, P, LAYOUT_TOPDOWN, NULL,
	    act_ua_td, { P, B, B + 19 * P, 0x3000, 0x2000 }, B + 14 * P,
	    { { "unmapped_area_topdown.gap_fits", 1 } } },

	/* ---- arch_get_unmapped_area (x86, legacy), at the legacy base ------- */
	{ "x86: MAP_FIXED is taken as given", "AA..B", LEG, P, LAYOUT_LEGACY, NULL,
	    act_mmap, { LEG + 2 * P, P, RW, ANON | MAP_FIXED }, LEG + 2 * P,
	    { { "arch_get_unmapped_area.fixed", 1 } } },
	{ "x86: a free hint is honoured", "AA..B", LEG, P, LAYOUT_LEGACY, NULL,
	    act_mmap, { LEG + 2 * P, 2 * P, RW, ANON }, LEG + 2 * P,
	    { { "arch_get_unmapped_area.fixed", 0 }, { "arch_get_unmapped_area.too_long", 0 },
	      { "arch_get_unmapped_area.hint", 1 }, { "arch_get_unmapped_area.hint_free", 1 } } },
	{ "x86: a hint on a VMA falls back to the search", "AA..B", LEG, P, LAYOUT_LEGACY, NULL,
	    act_mmap, { LEG + 2 * P, 3 * P, RW, ANON }, LEG + 5 * P,
	    { { "arch_get_unmapped_area.hint_free", 0 } } },
	{ "x86: no hint, the lowest fit", "AA..B", LEG, P, LAYOUT_LEGACY, NULL,
	    act_mmap, { 0, P, PROT_READ, ANON }, LEG + 2 * P,
	    { { "arch_get_unmapped_area.hint", 0 } } },
	{ "x86: MAP_32BIT longer than 2 GiB", "AA..B", LEG, P, LAYOUT_LEGACY, NULL,
	    act_mmap, { 0, 0x80001000UL, RW, ANON | MAP_32BIT }, ERR(ENOMEM),
	    { { "arch_get_unmapped_area.too_long", 1 } } },
	{ "x86: MAP_32BIT maps in the low 2 GiB", "AA..B", LEG, P, LAYOUT_LEGACY, NULL,
	    act_arch, { 0, P, MAP_32BIT }, 0x40000000UL,
	    { { "arch_get_unmapped_area.too_long", 0 } } },

	/* ---- arch_get_unmapped_area_topdown (x86), under mmap_base --------- */
	{ "x86 td: longer than the address space", "", TOP, P, LAYOUT_TOPDOWN, NULL,
	    act_arch_td, { 0, 0x800000000000UL, 0 }, ERR(ENOMEM),
	    { { "arch_get_unmapped_area_topdown.too_long", 1 } } },
	{ "x86 td: MAP_FIXED is taken as given", "AA..B", TOP - 5 * P, P, LAYOUT_TOPDOWN, NULL,
	    act_mmap, { TOP - 3 * P, P, RW, ANON | MAP_FIXED }, TOP - 3 * P,
	    { { "arch_get_unmapped_area_topdown.too_long", 0 }, { "arch_get_unmapped_area_topdown.fixed", 1 } } },
	{ "x86 td: MAP_32BIT searches bottom-up", "AA..B", TOP - 5 * P, P, LAYOUT_TOPDOWN, NULL,
	    act_mmap, { 0, P, RW, ANON | MAP_32BIT }, 0x40000000UL,
	    { { "arch_get_unmapped_area_topdown.map_32bit", 1 } } },
	{ "x86 td: a free hint is honoured", "AA..B", TOP - 5 * P, P, LAYOUT_TOPDOWN, NULL,
	    act_mmap, { TOP - 3 * P, 2 * P, RW, ANON }, TOP - 3 * P,
	    { { "arch_get_unmapped_area_topdown.fixed", 0 }, { "arch_get_unmapped_area_topdown.map_32bit", 0 },
	      { "arch_get_unmapped_area_topdown.hint", 1 }, { "arch_get_unmapped_area_topdown.hint_free", 1 } } },
	{ "x86 td: a taken hint falls back to the search", "AA..B", TOP - 5 * P, P, LAYOUT_TOPDOWN, NULL,
	    act_mmap, { TOP - 4 * P, 3 * P, RW, ANON }, TOP - 8 * P,
	    { { "arch_get_unmapped_area_topdown.hint_free", 0 }, { "arch_get_unmapped_area_topdown.found", 1 } } },
	{ "x86 td: no hint, the highest fit", "AA..B", TOP - 5 * P, P, LAYOUT_TOPDOWN, NULL,
	    act_mmap, { 0, 2 * P, RW, ANON }, TOP - 3 * P,
	    { { "arch_get_unmapped_area_topdown.hint", 0 } } },
	{ "x86 td: nothing below mmap_base, bottom-up instead", "", TOP, P, LAYOUT_TOPDOWN, set_mmap_base_low,
	    act_mmap, { 0, 0x40000, RW, ANON }, LEG,
	    { { "arch_get_unmapped_area_topdown.found", 0 } } },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

static void
run_case(const struct dcase *c)
{
	struct mm *mm;
	struct trace t;
	struct trace_rec rec;
	unsigned long got;
	size_t i;

	mm = pic_mm(c->pic, c->base, c->unit, c->layout);
	if (c->setup != NULL)
		c->setup(mm);
	rec_start(mm, &rec, &t);
	got = c->act(mm, c);
	rec_stop(mm, &rec);
	ck_assert_msg(got == c->want, "%s: got %#lx, want %#lx", c->name, got,
	    c->want);
	for (i = 0; i < 6 && c->expect[i].id != NULL; i++)
		ck_assert_msg(rec_saw(&rec, c->expect[i].id, c->expect[i].outcome),
		    "%s: decision %s was not seen %s", c->name, c->expect[i].id,
		    c->expect[i].outcome ? "taken" : "not taken");
	check_mm(mm, c->name);
	trace_rec_free(&rec);
	mm_free(mm);
}

START_TEST(test_case)
{
	run_case(&cases[_i]);
}
END_TEST

/*
 * Outcomes no test can drive: allocation failure inside the engine, and
 * branches the kernel's own callers make unreachable.
 */
static const struct {
	const char	*id;
	int		 outcome;
	const char	*why;
} unreachable[] = {
	{ "do_brk.no_memory", 1, "needs the VMA cache to run out of memory" },
	{ "unmapped_area_topdown.empty_tree", 1,
	    "with no VMA highest_vm_end is 0, which highest_fits accepts first" },
};

static int
is_unreachable(const char *id, int outcome)
{
	size_t i;

	for (i = 0; i < sizeof(unreachable) / sizeof(unreachable[0]); i++)
		if (unreachable[i].outcome == outcome &&
		    strcmp(unreachable[i].id, id) == 0)
			return 1;
	return 0;
}

static int
instrumented(const char *func)
{
	static const char *const names[] = {
		"sys_brk", "do_brk", "arch_get_unmapped_area",
		"arch_get_unmapped_area_topdown", "unmapped_area",
		"unmapped_area_topdown",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], func) == 0)
			return 1;
	return 0;
}

START_TEST(test_coverage)
{
	const struct decision *d;
	size_t i;
	int outcome, missing = 0;

	for (i = 0; i < NCASES; i++)
		run_case(&cases[i]);
	for (d = decisions; d->id != NULL; d++) {
		if (!instrumented(d->func))
			continue;
		for (outcome = 0; outcome <= 1; outcome++) {
			if (coverage_saw(d->id, outcome) ||
			    is_unreachable(d->id, outcome))
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

/*
 * ARM with a VIPT aliasing cache (the Korean reading's example): a shared
 * mapping of page 7 of a file, hinted at 0x12346000, goes to
 * COLOUR_ALIGN(0x12346000, 7) = 0x12348000 + 0x3000 = 0x1234b000, where
 * page 7 has the same cache colour as in every other mapping of the file.
 */
static struct mm *
arm_mm(int aliasing)
{
	const struct arch *arm = arch_find("arm");
	struct mm *mm;

	ck_assert_ptr_nonnull(arm);
	mm = mm_new(arm);
	ck_assert_ptr_nonnull(mm);
	mm->cache_aliasing = aliasing;
	mm_setup_layout(mm, LAYOUT_LEGACY, 0);
	return mm;
}

START_TEST(test_arm_colour_align)
{
	struct mm *mm = arm_mm(1);
	struct vfile *f = mm_file(mm, "/tmp/data");
	unsigned long got;

	got = sys_mmap(mm, 0x12346000, 2 * P, RW, MAP_SHARED, f, 7 * P);
	ck_assert_uint_eq(got, 0x1234b000);
	/* Without aliasing the hint is only page aligned. */
	mm_free(mm);
	mm = arm_mm(0);
	f = mm_file(mm, "/tmp/data");
	got = sys_mmap(mm, 0x12346000, 2 * P, RW, MAP_SHARED, f, 7 * P);
	ck_assert_uint_eq(got, 0x12346000);
	check_mm(mm, "arm hint");
	mm_free(mm);
}
END_TEST

START_TEST(test_arm_fixed_and_search)
{
	struct mm *mm = arm_mm(1);
	struct vfile *f = mm_file(mm, "/tmp/data");
	unsigned long got;

	/* MAP_FIXED must keep the colour of the file offset. */
	got = sys_mmap(mm, 0x20001000, P, RW, MAP_SHARED | MAP_FIXED, f, 0);
	ck_assert_uint_eq(got, ERR(EINVAL));
	got = sys_mmap(mm, 0x20004000, P, RW, MAP_SHARED | MAP_FIXED, f, 0);
	ck_assert_uint_eq(got, 0x20004000);
	/* and no MAP_FIXED below FIRST_USER_ADDRESS (two pages). */
	got = sys_mmap(mm, P, P, RW, ANON | MAP_FIXED, NULL, 0);
	ck_assert_uint_eq(got, ERR(EINVAL));
	/* A search from mmap_base lands on the file offset's colour. */
	got = sys_mmap(mm, 0, P, RW, MAP_SHARED, f, 3 * P);
	ck_assert_uint_eq(got & 0x3fff, 0x3000);
	ck_assert_uint_ge(got, mm->mmap_base);
	/* Private anonymous memory needs no colour. */
	got = sys_mmap(mm, 0, P, RW, ANON, NULL, 0);
	ck_assert_uint_eq(got, mm->mmap_base);
	check_mm(mm, "arm search");
	mm_free(mm);
}
END_TEST

/* The bases the layouts start from, per architecture, randomization off. */
START_TEST(test_layout_bases)
{
	static const struct {
		const char	*arch;
		int		 layout;
		unsigned long	 base;
	} want[] = {
		{ "x86_64", LAYOUT_TOPDOWN, 0x7ffff7fff000UL },
		{ "x86_64", LAYOUT_LEGACY, 0x2aaaaaaab000UL },
		{ "i386", LAYOUT_TOPDOWN, 0xb8000000UL },
		{ "i386", LAYOUT_LEGACY, 0x40000000UL },
		{ "arm", LAYOUT_TOPDOWN, 0xb7000000UL },
		{ "arm", LAYOUT_LEGACY, 0x40000000UL },
		{ "arm64", LAYOUT_LEGACY, 0x400000000000UL },
	};
	struct mm *mm;
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		mm = mm_new(arch_find(want[i].arch));
		mm_setup_layout(mm, want[i].layout, 0);
		ck_assert_msg(mm->mmap_base == want[i].base,
		    "%s %s: mmap_base %#lx, want %#lx", want[i].arch,
		    want[i].layout == LAYOUT_LEGACY ? "legacy" : "top-down",
		    mm->mmap_base, want[i].base);
		mm_free(mm);
	}
	/* An unlimited stack means legacy on arm, but not on 4.14's x86. */
	mm = mm_new(arch_find("arm"));
	mm->rlim[VM_RLIMIT_STACK].cur = RLIM_INFINITY;
	mm_setup_layout(mm, -1, 0);
	ck_assert_int_eq(mm->layout, LAYOUT_LEGACY);
	mm_free(mm);
	mm = mm_new(NULL);
	mm->rlim[VM_RLIMIT_STACK].cur = RLIM_INFINITY;
	mm_setup_layout(mm, -1, 0);
	ck_assert_int_eq(mm->layout, LAYOUT_TOPDOWN);
	/* gap clamped to 5/6 of TASK_SIZE */
	ck_assert_uint_eq(mm->mmap_base, PAGE_ALIGN(0x7ffffffff000UL - 0x7ffffffff000UL / 6 * 5));
	mm_free(mm);
}
END_TEST

/* --aslr: the same seed gives the same layout, another seed another. */
START_TEST(test_aslr_seeded)
{
	struct mm *a = mm_new(NULL), *b = mm_new(NULL), *c = mm_new(NULL);

	mm_setup_layout(a, LAYOUT_TOPDOWN, 42);
	mm_setup_layout(b, LAYOUT_TOPDOWN, 42);
	mm_setup_layout(c, LAYOUT_TOPDOWN, 43);
	ck_assert_uint_eq(a->mmap_base, b->mmap_base);
	ck_assert_uint_ne(a->mmap_base, c->mmap_base);
	ck_assert_uint_lt(a->mmap_base, 0x7ffff7fff000UL);
	ck_assert_uint_eq(a->mmap_base & ~PAGE_MASK, 0);
	mm_free(a);
	mm_free(b);
	mm_free(c);
}
END_TEST

static Suite *
vma_suite(void)
{
	Suite *s = suite_create("decisions");
	TCase *tc = tcase_create("cases");

	tcase_add_loop_test(tc, test_case, 0, (int)NCASES);
	suite_add_tcase(s, tc);
	tc = tcase_create("coverage");
	tcase_add_test(tc, test_coverage);
	suite_add_tcase(s, tc);
	tc = tcase_create("arches");
	tcase_add_test(tc, test_arm_colour_align);
	tcase_add_test(tc, test_arm_fixed_and_search);
	tcase_add_test(tc, test_layout_bases);
	tcase_add_test(tc, test_aslr_seeded);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(vma_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
