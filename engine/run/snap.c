/*
 * snap.c - snapshots of the VMA tree.
 *
 * snap_take walks the tree twice: a pre-order walk from the root copies
 * each node into a scratch array (with the indices of its children), then
 * an in-order walk of that copy gives each node its place in address
 * order. Only the tree is read (see snap.h), so a snapshot taken between
 * a rotation and the next is exactly the tree of that moment.
 *
 *          B            scratch (pre-order)   n[] (in-order = address)
 *         / \           0:B 1:A 2:C 3:D       0:A 1:B 2:C 3:D
 *        A   C
 *             \
 *              D
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "snap.h"

/* One node of the scratch copy. */
struct snap_tmp {
	const struct vma *vma;
	int		 left, right, parent, depth, rank;
};

static char *
snap_strdup(const char *s)
{
	size_t n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	if ((p = malloc(n)) != NULL)
		memcpy(p, s, n);
	return p;
}

/*
 * Pre-order walk into t[] (at most `cap` nodes). Returns the number of
 * nodes, or -1 when out of memory; *cut is set when the cap was hit.
 */
/*
 * Which nodes a walk may enter (NULL: all): see snap_detached. Each
 * with the VMA before it on the list (its vm_prev may be cleared: 4.14's
 * detach_vmas_to_be_unmapped does so before it erases).
 */
struct snap_pair {
	const struct vma *v, *below;
};

struct snap_set {
	struct snap_pair *p;		/* sorted by address of the struct */
	size_t		 n;
};

static const struct snap_pair *
snap_set_find(const struct snap_set *set, const struct vma *v)
{
	size_t lo = 0, hi = set->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (set->p[mid].v == v)
			return &set->p[mid];
		if ((uintptr_t)set->p[mid].v < (uintptr_t)v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int
snap_set_has(const struct snap_set *set, const struct rb_node *rb)
{
	return snap_set_find(set, rb_entry(rb, struct vma, vm_rb)) != NULL;
}

/* A child the walk takes: any, or one of the set that names rb its
 * parent (a VMA half-linked into the tree may hold stale links). */
static const struct rb_node *
snap_child(const struct snap_set *set, const struct rb_node *rb,
    const struct rb_node *child)
{
	if (child == NULL || set == NULL)
		return child;
	return snap_set_has(set, child) && rb_parent(child) == rb ? child :
	    NULL;
}

static int
snap_walk(const struct rb_node *root, struct snap_tmp *t, int cap, int *cut,
    const struct snap_set *set)
{
	const struct rb_node *l, *r;
	struct pending {
		const struct rb_node *rb;
		int parent, is_left, depth;
	} *st;
	int sp = 0, n = 0, i;

	*cut = 0;
	if (root == NULL)
		return 0;
	if ((st = malloc((size_t)(cap + 2) * sizeof *st)) == NULL)
		return -1;
	st[sp++] = (struct pending){ root, -1, 0, 0 };
	while (sp > 0) {
		struct pending p = st[--sp];

		if (n == cap) {
			*cut = 1;
			break;
		}
		i = n++;
		t[i].vma = rb_entry(p.rb, struct vma, vm_rb);
		t[i].left = t[i].right = -1;
		t[i].parent = p.parent;
		t[i].depth = p.depth;
		if (p.parent >= 0) {
			if (p.is_left)
				t[p.parent].left = i;
			else
				t[p.parent].right = i;
		}
		/* Right pushed first: the left child is copied first. */
		if (sp + 2 > cap) {
			*cut = 1;
			continue;
		}
		if ((r = snap_child(set, p.rb, p.rb->rb_right)) != NULL)
			st[sp++] = (struct pending){ r, i, 0, p.depth + 1 };
		if ((l = snap_child(set, p.rb, p.rb->rb_left)) != NULL)
			st[sp++] = (struct pending){ l, i, 1, p.depth + 1 };
	}
	free(st);
	return n;
}

/* Gives each scratch node its in-order rank. Returns -1 out of memory. */
static int
snap_rank(struct snap_tmp *t, int n)
{
	int *st, sp = 0, cur = n > 0 ? 0 : -1, rank = 0;

	if ((st = malloc((size_t)(n + 1) * sizeof *st)) == NULL)
		return -1;
	while (cur >= 0 || sp > 0) {
		while (cur >= 0) {
			st[sp++] = cur;
			cur = t[cur].left;
		}
		cur = st[--sp];
		t[cur].rank = rank++;
		cur = t[cur].right;
	}
	free(st);
	return 0;
}

static unsigned long
snap_gap(const struct vma *vma, const struct vma *below)
{
	unsigned long start = vm_start_gap(vma), end;

	if (below == NULL)
		return start;
	end = vm_end_gap(below);
	return start > end ? start - end : 0;
}

static void
snap_fields(struct snap *s, const struct mm *mm)
{
	s->root = -1;
	s->map_count = mm->map_count;
	s->highest_vm_end = mm->highest_vm_end;
	s->mmap_base = mm->mmap_base;
	s->task_size = mm->task_size;
	s->stack_guard_gap = mm->stack_guard_gap;
	s->start_brk = mm->start_brk;
	s->brk = mm->brk;
	s->layout = mm->layout;
}

/*
 * Copies the subtree walked from `root` into s (fields set). `set` as
 * for snap_walk; with a set, each node's own gap is against the VMA
 * before it on the list (a detached subtree has no node below it in the
 * tree). Returns 0 or -1 (memory; s is then freed).
 */
static int
snap_copy(struct snap *s, const struct mm *mm, const struct rb_node *root,
    const struct snap_set *set)
{
	struct snap_tmp *t;
	struct snap_node *d;
	const struct vma **by_rank;
	int cap = mm->map_count + 64, n, i, cut;

	if ((t = calloc((size_t)cap, sizeof *t)) == NULL)
		return -1;
	if ((n = snap_walk(root, t, cap, &cut, set)) < 0 ||
	    snap_rank(t, n) < 0)
		goto fail;
	s->broken = cut;
	s->n = calloc((size_t)n + 1, sizeof *s->n);
	by_rank = calloc((size_t)n + 1, sizeof *by_rank);
	if (s->n == NULL || by_rank == NULL) {
		free(by_rank);
		goto fail;
	}
	for (i = 0; i < n; i++)
		by_rank[t[i].rank] = t[i].vma;
	for (i = 0; i < n; i++) {
		const struct vma *v = t[i].vma;

		d = &s->n[t[i].rank];
		d->start = v->vm_start;
		d->end = v->vm_end;
		d->flags = v->vm_flags;
		d->subtree_gap = v->rb_subtree_gap;
		d->gap = snap_gap(v, set != NULL ? snap_set_find(set,
		    v)->below : t[i].rank > 0 ? by_rank[t[i].rank - 1] : NULL);
		d->color = rb_color(&v->vm_rb);
		d->left = t[i].left >= 0 ? t[t[i].left].rank : -1;
		d->right = t[i].right >= 0 ? t[t[i].right].rank : -1;
		d->parent = t[i].parent >= 0 ? t[t[i].parent].rank : -1;
		d->depth = t[i].depth;
		if (d->depth + 1 > s->height)
			s->height = d->depth + 1;
		if (run_vma_name(mm, v) != NULL &&
		    (d->name = snap_strdup(run_vma_name(mm, v))) == NULL) {
			s->count = (size_t)n;
			free(by_rank);
			goto fail;
		}
	}
	free(by_rank);
	s->count = (size_t)n;
	s->root = n > 0 ? t[0].rank : -1;
	free(t);
	return 0;
fail:
	free(t);
	snap_free(s);
	return -1;
}

static int
snap_pair_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct snap_pair *)a)->v;
	uintptr_t y = (uintptr_t)((const struct snap_pair *)b)->v;

	return x < y ? -1 : x > y;
}

/*
 * The VMAs of the list that the walk from the root did not reach (see
 * snap.h), each subtree of them a snapshot on s->detached. A root is
 * one whose parent does not name it as a child:
 *
 *   rb_rotate_left(x), after x->rb_right = y->rb_left:
 *
 *        P                 P        detached:  y
 *        |                 |                    \
 *        x        ->       x                     c
 *       / \               / \
 *      a   y             a   b
 *         / \
 *        b   c
 *
 * Only VMAs of the list are entered, and only through links both ends
 * agree on. Returns 0 or -1 (memory).
 */
static int
snap_detached(struct snap *s, const struct mm *mm)
{
	struct snap_set set = { NULL, 0 };
	struct snap **tail = &s->detached;
	const struct vma *v, *below = NULL;
	const struct rb_node *p;
	size_t cap = (size_t)mm->map_count + 64, seen = 0;
	int i;

	if ((set.p = calloc(cap, sizeof *set.p)) == NULL)
		return -1;
	for (v = mm->mmap; v != NULL && seen++ < cap; v = v->vm_next) {
		i = snap_index(s, v->vm_start);
		if (i < 0 || s->n[i].end != v->vm_end)
			set.p[set.n++] = (struct snap_pair){ v, below };
		below = v;
	}
	qsort(set.p, set.n, sizeof *set.p, snap_pair_cmp);
	for (v = mm->mmap; v != NULL; v = v->vm_next) {
		if (!snap_set_has(&set, &v->vm_rb))
			continue;
		p = rb_parent(&v->vm_rb);
		if (p != NULL && snap_set_has(&set, p) &&
		    (p->rb_left == &v->vm_rb || p->rb_right == &v->vm_rb))
			continue;	/* under another one */
		if ((*tail = calloc(1, sizeof **tail)) == NULL)
			goto fail;
		snap_fields(*tail, mm);
		if (snap_copy(*tail, mm, &v->vm_rb, &set) < 0) {
			free(*tail);
			*tail = NULL;
			goto fail;
		}
		s->ndetached += (*tail)->count;
		tail = &(*tail)->detached;
	}
	free(set.p);
	return 0;
fail:
	free(set.p);
	return -1;
}

int
snap_take(struct snap *s, const struct mm *mm)
{
	memset(s, 0, sizeof *s);
	snap_fields(s, mm);
	if (snap_copy(s, mm, mm->mm_rb.rb_node, NULL) < 0)
		goto fail;
	/* Every VMA reached: nothing hangs apart (the usual case, and the
	 * only cost is this test). */
	if ((int)s->count == mm->map_count && !s->broken)
		return 0;
	if (!s->broken && snap_detached(s, mm) < 0)
		goto fail;
	return 0;
fail:
	snap_free(s);
	snap_fields(s, mm);
	return -1;
}

void
snap_free(struct snap *s)
{
	size_t i;

	if (s->n != NULL)
		for (i = 0; i < s->count; i++)
			free(s->n[i].name);
	free(s->n);
	if (s->detached != NULL) {
		snap_free(s->detached);
		free(s->detached);
	}
	memset(s, 0, sizeof *s);
	s->root = -1;
}

int
snap_find(const struct snap *s, unsigned long addr)
{
	size_t lo = 0, hi = s->count, mid;

	/* n[] is in address order: the first node with end > addr. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->n[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo < s->count ? (int)lo : -1;
}

int
snap_index(const struct snap *s, unsigned long start)
{
	int i = snap_find(s, start);

	return i >= 0 && s->n[i].start == start ? i : -1;
}
