/*
 * grade-check.c - the test bodies the labs' tables point at: pictures of
 * address spaces, search cases (labs 3 and 4), random cases, the
 * efficiency measure, the gap and callback tests (lab 2), brk cases
 * (lab 5) and whole scenarios replayed through the engine.
 *
 * Each runs in a test child (grade.c), says what went wrong through
 * grade_say, and returns 1 for a pass. Memory is not freed on the paths
 * that end a test: the child exits right after.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "grade-int.h"
#include "trace/i18n.h"
#include "grade-sys.h"
#include "run/run.h"
#include "input/scenario.h"

#define VM_RW	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | \
		 VM_ACCOUNT)
#define VM_RO	(VM_READ | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)

#define REC_MAX	200000		/* events kept of one run */

/* ---- randomness (splitmix64: a seed means the same everywhere) ---------- */

static uint64_t
rng_next(uint64_t *s)
{
	return splitmix64(s);
}

static unsigned long
rnd(uint64_t *s, unsigned long n)
{
	return n == 0 ? 0 : (unsigned long)(rng_next(s) % n);
}

/* ---- pictures ------------------------------------------------------------- */

static unsigned long
pic_flags(char c)
{
	if (c == '#')
		return VM_RW | VM_GROWSDOWN;
	if (c >= 'a' && c <= 'z')
		return VM_RO;
	return VM_RW;
}

static int
pic_free(char c)
{
	return c == ' ' || c == '.';
}

struct mm *
grade_pic_mm(const char *pic, unsigned long base, unsigned long unit,
    int layout, char *err, size_t errlen)
{
	struct mm *mm = mm_new(NULL);
	const char *e = NULL;
	size_t i = 0, j, n = strlen(pic);
	unsigned long start;

	if (mm == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	mm_setup_layout(mm, layout, 0);
	while (i < n) {
		if (pic_free(pic[i])) {
			i++;
			continue;
		}
		for (j = i; j < n && pic[j] == pic[i]; j++)
			;
		start = base + i * unit;
		if (mm_add_vma(mm, start, base + j * unit, pic_flags(pic[i]),
		    start >> PAGE_SHIFT, NULL, NULL, &e) == NULL) {
			snprintf(err, errlen, "picture \"%s\": %s", pic, e);
			mm_free(mm);
			return NULL;
		}
		if (pic[i] == 'H') {
			mm->start_brk = start;
			mm->brk = base + j * unit;
		} else if (mm->brk == 0)
			mm->start_brk = mm->brk = base + j * unit;
		i = j;
	}
	return mm;
}

/*
 * The columns `s` takes on a terminal. A Korean or Japanese label's
 * characters are two columns wide, and printf's %-14s counts bytes, so
 * the picture would slip out of line: measured with wcwidth() in
 * C.UTF-8, whatever LC_CTYPE is. ASCII is counted without it, so an
 * English run allocates nothing (the efficiency tests count the pages
 * the VMAs landed on).
 */
int
grade_cols(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, len = strlen(s);
	locale_t loc, old;
	mbstate_t st;
	wchar_t wc;
	int w = 0, cw;

	while (*p != '\0' && *p < 0x80)
		p++;
	if (*p == '\0')
		return (int)len;
	loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (loc == (locale_t)0)
		return (int)len;
	old = uselocale(loc);
	memset(&st, 0, sizeof(st));
	while (len > 0 && (n = mbrtowc(&wc, s, len, &st)) != 0 && n <= len) {
		cw = wcwidth(wc);
		w += cw > 0 ? cw : 0;
		s += n;
		len -= n;
	}
	uselocale(old);
	freelocale(loc);
	return w;
}

/*
 * A picture's label (marked N_()), translated and padded with spaces to
 * LABEL_COLS columns into buf, so that "%-14s" leaves it as it is.
 */
#define LABEL_COLS	14
static const char *
label_pad(const char *label, char *buf, size_t len)
{
	const char *t = i18n_str(label);
	int pad = LABEL_COLS - grade_cols(t);

	snprintf(buf, len, "%s%*s", t, pad > 0 ? pad : 0, "");
	return buf;
}

/* The character a VMA is drawn with; `k` counts the VMAs drawn so far. */
static char
draw_char(const struct mm *mm, const struct vma *v, int k)
{
	if (v->vm_flags & VM_GROWSDOWN)
		return '#';
	if (mm->start_brk != 0 && v->vm_start == mm->start_brk)
		return 'H';
	if (!(v->vm_flags & VM_WRITE))
		return (char)('a' + k % 26);
	return (char)('A' + (k + (k >= 7)) % 25);	/* skip 'H' */
}

void
grade_draw(struct grade_ctx *ctx, const struct mm *mm, unsigned long base,
    unsigned long unit, int ncols, const struct grade_mark *marks,
    int nmarks)
{
	char *row;
	const struct vma *v;
	int c, k, m, outside;
	unsigned long lo, hi;
	char lb[64];

	if (ncols < 1)
		return;
	if (ncols > 200)
		ncols = 200;
	if ((row = malloc((size_t)ncols + 1)) == NULL)
		return;
	grade_say(ctx, _("  One column is %lu %s, from 0x%lx:\n"),
	    unit % PAGE_SIZE == 0 ? unit / PAGE_SIZE : unit,
	    unit % PAGE_SIZE == 0 ? (unit == PAGE_SIZE ? _("page") :
	    _("pages")) : _("bytes"), base);
	if (ncols > 10) {
		for (c = 0; c < ncols; c++)
			row[c] = c % 10 == 0 ? (char)('0' + (c / 10) % 10) : ' ';
		row[ncols] = '\0';
		grade_say(ctx, "  %-14s%s\n", "", row);
	}
	for (c = 0; c < ncols; c++)
		row[c] = (char)('0' + c % 10);
	row[ncols] = '\0';
	grade_say(ctx, "  %-14s%s\n", "", row);
	memset(row, ' ', (size_t)ncols);
	for (v = mm->mmap, k = 0; v != NULL; v = v->vm_next) {
		char ch = draw_char(mm, v, k);

		for (c = 0; c < ncols; c++) {
			lo = base + (unsigned long)c * unit;
			hi = lo + unit;
			if (v->vm_start < hi && v->vm_end > lo)
				row[c] = ch;
		}
		/* Letters count the ordinary VMAs only, as pictures do. */
		if (ch != '#' && ch != 'H')
			k++;
	}
	/* "VMAs" stays: a term of the code, in every language. */
	grade_say(ctx, "  %-14s%s\n", "VMAs", row);
	for (m = 0; m < nmarks; m++) {
		const struct grade_mark *mk = &marks[m];
		char b[32];

		memset(row, ' ', (size_t)ncols);
		outside = 1;
		if (IS_ERR_VALUE(mk->start)) {
			grade_say(ctx, "  %-14s(%s)\n",
			    label_pad(mk->label, lb, sizeof(lb)),
			    grade_fmt_result(mk->start, b, sizeof(b)));
			continue;
		}
		for (c = 0; c < ncols; c++) {
			lo = base + (unsigned long)c * unit;
			hi = lo + unit;
			if (mk->end > mk->start ? (mk->start < hi &&
			    mk->end > lo) : (mk->start >= lo && mk->start < hi)) {
				row[c] = mk->end > mk->start ? mk->c : '^';
				outside = 0;
			}
		}
		if (outside && mk->end == mk->start &&
		    mk->start == base + (unsigned long)ncols * unit) {
			grade_say(ctx, _("  %-14s%*s^ (the end of the picture)\n"),
			    label_pad(mk->label, lb, sizeof(lb)), ncols, "");
			continue;
		}
		/* trim */
		for (c = ncols; c > 0 && row[c - 1] == ' '; c--)
			;
		row[c] = '\0';
		if (outside)
			grade_say(ctx, _("  %-14s(0x%lx, outside the picture)\n"),
			    label_pad(mk->label, lb, sizeof(lb)), mk->start);
		else
			grade_say(ctx, "  %-14s%s\n",
			    label_pad(mk->label, lb, sizeof(lb)), row);
	}
	free(row);
}

/* ---- comparing address spaces --------------------------------------------- */

/* NULL when `a` and `b` hold the same VMAs with the same gaps. */
static const char *
same_vmas(const struct mm *a, const struct mm *b, const struct vma **where)
{
	const struct vma *x = a->mmap, *y = b->mmap;

	for (; x != NULL && y != NULL; x = x->vm_next, y = y->vm_next) {
		*where = y;
		if (x->vm_start != y->vm_start || x->vm_end != y->vm_end)
			return _("a VMA's bounds differ");
		if ((x->vm_flags ^ y->vm_flags) & ~VM_SOFTDIRTY)
			return _("a VMA's flags differ");
		if (x->rb_subtree_gap != y->rb_subtree_gap)
			return _("a VMA's rb_subtree_gap differs");
	}
	*where = y;
	if (x != NULL || y != NULL)
		return _("the number of VMAs differs");
	if (a->highest_vm_end != b->highest_vm_end)
		return _("highest_vm_end differs");
	return NULL;
}

static void
say_maps(struct grade_ctx *ctx, const char *title, const struct mm *mm)
{
	const struct vma *v;
	int n = 0;

	grade_say(ctx, "  %s:\n", title);
	for (v = mm->mmap; v != NULL; v = v->vm_next, n++) {
		if (n == 24) {
			grade_say(ctx, _("    ... (%d VMAs in all)\n"),
			    mm->map_count);
			break;
		}
		grade_say(ctx, "    %012lx-%012lx %c%c%c%c%s\n", v->vm_start,
		    v->vm_end, v->vm_flags & VM_READ ? 'r' : '-',
		    v->vm_flags & VM_WRITE ? 'w' : '-',
		    v->vm_flags & VM_EXEC ? 'x' : '-',
		    v->vm_flags & VM_SHARED ? 's' : 'p',
		    v->vm_flags & VM_GROWSDOWN ? _("  (grows down)") :
		    mm->start_brk == v->vm_start ? _("  (heap)") : "");
	}
	if (mm->mmap == NULL)
		grade_say(ctx, _("    (no VMAs)\n"));
}

/*
 * Frees an address space the student's code ran on, when it is still
 * sound; a broken one is left alone (the test child exits soon anyway,
 * and freeing it could crash the grader's side of the test).
 */
static void
free_checked(struct mm *mm)
{
	if (mm != NULL && mm_validate(mm) == NULL)
		mm_free(mm);
}

static void
free_recs(struct grade_rec *a, struct grade_rec *b)
{
	trace_rec_free(&a->rec);
	trace_rec_free(&b->rec);
}

/* ---- searches (labs 3 and 4) ---------------------------------------------- */

typedef unsigned long (*search_fn)(struct mm *,
    const struct vm_unmapped_area_info *);

static search_fn
student_search(struct grade_ctx *ctx, int topdown)
{
	const struct grade_lab *lab = grade_lab_of(ctx);

	return topdown ? lab->student.unmapped_area_topdown :
	    lab->student.unmapped_area;
}

static void
say_call(struct grade_ctx *ctx, int topdown,
    const struct vm_unmapped_area_info *info)
{
	grade_say(ctx, _("%s(length=0x%lx, low_limit=0x%lx, high_limit=0x%lx"),
	    topdown ? "unmapped_area_topdown" : "unmapped_area", info->length,
	    info->low_limit, info->high_limit);
	if (info->align_mask != 0)
		grade_say(ctx, _(", align_mask=0x%lx, align_offset=0x%lx"),
		    info->align_mask, info->align_offset);
	grade_say(ctx, ")");
}

/*
 * Runs the reference and the student's search on two copies of `mm`,
 * compares, and on a difference says everything. `pic`, `unit`, `ncols`
 * draw the picture (ncols 0: no picture). Returns 1 on a pass.
 */
static int
search_compare(struct grade_ctx *ctx, const struct mm *mm,
    const struct vm_unmapped_area_info *info, int topdown, unsigned long unit,
    int ncols, const char *what)
{
	struct mm *ref = mm_clone(mm), *stu = mm_clone(mm);
	struct trace tr, ts;
	struct grade_rec rr, rs;
	unsigned long r1, r2;
	const char *msg, *fn = topdown ? "unmapped_area_topdown" :
	    "unmapped_area";
	const struct vma *where;
	search_fn sf = student_search(ctx, topdown);
	char b1[32], b2[32];
	int same, ok = 0;

	if (ref == NULL || stu == NULL || sf == NULL) {
		grade_say(ctx, _("(the grader is out of memory, or the lab has "
		    "no %s)\n"), fn);
		mm_free(ref);
		mm_free(stu);
		return 0;
	}
	grade_rec_sink(&tr, &rr, REC_MAX);
	grade_rec_sink(&ts, &rs, REC_MAX);
	mm_trace_attach(ref, &tr);
	mm_trace_attach(stu, &ts);
	r1 = topdown ? unmapped_area_topdown(ref, info) :
	    unmapped_area(ref, info);
	r2 = sf(stu, info);
	mm_trace_detach(ref);
	mm_trace_detach(stu);
	msg = same_vmas(ref, stu, &where);
	same = r1 == r2;
	if (same && msg == NULL) {
		/* Right answer; say if the road differed (shown with --verbose). */
		if (!grade_diff_decisions(ctx, fn, &rr.rec, &rs.rec))
			grade_say(ctx, _("(The result is right, so this test "
			    "passes.)\n"));
		ok = 1;
		goto out;
	}
	if (what != NULL)
		grade_say(ctx, "%s\n", i18n_str(what));
	grade_say(ctx, _("Called as "));
	say_call(ctx, topdown, info);
	if (!same)
		grade_say(ctx, _(",\nyours returns %s; the kernel's returns %s.\n"),
		    grade_fmt_result(r2, b2, sizeof(b2)),
		    grade_fmt_result(r1, b1, sizeof(b1)));
	else
		grade_say(ctx, _(",\nyours returns the right address, %s, but it "
		    "changed the tree (%s): a search must only read it.\n"),
		    grade_fmt_result(r2, b2, sizeof(b2)), msg);
	grade_diff_decisions(ctx, fn, &rr.rec, &rs.rec);
	if (rs.truncated)
		grade_say(ctx, _("(Your run reported more than %d events; only "
		    "the first were compared.)\n"), REC_MAX);
	if (ncols > 0) {
		struct grade_mark mk[4];
		int n = 0;

		mk[n++] = (struct grade_mark){ N_("low..high"), info->low_limit,
		    info->high_limit, '-' };
		mk[n++] = (struct grade_mark){ N_("kernel's"), r1,
		    IS_ERR_VALUE(r1) ? r1 : r1 + info->length, '=' };
		mk[n++] = (struct grade_mark){ N_("yours"), r2,
		    IS_ERR_VALUE(r2) ? r2 : r2 + info->length, '=' };
		grade_say(ctx, "\n");
		grade_draw(ctx, mm, GRADE_BASE, unit, ncols, mk, n);
		for (where = mm->mmap; where != NULL; where = where->vm_next)
			if (where->vm_flags & VM_GROWSDOWN) {
				grade_say(ctx, _("  ('#' is a stack: its guard gap "
				    "of 0x%lx bytes lies below it.)\n"),
				    mm->stack_guard_gap);
				break;
			}
	}
out:
	free_recs(&rr, &rs);
	mm_free(ref);
	free_checked(stu);
	return ok;
}

static void
search_info(const struct grade_search *s, unsigned long unit, int ncols,
    struct vm_unmapped_area_info *info)
{
	memset(info, 0, sizeof(*info));
	info->flags = s->topdown ? VM_UNMAPPED_AREA_TOPDOWN : 0;
	info->length = (unsigned long)s->len * unit;
	info->low_limit = GRADE_BASE + (unsigned long)s->low * unit;
	info->high_limit = GRADE_BASE + (unsigned long)(s->high >= 0 ? s->high :
	    ncols - s->high) * unit;
	info->align_mask = s->align_mask;
	info->align_offset = s->align_offset;
	if (s->low_addr != 0)
		info->low_limit = s->low_addr;
	if (s->high_addr != 0)
		info->high_limit = s->high_addr;
}

int
grade_run_search(struct grade_ctx *ctx, const void *arg)
{
	const struct grade_search *s = arg;
	unsigned long unit = s->unit ? s->unit : PAGE_SIZE;
	int ncols = (int)strlen(s->pic);
	struct vm_unmapped_area_info info;
	char err[256];
	struct mm *mm;
	int ok;

	mm = grade_pic_mm(s->pic, GRADE_BASE, unit,
	    s->topdown ? LAYOUT_TOPDOWN : LAYOUT_LEGACY, err, sizeof(err));
	if (mm == NULL) {
		grade_say(ctx, _("(bad test: %s)\n"), err);
		return 0;
	}
	search_info(s, unit, ncols, &info);
	ok = search_compare(ctx, mm, &info, s->topdown, unit,
	    ncols + (s->high < 0 ? -s->high : 0), s->what);
	mm_free(mm);
	return ok;
}

/* Is vm_start_gap non-decreasing along the list (see test-diff.c)? */
static int
monotone(const struct mm *mm)
{
	const struct vma *v;
	unsigned long last = 0;

	for (v = mm->mmap; v != NULL; v = v->vm_next) {
		if (vm_start_gap(v) < last)
			return 0;
		last = vm_start_gap(v);
	}
	return 1;
}

static void
random_picture(uint64_t *rs, char *pic, int ncols, int stacks)
{
	int c = 0, k = 0, run;

	while (c < ncols) {
		run = 1 + (int)rnd(rs, 5);
		if (rnd(rs, 100) < 45) {	/* free */
			while (run-- > 0 && c < ncols)
				pic[c++] = '.';
			continue;
		}
		char ch = (char)('A' + k % 7);	/* A..G: never 'H' */

		if (rnd(rs, 100) < 15)
			ch = (char)('a' + k % 7);
		k++;
		while (run-- > 0 && c < ncols)
			pic[c++] = ch;
	}
	pic[ncols] = '\0';
	if (stacks && ncols > 10 && rnd(rs, 100) < 60) {
		int at = ncols - 1 - (int)rnd(rs, 3), len = 1 + (int)rnd(rs, 2);

		if (at - len >= 0 && pic[at - len] != '.')
			pic[at - len] = '.';
		for (c = at; c > at - len && c >= 0; c--)
			pic[c] = '#';
		for (c = at + 1; c < ncols; c++)
			pic[c] = '.';
	}
}

uint64_t
grade_hidden_mix(unsigned seed)
{
	uint64_t x = (uint64_t)seed * 0x100000001b3ULL + 7;

	x ^= (uint64_t)grade_hidden_seed * 0x9e3779b97f4a7c15ULL;
	x ^= x >> 29;
	return x * 0xbf58476d1ce4e5b9ULL + 1;
}

/* A request at the edges of one of the picture's gaps. */
static void
edge_request(uint64_t *rs, const char *pic, int ncols, struct grade_search *s)
{
	int c0, c1, k = (int)rnd(rs, (unsigned long)ncols), n = 0;

	/* the k-th column's gap, or the next one */
	for (c0 = k; c0 < ncols && pic[c0] != '.'; c0++)
		;
	if (c0 == ncols)
		for (c0 = 0; c0 < ncols && pic[c0] != '.'; c0++)
			;
	for (c1 = c0; c1 < ncols && pic[c1] == '.'; c1++)
		n++;
	if (n == 0) {
		s->len = 1;
		s->low = 0;
		s->high = ncols + 2;
		return;
	}
	s->len = n - (int)rnd(rs, 2);
	if (s->len < 1)
		s->len = 1;
	s->low = rnd(rs, 2) ? c0 : c0 - (int)rnd(rs, 3);
	if (s->low < 0)
		s->low = 0;
	s->high = rnd(rs, 2) ? c1 : c1 + (int)rnd(rs, 3);
	if (rnd(rs, 4) == 0)
		s->high = c0 + s->len - (int)rnd(rs, 2);
	if (s->high <= s->low)
		s->high = s->low + 1;
}

int
grade_run_search_random(struct grade_ctx *ctx, const void *arg)
{
	const struct grade_random *g = arg;
	uint64_t rs = g->hidden ? grade_hidden_mix(g->seed) :
	    g->seed * 0x100000001b3ULL + 7;
	char pic[256], err[256];
	int round, ncols, tries;
	unsigned long unit;
	search_fn sf = student_search(ctx, g->topdown);
	struct vm_unmapped_area_info info;
	struct grade_search s;
	struct mm *mm = NULL, *a, *b;
	unsigned long r1, r2;

	for (round = 0; round < g->rounds; round++) {
		unit = g->stacks ? 64 * PAGE_SIZE : PAGE_SIZE;
		for (tries = 0; tries < 100; tries++) {
			ncols = 6 + (int)rnd(&rs, (unsigned long)(g->maxcols - 5));
			if (ncols > (int)sizeof(pic) - 1)
				ncols = (int)sizeof(pic) - 1;
			random_picture(&rs, pic, ncols, g->stacks);
			mm = grade_pic_mm(pic, GRADE_BASE, unit,
			    g->topdown ? LAYOUT_TOPDOWN : LAYOUT_LEGACY, err,
			    sizeof(err));
			if (mm != NULL && monotone(mm))
				break;
			mm_free(mm);
			mm = NULL;
		}
		if (mm == NULL)
			continue;
		memset(&s, 0, sizeof(s));
		s.pic = pic;
		s.topdown = g->topdown;
		s.len = 1 + (int)rnd(&rs, 6);
		s.low = (int)rnd(&rs, (unsigned long)ncols / 2 + 1);
		s.high = s.low + (int)rnd(&rs, (unsigned long)(ncols + 6 -
		    s.low));
		if (g->edges)
			edge_request(&rs, pic, ncols, &s);
		if (rnd(&rs, 100) < 20) {
			s.align_mask = ((1UL + rnd(&rs, 3)) * 2 * PAGE_SIZE -
			    1) & PAGE_MASK;
			s.align_offset = rnd(&rs, 4) * PAGE_SIZE;
		}
		search_info(&s, unit, ncols, &info);
		a = mm_clone(mm);
		b = mm_clone(mm);
		if (a == NULL || b == NULL)
			return 0;
		r1 = g->topdown ? unmapped_area_topdown(a, &info) :
		    unmapped_area(a, &info);
		r2 = sf(b, &info);
		mm_free(a);
		free_checked(b);
		if (r1 != r2) {
			int ok;

			if (g->hidden)
				grade_say(ctx, _("Generated case %d of %d:\n"),
				    round + 1, g->rounds);
			else
				grade_say(ctx, _("Random case %d of %d (seed "
				    "%u):\n"), round + 1, g->rounds, g->seed);
			ok = search_compare(ctx, mm, &info, g->topdown, unit,
			    s.high > ncols ? s.high : ncols, NULL);
			mm_free(mm);
			return ok;
		}
		mm_free(mm);
	}
	return 1;
}

/* ---- efficiency: counting the VMAs a search reads ------------------------ */

/*
 * The VMAs of the tree live in an arena of their own, in shuffled order,
 * `per_page` to a page. During a search the arena is inaccessible; the
 * first read of each page faults, is counted, and opens the page. The
 * count of pages is at most the count of distinct VMAs read, and a walk
 * along the list touches every page: 2048 pages for 65,530 VMAs.
 */
#define SLOT	128

struct arena {
	char		*mem;
	size_t		 size, npages;
	int		 per_page;
	unsigned char	*touched;
	size_t		 ntouched;
};

static struct arena *cur_arena;

static int
arena_fault(void *addr)
{
	struct arena *a = cur_arena;
	size_t page;

	if (a == NULL || (char *)addr < a->mem || (char *)addr >= a->mem + a->size)
		return 0;
	page = (size_t)((char *)addr - a->mem) / PAGE_SIZE;
	if (!a->touched[page]) {
		a->touched[page] = 1;
		a->ntouched++;
	}
	return grade_sys_protect(a->mem + page * PAGE_SIZE, PAGE_SIZE, 1) == 0;
}

static void
arena_close(struct arena *a)
{
	memset(a->touched, 0, a->npages);
	a->ntouched = 0;
	cur_arena = a;
	grade_fault_hook = arena_fault;
	grade_fault_begin();
	grade_sys_protect(a->mem, a->size, 0);
}

static size_t
arena_open(struct arena *a)
{
	grade_sys_protect(a->mem, a->size, 1);
	grade_fault_end();
	cur_arena = NULL;
	grade_fault_hook = NULL;
	return a->ntouched;
}

/*
 * Builds a tree of n one-page VMAs, one page apart, except one gap of
 * `big` pages below VMA number `at`. Returns the mm, or NULL.
 */
static struct mm *
arena_tree(struct arena *a, int n, int at, int big, int layout, uint64_t rs)
{
	struct mm *mm = mm_new(NULL);
	struct vma *v, *prev;
	struct rb_node **link, *parent;
	unsigned long addr = GRADE_BASE, *slot;
	size_t i, j, t, nslots;

	_Static_assert(sizeof(struct vma) <= SLOT, "struct vma grew");
	if (mm == NULL)
		return NULL;
	mm_setup_layout(mm, layout, 0);
	a->per_page = n <= 4096 ? 1 : (int)(PAGE_SIZE / SLOT);
	a->npages = ((size_t)n + (size_t)a->per_page - 1) / (size_t)a->per_page;
	a->size = a->npages * PAGE_SIZE;
	a->mem = grade_sys_map(a->size);
	a->touched = calloc(a->npages, 1);
	nslots = a->npages * (size_t)a->per_page;
	slot = malloc(nslots * sizeof(*slot));
	if (a->mem == NULL || a->touched == NULL || slot == NULL)
		return NULL;
	for (i = 0; i < nslots; i++)
		slot[i] = i;
	for (i = nslots - 1; i > 0; i--) {
		j = rnd(&rs, i + 1);
		t = slot[i];
		slot[i] = slot[j];
		slot[j] = t;
	}
	for (i = 0; i < (size_t)n; i++) {
		v = (struct vma *)(void *)(a->mem +
		    slot[i] / (size_t)a->per_page * PAGE_SIZE +
		    slot[i] % (size_t)a->per_page * SLOT);
		addr += (i == (size_t)at ? (unsigned long)big : 1) * PAGE_SIZE;
		memset(v, 0, sizeof(*v));
		v->vm_mm = mm;
		v->vm_start = addr;
		v->vm_end = addr + PAGE_SIZE;
		v->vm_flags = VM_RW;
		v->vm_pgoff = addr >> PAGE_SHIFT;
		v->vm_page_prot = vm_get_page_prot(VM_RW);
		if (find_vma_links(mm, v->vm_start, v->vm_end, &prev, &link,
		    &parent) != 0)
			return NULL;
		vma_link(mm, v, prev, link, parent);
		vm_stat_account(mm, VM_RW, 1);
		addr += PAGE_SIZE;
	}
	free(slot);
	mm->start_brk = mm->brk = GRADE_BASE;
	return mm;
}

int
grade_visit_bound(int n)
{
	int lg = 0;

	while ((1L << lg) < (long)n + 1)
		lg++;
	return 16 * lg;
}

/* The start of the VMA number i in an arena tree (see arena_tree). */
static unsigned long
arena_addr(int i, int at, int big)
{
	return GRADE_BASE + (unsigned long)(2 * i + 1) * PAGE_SIZE +
	    (i >= at ? (unsigned long)(big - 1) * PAGE_SIZE : 0);
}

int
grade_run_search_efficiency(struct grade_ctx *ctx, const void *arg)
{
	const struct grade_efficiency *e = arg;
	int n = e->n, bound = grade_visit_bound(n), q, nq, ok = 1, worst = 0;
	int at = e->topdown ? n / 50 : n - n / 50, big = 16;
	uint64_t rs = 12345;
	struct vm_unmapped_area_info qs[4];
	search_fn sf = student_search(ctx, e->topdown);
	const char *what[4];
	struct arena a;
	struct mm *mm;
	unsigned long r1, r2, top;
	size_t c1, c2;
	char b1[32], b2[32];
	const char *msg;

	memset(&a, 0, sizeof(a));
	if (e->hidden) {
		/* Where the big gap is, and the shuffle, from the seed. */
		rs = grade_hidden_mix((unsigned)n);
		at = e->topdown ? n / 100 + (int)rnd(&rs, (unsigned long)n / 20) :
		    n - n / 100 - (int)rnd(&rs, (unsigned long)n / 20);
	}
	mm = arena_tree(&a, n, at, big, e->topdown ? LAYOUT_TOPDOWN :
	    LAYOUT_LEGACY, rs);
	if (mm == NULL || sf == NULL) {
		grade_say(ctx, _("(the grader could not build the tree)\n"));
		return 0;
	}
	top = mm->highest_vm_end;
	memset(qs, 0, sizeof(qs));
	for (q = 0; q < 4; q++)
		qs[q].flags = e->topdown ? VM_UNMAPPED_AREA_TOPDOWN : 0;
	/* The one big gap: far from where a walk along the list begins. */
	qs[0].length = 8 * PAGE_SIZE;
	qs[0].low_limit = GRADE_BASE;
	qs[0].high_limit = top;
	what[0] = N_("a request that fits only in the one big gap");
	/* Only one-page gaps fit, from a limit in the middle. */
	qs[1].length = PAGE_SIZE;
	if (e->topdown) {
		qs[1].low_limit = GRADE_BASE;
		qs[1].high_limit = arena_addr(n / 2, at, big);
	} else {
		qs[1].low_limit = arena_addr(n / 2, at, big);
		qs[1].high_limit = top;
	}
	what[1] = N_("a one-page request with a limit in the middle of the "
	    "tree");
	/* Nothing fits in the tree. */
	qs[2].length = 64 * PAGE_SIZE;
	qs[2].low_limit = GRADE_BASE;
	qs[2].high_limit = e->topdown ? top : top + 32 * PAGE_SIZE;
	what[2] = N_("a request no gap of the tree can hold");
	/* Only the space above the last VMA fits. */
	qs[3].length = 64 * PAGE_SIZE;
	qs[3].low_limit = GRADE_BASE;
	qs[3].high_limit = top + 128 * PAGE_SIZE;
	what[3] = N_("a request only the space above the last VMA can hold");
	nq = 4;

	grade_say(ctx, _("A tree of %d VMAs (one page each, one page apart, "
	    "one gap of %d pages below VMA %d). An O(log n) search reads at "
	    "most %d of them.\n"), n, big, at, bound);
	for (q = 0; q < nq; q++) {
		arena_close(&a);
		r1 = e->topdown ? unmapped_area_topdown(mm, &qs[q]) :
		    unmapped_area(mm, &qs[q]);
		c1 = arena_open(&a);
		/*
		 * The student's program rebuilds the arena as it is here,
		 * VMA for VMA; the pages its search reads are its page
		 * faults, which the grader reads from /proc (grade-proxy.c).
		 */
		grade_proxy_arena.mem = a.mem;
		grade_proxy_arena.size = a.size;
		grade_proxy_arena.per_page = (unsigned)a.per_page;
		grade_proxy_arena.slot = SLOT;
		r2 = sf(mm, &qs[q]);
		c2 = grade_proxy_faults;
		memset(&grade_proxy_arena, 0, sizeof(grade_proxy_arena));
		grade_say(ctx, _("  query %d, %s: "), q + 1,
		    i18n_str(what[q]));
		say_call(ctx, e->topdown, &qs[q]);
		grade_say(ctx, _("\n    the kernel's: %s, read VMAs on %zu pages; "
		    "yours: %s, on %zu pages (of %zu)\n"),
		    grade_fmt_result(r1, b1, sizeof(b1)), c1,
		    grade_fmt_result(r2, b2, sizeof(b2)), c2, a.npages);
		if (r1 != r2) {
			grade_say(ctx, _("    Wrong result: efficiency is only "
			    "measured on right answers (the smaller tests "
			    "show why this one differs).\n"));
			ok = 0;
		} else if ((int)c2 > bound) {
			ok = 0;
		}
		if (r1 == r2 && (int)c2 > worst)
			worst = (int)c2;
	}
	if ((msg = mm_validate(mm)) != NULL) {
		grade_say(ctx, _("Your search changed the tree: %s.\n"), msg);
		ok = 0;
	}
	if (worst > bound)
		grade_say(ctx, _("Your search read VMAs on up to %d pages, more "
		    "than the %d VMAs an O(log n) walk down the tree reads. "
		    "Does it walk the list (vm_next/vm_prev) instead of using "
		    "rb_subtree_gap to skip subtrees that cannot hold the "
		    "request?\n"), worst, bound);
	if (msg == NULL) {
		/* The VMAs are the arena's: take them from the mm first. */
		mm->mmap = NULL;
		mm->mm_rb = RB_ROOT;
		mm_free(mm);
		grade_sys_unmap(a.mem, a.size);
		free(a.touched);
	}
	return ok;
}

/* ---- whole scenarios ------------------------------------------------------ */

static struct vma *first_wrong(struct rb_node *);
static void	say_gap_parts(struct grade_ctx *, const struct vma *);

int
grade_run_scenario(struct grade_ctx *ctx, const void *arg)
{
	const struct grade_scenario *g = arg;
	const struct grade_lab *lab = grade_lab_of(ctx);
	const char *fn = lab->student.sys_brk != NULL ? "sys_brk" :
	    lab->student.unmapped_area_topdown != NULL ?
	    "unmapped_area_topdown" : lab->student.unmapped_area != NULL ?
	    "unmapped_area" : NULL;
	struct scenario sc;
	struct run r1, r2;
	struct trace tr, ts;
	struct grade_rec rr, rs;
	char err[RUN_ERRLEN], line[512];
	const struct vma *where;
	const char *msg;
	unsigned long x1, x2;
	size_t i;

	if (scenario_parse_string(g->text, "scenario", &sc, err,
	    sizeof(err)) < 0 || run_start(&r1, &sc, NULL, err,
	    sizeof(err)) < 0 || run_start(&r2, &sc, NULL, err,
	    sizeof(err)) < 0) {
		grade_say(ctx, _("(bad test: %s)\n"), err);
		return 0;
	}
	r2.mm->hooks = &lab->student;
	for (i = 0; i < sc.nops; i++) {
		const struct scen_op *op = &sc.ops[i];

		grade_rec_sink(&tr, &rr, REC_MAX);
		grade_rec_sink(&ts, &rs, REC_MAX);
		mm_trace_attach(r1.mm, &tr);
		mm_trace_attach(r2.mm, &ts);
		x1 = run_op(&r1, op);
		x2 = run_op(&r2, op);
		mm_trace_detach(r1.mm);
		mm_trace_detach(r2.mm);
		msg = x1 != x2 ? _("the results differ") : mm_validate(r2.mm);
		if (msg == NULL)
			msg = same_vmas(r1.mm, r2.mm, &where);
		if (msg == NULL && r1.mm->brk != r2.mm->brk)
			msg = _("the break (mm->brk) differs");
		if (msg == NULL) {
			trace_rec_free(&rr.rec);
			trace_rec_free(&rs.rec);
			continue;
		}
		if (g->what != NULL)
			grade_say(ctx, "%s\n", i18n_str(g->what));
		grade_say(ctx, _("The engine, running your code, replayed this "
		    "scenario; call %zu differs from the kernel's (%s):\n"),
		    i + 1, msg);
		run_format_line(op, x2, line, sizeof(line));
		grade_say(ctx, _("  yours:    %s\n"), line);
		run_format_line(op, x1, line, sizeof(line));
		grade_say(ctx, _("  kernel's: %s\n"), line);
		if (fn != NULL)
			grade_diff_decisions(ctx, fn, &rr.rec, &rs.rec);
		if ((where = first_wrong(r2.mm->mm_rb.rb_node)) != NULL) {
			grade_say(ctx, _("The lowest node whose rb_subtree_gap is "
			    "wrong: 0x%lx-0x%lx has 0x%lx; it should be 0x%lx.\n"),
			    where->vm_start, where->vm_end,
			    where->rb_subtree_gap,
			    vma_compute_subtree_gap(where));
			say_gap_parts(ctx, where);
		}
		say_maps(ctx, _("the address space after the kernel's call"),
		    r1.mm);
		say_maps(ctx, _("after yours"), r2.mm);
		free_recs(&rr, &rs);
		run_end(&r1);
		if (mm_validate(r2.mm) == NULL)
			run_end(&r2);
		scenario_free(&sc);
		return 0;
	}
	run_end(&r1);
	run_end(&r2);
	scenario_free(&sc);
	return 1;
}

/* ---- lab 2: gaps ------------------------------------------------------------ */

static void
say_tree(struct grade_ctx *ctx, const struct rb_node *rb, int depth,
    const struct vma *mark)
{
	const struct vma *v;

	if (rb == NULL || depth > 6)
		return;
	v = rb_entry(rb, struct vma, vm_rb);
	say_tree(ctx, rb->rb_right, depth + 1, mark);
	grade_say(ctx, _("    %*s%s 0x%lx-0x%lx  rb_subtree_gap 0x%lx "
	    "(should be 0x%lx)%s\n"), 4 * depth, "", depth ? "+--" : "root",
	    v->vm_start, v->vm_end, v->rb_subtree_gap,
	    vma_compute_subtree_gap(v), v == mark ? "   <-- here" : "");
	say_tree(ctx, rb->rb_left, depth + 1, mark);
}

/* The parts of a node's gap, in words. */
static void
say_gap_parts(struct grade_ctx *ctx, const struct vma *v)
{
	const struct vma *l = v->vm_rb.rb_left != NULL ?
	    rb_entry(v->vm_rb.rb_left, struct vma, vm_rb) : NULL;
	const struct vma *r = v->vm_rb.rb_right != NULL ?
	    rb_entry(v->vm_rb.rb_right, struct vma, vm_rb) : NULL;

	grade_say(ctx, _("  The VMA 0x%lx-0x%lx%s: vm_start_gap(vma) = 0x%lx"),
	    v->vm_start, v->vm_end, v->vm_flags & VM_GROWSDOWN ?
	    " (a stack: its guard gap is below it)" : "", vm_start_gap(v));
	if (v->vm_prev != NULL)
		grade_say(ctx, _(", vm_end_gap(vma->vm_prev) = 0x%lx"),
		    vm_end_gap(v->vm_prev));
	else
		grade_say(ctx, ", no vm_prev");
	grade_say(ctx, ";\n  ");
	if (l != NULL)
		grade_say(ctx, _("left child's rb_subtree_gap = 0x%lx"), 
		    l->rb_subtree_gap);
	else
		grade_say(ctx, _("no left child"));
	if (r != NULL)
		grade_say(ctx, _(", right child's = 0x%lx.\n"), r->rb_subtree_gap);
	else
		grade_say(ctx, _(", no right child.\n"));
}

int
grade_run_gap(struct grade_ctx *ctx, const void *arg)
{
	const struct grade_gap *g = arg;
	const struct grade_lab *lab = grade_lab_of(ctx);
	unsigned long unit = g->unit ? g->unit : PAGE_SIZE, want, got;
	unsigned long save_l = 0, save_r = 0;
	struct vma *v, *l, *r;
	char err[256];
	struct mm *mm;
	int k = 0;

	mm = grade_pic_mm(g->pic, GRADE_BASE, unit, LAYOUT_LEGACY, err,
	    sizeof(err));
	if (mm == NULL || lab->student.compute_subtree_gap == NULL) {
		grade_say(ctx, _("(bad test: %s)\n"), mm == NULL ? err :
		    "no student function");
		return 0;
	}
	for (v = mm->mmap; v != NULL; v = v->vm_next, k++) {
		if (g->only_col > 0 && v->vm_start != GRADE_BASE +
		    (unsigned long)(g->only_col - 1) * unit)
			continue;
		l = v->vm_rb.rb_left ? rb_entry(v->vm_rb.rb_left, struct vma,
		    vm_rb) : NULL;
		r = v->vm_rb.rb_right ? rb_entry(v->vm_rb.rb_right, struct vma,
		    vm_rb) : NULL;
		if (g->poison) {
			if (l != NULL) {
				save_l = l->rb_subtree_gap;
				l->rb_subtree_gap = 0x7700000UL + 0x1000UL * (unsigned long)k;
			}
			if (r != NULL) {
				save_r = r->rb_subtree_gap;
				r->rb_subtree_gap = 0x7780000UL + 0x1000UL * (unsigned long)k;
			}
		}
		want = vma_compute_subtree_gap(v);
		got = lab->student.compute_subtree_gap(v);
		if (want != got) {
			if (g->what != NULL)
				grade_say(ctx, "%s\n", i18n_str(g->what));
			grade_say(ctx, _("vma_compute_subtree_gap returned 0x%lx "
			    "for the VMA 0x%lx-0x%lx; the kernel's returns "
			    "0x%lx.\n"), got, v->vm_start, v->vm_end, want);
			say_gap_parts(ctx, v);
			if (g->poison)
				grade_say(ctx, _("  (The grader set the children's "
				    "rb_subtree_gap to made-up values: the "
				    "function must take them as they are, not "
				    "walk the subtrees again. That is what "
				    "keeps every update O(log n).)\n"));
			grade_say(ctx, "\n");
			grade_draw(ctx, mm, GRADE_BASE, unit,
			    (int)strlen(g->pic), NULL, 0);
			mm_free(mm);
			return 0;
		}
		if (g->poison) {
			if (l != NULL)
				l->rb_subtree_gap = save_l;
			if (r != NULL)
				r->rb_subtree_gap = save_r;
		}
	}
	mm_free(mm);
	return 1;
}

/* Linking and unlinking through the student's callbacks, as vma.c does. */
static void
stu_link(struct mm *mm, struct vma *v, const struct rb_augment_callbacks *cb)
{
	struct vma *prev, *next;
	struct rb_node **link, *parent;

	(void)find_vma_links(mm, v->vm_start, v->vm_end, &prev, &link,
	    &parent);
	v->vm_prev = prev;
	next = prev != NULL ? prev->vm_next : mm->mmap;
	if (prev != NULL)
		prev->vm_next = v;
	else
		mm->mmap = v;
	v->vm_next = next;
	if (next != NULL)
		next->vm_prev = v;
	if (next != NULL)
		cb->propagate(&next->vm_rb, NULL);
	else
		mm->highest_vm_end = vm_end_gap(v);
	rb_link_node(&v->vm_rb, parent, link);
	v->rb_subtree_gap = 0;
	cb->propagate(&v->vm_rb, NULL);
	rb_insert_augmented(&v->vm_rb, &mm->mm_rb, cb);
	mm->map_count++;
	vm_stat_account(mm, v->vm_flags,
	    (long)((v->vm_end - v->vm_start) >> PAGE_SHIFT));
}

static void
stu_unlink(struct mm *mm, struct vma *v, const struct rb_augment_callbacks *cb)
{
	struct vma *prev = v->vm_prev, *next = v->vm_next;

	rb_erase_augmented(&v->vm_rb, &mm->mm_rb, cb);
	if (prev != NULL)
		prev->vm_next = next;
	else
		mm->mmap = next;
	if (next != NULL) {
		next->vm_prev = prev;
		cb->propagate(&next->vm_rb, NULL);
	} else
		mm->highest_vm_end = prev != NULL ? vm_end_gap(prev) : 0;
	mm->map_count--;
	vm_stat_account(mm, v->vm_flags,
	    -(long)((v->vm_end - v->vm_start) >> PAGE_SHIFT));
}

/* The lowest node whose value is wrong while its children's are right. */
static struct vma *
first_wrong(struct rb_node *rb)
{
	struct vma *v, *w;

	if (rb == NULL)
		return NULL;
	if ((w = first_wrong(rb->rb_left)) != NULL)
		return w;
	if ((w = first_wrong(rb->rb_right)) != NULL)
		return w;
	v = rb_entry(rb, struct vma, vm_rb);
	return v->rb_subtree_gap != vma_compute_subtree_gap(v) ? v : NULL;
}

int
grade_run_gap_ops(struct grade_ctx *ctx, const void *arg)
{
	const struct grade_gap_ops *g = arg;
	const struct grade_lab *lab = grade_lab_of(ctx);
	static const struct mm_hooks none;
	struct mm_hooks own;
	struct mm *mm = mm_new(NULL);
	struct vma **vs, *w;
	unsigned long *slot;
	uint64_t rs = g->hidden ? grade_hidden_mix(g->seed) : g->seed + 99;
	const char *msg;
	int i, j, t, op = 0, nops = g->n + g->erase;
	char what[160];

	if (mm == NULL || (vs = calloc((size_t)g->n, sizeof(*vs))) == NULL ||
	    (slot = calloc((size_t)g->n, sizeof(*slot))) == NULL)
		return 0;
	mm_setup_layout(mm, LAYOUT_LEGACY, 0);
	memset(&own, 0, sizeof(own));
	own.compute_subtree_gap = lab->student.compute_subtree_gap;
	mm->hooks = g->own_compute ? &own : &none;
	/* VMA i sits at slot i: one to four pages, gaps of 0 to 5 pages. */
	{
		unsigned long addr = GRADE_BASE;

		for (i = 0; i < g->n; i++) {
			addr += rnd(&rs, 6) * PAGE_SIZE;
			vs[i] = kmem_cache_zalloc(vm_area_cachep, GFP_KERNEL);
			if (vs[i] == NULL)
				return 0;
			vs[i]->vm_mm = mm;
			vs[i]->vm_start = addr;
			addr += (1 + rnd(&rs, 4)) * PAGE_SIZE;
			vs[i]->vm_end = addr;
			vs[i]->vm_flags = g->stacks && rnd(&rs, 100) < 20 ?
			    VM_RW | VM_GROWSDOWN : VM_RW;
			vs[i]->vm_pgoff = vs[i]->vm_start >> PAGE_SHIFT;
			slot[i] = (unsigned long)i;
		}
	}
	if (g->order == 1)
		for (i = 0; i < g->n / 2; i++) {
			t = (int)slot[i];
			slot[i] = slot[g->n - 1 - i];
			slot[g->n - 1 - i] = (unsigned long)t;
		}
	else if (g->order == 2)
		for (i = g->n - 1; i > 0; i--) {
			j = (int)rnd(&rs, (unsigned long)i + 1);
			t = (int)slot[i];
			slot[i] = slot[j];
			slot[j] = (unsigned long)t;
		}
	if (g->stacks)
		mm->stack_guard_gap = 2 * PAGE_SIZE;
	for (i = 0; i < nops; i++, op++) {
		struct vma *v;
		int erase = i >= g->n;

		if (!erase)
			v = vs[slot[i]];
		else {
			/* erase a random VMA still in the tree */
			do
				j = (int)rnd(&rs, (unsigned long)g->n);
			while (vs[j] == NULL);
			v = vs[j];
			vs[j] = NULL;
		}
		snprintf(what, sizeof(what), erase ? _("erasing the VMA "
		    "0x%lx-0x%lx (operation %d of %d)") : _("inserting the "
		    "VMA 0x%lx-0x%lx (operation %d of %d)"), v->vm_start,
		    v->vm_end, op + 1, nops);
		if (erase) {
			stu_unlink(mm, v, &lab->student_gap);
			kmem_cache_free(vm_area_cachep, v);
		} else
			stu_link(mm, v, &lab->student_gap);
		if ((msg = mm_validate(mm)) == NULL)
			continue;
		if (g->what != NULL)
			grade_say(ctx, "%s\n", i18n_str(g->what));
		grade_say(ctx, _("After %s through your callbacks: %s.\n"), what,
		    msg);
		if ((w = first_wrong(mm->mm_rb.rb_node)) != NULL) {
			grade_say(ctx, _("The lowest wrong node: 0x%lx-0x%lx has "
			    "rb_subtree_gap 0x%lx; it should be 0x%lx.\n"),
			    w->vm_start, w->vm_end, w->rb_subtree_gap,
			    vma_compute_subtree_gap(w));
			say_gap_parts(ctx, w);
			grade_say(ctx, _("Remember: an insert first fixes the "
			    "gap of the new VMA's vm_next and of the new VMA "
			    "(propagate up to the root), then rebalances, "
			    "calling rotate (which must recompute the node "
			    "that moved down) and copy.\n"));
		}
		if (mm->map_count <= 24) {
			grade_say(ctx, _("The tree (right subtrees above, left "
			    "below):\n"));
			say_tree(ctx, mm->mm_rb.rb_node, 0, w);
		}
		(void)erase;
		return 0;
	}
	mm_free(mm);
	free(vs);
	free(slot);
	return 1;
}

/* ---- lab 5: brk ----------------------------------------------------------- */

static int
same_mm_fields(const struct mm *a, const struct mm *b, const char **what)
{
	if (a->brk != b->brk)
		*what = "mm->brk";
	else if (a->total_vm != b->total_vm)
		*what = "total_vm";
	else if (a->data_vm != b->data_vm)
		*what = "data_vm";
	else if (a->locked_vm != b->locked_vm)
		*what = "locked_vm";
	else if (a->populated != b->populated)
		*what = "the pages populated";
	else
		return 1;
	return 0;
}

static int
brk_call(struct grade_ctx *ctx, const struct grade_brk *g, struct mm *base,
    unsigned long unit, int ncols, unsigned long arg, int nth)
{
	const struct grade_lab *lab = grade_lab_of(ctx);
	struct mm *ref = mm_clone(base), *stu = mm_clone(base);
	struct trace tr, ts;
	struct grade_rec rr, rs;
	unsigned long x1, x2;
	const char *msg = NULL, *field;
	const struct vma *where;
	char b1[32], b2[32];
	struct grade_mark mk[2];
	int ok = 0;

	if (ref == NULL || stu == NULL || lab->student.sys_brk == NULL) {
		mm_free(ref);
		mm_free(stu);
		return 0;
	}
	grade_rec_sink(&tr, &rr, REC_MAX);
	grade_rec_sink(&ts, &rs, REC_MAX);
	mm_trace_attach(ref, &tr);
	mm_trace_attach(stu, &ts);
	x1 = sys_brk(ref, arg);
	x2 = lab->student.sys_brk(stu, arg);
	mm_trace_detach(ref);
	mm_trace_detach(stu);
	if (x1 != x2)
		msg = "the results differ";
	else if ((msg = mm_validate(stu)) != NULL)
		;
	else if ((msg = same_vmas(ref, stu, &where)) != NULL)
		;
	else if (!same_mm_fields(ref, stu, &field))
		msg = field;
	if (msg == NULL) {
		if (!grade_diff_decisions(ctx, "sys_brk", &rr.rec, &rs.rec))
			grade_say(ctx, _("(The result is right, so this call "
			    "passes.)\n"));
		ok = 1;
		if (nth == 1 && g->then_brk)
			ok = brk_call(ctx, g, ref, unit, ncols,
			    PAGE_ALIGN(ref->brk) + (unsigned long)g->arg2, 2);
		goto out;
	}
	if (g->what != NULL)
		grade_say(ctx, "%s\n", i18n_str(g->what));
	grade_say(ctx, _("%ssys_brk(0x%lx) with start_brk=0x%lx, brk=0x%lx"),
	    nth == 2 ? "The second call, " : "", arg, base->start_brk,
	    base->brk);
	if (base->rlim[VM_RLIMIT_DATA].cur != RLIM_INFINITY)
		grade_say(ctx, _(", RLIMIT_DATA=0x%lx (data: 0x%lx bytes)"),
		    base->rlim[VM_RLIMIT_DATA].cur,
		    base->end_data - base->start_data);
	if (base->compat_brk)
		grade_say(ctx, _(", CONFIG_COMPAT_BRK (end_data=0x%lx)"),
		    base->end_data);
	if (base->def_flags & VM_LOCKED)
		grade_say(ctx, _(", mlockall(MCL_FUTURE)"));
	grade_say(ctx, ":\n");
	if (x1 != x2)
		grade_say(ctx, _("  yours returns %s; the kernel's returns %s.\n"),
		    grade_fmt_result(x2, b2, sizeof(b2)),
		    grade_fmt_result(x1, b1, sizeof(b1)));
	else
		grade_say(ctx, _("  both return %s, but afterwards %s differs "
		    "(yours: brk=0x%lx total_vm=%lu data_vm=%lu locked_vm=%lu "
		    "populated=%lu; the kernel's: brk=0x%lx total_vm=%lu "
		    "data_vm=%lu locked_vm=%lu populated=%lu).\n"),
		    grade_fmt_result(x1, b1, sizeof(b1)), msg, stu->brk,
		    stu->total_vm, stu->data_vm, stu->locked_vm, stu->populated,
		    ref->brk, ref->total_vm, ref->data_vm, ref->locked_vm,
		    ref->populated);
	grade_diff_decisions(ctx, "sys_brk", &rr.rec, &rs.rec);
	grade_say(ctx, _("\n  Before the call:\n"));
	mk[0] = (struct grade_mark){ N_("brk before"), base->brk, base->brk,
	    '^' };
	mk[1] = (struct grade_mark){ N_("argument"), arg, arg, '^' };
	grade_draw(ctx, base, GRADE_BASE, unit, ncols, mk, 2);
	if (same_vmas(ref, stu, &where) == NULL) {
		grade_say(ctx, _("  After the call (the VMAs are the same on both "
		    "sides):\n"));
		mk[0] = (struct grade_mark){ N_("kernel's brk"), ref->brk,
		    ref->brk, '^' };
		mk[1] = (struct grade_mark){ N_("your brk"), stu->brk, stu->brk,
		    '^' };
		grade_draw(ctx, ref, GRADE_BASE, unit, ncols, mk, 2);
		goto out;
	}
	grade_say(ctx, _("  After the kernel's call:\n"));
	mk[0] = (struct grade_mark){ N_("brk"), ref->brk, ref->brk, '^' };
	grade_draw(ctx, ref, GRADE_BASE, unit, ncols, mk, 1);
	grade_say(ctx, _("  After yours:\n"));
	mk[0] = (struct grade_mark){ N_("brk"), stu->brk, stu->brk, '^' };
	grade_draw(ctx, stu, GRADE_BASE, unit, ncols, mk, 1);
out:
	free_recs(&rr, &rs);
	mm_free(ref);
	free_checked(stu);
	return ok;
}

int
grade_run_brk(struct grade_ctx *ctx, const void *arg)
{
	const struct grade_brk *g = arg;
	unsigned long unit = g->unit ? g->unit : PAGE_SIZE, a;
	int ncols = (int)strlen(g->pic), ok;
	char err[256];
	struct mm *mm;

	mm = grade_pic_mm(g->pic, GRADE_BASE, unit, LAYOUT_LEGACY, err,
	    sizeof(err));
	if (mm == NULL) {
		grade_say(ctx, _("(bad test: %s)\n"), err);
		return 0;
	}
	if (strchr(g->pic, 'H') == NULL)
		mm->start_brk = mm->brk = GRADE_BASE +
		    (unsigned long)g->brk_col * unit;
	mm->brk -= (unsigned long)g->cur_off;
	mm->end_data = mm->start_brk - 2 * PAGE_SIZE;
	mm->start_data = mm->end_data - g->data_bytes;
	mm->start_code = mm->end_code = mm->start_data;
	if (g->rlimit_data != 0)
		mm->rlim[VM_RLIMIT_DATA].cur = g->rlimit_data;
	if (g->rlimit_as != 0)
		mm->rlim[VM_RLIMIT_AS].cur = g->rlimit_as;
	mm->compat_brk = g->compat_brk != 0;
	if (g->locked)
		mm->def_flags = VM_LOCKED;
	a = g->from_start ? mm->start_brk + (unsigned long)g->arg :
	    PAGE_ALIGN(mm->brk) + (unsigned long)g->arg;
	if (ncols < 8)
		ncols = 8;
	ok = brk_call(ctx, g, mm, unit, ncols + 2, a, 1);
	mm_free(mm);
	return ok;
}

/* ---- generated cases for the hidden tests ------------------------------------ */

int
grade_run_gap_random(struct grade_ctx *ctx, const void *arg)
{
	const struct grade_gap_random *g = arg;
	uint64_t rs = g->hidden ? grade_hidden_mix(g->seed) : g->seed + 5;
	struct grade_gap gg;
	char pic[128];
	int round, ncols;

	for (round = 0; round < g->rounds; round++) {
		ncols = 4 + (int)rnd(&rs, 60);
		random_picture(&rs, pic, ncols, g->stacks);
		memset(&gg, 0, sizeof(gg));
		gg.pic = pic;
		gg.unit = g->stacks ? 64 * PAGE_SIZE : PAGE_SIZE;
		gg.poison = rnd(&rs, 2) == 0;
		if (!grade_run_gap(ctx, &gg)) {
			grade_say(ctx, _("(generated case %d of %d)\n"), round + 1,
			    g->rounds);
			return 0;
		}
	}
	return 1;
}

int
grade_run_brk_random(struct grade_ctx *ctx, const void *arg)
{
	const struct grade_brk_random *g = arg;
	uint64_t rs = g->hidden ? grade_hidden_mix(g->seed) : g->seed + 11;
	struct grade_brk b;
	char pic[96];
	int round, c, i, below, heap, above;

	for (round = 0; round < g->rounds; round++) {
		below = 1 + (int)rnd(&rs, 4);
		heap = (int)rnd(&rs, 5);
		above = (int)rnd(&rs, 8);
		c = 0;
		for (i = 0; i < 3; i++)
			pic[c++] = 'A';
		for (i = 0; i < below; i++)
			pic[c++] = '.';
		for (i = 0; i < heap; i++)
			pic[c++] = 'H';
		for (i = 0; i < above; i++)
			pic[c++] = '.';
		if (rnd(&rs, 3) != 0)
			for (i = 0; i < 2; i++)
				pic[c++] = 'B';
		pic[c] = '\0';
		memset(&b, 0, sizeof(b));
		b.pic = pic;
		b.brk_col = 3 + below;
		if (heap > 0 && rnd(&rs, 3) == 0)
			b.cur_off = (long)rnd(&rs, PAGE_SIZE);
		b.from_start = rnd(&rs, 4) == 0;
		if (b.from_start)
			b.arg = (long)rnd(&rs, (unsigned long)(heap + above + 2) *
			    PAGE_SIZE) - (long)rnd(&rs, 2 * PAGE_SIZE);
		else
			b.arg = ((long)rnd(&rs, (unsigned long)(heap + above + 3)) -
			    (long)heap) * (long)PAGE_SIZE +
			    (rnd(&rs, 3) == 0 ? (long)rnd(&rs, PAGE_SIZE) : 0);
		if (rnd(&rs, 4) == 0)
			b.rlimit_data = (1 + rnd(&rs, (unsigned long)heap +
			    above + 4)) * PAGE_SIZE;
		if (rnd(&rs, 4) == 0)
			b.data_bytes = rnd(&rs, 4) * PAGE_SIZE;
		b.compat_brk = rnd(&rs, 8) == 0;
		b.locked = rnd(&rs, 8) == 0;
		if (!grade_run_brk(ctx, &b)) {
			grade_say(ctx, _("(generated case %d of %d)\n"), round + 1,
			    g->rounds);
			return 0;
		}
	}
	return 1;
}
