#!/bin/sh
# tests/test-listing-names.sh - the course readings' names find their
# functions: every function name the four readings of /work/shared/seeds
# use (listed here, by reading) either has a listing of its own, or
# `vmalab listing NAME` says which listing holds its code and why the name
# differs (and prints that listing); a name no reading uses is refused.
#
#   VMALAB      the program (default ./vmalab)
#   top_srcdir  the source tree (default .)

. "${top_srcdir-.}/tests/tap.sh"

tap_start listing-names

# The Korean reading on brk (4.0's mm/mmap.c, ARM): its functions.
korean="sys_brk SYSCALL_DEFINE1 check_data_rlimit do_munmap
find_vma_intersection do_brk mm_populate get_unmapped_area
mlock_future_check verify_mm_writelocked find_vma_links may_expand_vm
security_vm_enough_memory_mm vma_merge kmem_cache_zalloc vm_unacct_memory
vm_get_page_prot vma_link perf_event_mmap arch_mmap_check
arch_get_unmapped_area find_vma cache_is_vipt_aliasing COLOUR_ALIGN
vm_unmapped_area unmapped_area unmapped_area_topdown
arch_rebalance_pgtables security_mmap_addr __mm_populate
__mlock_vma_pages_range __mlock_posix_error_return"
# The Chinese reading on vma/malloc/mmap (4.14, ARM64).
chinese="find_vma find_vma_prev find_vma_intersection insert_vm_struct
vma_merge split_vma sys_brk sys_mmap do_mmap"
# The Japanese reading on get_unmapped_area (2.6 with exec-shield).
japanese="do_mmap do_mmap_pgoff get_unmapped_area_prot
get_unmapped_exec_area arch_pick_mmap_layout mmap_is_legacy
mmap_legacy_base mmap_base mmap_rnd arch_get_unmapped_area
arch_get_unmapped_area_topdown arch_get_unmapped_exec_area arch_unmap_area
arch_unmap_area_topdown find_start_end randomize_range load_elf_binary"
# The tree the readings explain (augmented rbtrees), by 4.14's names.
tree="__vma_link_rb __rb_insert rb_insert_augmented rb_erase_augmented
__rb_erase_augmented ____rb_erase_color vma_gap_callbacks_propagate
vma_gap_callbacks_rotate vma_gap_callbacks_copy vma_rb_insert
__vma_rb_erase"

for name in $korean $chinese $japanese $tree; do
	if ! "$VMALAB" listing "$name" >"$tmp/out" 2>"$tmp/err"; then
		not_ok "vmalab listing $name fails: $(cat "$tmp/err")"
	elif head -1 "$tmp/out" | grep -q "^   1  "; then
		ok "$name has a listing"
	elif head -1 "$tmp/out" | grep -q "^$name has no listing"; then
		ok "$name: $(head -1 "$tmp/out" | cut -c1-60)..."
	else
		not_ok "vmalab listing $name says neither: $(head -1 "$tmp/out")"
	fi
done

# The readings' wrappers are real functions with listings of their own.
for name in do_brk do_mmap_pgoff; do
	"$VMALAB" listing "$name" | grep -q "^   2  $name(" &&
	    ok "$name is a function of its own" ||
	    not_ok "$name has no listing of its own"
done

# A name that leads to another listing prints that listing after why.
"$VMALAB" listing get_unmapped_area_prot >"$tmp/out"
grep -q "exec-shield" "$tmp/out" && grep -q "^   2  get_unmapped_area(" \
    "$tmp/out" && ok "get_unmapped_area_prot: why, then get_unmapped_area" ||
    not_ok "get_unmapped_area_prot does not lead to get_unmapped_area"

# Any other name is still an error.
if "$VMALAB" listing no_such_function >"$tmp/out" 2>"$tmp/err"; then
	not_ok "an unknown name is accepted"
else
	grep -q "no listing for 'no_such_function'" "$tmp/err" &&
	    ok "an unknown name is refused" || not_ok "wrong message: $(cat "$tmp/err")"
fi

tap_end
