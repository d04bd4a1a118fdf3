/*
 * grade-wire.c - the frames between the grader and a test program (see
 * grade-wire.h). Compiled into both; everything read is checked.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grade-wire.h"

/* ---- writing -------------------------------------------------------------- */

static void
wire_put(struct wire_buf *b, const void *p, size_t n)
{
	unsigned char *np;
	size_t cap;

	if (b->failed || n == 0)	/* n == 0: p may be NULL */
		return;
	if (b->len + n > b->cap) {
		cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n)
			cap *= 2;
		if ((np = realloc(b->p, cap)) == NULL) {
			b->failed = 1;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

void
wire_u8(struct wire_buf *b, unsigned v)
{
	unsigned char c = (unsigned char)v;

	wire_put(b, &c, 1);
}

void
wire_u32(struct wire_buf *b, uint32_t v)
{
	wire_put(b, &v, sizeof(v));
}

void
wire_u64(struct wire_buf *b, uint64_t v)
{
	wire_put(b, &v, sizeof(v));
}

void
wire_str(struct wire_buf *b, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;
	uint16_t l;

	if (n > WIRE_STR_MAX)
		n = WIRE_STR_MAX;
	l = (uint16_t)n;
	wire_put(b, &l, sizeof(l));
	wire_put(b, s, n);
}

void
wire_reset(struct wire_buf *b)
{
	b->len = 0;
	b->failed = 0;
}

void
wire_free(struct wire_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

int
wire_send(int fd, const struct wire_buf *b)
{
	uint32_t len = (uint32_t)b->len;
	const unsigned char *p;
	size_t n;
	ssize_t w;
	int part;

	if (b->failed || b->len > WIRE_FRAME_MAX)
		return -1;
	for (part = 0; part < 2; part++) {
		p = part == 0 ? (const unsigned char *)&len : b->p;
		n = part == 0 ? sizeof(len) : b->len;
		while (n > 0) {
			w = write(fd, p, n);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return -1;
			p += w;
			n -= (size_t)w;
		}
	}
	return 0;
}

/* ---- reading ---------------------------------------------------------------- */

static int
rd_get(struct wire_rd *r, void *p, size_t n)
{
	size_t i;

	if (r->bad || r->len - r->off < n) {
		r->bad = 1;
		memset(p, 0, n);
		return -1;
	}
	/*
	 * Byte by byte, not by memcpy: in the test program the student's
	 * file may define memcpy, and would see the tree go by.
	 */
	for (i = 0; i < n; i++)
		((unsigned char *)p)[i] = ((const volatile unsigned char *)
		    r->p)[r->off + i];
	r->off += n;
	return 0;
}

unsigned
rd_u8(struct wire_rd *r)
{
	unsigned char c;

	rd_get(r, &c, 1);
	return c;
}

uint32_t
rd_u32(struct wire_rd *r)
{
	uint32_t v;

	rd_get(r, &v, sizeof(v));
	return v;
}

uint64_t
rd_u64(struct wire_rd *r)
{
	uint64_t v;

	rd_get(r, &v, sizeof(v));
	return v;
}

void
rd_str(struct wire_rd *r, char *buf, size_t len)
{
	uint16_t l;
	size_t keep;

	buf[0] = '\0';
	if (rd_get(r, &l, sizeof(l)) < 0)
		return;
	if (l > WIRE_STR_MAX || r->len - r->off < l) {
		r->bad = 1;
		return;
	}
	keep = l < len ? l : len - 1;
	memcpy(buf, r->p + r->off, keep);
	buf[keep] = '\0';
	r->off += l;
}

/* ---- an mm ------------------------------------------------------------------ */

/* The scalars, one list for both directions. */
#define MM_SCALARS(X) \
	X(mmap_base) X(mmap_legacy_base) X(task_size) X(start_code) \
	X(end_code) X(start_data) X(end_data) X(start_brk) X(brk) \
	X(start_stack) X(total_vm) X(locked_vm) X(data_vm) X(exec_vm) \
	X(stack_vm) X(def_flags) X(personality) X(mmap_min_addr) \
	X(stack_guard_gap) X(highest_vm_end) X(populated)

void
wire_put_scalars(struct wire_buf *b, const struct mm *mm)
{
	int i;

#define X(f) wire_u64(b, (uint64_t)mm->f);
	MM_SCALARS(X)
#undef X
	wire_u32(b, (uint32_t)mm->layout);
	wire_u32(b, (uint32_t)mm->max_map_count);
	wire_u8(b, (unsigned)mm->cap_ipc_lock | (unsigned)mm->cap_sys_rawio << 1 |
	    (unsigned)mm->cache_aliasing << 2 |
	    (unsigned)mm->brk_randomized << 3 | (unsigned)mm->compat_brk << 4);
	for (i = 0; i < VM_RLIMIT_NLIMITS; i++) {
		wire_u64(b, mm->rlim[i].cur);
		wire_u64(b, mm->rlim[i].max);
	}
	wire_str(b, mm->arch != NULL ? mm->arch->name : "");
}

void
wire_get_scalars(struct wire_rd *r, struct mm *mm, int with_layout)
{
	char arch[32];
	const struct arch *a;
	unsigned bits, layout;
	int i;

#define X(f) mm->f = (unsigned long)rd_u64(r);
	MM_SCALARS(X)
#undef X
	layout = rd_u32(r);
	mm->max_map_count = (int)rd_u32(r);
	bits = rd_u8(r);
	mm->cap_ipc_lock = bits & 1;
	mm->cap_sys_rawio = (bits >> 1) & 1;
	mm->cache_aliasing = (bits >> 2) & 1;
	mm->brk_randomized = (bits >> 3) & 1;
	mm->compat_brk = (bits >> 4) & 1;
	for (i = 0; i < VM_RLIMIT_NLIMITS; i++) {
		mm->rlim[i].cur = (unsigned long)rd_u64(r);
		mm->rlim[i].max = (unsigned long)rd_u64(r);
	}
	rd_str(r, arch, sizeof(arch));
	if (with_layout) {
		if ((a = arch_find(arch)) != NULL)
			mm->arch = a;
		mm->layout = layout == LAYOUT_LEGACY ? LAYOUT_LEGACY :
		    LAYOUT_TOPDOWN;
	}
}

void
wire_put_node(struct wire_buf *b, uint32_t id, const struct wire_node *n)
{
	wire_u32(b, id);
	wire_u64(b, n->start);
	wire_u64(b, n->end);
	wire_u64(b, n->flags);
	wire_u64(b, n->pgoff);
	wire_u64(b, n->prot);
	wire_u64(b, n->gap);
	wire_u32(b, n->parent);
	wire_u32(b, n->left);
	wire_u32(b, n->right);
	wire_u32(b, n->prev);
	wire_u32(b, n->next);
	wire_u32(b, n->file);
	wire_u32(b, n->slot);
	wire_u8(b, n->color & 1);
	wire_str(b, n->name);
}

uint32_t
wire_get_node(struct wire_rd *r, struct wire_node *n, char *namebuf,
    size_t len)
{
	uint32_t id = rd_u32(r);

	n->start = rd_u64(r);
	n->end = rd_u64(r);
	n->flags = rd_u64(r);
	n->pgoff = rd_u64(r);
	n->prot = rd_u64(r);
	n->gap = rd_u64(r);
	n->parent = rd_u32(r);
	n->left = rd_u32(r);
	n->right = rd_u32(r);
	n->prev = rd_u32(r);
	n->next = rd_u32(r);
	n->file = rd_u32(r);
	n->slot = rd_u32(r);
	n->color = rd_u8(r) & 1;
	rd_str(r, namebuf, len);
	n->name = namebuf[0] != '\0' ? namebuf : NULL;
	if (id >= WIRE_ID_MAX)
		r->bad = 1;
	return id;
}

uint32_t
wire_files(const struct mm *mm, struct vfile ***files)
{
	struct vfile *f;
	uint32_t n = 0, i = 0;

	for (f = mm->files; f != NULL; f = f->next)
		n++;
	*files = calloc(n + 1, sizeof(**files));
	if (*files == NULL)
		return 0;
	for (f = mm->files; f != NULL; f = f->next)
		(*files)[i++] = f;
	return n;
}

static uint32_t
file_index(const struct mm *mm, const struct vfile *file)
{
	const struct vfile *f;
	uint32_t i = 0;

	if (file == NULL)
		return WIRE_NONE;
	for (f = mm->files; f != NULL; f = f->next, i++)
		if (f == file)
			return i;
	return WIRE_NONE;
}

/* Pointers to indices: the VMAs sorted by address of their struct. */
struct node_ix {
	const struct rb_node *node;
	uint32_t	 i;
};

static int
node_cmp(const void *a, const void *b)
{
	const struct node_ix *x = a, *y = b;

	return x->node < y->node ? -1 : x->node > y->node;
}

static uint32_t
node_find(const struct node_ix *ix, uint32_t n, const struct rb_node *node)
{
	struct node_ix key = { node, 0 }, *hit;

	if (node == NULL)
		return WIRE_NONE;
	hit = bsearch(&key, ix, n, sizeof(*ix), node_cmp);
	return hit != NULL ? hit->i : WIRE_NONE;
}

void
wire_put_mm(struct wire_buf *b, const struct mm *mm,
    uint32_t (*slot_of)(const struct vma *, void *), void *arg)
{
	const struct vma *v;
	struct node_ix *ix;
	struct vfile *f;
	uint32_t n = 0, i;

	wire_put_scalars(b, mm);
	for (f = mm->files, n = 0; f != NULL; f = f->next)
		n++;
	wire_u32(b, n);
	for (f = mm->files; f != NULL; f = f->next) {
		wire_str(b, f->path);
		wire_u32(b, (uint32_t)f->readable | (uint32_t)f->writable << 1);
	}
	for (v = mm->mmap, n = 0; v != NULL; v = v->vm_next)
		n++;
	if ((ix = calloc(n + 1, sizeof(*ix))) == NULL) {
		b->failed = 1;
		return;
	}
	for (v = mm->mmap, i = 0; v != NULL; v = v->vm_next, i++) {
		ix[i].node = &v->vm_rb;
		ix[i].i = i;
	}
	qsort(ix, n, sizeof(*ix), node_cmp);
	wire_u32(b, n);
	wire_u32(b, node_find(ix, n, mm->mm_rb.rb_node));
	for (v = mm->mmap; v != NULL; v = v->vm_next) {
		wire_u64(b, v->vm_start);
		wire_u64(b, v->vm_end);
		wire_u64(b, v->vm_flags);
		wire_u64(b, v->vm_pgoff);
		wire_u64(b, v->vm_page_prot);
		wire_u64(b, v->rb_subtree_gap);
		wire_u32(b, node_find(ix, n, rb_parent(&v->vm_rb)));
		wire_u32(b, node_find(ix, n, v->vm_rb.rb_left));
		wire_u32(b, node_find(ix, n, v->vm_rb.rb_right));
		wire_u8(b, (unsigned)rb_color(&v->vm_rb));
		wire_u32(b, file_index(mm, v->vm_file));
		wire_str(b, v->vm_name);
		wire_u32(b, slot_of != NULL ? slot_of(v, arg) : WIRE_NONE);
	}
	free(ix);
}

static struct vma *
node_at(struct vma **nodes, uint32_t n, uint32_t i, struct wire_rd *r)
{
	if (i == WIRE_NONE)
		return NULL;
	if (i >= n) {
		r->bad = 1;
		return NULL;
	}
	return nodes[i];
}

struct mm *
wire_get_mm(struct wire_rd *r, struct vma ***nodesp, uint32_t *np,
    struct vma *(*place)(uint32_t slot, void *), void *arg)
{
	struct mm *mm = mm_new(NULL);
	struct vma **nodes = NULL, *v;
	struct vfile *f, **files = NULL;
	uint32_t n, i, nf, root, par, l, rt, fi, slot;
	unsigned color;
	char name[WIRE_STR_MAX + 1];
	struct wire_rd save;

	*nodesp = NULL;
	*np = 0;
	if (mm == NULL) {
		r->bad = 1;
		return NULL;
	}
	save = *r;
	wire_get_scalars(r, mm, 1);
	*r = save;
	mm_setup_layout(mm, mm->layout, 0);
	wire_get_scalars(r, mm, 1);
	nf = rd_u32(r);
	if (nf > 4096)
		r->bad = 1;
	if (!r->bad && (files = calloc(nf + 1, sizeof(*files))) == NULL)
		r->bad = 1;
	for (i = 0; !r->bad && i < nf; i++) {
		rd_str(r, name, sizeof(name));
		if ((f = calloc(1, sizeof(*f))) == NULL ||
		    (f->path = strdup(name)) == NULL) {
			free(f);
			r->bad = 1;
			break;
		}
		fi = rd_u32(r);
		f->readable = fi & 1;
		f->writable = (fi >> 1) & 1;
		f->id = mm->next_file_id++;
		/* In the request's order, so the numbers mean the same. */
		if (i == 0)
			mm->files = f;
		else
			files[i - 1]->next = f;
		files[i] = f;
	}
	n = rd_u32(r);
	root = rd_u32(r);
	if (n > WIRE_VMA_MAX)
		r->bad = 1;
	if (!r->bad && (nodes = calloc(n + 1, sizeof(*nodes))) == NULL)
		r->bad = 1;
	for (i = 0; !r->bad && i < n; i++)
		nodes[i] = NULL;
	/* First the VMAs, then their links (they point forward too). */
	{
		uint32_t (*links)[3] = r->bad ? NULL :
		    calloc(n + 1, sizeof(*links));
		unsigned char *colors = r->bad ? NULL : calloc(n + 1, 1);

		if (!r->bad && (links == NULL || colors == NULL))
			r->bad = 1;
		for (i = 0; !r->bad && i < n; i++) {
			struct vma tmp;

			memset(&tmp, 0, sizeof(tmp));
			tmp.vm_start = (unsigned long)rd_u64(r);
			tmp.vm_end = (unsigned long)rd_u64(r);
			tmp.vm_flags = (unsigned long)rd_u64(r);
			tmp.vm_pgoff = (unsigned long)rd_u64(r);
			tmp.vm_page_prot = (unsigned long)rd_u64(r);
			tmp.rb_subtree_gap = (unsigned long)rd_u64(r);
			par = rd_u32(r);
			l = rd_u32(r);
			rt = rd_u32(r);
			color = rd_u8(r);
			fi = rd_u32(r);
			rd_str(r, name, sizeof(name));
			slot = rd_u32(r);
			if (r->bad)
				break;
			v = place != NULL && slot != WIRE_NONE ?
			    place(slot, arg) :
			    kmem_cache_zalloc(vm_area_cachep, GFP_KERNEL);
			if (v == NULL) {
				r->bad = 1;
				break;
			}
			*v = tmp;
			v->vm_mm = mm;
			if (fi != WIRE_NONE && fi < nf) {
				v->vm_file = files[fi];
				files[fi]->refs++;
			}
			v->vm_name = name[0] != '\0' ? strdup(name) : NULL;
			nodes[i] = v;
			links[i][0] = par;
			links[i][1] = l;
			links[i][2] = rt;
			colors[i] = (unsigned char)(color & 1);
		}
		for (i = 0; !r->bad && i < n; i++) {
			v = nodes[i];
			v->vm_prev = i > 0 ? nodes[i - 1] : NULL;
			v->vm_next = i + 1 < n ? nodes[i + 1] : NULL;
			v->vm_rb.rb_parent_color =
			    (uintptr_t)node_at(nodes, n, links[i][0], r) |
			    colors[i];
			if (links[i][0] != WIRE_NONE && !r->bad)
				v->vm_rb.rb_parent_color = (uintptr_t)
				    &nodes[links[i][0]]->vm_rb | colors[i];
			v->vm_rb.rb_left = links[i][1] == WIRE_NONE ? NULL :
			    node_at(nodes, n, links[i][1], r) != NULL ?
			    &nodes[links[i][1]]->vm_rb : NULL;
			v->vm_rb.rb_right = links[i][2] == WIRE_NONE ? NULL :
			    node_at(nodes, n, links[i][2], r) != NULL ?
			    &nodes[links[i][2]]->vm_rb : NULL;
		}
		free(links);
		free(colors);
	}
	if (!r->bad) {
		mm->mmap = n > 0 ? nodes[0] : NULL;
		mm->map_count = (int)n;
		mm->mm_rb.rb_node = root == WIRE_NONE ? NULL :
		    node_at(nodes, n, root, r) != NULL ?
		    &nodes[root]->vm_rb : NULL;
	}
	free(files);
	if (r->bad) {
		/* Only what was made is freed: a half-read mm is dropped. */
		if (nodes != NULL)
			for (i = 0; i < n; i++)
				if (nodes[i] != NULL && place == NULL)
					kmem_cache_free(vm_area_cachep, nodes[i]);
		mm->mmap = NULL;
		mm->mm_rb = RB_ROOT;
		mm_free(mm);
		free(nodes);
		return NULL;
	}
	*nodesp = nodes;
	*np = n;
	return mm;
}

/* The names the engine gives VMAs; anything else is the student's. */
static const char *
known_name(const char *s)
{
	static const char *const names[] = { "[heap]", "[stack]", "[vdso]",
	    "[vvar]", "[vsyscall]" };
	size_t i;

	if (s[0] == '\0')
		return NULL;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return names[i];
	return "(a name the engine never gives)";
}

int
wire_apply_mm(struct wire_rd *r, struct mm *mm, struct vfile *const *files,
    uint32_t nfiles, const char **why)
{
	struct mm *got;
	struct vma **nodes, *v, *next;
	struct trace *t;
	uint32_t n, i, fi;
	struct vfile *f;

	if ((got = wire_get_mm(r, &nodes, &n, NULL, NULL)) == NULL) {
		*why = "the test program's answer was malformed";
		return -1;
	}
	/* Its VMAs, tree and all, move into mm; its files become mm's. */
	t = mm_trace_detach(mm);
	for (v = mm->mmap; v != NULL; v = next) {
		next = v->vm_next;
		if (v->vm_file != NULL)
			v->vm_file->refs--;
		kmem_cache_free(vm_area_cachep, v);
	}
	for (i = 0; i < n; i++) {
		v = nodes[i];
		v->vm_mm = mm;
		v->vm_name = v->vm_name != NULL ? known_name(v->vm_name) : NULL;
		if (v->vm_file != NULL) {
			fi = 0;
			for (f = got->files; f != NULL && f != v->vm_file;
			    f = f->next)
				fi++;
			v->vm_file = fi < nfiles ? files[fi] : NULL;
			if (v->vm_file != NULL)
				v->vm_file->refs++;
		}
	}
	mm->mmap = got->mmap;
	mm->mm_rb = got->mm_rb;
	mm->map_count = got->map_count;
#define X(f) mm->f = got->f;
	MM_SCALARS(X)
#undef X
	memcpy(mm->rlim, got->rlim, sizeof(mm->rlim));
	got->mmap = NULL;
	got->mm_rb = RB_ROOT;
	mm_free(got);
	free(nodes);
	mm_trace_attach(mm, t);
	*why = NULL;
	return 0;
}

size_t
wire_hex(char *buf, unsigned long v)
{
	char tmp[20];
	size_t n = 0, i;

	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v != 0);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}
