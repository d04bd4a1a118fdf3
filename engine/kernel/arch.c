/*
 * arch.c - the architecture side of the search: where the mmap area
 * begins (arch_pick_mmap_layout) and the get_unmapped_area hooks.
 *
 * Two layouts (x86, 4.14):
 *
 *   legacy (bottom-up)                    top-down (the default)
 *   TASK_SIZE +----------+                TASK_SIZE +----------+
 *             |  stack   |                          |  stack   |
 *             |    |     |                          |    |     |
 *             |          |                mmap_base +----------+ gap >= 128 MiB
 *             |    ^     |                          |  mmap    |
 *             |  mmap    |                          |    |     |
 *  mmap_base  +----------+ TASK_SIZE/3              |          |
 *             |    ^     |                          |    ^     |
 *             |  heap    |                          |  heap    |
 *             |  binary  |                          |  binary  |
 *           0 +----------+                        0 +----------+
 *
 * The x86 hooks are instrumented in full; the ARM hooks (with VIPT cache
 * aliasing, as the Korean reading shows them) and the generic hooks arm64
 * uses are logged.
 */
#include <string.h>

#include "instrument.h"
#include "mm.h"

/* ---- randomization ---------------------------------------------------- */

uint64_t
splitmix64(uint64_t *state)
{
	uint64_t z;

	*state += 0x9e3779b97f4a7c15ULL;
	z = *state;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * mm_random: the next value of a splitmix64 sequence seeded by --aslr, so
 * that a randomized run can be repeated exactly.
 */
unsigned long
mm_random(struct mm *mm)
{
	return (unsigned long)splitmix64(&mm->rnd_state);
}

/* arch_mmap_rnd: a random page-aligned offset of mmap_rnd_bits bits. */
static unsigned long
arch_mmap_rnd(struct mm *mm)
{
	return (mm_random(mm) & ((1UL << mm->arch->mmap_rnd_bits) - 1)) <<
	    PAGE_SHIFT;
}

/* stack_maxrandom_size: how far exec may move the stack down. */
static unsigned long
stack_maxrandom_size(struct mm *mm)
{
	if (mm->aslr_seed == 0)
		return 0;
	return mm->arch->stack_rnd_mask << PAGE_SHIFT;
}

static unsigned long
rlimit(struct mm *mm, int r)
{
	return mm->rlim[r].cur;
}

/* ---- the mmap base ---------------------------------------------------- */

/*
 * x86 mmap_base: leave room under TASK_SIZE for the stack: its rlimit
 * plus its random range plus the guard gap, at least 128 MiB and at most
 * 5/6 of the address space.
 */
static unsigned long
x86_mmap_base(struct mm *mm, unsigned long rnd)
{
	unsigned long gap = rlimit(mm, VM_RLIMIT_STACK);
	unsigned long pad = stack_maxrandom_size(mm) + mm->stack_guard_gap;
	unsigned long gap_min, gap_max;

	/* Values close to RLIM_INFINITY can overflow. */
	if (gap + pad > gap)
		gap += pad;

	gap_min = SIZE_128M;
	gap_max = (mm->task_size / 6) * 5;
	if (gap < gap_min)
		gap = gap_min;
	else if (gap > gap_max)
		gap = gap_max;
	return PAGE_ALIGN(mm->task_size - gap - rnd);
}

/* arm mmap_base: the same clamp, without the padding. */
static unsigned long
arm_mmap_base(struct mm *mm, unsigned long rnd)
{
	unsigned long gap = rlimit(mm, VM_RLIMIT_STACK);

	if (gap < SIZE_128M)
		gap = SIZE_128M;
	else if (gap > mm->task_size / 6 * 5)
		gap = mm->task_size / 6 * 5;
	return PAGE_ALIGN(mm->task_size - gap - rnd);
}

/* arm64 mmap_base: pads with the whole stack random range, always. */
static unsigned long
arm64_mmap_base(struct mm *mm, unsigned long rnd)
{
	unsigned long gap = rlimit(mm, VM_RLIMIT_STACK);
	unsigned long pad = (mm->arch->stack_rnd_mask << PAGE_SHIFT) +
	    mm->stack_guard_gap;

	if (gap + pad > gap)
		gap += pad;
	if (gap < SIZE_128M)
		gap = SIZE_128M;
	else if (gap > mm->task_size / 6 * 5)
		gap = mm->task_size / 6 * 5;
	return PAGE_ALIGN(mm->task_size - gap - rnd);
}

/* x86 (4.14): legacy only by personality or the legacy_va_layout sysctl. */
static int
x86_mmap_is_legacy(struct mm *mm)
{
	return (mm->personality & ADDR_COMPAT_LAYOUT) != 0;
}

/* arm, arm64 (and x86 before 4.13): an unlimited stack also means legacy. */
static int
other_mmap_is_legacy(struct mm *mm)
{
	if (mm->personality & ADDR_COMPAT_LAYOUT)
		return 1;
	return rlimit(mm, VM_RLIMIT_STACK) == RLIM_INFINITY;
}

/*
 * arch_pick_mmap_layout: run at exec. Chooses bottom-up or top-down and
 * where the mmap area begins. mmap_legacy_base is kept in both cases: the
 * top-down search falls back to a bottom-up search from there.
 * Cannot fail.
 */
void
arch_pick_mmap_layout(struct mm *mm)
{
	const struct arch *a = mm->arch;
	unsigned long rnd = 0;

	if (mm->aslr_seed != 0)
		rnd = arch_mmap_rnd(mm);
	mm->mmap_legacy_base = a->unmapped_base + rnd;
	if (a->mmap_is_legacy(mm)) {
		mm->layout = LAYOUT_LEGACY;
		mm->mmap_base = mm->mmap_legacy_base;
		mm->get_unmapped_area = a->get_area_bottomup;
	} else {
		mm->layout = LAYOUT_TOPDOWN;
		mm->mmap_base = a->mmap_base(mm, rnd);
		mm->get_unmapped_area = a->get_area_topdown;
	}
}

/* ---- x86 ---------------------------------------------------------------- */

/*
 * find_start_end: the window a bottom-up search may use. MAP_32BIT asks
 * for the low 2 GiB (for old JITs); otherwise from the legacy base to the
 * top of the address space.
 */
static void
find_start_end(struct mm *mm, unsigned long flags, unsigned long *begin,
    unsigned long *end)
{
	if (mm->arch->task_size > 0xffffffffUL && (flags & MAP_32BIT)) {
		*begin = 0x40000000;
		*end = 0x80000000;
		if (mm->aslr_seed != 0)
			*begin += (mm_random(mm) % (0x02000000 >> PAGE_SHIFT)) << PAGE_SHIFT;
		return;
	}
	*begin = mm->mmap_legacy_base;
	*end = mm->task_size;
}

/*
 * arch_get_unmapped_area (x86, bottom-up): MAP_FIXED is taken as given; a
 * hint is honoured when the range is free; otherwise the lowest fit at or
 * above the legacy base. Returns the address or -ENOMEM.
 */
unsigned long
arch_get_unmapped_area(struct mm *mm, struct vfile *filp, unsigned long addr, unsigned long len, unsigned long pgoff, unsigned long flags)
{
	TRACE_FUNC(arch_get_unmapped_area, mm, V(addr), V(len), V(pgoff), V(flags));
	struct vma *vma;
	struct vm_unmapped_area_info info;
	unsigned long begin, end;

	/* filp would matter only with AMD family 15h's va_align, which is off. */
	DO((void)filp);
	if (DECIDE("arch_get_unmapped_area.fixed", flags & MAP_FIXED, V(flags)))
		RETURN(addr);

	DO(find_start_end(mm, flags, &begin, &end));

	if (DECIDE("arch_get_unmapped_area.too_long", len > end, V(len), V(end)))
		RETURN(-ENOMEM);

	if (DECIDE("arch_get_unmapped_area.hint", addr, V(addr))) {
		SET(addr, PAGE_ALIGN(addr));
		SET(vma, find_vma(mm, addr));
		if (DECIDE("arch_get_unmapped_area.hint_free", end - len >= addr && (!vma || addr + len <= vm_start_gap(vma)), VN("end - len", end - len), V(addr), VN("addr + len", addr + len), VN("vm_start_gap(vma)", vma ? vm_start_gap(vma) : 0)))
			RETURN(addr);
	}

	SET(info.flags, 0);
	SET(info.length, len);
	SET(info.low_limit, begin);
	SET(info.high_limit, end);
	SET(info.align_mask, 0);
	SET(info.align_offset, pgoff << PAGE_SHIFT);
	RETURN(vm_unmapped_area(mm, &info));
}

/*
 * arch_get_unmapped_area_topdown (x86): as above, but the highest fit
 * below mmap_base; if there is none, a bottom-up search from the legacy
 * base. Returns the address or -ENOMEM.
 */
unsigned long
arch_get_unmapped_area_topdown(struct mm *mm, struct vfile *filp, unsigned long addr0, unsigned long len, unsigned long pgoff, unsigned long flags)
{
	TRACE_FUNC(arch_get_unmapped_area_topdown, mm, VN("addr", addr0), V(len), V(pgoff), V(flags));
	struct vma *vma;
	unsigned long addr;
	struct vm_unmapped_area_info info;

	SET(addr, addr0);
	/* requested length too big for entire address space */
	if (DECIDE("arch_get_unmapped_area_topdown.too_long", len > mm->task_size, V(len), VN("TASK_SIZE", mm->task_size)))
		RETURN(-ENOMEM);

	if (DECIDE("arch_get_unmapped_area_topdown.fixed", flags & MAP_FIXED, V(flags)))
		RETURN(addr);

	/* for MAP_32BIT mappings we force the legacy mmap base */
	if (DECIDE("arch_get_unmapped_area_topdown.map_32bit", mm->arch->task_size > 0xffffffffUL && (flags & MAP_32BIT), V(flags)))
		GOTO(bottomup);

	/* requesting a specific address */
	if (DECIDE("arch_get_unmapped_area_topdown.hint", addr, V(addr))) {
		SET(addr, PAGE_ALIGN(addr));
		SET(vma, find_vma(mm, addr));
		if (DECIDE("arch_get_unmapped_area_topdown.hint_free", mm->task_size - len >= addr && (!vma || addr + len <= vm_start_gap(vma)), VN("TASK_SIZE - len", mm->task_size - len), V(addr), VN("addr + len", addr + len), VN("vm_start_gap(vma)", vma ? vm_start_gap(vma) : 0)))
			RETURN(addr);
	}

	SET(info.flags, VM_UNMAPPED_AREA_TOPDOWN);
	SET(info.length, len);
	SET(info.low_limit, PAGE_SIZE);
	SET(info.high_limit, mm->mmap_base);
	SET(info.align_mask, 0);
	SET(info.align_offset, pgoff << PAGE_SHIFT);
	SET(addr, vm_unmapped_area(mm, &info));
	if (DECIDE("arch_get_unmapped_area_topdown.found", !(addr & ~PAGE_MASK), V(addr)))
		RETURN(addr);

	/*
	 * A failed mmap() very likely causes application failure,
	 * so fall back to the bottom-up function here. This scenario
	 * can happen with large stack limits and large mmap()
	 * allocations.
	 */
bottomup:
	RETURN(arch_get_unmapped_area(mm, filp, 0, len, pgoff, flags));
}

/* ---- arm: VIPT cache aliasing ----------------------------------------- */

/*
 * COLOUR_ALIGN: the first address at or above addr whose offset within an
 * SHMLBA block matches the file offset's, so that every mapping of a page
 * of a file lands on the same cache colour.
 */
static unsigned long
colour_align(struct mm *mm, unsigned long addr, unsigned long pgoff)
{
	unsigned long shmlba = mm->arch->shmlba;

	return ((addr + shmlba - 1) & ~(shmlba - 1)) +
	    ((pgoff << PAGE_SHIFT) & (shmlba - 1));
}

/*
 * arm_get_unmapped_area (4.14 arch/arm/mm/mmap.c, bottom-up). With an
 * aliasing cache, file and shared mappings must be colour aligned.
 */
unsigned long
arm_get_unmapped_area(struct mm *mm, struct vfile *filp, unsigned long addr,
    unsigned long len, unsigned long pgoff, unsigned long flags)
{
	TRACE_FUNC(arm_get_unmapped_area, mm, V(addr), V(len), V(pgoff), V(flags));
	struct vma *vma;
	int do_align = 0;
	int aliasing = mm->cache_aliasing;
	struct vm_unmapped_area_info info;
	unsigned long shmlba = mm->arch->shmlba;

	/*
	 * We only need to do colour alignment if either the I or D
	 * caches alias.
	 */
	if (aliasing)
		do_align = filp || (flags & MAP_SHARED);

	/*
	 * We enforce the MAP_FIXED case.
	 */
	if (flags & MAP_FIXED) {
		if (DECIDE("arm_get_unmapped_area.fixed_misaligned", aliasing && (flags & MAP_SHARED) && ((addr - (pgoff << PAGE_SHIFT)) & (shmlba - 1)), V(addr), V(pgoff)))
			RETURN(-EINVAL);
		RETURN(addr);
	}

	if (DECIDE("arm_get_unmapped_area.too_long", len > mm->task_size, V(len)))
		RETURN(-ENOMEM);

	if (addr) {
		if (do_align)
			addr = colour_align(mm, addr, pgoff);
		else
			addr = PAGE_ALIGN(addr);

		vma = find_vma(mm, addr);
		if (DECIDE("arm_get_unmapped_area.hint_free", mm->task_size - len >= addr && (!vma || addr + len <= vm_start_gap(vma)), V(addr), V(len)))
			RETURN(addr);
	}

	info.flags = 0;
	info.length = len;
	info.low_limit = mm->mmap_base;
	info.high_limit = mm->task_size;
	info.align_mask = do_align ? (PAGE_MASK & (shmlba - 1)) : 0;
	info.align_offset = pgoff << PAGE_SHIFT;
	RETURN(vm_unmapped_area(mm, &info));
}

/* arm_get_unmapped_area_topdown: the top-down twin, with a fallback. */
unsigned long
arm_get_unmapped_area_topdown(struct mm *mm, struct vfile *filp,
    unsigned long addr0, unsigned long len, unsigned long pgoff,
    unsigned long flags)
{
	TRACE_FUNC(arm_get_unmapped_area_topdown, mm, VN("addr", addr0), V(len), V(pgoff), V(flags));
	struct vma *vma;
	unsigned long addr = addr0;
	int do_align = 0;
	int aliasing = mm->cache_aliasing;
	struct vm_unmapped_area_info info;
	unsigned long shmlba = mm->arch->shmlba;

	if (aliasing)
		do_align = filp || (flags & MAP_SHARED);

	/* requested length too big for entire address space */
	if (DECIDE("arm_get_unmapped_area_topdown.too_long", len > mm->task_size, V(len)))
		RETURN(-ENOMEM);

	if (flags & MAP_FIXED) {
		if (DECIDE("arm_get_unmapped_area_topdown.fixed_misaligned", aliasing && (flags & MAP_SHARED) && ((addr - (pgoff << PAGE_SHIFT)) & (shmlba - 1)), V(addr), V(pgoff)))
			RETURN(-EINVAL);
		RETURN(addr);
	}

	/* requesting a specific address */
	if (addr) {
		if (do_align)
			addr = colour_align(mm, addr, pgoff);
		else
			addr = PAGE_ALIGN(addr);
		vma = find_vma(mm, addr);
		if (DECIDE("arm_get_unmapped_area_topdown.hint_free", mm->task_size - len >= addr && (!vma || addr + len <= vm_start_gap(vma)), V(addr), V(len)))
			RETURN(addr);
	}

	info.flags = VM_UNMAPPED_AREA_TOPDOWN;
	info.length = len;
	info.low_limit = mm->arch->first_user_address;
	info.high_limit = mm->mmap_base;
	info.align_mask = do_align ? (PAGE_MASK & (shmlba - 1)) : 0;
	info.align_offset = pgoff << PAGE_SHIFT;
	addr = vm_unmapped_area(mm, &info);

	/*
	 * A failed mmap() very likely causes application failure,
	 * so fall back to the bottom-up function here. This scenario
	 * can happen with large stack limits and large mmap()
	 * allocations.
	 */
	if (DECIDE("arm_get_unmapped_area_topdown.fallback", addr & ~PAGE_MASK, V(addr))) {
		info.flags = 0;
		info.low_limit = mm->mmap_base;
		info.high_limit = mm->task_size;
		addr = vm_unmapped_area(mm, &info);
	}
	RETURN(addr);
}

/* arm's arch_mmap_check: no MAP_FIXED below FIRST_USER_ADDRESS. */
static int
arm_mmap_check(struct mm *mm, unsigned long addr, unsigned long len,
    unsigned long flags)
{
	(void)len;
	return ((flags & MAP_FIXED) && addr < mm->arch->first_user_address) ?
	    -EINVAL : 0;
}

static int
no_mmap_check(struct mm *mm, unsigned long addr, unsigned long len,
    unsigned long flags)
{
	(void)mm;
	(void)addr;
	(void)len;
	(void)flags;
	return 0;
}

/* ---- generic (mm/mmap.c), used by arm64 -------------------------------- */

/* generic_get_unmapped_area: bottom-up from mmap_base. */
unsigned long
generic_get_unmapped_area(struct mm *mm, struct vfile *filp,
    unsigned long addr, unsigned long len, unsigned long pgoff,
    unsigned long flags)
{
	TRACE_FUNC(generic_get_unmapped_area, mm, V(addr), V(len), V(pgoff), V(flags));
	struct vma *vma, *prev;
	struct vm_unmapped_area_info info;

	(void)filp;
	if (DECIDE("generic_get_unmapped_area.too_long", len > mm->task_size - mm->mmap_min_addr, V(len)))
		RETURN(-ENOMEM);

	if (flags & MAP_FIXED)
		RETURN(addr);

	if (addr) {
		addr = PAGE_ALIGN(addr);
		vma = find_vma_prev(mm, addr, &prev);
		if (DECIDE("generic_get_unmapped_area.hint_free", mm->task_size - len >= addr && addr >= mm->mmap_min_addr && (!vma || addr + len <= vm_start_gap(vma)) && (!prev || addr >= vm_end_gap(prev)), V(addr), V(len)))
			RETURN(addr);
	}

	info.flags = 0;
	info.length = len;
	info.low_limit = mm->mmap_base;
	info.high_limit = mm->task_size;
	info.align_mask = 0;
	info.align_offset = pgoff << PAGE_SHIFT;
	RETURN(vm_unmapped_area(mm, &info));
}

/* generic_get_unmapped_area_topdown: below mmap_base, with a fallback. */
unsigned long
generic_get_unmapped_area_topdown(struct mm *mm, struct vfile *filp,
    unsigned long addr0, unsigned long len, unsigned long pgoff,
    unsigned long flags)
{
	TRACE_FUNC(generic_get_unmapped_area_topdown, mm, VN("addr", addr0), V(len), V(pgoff), V(flags));
	struct vma *vma, *prev;
	unsigned long addr = addr0;
	struct vm_unmapped_area_info info;

	(void)filp;
	/* requested length too big for entire address space */
	if (DECIDE("generic_get_unmapped_area_topdown.too_long", len > mm->task_size - mm->mmap_min_addr, V(len)))
		RETURN(-ENOMEM);

	if (flags & MAP_FIXED)
		RETURN(addr);

	/* requesting a specific address */
	if (addr) {
		addr = PAGE_ALIGN(addr);
		vma = find_vma_prev(mm, addr, &prev);
		if (DECIDE("generic_get_unmapped_area_topdown.hint_free", mm->task_size - len >= addr && addr >= mm->mmap_min_addr && (!vma || addr + len <= vm_start_gap(vma)) && (!prev || addr >= vm_end_gap(prev)), V(addr), V(len)))
			RETURN(addr);
	}

	info.flags = VM_UNMAPPED_AREA_TOPDOWN;
	info.length = len;
	info.low_limit = PAGE_SIZE > mm->mmap_min_addr ? PAGE_SIZE : mm->mmap_min_addr;
	info.high_limit = mm->mmap_base;
	info.align_mask = 0;
	info.align_offset = pgoff << PAGE_SHIFT;
	addr = vm_unmapped_area(mm, &info);

	/*
	 * A failed mmap() very likely causes application failure,
	 * so fall back to the bottom-up function here.
	 */
	if (DECIDE("generic_get_unmapped_area_topdown.fallback", offset_in_page(addr), V(addr))) {
		info.flags = 0;
		info.low_limit = mm->arch->unmapped_base;
		info.high_limit = mm->task_size;
		addr = vm_unmapped_area(mm, &info);
	}
	RETURN(addr);
}

/* ---- the profiles ------------------------------------------------------- */

static const struct arch arch_x86_64 = {
	.name = "x86_64",
	.task_size = 0x7ffffffff000UL,		/* (1 << 47) - PAGE_SIZE */
	.unmapped_base = 0x2aaaaaaab000UL,	/* PAGE_ALIGN(TASK_SIZE / 3) */
	.first_user_address = 0,
	.shmlba = PAGE_SIZE,
	.mmap_rnd_bits = 28,
	.stack_rnd_mask = 0x3fffff,
	.brk_rnd_range = 0x02000000,
	.mmap_base = x86_mmap_base,
	.mmap_is_legacy = x86_mmap_is_legacy,
	.get_area_bottomup = arch_get_unmapped_area,
	.get_area_topdown = arch_get_unmapped_area_topdown,
	.mmap_check = no_mmap_check,
};

static const struct arch arch_i386 = {
	.name = "i386",
	.task_size = 0xc0000000UL,		/* PAGE_OFFSET, 3G/1G split */
	.unmapped_base = 0x40000000UL,		/* PAGE_ALIGN(TASK_SIZE / 3) */
	.first_user_address = 0,
	.shmlba = PAGE_SIZE,
	.mmap_rnd_bits = 8,
	.stack_rnd_mask = 0x7ff,
	.brk_rnd_range = 0x02000000,
	.mmap_base = x86_mmap_base,
	.mmap_is_legacy = x86_mmap_is_legacy,
	.get_area_bottomup = arch_get_unmapped_area,
	.get_area_topdown = arch_get_unmapped_area_topdown,
	.mmap_check = no_mmap_check,
};

static const struct arch arch_arm = {
	.name = "arm",
	.task_size = 0xbf000000UL,		/* PAGE_OFFSET - 16 MiB */
	.unmapped_base = 0x40000000UL,		/* ALIGN(TASK_SIZE / 3, 16 MiB) */
	.first_user_address = 2 * PAGE_SIZE,
	.shmlba = 4 * PAGE_SIZE,
	.mmap_rnd_bits = 8,
	.stack_rnd_mask = 0x7ff,
	.brk_rnd_range = 0x02000000,
	.mmap_base = arm_mmap_base,
	.mmap_is_legacy = other_mmap_is_legacy,
	.get_area_bottomup = arm_get_unmapped_area,
	.get_area_topdown = arm_get_unmapped_area_topdown,
	.mmap_check = arm_mmap_check,
};

static const struct arch arch_arm64 = {
	.name = "arm64",
	.task_size = 0x1000000000000UL,		/* 1 << VA_BITS (48) */
	.unmapped_base = 0x400000000000UL,	/* PAGE_ALIGN(TASK_SIZE / 4) */
	.first_user_address = 0,
	.shmlba = PAGE_SIZE,
	.mmap_rnd_bits = 18,
	.stack_rnd_mask = 0x3ffff,
	.brk_rnd_range = 0x40000000,
	.mmap_base = arm64_mmap_base,
	.mmap_is_legacy = other_mmap_is_legacy,
	.get_area_bottomup = generic_get_unmapped_area,
	.get_area_topdown = generic_get_unmapped_area_topdown,
	.mmap_check = no_mmap_check,
};

const struct arch *const arches[] = {
	&arch_x86_64, &arch_i386, &arch_arm, &arch_arm64, NULL,
};

const struct arch *
arch_find(const char *name)
{
	const struct arch *const *a;

	for (a = arches; *a != NULL; a++)
		if (strcmp((*a)->name, name) == 0)
			return *a;
	return NULL;
}
