/*
 * malloc.c - glibc's malloc for the main arena (glibc 2.36, x86_64, one
 * thread), re-enacted to show the step before the kernel's: which
 * requests grow the heap with brk, which get a mapping of their own with
 * mmap, and when free gives memory back.
 *
 * A chunk is a header and the program's bytes after it. malloc returns
 * mem = chunk + 16; the size field holds the chunk's size, a multiple of
 * 16, at least 32 (MINSIZE):
 *
 *   chunk -> +-----------+-----------+
 *            | prev_size | size  |M|P|   P: the chunk before is in use
 *   mem   -> +-----------+-----------+   M: mmapped, a mapping of its own
 *            | the program's bytes   |
 *            |           +-----------+
 *            |           | (the next chunk's prev_size: usable too)
 *            +-----------+
 *
 * so a request of n bytes needs a chunk of request2size(n) =
 * max(32, (n + 8 + 15) & ~15) bytes.
 *
 * The heap (the main arena) is one run of chunks from the first brk up to
 * the top chunk, the free space at the end that borders the break:
 *
 *   start_brk                                            brk
 *   | tcache | A | B (free) | C | ...          top        |
 *
 * Where a request is served from, in the order _int_malloc tries:
 *   tcache     7 chunks per size up to 1032 bytes, per thread, LIFO
 *   fastbins   chunks up to 128 bytes, LIFO, never merged until a
 *              malloc_consolidate
 *   smallbins  one size each, below 1024 bytes, FIFO
 *   unsorted   freshly freed and split-off chunks: one chance each to be
 *              taken (exact fit) before they are sorted into their bins
 *   largebins  ranges of sizes, kept sorted: best fit
 *   top        split from the start; too small -> sysmalloc
 * and sysmalloc either maps the request on its own (nb >= mmap_threshold)
 * or grows the top with brk. free puts a chunk into the tcache or a
 * fastbin, or merges it with its free neighbours, the top included; a
 * top larger than trim_threshold is given back with a shrinking brk.
 *
 * The model keeps the chunks' headers outside of any memory (struct
 * mchunk), with their neighbours and their bins, so that it takes the
 * same chunk glibc takes, and makes the same system calls. The functions
 * that mirror glibc's keep their names, without the leading underscores
 * C reserves (__libc_malloc -> libc_malloc, _int_free -> int_free); each
 * is traced (TRACE_FUNC, DECIDE, RETURN: see instrument.h) with its own
 * listing and decision ids ("int_malloc.use_top").
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/instrument.h"
#include "malloc.h"
#include "kernel/mm.h"

/* ---- glibc's constants on x86_64 ---------------------------------------- */

#define SIZE_SZ			8UL
#define CHUNK_HDR_SZ		(2 * SIZE_SZ)
#define MALLOC_ALIGNMENT	16UL
#define MALLOC_ALIGN_MASK	(MALLOC_ALIGNMENT - 1)
#define MINSIZE			32UL
#define MALLOC_PAGESIZE		4096UL
#define NBINS			128
#define NSMALLBINS		64
#define MIN_LARGE_SIZE		((unsigned long)NSMALLBINS * MALLOC_ALIGNMENT)
#define NFASTBINS		10
#define TCACHE_MAX_BINS		64
#define TCACHE_FILL_COUNT	7
/* sizeof (tcache_perthread_struct): 64 uint16_t counts, 64 pointers */
#define TCACHE_STRUCT_SIZE	(TCACHE_MAX_BINS * 2UL + TCACHE_MAX_BINS * 8UL)
#define FASTBIN_CONSOLIDATION_THRESHOLD	65536UL
#define DEFAULT_MXFAST		(64 * SIZE_SZ / 4)
#define DEFAULT_MMAP_THRESHOLD	(128 * 1024UL)
#define DEFAULT_MMAP_THRESHOLD_MAX (4 * 1024 * 1024 * SIZE_SZ)
#define DEFAULT_TRIM_THRESHOLD	(128 * 1024UL)
#define DEFAULT_TOP_PAD		(128 * 1024UL)
#define DEFAULT_MMAP_MAX	65536
#define MMAP_AS_MORECORE_SIZE	(1024 * 1024UL)
#define MAX_ITERS		10000
#define IS_MMAPPED		2UL	/* the M bit of the size field */
#define MORECORE_FAILURE	0UL
#define MAP_FAILED_ADDR		(~0UL)
#define INITIAL_TOP_END		1UL	/* no break is ever here */
#define PTRDIFF_MAX_UL		((unsigned long)PTRDIFF_MAX)

#define ALIGN_UP(x, a)		(((x) + (a) - 1) & ~((a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((a) - 1))

#define CHUNK_RESERVE		32	/* spare headers before each call */
#define CHUNK_SPARE_MAX		256

/* ---- the model's state --------------------------------------------------- */

enum chunk_state {
	CH_INUSE,	/* the program's */
	CH_TCACHE,	/* in a tcache bin: in use, as far as the arena knows */
	CH_FAST,	/* in a fastbin: in use too, until consolidated */
	CH_FREE,	/* in the unsorted bin, a small or a large bin */
	CH_TOP,		/* the top chunk (or an old top being retired) */
	CH_FENCE,	/* a fencepost of sysmalloc: never used */
	CH_MMAPPED,	/* a mapping of its own */
};

/* A chunk's header, kept beside the memory it describes. */
struct mchunk {
	unsigned long	 addr;		/* the chunk; mem is addr + 16 */
	unsigned long	 size;
	enum chunk_state state;
	int		 bin;		/* CH_FREE: 1 unsorted, else its bin */
	struct mchunk	*prev_phys;	/* the chunks of the heap, in the */
	struct mchunk	*next_phys;	/* order of their addresses */
	struct mchunk	*fd, *bk;	/* bin, tcache and fastbin links */
	struct mchunk	*copy;		/* malloc_arena_clone's */
};

struct malloc_arena {
	struct mm	*mm;		/* the engine, during a call */
	struct malloc_par mp;
	unsigned long	 max_fast;	/* global_max_fast: 128 */
	int		 have_fastchunks;
	int		 contiguous;	/* cleared after mmap as morecore */
	unsigned long	 system_mem;

	struct mchunk	*top;		/* NULL before the first sysmalloc */
	unsigned long	 last_remainder; /* an address, as glibc compares */
	struct mchunk	*fastbin[NFASTBINS];
	struct mchunk	 bins[NBINS];	/* list heads; bins[1] is unsorted */

	unsigned long	 tcache;	/* mem of tcache_perthread_struct */
	struct mchunk	*tc_entries[TCACHE_MAX_BINS];
	unsigned	 tc_counts[TCACHE_MAX_BINS];

	int		 curbrk_known;	/* glibc's __curbrk is set */
	unsigned long	 curbrk;

	struct mchunk	*first, *last;	/* the heap, in address order */
	struct mchunk	 mmapped;	/* list head of the mapped chunks */
	struct mchunk	*spare;		/* headers ready for use */
	int		 nspare;

	struct malloc_sys *sys;		/* the system calls made */
	size_t		 nsys, syscap;
	char		**texts;	/* trace strings, kept for the run */
	size_t		 ntexts, textcap;

	const char	*abort_msg;	/* glibc's malloc_printerr */
	const char	*error;		/* "" or a string in texts */
};

/* ---- sizes and bins ------------------------------------------------------ */

static unsigned long
request2size(unsigned long req)
{
	if (req + SIZE_SZ + MALLOC_ALIGN_MASK < MINSIZE)
		return MINSIZE;
	return (req + SIZE_SZ + MALLOC_ALIGN_MASK) & ~MALLOC_ALIGN_MASK;
}

/* request2size, refusing requests above PTRDIFF_MAX. */
static int
checked_request2size(unsigned long req, unsigned long *nb)
{
	if (req > PTRDIFF_MAX_UL)
		return 0;
	*nb = request2size(req);
	return 1;
}

static unsigned
csize2tidx(unsigned long x)
{
	return (unsigned)((x - MINSIZE + MALLOC_ALIGNMENT - 1) /
	    MALLOC_ALIGNMENT);
}

static unsigned
fastbin_index(unsigned long sz)
{
	return (unsigned)((sz >> 4) - 2);
}

static int
in_smallbin_range(unsigned long sz)
{
	return sz < MIN_LARGE_SIZE;
}

static int
smallbin_index(unsigned long sz)
{
	return (int)(sz >> 4);
}

/* largebin_index_64: 32 bins 64 bytes apart, then 16 of 512, 8 of 4096... */
static int
largebin_index(unsigned long sz)
{
	if ((sz >> 6) <= 48)
		return 48 + (int)(sz >> 6);
	if ((sz >> 9) <= 20)
		return 91 + (int)(sz >> 9);
	if ((sz >> 12) <= 10)
		return 110 + (int)(sz >> 12);
	if ((sz >> 15) <= 4)
		return 119 + (int)(sz >> 15);
	if ((sz >> 18) <= 2)
		return 124 + (int)(sz >> 18);
	return 126;
}

static int
bin_index(unsigned long sz)
{
	return in_smallbin_range(sz) ? smallbin_index(sz) : largebin_index(sz);
}

static unsigned long
chunk2mem(const struct mchunk *p)
{
	return p->addr + CHUNK_HDR_SZ;
}

static unsigned long
top_size(const struct malloc_arena *a)
{
	return a->top != NULL ? a->top->size : 0;
}

static unsigned
tc_count(const struct malloc_arena *a, unsigned idx)
{
	return idx < TCACHE_MAX_BINS ? a->tc_counts[idx] : 0;
}

/* ---- chunk headers -------------------------------------------------------- */

/* Fills the spare list so that one call cannot run out. 0, or -1. */
static int
chunk_reserve(struct malloc_arena *a)
{
	struct mchunk *p;

	while (a->nspare < CHUNK_RESERVE) {
		if ((p = malloc(sizeof *p)) == NULL)
			return -1;
		p->fd = a->spare;
		a->spare = p;
		a->nspare++;
	}
	return 0;
}

static struct mchunk *
chunk_get(struct malloc_arena *a, unsigned long addr, unsigned long size,
    enum chunk_state state)
{
	struct mchunk *p = a->spare;

	a->spare = p->fd;
	a->nspare--;
	memset(p, 0, sizeof *p);
	p->addr = addr;
	p->size = size;
	p->state = state;
	return p;
}

static void
chunk_put(struct malloc_arena *a, struct mchunk *p)
{
	if (a->nspare >= CHUNK_SPARE_MAX) {
		free(p);
		return;
	}
	p->fd = a->spare;
	a->spare = p;
	a->nspare++;
}

/* Links p into the heap right after pos (at the end when pos is NULL). */
static void
phys_insert_after(struct malloc_arena *a, struct mchunk *pos,
    struct mchunk *p)
{
	if (pos == NULL)
		pos = a->last;
	p->prev_phys = pos;
	p->next_phys = pos != NULL ? pos->next_phys : NULL;
	if (pos != NULL)
		pos->next_phys = p;
	else
		a->first = p;
	if (p->next_phys != NULL)
		p->next_phys->prev_phys = p;
	else
		a->last = p;
}

static void
phys_remove(struct malloc_arena *a, struct mchunk *p)
{
	if (p->prev_phys != NULL)
		p->prev_phys->next_phys = p->next_phys;
	else
		a->first = p->next_phys;
	if (p->next_phys != NULL)
		p->next_phys->prev_phys = p->prev_phys;
	else
		a->last = p->prev_phys;
}

/* p takes in q, the chunk right after it; q's header goes. */
static void
chunk_merge(struct malloc_arena *a, struct mchunk *p, struct mchunk *q)
{
	p->size += q->size;
	phys_remove(a, q);
	chunk_put(a, q);
}

/* Cuts p at nb: p keeps nb bytes; returns the rest, a new chunk. */
static struct mchunk *
chunk_split(struct malloc_arena *a, struct mchunk *p, unsigned long nb,
    enum chunk_state rest)
{
	struct mchunk *r = chunk_get(a, p->addr + nb, p->size - nb, rest);

	p->size = nb;
	phys_insert_after(a, p, r);
	return r;
}

/*
 * prev_inuse(p): the P bit. The chunk before p is in use unless it is a
 * free chunk in a bin; tcache and fastbin chunks count as in use.
 */
static int
prev_inuse(const struct mchunk *p)
{
	return p->prev_phys == NULL || p->prev_phys->state != CH_FREE;
}

/* The chunk the program's pointer `mem` points into: in use or mapped. */
static struct mchunk *
chunk_lookup(const struct malloc_arena *a, unsigned long mem)
{
	struct mchunk *p;

	for (p = a->mmapped.fd; p != &a->mmapped; p = p->fd)
		if (chunk2mem(p) == mem)
			return p;
	for (p = a->first; p != NULL; p = p->next_phys)
		if (chunk2mem(p) == mem)
			return p->state == CH_INUSE ? p : NULL;
	return NULL;
}

/* ---- bins ------------------------------------------------------------------ */

static void
bin_link(struct mchunk *bck, struct mchunk *fwd, struct mchunk *p)
{
	p->bk = bck;
	p->fd = fwd;
	bck->fd = p;
	fwd->bk = p;
}

/* unlink_chunk: takes p out of its bin. */
static void
unlink_chunk(struct mchunk *p)
{
	p->fd->bk = p->bk;
	p->bk->fd = p->fd;
	p->fd = p->bk = NULL;
}

/* Puts p at the front of the unsorted bin (the back is processed first). */
static void
unsorted_push(struct malloc_arena *a, struct mchunk *p)
{
	p->state = CH_FREE;
	p->bin = 1;
	bin_link(&a->bins[1], a->bins[1].fd, p);
}

/*
 * Sorts a chunk out of the unsorted bin into its own bin. A small bin is
 * FIFO: new chunks go to the front, malloc takes from the back. A large
 * bin is kept sorted, largest first; a chunk of a size already present
 * goes second among them, so that the first of each size (the one on
 * glibc's fd_nextsize skip list) stays in place.
 */
static void
bin_place(struct malloc_arena *a, struct mchunk *p)
{
	struct mchunk *bin, *fwd;

	p->state = CH_FREE;
	p->bin = bin_index(p->size);
	bin = &a->bins[p->bin];
	if (in_smallbin_range(p->size)) {
		bin_link(bin, bin->fd, p);
		return;
	}
	for (fwd = bin->fd; fwd != bin && p->size < fwd->size; fwd = fwd->fd)
		;
	if (fwd != bin && fwd->size == p->size)
		bin_link(fwd, fwd->fd, p);
	else
		bin_link(fwd->bk, fwd, p);
}

/*
 * The best fit in a large bin whose largest chunk holds nb: the first
 * chunk of the smallest size that does, or the second of that size when
 * there is one (glibc avoids taking the chunk on the skip list).
 */
static struct mchunk *
largebin_best_fit(struct mchunk *bin, unsigned long nb)
{
	struct mchunk *c, *h = NULL;

	for (c = bin->fd; c != bin && c->size >= nb; c = c->fd)
		if (c == bin->fd || c->bk->size != c->size)
			h = c;
	if (h->fd != bin && h->fd->size == h->size)
		return h->fd;
	return h;
}

/*
 * Takes victim out of its bin for a request of nb: whole when less than
 * MINSIZE would remain, else split, the remainder going to the unsorted
 * bin (and becoming the last remainder when `advertise`).
 */
static unsigned long
take_chunk(struct malloc_arena *a, struct mchunk *victim, unsigned long nb,
    int advertise)
{
	struct mchunk *r;

	unlink_chunk(victim);
	victim->state = CH_INUSE;
	if (victim->size - nb >= MINSIZE) {
		r = chunk_split(a, victim, nb, CH_FREE);
		unsorted_push(a, r);
		if (advertise)
			a->last_remainder = r->addr;
	}
	return chunk2mem(victim);
}

/* Splits nb bytes off the start of the top chunk. */
static unsigned long
split_top(struct malloc_arena *a, unsigned long nb)
{
	struct mchunk *victim = a->top;

	a->top = chunk_split(a, victim, nb, CH_TOP);
	victim->state = CH_INUSE;
	return chunk2mem(victim);
}

/* ---- tcache and fastbins: singly linked, last in first out --------------- */

static void
tcache_put(struct malloc_arena *a, struct mchunk *p, unsigned idx)
{
	p->state = CH_TCACHE;
	p->bin = (int)idx;
	p->fd = a->tc_entries[idx];
	a->tc_entries[idx] = p;
	a->tc_counts[idx]++;
}

static unsigned long
tcache_get(struct malloc_arena *a, unsigned idx)
{
	struct mchunk *p = a->tc_entries[idx];

	a->tc_entries[idx] = p->fd;
	a->tc_counts[idx]--;
	p->fd = NULL;
	p->state = CH_INUSE;
	return chunk2mem(p);
}

static void
fastbin_push(struct malloc_arena *a, struct mchunk *p, unsigned idx)
{
	p->state = CH_FAST;
	p->bin = (int)idx;
	p->fd = a->fastbin[idx];
	a->fastbin[idx] = p;
}

static struct mchunk *
fastbin_pop(struct malloc_arena *a, unsigned idx)
{
	struct mchunk *p = a->fastbin[idx];

	a->fastbin[idx] = p->fd;
	p->fd = NULL;
	p->state = CH_INUSE;
	return p;
}

/* ---- system calls into the engine --------------------------------------- */

static const char *
sys_errname(unsigned long r)
{
	switch ((int)-(long)r) {
	case ENOMEM:
		return "ENOMEM (Cannot allocate memory)";
	case EINVAL:
		return "EINVAL (Invalid argument)";
	case EAGAIN:
		return "EAGAIN (Resource temporarily unavailable)";
	case EPERM:
		return "EPERM (Operation not permitted)";
	default:
		return "errno";
	}
}

/* The call part of a system call, as strace writes it. */
static int
sys_format_call(const struct malloc_sys *s, char *buf, size_t len)
{
	switch (s->kind) {
	case MSYS_BRK:
		if (s->args[0] == 0)
			return snprintf(buf, len, "brk(NULL)");
		return snprintf(buf, len, "brk(0x%lx)", s->args[0]);
	case MSYS_MMAP:
		return snprintf(buf, len, "mmap(NULL, %lu, PROT_READ|PROT_WRITE, "
		    "MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)", s->args[0]);
	case MSYS_MUNMAP:
		return snprintf(buf, len, "munmap(0x%lx, %lu)", s->args[0],
		    s->args[1]);
	case MSYS_MREMAP:
		return snprintf(buf, len, "mremap(0x%lx, %lu, %lu, "
		    "MREMAP_MAYMOVE)", s->args[0], s->args[1], s->args[2]);
	}
	return snprintf(buf, len, "?");
}

int
malloc_sys_format(const struct malloc_sys *s, char *buf, size_t len)
{
	char call[160];

	sys_format_call(s, call, sizeof call);
	if (s->kind != MSYS_BRK && IS_ERR_VALUE(s->result))
		return snprintf(buf, len, "%s = -1 %s", call,
		    sys_errname(s->result));
	if (s->kind == MSYS_MUNMAP)
		return snprintf(buf, len, "%s = 0", call);
	return snprintf(buf, len, "%s = 0x%lx", call, s->result);
}

/*
 * Reports an event with a text the arena keeps for the whole run (a
 * recorded trace points at it). Only when the mm has a trace sink.
 */
/* A copy of text that lives as long as the arena, or NULL. */
static const char *
arena_keep(struct malloc_arena *a, const char *text)
{
	char **grown, *s;

	if (a->ntexts == a->textcap) {
		size_t cap = a->textcap ? 2 * a->textcap : 64;

		if ((grown = realloc(a->texts, cap * sizeof *grown)) == NULL)
			return NULL;
		a->texts = grown;
		a->textcap = cap;
	}
	if ((s = strdup(text)) == NULL)
		return NULL;
	a->texts[a->ntexts++] = s;
	return s;
}

static void
sys_event(struct malloc_arena *a, enum trace_kind kind, const char *text)
{
	struct trace_event ev;
	const char *s;

	if (a->mm->trace == NULL || (s = arena_keep(a, text)) == NULL)
		return;
	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.text = s;
	ev.depth = -1;
	trace_emit(a->mm->trace, &ev);
}

/* Before a system call: the strace line without its result. */
static void
sys_begin(struct malloc_arena *a, const struct malloc_sys *s)
{
	char buf[192];

	if (a->mm->trace == NULL)
		return;
	sys_format_call(s, buf, sizeof buf);
	sys_event(a, TRACE_SYSCALL, buf);
}

/* After it: the whole line, with the engine's result, and the log. */
static void
sys_end(struct malloc_arena *a, const struct malloc_sys *s)
{
	struct malloc_sys *grown;
	char buf[256];

	if (a->mm->trace != NULL) {
		malloc_sys_format(s, buf, sizeof buf);
		sys_event(a, TRACE_NOTE, buf);
	}
	if (a->nsys == a->syscap) {
		size_t cap = a->syscap ? 2 * a->syscap : 32;

		if ((grown = realloc(a->sys, cap * sizeof *grown)) == NULL)
			return;
		a->sys = grown;
		a->syscap = cap;
	}
	a->sys[a->nsys++] = *s;
}

/* brk(addr): the kernel's answer is the new break (or the old one). */
static unsigned long
call_brk(struct malloc_arena *a, unsigned long addr)
{
	struct malloc_sys s = { .kind = MSYS_BRK, .args = { addr } };

	sys_begin(a, &s);
	s.result = mm_sys_brk(a->mm, addr);
	sys_end(a, &s);
	return s.result;
}

/* MMAP(0, size, PROT_READ|PROT_WRITE, 0): private and anonymous. */
static unsigned long
call_mmap(struct malloc_arena *a, unsigned long len)
{
	struct malloc_sys s = { .kind = MSYS_MMAP, .args = { len } };

	sys_begin(a, &s);
	s.result = sys_mmap(a->mm, 0, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	sys_end(a, &s);
	return IS_ERR_VALUE(s.result) ? MAP_FAILED_ADDR : s.result;
}

static void
call_munmap(struct malloc_arena *a, unsigned long addr, unsigned long len)
{
	struct malloc_sys s = { .kind = MSYS_MUNMAP, .args = { addr, len } };

	sys_begin(a, &s);
	s.result = sys_munmap(a->mm, addr, len);
	sys_end(a, &s);
}

/*
 * mremap(addr, old_len, new_len, MREMAP_MAYMOVE), as glibc's mremap_chunk
 * makes it for a chunk that has a mapping of its own. The kernel's
 * sys_mremap (engine/kernel/mremap.c) decides what happens to that
 * mapping; for a chunk C, with its pages after it drawn as dots:
 *
 *   shrinking:        CCCCCC....  ->  CCC.......   the tail is unmapped
 *                                                  (do_munmap), in place
 *   growing, free:    CCC.......  ->  CCCCCC....   the VMA is extended
 *                                                  (vma_expandable, then
 *                                                  vma_adjust), in place
 *   growing, in use:  CCCXX.....  ->  ...XXCCCCCC  a new area is found
 *                                                  (get_unmapped_area)
 *                                                  while C is still
 *                                                  mapped, and C's VMA
 *                                                  moves there (move_vma)
 *
 * glibc asks for MREMAP_MAYMOVE because a chunk may live anywhere: the
 * caller of realloc gets the new address. Without it the last case would
 * fail with ENOMEM and glibc would have to malloc, copy and free.
 *
 * The same page count never gets here (mremap_chunk returns first); a
 * failure (ENOMEM, at a limit) leaves the old mapping as it was, and
 * realloc then falls back to malloc, copy and free.
 *
 * In a trace the call shows as one mremap line of the allocator, with
 * the kernel's steps under it: vma_to_resize, the in-place checks, and
 * for a move get_unmapped_area, copy_vma and the do_munmap of the old
 * range, each with its listing line and decision ids, as for brk and
 * mmap.
 * strace shows such a call as, e.g.,
 *   mremap(0x7ffff7d6e000, 200704, 303104, MREMAP_MAYMOVE) = 0x7ffff7d24000
 * and tests/glibc.sh holds these lines to the real glibc's, address for
 * address (tests/data/malloc/mremap.seq makes all three cases happen).
 *
 * No page of a chunk is touched in the model, so its VMA has no anon_vma
 * and a moved VMA takes the page offset of its new address (glibc writes
 * the chunk's header, so the real VMA keeps its old offset).
 */
static unsigned long
call_mremap(struct malloc_arena *a, unsigned long addr, unsigned long old_len,
    unsigned long new_len)
{
	struct malloc_sys s = { .kind = MSYS_MREMAP,
	    .args = { addr, old_len, new_len } };

	sys_begin(a, &s);
	s.result = sys_mremap(a->mm, addr, old_len, new_len, MREMAP_MAYMOVE,
	    0);
	sys_end(a, &s);
	return IS_ERR_VALUE(s.result) ? MAP_FAILED_ADDR : s.result;
}

/* ---- the allocator -------------------------------------------------------- */

static unsigned long	int_malloc(struct malloc_arena *, unsigned long);
static int		int_free(struct malloc_arena *, struct mchunk *);

/*
 * morecore: glibc's MORECORE, __glibc_morecore over __sbrk. glibc keeps
 * its own idea of the break in __curbrk; the first call asks the kernel
 * with brk(0), later ones trust __curbrk (a brk the program made behind
 * malloc's back stays unseen). sbrk(0) makes no system call. Returns the
 * old break, or MORECORE_FAILURE (0) when the kernel did not move it as
 * far as asked.
 */
static unsigned long
morecore(struct malloc_arena *a, long increment)
{
	TRACE_FUNC(morecore, a->mm, V(increment), VN("__curbrk", a->curbrk));
	unsigned long oldbrk;

	if (DECIDE("morecore.first_call", !a->curbrk_known, VN("__curbrk", a->curbrk))) {
		a->curbrk = call_brk(a, 0);
		a->curbrk_known = 1;
	}
	if (DECIDE("morecore.query", increment == 0, V(increment)))
		RETURN(a->curbrk);
	oldbrk = a->curbrk;
	if (DECIDE("morecore.wraps", increment > 0 ? oldbrk + (unsigned long)increment < oldbrk : oldbrk < (unsigned long)-increment, V(oldbrk), V(increment)))
		RETURN(MORECORE_FAILURE);
	a->curbrk = call_brk(a, oldbrk + (unsigned long)increment);
	if (DECIDE("morecore.refused", a->curbrk < oldbrk + (unsigned long)increment, VN("__curbrk", a->curbrk), VN("oldbrk + increment", oldbrk + (unsigned long)increment)))
		RETURN(MORECORE_FAILURE);
	RETURN(oldbrk);
}

/*
 * The old top of a heap that sysmalloc could not extend (a foreign sbrk,
 * or mmap as morecore): it keeps its start, shrunk by two fenceposts of
 * 16 bytes, marked in use so that nothing ever merges across the gap;
 * what is left, if a chunk's worth, is freed like any chunk.
 */
static void
int_free_old_top(struct malloc_arena *a, struct mchunk *old_top)
{
	unsigned long old_size;
	struct mchunk *f1, *f2;

	old_size = (old_top->size - 2 * CHUNK_HDR_SZ) & ~MALLOC_ALIGN_MASK;
	if (old_size == 0) {
		f1 = old_top;
		f1->size = CHUNK_HDR_SZ;
		f1->state = CH_FENCE;
	} else {
		old_top->size = old_size;
		f1 = chunk_get(a, old_top->addr + old_size, CHUNK_HDR_SZ,
		    CH_FENCE);
		phys_insert_after(a, old_top, f1);
	}
	f2 = chunk_get(a, f1->addr + CHUNK_HDR_SZ, CHUNK_HDR_SZ, CH_FENCE);
	phys_insert_after(a, f1, f2);
	if (old_size >= MINSIZE) {
		old_top->state = CH_INUSE;
		int_free(a, old_top);
	} else if (old_size != 0) {
		old_top->state = CH_FENCE;	/* a sliver nobody can use */
	}
}

/*
 * sysmalloc: the top chunk cannot hold nb (+ MINSIZE): ask the kernel.
 * A request at or above mmap_threshold gets a mapping of its own,
 * rounded up to whole pages with one more size field of overhead.
 * Anything else grows the heap: brk by nb + top_pad + MINSIZE, minus the
 * top already there, rounded up to pages. When brk fails, the heap goes
 * on in an mmap'd region (the first time rounded up to whole MiB) and is
 * no longer contiguous. Returns mem, or 0.
 */
static unsigned long
sysmalloc(struct malloc_arena *a, unsigned long nb)
{
	TRACE_FUNC(sysmalloc, a->mm, V(nb), VN("mp_.mmap_threshold", a->mp.mmap_threshold), VN("top size", top_size(a)));
	struct mchunk *old_top = a->top, *p;
	unsigned long old_size, old_end, size, brk, snd_brk, mm, fallback;
	unsigned long front_misalign, end_misalign, correction, aligned_brk;

	if (DECIDE("sysmalloc.try_mmap", nb >= a->mp.mmap_threshold && a->mp.n_mmaps < a->mp.n_mmaps_max, V(nb), VN("mp_.mmap_threshold", a->mp.mmap_threshold))) {
		size = ALIGN_UP(nb + SIZE_SZ, MALLOC_PAGESIZE);
		if (size > nb) {
			mm = call_mmap(a, size);
			if (DECIDE("sysmalloc.mmapped", mm != MAP_FAILED_ADDR, V(mm), V(size))) {
				p = chunk_get(a, mm, size, CH_MMAPPED);
				bin_link(&a->mmapped, a->mmapped.fd, p);
				a->mp.n_mmaps++;
				a->mp.mmapped_mem += size;
				RETURN(chunk2mem(p));
			}
		}
	}

	old_size = old_top != NULL ? old_top->size : 0;
	old_end = old_top != NULL ? old_top->addr + old_size : INITIAL_TOP_END;
	brk = snd_brk = MORECORE_FAILURE;

	/* Request enough space for nb + pad + overhead */
	size = nb + a->mp.top_pad + MINSIZE;
	if (DECIDE("sysmalloc.contiguous", a->contiguous, V(old_size)))
		size -= old_size;
	size = ALIGN_UP(size, MALLOC_PAGESIZE);
	if ((long)size > 0)
		brk = morecore(a, (long)size);

	if (DECIDE("sysmalloc.brk_failed", brk == MORECORE_FAILURE, V(brk), V(size))) {
		/*
		 * mmap as a backup (sysmalloc_mmap_fallback). The old top
		 * cannot be merged, so its size is added back. glibc 2.36
		 * passes pagesize and MMAP_AS_MORECORE_SIZE (1 MiB) in each
		 * other's place: a contiguous heap's request is rounded up
		 * to whole MiB, later ones only to at least a page.
		 */
		fallback = size;
		if (a->contiguous)
			fallback = ALIGN_UP(size + old_size, MMAP_AS_MORECORE_SIZE);
		if (fallback < MALLOC_PAGESIZE)
			fallback = MALLOC_PAGESIZE;
		if (fallback > nb) {
			mm = call_mmap(a, fallback);
			if (DECIDE("sysmalloc.mmap_as_morecore", mm != MAP_FAILED_ADDR, V(mm), V(fallback))) {
				size = fallback;
				brk = mm;
				snd_brk = brk + size;
				a->contiguous = 0;
			}
		}
	}

	if (brk != MORECORE_FAILURE) {
		if (a->mp.sbrk_base == 0)
			a->mp.sbrk_base = brk;
		a->system_mem += size;

		if (DECIDE("sysmalloc.extend_top", brk == old_end && snd_brk == MORECORE_FAILURE, V(brk), V(old_end))) {
			old_top->size += size;
		} else if (DECIDE("sysmalloc.break_adjusted", a->contiguous && old_size != 0 && brk < old_end, V(brk), V(old_end))) {
			a->abort_msg = "break adjusted to free malloc space";
			RETURN(0UL);
		} else {
			/* first time, a foreign sbrk, or mmap: a new top */
			front_misalign = end_misalign = correction = 0;
			aligned_brk = brk;
			if (a->contiguous) {
				if (old_size != 0)
					a->system_mem += brk - old_end;
				front_misalign = (brk + CHUNK_HDR_SZ) & MALLOC_ALIGN_MASK;
				if (DECIDE("sysmalloc.front_misalign", front_misalign > 0, V(front_misalign))) {
					correction = MALLOC_ALIGNMENT - front_misalign;
					aligned_brk += correction;
				}
				/* the old top cannot be merged: ask for it again */
				correction += old_size;
				/* and end on a page boundary */
				end_misalign = brk + size + correction;
				correction += ALIGN_UP(end_misalign, MALLOC_PAGESIZE) - end_misalign;
				snd_brk = morecore(a, (long)correction);
				if (DECIDE("sysmalloc.correction_failed", snd_brk == MORECORE_FAILURE, V(correction))) {
					correction = 0;
					snd_brk = morecore(a, 0);
				}
			} else if (snd_brk == MORECORE_FAILURE) {
				snd_brk = morecore(a, 0);
			}
			if (snd_brk != MORECORE_FAILURE) {
				a->top = chunk_get(a, aligned_brk, snd_brk - aligned_brk + correction, CH_TOP);
				phys_insert_after(a, NULL, a->top);
				a->system_mem += correction;
				if (DECIDE("sysmalloc.fenceposts", old_size != 0, V(old_size)))
					int_free_old_top(a, old_top);
			}
		}
	}

	/* finally, do the allocation */
	if (DECIDE("sysmalloc.top_big_enough", top_size(a) >= nb + MINSIZE, VN("top size", top_size(a)), VN("nb + MINSIZE", nb + MINSIZE)))
		RETURN(split_top(a, nb));
	RETURN(0UL);
}

/*
 * malloc_consolidate: empties every fastbin, merging each chunk with its
 * free neighbours (or into the top) and putting it in the unsorted bin.
 * malloc calls it before serving a large request, free after freeing a
 * large chunk (64 KiB or more), mallopt always. Returns how many chunks
 * it took out.
 */
static int
malloc_consolidate(struct malloc_arena *a)
{
	TRACE_FUNC(malloc_consolidate, a->mm, VN("have_fastchunks", a->have_fastchunks));
	struct mchunk *p, *nextp, *nextchunk, *prev;
	int i, n = 0;

	a->have_fastchunks = 0;
	for (i = 0; i < NFASTBINS; i++) {
		p = a->fastbin[i];
		a->fastbin[i] = NULL;
		for (; p != NULL; p = nextp) {
			nextp = p->fd;
			p->fd = NULL;
			n++;
			nextchunk = p->next_phys;
			if (DECIDE("malloc_consolidate.merge_prev", !prev_inuse(p), VN("p", p->addr), VN("size", p->size))) {
				prev = p->prev_phys;
				unlink_chunk(prev);
				chunk_merge(a, prev, p);
				p = prev;
			}
			if (DECIDE("malloc_consolidate.next_is_top", nextchunk == a->top, VN("p", p->addr), VN("size", p->size))) {
				chunk_merge(a, p, nextchunk);
				p->state = CH_TOP;
				a->top = p;
				continue;
			}
			if (DECIDE("malloc_consolidate.merge_next", nextchunk->state == CH_FREE, VN("nextchunk", nextchunk->addr), VN("nextsize", nextchunk->size))) {
				unlink_chunk(nextchunk);
				chunk_merge(a, p, nextchunk);
			}
			unsorted_push(a, p);
		}
	}
	RETURN(n);
}

/*
 * _int_malloc: finds a chunk of nb = request2size(bytes) bytes: in a
 * fastbin, in its small bin, among the unsorted chunks (sorting the
 * others into their bins on the way), in its large bin or the next
 * non-empty larger one, at the start of the top chunk; else sysmalloc.
 * Returns mem, or 0.
 */
static unsigned long
int_malloc(struct malloc_arena *a, unsigned long bytes)
{
	TRACE_FUNC(int_malloc, a->mm, V(bytes));
	struct mchunk *victim, *bin, *remainder;
	unsigned long nb = 0, size, tcache_nb = 0;
	unsigned tc_idx;
	int idx, i, iters, return_cached = 0;

	if (DECIDE("int_malloc.too_big", !checked_request2size(bytes, &nb), V(bytes)))
		RETURN(0UL);

	/* a fastbin: exactly this size, the last one freed */
	if (DECIDE("int_malloc.fastbin", nb <= a->max_fast && a->fastbin[fastbin_index(nb)] != NULL, V(nb), VN("max_fast", a->max_fast))) {
		idx = (int)fastbin_index(nb);
		victim = fastbin_pop(a, (unsigned)idx);
		/* stash the other chunks of this size in the tcache */
		tc_idx = csize2tidx(nb);
		while (a->tcache != 0 && tc_idx < TCACHE_MAX_BINS && a->tc_counts[tc_idx] < TCACHE_FILL_COUNT && a->fastbin[idx] != NULL)
			tcache_put(a, fastbin_pop(a, (unsigned)idx), tc_idx);
		RETURN(chunk2mem(victim));
	}

	if (in_smallbin_range(nb)) {
		/* its small bin: exactly this size, the oldest first */
		idx = smallbin_index(nb);
		bin = &a->bins[idx];
		if (DECIDE("int_malloc.smallbin", bin->bk != bin, V(nb), VN("bin", idx))) {
			victim = bin->bk;
			unlink_chunk(victim);
			victim->state = CH_INUSE;
			tc_idx = csize2tidx(nb);
			while (a->tcache != 0 && tc_idx < TCACHE_MAX_BINS && a->tc_counts[tc_idx] < TCACHE_FILL_COUNT && bin->bk != bin) {
				remainder = bin->bk;
				unlink_chunk(remainder);
				tcache_put(a, remainder, tc_idx);
			}
			RETURN(chunk2mem(victim));
		}
	} else {
		/* a large request: first merge away the fastbins */
		idx = largebin_index(nb);
		if (DECIDE("int_malloc.consolidate", a->have_fastchunks, V(nb)))
			malloc_consolidate(a);
	}

	tc_idx = csize2tidx(nb);
	if (a->tcache != 0 && tc_idx < TCACHE_MAX_BINS)
		tcache_nb = nb;

	for (;;) {
		/* the unsorted chunks, oldest first: take or sort each */
		iters = 0;
		while ((victim = a->bins[1].bk) != &a->bins[1]) {
			size = victim->size;
			/* a small request may split the last remainder again */
			if (DECIDE("int_malloc.last_remainder", in_smallbin_range(nb) && victim->bk == &a->bins[1] && victim->addr == a->last_remainder && size > nb + MINSIZE, V(nb), V(size))) {
				unlink_chunk(victim);
				victim->state = CH_INUSE;
				remainder = chunk_split(a, victim, nb, CH_FREE);
				unsorted_push(a, remainder);
				a->last_remainder = remainder->addr;
				RETURN(chunk2mem(victim));
			}
			unlink_chunk(victim);
			if (DECIDE("int_malloc.exact_fit", size == nb, V(size), V(nb))) {
				victim->state = CH_INUSE;
				/* fill the tcache first; return one at the end */
				if (DECIDE("int_malloc.exact_fit_to_tcache", tcache_nb != 0 && a->tc_counts[tc_idx] < TCACHE_FILL_COUNT, V(tc_idx), VN("tcache->counts[tc_idx]", tc_count(a, tc_idx)))) {
					tcache_put(a, victim, tc_idx);
					return_cached = 1;
					continue;
				}
				RETURN(chunk2mem(victim));
			}
			bin_place(a, victim);
			if (++iters >= MAX_ITERS)
				break;
		}
		if (DECIDE("int_malloc.return_cached", return_cached, V(tc_idx)))
			RETURN(tcache_get(a, tc_idx));

		/* a large request: the best fit in its own bin */
		if (!in_smallbin_range(nb)) {
			bin = &a->bins[idx];
			if (DECIDE("int_malloc.largebin", bin->fd != bin && bin->fd->size >= nb, V(nb), VN("bin", idx))) {
				victim = largebin_best_fit(bin, nb);
				RETURN(take_chunk(a, victim, nb, 0));
			}
		}

		/* the smallest chunk of the next non-empty bin (the binmap) */
		victim = NULL;
		for (i = idx + 1; i < NBINS && victim == NULL; i++)
			if (a->bins[i].bk != &a->bins[i])
				victim = a->bins[i].bk;
		if (DECIDE("int_malloc.larger_bin", victim != NULL, V(nb), VN("size", victim != NULL ? victim->size : 0)))
			RETURN(take_chunk(a, victim, nb, in_smallbin_range(nb)));

		/* the top chunk */
		if (DECIDE("int_malloc.use_top", top_size(a) >= nb + MINSIZE, VN("top size", top_size(a)), VN("nb + MINSIZE", nb + MINSIZE)))
			RETURN(split_top(a, nb));
		if (DECIDE("int_malloc.consolidate_retry", a->have_fastchunks, V(nb))) {
			malloc_consolidate(a);
			idx = bin_index(nb);
			continue;
		}
		RETURN(sysmalloc(a, nb));
	}
}

/*
 * systrim: gives back the top of the heap above pad, in whole pages,
 * keeping at least MINSIZE in the top chunk: brk(__curbrk - extra).
 * Only when the break is still where malloc left it. Returns 1 when the
 * heap shrank.
 */
static int
systrim(struct malloc_arena *a, unsigned long pad)
{
	TRACE_FUNC(systrim, a->mm, V(pad), VN("top size", top_size(a)));
	long top_size, extra, released, top_area;
	unsigned long current_brk, new_brk;

	top_size = (long)a->top->size;
	top_area = top_size - (long)MINSIZE - 1;
	if (DECIDE("systrim.within_pad", (unsigned long)top_area <= pad, V(top_area), V(pad)))
		RETURN(0);
	/* Release in pagesize units and round down to the nearest page. */
	extra = (long)ALIGN_DOWN((unsigned long)top_area - pad, MALLOC_PAGESIZE);
	if (DECIDE("systrim.less_than_a_page", extra == 0, V(extra)))
		RETURN(0);
	current_brk = morecore(a, 0);
	if (DECIDE("systrim.brk_moved", current_brk != a->top->addr + (unsigned long)top_size, V(current_brk), VN("top end", a->top->addr + (unsigned long)top_size)))
		RETURN(0);
	morecore(a, -extra);
	new_brk = morecore(a, 0);
	released = (long)(current_brk - new_brk);
	if (DECIDE("systrim.released", new_brk != MORECORE_FAILURE && released != 0, V(released))) {
		a->system_mem -= (unsigned long)released;
		a->top->size = (unsigned long)(top_size - released);
		RETURN(1);
	}
	RETURN(0);
}

/*
 * _int_free: a chunk of the heap comes back. Into the tcache if its bin
 * has room, else into a fastbin if small, else merged with its free
 * neighbours into the unsorted bin or into the top. After a merge of
 * 64 KiB or more the fastbins are consolidated and a top of
 * trim_threshold or more is trimmed. Returns 1 when the chunk was
 * merged, 0 when it was cached.
 */
static int
int_free(struct malloc_arena *a, struct mchunk *p)
{
	TRACE_FUNC(int_free, a->mm, VN("p", p->addr), VN("size", p->size));
	struct mchunk *nextchunk, *prev;
	unsigned long size = p->size;
	unsigned tc_idx = csize2tidx(size);

	if (DECIDE("int_free.tcache", a->tcache != 0 && tc_idx < TCACHE_MAX_BINS && a->tc_counts[tc_idx] < TCACHE_FILL_COUNT, V(tc_idx), VN("tcache->counts[tc_idx]", tc_count(a, tc_idx)))) {
		tcache_put(a, p, tc_idx);
		RETURN(0);
	}
	if (DECIDE("int_free.fastbin", size <= a->max_fast, V(size), VN("max_fast", a->max_fast))) {
		a->have_fastchunks = 1;
		fastbin_push(a, p, fastbin_index(size));
		RETURN(0);
	}

	nextchunk = p->next_phys;
	/* consolidate backward */
	if (DECIDE("int_free.merge_prev", !prev_inuse(p), VN("p", p->addr))) {
		prev = p->prev_phys;
		size += prev->size;
		unlink_chunk(prev);
		chunk_merge(a, prev, p);
		p = prev;
	}
	if (DECIDE("int_free.next_is_top", nextchunk == a->top, VN("nextchunk", nextchunk->addr), VN("top", a->top->addr))) {
		/* the chunk borders the top: it becomes part of it */
		size += nextchunk->size;
		chunk_merge(a, p, nextchunk);
		p->state = CH_TOP;
		a->top = p;
	} else {
		/* consolidate forward, then into the unsorted bin */
		if (DECIDE("int_free.merge_next", nextchunk->state == CH_FREE, VN("nextchunk", nextchunk->addr), VN("nextsize", nextchunk->size))) {
			size += nextchunk->size;
			unlink_chunk(nextchunk);
			chunk_merge(a, p, nextchunk);
		}
		unsorted_push(a, p);
	}

	if (DECIDE("int_free.large", size >= FASTBIN_CONSOLIDATION_THRESHOLD, V(size))) {
		if (DECIDE("int_free.consolidate", a->have_fastchunks, VN("have_fastchunks", a->have_fastchunks)))
			malloc_consolidate(a);
		if (DECIDE("int_free.trim", a->top->size >= a->mp.trim_threshold, VN("top size", a->top->size), VN("mp_.trim_threshold", a->mp.trim_threshold)))
			systrim(a, a->mp.top_pad);
	}
	RETURN(1);
}

/* munmap_chunk: a mapped chunk goes back to the kernel whole. */
static int
munmap_chunk(struct malloc_arena *a, struct mchunk *p)
{
	TRACE_FUNC(munmap_chunk, a->mm, VN("p", p->addr), VN("size", p->size));

	a->mp.n_mmaps--;
	a->mp.mmapped_mem -= p->size;
	call_munmap(a, p->addr, p->size);
	unlink_chunk(p);
	chunk_put(a, p);
	RETURN(0);
}

/*
 * mremap_chunk: a mapped chunk resized to hold nb: the same number of
 * pages needs nothing, else mremap(MREMAP_MAYMOVE). Returns the new mem,
 * or 0 when mremap failed.
 */
static unsigned long
mremap_chunk(struct malloc_arena *a, struct mchunk *p, unsigned long new_size)
{
	TRACE_FUNC(mremap_chunk, a->mm, VN("p", p->addr), VN("size", p->size), V(new_size));
	unsigned long total_size = p->size, cp;

	/* Note the extra SIZE_SZ overhead as in sysmalloc. */
	new_size = ALIGN_UP(new_size + SIZE_SZ, MALLOC_PAGESIZE);
	if (DECIDE("mremap_chunk.same_pages", total_size == new_size, V(total_size), V(new_size)))
		RETURN(chunk2mem(p));
	cp = call_mremap(a, p->addr, total_size, new_size);
	if (DECIDE("mremap_chunk.failed", cp == MAP_FAILED_ADDR, V(cp)))
		RETURN(0UL);
	a->mp.mmapped_mem += new_size - total_size;
	p->addr = cp;
	p->size = new_size;
	RETURN(chunk2mem(p));
}

/*
 * _int_realloc: a heap chunk resized to nb. It shrinks in place; it
 * grows in place into the top or into a free chunk after it; otherwise
 * a new chunk is allocated (copied to) and the old one freed. What is
 * left over at the end, a chunk's worth, is freed. Returns mem, or 0.
 */
static unsigned long
int_realloc(struct malloc_arena *a, struct mchunk *oldp, unsigned long oldsize, unsigned long nb)
{
	TRACE_FUNC(int_realloc, a->mm, VN("oldp", oldp->addr), V(oldsize), V(nb));
	struct mchunk *next = oldp->next_phys, *newp, *remainder;
	unsigned long newsize = 0, newmem;

	if (DECIDE("int_realloc.big_enough", oldsize >= nb, V(oldsize), V(nb))) {
		newp = oldp;
		newsize = oldsize;
	} else if (DECIDE("int_realloc.into_top", next == a->top && (newsize = oldsize + next->size) >= nb + MINSIZE, V(oldsize), VN("top size", top_size(a)), V(nb))) {
		/* the top gives up its start */
		next->addr = oldp->addr + nb;
		next->size = newsize - nb;
		oldp->size = nb;
		RETURN(chunk2mem(oldp));
	} else if (DECIDE("int_realloc.into_next", next != a->top && next->state == CH_FREE && (newsize = oldsize + next->size) >= nb, V(oldsize), VN("nextsize", next->size), V(nb))) {
		newp = oldp;
		unlink_chunk(next);
		chunk_merge(a, oldp, next);
	} else {
		/* allocate, copy, free */
		newmem = int_malloc(a, nb - MALLOC_ALIGN_MASK);
		if (DECIDE("int_realloc.malloc_failed", newmem == 0, V(newmem)))
			RETURN(0UL);
		/* what follows oldp now (the top may have been split) */
		next = oldp->next_phys;
		newp = oldp;
		if (DECIDE("int_realloc.next_is_new", next != NULL && chunk2mem(next) == newmem, V(newmem))) {
			/* the new chunk is the one right after: no copy */
			newsize = oldsize + next->size;
			chunk_merge(a, oldp, next);
		} else {
			int_free(a, oldp);
			RETURN(newmem);
		}
	}

	/* If possible, free extra space in old or extended chunk */
	if (DECIDE("int_realloc.split", newsize - nb >= MINSIZE, VN("remainder_size", newsize - nb))) {
		remainder = chunk_split(a, newp, nb, CH_INUSE);
		int_free(a, remainder);
	}
	RETURN(chunk2mem(newp));
}

/*
 * tcache_init: the first malloc (or free, calloc, realloc) of a thread
 * allocates the thread's cache, tcache_perthread_struct (640 bytes: a
 * 656-byte chunk), from the arena like any request: the heap's first
 * chunk. Returns its mem, or 0.
 */
static unsigned long
tcache_init(struct malloc_arena *a)
{
	TRACE_FUNC(tcache_init, a->mm, VN("bytes", TCACHE_STRUCT_SIZE));
	unsigned long victim;

	victim = int_malloc(a, TCACHE_STRUCT_SIZE);
	if (DECIDE("tcache_init.failed", victim == 0, V(victim)))
		RETURN(0UL);
	a->tcache = victim;
	RETURN(victim);
}

/*
 * __libc_malloc: malloc(bytes). The tcache first (after creating it on
 * the first call), then _int_malloc. Returns mem, or 0.
 */
static unsigned long
libc_malloc(struct malloc_arena *a, unsigned long bytes)
{
	TRACE_FUNC(libc_malloc, a->mm, V(bytes));
	unsigned long tbytes = 0;
	unsigned tc_idx;

	if (DECIDE("libc_malloc.too_big", !checked_request2size(bytes, &tbytes), V(bytes)))
		RETURN(0UL);
	tc_idx = csize2tidx(tbytes);
	if (DECIDE("libc_malloc.tcache_init", a->tcache == 0, VN("tcache", a->tcache)))
		tcache_init(a);
	if (DECIDE("libc_malloc.tcache_hit", a->tcache != 0 && tc_idx < TCACHE_MAX_BINS && a->tc_counts[tc_idx] > 0, V(tc_idx), VN("tcache->counts[tc_idx]", tc_count(a, tc_idx))))
		RETURN(tcache_get(a, tc_idx));
	RETURN(int_malloc(a, bytes));
}

/*
 * __libc_free: free(mem). A mapped chunk is unmapped, and may raise the
 * mmap threshold to its size (and the trim threshold to twice that)
 * unless mallopt set them; a heap chunk goes to _int_free. Returns 0, or
 * -1 for a pointer that is not an allocated one (glibc would abort).
 */
static int
libc_free(struct malloc_arena *a, unsigned long mem)
{
	TRACE_FUNC(libc_free, a->mm, V(mem));
	struct mchunk *p;

	if (DECIDE("libc_free.null", mem == 0, V(mem)))
		RETURN(0);
	p = chunk_lookup(a, mem);
	if (DECIDE("libc_free.invalid_pointer", p == NULL, V(mem))) {
		a->abort_msg = "free(): invalid pointer";
		RETURN(-1);
	}
	if (DECIDE("libc_free.mmapped", p->state == CH_MMAPPED, VN("p", p->addr), VN("size", p->size))) {
		/* See if the dynamic brk/mmap threshold needs adjusting. */
		if (DECIDE("libc_free.dyn_threshold", !a->mp.no_dyn_threshold && (p->size | IS_MMAPPED) > a->mp.mmap_threshold && (p->size | IS_MMAPPED) <= DEFAULT_MMAP_THRESHOLD_MAX, VN("size", p->size), VN("mp_.mmap_threshold", a->mp.mmap_threshold), VN("mp_.no_dyn_threshold", a->mp.no_dyn_threshold))) {
			a->mp.mmap_threshold = p->size;
			a->mp.trim_threshold = 2 * a->mp.mmap_threshold;
		}
		munmap_chunk(a, p);
		RETURN(0);
	}
	if (DECIDE("libc_free.tcache_init", a->tcache == 0, VN("tcache", a->tcache)))
		tcache_init(a);
	int_free(a, p);
	RETURN(0);
}

/*
 * __libc_calloc: calloc(n, size) is _int_malloc of n * size (the tcache
 * is never used for it). Returns mem, or 0 (also when n * size does not
 * fit in a ptrdiff_t).
 */
static unsigned long
libc_calloc(struct malloc_arena *a, unsigned long n, unsigned long elem_size)
{
	TRACE_FUNC(libc_calloc, a->mm, V(n), V(elem_size));
	long bytes;

	if (DECIDE("libc_calloc.overflow", __builtin_mul_overflow(n, elem_size, &bytes), V(n), V(elem_size)))
		RETURN(0UL);
	if (DECIDE("libc_calloc.tcache_init", a->tcache == 0, VN("tcache", a->tcache)))
		tcache_init(a);
	RETURN(int_malloc(a, (unsigned long)bytes));
}

/*
 * __libc_realloc: realloc(mem, bytes). Size 0 frees, NULL mallocs. A
 * mapped chunk is remapped (or kept when it still fits, or copied to a
 * new malloc); a heap chunk goes to _int_realloc. Returns mem, 0, or
 * (unsigned long)-1 for a pointer that is not an allocated one.
 */
static unsigned long
libc_realloc(struct malloc_arena *a, unsigned long oldmem, unsigned long bytes)
{
	TRACE_FUNC(libc_realloc, a->mm, V(oldmem), V(bytes));
	struct mchunk *oldp;
	unsigned long nb = 0, newmem;

	if (DECIDE("libc_realloc.zero_frees", bytes == 0 && oldmem != 0, V(bytes), V(oldmem))) {
		if (libc_free(a, oldmem) < 0)
			RETURN(~0UL);
		RETURN(0UL);
	}
	/* realloc of null is supposed to be same as malloc */
	if (DECIDE("libc_realloc.null_mallocs", oldmem == 0, V(oldmem)))
		RETURN(libc_malloc(a, bytes));
	oldp = chunk_lookup(a, oldmem);
	if (DECIDE("libc_realloc.invalid_pointer", oldp == NULL, V(oldmem))) {
		a->abort_msg = "realloc(): invalid pointer";
		RETURN(~0UL);
	}
	if (DECIDE("libc_realloc.tcache_init", oldp->state != CH_MMAPPED && a->tcache == 0, VN("tcache", a->tcache)))
		tcache_init(a);
	if (DECIDE("libc_realloc.too_big", !checked_request2size(bytes, &nb), V(bytes)))
		RETURN(0UL);

	if (DECIDE("libc_realloc.mmapped", oldp->state == CH_MMAPPED, VN("oldp", oldp->addr), VN("oldsize", oldp->size))) {
		newmem = mremap_chunk(a, oldp, nb);
		if (DECIDE("libc_realloc.remapped", newmem != 0, V(newmem)))
			RETURN(newmem);
		/* Note the extra SIZE_SZ overhead. */
		if (DECIDE("libc_realloc.still_fits", oldp->size - SIZE_SZ >= nb, VN("oldsize", oldp->size), V(nb)))
			RETURN(oldmem);
		/* Must alloc, copy, free. */
		newmem = libc_malloc(a, bytes);
		if (DECIDE("libc_realloc.malloc_failed", newmem == 0, V(newmem)))
			RETURN(0UL);
		munmap_chunk(a, oldp);
		RETURN(newmem);
	}
	RETURN(int_realloc(a, oldp, oldp->size, nb));
}

/*
 * __libc_mallopt: mallopt(param, value) for the three parameters the
 * model knows. Every call first consolidates the fastbins. Setting any
 * of them turns the dynamic mmap threshold off. The value, an int, is
 * taken as a size_t (-1 is SIZE_MAX). Returns 1: glibc 2.36 accepts any
 * value (older versions refused an mmap threshold above 32 MiB).
 */
static int
libc_mallopt(struct malloc_arena *a, int param, int value)
{
	TRACE_FUNC(libc_mallopt, a->mm, V(param), V(value));
	unsigned long v = (unsigned long)(long)value;	/* as a size_t */

	malloc_consolidate(a);
	if (DECIDE("libc_mallopt.trim_threshold", param == MALLOC_M_TRIM_THRESHOLD, V(param))) {
		a->mp.trim_threshold = v;
		a->mp.no_dyn_threshold = 1;
		RETURN(1);
	}
	if (DECIDE("libc_mallopt.top_pad", param == MALLOC_M_TOP_PAD, V(param))) {
		a->mp.top_pad = v;
		a->mp.no_dyn_threshold = 1;
		RETURN(1);
	}
	/* M_MMAP_THRESHOLD */
	a->mp.mmap_threshold = v;
	a->mp.no_dyn_threshold = 1;
	RETURN(1);
}

/* ---- the public face ------------------------------------------------------ */

struct malloc_arena *
malloc_arena_new(void)
{
	struct malloc_arena *a = calloc(1, sizeof *a);
	int i;

	if (a == NULL)
		return NULL;
	/* ptmalloc_init, malloc_init_state */
	a->mp.mmap_threshold = DEFAULT_MMAP_THRESHOLD;
	a->mp.trim_threshold = DEFAULT_TRIM_THRESHOLD;
	a->mp.top_pad = DEFAULT_TOP_PAD;
	a->mp.n_mmaps_max = DEFAULT_MMAP_MAX;
	/* set_max_fast(DEFAULT_MXFAST) */
	a->max_fast = (DEFAULT_MXFAST + SIZE_SZ) & ~MALLOC_ALIGN_MASK;
	a->contiguous = 1;
	for (i = 0; i < NBINS; i++)
		a->bins[i].fd = a->bins[i].bk = &a->bins[i];
	a->mmapped.fd = a->mmapped.bk = &a->mmapped;
	a->error = "";
	return a;
}

/* The copy of p (or of a list head) in the arena being built. */
static struct mchunk *
clone_of(const struct malloc_arena *src, struct malloc_arena *dst,
    const struct mchunk *p)
{
	if (p == NULL)
		return NULL;
	if (p >= src->bins && p < src->bins + NBINS)
		return &dst->bins[p - src->bins];
	if (p == &src->mmapped)
		return &dst->mmapped;
	return p->copy;
}

struct malloc_arena *
malloc_arena_clone(const struct malloc_arena *src)
{
	struct malloc_arena *dst = calloc(1, sizeof *dst);
	struct mchunk *p, *c;
	int i;

	if (dst == NULL)
		return NULL;
	*dst = *src;
	dst->first = dst->last = dst->spare = NULL;
	dst->nspare = 0;
	dst->texts = NULL;
	dst->ntexts = dst->textcap = 0;
	dst->sys = NULL;
	dst->nsys = dst->syscap = 0;
	dst->error = "";
	dst->mmapped.fd = dst->mmapped.bk = &dst->mmapped;
	/* every header gets its copy: the heap in order, then the mapped */
	for (p = src->first; p != NULL; p = p->next_phys) {
		if ((c = malloc(sizeof *c)) == NULL)
			goto fail;
		*c = *p;
		p->copy = c;
		phys_insert_after(dst, NULL, c);
	}
	for (p = src->mmapped.bk; p != &src->mmapped; p = p->bk) {
		if ((c = malloc(sizeof *c)) == NULL)
			goto fail;
		*c = *p;
		bin_link(&dst->mmapped, dst->mmapped.fd, c);
	}
	/* then the links between them */
	for (p = src->first; p != NULL; p = p->next_phys) {
		p->copy->fd = clone_of(src, dst, p->fd);
		p->copy->bk = clone_of(src, dst, p->bk);
	}
	for (i = 0; i < NBINS; i++) {
		dst->bins[i].fd = clone_of(src, dst, src->bins[i].fd);
		dst->bins[i].bk = clone_of(src, dst, src->bins[i].bk);
	}
	for (i = 0; i < NFASTBINS; i++)
		dst->fastbin[i] = clone_of(src, dst, src->fastbin[i]);
	for (i = 0; i < TCACHE_MAX_BINS; i++)
		dst->tc_entries[i] = clone_of(src, dst, src->tc_entries[i]);
	dst->top = clone_of(src, dst, src->top);
	if (src->nsys > 0) {
		if ((dst->sys = malloc(src->nsys * sizeof *dst->sys)) == NULL)
			goto fail;
		memcpy(dst->sys, src->sys, src->nsys * sizeof *dst->sys);
		dst->nsys = dst->syscap = src->nsys;
	}
	return dst;
fail:
	/* the list heads still point into src: unlink nothing, free all */
	for (i = 0; i < NBINS; i++)
		dst->bins[i].fd = dst->bins[i].bk = &dst->bins[i];
	dst->top = NULL;
	malloc_arena_free(dst);
	return NULL;
}

void
malloc_arena_free(struct malloc_arena *a)
{
	struct mchunk *p, *next;
	size_t i;

	if (a == NULL)
		return;
	for (p = a->first; p != NULL; p = next) {
		next = p->next_phys;
		free(p);
	}
	for (p = a->mmapped.fd; p != &a->mmapped; p = next) {
		next = p->fd;
		free(p);
	}
	for (p = a->spare; p != NULL; p = next) {
		next = p->fd;
		free(p);
	}
	for (i = 0; i < a->ntexts; i++)
		free(a->texts[i]);
	free(a->texts);
	free(a->sys);
	free(a);
}

/* Every call: the engine to use, no message, headers in reserve. */
static int
call_begin(struct malloc_arena *a, struct mm *mm)
{
	a->mm = mm;
	a->abort_msg = NULL;
	a->error = "";
	if (chunk_reserve(a) < 0) {
		a->error = "the model is out of memory";
		return -1;
	}
	return 0;
}

/* After it: a glibc abort becomes the call's failure. */
static int
call_failed(struct malloc_arena *a)
{
	char buf[256];

	if (a->abort_msg == NULL)
		return 0;
	snprintf(buf, sizeof buf, "%s: glibc would abort the program here; "
	    "the model ignores the call", a->abort_msg);
	if ((a->error = arena_keep(a, buf)) == NULL)
		a->error = a->abort_msg;
	return 1;
}

unsigned long
malloc_do_malloc(struct malloc_arena *a, struct mm *mm, unsigned long bytes)
{
	unsigned long r;

	if (call_begin(a, mm) < 0)
		return ~0UL;
	r = libc_malloc(a, bytes);
	return call_failed(a) ? ~0UL : r;
}

int
malloc_do_free(struct malloc_arena *a, struct mm *mm, unsigned long mem)
{
	int r;

	if (call_begin(a, mm) < 0)
		return -1;
	r = libc_free(a, mem);
	return call_failed(a) ? -1 : r;
}

unsigned long
malloc_do_calloc(struct malloc_arena *a, struct mm *mm, unsigned long n,
    unsigned long size)
{
	unsigned long r;

	if (call_begin(a, mm) < 0)
		return ~0UL;
	r = libc_calloc(a, n, size);
	return call_failed(a) ? ~0UL : r;
}

unsigned long
malloc_do_realloc(struct malloc_arena *a, struct mm *mm, unsigned long mem,
    unsigned long bytes)
{
	unsigned long r;

	if (call_begin(a, mm) < 0)
		return ~0UL;
	r = libc_realloc(a, mem, bytes);
	return call_failed(a) ? ~0UL : r;
}

int
malloc_do_mallopt(struct malloc_arena *a, struct mm *mm, int param,
    int value)
{
	int r;

	if (param != MALLOC_M_TRIM_THRESHOLD && param != MALLOC_M_TOP_PAD &&
	    param != MALLOC_M_MMAP_THRESHOLD) {
		a->error = "mallopt: only M_TRIM_THRESHOLD, M_TOP_PAD and "
		    "M_MMAP_THRESHOLD are modelled";
		return -1;
	}
	if (call_begin(a, mm) < 0)
		return -1;
	r = libc_mallopt(a, param, value);
	return call_failed(a) ? -1 : r;
}

const char *
malloc_arena_error(const struct malloc_arena *a)
{
	return a->error != NULL ? a->error : "";
}

const struct malloc_par *
malloc_arena_par(const struct malloc_arena *a)
{
	return &a->mp;
}

unsigned long
malloc_arena_top(const struct malloc_arena *a, unsigned long *size)
{
	if (size != NULL)
		*size = top_size(a);
	return a->top != NULL ? a->top->addr : 0;
}

unsigned long
malloc_arena_usable(const struct malloc_arena *a, unsigned long mem)
{
	const struct mchunk *p = chunk_lookup(a, mem);

	if (p == NULL)
		return 0;
	/* a mapped chunk has no next chunk whose prev_size it can use */
	if (p->state == CH_MMAPPED)
		return p->size - CHUNK_HDR_SZ;
	return p->size - SIZE_SZ;
}

const struct malloc_sys *
malloc_arena_syscalls(const struct malloc_arena *a, size_t *n)
{
	*n = a->nsys;
	return a->sys;
}
