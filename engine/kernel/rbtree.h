/*
 * rbtree.h - a red-black tree with augmentation callbacks.
 *
 * Written for vmalab after the design of the kernel's lib/rbtree.c: the
 * tree is intrusive (an rb_node lives inside the user's struct), the user
 * walks down to the insertion point itself, links the node with
 * rb_link_node() and then calls rb_insert_augmented() to recolour and
 * rotate. Erase likewise takes the callbacks. A plain tree passes
 * rb_no_augment, whose callbacks do nothing.
 *
 * The callbacks keep a per-node value that summarises the node's subtree
 * (for VMAs: rb_subtree_gap, the largest free gap below the node):
 *   propagate(node, stop)  recompute the value from `node` up to, not
 *                          including, `stop` (NULL: to the root), stopping
 *                          early when a value does not change;
 *   copy(old, new)         `new` takes `old`'s place: copy the value;
 *   rotate(old, new)       `new` becomes `old`'s parent by a rotation:
 *                          `new` takes old's value, `old` is recomputed.
 */
#ifndef VMALAB_RBTREE_H
#define VMALAB_RBTREE_H

#include <stddef.h>
#include <stdint.h>

#define RB_RED		0
#define RB_BLACK	1

struct rb_node {
	uintptr_t	 rb_parent_color;	/* parent pointer | colour bit */
	struct rb_node	*rb_right;
	struct rb_node	*rb_left;
} __attribute__((aligned(sizeof(long))));

struct rb_root {
	struct rb_node	*rb_node;
};

struct rb_augment_callbacks {
	void	(*propagate)(struct rb_node *node, struct rb_node *stop);
	void	(*copy)(struct rb_node *old, struct rb_node *new);
	void	(*rotate)(struct rb_node *old, struct rb_node *new);
	/*
	 * vmalab's, not the kernel's: the nodes are the vm_rb of VMAs, so
	 * the tree's steps go to their mm's trace (rbtree.c). 0 for any
	 * other tree, which is never traced.
	 */
	int	  vmas;
};

extern const struct rb_augment_callbacks rb_no_augment;

#define RB_ROOT		((struct rb_root){ NULL })
#define RB_EMPTY_ROOT(root) ((root)->rb_node == NULL)

#define rb_parent(r)	((struct rb_node *)((r)->rb_parent_color & ~3UL))
#define rb_color(r)	((int)((r)->rb_parent_color & 1))
#define rb_is_red(r)	(rb_color(r) == RB_RED)
#define rb_is_black(r)	(rb_color(r) == RB_BLACK)

#define rb_entry(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* Link `node` as a red leaf at *link under `parent`. Cannot fail. */
static inline void
rb_link_node(struct rb_node *node, struct rb_node *parent,
    struct rb_node **link)
{
	node->rb_parent_color = (uintptr_t)parent;	/* red */
	node->rb_left = node->rb_right = NULL;
	*link = node;
}

/*
 * Rebalance after rb_link_node(). The augmented value of `node` and of its
 * ancestors must already be correct for the tree as linked. Cannot fail.
 */
void	rb_insert_augmented(struct rb_node *node, struct rb_root *root,
	    const struct rb_augment_callbacks *augment);

/* Remove `node` from the tree and rebalance. Cannot fail. */
void	rb_erase_augmented(struct rb_node *node, struct rb_root *root,
	    const struct rb_augment_callbacks *augment);

/* In-order neighbours and ends; NULL where there is none. */
struct rb_node	*rb_first(const struct rb_root *);
struct rb_node	*rb_last(const struct rb_root *);
struct rb_node	*rb_next(const struct rb_node *);
struct rb_node	*rb_prev(const struct rb_node *);

/*
 * Checks the red-black properties: the root is black, no red node has a
 * red child, every path from a node to its leaves has the same number of
 * black nodes, and every child's parent pointer points back. Returns the
 * black height, or -1 when a property is broken.
 */
int	rb_check(const struct rb_root *);

#endif
