/*
 * test-dot.c - the Graphviz figure of the VMA tree, read back with
 * libcgraph and held against the engine.
 *
 * Each figure is written as DOT (agwrite: no layout, no plugin, nothing
 * that leaks inside libgvc) and read back with agmemread. Then:
 *
 *   - one node per VMA: as many nodes carrying vm_start as map_count, and
 *     for every VMA of mm->mmap the node v<start> with its end;
 *   - the edges are the engine's tree: from each node, an edge marked
 *     side=left to rb_left's VMA, side=right to rb_right's, no other;
 *   - the colours keep the red-black rules: a black root, no red node
 *     with a red child, the same number of black nodes on every path;
 *     the fill is the colour;
 *   - every gap in a label is the engine's: the own gap
 *     (vm_start_gap - vm_end_gap of vm_prev) and rb_subtree_gap;
 *   - a search overlay marks what unmapped_area really did.
 *
 * The scenarios: the built-in lectures, tests/data/dot/churn.scn (many
 * inserts, erases, splits, merges), after every call; and pictures of
 * address spaces for the searches (check-util.h).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cgraph.h>

#include "check-util.h"
#include "graphs.h"
#include "input/builtin.h"
#include "run/replay.h"
#include "run/run.h"
#include "run/search.h"
#include "run/snap.h"

#define P	PAGE_SIZE
#define LEG	0x2aaaaaaab000UL	/* mmap_base, legacy */
#define TOP	0x7ffff7fff000UL	/* mmap_base, top-down */
#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)
#define RW	(PROT_READ | PROT_WRITE)

/* ---- helpers ---------------------------------------------------------- */

static char *
attr(void *obj, const char *name)
{
	char *v = agget(obj, (char *)(uintptr_t)name);

	return v != NULL ? v : (char *)(uintptr_t)"";
}

static unsigned long
attr_hex(void *obj, const char *name)
{
	const char *v = attr(obj, name);

	ck_assert_msg(v[0] == '0' && v[1] == 'x', "attribute %s = '%s'", name,
	    v);
	return strtoul(v, NULL, 16);
}

/* Builds the figure of mm and reads its DOT back. */
static Agraph_t *
figure(struct mm *mm, const struct search *sr, const struct graphs_opts *o,
    int *nodes_out)
{
	struct graphs_opts none;
	struct snap s;
	Agraph_t *g, *back;
	char err[256], *text = NULL;
	size_t len = 0;
	FILE *fp;

	if (o == NULL) {
		memset(&none, 0, sizeof none);
		o = &none;
	}
	ck_assert_int_eq(snap_take(&s, mm), 0);
	ck_assert_int_eq(s.broken, 0);
	if (nodes_out != NULL)
		*nodes_out = (int)s.count;
	g = graphs_tree_build(&s, sr, o, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	fp = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(agwrite(g, fp), 0);
	fclose(fp);
	agclose(g);
	snap_free(&s);
	back = agmemread(text);
	ck_assert_msg(back != NULL, "the DOT does not read back:\n%s", text);
	free(text);
	return back;
}

static Agnode_t *
vma_node(Agraph_t *g, const struct vma *v)
{
	char name[32];

	snprintf(name, sizeof name, "v%lx", v->vm_start);
	return agnode(g, name, 0);
}

/* The child on `side` in the figure, or NULL (placeholders don't count). */
static Agnode_t *
child(Agraph_t *g, Agnode_t *n, const char *side)
{
	Agedge_t *e;
	Agnode_t *found = NULL;

	for (e = agfstout(g, n); e != NULL; e = agnxtout(g, e)) {
		if (attr(aghead(e), "vm_start")[0] == '\0')
			continue;
		if (strcmp(attr(e, "side"), side) == 0) {
			ck_assert_msg(found == NULL, "%s has two %s children",
			    agnameof(n), side);
			found = aghead(e);
		}
	}
	return found;
}

/* Black height below n in the figure, checking the red rule on the way. */
static int
black_height(Agraph_t *g, Agnode_t *n)
{
	Agnode_t *l, *r;
	int red, hl, hr;

	if (n == NULL)
		return 1;		/* NIL leaves are black */
	red = strcmp(attr(n, "rbcolor"), "red") == 0;
	ck_assert_msg(red || strcmp(attr(n, "rbcolor"), "black") == 0,
	    "%s has no colour", agnameof(n));
	l = child(g, n, "left");
	r = child(g, n, "right");
	if (red) {
		ck_assert_msg(l == NULL || strcmp(attr(l, "rbcolor"), "black")
		    == 0, "red %s has a red left child", agnameof(n));
		ck_assert_msg(r == NULL || strcmp(attr(r, "rbcolor"), "black")
		    == 0, "red %s has a red right child", agnameof(n));
	}
	hl = black_height(g, l);
	hr = black_height(g, r);
	ck_assert_msg(hl == hr, "black heights differ below %s: %d and %d",
	    agnameof(n), hl, hr);
	return hl + !red;
}

static unsigned long
own_gap(const struct vma *v)
{
	unsigned long start = vm_start_gap(v), end;

	if (v->vm_prev == NULL)
		return start;
	end = vm_end_gap(v->vm_prev);
	return start > end ? start - end : 0;
}

/*
 * A size as the figures must print it, written here from the rule and
 * not with fmt_size: "0" for nothing, bytes below 1 KiB, whole units
 * without a fraction ("4 KiB"), others with one decimal ("42.7 TiB").
 */
static void
human(char *buf, size_t len, unsigned long v)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB",
	    "PiB", "EiB" };
	double x = (double)v;
	unsigned long d = 1024;
	int u = 0;

	if (v == 0) {
		snprintf(buf, len, "0");
		return;
	}
	if (v < 1024) {
		snprintf(buf, len, "%lu B", v);
		return;
	}
	while (u < 5 && v / d >= 1024) {
		d *= 1024;
		u++;
	}
	if (v % d == 0)
		snprintf(buf, len, "%lu %s", v / d, unit[u]);
	else
		snprintf(buf, len, "%.1f %s", x / (double)d, unit[u]);
}

START_TEST(test_human_sizes)
{
	char b[32];

	human(b, sizeof b, 0x1000);
	ck_assert_str_eq(b, "4 KiB");
	human(b, sizeof b, 0x200000);
	ck_assert_str_eq(b, "2 MiB");
	human(b, sizeof b, 0x2aaaa26f4000UL);
	ck_assert_str_eq(b, "42.7 TiB");
	human(b, sizeof b, 0);
	ck_assert_str_eq(b, "0");
}
END_TEST

/*
 * The figure of a consistent mm, checked against it. `after` names the
 * moment for messages.
 */
static void
check_figure(struct mm *mm, const char *after)
{
	Agraph_t *g = figure(mm, NULL, NULL, NULL);
	const struct vma *v;
	Agnode_t *n, *root = NULL, *want;
	char text[96], size[32];
	const char *label;
	int nodes = 0, edges = 0;

	for (n = agfstnode(g); n != NULL; n = agnxtnode(g, n)) {
		Agedge_t *e;

		if (attr(n, "vm_start")[0] == '\0')
			continue;
		nodes++;
		for (e = agfstout(g, n); e != NULL; e = agnxtout(g, e))
			edges += attr(aghead(e), "vm_start")[0] != '\0';
		if (agfstin(g, n) == NULL) {
			ck_assert_msg(root == NULL, "after %s: two roots",
			    after);
			root = n;
		}
	}
	ck_assert_msg(nodes == mm->map_count, "after %s: %d nodes, map_count "
	    "%d", after, nodes, mm->map_count);
	ck_assert_int_eq(edges, nodes > 0 ? nodes - 1 : 0);
	for (v = mm->mmap; v != NULL; v = v->vm_next) {
		n = vma_node(g, v);
		ck_assert_msg(n != NULL, "after %s: no node for %lx", after,
		    v->vm_start);
		ck_assert_uint_eq(attr_hex(n, "vm_end"), v->vm_end);
		ck_assert_uint_eq(attr_hex(n, "gap"), own_gap(v));
		ck_assert_uint_eq(attr_hex(n, "subtree_gap"), v->rb_subtree_gap);
		ck_assert_str_eq(attr(n, "rbcolor"),
		    rb_is_red(&v->vm_rb) ? "red" : "black");
		ck_assert_str_eq(attr(n, "fillcolor"),
		    rb_is_red(&v->vm_rb) ? "#c62828" : "#202020");
		/* The label says the same as the attributes. */
		label = attr(n, "label");
		snprintf(text, sizeof text, "%lx-<BR/>%lx", v->vm_start,
		    v->vm_end);
		ck_assert_msg(strstr(label, text) != NULL, "label of %lx: %s",
		    v->vm_start, label);
		/* Sizes as people read them: never hex where a size is meant. */
		human(size, sizeof size, own_gap(v));
		snprintf(text, sizeof text, "gap %s<", size);
		ck_assert_msg(strstr(label, text) != NULL, "after %s: label of "
		    "%lx lacks '%s': %s", after, v->vm_start, text, label);
		human(size, sizeof size, v->rb_subtree_gap);
		snprintf(text, sizeof text, "subtree %s<", size);
		ck_assert_msg(strstr(label, text) != NULL, "after %s: label of "
		    "%lx lacks '%s': %s", after, v->vm_start, text, label);
		ck_assert_msg(strstr(label, "gap 0x") == NULL &&
		    strstr(label, "subtree 0x") == NULL, "after %s: a size in "
		    "hex in the label of %lx: %s", after, v->vm_start, label);
		/* The edges are the engine's tree. */
		want = v->vm_rb.rb_left != NULL ? vma_node(g, rb_entry(
		    v->vm_rb.rb_left, struct vma, vm_rb)) : NULL;
		ck_assert_msg(child(g, n, "left") == want, "after %s: left "
		    "child of %lx", after, v->vm_start);
		want = v->vm_rb.rb_right != NULL ? vma_node(g, rb_entry(
		    v->vm_rb.rb_right, struct vma, vm_rb)) : NULL;
		ck_assert_msg(child(g, n, "right") == want, "after %s: right "
		    "child of %lx", after, v->vm_start);
	}
	if (mm->map_count > 0) {
		ck_assert_ptr_eq(root, vma_node(g, rb_entry(mm->mm_rb.rb_node,
		    struct vma, vm_rb)));
		ck_assert_str_eq(attr(root, "rbcolor"), "black");
		black_height(g, root);
	}
	agclose(g);
}

/* Runs a scenario text, checking the figure before and after each call. */
static void
check_scenario(const char *text, const char *name)
{
	struct scenario sc;
	struct run r;
	char err[512], after[600];
	size_t i;

	ck_assert_msg(scenario_parse_string(text, name, &sc, err, sizeof err)
	    == 0, "%s", err);
	ck_assert_msg(run_start(&r, &sc, NULL, err, sizeof err) == 0, "%s",
	    err);
	check_figure(r.mm, "the start");
	for (i = 0; i < sc.nops; i++) {
		run_op(&r, &sc.ops[i]);
		check_mm(r.mm, sc.ops[i].text);
		snprintf(after, sizeof after, "%s:%d", name, sc.ops[i].lineno);
		check_figure(r.mm, after);
	}
	run_end(&r);
	scenario_free(&sc);
}

static char *
slurp(const char *rel)
{
	const char *srcdir = getenv("srcdir");
	char path[1024], *buf;
	size_t n;
	long len;
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", srcdir != NULL ? srcdir : ".",
	    rel);
	fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "cannot open %s (set srcdir)", path);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)len + 1);
	ck_assert_ptr_nonnull(buf);
	n = fread(buf, 1, (size_t)len, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* ---- the tree, node for node ------------------------------------------ */

START_TEST(test_builtins)
{
	const struct builtin *const *b;

	for (b = builtins; *b != NULL; b++)
		check_scenario((*b)->text, (*b)->name);
}
END_TEST

START_TEST(test_churn)
{
	char *text = slurp("tests/data/dot/churn.scn");

	check_scenario(text, "churn.scn");
	free(text);
}
END_TEST

/*
 * A tree of 300 VMAs built in address order, the worst order for an
 * unbalanced tree: the rotations keep it red-black, and so must the
 * figure.
 */
START_TEST(test_many)
{
	struct mm *mm = mm_new(NULL);
	const char *why;
	unsigned long a = 0x10000000UL;
	int i;

	mm_setup_layout(mm, LAYOUT_TOPDOWN, 0);
	for (i = 0; i < 300; i++) {
		a += (unsigned long)(i % 5 + 1) * P;
		ck_assert_ptr_nonnull(mm_add_vma(mm, a, a + P, VM_READ, 0, NULL,
		    NULL, &why));
		a += P;
	}
	check_figure(mm, "300 inserts");
	mm_free(mm);
}
END_TEST

START_TEST(test_empty)
{
	struct mm *mm = mm_new(NULL);
	Agraph_t *g;

	mm_setup_layout(mm, LAYOUT_TOPDOWN, 0);
	g = figure(mm, NULL, NULL, NULL);
	ck_assert_ptr_nonnull(agnode(g, (char *)"empty", 0));
	agclose(g);
	mm_free(mm);
}
END_TEST

/*
 * NIL leaves: a binary tree of n nodes has n + 1 of them, all black.
 *
 *   "AA B CC D EE F G"     7 VMAs, 8 NILs
 */
/* The legend without a search: the tree's key only, NIL as drawn. */
START_TEST(test_legend)
{
	struct mm *mm = pic_mm("AA B CC D EE F G", LEG, P, LAYOUT_LEGACY);
	struct graphs_opts o;
	const char *label;
	Agraph_t *g;

	memset(&o, 0, sizeof o);
	o.legend = 1;
	g = figure(mm, NULL, &o, NULL);
	label = attr(g, "label");
	ck_assert_msg(strstr(label, "<B>Key</B>") != NULL &&
	    strstr(label, "a red node") != NULL &&
	    strstr(label, "NIL leaves (empty, black) are not drawn") != NULL,
	    "legend: %s", label);
	ck_assert(strstr(label, "visited") == NULL);
	ck_assert(strstr(label, "not drawn (--depth") == NULL);
	agclose(g);
	o.nil = 1;
	o.depth = 2;
	g = figure(mm, NULL, &o, NULL);
	label = attr(g, "label");
	ck_assert_msg(strstr(label, "NIL: an empty leaf") != NULL &&
	    strstr(label, "a subtree not drawn") != NULL, "legend: %s", label);
	agclose(g);
	mm_free(mm);
}
END_TEST

START_TEST(test_nil)
{
	struct mm *mm = pic_mm("AA B CC D EE F G", LEG, P, LAYOUT_LEGACY);
	struct graphs_opts o;
	Agraph_t *g;
	Agnode_t *n;
	int nils = 0;

	memset(&o, 0, sizeof o);
	o.nil = 1;
	g = figure(mm, NULL, &o, NULL);
	for (n = agfstnode(g); n != NULL; n = agnxtnode(g, n))
		if (strncmp(agnameof(n), "nil", 3) == 0) {
			nils++;
			ck_assert_str_eq(attr(n, "rbcolor"), "black");
			ck_assert_ptr_null(agfstout(g, n));
		}
	ck_assert_int_eq(nils, mm->map_count + 1);
	agclose(g);
	mm_free(mm);
}
END_TEST

/*
 * A lone child keeps its side: the placeholder stands on the other side,
 * and the edges leave in the order left, right (ordering=out).
 */
START_TEST(test_placeholders)
{
	struct mm *mm = pic_mm("A B C D E", LEG, P, LAYOUT_LEGACY);
	const struct vma *v;
	Agraph_t *g = figure(mm, NULL, NULL, NULL);
	Agnode_t *n;
	Agedge_t *e;
	int kids, first_left;

	ck_assert_str_eq(attr(g, "ordering"), "out");
	for (v = mm->mmap; v != NULL; v = v->vm_next) {
		kids = (v->vm_rb.rb_left != NULL) + (v->vm_rb.rb_right != NULL);
		n = vma_node(g, v);
		e = agfstout(g, n);
		if (kids == 0) {
			ck_assert_ptr_null(e);
			continue;
		}
		/* Two edges, left first, the missing side invisible. */
		ck_assert_ptr_nonnull(e);
		first_left = strcmp(attr(e, "side"), "left") == 0;
		ck_assert(first_left);
		ck_assert_ptr_nonnull(agnxtout(g, e));
		if (kids == 1) {
			Agedge_t *miss = v->vm_rb.rb_left == NULL ? e :
			    agnxtout(g, e);

			ck_assert_str_eq(attr(miss, "style"), "invis");
			ck_assert_str_eq(attr(aghead(miss), "style"), "invis");
		}
	}
	agclose(g);
	mm_free(mm);
}
END_TEST

/* ---- cuts ------------------------------------------------------------- */

static int
count_prefix(Agraph_t *g, const char *prefix, int vmas_only)
{
	Agnode_t *n;
	int k = 0;

	for (n = agfstnode(g); n != NULL; n = agnxtnode(g, n))
		if (strncmp(agnameof(n), prefix, strlen(prefix)) == 0 &&
		    (!vmas_only || attr(n, "vm_start")[0] != '\0'))
			k++;
	return k;
}

START_TEST(test_depth)
{
	struct mm *mm = mm_new(NULL);
	struct graphs_opts o;
	const char *why;
	unsigned long a = 0x10000000UL;
	Agraph_t *g;
	int i;

	mm_setup_layout(mm, LAYOUT_TOPDOWN, 0);
	for (i = 0; i < 100; i++, a += 2 * P)
		ck_assert_ptr_nonnull(mm_add_vma(mm, a, a + P, VM_READ, 0, NULL,
		    NULL, &why));
	memset(&o, 0, sizeof o);
	o.depth = 3;
	g = figure(mm, NULL, &o, NULL);
	/* 100 nodes: the top three levels are full: 7 nodes, 8 cuts. */
	ck_assert_int_eq(count_prefix(g, "v", 1), 7);
	ck_assert_int_eq(count_prefix(g, "cut", 0), 8);
	agclose(g);

	/* Around the last VMA: its path from the root, and below it. */
	memset(&o, 0, sizeof o);
	o.has_around = 1;
	o.around = a - 2 * P;
	o.depth = 1;
	g = figure(mm, NULL, &o, NULL);
	{
		char name[32];
		struct snap s;
		int i2, path = 0;

		snap_take(&s, mm);
		for (i2 = (int)s.count - 1; i2 >= 0; i2 = s.n[i2].parent)
			path++;
		snprintf(name, sizeof name, "v%lx", a - 2 * P);
		ck_assert_ptr_nonnull(agnode(g, name, 0));
		/* The path, and no other VMA node. */
		ck_assert_int_eq(count_prefix(g, "v", 1), path);
		snap_free(&s);
	}
	agclose(g);
	mm_free(mm);
}
END_TEST

/* ---- searches --------------------------------------------------------- */

/* Records one mmap and reads its unmapped_area call back. */
static unsigned long
record_search(struct mm *mm, unsigned long len, struct search *sr,
    struct trace_rec *rec)
{
	struct trace t;
	unsigned long addr;
	size_t i;
	int started = 0;

	rec_start(mm, rec, &t);
	addr = sys_mmap(mm, 0, len, RW, ANON, NULL, 0);
	rec_stop(mm, rec);
	for (i = 0; i < rec->n; i++) {
		if (!started && search_is_call(&rec->ev[i])) {
			search_start(sr, &rec->ev[i]);
			started = 1;
		} else if (started)
			search_feed(sr, &rec->ev[i]);
	}
	ck_assert_msg(started, "no unmapped_area call");
	ck_assert(sr->returned);
	ck_assert_uint_eq(sr->result, addr);
	return addr;
}

/*
 * What any correct overlay must say, checked against the tree: each move
 * goes along an edge; no visit lands in a skipped subtree; a subtree
 * skipped for its gap has rb_subtree_gap < length; the search ends at the
 * node above the chosen gap.
 */
static void
check_search_shape(const struct snap *s, const struct search *sr)
{
	unsigned char *skipped = calloc(s->count + 1, 1);
	size_t k;
	int a, b, i, j;

	for (k = 0; k < sr->nskip; k++) {
		i = snap_index(s, sr->skip[k].start);
		ck_assert_int_ge(i, 0);
		if (sr->skip[k].why == SEARCH_SKIP_GAP) {
			ck_assert_uint_eq(sr->skip[k].value, s->n[i].subtree_gap);
			ck_assert_uint_lt(s->n[i].subtree_gap, sr->adj_length);
		}
		/* Mark the whole subtree. */
		for (j = 0; j < (int)s->count; j++) {
			int up;

			for (up = j; up >= 0 && up != i; up = s->n[up].parent)
				;
			if (up == i)
				skipped[j] = 1;
		}
	}
	for (k = 0; k < sr->nvisit; k++) {
		b = snap_index(s, sr->visit[k]);
		ck_assert_int_ge(b, 0);
		ck_assert_msg(!skipped[b], "visit %zu is in a skipped subtree",
		    k + 1);
		if (k == 0) {
			ck_assert_int_eq(b, s->root);
			continue;
		}
		a = snap_index(s, sr->visit[k - 1]);
		ck_assert_msg(s->n[a].left == b || s->n[a].right == b ||
		    s->n[b].left == a || s->n[b].right == a,
		    "visit %zu does not follow an edge", k + 1);
	}
	if (sr->state == SEARCH_FOUND && !sr->highest)
		ck_assert_uint_eq(sr->chosen, sr->visit[sr->nvisit - 1]);
	free(skipped);
}

/* Does the label's visit badge (yellow) hold the number k? */
static int
has_visit(const char *label, size_t k)
{
	char a[32], b[32];

	if (strstr(label, "#ffd54f") == NULL)
		return 0;
	snprintf(a, sizeof a, "<B>%zu<", k);
	snprintf(b, sizeof b, "<BR/>%zu<", k);
	return strstr(label, a) != NULL || strstr(label, b) != NULL;
}

/*
 * Bottom-up, from mmap_base. One column is a page.
 *
 *   col  0    5    10   15   20   25
 *        AA.BB..CC...DD....EE.....F
 *
 * Gaps of 1, 2, 3, 4 and 5 pages. A mapping of 4 pages takes the lowest
 * gap that fits: columns 14-17, below EE.
 */
START_TEST(test_search_bottomup)
{
	struct mm *mm = pic_mm("AA.BB..CC...DD....EE.....F", LEG, P,
	    LAYOUT_LEGACY);
	struct trace_rec rec;
	struct search sr;
	struct snap s;
	struct graphs_opts o;
	const char *label;
	Agraph_t *g;
	Agnode_t *n;
	char name[32];
	size_t k;

	ck_assert_int_eq(snap_take(&s, mm), 0);
	ck_assert_uint_eq(record_search(mm, 4 * P, &sr, &rec),
	    PIC(LEG, P, 14));
	ck_assert(!sr.topdown);
	ck_assert_int_eq(sr.state, SEARCH_FOUND);
	ck_assert_uint_eq(sr.chosen, PIC(LEG, P, 18));
	ck_assert_uint_eq(sr.length, 4 * P);
	ck_assert_uint_eq(sr.low_limit, LEG);
	check_search_shape(&s, &sr);
	ck_assert_uint_gt(sr.nskip, 0);

	/* The figure marks it: visits numbered, skips said, chosen shown. */
	g = figure(mm, &sr, NULL, NULL);
	for (k = 0; k < sr.nvisit; k++) {
		snprintf(name, sizeof name, "v%lx", sr.visit[k]);
		n = agnode(g, name, 0);
		if (n == NULL)		/* the new VMA merged it away */
			continue;
		ck_assert_msg(has_visit(attr(n, "label"), k + 1),
		    "%s is not marked as visit %zu", name, k + 1);
		ck_assert_msg(strcmp(attr(n, "color"), "#ff9800") == 0 ||
		    strcmp(attr(n, "color"), "#2e7d32") == 0,
		    "%s has no visited border", name);
	}
	for (k = 0; k < sr.nskip; k++) {
		snprintf(name, sizeof name, "v%lx", sr.skip[k].start);
		if ((n = agnode(g, name, 0)) != NULL)
			ck_assert(strstr(attr(n, "label"), "skipped") != NULL);
	}
	/* The length, as people read it: 4 pages. */
	ck_assert_msg(strstr(attr(g, "label"), "length 16 KiB") != NULL,
	    "caption: %s", attr(g, "label"));
	ck_assert(strstr(attr(g, "label"), "Key") == NULL);
	agclose(g);

	/* With the legend: the search's marks are in the key. */
	memset(&o, 0, sizeof o);
	o.legend = 1;
	g = figure(mm, &sr, &o, NULL);
	label = attr(g, "label");
	ck_assert_msg(strstr(label, "<B>Key</B>") != NULL &&
	    strstr(label, "a red node") != NULL &&
	    strstr(label, "a black node") != NULL &&
	    strstr(label, "NIL") != NULL &&
	    strstr(label, "rb_subtree_gap") != NULL &&
	    strstr(label, "visited by the search, in this order") != NULL &&
	    strstr(label, "the search skipped") != NULL &&
	    strstr(label, "the chosen gap is just below") != NULL,
	    "legend: %s", label);
	/* The key replaces the caption's colour line. */
	ck_assert(strstr(label, "visited, in order; grey") == NULL);
	agclose(g);
	snap_free(&s);
	search_free(&sr);
	trace_rec_free(&rec);
	mm_free(mm);
}
END_TEST

/*
 * Top-down, below mmap_base. The picture ends at mmap_base; one column is
 * a page.
 *
 *   a......BB.....CC....DD...EE..FF.GG|mmap_base
 *
 * Gaps, from the top: 1, 2, 3, 4, 5, 6 pages, and all the space below `a`.
 * A mapping of 5 pages takes the highest gap that fits: the 5 pages
 * below CC, at its top.
 */
START_TEST(test_search_topdown)
{
	const char *pic = "a......BB.....CC....DD...EE..FF.GG";
	unsigned long base = TOP - strlen(pic) * P;
	struct mm *mm = pic_mm(pic, base, P, LAYOUT_TOPDOWN);
	struct trace_rec rec;
	struct search sr;
	struct snap s;

	ck_assert_int_eq(snap_take(&s, mm), 0);
	ck_assert_uint_eq(record_search(mm, 5 * P, &sr, &rec),
	    PIC(base, P, 9));
	ck_assert(sr.topdown);
	ck_assert_int_eq(sr.state, SEARCH_FOUND);
	ck_assert(!sr.highest);
	ck_assert_uint_eq(sr.chosen, PIC(base, P, 14));
	ck_assert_uint_eq(sr.high_limit, TOP);
	check_search_shape(&s, &sr);
	ck_assert_uint_gt(sr.nskip, 0);
	snap_free(&s);
	search_free(&sr);
	trace_rec_free(&rec);
	mm_free(mm);
}
END_TEST

/* Top-down with room above the last VMA: the highest gap, no tree walk. */
START_TEST(test_search_highest)
{
	struct mm *mm = pic_mm("AA..BB", TOP - 64 * P, P, LAYOUT_TOPDOWN);
	struct trace_rec rec;
	struct search sr;

	record_search(mm, 2 * P, &sr, &rec);
	ck_assert_int_eq(sr.state, SEARCH_FOUND);
	ck_assert(sr.highest);
	ck_assert_uint_eq(sr.nvisit, 0);
	ck_assert_uint_eq(sr.result, TOP - 2 * P);
	search_free(&sr);
	trace_rec_free(&rec);
	mm_free(mm);
}
END_TEST

/* A search in progress: fed part of the way, it knows where it is. */
START_TEST(test_search_partial)
{
	struct mm *mm = pic_mm("AA.BB..CC...DD....EE.....F", LEG, P,
	    LAYOUT_LEGACY);
	struct trace_rec rec;
	struct trace t;
	struct search sr;
	size_t i, start = 0, visits = 0;

	rec_start(mm, &rec, &t);
	sys_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	rec_stop(mm, &rec);
	for (i = 0; i < rec.n && !search_is_call(&rec.ev[i]); i++)
		;
	ck_assert_uint_lt(i, rec.n);
	search_start(&sr, &rec.ev[start = i]);
	for (i = start + 1; i < rec.n; i++) {
		search_feed(&sr, &rec.ev[i]);
		if (sr.nvisit == 2)
			break;
	}
	ck_assert_int_eq(sr.state, SEARCH_RUNNING);
	ck_assert(sr.has_current);
	ck_assert_uint_eq(sr.current, sr.visit[1]);
	visits = sr.nvisit;
	ck_assert_uint_eq(visits, 2);
	search_free(&sr);
	trace_rec_free(&rec);
	mm_free(mm);
}
END_TEST

/* ---- snapshots in the middle of an edit -------------------------------- */

struct mid {
	int	 trees;		/* TREE events seen */
	int	 inserts_ok;
};

static int
mid_event(void *ctx, const struct replay_at *at, const struct trace_event *ev)
{
	struct mid *m = ctx;
	struct mm *mm = at->mm;
	struct snap s;
	Agraph_t *g;
	int nodes;

	if (ev->kind != TRACE_TREE)
		return 0;
	m->trees++;
	g = figure(mm, NULL, NULL, &nodes);
	ck_assert_int_eq(count_prefix(g, "v", 1), nodes);
	agclose(g);
	/* An insert shows the new node linked, red. */
	if (ev->tree_op == TREE_INSERT) {
		int i;

		ck_assert_int_eq(snap_take(&s, mm), 0);
		i = snap_index(&s, ev->vals[0].value);
		ck_assert_int_ge(i, 0);
		m->inserts_ok++;
		snap_free(&s);
	}
	return 0;
}

START_TEST(test_mid_edit)
{
	char *text = slurp("tests/data/dot/churn.scn");
	struct scenario sc;
	struct run r;
	struct mid m = { 0, 0 };
	char err[512];

	ck_assert_msg(scenario_parse_string(text, "churn.scn", &sc, err,
	    sizeof err) == 0, "%s", err);
	ck_assert_int_eq(run_start(&r, &sc, NULL, err, sizeof err), 0);
	ck_assert_int_eq(replay_play(&r, 0, sc.nops - 1, 0, REPLAY_CHECK_EACH,
	    mid_event, &m, NULL, err, sizeof err), 0);
	ck_assert_int_gt(m.trees, 20);
	ck_assert_int_gt(m.inserts_ok, 5);
	run_end(&r);
	scenario_free(&sc);
	free(text);
}
END_TEST

static Suite *
dot_suite(void)
{
	Suite *s = suite_create("dot");
	TCase *tc;

	tc = tcase_create("tree");
	tcase_add_test(tc, test_human_sizes);
	tcase_add_test(tc, test_builtins);
	tcase_add_test(tc, test_churn);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_legend);
	tcase_add_test(tc, test_nil);
	tcase_add_test(tc, test_placeholders);
	tcase_add_test(tc, test_depth);
	suite_add_tcase(s, tc);

	tc = tcase_create("search");
	tcase_add_test(tc, test_search_bottomup);
	tcase_add_test(tc, test_search_topdown);
	tcase_add_test(tc, test_search_highest);
	tcase_add_test(tc, test_search_partial);
	suite_add_tcase(s, tc);

	tc = tcase_create("replay");
	tcase_add_test(tc, test_mid_edit);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(dot_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
