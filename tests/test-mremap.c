/*
 * test-mremap.c - mprotect and mremap, every decision driven to each
 * outcome it can have.
 *
 * Each case draws an address space (check-util.h: one character per page
 * here, letters are VMAs), makes one call, and states the exact result,
 * the address space after it as a second picture, and decisions that must
 * have been taken or not on the way. The picture after is read strictly:
 * every run of one character is one VMA, with exactly those bounds, and
 * the VMA count must match; the character gives the protection:
 *
 *   'A'..'Z'  read-write, private, charged (VM_ACCOUNT); 'S' shared
 *   'a'..'z'  read-only          '0'..'9'  PROT_NONE
 *   '*'       read-exec          '@'       read-write-exec
 *   '#'       read-write, grows down        '='  read-only, grows down
 *
 * Private anonymous memory must also keep vm_pgoff == vm_start >> 12:
 * that is what lets it merge, and copy_vma gives a moved VMA the offset
 * of its new place. A last test runs every case in one process and checks
 * that each decision of sys_mprotect, mprotect_fixup, sys_mremap,
 * vma_to_resize, vma_expandable, mremap_to, move_vma and copy_vma was seen
 * both ways, except the outcomes listed as unreachable.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check-util.h"

#define B	0x10000000UL		/* base of most pictures */
#define P	PAGE_SIZE
#define LEG	0x2aaaaaaab000UL	/* mmap_legacy_base: bottom-up moves */
#define TASK	0x7ffffffff000UL	/* x86_64 TASK_SIZE */
#define C(n)	(B + (unsigned long)(n) * P)
#define L(n)	(LEG + (unsigned long)(n) * P)
#define R	PROT_READ
#define RW	(PROT_READ | PROT_WRITE)
#define RWX	(PROT_READ | PROT_WRITE | PROT_EXEC)
#define MAYMOVE	MREMAP_MAYMOVE
#define FIXED	(MREMAP_FIXED | MREMAP_MAYMOVE)
#define ERR(e)	((unsigned long)-(e))

struct mcase;
typedef unsigned long (*act_fn)(struct mm *, const struct mcase *);
typedef void (*setup_fn)(struct mm *);
typedef void (*post_fn)(const struct mm *, const char *);

struct mcase {
	const char	*name;
	const char	*pic;
	unsigned long	 base;
	int		 layout;
	setup_fn	 setup;
	post_fn		 post;		/* more checks after the call, or NULL */
	act_fn		 act;
	unsigned long	 arg[5];
	unsigned long	 want;
	const char	*after;		/* NULL: the same as pic */
	struct {
		const char	*id;
		int		 outcome;
	} expect[6];
};

/* ---- actions ---------------------------------------------------------- */

/* arg: start, len, prot */
static unsigned long
act_mprotect(struct mm *mm, const struct mcase *c)
{
	return sys_mprotect(mm, c->arg[0], c->arg[1], c->arg[2]);
}

/* arg: addr, old_len, new_len, flags, new_addr */
static unsigned long
act_mremap(struct mm *mm, const struct mcase *c)
{
	return sys_mremap(mm, c->arg[0], c->arg[1], c->arg[2], c->arg[3],
	    c->arg[4]);
}

/* ---- setups ----------------------------------------------------------- */

static void
set_read_implies_exec(struct mm *mm)
{
	mm->personality |= READ_IMPLIES_EXEC;
}

/* The first VMA may never be writable (a read-only file's mapping). */
static void
set_no_maywrite(struct mm *mm)
{
	mm->mmap->vm_flags &= ~VM_MAYWRITE;
}

static void
set_dontexpand(struct mm *mm)
{
	mm->mmap->vm_flags |= VM_DONTEXPAND;
}

static void
set_map_count_tight(struct mm *mm)
{
	mm->max_map_count = mm->map_count;
}

static void
set_map_count_one_more(struct mm *mm)
{
	mm->max_map_count = mm->map_count + 1;
}

/* move_vma wants three VMAs of room below max_map_count. */
static void
set_map_count_three_more(struct mm *mm)
{
	mm->max_map_count = mm->map_count + 3;
}

static void
set_rlimit_data_one_page(struct mm *mm)
{
	mm->rlim[VM_RLIMIT_DATA].cur = P;
}

static void
set_rlimit_as_tight(struct mm *mm)
{
	mm->rlim[VM_RLIMIT_AS].cur = mm->total_vm << PAGE_SHIFT;
}

/* Every VMA locked (mlockall), RLIMIT_MEMLOCK infinite. */
static void
set_locked(struct mm *mm)
{
	struct vma *v;

	for (v = mm->mmap; v != NULL; v = v->vm_next)
		v->vm_flags |= VM_LOCKED;
	mm->locked_vm = mm->total_vm;
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = RLIM_INFINITY;
}

/* Locked, and RLIMIT_MEMLOCK allows not one page more. */
static void
set_locked_limit(struct mm *mm)
{
	set_locked(mm);
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = mm->locked_vm << PAGE_SHIFT;
}

/* Two pages of shared anonymous memory right after the first VMA. */
static void
set_shared(struct mm *mm)
{
	unsigned long at = mm->mmap->vm_end;

	ck_assert_uint_eq(sys_mmap(mm, at, 2 * P, RW, MAP_SHARED |
	    MAP_ANONYMOUS | MAP_FIXED, NULL, 0), at);
}

/* ---- checks after a call ---------------------------------------------- */

static void
post_populated_4(const struct mm *mm, const char *name)
{
	ck_assert_msg(mm->populated == 4, "%s: populated %lu, want 4", name,
	    mm->populated);
}

static void
post_locked_grown(const struct mm *mm, const char *name)
{
	ck_assert_msg(mm->populated == 2 && mm->locked_vm == 6,
	    "%s: populated %lu locked_vm %lu, want 2 and 6", name,
	    mm->populated, mm->locked_vm);
}

static void
post_locked_moved(const struct mm *mm, const char *name)
{
	ck_assert_msg(mm->populated == 2 && mm->locked_vm == 8,
	    "%s: populated %lu locked_vm %lu, want 2 and 8", name,
	    mm->populated, mm->locked_vm);
}

/* ---- the cases -------------------------------------------------------- */

static const struct mcase cases[] = {
	/* ---- sys_mprotect: the checks of the request --------------------- */
	{ "mprotect: GROWSDOWN and GROWSUP at once", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(0), P, R | PROT_GROWSDOWN | PROT_GROWSUP }, ERR(EINVAL), NULL,
	    { { "sys_mprotect.grows_both", 1 } } },
	{ "mprotect: an unaligned start", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(0) + 1, P, R }, ERR(EINVAL), NULL,
	    { { "sys_mprotect.grows_both", 0 }, { "sys_mprotect.unaligned", 1 } } },
	{ "mprotect: a zero length does nothing", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(0), 0, R }, 0, NULL,
	    { { "sys_mprotect.unaligned", 0 }, { "sys_mprotect.zero_len", 1 } } },
	{ "mprotect: a range that wraps", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(0), 0 - C(0), R }, ERR(ENOMEM), NULL,
	    { { "sys_mprotect.zero_len", 0 }, { "sys_mprotect.wraps", 1 } } },
	{ "mprotect: an unknown prot bit", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(0), P, 0x10 }, ERR(EINVAL), NULL,
	    { { "sys_mprotect.wraps", 0 }, { "sys_mprotect.bad_prot", 1 } } },
	{ "mprotect: nothing mapped above start", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(6), P, R }, ERR(ENOMEM), NULL,
	    { { "sys_mprotect.bad_prot", 0 }, { "sys_mprotect.no_vma", 1 } } },
	{ "mprotect: start in a hole", "AA..BB", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(2), 2 * P, R }, ERR(ENOMEM), NULL,
	    { { "sys_mprotect.no_vma", 0 }, { "sys_mprotect.growsdown", 0 },
	      { "sys_mprotect.hole_at_start", 1 } } },
	{ "mprotect: PROT_GROWSDOWN reaches down to the stack's start", "AA..####", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(6), P, R | PROT_GROWSDOWN }, 0, "AA..===#",
	    { { "sys_mprotect.growsdown", 1 }, { "sys_mprotect.growsdown_above_end", 0 },
	      { "sys_mprotect.not_growsdown", 0 }, { "sys_mprotect.start_inside", 0 } } },
	{ "mprotect: PROT_GROWSDOWN below the stack", "AA....##", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(2), P, R | PROT_GROWSDOWN }, ERR(ENOMEM), NULL,
	    { { "sys_mprotect.growsdown_above_end", 1 } } },
	{ "mprotect: PROT_GROWSDOWN on a VMA that does not grow", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(1), P, R | PROT_GROWSDOWN }, ERR(EINVAL), NULL,
	    { { "sys_mprotect.not_growsdown", 1 } } },
	{ "mprotect: PROT_GROWSUP, and nothing grows up", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(1), P, R | PROT_GROWSUP }, ERR(EINVAL), NULL,
	    { { "sys_mprotect.hole_at_start", 0 }, { "sys_mprotect.growsup", 1 },
	      { "sys_mprotect.not_growsup", 1 } } },
	{ "mprotect: no PROT_WRITE for a VMA without VM_MAYWRITE", "aaaa", B, LAYOUT_TOPDOWN, set_no_maywrite, NULL,
	    act_mprotect, { C(0), 4 * P, RW }, ERR(EACCES), NULL,
	    { { "sys_mprotect.growsup", 0 }, { "sys_mprotect.not_permitted", 1 } } },
	{ "mprotect: READ_IMPLIES_EXEC adds PROT_EXEC", "aaaa", B, LAYOUT_TOPDOWN, set_read_implies_exec, NULL,
	    act_mprotect, { C(0), 4 * P, R }, 0, "****",
	    { { "sys_mprotect.read_implies_exec", 1 }, { "sys_mprotect.not_permitted", 0 } } },

	/* ---- mprotect_fixup: split, merge, flags ------------------------- */
	{ "mprotect: the middle is split off", "AAAAAAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(2), 2 * P, R }, 0, "AAbbCCCC",
	    { { "sys_mprotect.start_inside", 1 }, { "mprotect_fixup.split_start", 1 },
	      { "mprotect_fixup.split_end", 1 }, { "mprotect_fixup.merged", 0 },
	      { "sys_mprotect.ends_inside", 1 }, { "mprotect_fixup.split_start_failed", 0 } } },
	{ "mprotect: the head is split off", "AAAAAAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(0), 2 * P, R }, 0, "aaBBBBBB",
	    { { "mprotect_fixup.split_start", 0 }, { "mprotect_fixup.split_end", 1 },
	      { "mprotect_fixup.split_end_failed", 0 } } },
	{ "mprotect: the tail is split off", "AAAAAAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(6), 2 * P, R }, 0, "AAAAAAbb",
	    { { "mprotect_fixup.split_end", 0 }, { "sys_mprotect.ends_inside", 0 },
	      { "sys_mprotect.done", 1 } } },
	{ "mprotect: the same protection changes nothing", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(0), 4 * P, RW }, 0, NULL,
	    { { "mprotect_fixup.same_flags", 1 }, { "sys_mprotect.fixup_failed", 0 } } },
	/*
	 * The merges of a range that is mapped already (vma_merge cases 4-8):
	 *
	 *   case 4: aaaaBBBB -> aaBBBBBB     case 5: AAAAbbbb -> AAAAAAbb
	 *   case 6: AAAAbbbbCCCC -> one VMA  case 7: AAAAbbbbcccc -> AAAAAAAAcccc
	 *   case 8: aaaabbbbCCCC -> aaaaCCCCCCCC
	 */
	{ "mprotect: merge case 4, the tail of prev joins next", "aaaaBBBB", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(2), 2 * P, RW }, 0, "aaBBBBBB",
	    { { "mprotect_fixup.writable", 1 }, { "mprotect_fixup.charge", 1 },
	      { "mprotect_fixup.merged", 1 }, { "sys_mprotect.merged_past", 1 },
	      { "mprotect_fixup.may_expand_vm", 0 }, { "mprotect_fixup.same_flags", 0 } } },
	{ "mprotect: merge case 5, the head of next joins prev", "AAAAbbbb", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(4), 2 * P, RW }, 0, "AAAAAAbb",
	    { { "mprotect_fixup.merged", 1 }, { "sys_mprotect.merged_past", 0 } } },
	{ "mprotect: merge case 6, prev, the range and next become one", "AAAAbbbbCCCC", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(4), 4 * P, RW }, 0, "AAAAAAAAAAAA",
	    { { "mprotect_fixup.merged", 1 }, { "sys_mprotect.merged_past", 1 } } },
	{ "mprotect: merge case 7, prev swallows the range", "AAAAbbbbcccc", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(4), 4 * P, RW }, 0, "AAAAAAAAcccc",
	    { { "mprotect_fixup.merged", 1 } } },
	{ "mprotect: merge case 8, next swallows the range", "aaaabbbbCCCC", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(4), 4 * P, RW }, 0, "aaaaCCCCCCCC",
	    { { "mprotect_fixup.merged", 1 }, { "sys_mprotect.merged_past", 1 } } },
	{ "mprotect: two VMAs, the second merges into the first", "AAAABBBB", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(0), 8 * P, R }, 0, "aaaaaaaa",
	    { { "sys_mprotect.done", 0 }, { "sys_mprotect.hole", 0 }, { "mprotect_fixup.merged", 1 } } },
	{ "mprotect: a hole in the range, after the first VMA changed", "AA.BB", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(0), 5 * P, R }, ERR(ENOMEM), "aa.BB",
	    { { "sys_mprotect.hole", 1 } } },
	{ "mprotect: no room for the split at the start", "AAAAAAAA", B, LAYOUT_TOPDOWN, set_map_count_tight, NULL,
	    act_mprotect, { C(2), 2 * P, R }, ERR(ENOMEM), NULL,
	    { { "mprotect_fixup.split_start_failed", 1 }, { "sys_mprotect.fixup_failed", 1 } } },
	{ "mprotect: no room for the split at the end; the first stays", "AAAAAAAA", B, LAYOUT_TOPDOWN, set_map_count_one_more, NULL,
	    act_mprotect, { C(2), 2 * P, R }, ERR(ENOMEM), "AABBBBBB",
	    { { "mprotect_fixup.split_start_failed", 0 }, { "mprotect_fixup.split_end_failed", 1 } } },
	{ "mprotect: making memory writable over RLIMIT_DATA", "aaaa", B, LAYOUT_TOPDOWN, set_rlimit_data_one_page, NULL,
	    act_mprotect, { C(0), 2 * P, RW }, ERR(ENOMEM), NULL,
	    { { "mprotect_fixup.may_expand_vm", 1 } } },
	{ "mprotect: already charged memory is not charged again", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mprotect, { C(0), 4 * P, RWX }, 0, "@@@@",
	    { { "mprotect_fixup.charge", 0 }, { "mprotect_fixup.locked_cow", 0 } } },
	{ "mprotect: locked memory made writable is faulted in", "aaaa", B, LAYOUT_TOPDOWN, set_locked, post_populated_4,
	    act_mprotect, { C(0), 4 * P, RW }, 0, "AAAA",
	    { { "mprotect_fixup.locked_cow", 1 } } },

	/* ---- sys_mremap: the checks of the request ----------------------- */
	{ "mremap: an unknown flag", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), P, P, 4, 0 }, ERR(EINVAL), NULL,
	    { { "sys_mremap.bad_flags", 1 } } },
	{ "mremap: MREMAP_FIXED alone", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), P, P, MREMAP_FIXED, C(8) }, ERR(EINVAL), NULL,
	    { { "sys_mremap.bad_flags", 0 }, { "sys_mremap.fixed_without_maymove", 1 } } },
	{ "mremap: an unaligned address", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0) + 1, P, P, 0, 0 }, ERR(EINVAL), NULL,
	    { { "sys_mremap.fixed_without_maymove", 0 }, { "sys_mremap.unaligned", 1 } } },
	{ "mremap: a zero new length", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), P, 0, 0, 0 }, ERR(EINVAL), NULL,
	    { { "sys_mremap.unaligned", 0 }, { "sys_mremap.zero_new_len", 1 } } },

	/* ---- shrink, and grow in place ----------------------------------- */
	{ "mremap: shrinking unmaps the tail", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), 4 * P, 2 * P, 0, 0 }, C(0), "AA",
	    { { "sys_mremap.zero_new_len", 0 }, { "sys_mremap.fixed", 0 }, { "sys_mremap.shrink", 1 },
	      { "sys_mremap.shrink_failed", 0 }, { "sys_mremap.failed", 0 }, { "sys_mremap.populate", 0 } } },
	{ "mremap: the same length in pages changes nothing", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), 4 * P, 4 * P - 100, 0, 0 }, C(0), NULL,
	    { { "sys_mremap.shrink", 1 }, { "sys_mremap.shrink_failed", 0 } } },
	{ "mremap: shrinking at TASK_SIZE, do_munmap refuses the tail", "AA", TASK - 2 * P, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { TASK - 2 * P, 4 * P, 3 * P, 0, 0 }, ERR(EINVAL), NULL,
	    { { "sys_mremap.shrink_failed", 1 }, { "sys_mremap.failed", 1 } } },
	{ "mremap: growing into the free space above", "AAAA....BB", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), 4 * P, 6 * P, 0, 0 }, C(0), "AAAAAA..BB",
	    { { "sys_mremap.shrink", 0 }, { "sys_mremap.resize_refused", 0 }, { "sys_mremap.to_vma_end", 1 },
	      { "sys_mremap.expandable", 1 }, { "sys_mremap.adjust_failed", 0 }, { "sys_mremap.grown_locked", 0 } } },
	{ "mremap: the next VMA is in the way, and no MAYMOVE", "AAAABB", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), 4 * P, 6 * P, 0, 0 }, ERR(ENOMEM), NULL,
	    { { "sys_mremap.expandable", 0 }, { "vma_expandable.next_in_the_way", 1 },
	      { "vma_expandable.overflow", 0 }, { "sys_mremap.maymove", 0 } } },
	{ "mremap: growing a range that stops short of the VMA's end", "AAAAAAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), 4 * P, 6 * P, 0, 0 }, ERR(ENOMEM), NULL,
	    { { "sys_mremap.to_vma_end", 0 } } },
	{ "mremap: growing by almost 2^64 wraps", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), 4 * P, 0xffffffffffffe000UL, 0, 0 }, ERR(ENOMEM), NULL,
	    { { "vma_expandable.overflow", 1 } } },
	{ "mremap: growing past TASK_SIZE", "AA..", TASK - 4 * P, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { TASK - 4 * P, 2 * P, 5 * P, 0, 0 }, ERR(ENOMEM), NULL,
	    { { "vma_expandable.next_in_the_way", 0 }, { "vma_expandable.no_area", 1 } } },
	{ "mremap: growing locked memory faults the new pages in", "AAAA....", B, LAYOUT_TOPDOWN, set_locked, post_locked_grown,
	    act_mremap, { C(0), 4 * P, 6 * P, 0, 0 }, C(0), "AAAAAA",
	    { { "vma_to_resize.locked", 1 }, { "vma_to_resize.mlock_limit", 0 },
	      { "sys_mremap.grown_locked", 1 }, { "sys_mremap.populate", 1 },
	      { "vma_expandable.no_area", 0 } } },

	/* ---- vma_to_resize ----------------------------------------------- */
	{ "mremap: nothing mapped at addr", "AA..BB", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(2), P, 2 * P, MAYMOVE, 0 }, ERR(EFAULT), NULL,
	    { { "vma_to_resize.not_mapped", 1 }, { "sys_mremap.resize_refused", 1 } } },
	{ "mremap: old_len 0 would duplicate private memory", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), 0, P, MAYMOVE, 0 }, ERR(EINVAL), NULL,
	    { { "vma_to_resize.not_mapped", 0 }, { "vma_to_resize.duplicate_private", 1 } } },
	{ "mremap: the old range runs into the next VMA", "AAAABB", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), 6 * P, 8 * P, MAYMOVE, 0 }, ERR(EFAULT), NULL,
	    { { "vma_to_resize.duplicate_private", 0 }, { "vma_to_resize.past_end", 1 } } },
	{ "mremap: a VM_DONTEXPAND VMA may not grow", "AAAA", B, LAYOUT_TOPDOWN, set_dontexpand, NULL,
	    act_mremap, { C(0), 4 * P, 6 * P, 0, 0 }, ERR(EFAULT), NULL,
	    { { "vma_to_resize.past_end", 0 }, { "vma_to_resize.same_len", 0 },
	      { "vma_to_resize.pgoff_overflow", 0 }, { "vma_to_resize.dontexpand", 1 } } },
	{ "mremap: growing locked memory over RLIMIT_MEMLOCK", "AAAA", B, LAYOUT_TOPDOWN, set_locked_limit, NULL,
	    act_mremap, { C(0), 4 * P, 6 * P, 0, 0 }, ERR(EAGAIN), NULL,
	    { { "vma_to_resize.dontexpand", 0 }, { "vma_to_resize.mlock_limit", 1 } } },
	{ "mremap: growing over RLIMIT_AS", "AAAA", B, LAYOUT_TOPDOWN, set_rlimit_as_tight, NULL,
	    act_mremap, { C(0), 4 * P, 6 * P, 0, 0 }, ERR(ENOMEM), NULL,
	    { { "vma_to_resize.locked", 0 }, { "vma_to_resize.may_expand_vm", 1 } } },

	/* ---- MREMAP_MAYMOVE: a new place, bottom-up from the legacy base -- */
	{ "mremap: moved past a read-only neighbour", "AAAAbb......", LEG, LAYOUT_LEGACY, NULL, NULL,
	    act_mremap, { L(0), 4 * P, 6 * P, MAYMOVE, 0 }, L(6), "....bbCCCCCC",
	    { { "vma_to_resize.may_expand_vm", 0 }, { "sys_mremap.maymove", 1 }, { "sys_mremap.mayshare", 0 },
	      { "sys_mremap.no_area", 0 }, { "copy_vma.unfaulted_anon", 1 }, { "copy_vma.merged", 0 } } },
	{ "mremap: moved onto the end of a neighbour, which grows", "AAAAbb..CC......", LEG, LAYOUT_LEGACY, NULL, NULL,
	    act_mremap, { L(0), 4 * P, 6 * P, MAYMOVE, 0 }, L(10), "....bb..CCCCCCCC",
	    { { "copy_vma.merged", 1 }, { "copy_vma.merged_self", 0 }, { "move_vma.accounted", 1 },
	      { "move_vma.pieces_left", 0 }, { "move_vma.munmap_failed", 0 }, { "move_vma.map_count", 0 } } },
	{ "mremap: no free range is long enough", "AAAABB", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), 4 * P, TASK, MAYMOVE, 0 }, ERR(ENOMEM), NULL,
	    { { "sys_mremap.no_area", 1 } } },
	{ "mremap: shared memory moves as MAP_SHARED", "AAAA....BB", LEG, LAYOUT_LEGACY, set_shared, NULL,
	    act_mremap, { L(4), 2 * P, 6 * P, MAYMOVE, 0 }, L(10), "AAAA....BBSSSSSS",
	    { { "sys_mremap.mayshare", 1 }, { "copy_vma.unfaulted_anon", 0 }, { "move_vma.accounted", 0 } } },
	{ "mremap: moving locked memory", "AAAAbb......", LEG, LAYOUT_LEGACY, set_locked, post_locked_moved,
	    act_mremap, { L(0), 4 * P, 6 * P, MAYMOVE, 0 }, L(6), "....bbCCCCCC",
	    { { "move_vma.locked", 1 }, { "sys_mremap.populate", 1 } } },

	/* ---- MREMAP_FIXED: mremap_to ------------------------------------- */
	{ "mremap: FIXED to an unaligned address", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), P, P, FIXED, C(8) + 1 }, ERR(EINVAL), NULL,
	    { { "sys_mremap.fixed", 1 }, { "mremap_to.unaligned", 1 } } },
	{ "mremap: FIXED past TASK_SIZE", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), P, 2 * P, FIXED, TASK - P }, ERR(EINVAL), NULL,
	    { { "mremap_to.unaligned", 0 }, { "mremap_to.too_high", 1 } } },
	{ "mremap: FIXED onto itself", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), 4 * P, 4 * P, FIXED, C(2) }, ERR(EINVAL), NULL,
	    { { "mremap_to.too_high", 0 }, { "mremap_to.overlap", 1 } } },
	{ "mremap: FIXED next to itself merges with itself", "..AAAA....", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(2), 4 * P, 4 * P, FIXED, C(6) }, C(6), "......AAAA",
	    { { "mremap_to.overlap", 0 }, { "mremap_to.shrink", 1 }, { "vma_to_resize.same_len", 1 },
	      { "copy_vma.merged_self", 1 }, { "move_vma.pieces_left", 1 }, { "move_vma.two_pieces", 0 } } },
	{ "mremap: FIXED from the middle leaves two charged pieces", "AAAAAAAA........", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(2), 2 * P, 2 * P, FIXED, C(12) }, C(12), "AA..BBBB....CC",
	    { { "move_vma.hole_in_middle", 1 }, { "move_vma.two_pieces", 1 }, { "move_vma.locked", 0 } } },
	{ "mremap: FIXED onto a mapping replaces it (and merges)", "AAAA....BBBBBB", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), 4 * P, 4 * P, FIXED, C(9) }, C(9), "........BBBBBB",
	    { { "mremap_to.unmap_target_failed", 0 }, { "mremap_to.shrink_failed", 0 },
	      { "mremap_to.resize_refused", 0 }, { "mremap_to.mayshare", 0 }, { "mremap_to.no_area", 0 },
	      { "move_vma.hole_in_middle", 0 } } },
	{ "mremap: FIXED and shorter: the tail goes first", "AAAAAAAA......", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), 6 * P, 2 * P, FIXED, C(12) }, C(12), "......BB....CC",
	    { { "mremap_to.shrink", 1 }, { "move_vma.pieces_left", 0 } } },
	{ "mremap: FIXED onto a mapping that cannot be split", "AAAA..BBBBBB", B, LAYOUT_TOPDOWN, set_map_count_tight, NULL,
	    act_mremap, { C(0), 2 * P, 2 * P, FIXED, C(7) }, ERR(ENOMEM), NULL,
	    { { "mremap_to.unmap_target_failed", 1 } } },
	{ "mremap: FIXED and shorter, the tail cannot be split off", "AAAAAAAA", B, LAYOUT_TOPDOWN, set_map_count_tight, NULL,
	    act_mremap, { C(0), 4 * P, 2 * P, FIXED, C(10) }, ERR(ENOMEM), NULL,
	    { { "mremap_to.shrink_failed", 1 } } },
	{ "mremap: FIXED from an unmapped address", "AA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(4), P, 2 * P, FIXED, C(10) }, ERR(EFAULT), NULL,
	    { { "mremap_to.shrink", 0 }, { "mremap_to.resize_refused", 1 } } },
	{ "mremap: FIXED below mmap_min_addr", "AAAA", B, LAYOUT_TOPDOWN, NULL, NULL,
	    act_mremap, { C(0), 2 * P, 2 * P, FIXED, 0x1000 }, ERR(EPERM), NULL,
	    { { "mremap_to.no_area", 1 } } },
	{ "mremap: FIXED too close to max_map_count", "AAAA", B, LAYOUT_TOPDOWN, set_map_count_three_more, NULL,
	    act_mremap, { C(0), 2 * P, 2 * P, FIXED, C(10) }, ERR(ENOMEM), NULL,
	    { { "move_vma.map_count", 1 } } },
	{ "mremap: FIXED with shared memory", "AAAA....BB", B, LAYOUT_TOPDOWN, set_shared, NULL,
	    act_mremap, { C(4), 2 * P, 4 * P, FIXED, C(12) }, C(12), "AAAA....BB..SSSS",
	    { { "mremap_to.mayshare", 1 }, { "move_vma.accounted", 0 } } },
	{ "mremap: old_len 0 duplicates shared memory", "AAAA....BB", B, LAYOUT_TOPDOWN, set_shared, NULL,
	    act_mremap, { C(4), 0, 2 * P, FIXED, C(12) }, C(12), "AAAASS..BB..SS",
	    { { "move_vma.munmap_failed", 1 }, { "move_vma.pieces_left", 0 } } },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* The protection a picture character stands for (see the top). */
static unsigned long
pic_prot(char c)
{
	const unsigned long rwx = VM_READ | VM_WRITE;

	if (c == '#')
		return rwx | VM_GROWSDOWN;
	if (c == '=')
		return VM_READ | VM_GROWSDOWN;
	if (c == '*')
		return VM_READ | VM_EXEC;
	if (c == '@')
		return rwx | VM_EXEC;
	if (c >= '0' && c <= '9')
		return 0;
	if (c >= 'a' && c <= 'z')
		return VM_READ;
	return rwx;
}

/*
 * The address space must be exactly the picture: the same VMAs, bounds,
 * protections, VM_ACCOUNT on private writable memory, VM_SHARED on 'S',
 * and linear offsets for private anonymous memory.
 */
static void
check_after(const struct mm *mm, const char *pic, unsigned long base,
    const char *name)
{
	const unsigned long mask = VM_READ | VM_WRITE | VM_EXEC | VM_GROWSDOWN;
	const struct vma *v = mm->mmap;
	size_t i = 0, j, n = strlen(pic);
	unsigned long start, end;
	int count = 0;

	while (i < n) {
		if (pic[i] == '.' || pic[i] == ' ') {
			i++;
			continue;
		}
		for (j = i; j < n && pic[j] == pic[i]; j++)
			;
		start = base + i * P;
		end = base + j * P;
		ck_assert_msg(v != NULL, "%s: no VMA for '%c' at %#lx", name,
		    pic[i], start);
		ck_assert_msg(v->vm_start == start && v->vm_end == end,
		    "%s: VMA %d is [%#lx, %#lx), want [%#lx, %#lx) ('%c')",
		    name, count, v->vm_start, v->vm_end, start, end, pic[i]);
		ck_assert_msg((v->vm_flags & mask) == pic_prot(pic[i]),
		    "%s: VMA at %#lx has flags %#lx, want '%c'", name, start,
		    v->vm_flags, pic[i]);
		if (pic[i] == 'S')
			ck_assert_msg(v->vm_flags & VM_SHARED,
			    "%s: VMA at %#lx is not shared", name, start);
		else if (pic[i] >= 'A' && pic[i] <= 'Z')
			ck_assert_msg(v->vm_flags & VM_ACCOUNT,
			    "%s: VMA at %#lx lost VM_ACCOUNT", name, start);
		if (v->vm_file == NULL)
			ck_assert_msg(v->vm_pgoff == v->vm_start >> PAGE_SHIFT,
			    "%s: VMA at %#lx has pgoff %#lx", name, start,
			    v->vm_pgoff);
		v = v->vm_next;
		count++;
		i = j;
	}
	ck_assert_msg(v == NULL, "%s: an extra VMA at %#lx", name,
	    v != NULL ? v->vm_start : 0);
	ck_assert_msg(mm->map_count == count, "%s: map_count %d, want %d",
	    name, mm->map_count, count);
}

static void
run_case(const struct mcase *c)
{
	struct mm *mm;
	struct trace t;
	struct trace_rec rec;
	unsigned long got;
	size_t i;

	mm = pic_mm(c->pic, c->base, P, c->layout);
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
	check_after(mm, c->after != NULL ? c->after : c->pic, c->base, c->name);
	if (c->post != NULL)
		c->post(mm, c->name);
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
 * branches that the callers or the modelled machines make unreachable.
 */
static const struct {
	const char	*id;
	int		 outcome;
	const char	*why;
} unreachable[] = {
	{ "copy_vma.no_memory", 1, "needs the VMA cache to run out of memory" },
	{ "copy_vma.overlap", 1, "every caller unmaps the destination first" },
	{ "move_vma.no_copy", 1, "copy_vma fails only when out of memory" },
	{ "sys_mremap.adjust_failed", 1,
	    "vma_adjust without a VMA to insert cannot fail" },
	{ "vma_to_resize.pgoff_overflow", 1,
	    "offsets stay below 2^52 pages with 64-bit unsigned long" },
	{ "sys_mprotect.not_growsup", 0, "no modelled arch has VM_GROWSUP" },
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

/* The functions this file must drive every decision of. */
static int
covered_func(const char *func)
{
	static const char *const names[] = {
		"sys_mprotect", "mprotect_fixup", "sys_mremap",
		"vma_to_resize", "vma_expandable", "mremap_to", "move_vma",
		"copy_vma",
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
	int outcome, missing = 0, ids = 0;

	for (i = 0; i < NCASES; i++)
		run_case(&cases[i]);
	for (d = decisions; d->id != NULL; d++) {
		if (!covered_func(d->func))
			continue;
		ids++;
		for (outcome = 0; outcome <= 1; outcome++) {
			if (coverage_saw(d->id, outcome) ||
			    is_unreachable(d->id, outcome))
				continue;
			fprintf(stderr, "no test drives %s %s\n", d->id,
			    outcome ? "taken" : "not taken");
			missing++;
		}
	}
	/* The registry holds them all: a lost entry must not pass quietly. */
	ck_assert_int_ge(ids, 80);
	ck_assert_msg(missing == 0, "%d decision outcomes are not covered",
	    missing);
}
END_TEST

static Suite *
mremap_suite(void)
{
	Suite *s = suite_create("mprotect-mremap");
	TCase *tc = tcase_create("cases");

	tcase_add_loop_test(tc, test_case, 0, (int)NCASES);
	suite_add_tcase(s, tc);
	tc = tcase_create("coverage");
	tcase_add_test(tc, test_coverage);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(mremap_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
