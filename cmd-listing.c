/*
 * cmd-listing.c - vmalab listing: the numbered listing of an engine
 * function, the one the trace's line numbers refer to.
 *
 *   vmalab listing sys_brk      "   1  unsigned long" ...
 *   vmalab listing do_mmap_pgoff   a reading's name: what holds it
 *   vmalab listing              the functions that have a listing
 *
 * The course readings name functions of other kernels (2.6, 4.0) and
 * helpers the model folds into their callers; each such name is in
 * listing_names below, with the listing that holds its code and why.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "trace/i18n.h"
#include "trace/listing.h"
#include "vmalab.h"

static int	cmd_listing_exec(const struct cmd_entry *, int, char **);

/*
 * A name the readings use that has no listing of its own: the listing
 * that holds its code (NULL: none, `where` says where it is), and why.
 */
struct listing_name {
	const char	*name;
	const char	*listing;
	const char	*why;
};

static const struct listing_name listing_names[] = {
	{ "SYSCALL_DEFINE1", "sys_brk", "SYSCALL_DEFINE1(brk, ...) in the "
	    "Korean reading defines the system call sys_brk." },
	{ "brk", "sys_brk", "the brk system call is sys_brk "
	    "(SYSCALL_DEFINE1(brk, ...))." },
	{ "mmap", "sys_mmap", "the mmap system call is sys_mmap on x86_64." },
	{ "sys_mmap_pgoff", "sys_mmap", "x86_64's sys_mmap checks the offset "
	    "and calls sys_mmap_pgoff (SYSCALL_DEFINE6(mmap_pgoff)), which "
	    "turns the fd into a file and calls vm_mmap_pgoff; the model does "
	    "the three in sys_mmap." },
	{ "mmap_pgoff", "sys_mmap", "SYSCALL_DEFINE6(mmap_pgoff) defines "
	    "sys_mmap_pgoff, which the model folds into sys_mmap." },
	{ "vm_mmap_pgoff", "sys_mmap", "vm_mmap_pgoff (mm/util.c) takes "
	    "mmap_sem, calls do_mmap_pgoff and populates; the model has no "
	    "locks, so sys_mmap calls do_mmap_pgoff and mm_populate itself." },
	{ "get_unmapped_area_prot", "get_unmapped_area", "the Japanese "
	    "reading reads a 2.6 kernel with Red Hat's exec-shield patch, "
	    "whose get_unmapped_area_prot could choose "
	    "mm->get_unmapped_exec_area for executable mappings. Mainline "
	    "never had it: in 4.14 the same checks are get_unmapped_area's, "
	    "and prot plays no part in the choice of the hook." },
	{ "get_unmapped_exec_area", "get_unmapped_area", "exec-shield's "
	    "hook for executable mappings (Japanese reading); not in "
	    "mainline, so 4.14 has mm->get_unmapped_area alone." },
	{ "arch_get_unmapped_exec_area", "arch_get_unmapped_area_topdown",
	    "exec-shield's i386 search for executable mappings, below 16 MiB "
	    "(Japanese reading); not in mainline: 4.14 searches every mapping "
	    "the same way." },
	{ "arch_unmap_area", "do_munmap", "2.6's mm->unmap_area hook moved "
	    "the search's free_area_cache hint back when a mapping went away; "
	    "3.9's search over the augmented tree (unmapped_area) needs no "
	    "hint, so the hook was removed." },
	{ "arch_unmap_area_topdown", "do_munmap", "the top-down twin of "
	    "arch_unmap_area, removed with it in 3.9." },
	{ "check_data_rlimit", "sys_brk", "an inline test "
	    "(include/linux/mm.h), engine/kernel/mmap.c: sys_brk calls it on "
	    "the line of decision sys_brk.rlimit_data." },
	{ "verify_mm_writelocked", "do_brk_flags", "a CONFIG_DEBUG_VM check "
	    "that mmap_sem is held for writing; the model has one thread and "
	    "no locks, so the line is left out." },
	{ "security_vm_enough_memory_mm", "do_brk_flags", "the overcommit "
	    "check; the model's heuristic always agrees, so a comment stands "
	    "for the line (in mmap_region too)." },
	{ "vm_unacct_memory", "do_brk_flags", "gives back what "
	    "security_vm_enough_memory_mm charged when the VMA cannot be "
	    "allocated; the model charges nothing." },
	{ "perf_event_mmap", "do_brk_flags", "tells perf about the new "
	    "mapping; the model has no perf, so the line is left out." },
	{ "kmem_cache_zalloc", "do_brk_flags", "engine/kernel/slab.c, the "
	    "VMA cache, untraced: an allocator, not part of the lesson. Its "
	    "calls are steps of do_brk_flags and mmap_region." },
	{ "vm_get_page_prot", "mmap_region", "engine/kernel/vma.c, untraced: "
	    "one lookup in protection_map (x86's page bits), a step of "
	    "mmap_region and do_brk_flags." },
	{ "arch_mmap_check", "get_unmapped_area", "the arch's check is "
	    "mm->arch->mmap_check in the model (ARM: MAP_FIXED below "
	    "FIRST_USER_ADDRESS; x86: none), the first line of "
	    "get_unmapped_area." },
	{ "security_mmap_addr", "get_unmapped_area", "its test (below "
	    "vm.mmap_min_addr needs CAP_SYS_RAWIO) is decision "
	    "get_unmapped_area.below_mmap_min_addr." },
	{ "arch_rebalance_pgtables", "get_unmapped_area", "only ia64 ever "
	    "defined it; on x86 and ARM it returns addr unchanged, so the "
	    "model leaves the line out." },
	{ "cache_is_vipt_aliasing", "arm_get_unmapped_area", "ARM's cache "
	    "question is the arch profile's `aliasing` in the model "
	    "(engine/kernel/arch.c)." },
	{ "COLOUR_ALIGN", "arm_get_unmapped_area", "a macro; "
	    "colour_align() in engine/kernel/arch.c." },
	{ "__mm_populate", "mm_populate", "4.14's mm_populate is an inline "
	    "wrapper of __mm_populate; the model has no pages, so "
	    "mm_populate counts them as __mm_populate walks the VMAs." },
	{ "__mlock_vma_pages_range", "mm_populate", "faults pages in and "
	    "locks them; the model has no pages to fault." },
	{ "__mlock_posix_error_return", "mm_populate", "turns a fault error "
	    "into mlock's; the model has no pages to fault." },
	{ "insert_vm_struct", "vma_link", "4.14's insert_vm_struct links a "
	    "VMA made outside mmap (the stack at exec, the vdso) with "
	    "find_vma_links and vma_link; the model builds those at start "
	    "(mm_add_vma) and links a split's half with __insert_vm_struct "
	    "(engine/kernel/vma.c), untraced." },
	{ "split_vma", "__split_vma", "split_vma refuses at vm.max_map_count "
	    "and calls __split_vma, which holds the code." },
	{ "__vma_rb_erase", "rb_erase_augmented", "a one-line wrapper "
	    "(vma_rb_erase in engine/kernel/vma.c, which sends the tree's "
	    "\"erase\" event)." },
	{ "vma_rb_erase", "rb_erase_augmented", "a one-line wrapper that "
	    "sends the tree's \"erase\" event." },
	{ "vma_rb_insert", "rb_insert_augmented", "a one-line wrapper that "
	    "sends the tree's \"insert\" event." },
	{ "__rb_insert", "rb_insert_augmented", "4.14's rb_insert_augmented "
	    "calls __rb_insert (lib/rbtree.c), which holds the loop; the "
	    "model has the loop in rb_insert_augmented itself." },
	{ "__rb_insert_augmented", "rb_insert_augmented", "the exported "
	    "name of __rb_insert with the augmented callbacks." },
	{ "__rb_erase_augmented", "rb_erase_augmented", "4.14's "
	    "rb_erase_augmented is an inline wrapper of __rb_erase_augmented "
	    "(include/linux/rbtree_augmented.h) and __rb_erase_color." },
	{ "____rb_erase_color", "__rb_erase_color", "4.14's "
	    "__rb_erase_color calls ____rb_erase_color, which holds the "
	    "loop." },
	{ "__rb_rotate_set_parents", "rb_rotate_left", "4.14 rotates inline "
	    "in __rb_insert and ____rb_erase_color with this helper; the "
	    "model has rb_rotate_left and rb_rotate_right." },
	{ "vma_gap_callbacks_propagate", "vma_gap_update", "RB_DECLARE_"
	    "CALLBACKS generates it; the model's is vma_gap_propagate "
	    "(engine/kernel/vma.c, lab 2's to write, so untraced): each node "
	    "it changes is a \"gap\" event." },
	{ "vma_gap_callbacks_rotate", "rb_rotate_left", "RB_DECLARE_"
	    "CALLBACKS generates it; the model's is vma_gap_rotate (lab 2's), "
	    "called on the last line of each rotation, which sends the "
	    "\"rotate\" event." },
	{ "vma_gap_callbacks_copy", "rb_erase_augmented", "RB_DECLARE_"
	    "CALLBACKS generates it; the model's is vma_gap_copy (lab 2's), "
	    "called when a successor takes an erased node's place." },
	{ "arch_pick_mmap_layout", NULL, "engine/kernel/arch.c, untraced: it "
	    "runs once at exec (mm_setup_layout), before any trace starts." },
	{ "mmap_is_legacy", NULL, "engine/kernel/arch.c (arch_pick_mmap_"
	    "layout), untraced; vmalab run --layout legacy chooses it." },
	{ "mmap_legacy_base", NULL, "engine/kernel/arch.c (arch_pick_mmap_"
	    "layout), untraced." },
	{ "mmap_base", NULL, "engine/kernel/arch.c (arch_pick_mmap_layout), "
	    "untraced; vmalab run --mmap-base sets it." },
	{ "mmap_rnd", NULL, "arch_mmap_rnd in engine/kernel/arch.c (4.14's "
	    "name), untraced; vmalab run --aslr seeds it." },
	{ "randomize_range", NULL, "2.6's helper; 4.14 has randomize_page. "
	    "The model's randomness is mm_random in engine/kernel/arch.c, "
	    "seeded by --aslr." },
	{ "find_start_end", "arch_get_unmapped_area", "x86_64's window for "
	    "the bottom-up search (engine/kernel/arch.c, untraced): "
	    "[mm->mmap_legacy_base, TASK_SIZE) in 4.14, [1 GiB, 2 GiB) "
	    "for MAP_32BIT." },
	{ "load_elf_binary", NULL, "fs/binfmt_elf.c; the model's exec is "
	    "mm_new and mm_setup_layout (engine/kernel/mm.c), untraced." },
	{ NULL, NULL, NULL },
};

const struct cmd_entry cmd_listing_entry = {
	.name = "listing",
	.usage = "[FUNC]",
	.summary = N_("print the numbered listing of an engine function"),
	.help = N_(
	    "Lines are numbered from 1, the line of the function's signature;"
	    " the\nnumbers are those the trace shows (sys_brk:24). The "
	    "listing is generated\nfrom the engine's own source when vmalab "
	    "is built.\n"
	    "FUNC may also be a name the course readings use that has no "
	    "listing of\nits own (do_mmap_pgoff, get_unmapped_area_prot, "
	    "__rb_insert, ...): vmalab\nsays which listing holds its code "
	    "and why the name differs, then prints it.\n"),
	.exec = cmd_listing_exec,
};

static void
cmd_listing_all(void)
{
	const struct listing *const *l;

	printf("%s\n", _("Functions with a numbered listing "
	    "(* instrumented in full: every line is a step):"));
	for (l = listings; *l != NULL; l++)
		printf("%c %-36s %s:%d\n", (*l)->instrumented ? '*' : ' ',
		    (*l)->name, (*l)->file, (*l)->first_src);
}

static void
cmd_listing_one(const struct listing *l)
{
	int i;

	for (i = 0; i < l->nlines; i++)
		printf("%4d  %s\n", i + 1, l->lines[i]);
}

/*
 * A name with no listing of its own: if the readings use it, say which
 * listing holds its code and why, then print that listing.
 */
static int
cmd_listing_name(const char *func)
{
	const struct listing_name *n;
	const struct listing *l;

	for (n = listing_names; n->name != NULL; n++)
		if (strcmp(n->name, func) == 0)
			break;
	if (n->name == NULL) {
		vmalab_error("no listing for '%s' (vmalab listing shows "
		    "which functions have one)", func);
		return EXIT_INPUT;
	}
	l = n->listing != NULL ? listing_find(n->listing) : NULL;
	if (l == NULL) {
		printf("%s has no listing: %s\n", func, n->why);
		return 0;
	}
	printf("%s has no listing of its own; see %s (%s:%d): %s\n\n", func,
	    l->name, l->file, l->first_src, n->why);
	cmd_listing_one(l);
	return 0;
}

static int
cmd_listing_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	const struct listing *l;
	const char *func = NULL;
	struct vmalab_getopt g;
	int id;

	vmalab_getopt_init(&g, cmd, argc, argv);
	while ((id = vmalab_getopt_next(&g)) != VMALAB_OPT_END) {
		if (id == VMALAB_OPT_HELP)
			return vmalab_cmd_help(cmd, stdout);
		if (id == VMALAB_OPT_ERROR)
			return EXIT_USAGE;
		if (func != NULL)
			return vmalab_usage_error(cmd, "only one function, "
			    "please (found '%s' and '%s')", func, g.arg);
		func = g.arg;
	}
	if (func == NULL) {
		cmd_listing_all();
		return 0;
	}
	if ((l = listing_find(func)) == NULL)
		return cmd_listing_name(func);
	cmd_listing_one(l);
	return 0;
}
