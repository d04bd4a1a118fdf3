/*
 * snap.c - snapshots of the VMA tree, and the replay that takes them.
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
static int
snap_walk(const struct rb_node *root, struct snap_tmp *t, int cap, int *cut)
{
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
		if (p.rb->rb_right != NULL)
			st[sp++] = (struct pending){ p.rb->rb_right, i, 0,
			    p.depth + 1 };
		if (p.rb->rb_left != NULL)
			st[sp++] = (struct pending){ p.rb->rb_left, i, 1,
			    p.depth + 1 };
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

int
snap_take(struct snap *s, const struct mm *mm)
{
	struct snap_tmp *t;
	struct snap_node *d;
	const struct vma **by_rank;
	int cap = mm->map_count + 64, n, i, cut;

	memset(s, 0, sizeof *s);
	snap_fields(s, mm);
	if ((t = calloc((size_t)cap, sizeof *t)) == NULL)
		return -1;
	if ((n = snap_walk(mm->mm_rb.rb_node, t, cap, &cut)) < 0 ||
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
		d->gap = snap_gap(v, t[i].rank > 0 ? by_rank[t[i].rank - 1] :
		    NULL);
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

/* ---- the replay ------------------------------------------------------- */

struct snap_replay_ctx {
	struct mm	*mm;
	snap_event_fn	 fn;
	void		*ctx;
	size_t		 op;
	int		 stop;
};

static void
snap_replay_event(void *ctx, const struct trace_event *ev)
{
	struct snap_replay_ctx *c = ctx;

	if (!c->stop && c->fn(c->ctx, c->mm, c->op, ev) != 0)
		c->stop = 1;
}

int
snap_replay(struct run *r, snap_event_fn fn, void *ctx,
    unsigned long *results, char *err, size_t errlen)
{
	struct snap_replay_ctx c = { r->mm, fn, ctx, 0, 0 };
	struct trace sink;
	const char *bad;
	unsigned long result;
	int rc = 0;

	memset(&sink, 0, sizeof sink);
	sink.event = snap_replay_event;
	sink.ctx = &c;
	mm_trace_attach(r->mm, &sink);
	for (c.op = 0; c.op < r->sc->nops; c.op++) {
		result = run_op(r, &r->sc->ops[c.op]);
		if (results != NULL)
			results[c.op] = result;
		if ((bad = mm_validate(r->mm)) != NULL) {
			if (err != NULL && errlen > 0)
				snprintf(err, errlen, "%s:%d: internal error: "
				    "after this call the model is "
				    "inconsistent: %s", r->sc->file,
				    r->sc->ops[c.op].lineno, bad);
			rc = -1;
			break;
		}
		if (c.stop) {
			rc = 1;
			break;
		}
	}
	mm_trace_detach(r->mm);
	return rc;
}
