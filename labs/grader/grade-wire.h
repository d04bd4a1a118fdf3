/*
 * grade-wire.h - what the grader and a student's test program say to
 * each other, and nothing else: the two never share an address space.
 *
 *        grader (reference, tests, results)      test program (student)
 *   req  ---- frame 'Q': a call and its mm ---->  rebuilds the mm, calls
 *                                                 the student's function
 *   rep  <--- frames 'e': its trace events -----  lab_instr_* (grade-stu.c)
 *        <--- frame 'r': result, gaps, mm ------
 *
 * A frame is a 32-bit length (host order: both ends are one machine)
 * and that many bytes; inside, numbers are fixed-width and strings are a
 * 16-bit length and bytes. The grader reads what the test program sends
 * as hostile: every count and index is checked, every string bounded,
 * and a frame that does not parse ends the test (grade-proxy.c).
 *
 * An mm travels whole: its scalars, then its VMAs in address order with
 * their tree links as indices into that order, so the test program
 * rebuilds the very tree (shape, colours, rb_subtree_gap) the reference
 * searched. Libc and the engine only; compiled into both programs.
 */
#ifndef VMALAB_GRADE_WIRE_H
#define VMALAB_GRADE_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/mm.h"

#define WIRE_FRAME_MAX	(32U << 20)	/* the largest frame either way */
#define WIRE_STR_MAX	1024		/* longer strings are cut */
#define WIRE_VMA_MAX	70000		/* more than vm.max_map_count */
#define WIRE_NONE	0xffffffffU	/* no node */

/* The calls a test program answers. */
enum wire_fn {
	WIRE_UNMAPPED_AREA = 1,
	WIRE_UNMAPPED_AREA_TOPDOWN,
	WIRE_COMPUTE_GAP,		/* vma_compute_subtree_gap(node a) */
	WIRE_PROPAGATE,			/* vma_gap_propagate(a, b) */
	WIRE_COPY,			/* vma_gap_copy(a, b) */
	WIRE_ROTATE,			/* vma_gap_rotate(a, b) */
	WIRE_SYS_BRK,			/* sys_brk(mm, arg) */
	WIRE_NFN
};

/* A growing buffer a frame is written into. */
struct wire_buf {
	unsigned char	*p;
	size_t		 len, cap;
	int		 failed;	/* out of memory: the frame is lost */
};

/* A frame being read: `off` moves, `bad` sticks once anything is wrong. */
struct wire_rd {
	const unsigned char *p;
	size_t		 len, off;
	int		 bad;
};

void		wire_u8(struct wire_buf *, unsigned);
void		wire_u32(struct wire_buf *, uint32_t);
void		wire_u64(struct wire_buf *, uint64_t);
void		wire_str(struct wire_buf *, const char *);
void		wire_reset(struct wire_buf *);
void		wire_free(struct wire_buf *);

unsigned	rd_u8(struct wire_rd *);
uint32_t	rd_u32(struct wire_rd *);
uint64_t	rd_u64(struct wire_rd *);
/* A string into buf (NUL-terminated, cut to len - 1). */
void		rd_str(struct wire_rd *, char *buf, size_t len);

/*
 * Writes a whole frame to fd (retrying short writes). Returns 0, or -1
 * on a write error.
 */
int		wire_send(int fd, const struct wire_buf *);

/*
 * An mm's scalars and VMAs into b. `slot_of`, when not NULL, gives each
 * VMA a slot number (the efficiency tests' arena) sent along with it.
 */
void		wire_put_mm(struct wire_buf *, const struct mm *,
		    uint32_t (*slot_of)(const struct vma *, void *), void *);

/*
 * Reads an mm written by wire_put_mm into a new mm, VMAs linked exactly
 * as they were. `place`, when not NULL, gives the memory for the VMA
 * with a slot (else each comes from vm_area_cachep). Fills nodes[0..n)
 * with the VMAs in address order (*nodes is malloc'd). Returns the mm,
 * or NULL with r->bad set.
 */
struct mm	*wire_get_mm(struct wire_rd *, struct vma ***nodes, uint32_t *n,
		    struct vma *(*place)(uint32_t slot, void *), void *);

/*
 * Makes `mm` hold the mm a call left (written by wire_put_mm): its VMAs,
 * tree links as they were, and scalars. Indices are checked; the tree
 * itself is the student's and is checked afterwards (mm_validate), not
 * trusted. `files` maps the request's file numbers back to mm's files.
 * Returns 0, or -1 with a reason.
 */
int		wire_apply_mm(struct wire_rd *, struct mm *,
		    struct vfile *const *files, uint32_t nfiles,
		    const char **why);

/*
 * A request's mm is sent as a change to what the test program already
 * holds (a call after another on the same mm sends only the VMAs that
 * changed): each VMA has an id that stays while it lives, and a record
 * with its fields and its links as ids.
 */
struct wire_node {
	uint64_t	 start, end, flags, pgoff, prot, gap;
	uint32_t	 parent, left, right, prev, next;	/* ids */
	uint32_t	 file, slot;
	unsigned	 color;
	const char	*name;
};
#define WIRE_ID_MAX	(1U << 20)

void		wire_put_node(struct wire_buf *, uint32_t id,
		    const struct wire_node *);
/* Reads a record; name points into `namebuf`. Returns the id. */
uint32_t	wire_get_node(struct wire_rd *, struct wire_node *,
		    char *namebuf, size_t len);
void		wire_put_scalars(struct wire_buf *, const struct mm *);
void		wire_get_scalars(struct wire_rd *, struct mm *, int with_layout);

/* The files of an mm in the order wire_put_mm numbers them. */
uint32_t	wire_files(const struct mm *, struct vfile ***files);

/* Async-signal-safe: v in hex into buf (no NUL); returns its length. */
size_t	wire_hex(char *buf, unsigned long v);

#endif
