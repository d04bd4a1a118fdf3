/*
 * decisions.c - the registry of decision ids.
 *
 * Every decision the engine reports has a stable id (function.what), a
 * one-line explanation in plain English for the stepper's status line and
 * the grader's reports, and the lines of the kernel listing it mirrors, as
 * the course readings number them ("sys_brk listing 24-25" counts from the
 * first line of the Korean reading's sys_brk listing). Decisions from code
 * the readings do not list name the 4.14 function instead.
 *
 * The table is sorted by id (a test checks it), so decision_find is a
 * binary search. Ids never change once published: labs and graded
 * results refer to them.
 */
#include <stdlib.h>
#include <string.h>

#include "trace.h"

const struct decision decisions[] = {
	{
		.id = "arch_get_unmapped_area.fixed",
		.func = "arch_get_unmapped_area",
		.explain = "MAP_FIXED: the caller chose the address, so the search is skipped and the address is returned as given.",
		.kernel = "ARM listing 30-35 (Korean reading); x86 4.14 sys_x86_64.c",
	},
	{
		.id = "arch_get_unmapped_area.hint",
		.func = "arch_get_unmapped_area",
		.explain = "The caller passed a hint address: try that spot first before searching.",
		.kernel = "ARM listing 40-44",
	},
	{
		.id = "arch_get_unmapped_area.hint_free",
		.func = "arch_get_unmapped_area",
		.explain = "The hinted range fits below TASK_SIZE and ends before the next VMA (and its stack guard gap), so the hint is used as is.",
		.kernel = "ARM listing 46-50 (4.14 compares with vm_start_gap)",
	},
	{
		.id = "arch_get_unmapped_area.too_long",
		.func = "arch_get_unmapped_area",
		.explain = "The request is longer than the whole search window, so no gap can ever hold it.",
		.kernel = "ARM listing 37-38",
	},
	{
		.id = "arch_get_unmapped_area_topdown.fixed",
		.func = "arch_get_unmapped_area_topdown",
		.explain = "MAP_FIXED: the caller chose the address, so the search is skipped.",
		.kernel = "x86 4.14 sys_x86_64.c (ARM twin: 30-35)",
	},
	{
		.id = "arch_get_unmapped_area_topdown.found",
		.func = "arch_get_unmapped_area_topdown",
		.explain = "The top-down search found a page-aligned address (not an error code), so it is the answer.",
		.kernel = "x86 4.14 sys_x86_64.c",
	},
	{
		.id = "arch_get_unmapped_area_topdown.hint",
		.func = "arch_get_unmapped_area_topdown",
		.explain = "The caller passed a hint address: try that spot first before searching.",
		.kernel = "x86 4.14 sys_x86_64.c (ARM twin: 40-44)",
	},
	{
		.id = "arch_get_unmapped_area_topdown.hint_free",
		.func = "arch_get_unmapped_area_topdown",
		.explain = "The hinted range fits below TASK_SIZE and ends before the next VMA's guard gap, so the hint is used as is.",
		.kernel = "x86 4.14 sys_x86_64.c (ARM twin: 46-50)",
	},
	{
		.id = "arch_get_unmapped_area_topdown.map_32bit",
		.func = "arch_get_unmapped_area_topdown",
		.explain = "MAP_32BIT wants the low 2 GiB, which only the bottom-up search handles, so jump there.",
		.kernel = "x86 4.14 sys_x86_64.c",
	},
	{
		.id = "arch_get_unmapped_area_topdown.too_long",
		.func = "arch_get_unmapped_area_topdown",
		.explain = "The request is longer than the whole address space, so no gap can hold it.",
		.kernel = "x86 4.14 sys_x86_64.c",
	},
	{
		.id = "arm_get_unmapped_area.fixed_misaligned",
		.func = "arm_get_unmapped_area",
		.explain = "With an aliasing cache a shared MAP_FIXED mapping must start on the same cache colour as its file offset; this one does not.",
		.kernel = "ARM listing 30-35 (Korean reading)",
	},
	{
		.id = "arm_get_unmapped_area.hint_free",
		.func = "arm_get_unmapped_area",
		.explain = "The (colour-aligned) hinted range fits and ends before the next VMA, so the hint is used.",
		.kernel = "ARM listing 46-50",
	},
	{
		.id = "arm_get_unmapped_area.too_long",
		.func = "arm_get_unmapped_area",
		.explain = "The request is longer than TASK_SIZE, so it can never fit.",
		.kernel = "ARM listing 37-38",
	},
	{
		.id = "arm_get_unmapped_area_topdown.fallback",
		.func = "arm_get_unmapped_area_topdown",
		.explain = "The top-down search failed, so try once more bottom-up from mmap_base rather than fail the mmap.",
		.kernel = "4.14 arch/arm/mm/mmap.c",
	},
	{
		.id = "arm_get_unmapped_area_topdown.fixed_misaligned",
		.func = "arm_get_unmapped_area_topdown",
		.explain = "A shared MAP_FIXED mapping on an aliasing cache must match its file offset's cache colour; this one does not.",
		.kernel = "4.14 arch/arm/mm/mmap.c (as ARM listing 30-35)",
	},
	{
		.id = "arm_get_unmapped_area_topdown.hint_free",
		.func = "arm_get_unmapped_area_topdown",
		.explain = "The hinted range fits and ends before the next VMA, so the hint is used.",
		.kernel = "4.14 arch/arm/mm/mmap.c (as ARM listing 46-50)",
	},
	{
		.id = "arm_get_unmapped_area_topdown.too_long",
		.func = "arm_get_unmapped_area_topdown",
		.explain = "The request is longer than TASK_SIZE, so it can never fit.",
		.kernel = "4.14 arch/arm/mm/mmap.c (as ARM listing 37-38)",
	},
	{
		.id = "do_brk.bad_flags",
		.func = "do_brk",
		.explain = "do_brk_flags accepts no flag but VM_EXEC; anything else is refused.",
		.kernel = "4.14 do_brk_flags only",
	},
	{
		.id = "do_brk.locked",
		.func = "do_brk",
		.explain = "The new heap pages are VM_LOCKED (mlockall MCL_FUTURE), so they also count in locked_vm.",
		.kernel = "do_brk listing 81-82",
	},
	{
		.id = "do_brk.map_count",
		.func = "do_brk",
		.explain = "The process already has more VMAs than vm.max_map_count allows.",
		.kernel = "do_brk listing 49-50",
	},
	{
		.id = "do_brk.may_expand_vm",
		.func = "do_brk",
		.explain = "Growing would exceed RLIMIT_AS (total size) or RLIMIT_DATA (private writable size), so the heap may not grow.",
		.kernel = "do_brk listing 46-47 (4.14 also checks RLIMIT_DATA there)",
	},
	{
		.id = "do_brk.merged",
		.func = "do_brk",
		.explain = "The heap VMA just below ends where the new range starts and has the same flags, so it is simply extended: no new VMA.",
		.kernel = "do_brk listing 56-59",
	},
	{
		.id = "do_brk.mlock_limit",
		.func = "do_brk",
		.explain = "The heap would be locked in memory and that would exceed RLIMIT_MEMLOCK.",
		.kernel = "do_brk listing 25-27",
	},
	{
		.id = "do_brk.munmap_failed",
		.func = "do_brk",
		.explain = "Clearing the old mappings in the range failed.",
		.kernel = "do_brk listing 40-41",
	},
	{
		.id = "do_brk.no_area",
		.func = "do_brk",
		.explain = "get_unmapped_area refused the fixed range [addr, addr+len) (it returned an error, not an address).",
		.kernel = "do_brk listing 21-23",
	},
	{
		.id = "do_brk.no_memory",
		.func = "do_brk",
		.explain = "No memory for a new vm_area_struct.",
		.kernel = "do_brk listing 64-68",
	},
	{
		.id = "do_brk.overflow",
		.func = "do_brk",
		.explain = "Rounding the length up to whole pages wrapped around zero.",
		.kernel = "4.14 do_brk_flags (not in the 4.0 listing)",
	},
	{
		.id = "do_brk.overlap",
		.func = "do_brk",
		.explain = "Something is already mapped in [addr, addr+len): unmap it first and look again.",
		.kernel = "do_brk listing 39-43 (4.0 loops with goto munmap_back; 4.14 with while)",
	},
	{
		.id = "do_brk.zero_len",
		.func = "do_brk",
		.explain = "The length rounds to zero pages: nothing to map.",
		.kernel = "do_brk listing 15-17",
	},
	{
		.id = "do_mmap.anon_shared_growsdown",
		.func = "do_mmap",
		.explain = "A shared anonymous mapping cannot grow down like a stack.",
		.kernel = "4.14 do_mmap",
	},
	{
		.id = "do_mmap.bad_type",
		.func = "do_mmap",
		.explain = "The mapping type is neither MAP_SHARED nor MAP_PRIVATE (4.14 knows no MAP_SHARED_VALIDATE).",
		.kernel = "4.14 do_mmap",
	},
	{
		.id = "do_mmap.file_growsdown",
		.func = "do_mmap",
		.explain = "A file mapping cannot grow down like a stack.",
		.kernel = "4.14 do_mmap",
	},
	{
		.id = "do_mmap.len_overflow",
		.func = "do_mmap",
		.explain = "Rounding the length up to whole pages wrapped around zero.",
		.kernel = "4.14 do_mmap",
	},
	{
		.id = "do_mmap.map_count",
		.func = "do_mmap",
		.explain = "The process already has more VMAs than vm.max_map_count allows.",
		.kernel = "4.14 do_mmap",
	},
	{
		.id = "do_mmap.mlock_limit",
		.func = "do_mmap",
		.explain = "A locked mapping this size would exceed RLIMIT_MEMLOCK.",
		.kernel = "4.14 do_mmap (mlock_future_check)",
	},
	{
		.id = "do_mmap.no_area",
		.func = "do_mmap",
		.explain = "get_unmapped_area returned an error instead of an address.",
		.kernel = "4.14 do_mmap",
	},
	{
		.id = "do_mmap.pgoff_overflow",
		.func = "do_mmap",
		.explain = "The file offset plus the length overflows.",
		.kernel = "4.14 do_mmap",
	},
	{
		.id = "do_mmap.shared_readonly_file",
		.func = "do_mmap",
		.explain = "A writable shared mapping needs a file opened for writing.",
		.kernel = "4.14 do_mmap",
	},
	{
		.id = "do_mmap.unreadable_file",
		.func = "do_mmap",
		.explain = "Mapping a file needs it opened for reading.",
		.kernel = "4.14 do_mmap",
	},
	{
		.id = "do_mmap.zero_len",
		.func = "do_mmap",
		.explain = "A zero-length mmap is an error.",
		.kernel = "4.14 do_mmap",
	},
	{
		.id = "do_munmap.bad_range",
		.func = "do_munmap",
		.explain = "The start is not page aligned or the range runs past TASK_SIZE.",
		.kernel = "4.14 do_munmap",
	},
	{
		.id = "do_munmap.map_count",
		.func = "do_munmap",
		.explain = "Unmapping from the middle of a VMA splits it in three; that would exceed vm.max_map_count.",
		.kernel = "4.14 do_munmap",
	},
	{
		.id = "do_munmap.no_overlap",
		.func = "do_munmap",
		.explain = "The first VMA above start begins at or after the end of the range: nothing to unmap.",
		.kernel = "4.14 do_munmap",
	},
	{
		.id = "do_munmap.nothing_above",
		.func = "do_munmap",
		.explain = "No VMA ends above start: nothing to unmap.",
		.kernel = "4.14 do_munmap",
	},
	{
		.id = "do_munmap.split_first",
		.func = "do_munmap",
		.explain = "The range starts inside a VMA, so that VMA is split at start first.",
		.kernel = "4.14 do_munmap",
	},
	{
		.id = "do_munmap.split_last",
		.func = "do_munmap",
		.explain = "The range ends inside a VMA, so that VMA is split at the end too.",
		.kernel = "4.14 do_munmap",
	},
	{
		.id = "do_munmap.zero_len",
		.func = "do_munmap",
		.explain = "The length rounds to zero pages.",
		.kernel = "4.14 do_munmap",
	},
	{
		.id = "find_vma_intersection.above_end",
		.func = "find_vma_intersection",
		.explain = "The first VMA ending above start begins at or after end, so nothing intersects the range.",
		.kernel = "4.14 include/linux/mm.h",
	},
	{
		.id = "find_vma_links.overlap",
		.func = "find_vma_links",
		.explain = "An existing VMA overlaps [addr, end), so there is no free slot for the new one.",
		.kernel = "4.14 find_vma_links",
	},
	{
		.id = "generic_get_unmapped_area.hint_free",
		.func = "generic_get_unmapped_area",
		.explain = "The hinted range is above mmap_min_addr, below TASK_SIZE and between its neighbours' guard gaps, so it is used.",
		.kernel = "4.14 mm/mmap.c generic arch_get_unmapped_area",
	},
	{
		.id = "generic_get_unmapped_area.too_long",
		.func = "generic_get_unmapped_area",
		.explain = "The request is longer than the usable address space.",
		.kernel = "4.14 mm/mmap.c generic arch_get_unmapped_area",
	},
	{
		.id = "generic_get_unmapped_area_topdown.fallback",
		.func = "generic_get_unmapped_area_topdown",
		.explain = "The top-down search failed, so try once more bottom-up from TASK_UNMAPPED_BASE.",
		.kernel = "4.14 mm/mmap.c generic topdown",
	},
	{
		.id = "generic_get_unmapped_area_topdown.hint_free",
		.func = "generic_get_unmapped_area_topdown",
		.explain = "The hinted range is free and in bounds, so it is used.",
		.kernel = "4.14 mm/mmap.c generic topdown",
	},
	{
		.id = "generic_get_unmapped_area_topdown.too_long",
		.func = "generic_get_unmapped_area_topdown",
		.explain = "The request is longer than the usable address space.",
		.kernel = "4.14 mm/mmap.c generic topdown",
	},
	{
		.id = "get_unmapped_area.above_task_size",
		.func = "get_unmapped_area",
		.explain = "The address found would make the mapping end above TASK_SIZE.",
		.kernel = "get_unmapped_area listing 23-24",
	},
	{
		.id = "get_unmapped_area.arch_check",
		.func = "get_unmapped_area",
		.explain = "The architecture rejects the request (on ARM: MAP_FIXED below FIRST_USER_ADDRESS).",
		.kernel = "get_unmapped_area listing 8-10",
	},
	{
		.id = "get_unmapped_area.below_mmap_min_addr",
		.func = "get_unmapped_area",
		.explain = "Mapping below vm.mmap_min_addr needs CAP_SYS_RAWIO, which the task lacks.",
		.kernel = "get_unmapped_area listing 29-30 (security_mmap_addr)",
	},
	{
		.id = "get_unmapped_area.hook_failed",
		.func = "get_unmapped_area",
		.explain = "The search returned an error code instead of an address.",
		.kernel = "get_unmapped_area listing 19-21",
	},
	{
		.id = "get_unmapped_area.too_long",
		.func = "get_unmapped_area",
		.explain = "The request is longer than the whole user address space.",
		.kernel = "get_unmapped_area listing 13-14",
	},
	{
		.id = "get_unmapped_area.unaligned",
		.func = "get_unmapped_area",
		.explain = "The address found is not page aligned.",
		.kernel = "get_unmapped_area listing 25-26",
	},
	{
		.id = "may_expand_vm.rlimit_as",
		.func = "may_expand_vm",
		.explain = "The mapped total would pass RLIMIT_AS.",
		.kernel = "4.14 may_expand_vm",
	},
	{
		.id = "may_expand_vm.rlimit_data",
		.func = "may_expand_vm",
		.explain = "This is private writable memory and data_vm would pass RLIMIT_DATA.",
		.kernel = "4.14 may_expand_vm (since 4.7)",
	},
	{
		.id = "may_expand_vm.valgrind",
		.func = "may_expand_vm",
		.explain = "Valgrind's exception: a soft RLIMIT_DATA of 0 is judged by the hard limit instead.",
		.kernel = "4.14 may_expand_vm",
	},
	{
		.id = "mlock_future_check.over",
		.func = "mlock_future_check",
		.explain = "Locked pages would pass RLIMIT_MEMLOCK and the task lacks CAP_IPC_LOCK.",
		.kernel = "mlock_future_check listing 13-14",
	},
	{
		.id = "mmap_region.may_expand_vm",
		.func = "mmap_region",
		.explain = "Even counting the pages MAP_FIXED would unmap, the mapping would pass RLIMIT_AS or RLIMIT_DATA.",
		.kernel = "4.14 mmap_region",
	},
	{
		.id = "mmap_region.merged",
		.func = "mmap_region",
		.explain = "A neighbouring VMA with the same flags and file could simply be extended: no new VMA.",
		.kernel = "4.14 mmap_region",
	},
	{
		.id = "mmap_region.munmap_failed",
		.func = "mmap_region",
		.explain = "Unmapping what MAP_FIXED lands on failed.",
		.kernel = "4.14 mmap_region",
	},
	{
		.id = "mmap_region.no_memory",
		.func = "mmap_region",
		.explain = "No memory for a new vm_area_struct.",
		.kernel = "4.14 mmap_region",
	},
	{
		.id = "mmap_region.overlap",
		.func = "mmap_region",
		.explain = "Something is already mapped in the range (MAP_FIXED): unmap it first and look again.",
		.kernel = "4.14 mmap_region",
	},
	{
		.id = "sys_brk.below_min_brk",
		.func = "sys_brk",
		.explain = "The new break would be below where the heap starts, which is never allowed.",
		.kernel = "sys_brk listing 24-25",
	},
	{
		.id = "sys_brk.compat_brk",
		.func = "sys_brk",
		.explain = "With CONFIG_COMPAT_BRK and no heap randomization the heap may start at end_data; otherwise at start_brk.",
		.kernel = "sys_brk listing 11-23",
	},
	{
		.id = "sys_brk.do_brk_failed",
		.func = "sys_brk",
		.explain = "do_brk could not map the new heap pages.",
		.kernel = "sys_brk listing 54-55",
	},
	{
		.id = "sys_brk.munmap_ok",
		.func = "sys_brk",
		.explain = "Unmapping the pages above the new break worked, so the heap has shrunk.",
		.kernel = "sys_brk listing 43-47",
	},
	{
		.id = "sys_brk.next_too_close",
		.func = "sys_brk",
		.explain = "The grown heap plus one guard page would reach the next mapping (or its stack guard gap).",
		.kernel = "sys_brk listing 50-51 (4.0: find_vma_intersection; 4.14: find_vma and vm_start_gap)",
	},
	{
		.id = "sys_brk.populate",
		.func = "sys_brk",
		.explain = "The heap grew and new memory is locked by default (mlockall MCL_FUTURE), so fault the new pages in now.",
		.kernel = "sys_brk listing 59-62",
	},
	{
		.id = "sys_brk.rlimit_data",
		.func = "sys_brk",
		.explain = "Heap plus initialised data would exceed RLIMIT_DATA.",
		.kernel = "sys_brk listing 33-35",
	},
	{
		.id = "sys_brk.same_page",
		.func = "sys_brk",
		.explain = "Old and new break round up to the same page: no mapping changes, only mm->brk.",
		.kernel = "sys_brk listing 37-40",
	},
	{
		.id = "sys_brk.shrink",
		.func = "sys_brk",
		.explain = "The new break is at or below the old one: the heap shrinks, which is always allowed.",
		.kernel = "sys_brk listing 43-47",
	},
	{
		.id = "sys_mmap.bad_fd",
		.func = "sys_mmap",
		.explain = "The mapping is not anonymous but names no open file.",
		.kernel = "4.14 mmap_pgoff",
	},
	{
		.id = "sys_mmap.hugetlb",
		.func = "sys_mmap",
		.explain = "MAP_HUGETLB needs reserved huge pages, which the model's machine does not have.",
		.kernel = "4.14 mmap_pgoff",
	},
	{
		.id = "sys_mmap.unaligned_offset",
		.func = "sys_mmap",
		.explain = "The file offset must be a multiple of the page size.",
		.kernel = "4.14 x86 sys_mmap",
	},
	{
		.id = "unmapped_area.at_root",
		.func = "unmapped_area",
		.explain = "Climbed back to the root without finding a gap in the tree: try the space above the last VMA.",
		.kernel = "unmapped_area listing 71-72",
	},
	{
		.id = "unmapped_area.clip_low",
		.func = "unmapped_area",
		.explain = "The gap begins below low_limit, so the answer starts at low_limit instead.",
		.kernel = "unmapped_area listing 92-93",
	},
	{
		.id = "unmapped_area.empty_tree",
		.func = "unmapped_area",
		.explain = "There are no VMAs at all: only the space above highest_vm_end is left.",
		.kernel = "unmapped_area listing 30-31",
	},
	{
		.id = "unmapped_area.gap_fits",
		.func = "unmapped_area",
		.explain = "The gap just below this VMA is long enough and ends above low_limit: found.",
		.kernel = "unmapped_area listing 54-55",
	},
	{
		.id = "unmapped_area.go_left",
		.func = "unmapped_area",
		.explain = "The left subtree holds a gap of at least length (its rb_subtree_gap says so), and lower is better: go left.",
		.kernel = "unmapped_area listing 43-45",
	},
	{
		.id = "unmapped_area.go_right",
		.func = "unmapped_area",
		.explain = "The right subtree's rb_subtree_gap promises a gap long enough: go right.",
		.kernel = "unmapped_area listing 62-64",
	},
	{
		.id = "unmapped_area.has_right",
		.func = "unmapped_area",
		.explain = "This VMA's own gap does not fit, so its right subtree, if it has one, is tried next.",
		.kernel = "unmapped_area listing 58",
	},
	{
		.id = "unmapped_area.high_below_length",
		.func = "unmapped_area",
		.explain = "The window's top is below the length itself: nothing can fit.",
		.kernel = "unmapped_area listing 21-23",
	},
	{
		.id = "unmapped_area.highest_past_limit",
		.func = "unmapped_area",
		.explain = "Even the space above the last VMA starts too high for the request to fit below high_limit.",
		.kernel = "unmapped_area listing 87-88",
	},
	{
		.id = "unmapped_area.left_possible",
		.func = "unmapped_area",
		.explain = "This VMA starts high enough that lower gaps could still fit, and it has a left subtree.",
		.kernel = "unmapped_area listing 38-39",
	},
	{
		.id = "unmapped_area.length_overflow",
		.func = "unmapped_area",
		.explain = "Adding the alignment slack to the length wrapped around.",
		.kernel = "unmapped_area listing 16-18",
	},
	{
		.id = "unmapped_area.low_above_high",
		.func = "unmapped_area",
		.explain = "The window is smaller than the length: nothing can fit.",
		.kernel = "unmapped_area listing 25-27",
	},
	{
		.id = "unmapped_area.past_high_limit",
		.func = "unmapped_area",
		.explain = "This gap starts above the highest usable start, and gaps further right start higher still: give up.",
		.kernel = "unmapped_area listing 52-53",
	},
	{
		.id = "unmapped_area.root_gap_small",
		.func = "unmapped_area",
		.explain = "The root's rb_subtree_gap, the largest gap in the whole tree, is too small: only the space above the last VMA can help.",
		.kernel = "unmapped_area listing 32-34",
	},
	{
		.id = "unmapped_area.up_from_left",
		.func = "unmapped_area",
		.explain = "We came up from a left child, so this VMA (the next one by address) has a gap not checked yet: check it.",
		.kernel = "unmapped_area listing 75-78",
	},
	{
		.id = "unmapped_area_topdown.at_root",
		.func = "unmapped_area_topdown",
		.explain = "Climbed back to the root without finding a gap: the search fails.",
		.kernel = "4.14 unmapped_area_topdown (mirror of unmapped_area 71-72)",
	},
	{
		.id = "unmapped_area_topdown.below_low_limit",
		.func = "unmapped_area_topdown",
		.explain = "This gap ends below the lowest usable end, and gaps further left end lower still: give up.",
		.kernel = "4.14 unmapped_area_topdown (mirror of 52-53)",
	},
	{
		.id = "unmapped_area_topdown.clip_high",
		.func = "unmapped_area_topdown",
		.explain = "The gap ends above high_limit, so the answer is placed under high_limit instead.",
		.kernel = "4.14 unmapped_area_topdown (mirror of 92-93)",
	},
	{
		.id = "unmapped_area_topdown.empty_tree",
		.func = "unmapped_area_topdown",
		.explain = "There are no VMAs and the space above did not fit: fail.",
		.kernel = "4.14 unmapped_area_topdown (mirror of 30-31)",
	},
	{
		.id = "unmapped_area_topdown.gap_fits",
		.func = "unmapped_area_topdown",
		.explain = "The gap just below this VMA is long enough and starts below high_limit: found.",
		.kernel = "4.14 unmapped_area_topdown (mirror of 54-55)",
	},
	{
		.id = "unmapped_area_topdown.go_left",
		.func = "unmapped_area_topdown",
		.explain = "The left subtree's rb_subtree_gap promises a gap long enough: go left.",
		.kernel = "4.14 unmapped_area_topdown (mirror of 62-64)",
	},
	{
		.id = "unmapped_area_topdown.go_right",
		.func = "unmapped_area_topdown",
		.explain = "The right subtree holds a gap long enough, and higher is better: go right.",
		.kernel = "4.14 unmapped_area_topdown (mirror of 43-45)",
	},
	{
		.id = "unmapped_area_topdown.has_left",
		.func = "unmapped_area_topdown",
		.explain = "This VMA's own gap does not fit, so its left subtree, if it has one, is tried next.",
		.kernel = "4.14 unmapped_area_topdown (mirror of 58)",
	},
	{
		.id = "unmapped_area_topdown.high_below_length",
		.func = "unmapped_area_topdown",
		.explain = "The window's top is below the length itself: nothing can fit.",
		.kernel = "4.14 unmapped_area_topdown (mirror of 21-23)",
	},
	{
		.id = "unmapped_area_topdown.highest_fits",
		.func = "unmapped_area_topdown",
		.explain = "The space above the last VMA starts low enough to hold the request under high_limit: take its top.",
		.kernel = "4.14 unmapped_area_topdown (mirror of 83-88)",
	},
	{
		.id = "unmapped_area_topdown.length_overflow",
		.func = "unmapped_area_topdown",
		.explain = "Adding the alignment slack to the length wrapped around.",
		.kernel = "4.14 unmapped_area_topdown (mirror of 16-18)",
	},
	{
		.id = "unmapped_area_topdown.low_above_high",
		.func = "unmapped_area_topdown",
		.explain = "The window is smaller than the length: nothing can fit.",
		.kernel = "4.14 unmapped_area_topdown (mirror of 25-27)",
	},
	{
		.id = "unmapped_area_topdown.right_possible",
		.func = "unmapped_area_topdown",
		.explain = "This VMA's gap starts low enough to be usable, and it has a right subtree.",
		.kernel = "4.14 unmapped_area_topdown (mirror of 38-39)",
	},
	{
		.id = "unmapped_area_topdown.root_gap_small",
		.func = "unmapped_area_topdown",
		.explain = "The largest gap in the whole tree is too small: fail.",
		.kernel = "4.14 unmapped_area_topdown (mirror of 32-34)",
	},
	{
		.id = "unmapped_area_topdown.up_from_right",
		.func = "unmapped_area_topdown",
		.explain = "We came up from a right child, so this VMA (the previous one by address) has a gap not checked yet: check it.",
		.kernel = "4.14 unmapped_area_topdown (mirror of 75-78)",
	},
	{
		.id = "vm_unmapped_area.bottomup",
		.func = "vm_unmapped_area",
		.explain = "Without VM_UNMAPPED_AREA_TOPDOWN the search is bottom-up (lowest fit); with it, top-down (highest fit).",
		.kernel = "vm_unmapped_area (include/linux/mm.h)",
	},
	{
		.id = "vma_merge.after_prev",
		.func = "vma_merge",
		.explain = "The VMA before ends exactly at addr with the same flags, file and contiguous offset: it can grow to cover the range.",
		.kernel = "4.14 vma_merge",
	},
	{
		.id = "vma_merge.and_next",
		.func = "vma_merge",
		.explain = "The VMA after starts exactly at end and matches too: all three become one VMA.",
		.kernel = "4.14 vma_merge",
	},
	{
		.id = "vma_merge.before_next",
		.func = "vma_merge",
		.explain = "The VMA after starts exactly at end and matches: it can grow down to cover the range.",
		.kernel = "4.14 vma_merge",
	},
	{
		.id = "vma_merge.special",
		.func = "vma_merge",
		.explain = "VM_IO/VM_PFNMAP/VM_MIXEDMAP/VM_DONTEXPAND mappings are never merged.",
		.kernel = "4.14 vma_merge",
	},
	{ .id = NULL },
};

static int
decision_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct decision *)elem)->id);
}

/*
 * decision_find: the registry entry for `id`, or NULL when the id is not
 * registered.
 */
const struct decision *
decision_find(const char *id)
{
	size_t n = sizeof(decisions) / sizeof(decisions[0]) - 1;

	return bsearch(id, decisions, n, sizeof(decisions[0]), decision_cmp);
}
