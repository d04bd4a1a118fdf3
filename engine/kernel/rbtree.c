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
#include "instrument.h"
#include "rbtree.h"

/*
 * The tree's work is traced when it is the VMA tree of a traced mm (its
 * callbacks say `vmas`): insert, erase and the rotations are instrumented
 * in full, and every recolouring is a tree event. A plain tree (a test's,
 * a lab's own callbacks) reports to nobody: rb_untraced has no trace.
 */
static struct mm rb_untraced;

static struct mm *
rb_owner(const struct rb_augment_callbacks *aug, const struct rb_node *node)
{
	return aug->vmas && node != NULL ? rb_vma(node)->vm_mm : &rb_untraced;
}

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

/*
 * rb_paint: rb_set_color, told to the tree pane: a "recolor" event names
 * the node and its new colour (black 1, red 0).
 */
static inline void
rb_paint(struct rb_node *rb, int color, const struct rb_augment_callbacks *aug)
{
	rb_set_color(rb, color);
	if (aug->vmas)
		TRACE_TREE(rb_vma(rb)->vm_mm, TREE_RECOLOR,
		    VN("node", rb_vma_start(rb)),
		    VN("black", (unsigned long)color));
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
 * subtree: y now roots what x rooted, x is recomputed (the rotate
 * callback, which reports the rotation to the tree pane).
 */
static void
rb_rotate_left(struct rb_node *x, struct rb_root *root,
    const struct rb_augment_callbacks *aug)
{
	TRACE_FUNC(rb_rotate_left, rb_owner(aug, x), V(x), VN("y", x->rb_right));
	struct rb_node *y, *parent;

	SET(y, x->rb_right);
	SET(parent, rb_parent(x));
	/* b changes sides: from y's left to x's right. */
	DO(x->rb_right = y->rb_left);
	if (DECIDE("rb_rotate_left.has_inner", y->rb_left != NULL, VN("b", y->rb_left)))
		DO(rb_set_parent(y->rb_left, x));
	DO(y->rb_left = x);
	DO(rb_set_parent(y, parent));
	DO(rb_change_child(x, y, parent, root));
	DO(rb_set_parent(x, y));
	DO(aug->rotate(x, y));
	RETURN();
}

/* The mirror image of rb_rotate_left: x's left child y goes up. */
static void
rb_rotate_right(struct rb_node *x, struct rb_root *root,
    const struct rb_augment_callbacks *aug)
{
	TRACE_FUNC(rb_rotate_right, rb_owner(aug, x), V(x), VN("y", x->rb_left));
	struct rb_node *y, *parent;

	SET(y, x->rb_left);
	SET(parent, rb_parent(x));
	/* b changes sides: from y's right to x's left. */
	DO(x->rb_left = y->rb_right);
	if (DECIDE("rb_rotate_right.has_inner", y->rb_right != NULL, VN("b", y->rb_right)))
		DO(rb_set_parent(y->rb_right, x));
	DO(y->rb_right = x);
	DO(rb_set_parent(y, parent));
	DO(rb_change_child(x, y, parent, root));
	DO(rb_set_parent(x, y));
	DO(aug->rotate(x, y));
	RETURN();
}

/*
 * Insertion (4.14's __rb_insert, which rb_insert_augmented calls):
 * `node` was linked red. Only property 4 can be broken, by a red parent.
 * Loop invariant: `node` is red and the only possible violation is
 * between node and its parent.
 */
void
rb_insert_augmented(struct rb_node *node, struct rb_root *root,
    const struct rb_augment_callbacks *aug)
{
	TRACE_FUNC(rb_insert_augmented, rb_owner(aug, node), V(node));
	struct rb_node *parent, *gparent, *uncle;

	while (true) {
		SET(parent, rb_parent(node));
		/* The root is black: painting it adds a black to every path. */
		if (DECIDE("rb_insert_augmented.at_root", parent == NULL, V(node))) {
			DO(rb_paint(node, RB_BLACK, aug));
			RETURN();
		}
		/* A red node under a black parent breaks nothing. */
		if (DECIDE("rb_insert_augmented.black_parent", rb_is_black(parent), V(node), V(parent)))
			RETURN();

		/* A red parent is never the root, so gparent exists. */
		SET(gparent, rb_parent(parent));
		SET(uncle, gparent->rb_left == parent ? gparent->rb_right : gparent->rb_left);
		if (DECIDE("rb_insert_augmented.red_uncle", uncle != NULL && rb_is_red(uncle), V(parent), V(uncle))) {
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
			DO(rb_paint(parent, RB_BLACK, aug));
			DO(rb_paint(uncle, RB_BLACK, aug));
			DO(rb_paint(gparent, RB_RED, aug));
			SET(node, gparent);
			STEP; continue;
		}

		if (DECIDE("rb_insert_augmented.parent_left", gparent->rb_left == parent, V(gparent), V(parent))) {
			if (DECIDE("rb_insert_augmented.inner_child", parent->rb_right == node, V(parent), V(node))) {
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
				DO(rb_rotate_left(parent, root, aug));
				SET(node, parent);
				SET(parent, rb_parent(node));
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
			DO(rb_rotate_right(gparent, root, aug));
		} else {
			/* The mirror images of cases 2 and 3. */
			if (DECIDE("rb_insert_augmented.inner_child", parent->rb_left == node, V(parent), V(node))) {
				DO(rb_rotate_right(parent, root, aug));
				SET(node, parent);
				SET(parent, rb_parent(node));
			}
			DO(rb_rotate_left(gparent, root, aug));
		}
		DO(rb_paint(parent, RB_BLACK, aug));
		DO(rb_paint(gparent, RB_RED, aug));
		RETURN();
	}
}

/*
 * __rb_erase_color (4.14's name; ____rb_erase_color there): after a black
 * node left its place, the subtree rooted at `node` (possibly NULL) under
 * `parent` is one black node short. Loop invariant: every path through
 * `node` has one black node less than the paths beside it.
 */
static void
__rb_erase_color(struct rb_node *node, struct rb_node *parent,
    struct rb_root *root, const struct rb_augment_callbacks *aug)
{
	TRACE_FUNC(__rb_erase_color, rb_owner(aug, parent != NULL ? parent : node), V(node), V(parent));
	struct rb_node *sib;

	while (DECIDE("__rb_erase_color.short", node != root->rb_node && (node == NULL || rb_is_black(node)), V(node), V(parent))) {
		if (DECIDE("__rb_erase_color.node_left", parent->rb_left == node, V(parent), V(node))) {
			SET(sib, parent->rb_right);
			if (DECIDE("__rb_erase_color.red_sibling", rb_is_red(sib), V(sib))) {
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
				DO(rb_paint(sib, RB_BLACK, aug));
				DO(rb_paint(parent, RB_RED, aug));
				DO(rb_rotate_left(parent, root, aug));
				SET(sib, parent->rb_right);
			}
			if (DECIDE("__rb_erase_color.black_children", (sib->rb_left == NULL || rb_is_black(sib->rb_left)) && (sib->rb_right == NULL || rb_is_black(sib->rb_right)), VN("sib->rb_left", sib->rb_left), VN("sib->rb_right", sib->rb_right))) {
				/*
				 * Case 2: black sibling with black children.
				 * Paint it red: the shortage moves up to the
				 * parent (which ends it if the parent is red).
				 */
				DO(rb_paint(sib, RB_RED, aug));
				SET(node, parent);
				SET(parent, rb_parent(node));
				STEP; continue;
			}
			if (DECIDE("__rb_erase_color.outer_black", sib->rb_right == NULL || rb_is_black(sib->rb_right), VN("sib->rb_right", sib->rb_right))) {
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
				DO(rb_paint(sib->rb_left, RB_BLACK, aug));
				DO(rb_paint(sib, RB_RED, aug));
				DO(rb_rotate_right(sib, root, aug));
				SET(sib, parent->rb_right);
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
			DO(rb_paint(sib, rb_color(parent), aug));
			DO(rb_paint(parent, RB_BLACK, aug));
			DO(rb_paint(sib->rb_right, RB_BLACK, aug));
			DO(rb_rotate_left(parent, root, aug));
			SET(node, root->rb_node);
			STEP; break;
		} else {
			/* The mirror images of the four cases above. */
			SET(sib, parent->rb_left);
			if (DECIDE("__rb_erase_color.red_sibling", rb_is_red(sib), V(sib))) {
				DO(rb_paint(sib, RB_BLACK, aug));
				DO(rb_paint(parent, RB_RED, aug));
				DO(rb_rotate_right(parent, root, aug));
				SET(sib, parent->rb_left);
			}
			if (DECIDE("__rb_erase_color.black_children", (sib->rb_left == NULL || rb_is_black(sib->rb_left)) && (sib->rb_right == NULL || rb_is_black(sib->rb_right)), VN("sib->rb_left", sib->rb_left), VN("sib->rb_right", sib->rb_right))) {
				DO(rb_paint(sib, RB_RED, aug));
				SET(node, parent);
				SET(parent, rb_parent(node));
				STEP; continue;
			}
			if (DECIDE("__rb_erase_color.outer_black", sib->rb_left == NULL || rb_is_black(sib->rb_left), VN("sib->rb_left", sib->rb_left))) {
				DO(rb_paint(sib->rb_right, RB_BLACK, aug));
				DO(rb_paint(sib, RB_RED, aug));
				DO(rb_rotate_left(sib, root, aug));
				SET(sib, parent->rb_left);
			}
			DO(rb_paint(sib, rb_color(parent), aug));
			DO(rb_paint(parent, RB_BLACK, aug));
			DO(rb_paint(sib->rb_left, RB_BLACK, aug));
			DO(rb_rotate_right(parent, root, aug));
			SET(node, root->rb_node);
			STEP; break;
		}
	}
	/* A red node that took the shortage (or the root) turns black. */
	if (DECIDE("__rb_erase_color.paint_black", node != NULL, V(node)))
		DO(rb_paint(node, RB_BLACK, aug));
	RETURN();
}

/*
 * Erase (4.14's __rb_erase_augmented, then __rb_erase_color). Three
 * shapes, as in any binary search tree:
 *  - no left child: the right child (maybe NULL) takes the node's place;
 *  - no right child: the left child does;
 *  - two children: the successor (leftmost of the right subtree, which has
 *    no left child) is unlinked from where it is and takes the node's
 *    place and colour.
 * The augmented values are mended with copy() where a node takes another's
 * place and propagate() from the lowest changed point up; then, if a black
 * node left its position, __rb_erase_color restores the black heights.
 */
void
rb_erase_augmented(struct rb_node *node, struct rb_root *root,
    const struct rb_augment_callbacks *aug)
{
	TRACE_FUNC(rb_erase_augmented, rb_owner(aug, node), V(node));
	struct rb_node *child, *parent, *succ, *fix_parent, *fix_node;
	int removed_color;

	SET(parent, rb_parent(node));
	if (DECIDE("rb_erase_augmented.one_child", node->rb_left == NULL || node->rb_right == NULL, VN("node->rb_left", node->rb_left), VN("node->rb_right", node->rb_right))) {
		SET(child, node->rb_left != NULL ? node->rb_left : node->rb_right);
		SET(removed_color, rb_color(node));
		DO(rb_change_child(node, child, parent, root));
		if (child != NULL)
			DO(rb_set_parent(child, parent));
		SET(fix_node, child);
		SET(fix_parent, parent);
		if (parent != NULL)
			DO(aug->propagate(parent, NULL));
	} else {
		SET(succ, node->rb_right);
		while (DECIDE("rb_erase_augmented.succ_left", succ->rb_left != NULL, V(succ)))
			SET(succ, succ->rb_left);
		SET(removed_color, rb_color(succ));
		SET(child, succ->rb_right);
		if (DECIDE("rb_erase_augmented.succ_is_right", succ == node->rb_right, V(succ), VN("node->rb_right", node->rb_right))) {
			/*
			 *     N            S
			 *    / \          / \
			 *   L   S   -->  L   c
			 *        \
			 *         c
			 */
			SET(fix_parent, succ);
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
			SET(fix_parent, rb_parent(succ));
			DO(fix_parent->rb_left = child);
			if (child != NULL)
				DO(rb_set_parent(child, fix_parent));
			DO(succ->rb_right = node->rb_right);
			DO(rb_set_parent(node->rb_right, succ));
		}
		/*
		 * succ takes node's place, then node's left subtree. (4.14
		 * links the subtree first; in this order the tree is never
		 * seen holding a subtree twice between two steps.)
		 */
		DO(rb_change_child(node, succ, parent, root));
		DO(rb_set_parent_color(succ, parent, rb_color(node)));
		DO(succ->rb_left = node->rb_left);
		DO(rb_set_parent(node->rb_left, succ));
		SET(fix_node, child);
		/*
		 * succ holds node's value now. Mend the path from where succ
		 * was up to succ, then succ and everything above it: the
		 * first walk may stop early, the second must not be skipped.
		 */
		DO(aug->copy(node, succ));
		if (fix_parent != succ)
			DO(aug->propagate(fix_parent, succ));
		DO(aug->propagate(succ, NULL));
	}
	if (DECIDE("rb_erase_augmented.black_removed", removed_color == RB_BLACK, V(removed_color)))
		DO(__rb_erase_color(fix_node, fix_parent, root, aug));
	RETURN();
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
