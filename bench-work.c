/*
 * bench-work.c - vmalab bench's workload, and the engine's runs of it.
 *
 * For each size n an x86_64 top-down address space is built as a process
 * after exec has it (a program, its heap, two libraries, the vdso, the
 * stack) plus enough mappings of 1 to 4 pages, of alternating protection
 * so that none merge, to make n VMAs. Then one mixed workload, drawn once
 * from the seed, is played on copies of it:
 *
 *   40%  munmap of a mapping drawn at random among the live ones
 *   40%  mmap(NULL, ...) of the same size and protection, which the
 *        top-down search finds in the hole just made (the highest one)
 *   20%  brk, up or down by 1 to 4 pages
 *
 * so that the count stays at n (a VMA comes and goes) while every mmap
 * walks the tree to a hole anywhere in the address space. The runs:
 *
 *   engine      untraced (mm->trace NULL)
 *   by kind     untraced, each call timed by itself (less what reading
 *               the clock costs): mmap, munmap and brk apart
 *   traced      into memory, a trace_rec sink: the recording the viewers
 *               decode, written and not decoded, and cleared after each
 *               call as `vmalab run` does
 *   counted     untraced, the calls alone inside bench_work_counted, for
 *               the instruction counters of bench-insn.c
 *   visits      with a counting sink: the events (the traced run's
 *               count), and the nodes unmapped_area_topdown visits per
 *               search (each assignment of `vma` in its walk)
 *
 * and the search alone is timed on the final address space, for the
 * workload's request sizes: unmapped_area_topdown (the augmented tree)
 * against a linear scan of the VMA list from the top (first fit in the
 * search's direction), which must give the same answers.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "tui/tui.h"
#include "vmalab.h"

#define P		PAGE_SIZE

/* ---- the workload ------------------------------------------------------ */

#define BENCH_PROT(w, slot) \
	(PROT_READ | ((w)->writable[slot] ? PROT_WRITE : 0))


struct bench_rng {
	uint64_t	 s;
};

static uint64_t
bench_work_rnd64(struct bench_rng *r)
{
	return splitmix64(&r->s);
}

static unsigned long
bench_work_rnd(struct bench_rng *r, unsigned long n)
{
	return n == 0 ? 0 : (unsigned long)(bench_work_rnd64(r) % n);
}

static void
bench_work_workload_free(struct bench_workload *w)
{
	free(w->ops);
	free(w->pages);
	free(w->writable);
	memset(w, 0, sizeof(*w));
}

/*
 * Draws the workload over `nfill` fill slots: their sizes (protections
 * alternate), which live slot each munmap takes (uniformly), and the brk
 * steps. An mmap follows each munmap (brk calls may come between) and
 * takes the freed slot's size and protection: with one hole at a time,
 * the hole is the highest free space that fits, so the new mapping fills
 * it exactly and merges with neither neighbour. The calls refer to
 * slots, not addresses: each player keeps its own slot -> address table.
 * Returns 0, or -1 when out of memory.
 */
static int
bench_work_draw(struct bench_workload *w, size_t nfill, size_t nops,
    uint64_t seed)
{
	struct bench_rng r = { seed * 0x100000001b3ULL + nfill };
	uint32_t *live;
	size_t nlive = nfill, i, k, hole = 0, cap = nfill + nops;
	int have_hole = 0;
	long heap = 0;

	memset(w, 0, sizeof(*w));
	w->ops = calloc(nops, sizeof(*w->ops));
	w->pages = malloc(cap);
	w->writable = malloc(cap);
	live = calloc(cap, sizeof(*live));
	if (w->ops == NULL || w->pages == NULL || w->writable == NULL ||
	    live == NULL) {
		bench_work_workload_free(w);
		free(live);
		return -1;
	}
	for (i = 0; i < nfill; i++) {
		live[i] = (uint32_t)i;
		w->pages[i] = (uint8_t)(1 + bench_work_rnd(&r, 4));
		w->writable[i] = (uint8_t)(i % 2);
	}
	w->nfill = w->nslots = nfill;
	for (i = 0; i < nops; i++) {
		struct bench_op *op = &w->ops[i];

		if (bench_work_rnd(&r, 100) < 20) {
			op->kind = BENCH_OP_BRK;
			op->pages = (int8_t)(1 + bench_work_rnd(&r, 4));
			if (heap >= 16 || (heap > 0 && bench_work_rnd(&r, 2)))
				op->pages = (int8_t)-(op->pages > heap ?
				    heap : op->pages);
			heap += op->pages;
		} else if (!have_hole) {
			op->kind = BENCH_OP_MUNMAP;
			k = bench_work_rnd(&r, nlive);
			op->slot = live[k];
			op->pages = (int8_t)w->pages[op->slot];
			hole = op->slot;
			have_hole = 1;
			live[k] = live[--nlive];
		} else {
			op->kind = BENCH_OP_MMAP;
			op->slot = (uint32_t)w->nslots++;
			w->pages[op->slot] = w->pages[hole];
			w->writable[op->slot] = w->writable[hole];
			op->pages = (int8_t)w->pages[hole];
			op->writable = w->writable[hole];
			live[nlive++] = op->slot;
			have_hole = 0;
		}
	}
	w->nops = nops;
	free(live);
	return 0;
}

/*
 * Fill mapping i of `extra + nfill` (the extra ones first, then the
 * slots): its size and protection. The extra ones are one page each;
 * protections alternate through the boundary, so that nothing merges.
 */
void
bench_work_fill_shape(const struct bench_workload *w, long extra, long i,
    unsigned long *len, unsigned long *prot)
{
	if (i >= extra) {
		*len = w->pages[i - extra] * P;
		*prot = BENCH_PROT(w, (size_t)(i - extra));
	} else {
		*len = P;
		*prot = PROT_READ | ((extra - i) % 2 ? PROT_WRITE : 0);
	}
}

/* ---- the engine ---------------------------------------------------------- */

static uint64_t
bench_work_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000U + (uint64_t)ts.tv_nsec;
}

double
bench_work_now(void)
{
	return (double)bench_work_ns() / 1e9;
}

/*
 * What timing one call costs by itself: the least of many readings of
 * the clock back to back. Taken off each call's time in the split.
 */
double
bench_work_clock_cost(void)
{
	uint64_t a, b, least = UINT64_MAX;
	int i;

	for (i = 0; i < 20000; i++) {
		a = bench_work_ns();
		b = bench_work_ns();
		if (b - a < least)
			least = b - a;
	}
	return (double)least;
}

#define F_R	(VM_READ | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define F_RX	(F_R | VM_EXEC)
#define F_RW	(F_R | VM_WRITE | VM_ACCOUNT)

/*
 * A process as exec leaves it, its libraries packed up to mmap_base (so
 * that the fill below them starts at a file mapping and merges with
 * nothing); returns its VMA count, or -1.
 */
static int
bench_work_exec_layout(struct mm *mm)
{
	static const struct {
		unsigned long	 start, pages, flags, pgoff;
		const char	*file;
	} v[] = {
		{ 0x555555554000UL, 1, F_R, 0, "/usr/bin/bench" },
		{ 0x555555555000UL, 2, F_RX, 1, "/usr/bin/bench" },
		{ 0x555555557000UL, 1, F_R, 3, "/usr/bin/bench" },
		{ 0x555555558000UL, 1, F_RW, 3, "/usr/bin/bench" },
		{ 0x555555559000UL, 33, F_RW, 0, NULL },	/* [heap] */
		{ 0x7ffff7dd0000UL, 38, F_R, 0, "/usr/lib/libc.so.6" },
		{ 0x7ffff7df6000UL, 341, F_RX, 38, "/usr/lib/libc.so.6" },
		{ 0x7ffff7f4b000UL, 83, F_R, 379, "/usr/lib/libc.so.6" },
		{ 0x7ffff7f9e000UL, 4, F_R, 461, "/usr/lib/libc.so.6" },
		{ 0x7ffff7fa2000UL, 2, F_RW, 465, "/usr/lib/libc.so.6" },
		{ 0x7ffff7fa4000UL, 31, F_RW, 0, NULL },
		{ 0x7ffff7fc3000UL, 4, F_R | VM_DONTEXPAND, 0, NULL }, /* [vvar] */
		{ 0x7ffff7fc7000UL, 2, F_RX | VM_DONTEXPAND, 0, NULL }, /* [vdso] */
		{ 0x7ffff7fc9000UL, 1, F_R, 0, "/usr/lib/ld.so" },
		{ 0x7ffff7fca000UL, 37, F_RX, 1, "/usr/lib/ld.so" },
		{ 0x7ffff7fef000UL, 12, F_R, 38, "/usr/lib/ld.so" },
		{ 0x7ffff7ffb000UL, 2, F_R, 50, "/usr/lib/ld.so" },
		{ 0x7ffff7ffd000UL, 2, F_RW, 52, "/usr/lib/ld.so" },
		{ 0x7ffffffde000UL, 33, F_RW | VM_GROWSDOWN, 0, NULL },
	};
	const char *err;
	size_t i;

	mm_setup_layout(mm, LAYOUT_TOPDOWN, 0);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		unsigned long pgoff = v[i].file != NULL ? v[i].pgoff :
		    v[i].start >> PAGE_SHIFT;

		if (mm_add_vma(mm, v[i].start, v[i].start + v[i].pages * P,
		    v[i].flags, pgoff, v[i].file != NULL ?
		    mm_file(mm, v[i].file) : NULL, NULL, &err) == NULL)
			return -1;
	}
	mm->start_code = 0x555555554000UL;
	mm->start_data = 0x555555558000UL;
	mm->end_data = 0x555555558010UL;
	mm->start_brk = 0x555555559000UL;
	mm->brk = 0x55555557a000UL;
	mm->start_stack = 0x7fffffffe000UL;
	return mm->map_count;
}

/* One call of the workload on an engine mm. */
static inline void
bench_work_op(struct mm *mm, const struct bench_op *op,
    unsigned long *slots, unsigned long *errors)
{
	unsigned long res;

	switch (op->kind) {
	case BENCH_OP_MMAP:
		res = sys_mmap(mm, 0, BENCH_OP_LEN(op), BENCH_OP_PROT(op),
		    MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
		slots[op->slot] = IS_ERR_VALUE(res) ? 0 : res;
		*errors += IS_ERR_VALUE(res);
		break;
	case BENCH_OP_MUNMAP:
		if (slots[op->slot] != 0)
			*errors += sys_munmap(mm, slots[op->slot],
			    BENCH_OP_LEN(op)) != 0;
		break;
	case BENCH_OP_BRK:
		res = mm->brk + (unsigned long)((long)op->pages * (long)P);
		*errors += sys_brk(mm, res) != res;
		break;
	}
}

/* The untraced run timed call by call: time and count by kind of call. */
struct bench_split {
	double		 ns[3];		/* by enum bench_op_kind, as timed */
	unsigned long	 n[3];
};

static void
bench_work_visit_event(void *ctx, const struct trace_event *ev)
{
	struct bench_visits *v = ctx;

	v->events++;
	if (ev->func == NULL || strcmp(ev->func, "unmapped_area_topdown") != 0)
		return;
	switch (ev->kind) {
	case TRACE_CALL:
		v->in_search = 1;
		v->cur = 0;
		break;
	case TRACE_VALUE:
		if (v->in_search && ev->text != NULL &&
		    strcmp(ev->text, "vma") == 0)
			v->cur++;
		break;
	case TRACE_DECIDE:
		/* Each test of up_from_right follows a step up. */
		if (v->in_search && ev->decision != NULL && strcmp(
		    ev->decision->id, "unmapped_area_topdown.up_from_right") == 0)
			v->climbs++;
		break;
	case TRACE_RETURN:
		if (!v->in_search)
			break;
		v->in_search = 0;
		v->searches++;
		v->total += v->cur;
		if (v->cur > v->max)
			v->max = v->cur;
		break;
	default:
		break;
	}
}

enum bench_mode {
	MODE_PLAIN, MODE_TRACED, MODE_DECODED, MODE_VISITS, MODE_SPLIT
};

/*
 * Plays the workload on a copy of `base` (slots from `fill`); returns the
 * seconds taken, or -1 when out of memory. MODE_VISITS counts into
 * `visits`, MODE_SPLIT times each call into `split` (adding to it).
 */
static double
bench_work_run(const struct mm *base, const struct bench_workload *w,
    const unsigned long *fill, enum bench_mode mode,
    struct bench_visits *visits, struct bench_split *split,
    unsigned long *errors, int *map_count)
{
	struct trace t;
	struct trace_rec rec;
	unsigned long *slots;
	struct mm *mm;
	double t0, t1;
	size_t i;

	if ((mm = mm_clone(base)) == NULL ||
	    (slots = calloc(w->nslots, sizeof(*slots))) == NULL) {
		mm_free(mm);
		return -1;
	}
	memcpy(slots, fill, w->nfill * sizeof(*slots));
	trace_rec_init(&rec);
	memset(&t, 0, sizeof(t));
	if (mode == MODE_TRACED || mode == MODE_DECODED) {
		trace_rec_sink(&t, &rec);
		mm_trace_attach(mm, &t);
	} else if (mode == MODE_VISITS) {
		memset(visits, 0, sizeof(*visits));
		t.event = bench_work_visit_event;
		t.ctx = visits;
		mm_trace_attach(mm, &t);
	}
	*errors = 0;
	t0 = bench_work_now();
	if (mode == MODE_TRACED || mode == MODE_DECODED) {
		for (i = 0; i < w->nops && !rec.failed; i++) {
			trace_rec_clear(&rec);
			bench_work_op(mm, &w->ops[i], slots, errors);
			if (mode == MODE_DECODED)
				(void)trace_rec_decode(&rec);
		}
	} else if (mode == MODE_SPLIT) {
		for (i = 0; i < w->nops; i++) {
			uint64_t a = bench_work_ns();

			bench_work_op(mm, &w->ops[i], slots, errors);
			split->ns[w->ops[i].kind] += (double)(bench_work_ns() - a);
			split->n[w->ops[i].kind]++;
		}
	} else {
		for (i = 0; i < w->nops; i++)
			bench_work_op(mm, &w->ops[i], slots, errors);
	}
	t1 = bench_work_now();
	if (rec.failed)
		t1 = t0 - 1;
	*map_count = mm->map_count;
	trace_rec_free(&rec);
	free(slots);
	mm_free(mm);
	return t1 - t0;
}

/*
 * The calls alone, in a function of their own: what the instruction
 * counters see. callgrind collects inside it by name (bench-insn.c), so
 * it stays a function of its own, never inlined into its caller.
 */
__attribute__((noinline)) void
bench_work_counted(struct mm *mm, const struct bench_op *ops, size_t n,
    unsigned long *slots, unsigned long *errors)
{
	size_t i;

	for (i = 0; i < n; i++)
		bench_work_op(mm, &ops[i], slots, errors);
}

int
bench_work_count(struct bench_size *bs, size_t ncalls, void (*on)(void *),
    void (*off)(void *), void *ctx)
{
	unsigned long *slots = NULL, errors = 0;
	struct mm *mm;

	if (ncalls > bs->w.nops)
		ncalls = bs->w.nops;
	if ((mm = mm_clone(bs->base)) == NULL ||
	    (slots = calloc(bs->w.nslots, sizeof(*slots))) == NULL) {
		mm_free(mm);
		return -1;
	}
	memcpy(slots, bs->fill, (size_t)bs->nfill * sizeof(*slots));
	if (on != NULL)
		on(ctx);
	bench_work_counted(mm, bs->w.ops, ncalls, slots, &errors);
	if (off != NULL)
		off(ctx);
	free(slots);
	mm_free(mm);
	return 0;
}

/* ---- the search alone: tree against list ---------------------------------- */

/*
 * The answer of unmapped_area_topdown, found by walking the VMA list
 * down from the last VMA: the highest gap below high_limit that holds
 * the request, or -ENOMEM. The baseline the augmented tree is measured
 * against.
 */
static unsigned long
bench_work_linear_topdown(struct mm *mm,
    const struct vm_unmapped_area_info *info)
{
	unsigned long length = info->length + info->align_mask;
	unsigned long high_limit, low_limit, gap_start, gap_end;
	struct rb_node *last;
	struct vma *vma;

	if (length < info->length || info->high_limit < length)
		return -ENOMEM;
	high_limit = info->high_limit - length;
	if (info->low_limit > high_limit)
		return -ENOMEM;
	low_limit = info->low_limit + length;
	if (mm->highest_vm_end <= high_limit) {
		gap_end = info->high_limit;
		goto found;
	}
	if ((last = rb_last(&mm->mm_rb)) == NULL)
		return -ENOMEM;
	for (vma = rb_entry(last, struct vma, vm_rb); vma != NULL;
	    vma = vma->vm_prev) {
		gap_start = vma->vm_prev != NULL ? vm_end_gap(vma->vm_prev) : 0;
		gap_end = vm_start_gap(vma);
		if (gap_end < low_limit)
			return -ENOMEM;
		if (gap_start <= high_limit && gap_end > gap_start &&
		    gap_end - gap_start >= length) {
			if (gap_end > info->high_limit)
				gap_end = info->high_limit;
			goto found;
		}
	}
	return -ENOMEM;
found:
	gap_end -= info->length;
	return gap_end - ((gap_end - info->align_offset) & info->align_mask);
}


static volatile unsigned long bench_work_sink;

/* Times BENCH_NQUERY searches of the workload's sizes both ways. */
static void
bench_work_search(struct mm *mm, uint64_t seed, struct bench_search *out)
{
	struct vm_unmapped_area_info info[BENCH_NQUERY];
	unsigned long res[BENCH_NQUERY];
	struct bench_rng r = { seed ^ 0x5eed };
	double t0, t1, t2;
	size_t i;
	int rep;

	memset(info, 0, sizeof(info));
	for (i = 0; i < BENCH_NQUERY; i++) {
		info[i].flags = VM_UNMAPPED_AREA_TOPDOWN;
		info[i].length = (1 + bench_work_rnd(&r, 4)) * P;
		info[i].low_limit = PAGE_SIZE;
		info[i].high_limit = mm->mmap_base;
	}
	out->tree_ns = out->linear_ns = 1e30;
	out->mismatches = 0;
	for (rep = 0; rep < 3; rep++) {
		t0 = bench_work_now();
		for (i = 0; i < BENCH_NQUERY; i++)
			res[i] = unmapped_area_topdown(mm, &info[i]);
		t1 = bench_work_now();
		for (i = 0; i < BENCH_NQUERY; i++) {
			unsigned long l = bench_work_linear_topdown(mm, &info[i]);

			bench_work_sink += l;
			if (rep == 0 && l != res[i])
				out->mismatches++;
		}
		t2 = bench_work_now();
		if ((t1 - t0) * 1e9 / BENCH_NQUERY < out->tree_ns)
			out->tree_ns = (t1 - t0) * 1e9 / BENCH_NQUERY;
		if ((t2 - t1) * 1e9 / BENCH_NQUERY < out->linear_ns)
			out->linear_ns = (t2 - t1) * 1e9 / BENCH_NQUERY;
	}
}


/* ---- one size ------------------------------------------------------------ */

void
bench_work_free(struct bench_size *bs)
{
	free(bs->fill);
	bench_work_workload_free(&bs->w);
	mm_free(bs->base);
	memset(bs, 0, sizeof(*bs));
}

/*
 * bench_work_prepare: the workload for n VMAs and the engine's address space
 * filled to n. Returns 0, or -1 with a message.
 */
int
bench_work_prepare(long n, long reserve, size_t nops, uint64_t seed,
    struct bench_size *bs, struct bench_row *row)
{
	unsigned long res, len, prot;
	int nbase;
	long i, extra;

	memset(bs, 0, sizeof(*bs));
	memset(row, 0, sizeof(*row));
	row->n = n;
	row->nops = nops;
	row->engine_s = row->traced_s = row->decoded_s = 1e30;
	row->split_ns[0] = row->split_ns[1] = row->split_ns[2] = 1e30;
	if ((bs->base = mm_new(arch_find("x86_64"))) == NULL ||
	    (nbase = bench_work_exec_layout(bs->base)) < 0)
		goto oom;
	/*
	 * The workload's own fill leaves `reserve` VMAs to the process: the
	 * engine's exec layout and extra pages here, the live process's
	 * libraries in the kernel's child.
	 */
	bs->nfill = n - (reserve > nbase ? reserve : nbase);
	if (bs->nfill < 1) {
		vmalab_error("bench: %ld VMAs is too few (the process alone "
		    "has %ld)", n, reserve);
		goto fail;
	}
	if (bench_work_draw(&bs->w, (size_t)bs->nfill, nops, seed) != 0 ||
	    (bs->fill = calloc((size_t)bs->nfill, sizeof(*bs->fill))) == NULL)
		goto oom;
	extra = n - nbase - bs->nfill;
	for (i = 0; i < extra + bs->nfill; i++) {
		bench_work_fill_shape(&bs->w, extra, i, &len, &prot);
		res = sys_mmap(bs->base, 0, len, prot,
		    MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
		if (IS_ERR_VALUE(res)) {
			vmalab_error("bench: the engine's fill failed at "
			    "mapping %ld of %ld", i + 1, extra + bs->nfill);
			goto fail;
		}
		if (i >= extra)
			bs->fill[i - extra] = res;
	}
	row->vmas = bs->base->map_count;
	return 0;
oom:
	vmalab_error("bench: out of memory");
fail:
	bench_work_free(bs);
	return -1;
}

/*
 * bench_work_play: one run of the workload untraced, traced, and traced and
 * decoded, each kept when it is the best so far; then one untraced with
 * each call timed, whose mean per kind is kept when the best so far.
 * Returns 0, or -1 when out of memory.
 */
int
bench_work_play(struct bench_size *bs, struct bench_row *row)
{
	static const enum bench_mode modes[] = {
		MODE_PLAIN, MODE_TRACED, MODE_DECODED,
	};
	double *best[] = { &row->engine_s, &row->traced_s, &row->decoded_s };
	struct bench_split split;
	unsigned long errors;
	int vmas;
	size_t i;
	double s;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		s = bench_work_run(bs->base, &bs->w, bs->fill, modes[i], NULL,
		    NULL, &errors, &vmas);
		if (s < 0)
			return -1;
		if (s < *best[i])
			*best[i] = s;
		if (modes[i] == MODE_PLAIN) {
			row->engine_errors = errors;
			row->vmas_end = vmas;
		}
	}
	/* The same again, each call timed by itself: what each kind costs. */
	memset(&split, 0, sizeof(split));
	if (bench_work_run(bs->base, &bs->w, bs->fill, MODE_SPLIT, NULL,
	    &split, &errors, &vmas) < 0)
		return -1;
	for (i = 0; i < 3; i++) {
		if (split.n[i] == 0)
			continue;
		s = split.ns[i] / (double)split.n[i] - row->clock_ns;
		if (s < 0)
			s = 0;
		if (s < row->split_ns[i])
			row->split_ns[i] = s;
	}
	return 0;
}

/*
 * bench_work_finish: the figures timed once (visits, the search alone, the live
 * kernel), then the size is freed. Returns 0, or -1 with a message.
 */
int
bench_work_finish(struct bench_size *bs, uint64_t seed, int kernel,
    struct bench_row *row)
{
	struct mm *end = NULL;
	unsigned long *slots = NULL, errors;
	int vmas;
	size_t k;

	if (bench_work_run(bs->base, &bs->w, bs->fill, MODE_VISITS,
	    &row->visits, NULL, &errors, &vmas) < 0)
		goto oom;
	row->events = row->visits.events;
	/* The search alone, on the state the workload leaves. */
	if ((end = mm_clone(bs->base)) == NULL ||
	    (slots = calloc(bs->w.nslots, sizeof(*slots))) == NULL)
		goto oom;
	memcpy(slots, bs->fill, (size_t)bs->nfill * sizeof(*slots));
	for (k = 0; k < bs->w.nops; k++)
		bench_work_op(end, &bs->w.ops[k], slots, &errors);
	bench_work_search(end, seed, &row->search);
	free(slots);
	mm_free(end);

	if (kernel)
		bench_live_kernel(&bs->w, row->n, &row->kernel);
	else
		snprintf(row->kernel.why, sizeof(row->kernel.why),
		    "--no-kernel");
	bench_work_free(bs);
	return 0;
oom:
	free(slots);
	mm_free(end);
	vmalab_error("bench: out of memory");
	bench_work_free(bs);
	return -1;
}


/* ---- the stepper's frame --------------------------------------------------- */

static int
bench_work_dcmp(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

/* 2000 one-page mappings that cannot merge, then the same again. */
static char *
bench_work_frame_text(int pages)
{
	size_t cap = (size_t)pages * 80 + 256, n;
	char *t;
	int i;

	if ((t = malloc(cap)) == NULL)
		return NULL;
	n = (size_t)snprintf(t, cap, "%% arch x86_64\n%% layout topdown\n"
	    "555555554000-555555556000 r-xp 00000000 fe:01 1 /usr/bin/b\n"
	    "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0 [stack]\n");
	for (i = 0; i < pages && n < cap; i++)
		n += (size_t)snprintf(t + n, cap - n, "mmap(NULL, 4096, %s, "
		    "MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n", i % 2 ?
		    "PROT_READ" : "PROT_READ|PROT_WRITE");
	return t;
}

int
bench_work_frame(int frames, double *median, double *worst, int *nvmas)
{
	struct tui_opts o = { .w = 200, .h = 50 };
	struct scenario sc;
	struct tui_app app;
	struct run r;
	double *t = NULL, t0;
	char err[512], *text;
	uint64_t n;
	int i, rc = -1;

	if ((text = bench_work_frame_text(2000)) == NULL ||
	    (t = calloc((size_t)frames, sizeof *t)) == NULL) {
		free(text);
		vmalab_error("out of memory");
		return -1;
	}
	if (scenario_parse_string(text, "frame.scn", &sc, err,
	    sizeof err) < 0) {
		vmalab_error("%s", err);
		goto out;
	}
	if (run_start(&r, &sc, NULL, err, sizeof err) < 0) {
		vmalab_error("%s", err);
		scenario_free(&sc);
		goto out;
	}
	if (tui_app_init(&app, &r, &o) < 0) {
		vmalab_error("%s", app.m.err);
		goto end;
	}
	n = tui_model_nsteps(&app.m);
	for (i = 0; i < frames; i++) {
		/* Spread over the run, the later half (big trees) twice. */
		if (tui_model_seek(&app.m, n / 2 + (n / 2) * (uint64_t)i /
		    (uint64_t)frames) < 0) {
			vmalab_error("%s", app.m.err);
			tui_app_free(&app);
			goto end;
		}
		t0 = bench_work_now();
		tui_app_draw(&app, 200, 50);
		t[i] = (bench_work_now() - t0) * 1e3;
	}
	qsort(t, (size_t)frames, sizeof *t, bench_work_dcmp);
	*median = t[frames / 2];
	*worst = t[frames - 1];
	*nvmas = (int)app.m.v.snap.count;
	tui_app_free(&app);
	rc = 0;
end:
	run_end(&r);
	scenario_free(&sc);
out:
	free(t);
	free(text);
	return rc;
}
