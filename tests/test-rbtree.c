/*
 * test-rbtree.c - the red-black tree on its own, plain and augmented.
 *
 * The augmented test keeps, in every node, the largest weight of its
 * subtree (the same shape of value as rb_subtree_gap: a node's own weight,
 * like a VMA's own gap, is unrelated to its key) and checks it against a
 * recomputation after every insert and erase, together with the
 * red-black properties and the in-order walk.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

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
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
