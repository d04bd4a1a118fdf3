/*
 * rbtree.c - red-black trees with augmentation callbacks.
 *
 * The red-black properties:
 *  1) every node is red or black;
 *  2) the root is black;
 *  3) the leaves (NULL) are black;
 *  4) both children of a red node are black;
 *  5) every path from a node to the leaves below it holds the same number
 *     of black nodes (the node's black height).
 *
 * 4) and 5) together bound the height: the shortest root-to-leaf path is
 * all black, the longest alternates red and black, so no path is more than
 * twice as long as another and the height is at most 2*log2(n+1). That is
 * why find_vma and the gap search visit O(log n) nodes.
 *
 * In the pictures below, upper case is black, lower case red, and a node
 * in parentheses may be either.
 */
#include "rbtree.h"

static void
dummy_propagate(struct rb_node *node, struct rb_node *stop)
{
	(void)node;
	(void)stop;
}

static void
dummy_copy(struct rb_node *old, struct rb_node *new)
{
	(void)old;
	(void)new;
}

static void
dummy_rotate(struct rb_node *old, struct rb_node *new)
{
	(void)old;
	(void)new;
}

const struct rb_augment_callbacks rb_no_augment = {
	.propagate = dummy_propagate,
	.copy = dummy_copy,
	.rotate = dummy_rotate,
};

static void
rb_set_parent(struct rb_node *rb, struct rb_node *p)
{
	rb->rb_parent_color = (rb->rb_parent_color & 1) | (uintptr_t)p;
}

static void
rb_set_parent_color(struct rb_node *rb, struct rb_node *p, int color)
{
	rb->rb_parent_color = (uintptr_t)p | (uintptr_t)color;
}

static void
rb_set_color(struct rb_node *rb, int color)
{
	rb->rb_parent_color = (rb->rb_parent_color & ~1UL) | (uintptr_t)color;
}

/* Make `new` take `old`'s place as a child of `parent` (or as the root). */
static void
rb_change_child(struct rb_node *old, struct rb_node *new,
    struct rb_node *parent, struct rb_root *root)
{
	if (parent == NULL)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 * Left rotation around x:
 *
 *        x                y
 *       / \              / \
 *      a   y     -->    x   c
 *         / \          / \
 *        b   c        a   b
 *
 * Colours are the caller's business; the augmented value moves with the
 * subtree: y now roots what x rooted, x is recomputed.
 */
static void
rb_rotate_left(struct rb_node *x, struct rb_root *root,
    const struct rb_augment_callbacks *aug)
{
	struct rb_node *y = x->rb_right, *parent = rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left != NULL)
		rb_set_parent(y->rb_left, x);
	y->rb_left = x;
	rb_set_parent(y, parent);
	rb_change_child(x, y, parent, root);
	rb_set_parent(x, y);
	aug->rotate(x, y);
}

/* The mirror image of rb_rotate_left. */
static void
rb_rotate_right(struct rb_node *x, struct rb_root *root,
    const struct rb_augment_callbacks *aug)
{
	struct rb_node *y = x->rb_left, *parent = rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right != NULL)
		rb_set_parent(y->rb_right, x);
	y->rb_right = x;
	rb_set_parent(y, parent);
	rb_change_child(x, y, parent, root);
	rb_set_parent(x, y);
	aug->rotate(x, y);
}

/*
 * Insertion: `node` was linked red. Only property 4 can be broken, by a
 * red parent. Loop invariant: `node` is red and the only possible
 * violation is between node and its parent.
 */
void
rb_insert_augmented(struct rb_node *node, struct rb_root *root,
    const struct rb_augment_callbacks *aug)
{
	struct rb_node *parent, *gparent, *uncle;

	while ((parent = rb_parent(node)) != NULL && rb_is_red(parent)) {
		/* A red parent is never the root, so gparent exists. */
		gparent = rb_parent(parent);
		uncle = gparent->rb_left == parent ?
		    gparent->rb_right : gparent->rb_left;

		if (uncle != NULL && rb_is_red(uncle)) {
			/*
			 * Case 1: red uncle. Flip colours and move the
			 * possible violation two levels up.
			 *
			 *       G            g
			 *      / \          / \
			 *     p   u  -->   P   U
			 *    /            /
			 *   n            n
			 */
			rb_set_color(parent, RB_BLACK);
			rb_set_color(uncle, RB_BLACK);
			rb_set_color(gparent, RB_RED);
			node = gparent;
			continue;
		}

		if (gparent->rb_left == parent) {
			if (parent->rb_right == node) {
				/*
				 * Case 2: node is an inner grandchild.
				 * Rotate it outward, which is case 3.
				 *
				 *      G             G
				 *     / \           / \
				 *    p   U  -->    n   U
				 *     \           /
				 *      n         p
				 */
				rb_rotate_left(parent, root, aug);
				node = parent;
				parent = rb_parent(node);
			}
			/*
			 * Case 3: node is an outer grandchild. Rotate at
			 * the grandparent and swap colours: done.
			 *
			 *        G           P
			 *       / \         / \
			 *      p   U  -->  n   g
			 *     /                 \
			 *    n                   U
			 */
			rb_rotate_right(gparent, root, aug);
		} else {
			if (parent->rb_left == node) {
				rb_rotate_right(parent, root, aug);
				node = parent;
				parent = rb_parent(node);
			}
			rb_rotate_left(gparent, root, aug);
		}
		rb_set_color(parent, RB_BLACK);
		rb_set_color(gparent, RB_RED);
		break;
	}
	rb_set_color(root->rb_node, RB_BLACK);
}

/*
 * After unlinking a black node, the subtree rooted at `node` (possibly
 * NULL) under `parent` is one black node short. Loop invariant: every path
 * through `node` has one black node less than the paths beside it.
 */
static void
rb_erase_fixup(struct rb_node *node, struct rb_node *parent,
    struct rb_root *root, const struct rb_augment_callbacks *aug)
{
	struct rb_node *sib;

	while (node != root->rb_node && (node == NULL || rb_is_black(node))) {
		if (parent->rb_left == node) {
			sib = parent->rb_right;
			if (rb_is_red(sib)) {
				/*
				 * Case 1: red sibling. Rotate it above the
				 * parent; the new sibling is black.
				 *
				 *     P               S
				 *    / \             / \
				 *   N   s    -->    p   Sr
				 *      / \         / \
				 *     Sl  Sr      N   Sl
				 */
				rb_set_color(sib, RB_BLACK);
				rb_set_color(parent, RB_RED);
				rb_rotate_left(parent, root, aug);
				sib = parent->rb_right;
			}
			if ((sib->rb_left == NULL || rb_is_black(sib->rb_left)) &&
			    (sib->rb_right == NULL || rb_is_black(sib->rb_right))) {
				/*
				 * Case 2: black sibling with black children.
				 * Paint it red: the shortage moves up to the
				 * parent.
				 */
				rb_set_color(sib, RB_RED);
				node = parent;
				parent = rb_parent(node);
				continue;
			}
			if (sib->rb_right == NULL || rb_is_black(sib->rb_right)) {
				/*
				 * Case 3: the sibling's outer child is black,
				 * its inner child red. Rotate at the sibling
				 * to make the red child outer: case 4.
				 *
				 *   (p)           (p)
				 *   / \           / \
				 *  N   S    -->  N   sl
				 *     / \             \
				 *    sl  Sr            S
				 *                       \
				 *                        Sr
				 */
				rb_set_color(sib->rb_left, RB_BLACK);
				rb_set_color(sib, RB_RED);
				rb_rotate_right(sib, root, aug);
				sib = parent->rb_right;
			}
			/*
			 * Case 4: the sibling's outer child is red. Rotate at
			 * the parent; the extra black on the left mends the
			 * shortage.
			 *
			 *      (p)             (s)
			 *      / \             / \
			 *     N   S     -->   P   Sr
			 *        / \         / \
			 *      (sl) sr      N  (sl)
			 */
			rb_set_color(sib, rb_color(parent));
			rb_set_color(parent, RB_BLACK);
			rb_set_color(sib->rb_right, RB_BLACK);
			rb_rotate_left(parent, root, aug);
			node = root->rb_node;
			break;
		} else {
			/* The mirror images of the four cases above. */
			sib = parent->rb_left;
			if (rb_is_red(sib)) {
				rb_set_color(sib, RB_BLACK);
				rb_set_color(parent, RB_RED);
				rb_rotate_right(parent, root, aug);
				sib = parent->rb_left;
			}
			if ((sib->rb_left == NULL || rb_is_black(sib->rb_left)) &&
			    (sib->rb_right == NULL || rb_is_black(sib->rb_right))) {
				rb_set_color(sib, RB_RED);
				node = parent;
				parent = rb_parent(node);
				continue;
			}
			if (sib->rb_left == NULL || rb_is_black(sib->rb_left)) {
				rb_set_color(sib->rb_right, RB_BLACK);
				rb_set_color(sib, RB_RED);
				rb_rotate_left(sib, root, aug);
				sib = parent->rb_left;
			}
			rb_set_color(sib, rb_color(parent));
			rb_set_color(parent, RB_BLACK);
			rb_set_color(sib->rb_left, RB_BLACK);
			rb_rotate_right(parent, root, aug);
			node = root->rb_node;
			break;
		}
	}
	if (node != NULL)
		rb_set_color(node, RB_BLACK);
}

/*
 * Erase. Three shapes, as in any binary search tree:
 *  - no left child: the right child (maybe NULL) takes the node's place;
 *  - no right child: the left child does;
 *  - two children: the successor (leftmost of the right subtree, which has
 *    no left child) is unlinked from where it is and takes the node's
 *    place and colour.
 * The augmented values are mended with copy() where a node takes another's
 * place and propagate() from the lowest changed point up; then, if a black
 * node left its position, rb_erase_fixup restores the black heights.
 */
void
rb_erase_augmented(struct rb_node *node, struct rb_root *root,
    const struct rb_augment_callbacks *aug)
{
	struct rb_node *child, *parent, *succ, *fix_parent, *fix_node;
	int removed_color;

	parent = rb_parent(node);
	if (node->rb_left == NULL || node->rb_right == NULL) {
		child = node->rb_left != NULL ? node->rb_left : node->rb_right;
		removed_color = rb_color(node);
		rb_change_child(node, child, parent, root);
		if (child != NULL)
			rb_set_parent(child, parent);
		fix_node = child;
		fix_parent = parent;
		aug->propagate(parent, NULL);
	} else {
		succ = node->rb_right;
		while (succ->rb_left != NULL)
			succ = succ->rb_left;
		removed_color = rb_color(succ);
		child = succ->rb_right;
		if (succ == node->rb_right) {
			/*
			 *     N            S
			 *    / \          / \
			 *   L   S   -->  L   c
			 *        \
			 *         c
			 */
			fix_parent = succ;
		} else {
			/*
			 *     N             S
			 *    / \           / \
			 *   L   R   -->   L   R
			 *      /             /
			 *     S             c
			 *      \
			 *       c
			 */
			fix_parent = rb_parent(succ);
			fix_parent->rb_left = child;
			if (child != NULL)
				rb_set_parent(child, fix_parent);
			succ->rb_right = node->rb_right;
			rb_set_parent(node->rb_right, succ);
		}
		succ->rb_left = node->rb_left;
		rb_set_parent(node->rb_left, succ);
		rb_set_parent_color(succ, parent, rb_color(node));
		rb_change_child(node, succ, parent, root);
		fix_node = child;
		/*
		 * succ holds node's value now. Mend the path from where succ
		 * was up to succ, then succ and everything above it: the
		 * first walk may stop early, the second must not be skipped.
		 */
		aug->copy(node, succ);
		if (fix_parent != succ)
			aug->propagate(fix_parent, succ);
		aug->propagate(succ, NULL);
	}
	if (removed_color == RB_BLACK)
		rb_erase_fixup(fix_node, fix_parent, root, aug);
}

struct rb_node *
rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (n == NULL)
		return NULL;
	while (n->rb_left != NULL)
		n = n->rb_left;
	return n;
}

struct rb_node *
rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (n == NULL)
		return NULL;
	while (n->rb_right != NULL)
		n = n->rb_right;
	return n;
}

struct rb_node *
rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_right != NULL) {
		node = node->rb_right;
		while (node->rb_left != NULL)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	/* Go up until we arrive from a left child. */
	while ((parent = rb_parent(node)) != NULL && node == parent->rb_right)
		node = parent;
	return parent;
}

struct rb_node *
rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_left != NULL) {
		node = node->rb_left;
		while (node->rb_right != NULL)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) != NULL && node == parent->rb_left)
		node = parent;
	return parent;
}

/* Black height of the subtree at n, or -1 if a property is broken. */
static int
rb_check_node(const struct rb_node *n, const struct rb_node *parent)
{
	int lh, rh;

	if (n == NULL)
		return 1;
	if (rb_parent(n) != parent)
		return -1;
	if (rb_is_red(n) && ((n->rb_left != NULL && rb_is_red(n->rb_left)) ||
	    (n->rb_right != NULL && rb_is_red(n->rb_right))))
		return -1;
	lh = rb_check_node(n->rb_left, n);
	rh = rb_check_node(n->rb_right, n);
	if (lh < 0 || rh < 0 || lh != rh)
		return -1;
	return lh + rb_is_black(n);
}

int
rb_check(const struct rb_root *root)
{
	if (root->rb_node != NULL && rb_is_red(root->rb_node))
		return -1;
	return rb_check_node(root->rb_node, NULL);
}
