/*
 * test-rbtree.c - the red-black tree on its own, plain and augmented.
 *
 * The augmented test keeps, in every node, the largest weight of its
 * subtree (the same shape of value as rb_subtree_gap: a node's own weight,
 * like a VMA's own gap, is unrelated to its key) and checks it against a
 * recomputation after every insert and erase, together with the
 * red-black properties and the in-order walk.
 *
 * The VMA tree of an mm is traced: each rebalancing case of insert and
 * erase is driven below by a small tree, drawn before and after, and the
 * test checks the shape, the colours, the decisions the trace reports
 * and the tree events (recolor, rotate) the tree pane draws from.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check-util.h"
#include "kernel/mm.h"
#include "kernel/rbtree.h"

struct item {
	struct rb_node	 rb;
	unsigned long	 key;
	unsigned long	 weight;
	unsigned long	 subtree_max;
	int		 in_tree;
};

#define N 2000

static struct item items[N];

static unsigned long
compute_max(const struct item *it)
{
	unsigned long m = it->weight, v;

	if (it->rb.rb_left != NULL) {
		v = rb_entry(it->rb.rb_left, struct item, rb)->subtree_max;
		if (v > m)
			m = v;
	}
	if (it->rb.rb_right != NULL) {
		v = rb_entry(it->rb.rb_right, struct item, rb)->subtree_max;
		if (v > m)
			m = v;
	}
	return m;
}

static void
max_propagate(struct rb_node *rb, struct rb_node *stop)
{
	struct item *it;
	unsigned long m;

	while (rb != stop) {
		it = rb_entry(rb, struct item, rb);
		m = compute_max(it);
		if (m == it->subtree_max)
			break;
		it->subtree_max = m;
		rb = rb_parent(rb);
	}
}

static void
max_copy(struct rb_node *old, struct rb_node *new)
{
	rb_entry(new, struct item, rb)->subtree_max =
	    rb_entry(old, struct item, rb)->subtree_max;
}

static void
max_rotate(struct rb_node *old, struct rb_node *new)
{
	struct item *o = rb_entry(old, struct item, rb);

	rb_entry(new, struct item, rb)->subtree_max = o->subtree_max;
	o->subtree_max = compute_max(o);
}

static const struct rb_augment_callbacks max_cb = {
	.propagate = max_propagate,
	.copy = max_copy,
	.rotate = max_rotate,
};

static void
insert(struct rb_root *root, struct item *it,
    const struct rb_augment_callbacks *cb)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;
	struct item *p;

	/* Walk down; raise subtree_max on the way. */
	while (*link != NULL) {
		parent = *link;
		p = rb_entry(parent, struct item, rb);
		if (p->subtree_max < it->weight)
			p->subtree_max = it->weight;
		link = it->key < p->key ? &parent->rb_left : &parent->rb_right;
	}
	it->subtree_max = it->weight;
	rb_link_node(&it->rb, parent, link);
	rb_insert_augmented(&it->rb, root, cb);
	it->in_tree = 1;
}

static long
check_max(const struct rb_node *rb)
{
	const struct item *it;
	long l, r;

	if (rb == NULL)
		return 0;
	l = check_max(rb->rb_left);
	r = check_max(rb->rb_right);
	it = rb_entry(rb, struct item, rb);
	if (l < 0 || r < 0 || it->subtree_max != compute_max(it))
		return -1;
	return l + r + 1;
}

static void
check_tree(const struct rb_root *root, long expect_n, int augmented)
{
	const struct rb_node *rb;
	unsigned long prev = 0;
	long n = 0, height;

	height = rb_check(root);
	ck_assert_msg(height >= 0, "a red-black property is broken");
	for (rb = rb_first(root); rb != NULL; rb = rb_next(rb)) {
		ck_assert(rb_entry(rb, struct item, rb)->key >= prev);
		prev = rb_entry(rb, struct item, rb)->key;
		n++;
	}
	ck_assert_int_eq(n, expect_n);
	/* The walk backwards sees the same nodes. */
	for (rb = rb_last(root); rb != NULL; rb = rb_prev(rb))
		n--;
	ck_assert_int_eq(n, 0);
	if (augmented)
		ck_assert_msg(check_max(root->rb_node) == expect_n,
		    "a subtree maximum differs from its recomputation");
}

static void
random_ops(const struct rb_augment_callbacks *cb, int augmented,
    unsigned seed)
{
	struct rb_root root = RB_ROOT;
	long n = 0;
	int i, k;

	srand(seed);
	for (i = 0; i < N; i++) {
		items[i].key = (unsigned long)(rand() % 5000);
		items[i].weight = (unsigned long)(rand() % 100000);
		items[i].in_tree = 0;
	}
	for (i = 0; i < 20000; i++) {
		k = rand() % N;
		if (!items[k].in_tree) {
			insert(&root, &items[k], cb);
			n++;
		} else {
			rb_erase_augmented(&items[k].rb, &root, cb);
			items[k].in_tree = 0;
			n--;
		}
		if (i % 97 == 0 || n < 20)
			check_tree(&root, n, augmented);
	}
	check_tree(&root, n, augmented);
}

START_TEST(test_plain)
{
	random_ops(&rb_no_augment, 0, 1);
}
END_TEST

START_TEST(test_augmented)
{
	random_ops(&max_cb, 1, (unsigned)_i + 2);
}
END_TEST

/*
 * Ascending insertion, the order in which a process maps its libraries,
 * keeps the height within 2*log2(n+1).
 */
START_TEST(test_height)
{
	struct rb_root root = RB_ROOT;
	int i, bh;

	for (i = 0; i < N; i++) {
		items[i].key = (unsigned long)i;
		items[i].weight = (unsigned long)(i * 7919 % 1000);
		insert(&root, &items[i], &max_cb);
	}
	bh = rb_check(&root);
	ck_assert_int_gt(bh, 0);
	/* black height h_b bounds the height by 2*h_b; 2^(h_b) - 1 <= n */
	ck_assert_int_le(bh, 12);
	check_tree(&root, N, 1);
}
END_TEST

START_TEST(test_empty)
{
	struct rb_root root = RB_ROOT;

	ck_assert_ptr_null(rb_first(&root));
	ck_assert_ptr_null(rb_last(&root));
	ck_assert_int_eq(rb_check(&root), 1);
	items[0].key = 7;
	items[0].weight = 3;
	insert(&root, &items[0], &max_cb);
	ck_assert_int_eq(rb_is_black(root.rb_node), 1);
	rb_erase_augmented(&items[0].rb, &root, &max_cb);
	ck_assert(RB_EMPTY_ROOT(&root));
}
END_TEST

/* ---- the VMA tree, traced: each rebalancing case ------------------------ */

/*
 * Key k is the one-page VMA at VBASE + 2k pages: never adjacent, so that
 * no two merge. Shapes are written preorder as KEY COLOUR(left,right),
 * B black and r red, "-" for no child: "2B(1r,3r)" is
 *
 *	    2B
 *	   /  \
 *	  1r   3r
 */
#define VBASE	0x10000000UL
#define VADDR(k)	(VBASE + 2UL * (unsigned long)(k) * PAGE_SIZE)

static struct mm *
vma_tree_mm(void)
{
	struct mm *mm = mm_new(arch_find("x86_64"));

	ck_assert_ptr_nonnull(mm);
	mm_setup_layout(mm, LAYOUT_TOPDOWN, 0);
	return mm;
}

static void
vma_map(struct mm *mm, int k)
{
	ck_assert_uint_eq(sys_mmap(mm, VADDR(k), PAGE_SIZE, PROT_READ,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0), VADDR(k));
}

static void
vma_unmap(struct mm *mm, int k)
{
	ck_assert_uint_eq(sys_munmap(mm, VADDR(k), PAGE_SIZE), 0);
}

static void
shape_of(const struct rb_node *rb, char *out, size_t len)
{
	char l[512], r[512];
	unsigned long k;

	if (rb == NULL) {
		snprintf(out, len, "-");
		return;
	}
	k = (rb_vma(rb)->vm_start - VBASE) / PAGE_SIZE / 2;
	if (rb->rb_left == NULL && rb->rb_right == NULL) {
		snprintf(out, len, "%lu%c", k, rb_is_black(rb) ? 'B' : 'r');
		return;
	}
	shape_of(rb->rb_left, l, sizeof(l));
	shape_of(rb->rb_right, r, sizeof(r));
	snprintf(out, len, "%lu%c(%s,%s)", k, rb_is_black(rb) ? 'B' : 'r', l,
	    r);
}

static void
ck_shape(struct mm *mm, const char *want)
{
	char have[2048];

	shape_of(mm->mm_rb.rb_node, have, sizeof(have));
	ck_assert_msg(strcmp(have, want) == 0, "tree %s, expected %s", have,
	    want);
	check_mm(mm, want);
}

/* An mm holding keys[0..n) mapped in that order, untraced. */
static struct mm *
vma_tree(const int *keys, int n, const char *want)
{
	struct mm *mm = vma_tree_mm();
	int i;

	for (i = 0; i < n; i++)
		vma_map(mm, keys[i]);
	ck_shape(mm, want);
	return mm;
}

/* Whether the recording holds a tree event `op` about key k. */
static int
rec_tree(const struct trace_rec *rec, enum trace_tree_op op, int k)
{
	size_t i;

	for (i = 0; i < rec->n; i++)
		if (rec->ev[i].kind == TRACE_TREE && rec->ev[i].tree_op == op &&
		    rec->ev[i].nvals > 0 && rec->ev[i].vals[0].value == VADDR(k))
			return 1;
	return 0;
}

/* Whether function `fn` was called in the recording. */
static int
rec_called(const struct trace_rec *rec, const char *fn)
{
	size_t i;

	for (i = 0; i < rec->n; i++)
		if (rec->ev[i].kind == TRACE_CALL &&
		    strcmp(rec->ev[i].func, fn) == 0)
			return 1;
	return 0;
}

/*
 * Insert case 1, a red uncle: recolour, and the check moves up to the
 * root, which is painted black again.
 *
 *	    2B               2r               2B
 *	   /  \     +4      /  \             /  \
 *	  1r   3r   -->   1B    3B   -->   1B    3B
 *	                          \               \
 *	                           4r              4r
 */
START_TEST(test_insert_red_uncle)
{
	static const int keys[] = { 1, 2, 3 };
	struct mm *mm = vma_tree(keys, 3, "2B(1r,3r)");
	struct trace_rec rec;
	struct trace t;

	rec_start(mm, &rec, &t);
	vma_map(mm, 4);
	rec_stop(mm, &rec);
	ck_shape(mm, "2B(1B,3B(-,4r))");
	ck_assert(rec_saw(&rec, "rb_insert_augmented.red_uncle", 1));
	ck_assert(rec_saw(&rec, "rb_insert_augmented.at_root", 1));
	ck_assert(rec_tree(&rec, TREE_RECOLOR, 1));
	ck_assert(rec_tree(&rec, TREE_RECOLOR, 3));
	ck_assert(rec_tree(&rec, TREE_RECOLOR, 2));
	ck_assert(!rec_called(&rec, "rb_rotate_left"));
	ck_assert(!rec_called(&rec, "rb_rotate_right"));
	trace_rec_free(&rec);
	mm_free(mm);
}
END_TEST

/*
 * Insert case 3, an outer grandchild, both ways: one rotation at the
 * grandparent, and parent and grandparent swap colours.
 *
 *	  1B                           6B
 *	    \            2B           /           4B
 *	     2r   +3    /  \        4r    +2     /  \
 *	          -->  1r   3r     /      -->   2r   6r
 */
START_TEST(test_insert_outer)
{
	static const int up[] = { 1, 2 }, down[] = { 6, 4 };
	struct mm *mm = vma_tree(up, 2, "1B(-,2r)");
	struct trace_rec rec;
	struct trace t;

	rec_start(mm, &rec, &t);
	vma_map(mm, 3);
	rec_stop(mm, &rec);
	ck_shape(mm, "2B(1r,3r)");
	ck_assert(rec_saw(&rec, "rb_insert_augmented.red_uncle", 0));
	ck_assert(rec_saw(&rec, "rb_insert_augmented.parent_left", 0));
	ck_assert(rec_saw(&rec, "rb_insert_augmented.inner_child", 0));
	ck_assert(rec_called(&rec, "rb_rotate_left"));
	ck_assert(!rec_called(&rec, "rb_rotate_right"));
	ck_assert(rec_tree(&rec, TREE_ROTATE, 1));	/* 1 goes down */
	trace_rec_free(&rec);
	mm_free(mm);

	mm = vma_tree(down, 2, "6B(4r,-)");
	rec_start(mm, &rec, &t);
	vma_map(mm, 2);
	rec_stop(mm, &rec);
	ck_shape(mm, "4B(2r,6r)");
	ck_assert(rec_saw(&rec, "rb_insert_augmented.parent_left", 1));
	ck_assert(rec_saw(&rec, "rb_insert_augmented.inner_child", 0));
	ck_assert(rec_called(&rec, "rb_rotate_right"));
	ck_assert(!rec_called(&rec, "rb_rotate_left"));
	trace_rec_free(&rec);
	mm_free(mm);
}
END_TEST

/*
 * Insert case 2, an inner grandchild, both ways: a rotation at the
 * parent makes it outer (case 3), then one at the grandparent.
 *
 *	  2B                 2B                   6B              6B
 *	    \     +4           \       4B        /      +4       /       4B
 *	     6r   -->  (rot R)  4r --> /  \     2r     -->      4r  --> /  \
 *	                         \    2r  6r              (rot L)/     2r  6r
 *	                          6r                        2r
 */
START_TEST(test_insert_inner)
{
	static const int right[] = { 2, 6 }, left[] = { 6, 2 };
	struct mm *mm = vma_tree(right, 2, "2B(-,6r)");
	struct trace_rec rec;
	struct trace t;

	rec_start(mm, &rec, &t);
	vma_map(mm, 4);
	rec_stop(mm, &rec);
	ck_shape(mm, "4B(2r,6r)");
	ck_assert(rec_saw(&rec, "rb_insert_augmented.parent_left", 0));
	ck_assert(rec_saw(&rec, "rb_insert_augmented.inner_child", 1));
	ck_assert(rec_called(&rec, "rb_rotate_right"));
	ck_assert(rec_called(&rec, "rb_rotate_left"));
	trace_rec_free(&rec);
	mm_free(mm);

	mm = vma_tree(left, 2, "6B(2r,-)");
	rec_start(mm, &rec, &t);
	vma_map(mm, 4);
	rec_stop(mm, &rec);
	ck_shape(mm, "4B(2r,6r)");
	ck_assert(rec_saw(&rec, "rb_insert_augmented.parent_left", 1));
	ck_assert(rec_saw(&rec, "rb_insert_augmented.inner_child", 1));
	ck_assert(rec_called(&rec, "rb_rotate_left"));
	ck_assert(rec_called(&rec, "rb_rotate_right"));
	trace_rec_free(&rec);
	mm_free(mm);
}
END_TEST

/* 1 2 3 4 5 6 inserted in order: 2B(1B,4r(3B,5B(-,6r))). */
static const int six[] = { 1, 2, 3, 4, 5, 6 };
#define SIX	"2B(1B,4r(3B,5B(-,6r)))"

/*
 * Erase cases 1 and 2: 1 (a black leaf) goes; its sibling 4 is red, so
 * it is rotated above 2 (case 1); the new sibling 3 has black children,
 * so it turns red and the shortage moves up to 2, which is red: painted
 * black, done (case 2).
 *
 *	      2B                  4B                  4B
 *	     /  \                /  \                /  \
 *	   1B    4r     -1     2r    5B     -->    2B    5B
 *	        /  \    -->      \     \             \     \
 *	      3B    5B            3B    6r            3r    6r
 *	              \
 *	               6r
 */
START_TEST(test_erase_red_sibling)
{
	struct mm *mm = vma_tree(six, 6, SIX);
	struct trace_rec rec;
	struct trace t;

	rec_start(mm, &rec, &t);
	vma_unmap(mm, 1);
	rec_stop(mm, &rec);
	ck_shape(mm, "4B(2B(-,3r),5B(-,6r))");
	ck_assert(rec_saw(&rec, "rb_erase_augmented.one_child", 1));
	ck_assert(rec_saw(&rec, "rb_erase_augmented.black_removed", 1));
	ck_assert(rec_saw(&rec, "__rb_erase_color.red_sibling", 1));
	ck_assert(rec_saw(&rec, "__rb_erase_color.black_children", 1));
	ck_assert(rec_saw(&rec, "__rb_erase_color.paint_black", 1));
	ck_assert(rec_tree(&rec, TREE_ERASE, 1));
	ck_assert(rec_tree(&rec, TREE_ROTATE, 2));	/* 2 goes down */
	trace_rec_free(&rec);
	mm_free(mm);
}
END_TEST

/*
 * Erase case 4: 3 (a black leaf) goes; its sibling 5 is black with a red
 * outer child 6, so one rotation at 4 mends the shortage.
 *
 *	      2B                     2B
 *	     /  \                   /  \
 *	   1B    4r       -3      1B    5r
 *	        /  \      -->          /  \
 *	      3B    5B               4B    6B
 *	              \
 *	               6r
 */
START_TEST(test_erase_outer_red)
{
	struct mm *mm = vma_tree(six, 6, SIX);
	struct trace_rec rec;
	struct trace t;

	rec_start(mm, &rec, &t);
	vma_unmap(mm, 3);
	rec_stop(mm, &rec);
	ck_shape(mm, "2B(1B,5r(4B,6B))");
	ck_assert(rec_saw(&rec, "__rb_erase_color.red_sibling", 0));
	ck_assert(rec_saw(&rec, "__rb_erase_color.black_children", 0));
	ck_assert(rec_saw(&rec, "__rb_erase_color.outer_black", 0));
	ck_assert(rec_called(&rec, "rb_rotate_left"));
	trace_rec_free(&rec);
	mm_free(mm);
}
END_TEST

/*
 * Erase case 3 then 4: 2 goes; its sibling 6 is black with only an inner
 * red child 5: a rotation at 6 makes it outer (case 3), one at 4 ends it
 * (case 4).
 *
 *	    4B                4B              4B                5B
 *	   /  \      -2         \    case 3     \    case 4    /  \
 *	  2B   6B    -->         6B   -->        5B    -->   4B    6B
 *	      /                 /                  \
 *	     5r                5r                   6r
 */
START_TEST(test_erase_inner_red)
{
	static const int keys[] = { 2, 4, 6, 8 };
	struct mm *mm = vma_tree(keys, 4, "4B(2B,6B(-,8r))");
	struct trace_rec rec;
	struct trace t;

	vma_unmap(mm, 8);		/* red: no rebalancing */
	ck_shape(mm, "4B(2B,6B)");
	vma_map(mm, 5);
	ck_shape(mm, "4B(2B,6B(5r,-))");
	rec_start(mm, &rec, &t);
	vma_unmap(mm, 2);
	rec_stop(mm, &rec);
	ck_shape(mm, "5B(4B,6B)");
	ck_assert(rec_saw(&rec, "__rb_erase_color.black_children", 0));
	ck_assert(rec_saw(&rec, "__rb_erase_color.outer_black", 1));
	ck_assert(rec_called(&rec, "rb_rotate_right"));
	ck_assert(rec_called(&rec, "rb_rotate_left"));
	trace_rec_free(&rec);
	mm_free(mm);
}
END_TEST

/*
 * Erase of a node with two children: its successor 3 (the leftmost of its
 * right subtree, not the right child itself) takes its place and colour;
 * 3 was black, so its old place is short: case 4 at 4.
 *
 *	      2B                    3B                    3B
 *	     /  \                  /  \                  /  \
 *	   1B    4r      -2      1B    4r      -->     1B    5r
 *	        /  \     -->             \                  /  \
 *	      3B    5B                    5B              4B    6B
 *	              \                     \
 *	               6r                    6r
 */
START_TEST(test_erase_successor)
{
	struct mm *mm = vma_tree(six, 6, SIX);
	struct trace_rec rec;
	struct trace t;
	size_t i;
	int succ = 0;

	rec_start(mm, &rec, &t);
	vma_unmap(mm, 2);
	rec_stop(mm, &rec);
	ck_shape(mm, "3B(1B,5r(4B,6B))");
	ck_assert(rec_saw(&rec, "rb_erase_augmented.one_child", 0));
	ck_assert(rec_saw(&rec, "rb_erase_augmented.succ_is_right", 0));
	ck_assert(rec_saw(&rec, "rb_erase_augmented.black_removed", 1));
	/* The erase event names the successor that moves. */
	for (i = 0; i < rec.n; i++)
		if (rec.ev[i].kind == TRACE_TREE &&
		    rec.ev[i].tree_op == TREE_ERASE && rec.ev[i].nvals >= 3 &&
		    strcmp(rec.ev[i].vals[2].name, "succ") == 0 &&
		    rec.ev[i].vals[2].value == VADDR(3))
			succ = 1;
	ck_assert(succ);
	trace_rec_free(&rec);
	mm_free(mm);
}
END_TEST

/*
 * The mirror of case 2: 5 (a black right child) goes; its sibling 3 is
 * black with no children: it turns red and the red parent 4 takes the
 * black.
 *
 *	      2B                    2B
 *	     /  \                  /  \
 *	   1B    4r       -5     1B    4B
 *	        /  \      -->         /
 *	      3B    5B              3r
 */
START_TEST(test_erase_mirror)
{
	static const int keys[] = { 1, 2, 3, 4, 5 };
	struct mm *mm = vma_tree(keys, 5, "2B(1B,4B(3r,5r))");
	struct trace_rec rec;
	struct trace t;

	vma_map(mm, 6);
	vma_unmap(mm, 6);
	ck_shape(mm, "2B(1B,4r(3B,5B))");
	rec_start(mm, &rec, &t);
	vma_unmap(mm, 5);
	rec_stop(mm, &rec);
	ck_shape(mm, "2B(1B,4B(3r,-))");
	ck_assert(rec_saw(&rec, "__rb_erase_color.node_left", 0));
	ck_assert(rec_saw(&rec, "__rb_erase_color.black_children", 1));
	ck_assert(rec_saw(&rec, "__rb_erase_color.paint_black", 1));
	trace_rec_free(&rec);
	mm_free(mm);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("rbtree");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_plain);
	tcase_add_loop_test(tc, test_augmented, 0, 4);
	tcase_add_test(tc, test_height);
	tcase_add_test(tc, test_insert_red_uncle);
	tcase_add_test(tc, test_insert_outer);
	tcase_add_test(tc, test_insert_inner);
	tcase_add_test(tc, test_erase_red_sibling);
	tcase_add_test(tc, test_erase_outer_red);
	tcase_add_test(tc, test_erase_inner_red);
	tcase_add_test(tc, test_erase_successor);
	tcase_add_test(tc, test_erase_mirror);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
