/*
 * bruteforce.c - the tree-free model of brk, mmap, munmap, mprotect and
 * mremap (Linux 4.14).
 * See bruteforce.h for what it models and what it leaves out.
 *
 * Each system call is written as the list of the kernel's checks in the
 * kernel's order, each check stated on the plain array. The order is the
 * one of the engine's (and the kernel's) sys_brk, do_brk_flags, do_mmap,
 * get_unmapped_area, the x86 and generic hooks, mmap_region, do_munmap,
 * do_mprotect_pkey and sys_mremap; the code is not theirs.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bruteforce.h"
#include "kernel/vm.h"

#define ERR(e)		((unsigned long)-(long)(e))
#define PAGES(x)	((x) >> PAGE_SHIFT)

/* ---- the array -------------------------------------------------------- */

static void
bf_reserve(struct bf_mm *m, size_t n)
{
	struct bf_vma *v;
	size_t cap;

	if (n <= m->cap)
		return;
	cap = m->cap ? m->cap : 16;
	while (cap < n)
		cap *= 2;
	v = realloc(m->v, cap * sizeof(*v));
	if (v == NULL) {
		fprintf(stderr, "bruteforce: out of memory\n");
		abort();
	}
	m->v = v;
	m->cap = cap;
}

/* Inserts `x` at index i, shifting the rest up. */
static void
bf_insert_at(struct bf_mm *m, size_t i, const struct bf_vma *x)
{
	bf_reserve(m, m->n + 1);
	memmove(&m->v[i + 1], &m->v[i], (m->n - i) * sizeof(m->v[0]));
	m->v[i] = *x;
	m->n++;
}

static void
bf_remove_at(struct bf_mm *m, size_t i)
{
	memmove(&m->v[i], &m->v[i + 1], (m->n - i - 1) * sizeof(m->v[0]));
	m->n--;
}

void
bf_init(struct bf_mm *m)
{
	int i;

	memset(m, 0, sizeof(*m));
	m->hooks = BF_HOOKS_X86;
	m->topdown = 1;
	m->max_map_count = 65530;
	m->mmap_min_addr = 65536;
	m->stack_guard_gap = 256UL << PAGE_SHIFT;
	for (i = 0; i < BF_NRLIMITS; i++)
		m->rlim_cur[i] = m->rlim_max[i] = RLIM_INFINITY;
	m->rlim_cur[VM_RLIMIT_STACK] = 8UL << 20;
	m->rlim_cur[VM_RLIMIT_MEMLOCK] = m->rlim_max[VM_RLIMIT_MEMLOCK] =
	    64UL << 10;
	m->next_file = 1U << 20;
}

void
bf_free(struct bf_mm *m)
{
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

void
bf_copy(struct bf_mm *dst, const struct bf_mm *src)
{
	struct bf_vma *v = dst->v;
	size_t cap = dst->cap;

	*dst = *src;
	dst->v = v;
	dst->cap = cap;
	dst->n = 0;
	bf_reserve(dst, src->n);
	if (src->n > 0)
		memcpy(dst->v, src->v, src->n * sizeof(src->v[0]));
	dst->n = src->n;
}

/* ---- questions about the layout --------------------------------------- */

unsigned long
bf_start_gap(const struct bf_mm *m, size_t i)
{
	const struct bf_vma *x = &m->v[i];

	if (!(x->flags & VM_GROWSDOWN))
		return x->start;
	return x->start >= m->stack_guard_gap ? x->start - m->stack_guard_gap : 0;
}

int
bf_monotone(const struct bf_mm *m)
{
	size_t i;

	for (i = 1; i < m->n; i++)
		if (bf_start_gap(m, i) < bf_start_gap(m, i - 1))
			return 0;
	return 1;
}

/* The first mapping that ends above addr (find_vma); m->n if none. */
static size_t
bf_find(const struct bf_mm *m, unsigned long addr)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->v[i].end > addr)
			return i;
	return m->n;
}

/* Does any mapping overlap [start, end)? */
static int
bf_overlaps(const struct bf_mm *m, unsigned long start, unsigned long end)
{
	size_t i = bf_find(m, start);

	return i < m->n && m->v[i].start < end;
}

/* Pages of [start, end) that are mapped. */
static unsigned long
bf_pages_in(const struct bf_mm *m, unsigned long start, unsigned long end)
{
	unsigned long pages = 0, s, e;
	size_t i;

	for (i = 0; i < m->n; i++) {
		s = m->v[i].start > start ? m->v[i].start : start;
		e = m->v[i].end < end ? m->v[i].end : end;
		if (s < e)
			pages += PAGES(e - s);
	}
	return pages;
}

void
bf_counts(const struct bf_mm *m, struct bf_counts *c)
{
	unsigned long f, pages;
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < m->n; i++) {
		f = m->v[i].flags;
		pages = PAGES(m->v[i].end - m->v[i].start);
		c->total += pages;
		if ((f & (VM_EXEC | VM_WRITE | VM_GROWSDOWN)) == VM_EXEC)
			c->exec += pages;
		else if (f & VM_GROWSDOWN)
			c->stack += pages;
		else if ((f & (VM_WRITE | VM_SHARED | VM_GROWSDOWN)) == VM_WRITE)
			c->data += pages;
		if (f & VM_LOCKED)
			c->locked += pages;
	}
}

/* ---- changing the layout ---------------------------------------------- */

int
bf_add(struct bf_mm *m, unsigned long start, unsigned long end,
    unsigned long flags, unsigned long pgoff, unsigned file)
{
	struct bf_vma x = { start, end, flags & ~VM_SOFTDIRTY, pgoff, file };

	if (start >= end || offset_in_page(start) || offset_in_page(end) ||
	    end > m->task_size || bf_overlaps(m, start, end))
		return -1;
	bf_insert_at(m, bf_find(m, start), &x);
	return 0;
}

/* Removes every mapped page of [start, end), cutting mappings in two. */
static void
bf_unmap_range(struct bf_mm *m, unsigned long start, unsigned long end)
{
	struct bf_vma upper;
	size_t i = 0;

	while (i < m->n) {
		struct bf_vma *x = &m->v[i];

		if (x->end <= start || x->start >= end) {
			i++;
			continue;
		}
		if (x->start < start && x->end > end) {
			/* [start, end) is inside x: keep both ends. */
			upper = *x;
			upper.pgoff += PAGES(end - x->start);
			upper.start = end;
			x->end = start;
			bf_insert_at(m, i + 1, &upper);
			return;
		}
		if (x->start < start) {
			x->end = start;		/* keep the part below */
			i++;
		} else if (x->end > end) {
			x->pgoff += PAGES(end - x->start);	/* the part above */
			x->start = end;
			i++;
		} else {
			bf_remove_at(m, i);	/* all of it goes */
		}
	}
}

/* Would vma_merge put b directly after a in one VMA? */
static int
bf_mergeable(const struct bf_vma *a, const struct bf_vma *b)
{
	return a->end == b->start && a->flags == b->flags &&
	    !(a->flags & (VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP)) &&
	    a->file == b->file &&
	    a->pgoff + PAGES(a->end - a->start) == b->pgoff;
}

/*
 * Maps the free range of x, merging it with the mapping below and the one
 * above when vma_merge would.
 */
static void
bf_map_range(struct bf_mm *m, const struct bf_vma *x)
{
	size_t i = bf_find(m, x->start);	/* the mapping above x, if any */

	if (i > 0 && bf_mergeable(&m->v[i - 1], x)) {
		m->v[i - 1].end = x->end;
		if (i < m->n && bf_mergeable(&m->v[i - 1], &m->v[i])) {
			m->v[i - 1].end = m->v[i].end;
			bf_remove_at(m, i);
		}
		return;
	}
	if (i < m->n && bf_mergeable(x, &m->v[i])) {
		m->v[i].start = x->start;
		m->v[i].pgoff = x->pgoff;
		return;
	}
	bf_insert_at(m, i, x);
}

/* ---- limits ----------------------------------------------------------- */

/* may_expand_vm: RLIMIT_AS on all pages, RLIMIT_DATA on private writable. */
static int
bf_may_expand(const struct bf_mm *m, unsigned long flags, unsigned long npages)
{
	struct bf_counts c;

	bf_counts(m, &c);
	if (c.total + npages > PAGES(m->rlim_cur[VM_RLIMIT_AS]))
		return 0;
	if ((flags & (VM_WRITE | VM_SHARED | VM_GROWSDOWN)) == VM_WRITE &&
	    c.data + npages > PAGES(m->rlim_cur[VM_RLIMIT_DATA])) {
		/* Valgrind's exception: a soft limit of 0 means the hard one. */
		return m->rlim_cur[VM_RLIMIT_DATA] == 0 &&
		    c.data + npages <= PAGES(m->rlim_max[VM_RLIMIT_DATA]);
	}
	return 1;
}

/* mlock_future_check: may npages more pages be locked? */
static int
bf_may_lock(const struct bf_mm *m, unsigned long flags, unsigned long npages)
{
	struct bf_counts c;

	if (!(flags & VM_LOCKED) || m->cap_ipc_lock)
		return 1;
	bf_counts(m, &c);
	return c.locked + npages <= PAGES(m->rlim_cur[VM_RLIMIT_MEMLOCK]);
}

/* ---- munmap ------------------------------------------------------------ */

unsigned long
bf_munmap(struct bf_mm *m, unsigned long start, unsigned long len)
{
	unsigned long end;
	size_t i;

	if (offset_in_page(start) || start > m->task_size ||
	    len > m->task_size - start)
		return ERR(EINVAL);
	len = PAGE_ALIGN(len);
	if (len == 0)
		return ERR(EINVAL);
	end = start + len;

	i = bf_find(m, start);
	if (i == m->n || m->v[i].start >= end)
		return 0;		/* nothing mapped there */
	/* Cutting a hole in one mapping adds one: refused at the limit. */
	if (m->v[i].start < start && end < m->v[i].end &&
	    (long)m->n >= m->max_map_count)
		return ERR(ENOMEM);
	bf_unmap_range(m, start, end);
	return 0;
}

/* ---- searching --------------------------------------------------------- */

/* Gap i lies below v[i] (above the last mapping for i == n). */
static unsigned long
bf_gap_start(const struct bf_mm *m, size_t i)
{
	return i == 0 ? 0 : m->v[i - 1].end;
}

static unsigned long
bf_gap_end(const struct bf_mm *m, size_t i)
{
	return i == m->n ? ULONG_MAX : bf_start_gap(m, i);
}

unsigned long
bf_first_fit(const struct bf_mm *m, unsigned long len, unsigned long low,
    unsigned long high)
{
	unsigned long lo, hi;
	size_t i;

	for (i = 0; i <= m->n; i++) {
		lo = bf_gap_start(m, i) > low ? bf_gap_start(m, i) : low;
		hi = bf_gap_end(m, i) < high ? bf_gap_end(m, i) : high;
		if (hi > lo && hi - lo >= len)
			return lo;
	}
	return ERR(ENOMEM);
}

unsigned long
bf_last_fit(const struct bf_mm *m, unsigned long len, unsigned long low,
    unsigned long high)
{
	unsigned long lo, hi;
	size_t i;

	for (i = m->n + 1; i-- > 0;) {
		lo = bf_gap_start(m, i) > low ? bf_gap_start(m, i) : low;
		hi = bf_gap_end(m, i) < high ? bf_gap_end(m, i) : high;
		if (hi > lo && hi - lo >= len)
			return hi - len;
	}
	return ERR(ENOMEM);
}

/* Is [addr, addr+len) free, up to the guard gap of the mapping above? */
static int
bf_hint_free(const struct bf_mm *m, unsigned long addr, unsigned long len)
{
	size_t i = bf_find(m, addr);

	return i == m->n || addr + len <= bf_start_gap(m, i);
}

/* x86 bottom-up (legacy) hook. */
static unsigned long
bf_x86_bottomup(const struct bf_mm *m, unsigned long addr, unsigned long len,
    unsigned long flags)
{
	unsigned long begin = m->legacy_base, end = m->task_size;

	if (flags & MAP_FIXED)
		return addr;
	if (m->map_32bit && (flags & MAP_32BIT)) {
		begin = 0x40000000UL;
		end = 0x80000000UL;
	}
	if (len > end)
		return ERR(ENOMEM);
	if (addr != 0) {
		addr = PAGE_ALIGN(addr);
		if (end - len >= addr && bf_hint_free(m, addr, len))
			return addr;
	}
	return bf_first_fit(m, len, begin, end);
}

/* x86 top-down hook: below mmap_base, else bottom-up without the hint. */
static unsigned long
bf_x86_topdown(const struct bf_mm *m, unsigned long addr, unsigned long len,
    unsigned long flags)
{
	unsigned long r;

	if (len > m->task_size)
		return ERR(ENOMEM);
	if (flags & MAP_FIXED)
		return addr;
	if (m->map_32bit && (flags & MAP_32BIT))
		return bf_x86_bottomup(m, 0, len, flags);
	if (addr != 0) {
		addr = PAGE_ALIGN(addr);
		if (m->task_size - len >= addr && bf_hint_free(m, addr, len))
			return addr;
	}
	r = bf_last_fit(m, len, PAGE_SIZE, m->mmap_base);
	if (!IS_ERR_VALUE(r))
		return r;
	return bf_x86_bottomup(m, 0, len, flags);
}

/* The generic hooks also want the hint above mmap_min_addr. */
static int
bf_generic_hint_ok(const struct bf_mm *m, unsigned long addr, unsigned long len)
{
	size_t i = bf_find(m, addr);

	return m->task_size - len >= addr && addr >= m->mmap_min_addr &&
	    bf_hint_free(m, addr, len) &&
	    (i == 0 || addr >= m->v[i - 1].end);
}

static unsigned long
bf_generic(const struct bf_mm *m, unsigned long addr, unsigned long len,
    unsigned long flags)
{
	unsigned long r, low;

	if (len > m->task_size - m->mmap_min_addr)
		return ERR(ENOMEM);
	if (flags & MAP_FIXED)
		return addr;
	if (addr != 0) {
		addr = PAGE_ALIGN(addr);
		if (bf_generic_hint_ok(m, addr, len))
			return addr;
	}
	if (!m->topdown)
		return bf_first_fit(m, len, m->legacy_base, m->task_size);
	low = m->mmap_min_addr > PAGE_SIZE ? m->mmap_min_addr : PAGE_SIZE;
	r = bf_last_fit(m, len, low, m->mmap_base);
	if (!IS_ERR_VALUE(r))
		return r;
	return bf_first_fit(m, len, m->unmapped_base, m->task_size);
}

/* get_unmapped_area: the hook, then the checks on what it answered. */
static unsigned long
bf_get_unmapped_area(const struct bf_mm *m, unsigned long addr,
    unsigned long len, unsigned long flags)
{
	if (len > m->task_size)
		return ERR(ENOMEM);
	if (m->hooks == BF_HOOKS_GENERIC)
		addr = bf_generic(m, addr, len, flags);
	else if (m->topdown)
		addr = bf_x86_topdown(m, addr, len, flags);
	else
		addr = bf_x86_bottomup(m, addr, len, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	if (addr > m->task_size - len)
		return ERR(ENOMEM);
	if (offset_in_page(addr))
		return ERR(EINVAL);
	if (addr < m->mmap_min_addr)
		return ERR(EPERM);	/* the security hook */
	return addr;
}

/* ---- mmap ------------------------------------------------------------- */

unsigned long
bf_mmap(struct bf_mm *m, unsigned long addr, unsigned long len,
    unsigned long prot, unsigned long flags, unsigned long off)
{
	struct bf_vma x;
	unsigned long vmf, npages, pgoff;

	/* sys_mmap */
	if (offset_in_page(off))
		return ERR(EINVAL);
	if (!(flags & MAP_ANONYMOUS))
		return ERR(EBADF);		/* the model has no files */
	if (flags & MAP_HUGETLB)
		return ERR(ENOMEM);
	flags &= ~(unsigned long)(MAP_EXECUTABLE | MAP_DENYWRITE);

	/* do_mmap: the request itself */
	if (len == 0)
		return ERR(EINVAL);
	if (!(flags & MAP_FIXED)) {
		addr &= PAGE_MASK;
		if (addr != 0 && addr < m->mmap_min_addr)
			addr = PAGE_ALIGN(m->mmap_min_addr);
	}
	len = PAGE_ALIGN(len);
	if (len == 0)
		return ERR(ENOMEM);
	npages = PAGES(len);
	pgoff = off >> PAGE_SHIFT;
	if (pgoff + npages < pgoff)
		return ERR(EOVERFLOW);
	if ((long)m->n > m->max_map_count)
		return ERR(ENOMEM);

	/* where */
	addr = bf_get_unmapped_area(m, addr, len, flags);
	if (IS_ERR_VALUE(addr))
		return addr;

	/* what */
	vmf = ((prot & PROT_READ) ? VM_READ : 0) |
	    ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	    ((prot & PROT_EXEC) ? VM_EXEC : 0) |
	    ((flags & MAP_GROWSDOWN) ? VM_GROWSDOWN : 0) |
	    ((flags & MAP_LOCKED) ? VM_LOCKED : 0) |
	    m->def_flags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	/* can_do_mlock: MAP_LOCKED needs a nonzero RLIMIT_MEMLOCK. */
	if ((flags & MAP_LOCKED) && m->rlim_cur[VM_RLIMIT_MEMLOCK] == 0 &&
	    !m->cap_ipc_lock)
		return ERR(EPERM);
	if (!bf_may_lock(m, vmf, npages))
		return ERR(EAGAIN);
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		if (vmf & VM_GROWSDOWN)
			return ERR(EINVAL);
		vmf |= VM_SHARED | VM_MAYSHARE;
		pgoff = 0;
		break;
	case MAP_PRIVATE:
		pgoff = addr >> PAGE_SHIFT;
		break;
	default:
		return ERR(EINVAL);
	}
	if (flags & MAP_NORESERVE)
		vmf |= VM_NORESERVE;

	/* mmap_region: the limits count what MAP_FIXED would replace */
	if (!bf_may_expand(m, vmf, npages) &&
	    !bf_may_expand(m, vmf, npages - bf_pages_in(m, addr, addr + len)))
		return ERR(ENOMEM);
	if (bf_overlaps(m, addr, addr + len) &&
	    bf_munmap(m, addr, len) != 0)
		return ERR(ENOMEM);
	if ((vmf & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE)
		vmf |= VM_ACCOUNT;
	x.start = addr;
	x.end = addr + len;
	x.flags = vmf;
	x.pgoff = pgoff;
	x.file = (vmf & VM_SHARED) ? m->next_file++ : 0;
	bf_map_range(m, &x);
	return addr;
}

/* ---- brk ---------------------------------------------------------------- */

/* do_brk: map [addr, addr+len) as heap. Returns 1 on success, 0 on failure. */
static int
bf_do_brk(struct bf_mm *m, unsigned long addr, unsigned long len)
{
	struct bf_vma x;
	unsigned long flags;

	flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC |
	    VM_ACCOUNT | m->def_flags;
	if (IS_ERR_VALUE(bf_get_unmapped_area(m, addr, len, MAP_FIXED)))
		return 0;
	if (!bf_may_lock(m, m->def_flags, PAGES(len)))
		return 0;
	if (bf_overlaps(m, addr, addr + len) && bf_munmap(m, addr, len) != 0)
		return 0;
	if (!bf_may_expand(m, flags, PAGES(len)))
		return 0;
	if ((long)m->n > m->max_map_count)
		return 0;
	x.start = addr;
	x.end = addr + len;
	x.flags = flags;
	x.pgoff = addr >> PAGE_SHIFT;
	x.file = 0;
	bf_map_range(m, &x);
	return 1;
}

unsigned long
bf_brk(struct bf_mm *m, unsigned long brk)
{
	unsigned long newbrk, oldbrk, rlim;
	size_t next;

	if (brk < m->start_brk)
		return m->brk;
	rlim = m->rlim_cur[VM_RLIMIT_DATA];
	if (rlim != RLIM_INFINITY &&
	    (brk - m->start_brk) + (m->end_data - m->start_data) > rlim)
		return m->brk;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(m->brk);
	if (newbrk == oldbrk) {
		m->brk = brk;
		return brk;
	}
	if (brk <= m->brk) {
		/* Shrinking is always allowed (unless munmap fails). */
		if (bf_munmap(m, newbrk, oldbrk - newbrk) != 0)
			return m->brk;
		m->brk = brk;
		return brk;
	}
	/* Growing needs a free page above the new break. */
	next = bf_find(m, oldbrk);
	if (next < m->n && newbrk + PAGE_SIZE > bf_start_gap(m, next))
		return m->brk;
	if (!bf_do_brk(m, oldbrk, newbrk - oldbrk))
		return m->brk;
	m->brk = brk;
	return brk;
}

/* ---- setrlimit ----------------------------------------------------------- */

long
bf_setrlimit(struct bf_mm *m, int resource, unsigned long cur,
    unsigned long max)
{
	if (resource < 0 || resource >= BF_NRLIMITS || cur > max)
		return -EINVAL;
	m->rlim_cur[resource] = cur;
	m->rlim_max[resource] = max;
	return 0;
}

/* ---- mprotect ------------------------------------------------------------ */

/*
 * Gives [s, e), a piece of v[i], the flags newf: merged with the mapping
 * just below or just above when they match now (vma_merge's cases 4 to 8),
 * else cut out of v[i], which needs a free slot under max_map_count for
 * each cut. On return *hold is the index of the mapping that holds the
 * piece. Returns 0 or -ENOMEM.
 */
static unsigned long
bf_protect_piece(struct bf_mm *m, size_t i, unsigned long s, unsigned long e,
    unsigned long newf, size_t *hold)
{
	struct bf_vma piece = m->v[i], rest;
	unsigned long npages = PAGES(e - s);
	int below, above;

	*hold = i;
	if (newf == m->v[i].flags)
		return 0;
	if (newf & VM_WRITE) {
		/* Becoming data: RLIMIT_DATA, unless it was over already. */
		if (!bf_may_expand(m, newf, npages) &&
		    bf_may_expand(m, m->v[i].flags, npages))
			return ERR(ENOMEM);
		if (!(m->v[i].flags & (VM_ACCOUNT | VM_WRITE | VM_SHARED |
		    VM_NORESERVE)))
			newf |= VM_ACCOUNT;	/* charged from now on */
	}
	piece.start = s;
	piece.end = e;
	piece.flags = newf;
	piece.pgoff = m->v[i].pgoff + PAGES(s - m->v[i].start);
	below = s == m->v[i].start && i > 0 &&
	    bf_mergeable(&m->v[i - 1], &piece);
	above = e == m->v[i].end && i + 1 < m->n &&
	    bf_mergeable(&piece, &m->v[i + 1]);

	if (below && above) {			/* one mapping from three */
		m->v[i - 1].end = m->v[i + 1].end;
		bf_remove_at(m, i + 1);
		bf_remove_at(m, i);
		*hold = i - 1;
	} else if (below) {			/* the one below grows */
		m->v[i - 1].end = e;
		if (e == m->v[i].end) {
			bf_remove_at(m, i);
		} else {
			m->v[i].start = e;
			m->v[i].pgoff += npages;
		}
		*hold = i - 1;
	} else if (above) {			/* the one above grows down */
		m->v[i + 1].start = s;
		m->v[i + 1].pgoff = piece.pgoff;
		if (s == m->v[i].start) {
			bf_remove_at(m, i);
			*hold = i;
		} else {
			m->v[i].end = s;
			*hold = i + 1;
		}
	} else {
		/* Cut below the piece, then above it, each needing a slot. */
		if (s != m->v[i].start) {
			if ((long)m->n >= m->max_map_count)
				return ERR(ENOMEM);
			rest = m->v[i];
			rest.end = s;
			m->v[i].start = s;
			m->v[i].pgoff = piece.pgoff;
			bf_insert_at(m, i, &rest);
			i++;
		}
		if (e != m->v[i].end) {
			if ((long)m->n >= m->max_map_count)
				return ERR(ENOMEM);
			rest = m->v[i];
			rest.start = e;
			rest.pgoff += npages;
			m->v[i].end = e;
			bf_insert_at(m, i + 1, &rest);
		}
		m->v[i].flags = newf;
		*hold = i;
	}
	return 0;
}

unsigned long
bf_mprotect(struct bf_mm *m, unsigned long start, unsigned long len,
    unsigned long prot)
{
	const unsigned long rwx = VM_READ | VM_WRITE | VM_EXEC;
	unsigned long grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	unsigned long end, cur, pend, newf, r;
	size_t i, hold;

	prot &= ~grows;
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP) || offset_in_page(start))
		return ERR(EINVAL);
	if (len == 0)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return ERR(ENOMEM);
	if (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC |
	    PROT_SEM))
		return ERR(EINVAL);
	i = bf_find(m, start);
	if (i == m->n)
		return ERR(ENOMEM);
	if (grows & PROT_GROWSDOWN) {
		/* From the start of the stack the range begins in. */
		if (m->v[i].start >= end)
			return ERR(ENOMEM);
		start = m->v[i].start;
		if (!(m->v[i].flags & VM_GROWSDOWN))
			return ERR(EINVAL);
	} else {
		if (m->v[i].start > start)
			return ERR(ENOMEM);
		if (grows & PROT_GROWSUP)
			return ERR(EINVAL);	/* nothing grows up here */
	}
	for (cur = start;;) {
		/* v[i] holds cur. The bits of prot replace r, w and x. */
		newf = ((prot & PROT_READ) ? VM_READ : 0) |
		    ((prot & PROT_WRITE) ? VM_WRITE : 0) |
		    ((prot & PROT_EXEC) ? VM_EXEC : 0) | (m->v[i].flags & ~rwx);
		if ((newf & ~(newf >> 4)) & rwx)
			return ERR(EACCES);	/* no VM_MAY* for it */
		pend = m->v[i].end < end ? m->v[i].end : end;
		r = bf_protect_piece(m, i, cur, pend, newf, &hold);
		if (r != 0)
			return r;
		cur = m->v[hold].end > pend ? m->v[hold].end : pend;
		if (cur >= end)
			return 0;
		i = hold + 1;
		if (i == m->n || m->v[i].start != cur)
			return ERR(ENOMEM);	/* a hole */
	}
}

/* ---- mremap ---------------------------------------------------------------- */

/*
 * vma_to_resize: may [addr, addr+old_len), all inside one mapping, grow to
 * new_len? Returns 0 with *idx the mapping, or -errno.
 */
static unsigned long
bf_resizable(const struct bf_mm *m, unsigned long addr, unsigned long old_len,
    unsigned long new_len, size_t *idx)
{
	const struct bf_vma *x;
	struct bf_counts c;
	unsigned long pgoff, locked;
	size_t i = bf_find(m, addr);

	if (i == m->n || m->v[i].start > addr)
		return ERR(EFAULT);
	x = &m->v[i];
	if (old_len == 0 && !(x->flags & (VM_SHARED | VM_MAYSHARE)))
		return ERR(EINVAL);	/* duplicating private memory */
	if (old_len > x->end - addr)
		return ERR(EFAULT);
	*idx = i;
	if (new_len == old_len)
		return 0;
	pgoff = x->pgoff + PAGES(addr - x->start);
	if (pgoff + PAGES(new_len) < pgoff)
		return ERR(EINVAL);
	if (x->flags & (VM_DONTEXPAND | VM_PFNMAP))
		return ERR(EFAULT);
	if (x->flags & VM_LOCKED) {
		bf_counts(m, &c);
		locked = (c.locked << PAGE_SHIFT) + new_len - old_len;
		if (locked > m->rlim_cur[VM_RLIMIT_MEMLOCK] && !m->cap_ipc_lock)
			return ERR(EAGAIN);
	}
	if (!bf_may_expand(m, x->flags, PAGES(new_len - old_len)))
		return ERR(ENOMEM);
	return 0;
}

/*
 * move_vma: map new_len bytes at the free new_addr as v[i] is mapped
 * (merging as vma_merge would), then unmap the old range.
 */
static unsigned long
bf_move(struct bf_mm *m, size_t i, unsigned long old_addr,
    unsigned long old_len, unsigned long new_len, unsigned long new_addr)
{
	struct bf_vma x = m->v[i];

	if ((long)m->n >= m->max_map_count - 3)
		return ERR(ENOMEM);
	/* Never faulted: private anonymous memory takes its new offset. */
	x.pgoff = x.file != 0 ? x.pgoff + PAGES(old_addr - x.start) :
	    new_addr >> PAGE_SHIFT;
	x.start = new_addr;
	x.end = new_addr + new_len;
	bf_map_range(m, &x);
	(void)bf_munmap(m, old_addr, old_len);	/* old_len 0: nothing goes */
	return new_addr;
}

/* MREMAP_FIXED: clear the target, shrink the source, then move. */
static unsigned long
bf_mremap_to(struct bf_mm *m, unsigned long addr, unsigned long old_len,
    unsigned long new_addr, unsigned long new_len)
{
	unsigned long r;
	size_t i;

	if (offset_in_page(new_addr) || new_len > m->task_size ||
	    new_addr > m->task_size - new_len)
		return ERR(EINVAL);
	if (addr + old_len > new_addr && new_addr + new_len > addr)
		return ERR(EINVAL);		/* overlapping */
	if ((r = bf_munmap(m, new_addr, new_len)) != 0)
		return r;
	if (old_len >= new_len) {
		r = bf_munmap(m, addr + new_len, old_len - new_len);
		if (r != 0 && old_len != new_len)
			return r;
		old_len = new_len;
	}
	if ((r = bf_resizable(m, addr, old_len, new_len, &i)) != 0)
		return r;
	r = bf_get_unmapped_area(m, new_addr, new_len, MAP_FIXED |
	    ((m->v[i].flags & VM_MAYSHARE) ? MAP_SHARED : 0));
	if (IS_ERR_VALUE(r))
		return r;
	return bf_move(m, i, addr, old_len, new_len, new_addr);
}

unsigned long
bf_mremap(struct bf_mm *m, unsigned long addr, unsigned long old_len,
    unsigned long new_len, unsigned long flags, unsigned long new_addr)
{
	unsigned long r, end;
	size_t i;

	if ((flags & ~(unsigned long)(MREMAP_FIXED | MREMAP_MAYMOVE)) ||
	    ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)) ||
	    offset_in_page(addr))
		return ERR(EINVAL);
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (new_len == 0)
		return ERR(EINVAL);
	if (flags & MREMAP_FIXED)
		return bf_mremap_to(m, addr, old_len, new_addr, new_len);
	if (old_len >= new_len) {
		/* Shrinking only unmaps the tail (and checks nothing else). */
		r = bf_munmap(m, addr + new_len, old_len - new_len);
		return r != 0 && old_len != new_len ? r : addr;
	}
	if ((r = bf_resizable(m, addr, old_len, new_len, &i)) != 0)
		return r;
	/* In place: to the end of the mapping, with room above it. */
	end = m->v[i].end + (new_len - old_len);
	if (old_len == m->v[i].end - addr && end >= m->v[i].end &&
	    (i + 1 == m->n || m->v[i + 1].start >= end) &&
	    !IS_ERR_VALUE(bf_get_unmapped_area(m, m->v[i].start,
	    end - m->v[i].start, MAP_FIXED))) {
		m->v[i].end = end;
		return addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return ERR(ENOMEM);
	r = bf_get_unmapped_area(m, 0, new_len,
	    (m->v[i].flags & VM_MAYSHARE) ? MAP_SHARED : 0);
	if (IS_ERR_VALUE(r))
		return r;
	return bf_move(m, i, addr, old_len, new_len, r);
}
