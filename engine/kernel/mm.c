/*
 * mm.c - an address space's life: creation with the 4.14 defaults, loading
 * existing mappings, accounting, copying, and the kernel's debug checks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mm.h"
#include "trace/instr.h"

static const struct rlimit_pair rlim_infinity = { RLIM_INFINITY, RLIM_INFINITY };

/*
 * mm_new: an empty address space. The defaults are a login shell's on a
 * Debian machine running 4.14: an 8 MiB stack rlimit, a 64 KiB locked
 * memory rlimit, the others unlimited; vm.max_map_count 65530,
 * vm.mmap_min_addr 65536, a 256-page stack guard gap.
 * Returns NULL when out of memory.
 */
struct mm *
mm_new(const struct arch *arch)
{
	struct mm *mm;
	int i;

	mm = calloc(1, sizeof(*mm));
	if (mm == NULL)
		return NULL;
	mm->arch = arch != NULL ? arch : arches[0];
	mm->task_size = mm->arch->task_size;
	mm->mm_rb = RB_ROOT;
	for (i = 0; i < VM_RLIMIT_NLIMITS; i++)
		mm->rlim[i] = rlim_infinity;
	mm->rlim[VM_RLIMIT_STACK].cur = 8UL << 20;
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = 64UL << 10;
	mm->rlim[VM_RLIMIT_MEMLOCK].max = 64UL << 10;
	mm->max_map_count = 65530;
	mm->mmap_min_addr = 65536;
	mm->stack_guard_gap = 256UL << PAGE_SHIFT;
	mm->layout = LAYOUT_TOPDOWN;
	mm->next_file_id = 1;
	return mm;
}

void
mm_free(struct mm *mm)
{
	struct vma *vma, *next;
	struct vfile *f, *fnext;

	if (mm == NULL)
		return;
	for (vma = mm->mmap; vma != NULL; vma = next) {
		next = vma->vm_next;
		kmem_cache_free(vm_area_cachep, vma);
	}
	for (f = mm->files; f != NULL; f = fnext) {
		fnext = f->next;
		free(f->path);
		free(f);
	}
	free(mm);
}

/*
 * mm_setup_layout: choose bottom-up or top-down (layout < 0: let
 * arch_pick_mmap_layout decide from the personality and the stack rlimit,
 * as exec does) and compute mmap_base. A nonzero seed turns on
 * randomization, reproducibly.
 */
void
mm_setup_layout(struct mm *mm, int layout, uint64_t aslr_seed)
{
	mm->aslr_seed = aslr_seed;
	mm->rnd_state = aslr_seed;
	if (layout == LAYOUT_LEGACY)
		mm->personality |= ADDR_COMPAT_LAYOUT;
	else if (layout == LAYOUT_TOPDOWN)
		mm->personality &= ~(unsigned long)ADDR_COMPAT_LAYOUT;
	arch_pick_mmap_layout(mm);
	/*
	 * --kernel 6.18: every search goes through 6.x's choice of hook
	 * first (linux6.c), which asks the layout's own search in the end.
	 */
	if (mm->kernel == KERNEL_6_18)
		mm->get_unmapped_area = get_area_6x;
}

/*
 * vm_stat_account: count `npages` (negative to uncount) of a mapping with
 * `flags` in total_vm and in the one of exec_vm, stack_vm or data_vm it
 * belongs to. Cannot fail.
 */
void
vm_stat_account(struct mm *mm, unsigned long flags, long npages)
{
	mm->total_vm += (unsigned long)npages;
	if ((flags & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC)
		mm->exec_vm += (unsigned long)npages;
	else if ((flags & VM_STACK) == VM_STACK)
		mm->stack_vm += (unsigned long)npages;
	else if ((flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE)
		mm->data_vm += (unsigned long)npages;
}

static struct vfile *
mm_file_new(struct mm *mm, const char *path)
{
	struct vfile *f;

	f = calloc(1, sizeof(*f));
	if (f == NULL)
		return NULL;
	f->path = strdup(path);
	if (f->path == NULL) {
		free(f);
		return NULL;
	}
	f->id = mm->next_file_id++;
	f->readable = f->writable = 1;
	f->next = mm->files;
	mm->files = f;
	return f;
}

struct vfile *
mm_file(struct mm *mm, const char *path)
{
	struct vfile *f;

	for (f = mm->files; f != NULL; f = f->next)
		if (strcmp(f->path, path) == 0)
			return f;
	return mm_file_new(mm, path);
}

struct vfile *
mm_file_anon_shared(struct mm *mm)
{
	struct vfile *f = mm_file_new(mm, "/dev/zero (deleted)");

	if (f != NULL)
		f->fs_kind = VFS_SHMEM;	/* shmem_zero_setup's file */
	return f;
}

struct trace *
mm_trace_attach(struct mm *mm, struct trace *t)
{
	struct trace *was = mm->trace;

	if (t != NULL)
		instr_attach(t);
	mm->trace = t;
	return was;
}

struct trace *
mm_trace_detach(struct mm *mm)
{
	return mm_trace_attach(mm, NULL);
}

/* mm_add_vma without the trace: what it does, on every exit. */
static struct vma *
mm_add_vma_untraced(struct mm *mm, unsigned long start, unsigned long end,
    unsigned long flags, unsigned long pgoff, struct vfile *file,
    const char *name, const char **err)
{
	struct vma *vma, *prev;
	struct rb_node **link, *parent;

	if (find_vma_links(mm, start, end, &prev, &link, &parent) != 0) {
		*err = "the mapping overlaps another";
		return NULL;
	}
	vma = kmem_cache_zalloc(vm_area_cachep, GFP_KERNEL);
	if (vma == NULL) {
		*err = "out of memory";
		return NULL;
	}
	vma->vm_mm = mm;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags;
	vma->vm_pgoff = pgoff;
	vma->vm_file = file;
	if (file != NULL)
		file->refs++;
	vma->vm_name = name;
	vma->vm_page_prot = vm_get_page_prot(flags);
	vma_link(mm, vma, prev, link, parent);
	vm_stat_account(mm, flags, (long)((end - start) >> PAGE_SHIFT));
	if (flags & VM_LOCKED)
		mm->locked_vm += (end - start) >> PAGE_SHIFT;
	return vma;
}

/* Loading is not part of any lesson: the trace is detached meanwhile. */
struct vma *
mm_add_vma(struct mm *mm, unsigned long start, unsigned long end,
    unsigned long flags, unsigned long pgoff, struct vfile *file,
    const char *name, const char **err)
{
	struct trace *t;
	struct vma *vma;

	if (start >= end || offset_in_page(start) || offset_in_page(end)) {
		*err = "the mapping is empty or not page aligned";
		return NULL;
	}
	if (end > mm->task_size) {
		*err = "the mapping ends above TASK_SIZE";
		return NULL;
	}
	t = mm_trace_detach(mm);
	vma = mm_add_vma_untraced(mm, start, end, flags, pgoff, file, name,
	    err);
	mm_trace_attach(mm, t);
	return vma;
}

/* ---- cloning ---------------------------------------------------------- */

/* Copies src's files into dst. Returns 0, or -1 when out of memory. */
static int
clone_files(struct mm *dst, const struct mm *src)
{
	const struct vfile *f;
	struct vfile *n, **tail = &dst->files;

	for (f = src->files; f != NULL; f = f->next) {
		n = calloc(1, sizeof(*n));
		if (n == NULL)
			return -1;
		*n = *f;
		n->next = NULL;
		n->path = strdup(f->path);
		*tail = n;
		if (n->path == NULL)
			return -1;
		tail = &n->next;
	}
	return 0;
}

/* The copy in `dst` of a file of the source (same id), or NULL. */
static struct vfile *
clone_file_of(struct mm *dst, const struct vfile *f)
{
	struct vfile *n;

	if (f == NULL)
		return NULL;
	for (n = dst->files; n != NULL; n = n->next)
		if (n->id == f->id)
			return n;
	return NULL;
}

static int
clone_cmp_start(const void *a, const void *b)
{
	unsigned long x = (*(struct vma *const *)a)->vm_start;
	unsigned long y = (*(struct vma *const *)b)->vm_start;

	return x < y ? -1 : x > y;
}

/* The copy (in `dv`, in the order of the source list `sv`) of node rb. */
static struct rb_node *
clone_node_of(struct vma **sv, struct vma **dv, size_t n,
    const struct rb_node *rb)
{
	struct vma *key, **hit;

	if (rb == NULL)
		return NULL;
	key = rb_entry(rb, struct vma, vm_rb);
	hit = bsearch(&key, sv, n, sizeof *sv, clone_cmp_start);
	return hit != NULL ? &dv[hit - sv]->vm_rb : NULL;
}

/*
 * mm_clone: a deep copy, VMAs and files included, with no trace sink. The
 * tree is the very tree of `src` (same shape, colours and rb_subtree_gap
 * values), so that a call played on the copy visits the same nodes, as
 * the stepper's replay needs. One pass down the list copies the VMAs; a
 * binary search over them maps each tree link. Returns NULL when out of
 * memory, or when the list is longer than map_count says.
 */
struct mm *
mm_clone(const struct mm *src)
{
	struct vma **sv = NULL, **dv = NULL, *v, *prev = NULL;
	struct mm *dst;
	size_t n = 0, i, cap = (size_t)src->map_count + 1;

	if ((dst = malloc(sizeof(*dst))) == NULL)
		return NULL;
	*dst = *src;
	dst->mmap = NULL;
	dst->mm_rb = RB_ROOT;
	dst->files = NULL;
	dst->trace = NULL;
	if (clone_files(dst, src) != 0)
		goto fail;
	sv = malloc(cap * sizeof(*sv));
	dv = malloc(cap * sizeof(*dv));
	if (sv == NULL || dv == NULL)
		goto fail;
	for (v = src->mmap; v != NULL && n < cap; v = v->vm_next, n++) {
		struct vma *c = kmem_cache_alloc(vm_area_cachep, GFP_KERNEL);

		if (c == NULL)
			goto fail;
		*c = *v;
		c->vm_mm = dst;
		c->vm_file = clone_file_of(dst, v->vm_file);
		c->vm_prev = prev;
		c->vm_next = NULL;
		if (prev != NULL)
			prev->vm_next = c;
		else
			dst->mmap = c;
		prev = c;
		sv[n] = v;
		dv[n] = c;
	}
	if (v != NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		const struct rb_node *s = &sv[i]->vm_rb;
		struct rb_node *d = &dv[i]->vm_rb;

		d->rb_left = clone_node_of(sv, dv, n, s->rb_left);
		d->rb_right = clone_node_of(sv, dv, n, s->rb_right);
		d->rb_parent_color = (uintptr_t)clone_node_of(sv, dv, n,
		    rb_parent(s)) | (uintptr_t)rb_color(s);
	}
	dst->mm_rb.rb_node = clone_node_of(sv, dv, n, src->mm_rb.rb_node);
	free(sv);
	free(dv);
	return dst;
fail:
	free(sv);
	free(dv);
	mm_free(dst);
	return NULL;
}

/* ---- validate_mm ------------------------------------------------------ */

/* Checks rb_subtree_gap bottom-up; returns the node count or -1. */
static long
validate_gaps(const struct rb_node *rb)
{
	const struct vma *vma;
	long l, r;

	if (rb == NULL)
		return 0;
	l = validate_gaps(rb->rb_left);
	r = validate_gaps(rb->rb_right);
	if (l < 0 || r < 0)
		return -1;
	vma = rb_entry(rb, struct vma, vm_rb);
	if (vma->rb_subtree_gap != vma_compute_subtree_gap(vma))
		return -1;
	return l + r + 1;
}

static const char *
validate_list(const struct mm *mm)
{
	const struct vma *vma, *prev = NULL;
	const struct rb_node *rb = rb_first(&mm->mm_rb);
	int n = 0;

	for (vma = mm->mmap; vma != NULL; prev = vma, vma = vma->vm_next) {
		if (vma->vm_prev != prev)
			return "a VMA's vm_prev does not point to the VMA before it";
		if (vma->vm_start >= vma->vm_end)
			return "a VMA is empty or inverted";
		if (prev != NULL && prev->vm_end > vma->vm_start)
			return "two VMAs overlap";
		if (rb == NULL || rb_entry(rb, struct vma, vm_rb) != vma)
			return "the VMA list differs from the in-order walk of the tree";
		if (vma->vm_mm != mm)
			return "a VMA belongs to another mm";
		rb = rb_next(rb);
		n++;
	}
	if (rb != NULL)
		return "the tree holds more VMAs than the list";
	if (n != mm->map_count)
		return "map_count differs from the number of VMAs";
	if (mm->highest_vm_end != (prev != NULL ? vm_end_gap(prev) : 0))
		return "highest_vm_end differs from the end of the last VMA";
	return NULL;
}

static const char *
validate_counters(const struct mm *mm)
{
	struct mm c;
	const struct vma *vma;
	unsigned long locked = 0, pages;

	memset(&c, 0, sizeof(c));
	for (vma = mm->mmap; vma != NULL; vma = vma->vm_next) {
		pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
		vm_stat_account(&c, vma->vm_flags, (long)pages);
		if (vma->vm_flags & VM_LOCKED)
			locked += pages;
	}
	if (c.total_vm != mm->total_vm)
		return "total_vm differs from the pages mapped";
	if (c.data_vm != mm->data_vm)
		return "data_vm differs from the private writable pages mapped";
	if (c.exec_vm != mm->exec_vm)
		return "exec_vm differs from the executable pages mapped";
	if (c.stack_vm != mm->stack_vm)
		return "stack_vm differs from the stack pages mapped";
	if (locked != mm->locked_vm)
		return "locked_vm differs from the VM_LOCKED pages mapped";
	return NULL;
}

const char *
mm_validate(const struct mm *mm)
{
	const char *msg;

	if (rb_check(&mm->mm_rb) < 0)
		return "a red-black property is broken";
	if ((msg = validate_list(mm)) != NULL)
		return msg;
	if (validate_gaps(mm->mm_rb.rb_node) < 0)
		return "an rb_subtree_gap differs from its recomputation";
	return validate_counters(mm);
}
