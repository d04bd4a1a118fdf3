/*
 * livekernel.c - record what the running kernel answers to brk, mmap,
 * munmap, mprotect, mremap and setrlimit, as a vmalab scenario that
 * `vmalab run --check` replays against the engine.
 *
 *   usage: livekernel SEED NCALLS [AT]   (run under setarch -R [-L])
 *
 * With AT, the scenario ends with the kernel's /proc/self/maps after call
 * AT (brk(NULL) is call 0), as comments: where the engine disagrees, diff
 * them with `vmalab maps` of the scenario cut after that call.
 *
 * The helper reads /proc/self/maps, /proc/self/stat and its break, then
 * makes NCALLS random calls chosen from SEED:
 *   - anonymous private mmap of 1..511 pages (under 2 MiB, so that the
 *     2 MiB alignment of anonymous mappings in 6.7+ never applies; with
 *     LIVEKERNEL_HUGE=1 in the environment also up to 8 MiB, often a
 *     multiple of 2 MiB, and the scenario says "% kernel 6.18"), with
 *     no hint, with a hint (near the break, near its own mappings, near
 *     the stack's guard gap, anywhere), or MAP_FIXED inside a range it
 *     mapped itself;
 *   - munmap of (parts of) ranges it mapped itself, splitting them;
 *   - brk up and down within [start_brk, start_brk + 64 MiB], never below
 *     start_brk (6.x refuses to shrink a break with no VMA below it; the
 *     heap is never unmapped here, so that case cannot arise);
 *   - setrlimit(RLIMIT_DATA), often to a value that makes later calls
 *     fail; the hard limit is left as it was;
 *   - mprotect of (parts of) its own ranges, of spans over two of them
 *     (and the hole between), of ranges running past their end or lying
 *     in a hole, to PROT_NONE, PROT_READ, PROT_READ|PROT_WRITE or with
 *     PROT_EXEC, and with invalid arguments (unaligned start, unknown
 *     bits, PROT_GROWSDOWN, a length of 0 or one that wraps);
 *   - mremap of its own ranges: shrink, grow in place, MREMAP_MAYMOVE,
 *     MREMAP_MAYMOVE|MREMAP_FIXED onto its own (used) or free space,
 *     spans of two ranges, unmapped sources, invalid arguments (unaligned
 *     address, MREMAP_FIXED alone, an unknown flag, a new length of 0).
 * It never touches a mapping it did not make, and never writes to the
 * memory it maps: no page is ever faulted in, so no VMA of its own gets
 * an anon_vma, which the engine does not model (an anon_vma decides
 * whether VMAs may merge, and where mremap puts an anonymous VMA's page
 * offset).
 *
 * mremap is where Linux 6.x answers differently from the 4.14 model, and
 * the calls stay where both agree (found on 6.18):
 *   - MREMAP_FIXED with old_len == new_len may move a range of several
 *     VMAs, gaps included, since 6.17; 4.14 fails with EFAULT. A fixed
 *     move here keeps its source inside one range of its own, which is
 *     inside one VMA (see own_cut).
 *   - A failing MREMAP_FIXED leaves the target alone on 6.x; 4.14 has
 *     unmapped the target (and a shrinking source's tail) before it
 *     checks the source (EFAULT) and the limits (ENOMEM). So a fixed
 *     move either has a source of one VMA and does not grow while
 *     RLIMIT_DATA is finite, or has an unmapped source and a free target
 *     (unmapping nothing changes nothing).
 *   - mremap without MREMAP_FIXED that shrinks or keeps the length fails
 *     with EFAULT on 6.x when no VMA holds the address; 4.14 only unmaps
 *     the tail and returns the address. Unmapped sources here grow.
 *   - An old length of 0 on a private mapping fails with EINVAL since
 *     5.x; 4.14 made a new mapping of it. Never asked here.
 *   - A MAP_FIXED mmap that fails on a limit (ENOMEM) leaves the VMAs it
 *     would have replaced split at both ends of its range on 6.x (the
 *     unmapping it prepared is undone, the splits are not); 4.14 checks
 *     the limit first and splits nothing.
 *   - mprotect that takes write away from a private anonymous VMA that
 *     was never faulted in also drops VM_ACCOUNT on 6.x ("allow
 *     unfaulted VMAs to be unaccounted on mprotect()"; on 6.18 the VMA's
 *     VmFlags in /proc/PID/smaps lose "ac"), so it can merge with a
 *     neighbour that never had it; on 4.14 VM_ACCOUNT stays and the two
 *     VMAs stay apart. (The 6.18 profile models this one: see
 *     engine/kernel/linux6.c; the helper keeps out of it all the same,
 *     so that the 4.14 profile is checked on the same calls.)
 * The last two show in no result by themselves, only in where VMAs end:
 * later, an mremap's source crossing such a point is one VMA on one
 * kernel and two on the other (EFAULT or not), and an mprotect to
 * writable under a finite RLIMIT_DATA is checked VMA by VMA (one part
 * may pass before another fails). The helper's ranges end at every
 * point where either kernel may end a VMA (own_cut), so those calls keep
 * to one range, or to ranges with a hole between them, where both
 * kernels see the same boundaries. mprotect itself answers alike. Then it writes, on stdout,
 * one scenario file:
 *
 *   # comments: kernel, layout, seed
 *   % layout, % arch, % mmap_min_addr, % max_map_count, % rlimit ...,
 *   % start_code ... % start_brk (from /proc/self/stat), % brk
 *   the /proc/self/maps lines as read
 *   brk(NULL) = ... and one strace-format line per call with its result
 *
 * Between the first read of /proc/self/maps and the last call, the helper
 * must not change its own address space: no malloc, no stdio, only raw
 * system calls, static buffers and a small stack. Everything is formatted
 * after the last call.
 *
 * Exit status: 0, or 2 for a usage error, 1 when address space
 * randomization is on (the engine's default profile has none), /proc
 * cannot be read or a buffer is too small.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PG		4096UL
#define PALIGN(x)	(((x) + PG - 1) & ~(PG - 1))
#define MAXCALLS	5000
#define MAXOWN		8192
#define MAXFOREIGN	1024
#define HEAP_SPAN	(64UL << 20)
#define RLIM_INF	(~0UL)

/* The kernel ABI values used here (x86_64, the same on arm64). */
#define K_PROT_READ	0x1
#define K_PROT_WRITE	0x2
#define K_PROT_EXEC	0x4
#define K_PROT_GROWSDOWN 0x01000000
#define K_MREMAP_MAYMOVE 1
#define K_MREMAP_FIXED	2
#define MAXPAGES	511	/* under 2 MiB: no THP alignment on 6.7+ */
#define HUGEPAGES	2048	/* LIVEKERNEL_HUGE: up to 8 MiB */
#define PMD		(2UL << 20)
#define TASK_TOP	0x7ffffffff000UL
#define K_MAP_PRIVATE	0x02
#define K_MAP_FIXED	0x10
#define K_MAP_ANONYMOUS	0x20
#define K_RLIMIT_STACK	3
#define K_RLIMIT_DATA	2
#define K_RLIMIT_AS	9
#define K_RLIMIT_MEMLOCK 8
#define K_ADDR_COMPAT_LAYOUT 0x0200000
#define K_ADDR_NO_RANDOMIZE 0x0040000

enum call_kind { C_BRK, C_MMAP, C_MUNMAP, C_SETRLIMIT, C_MPROTECT,
	C_MREMAP };

struct call {
	enum call_kind	 kind;
	unsigned long	 a[5];	/* brk: addr; mmap: addr len prot flags;
				   munmap: addr len; setrlimit: res cur max;
				   mprotect: addr len prot;
				   mremap: addr old_len new_len flags new */
	long		 ret;	/* the kernel's: address, 0 or -errno */
};

struct range {
	unsigned long	 start, end;
	int		 writable;
};

struct krlimit {
	unsigned long	 cur, max;
};

struct kutsname {
	char	 sysname[65], nodename[65], release[65], version[65],
		 machine[65], domainname[65];
};

static char		 maps_buf[1 << 18];
static size_t		 maps_len;
static char		 stat_buf[4096];
static char		 dump_buf[1 << 18];	/* the maps after call AT */
static size_t		 dump_len;
static char		 sysctl_buf[64];
static struct call	 calls[MAXCALLS];
static int		 ncalls;
static struct range	 own[MAXOWN];	/* what the helper mapped */
static int		 nown;
static struct range	 foreign[MAXFOREIGN];	/* what it must not touch */
static int		 nforeign;
static struct kutsname	 uts;
static char		 out[1 << 20];
static size_t		 outlen;
static int		 outoverflow;

/* ---- randomness: splitmix64 ------------------------------------------- */

static uint64_t rng_state;

static uint64_t
rng_next(void)
{
	uint64_t z;

	rng_state += 0x9e3779b97f4a7c15ULL;
	z = rng_state;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long
rnd(unsigned long n)
{
	return n == 0 ? 0 : (unsigned long)(rng_next() % n);
}

static int
chance(unsigned pct)
{
	return rnd(100) < pct;
}

/* ---- raw system calls: the kernel's result, -errno on failure --------- */

static long
kcall(long nr, unsigned long a, unsigned long b, unsigned long c,
    unsigned long d, unsigned long e, unsigned long f)
{
	long r = syscall(nr, a, b, c, d, e, f);

	return r == -1 ? -(long)errno : r;
}

static long
read_file(const char *path, char *buf, size_t cap, size_t *len)
{
	long fd, n;

	*len = 0;
	fd = kcall(SYS_openat, (unsigned long)AT_FDCWD, (unsigned long)path,
	    O_RDONLY, 0, 0, 0);
	if (fd < 0)
		return fd;
	while (*len < cap - 1) {
		n = kcall(SYS_read, (unsigned long)fd,
		    (unsigned long)(buf + *len), cap - 1 - *len, 0, 0, 0);
		if (n <= 0)
			break;
		*len += (size_t)n;
	}
	buf[*len] = '\0';
	kcall(SYS_close, (unsigned long)fd, 0, 0, 0, 0, 0);
	return *len < cap - 1 ? 0 : -ENOSPC;
}

/* ---- parsing (no allocation) -------------------------------------------- */

static unsigned long
parse_num(const char **pp, int base)
{
	const char *p = *pp;
	unsigned long v = 0;
	int d;

	for (;; p++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else
			break;
		v = v * (unsigned long)base + (unsigned long)d;
	}
	*pp = p;
	return v;
}

/*
 * Field `n` (1-based, as proc(5) numbers them) of /proc/self/stat.
 * The command name (field 2) may hold blanks: count from its ')'.
 */
static unsigned long
stat_field(int n)
{
	const char *p = strrchr(stat_buf, ')');
	int f = 2;

	if (p == NULL)
		return 0;
	p++;
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (++f == n)
			return parse_num(&p, 10);
		while (*p != ' ' && *p != '\0')
			p++;
	}
	return 0;
}

/* Does [p, eol) contain w? */
static int
has_word(const char *p, const char *eol, const char *w)
{
	size_t n = strlen(w);

	for (; p + n <= eol; p++)
		if (memcmp(p, w, n) == 0)
			return 1;
	return 0;
}

/*
 * The mappings of /proc/self/maps as foreign ranges; *data gets the pages
 * of private writable ones except the stack (data_vm, roughly).
 */
static void
parse_maps(unsigned long *data)
{
	const char *p = maps_buf, *eol;
	unsigned long s, e;

	*data = 0;
	while (*p != '\0') {
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		s = parse_num(&p, 16);
		if (*p == '-')
			p++;
		e = parse_num(&p, 16);
		if (*p == ' ' && p + 5 <= eol && nforeign < MAXFOREIGN) {
			foreign[nforeign].start = s;
			foreign[nforeign].end = e;
			nforeign++;
			if (p[2] == 'w' && p[4] == 'p' &&
			    !has_word(p, eol, "[stack]"))
				*data += (e - s) / PG;
		}
		p = *eol ? eol + 1 : eol;
	}
}

/* ---- the helper's own mappings -------------------------------------------- */

static unsigned long
own_pages(int writable_only)
{
	unsigned long n = 0;
	int i;

	for (i = 0; i < nown; i++)
		if (!writable_only || own[i].writable)
			n += (own[i].end - own[i].start) / PG;
	return n;
}

/* Forget [s, e): cut the ranges it overlaps. Returns -1 when full. */
static int
own_remove(unsigned long s, unsigned long e)
{
	int i, n = nown;

	for (i = 0; i < n; i++) {
		struct range *r = &own[i];

		if (r->end <= s || r->start >= e)
			continue;
		if (r->start < s && r->end > e) {
			if (nown == MAXOWN)
				return -1;
			own[nown].start = e;
			own[nown].end = r->end;
			own[nown].writable = r->writable;
			nown++;
			r->end = s;
		} else if (r->start < s) {
			r->end = s;
		} else if (r->end > e) {
			r->start = e;
		} else {
			r->start = r->end = 0;	/* emptied; swept below */
		}
	}
	for (i = 0; i < nown;) {
		if (own[i].start == own[i].end)
			own[i] = own[--nown];
		else
			i++;
	}
	return 0;
}

static int
own_add(unsigned long s, unsigned long e, int writable)
{
	if (own_remove(s, e) < 0 || nown == MAXOWN)
		return -1;
	own[nown].start = s;
	own[nown].end = e;
	own[nown].writable = writable;
	nown++;
	return 0;
}

/*
 * Cuts the ranges at s and at e, so that no range crosses either, and
 * (writable >= 0) marks the pieces inside [s, e). The helper keeps this
 * invariant: every VMA boundary inside its own memory is a boundary of
 * its ranges (mprotect is the only call that splits a VMA where no range
 * ends, and it cuts them here), so a span inside one range is inside one
 * VMA. Returns -1 when the table is full.
 */
static int
own_cut(unsigned long s, unsigned long e, int writable)
{
	int i, n = nown;

	for (i = 0; i < n; i++) {
		struct range *r = &own[i];
		unsigned long lo = r->start > s ? r->start : s;
		unsigned long hi = r->end < e ? r->end : e;

		if (lo >= hi)
			continue;
		if (nown + 2 > MAXOWN)
			return -1;
		if (r->start < lo)
			own[nown++] = (struct range){ r->start, lo, r->writable };
		if (hi < r->end)
			own[nown++] = (struct range){ hi, r->end, r->writable };
		r->start = lo;
		r->end = hi;
		if (writable >= 0)
			r->writable = writable;
	}
	return 0;
}

/* The range holding addr, or NULL. */
static const struct range *
own_find(unsigned long addr)
{
	int i;

	for (i = 0; i < nown; i++)
		if (own[i].start <= addr && addr < own[i].end)
			return &own[i];
	return NULL;
}

/*
 * Does [s, e) stay in the range holding s, or reach a hole right after
 * it? Then both kernels see the same VMA boundaries in it (see the top).
 */
static int
one_range(unsigned long s, unsigned long e)
{
	const struct range *r;

	for (r = NULL; s < e; s = r->end)
		if ((r = own_find(s)) == NULL || r->end >= e)
			return 1;
		else if (own_find(r->end) != NULL)
			return 0;
	return 1;
}

/* Is a page of [s, e) not the helper's (a hole, as it never maps foreign)? */
static int
has_hole(unsigned long s, unsigned long e)
{
	const struct range *r;

	for (; s < e; s = r->end)
		if ((r = own_find(s)) == NULL)
			return 1;
	return 0;
}

/* Does [s, e) touch a mapping the helper did not make (or the heap)? */
static int
touches_foreign(unsigned long s, unsigned long e, unsigned long start_brk,
    unsigned long brk)
{
	int i;

	for (i = 0; i < nforeign; i++)
		if (foreign[i].start < e && foreign[i].end > s)
			return 1;
	return start_brk < e && PALIGN(brk) > s;
}

/* ---- choosing the calls ---------------------------------------------------- */

struct state {
	unsigned long	 start_brk, brk, brk0;
	unsigned long	 start_data, end_data;
	unsigned long	 data0;		/* data pages at the start */
	unsigned long	 data_max;	/* RLIMIT_DATA's hard limit */
	unsigned long	 data_cur;	/* and its soft limit now */
	unsigned long	 stack_start;
};

/*
 * LIVEKERNEL_HUGE=1 in the environment: lengths of 2 MiB and more too,
 * often multiples of 2 MiB, which 6.x aligns for huge pages; the
 * scenario then says "% kernel 6.18", the profile that models it.
 */
static int huge;
static unsigned long maxpages = MAXPAGES;

static unsigned long
pick_len(void)
{
	unsigned long len = (1 + rnd(chance(50) ? 16 : 511)) * PG;

	if (huge && chance(40))
		return (1 + rnd(3)) * PMD;
	if (huge && chance(20))
		len = (512 + rnd(HUGEPAGES - 512)) * PG;

	if (chance(10))
		len -= rnd(PG);
	return len;
}

static unsigned long
pick_hint(const struct state *st, unsigned long len)
{
	const struct range *r;
	long d = ((long)rnd(9) - 4) * (long)PG;

	switch (rnd(8)) {
	case 0: case 1:
		return PALIGN(st->brk) + rnd(32) * PG;	/* above the heap */
	case 2: case 3:
		if (nown > 0) {
			r = &own[rnd((unsigned long)nown)];
			return (chance(50) ? r->start : r->end) + (unsigned long)d;
		}
		return PALIGN(st->brk) + PG;
	case 4:
		/* At the stack's guard gap: one page either side. */
		return st->stack_start - (256 * PG) - len + (unsigned long)d;
	case 5:
		return 0x10000UL + rnd(0x7ff000000000UL / PG) * PG;
	case 6:
		/* Into occupied space: a foreign mapping. */
		return foreign[rnd((unsigned long)nforeign)].start + rnd(4) * PG;
	default:
		return 0x7ff000000000UL + rnd(0x10000) * PG + rnd(PG);
	}
}

static void
gen_mmap(struct call *c, const struct state *st)
{
	static const unsigned long prots[] = { K_PROT_READ | K_PROT_WRITE,
	    K_PROT_READ | K_PROT_WRITE, K_PROT_READ | K_PROT_WRITE,
	    K_PROT_READ, 0 };
	unsigned long len = pick_len(), flags = K_MAP_PRIVATE | K_MAP_ANONYMOUS;
	unsigned long addr = 0, pages;
	const struct range *r;
	unsigned i = (unsigned)rnd(100);

	if (i < 25 && nown > 0) {
		/* MAP_FIXED inside a range of its own. */
		r = &own[rnd((unsigned long)nown)];
		pages = (r->end - r->start) / PG;
		addr = r->start + rnd(pages) * PG;
		len = (1 + rnd((r->end - addr) / PG)) * PG;
		if (chance(20) && len > PG)
			len -= rnd(PG);
		flags |= K_MAP_FIXED;
	} else if (i < 60) {
		addr = pick_hint(st, len);
	}
	if (chance(1))
		len = 0;
	c->kind = C_MMAP;
	c->a[0] = addr;
	c->a[1] = len;
	c->a[2] = prots[rnd(sizeof(prots) / sizeof(prots[0]))];
	c->a[3] = flags;
}

/* munmap within its own ranges; a range may span several of them. */
static int
gen_munmap(struct call *c, const struct state *st)
{
	const struct range *r, *q;
	unsigned long a, b;

	if (nown == 0)
		return -1;
	r = &own[rnd((unsigned long)nown)];
	a = r->start + rnd((r->end - r->start) / PG) * PG;
	b = a + (1 + rnd((r->end - a) / PG)) * PG;
	if (chance(30)) {
		q = &own[rnd((unsigned long)nown)];
		if (q->end > a && !touches_foreign(a, q->end, st->start_brk,
		    st->brk))
			b = q->end - (chance(50) ? rnd((q->end - q->start) / PG) *
			    PG : 0);
	}
	c->kind = C_MUNMAP;
	c->a[0] = a;
	c->a[1] = b - a;
	if (chance(15) && c->a[1] > PG)
		c->a[1] -= rnd(PG);	/* munmap rounds the length up */
	if (chance(2))
		c->a[0] += 1 + rnd(PG - 1);	/* EINVAL */
	if (chance(1))
		c->a[1] = 0;			/* EINVAL */
	return 0;
}

/* Does [s, e) touch a range of the helper's own? */
static int
touches_own(unsigned long s, unsigned long e)
{
	int i;

	for (i = 0; i < nown; i++)
		if (own[i].start < e && own[i].end > s)
			return 1;
	return 0;
}

/*
 * mprotect: a part of one of its ranges, a span to the end of another
 * (over the hole between them, if any), past a range's end, or a hole.
 */
static int
gen_mprotect(struct call *c, const struct state *st)
{
	static const unsigned long prots[] = { K_PROT_READ | K_PROT_WRITE,
	    K_PROT_READ, 0, K_PROT_READ | K_PROT_EXEC,
	    K_PROT_READ | K_PROT_WRITE | K_PROT_EXEC };
	const struct range *r, *q;
	unsigned long a, b, e;

	if (nown == 0)
		return -1;
	r = &own[rnd((unsigned long)nown)];
	a = r->start + rnd((r->end - r->start) / PG) * PG;
	b = a + (1 + rnd((r->end - a) / PG)) * PG;
	switch (rnd(10)) {
	case 0: case 1:		/* over two ranges */
		q = &own[rnd((unsigned long)nown)];
		if (q->end > a)
			b = q->end;
		break;
	case 2:			/* past the end, into what follows */
		b = r->end + (1 + rnd(8)) * PG;
		break;
	case 3:			/* in the hole after it (if it is one) */
		a = r->end + rnd(4) * PG;
		b = a + (1 + rnd(8)) * PG;
		break;
	}
	if (touches_foreign(a, b, st->start_brk, st->brk))
		b = r->end;
	if (touches_foreign(a, b, st->start_brk, st->brk))
		return -1;
	c->kind = C_MPROTECT;
	c->a[0] = a;
	c->a[2] = prots[rnd(sizeof(prots) / sizeof(prots[0]))];
	/* RLIMIT_DATA is checked VMA by VMA: keep to VMAs both agree on. */
	if ((c->a[2] & K_PROT_WRITE) && st->data_cur != RLIM_INF &&
	    !one_range(a, b))
		b = r->end;
	c->a[1] = b - a;
	if (chance(10) && c->a[1] > PG)
		c->a[1] -= rnd(PG);	/* rounded up to a page */
	switch (rnd(40)) {
	case 0:
		c->a[0] += 1 + rnd(PG - 1);	/* EINVAL */
		break;
	case 1:
		c->a[2] |= 0x10;		/* EINVAL: no such bit */
		break;
	case 2:
		c->a[2] |= K_PROT_GROWSDOWN;	/* EINVAL: not a stack */
		break;
	case 3:
		c->a[1] = 0;			/* nothing to do: 0 */
		break;
	case 4:
		c->a[1] = -PG;			/* wraps: ENOMEM */
		break;
	}
	e = c->a[0] + PALIGN(c->a[1]);
	return e > c->a[0] && touches_foreign(c->a[0], e, st->start_brk,
	    st->brk) ? -1 : 0;
}

/*
 * Where a fixed mremap of len bytes may go: into a range of its own (it
 * is unmapped first), or a free place; 0 when the pick touches what it
 * must not.
 */
static unsigned long
pick_target(const struct state *st, unsigned long len, int free_only)
{
	const struct range *r;
	unsigned long t;

	if (!free_only && nown > 0 && chance(50)) {
		r = &own[rnd((unsigned long)nown)];
		t = r->start + rnd((r->end - r->start) / PG) * PG;
	} else if (chance(50)) {
		t = PALIGN(st->brk) + (64 + rnd(4096)) * PG;
	} else {
		t = 0x10000UL + rnd(0x7ff000000000UL / PG) * PG;
	}
	if (t + len > TASK_TOP || touches_foreign(t, t + len, st->start_brk,
	    st->brk) || (free_only && touches_own(t, t + len)))
		return 0;
	return t;
}

/* The kinds of mremap, each kept where 6.x and 4.14 agree (see the top). */
static int
gen_mremap(struct call *c, const struct state *st)
{
	const struct range *r, *q;
	unsigned long a, old, nw, flags = 0, t = 0;
	unsigned k = (unsigned)rnd(100);

	if (nown == 0)
		return -1;
	r = &own[rnd((unsigned long)nown)];
	a = r->start + rnd((r->end - r->start) / PG) * PG;
	old = (1 + rnd((r->end - a) / PG)) * PG;
	if (chance(15)) {		/* over two ranges */
		q = &own[rnd((unsigned long)nown)];
		if (q->end > a && !touches_foreign(a, q->end, st->start_brk,
		    st->brk))
			old = q->end - a;
	}
	if (old > maxpages * PG)
		old = maxpages * PG;
	if (a + old > r->end && !has_hole(a, a + old))
		old = r->end - a;
	switch (rnd(3)) {
	case 0:
		nw = (1 + rnd(old / PG)) * PG;		/* shrink (or same) */
		break;
	case 1:
		nw = old + (1 + rnd(chance(50) ? 4 : 64)) * PG;	/* grow */
		break;
	default:
		nw = old;
		break;
	}
	if (huge && chance(30))
		nw = (1 + rnd(3)) * PMD;
	else if (nw > maxpages * PG)
		nw = maxpages * PG;
	if (k < 30) {
		flags = 0;
	} else if (k < 65) {
		flags = K_MREMAP_MAYMOVE;
	} else if (k < 85) {
		/* A fixed move of a source inside one VMA. */
		flags = K_MREMAP_MAYMOVE | K_MREMAP_FIXED;
		if (a + old > r->end)
			old = r->end - a;
		if (nw > old && st->data_cur != RLIM_INF)
			nw = old;
		if ((t = pick_target(st, nw, 0)) == 0)
			flags = K_MREMAP_MAYMOVE;
	} else if (k < 90) {
		/* An unmapped source: growing, or fixed onto free space. */
		a = r->end + rnd(4) * PG;
		if (touches_own(a, a + old) || touches_foreign(a, a + old,
		    st->start_brk, st->brk))
			return -1;
		if (chance(50)) {
			nw = old + PG;
			flags = chance(50) ? K_MREMAP_MAYMOVE : 0;
		} else if ((t = pick_target(st, nw, 1)) != 0) {
			flags = K_MREMAP_MAYMOVE | K_MREMAP_FIXED;
		} else {
			return -1;
		}
	} else {
		switch (rnd(4)) {
		case 0:
			a += 1 + rnd(PG - 1);		/* EINVAL */
			break;
		case 1:
			flags = K_MREMAP_FIXED;		/* EINVAL: no MAYMOVE */
			t = 0x10000UL + rnd(0x7ff000000000UL / PG) * PG;
			break;
		case 2:
			flags = 8;			/* EINVAL: no such flag */
			break;
		default:
			nw = 0;				/* EINVAL */
			break;
		}
	}
	c->kind = C_MREMAP;
	c->a[0] = a;
	c->a[1] = old;
	c->a[2] = nw;
	c->a[3] = flags;
	c->a[4] = t;
	if (chance(10) && old > PG)
		c->a[1] -= rnd(PG);	/* both lengths are rounded up */
	if (chance(10) && nw > PG)
		c->a[2] -= rnd(PG);
	return 0;
}

/* What mremap's success did to the helper's ranges. */
static int
own_remapped(const struct call *c)
{
	const struct range *r = own_find(c->a[0]);
	unsigned long a = c->a[0], ret = (unsigned long)c->ret;
	unsigned long old = PALIGN(c->a[1]), nw = PALIGN(c->a[2]);
	int w = r != NULL ? r->writable : 1;

	if (ret == a) {
		if (nw < old)
			return own_remove(a + nw, a + old);
		return nw > old ? own_add(a + old, a + nw, w) : 0;
	}
	if (own_remove(a, a + old) < 0)
		return -1;
	return own_add(ret, ret + nw, w);
}

static void
gen_brk(struct call *c, const struct state *st)
{
	unsigned long b;

	switch (rnd(10)) {
	case 0: case 1: case 2: case 3:
		b = st->brk + rnd(chance(50) ? 8 * PG : HEAP_SPAN / 4);
		break;
	case 4: case 5: case 6:
		b = st->brk - rnd(chance(50) ? 8 * PG : HEAP_SPAN / 4);
		break;
	case 7:
		b = st->start_brk + rnd(HEAP_SPAN);
		break;
	case 8:
		b = st->start_brk + rnd(3);
		break;
	default:
		b = (st->brk & ~(PG - 1)) + rnd(PG);	/* the same page */
		break;
	}
	if (b < st->start_brk || b > st->start_brk + HEAP_SPAN)
		b = st->start_brk + rnd(HEAP_SPAN);
	c->kind = C_BRK;
	c->a[0] = b;
}

static void
gen_setrlimit(struct call *c, const struct state *st)
{
	unsigned long data = st->data0 + own_pages(1) +
	    (PALIGN(st->brk) - PALIGN(st->brk0)) / PG;
	unsigned long cur;

	switch (rnd(10)) {
	case 0: case 1: case 2:
		cur = RLIM_INF;
		break;
	case 3:
		cur = 0;	/* Valgrind's case: the hard limit rules mmap */
		break;
	case 4: case 5:
		cur = PALIGN(st->brk) - st->start_brk +
		    (st->end_data - st->start_data) + rnd(2UL << 20);
		break;
	default:
		cur = (data + rnd(1100)) * PG - (data > 8 ? 8 * PG : 0);
		if (chance(30))
			cur += rnd(PG);
		break;
	}
	if (cur > st->data_max)
		cur = st->data_max;
	c->kind = C_SETRLIMIT;
	c->a[0] = K_RLIMIT_DATA;
	c->a[1] = cur;
	c->a[2] = st->data_max;
}

/* Makes call c and updates what the helper knows. */
static void
do_call(struct call *c, struct state *st)
{
	struct krlimit rl;
	unsigned long len;

	switch (c->kind) {
	case C_BRK:
		c->ret = kcall(SYS_brk, c->a[0], 0, 0, 0, 0, 0);
		if (c->ret > 0)
			st->brk = (unsigned long)c->ret;
		break;
	case C_MMAP:
		c->ret = kcall(SYS_mmap, c->a[0], c->a[1], c->a[2], c->a[3],
		    (unsigned long)-1L, 0);
		len = PALIGN(c->a[1]);
		if (c->ret < 0 && (c->a[3] & K_MAP_FIXED) && len > 0 &&
		    own_cut(c->a[0], c->a[0] + len, -1) < 0)
			nown = -1;	/* 6.x split there: see the top */
		if (c->ret >= 0 && own_add((unsigned long)c->ret,
		    (unsigned long)c->ret + len, (c->a[2] & K_PROT_WRITE) != 0))
			nown = -1;	/* table full: stop (checked by caller) */
		break;
	case C_MUNMAP:
		c->ret = kcall(SYS_munmap, c->a[0], c->a[1], 0, 0, 0, 0);
		if (c->ret == 0 && own_remove(c->a[0], c->a[0] +
		    PALIGN(c->a[1])) < 0)
			nown = -1;
		break;
	case C_SETRLIMIT:
		rl.cur = c->a[1];
		rl.max = c->a[2];
		c->ret = kcall(SYS_setrlimit, c->a[0], (unsigned long)&rl,
		    0, 0, 0, 0);
		if (c->ret == 0)
			st->data_cur = c->a[1];
		break;
	case C_MPROTECT:
		c->ret = kcall(SYS_mprotect, c->a[0], c->a[1], c->a[2], 0, 0,
		    0);
		len = PALIGN(c->a[1]);
		/* A failure may have changed a first part: cut there too. */
		if (c->a[0] + len > c->a[0] && own_cut(c->a[0], c->a[0] + len,
		    c->ret == 0 ? (c->a[2] & K_PROT_WRITE) != 0 : -1) < 0)
			nown = -1;
		break;
	case C_MREMAP:
		c->ret = kcall(SYS_mremap, c->a[0], c->a[1], c->a[2], c->a[3],
		    c->a[4], 0);
		if (c->ret >= 0 && own_remapped(c) < 0)
			nown = -1;
		break;
	}
}

/* ---- output (after the last call) ----------------------------------------- */

static void
out_str(const char *s)
{
	size_t n = strlen(s);

	if (outlen + n >= sizeof(out)) {
		outoverflow = 1;
		return;
	}
	memcpy(out + outlen, s, n);
	outlen += n;
}

static void
out_ch(char ch)
{
	char s[2] = { ch, '\0' };

	out_str(s);
}

static void
out_num(unsigned long v, unsigned base)
{
	char s[32];
	int i = (int)sizeof(s) - 1;

	s[i] = '\0';
	do {
		s[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0);
	out_str(s + i);
}

static void
out_hex(unsigned long v)
{
	out_str("0x");
	out_num(v, 16);
}

/* An rlimit value as strace prints it: N*1024, a number, or infinity. */
static void
out_rlim(unsigned long v)
{
	if (v == RLIM_INF) {
		out_str("RLIM64_INFINITY");
	} else if (v != 0 && v % 1024 == 0) {
		out_num(v / 1024, 10);
		out_str("*1024");
	} else {
		out_num(v, 10);
	}
}

static void
out_rlim_directive(const char *name, int res)
{
	struct krlimit rl;

	if (kcall(SYS_prlimit64, 0, (unsigned long)res, 0, (unsigned long)&rl,
	    0, 0) != 0)
		return;
	out_str("% rlimit ");
	out_str(name);
	out_ch(' ');
	if (rl.cur == RLIM_INF)
		out_str("unlimited");
	else
		out_num(rl.cur, 10);
	out_ch(' ');
	if (rl.max == RLIM_INF)
		out_str("unlimited");
	else
		out_num(rl.max, 10);
	out_ch('\n');
}

static void
out_field(const char *name, unsigned long v)
{
	out_str("% ");
	out_str(name);
	out_ch(' ');
	out_hex(v);
	out_ch('\n');
}

static const char *
err_text(long e, const char **name)
{
	switch (e) {
	case EPERM:	*name = "EPERM"; return "Operation not permitted";
	case ENOMEM:	*name = "ENOMEM"; return "Cannot allocate memory";
	case EINVAL:	*name = "EINVAL"; return "Invalid argument";
	case EAGAIN:	*name = "EAGAIN"; return "Resource temporarily unavailable";
	case EEXIST:	*name = "EEXIST"; return "File exists";
	case EACCES:	*name = "EACCES"; return "Permission denied";
	case EBADF:	*name = "EBADF"; return "Bad file descriptor";
	case EFAULT:	*name = "EFAULT"; return "Bad address";
	default:	*name = NULL; return NULL;
	}
}

/* " = result" from column 40, as strace aligns it. */
static void
out_result(size_t linestart, long ret, int address)
{
	const char *name, *text;

	do
		out_ch(' ');
	while (outlen - linestart < 40 && !outoverflow);
	out_str("= ");
	if (ret >= 0 || ret < -4095) {
		if (address)
			out_hex((unsigned long)ret);
		else
			out_num((unsigned long)ret, 10);
		return;
	}
	out_str("-1 ");
	text = err_text(-ret, &name);
	if (name != NULL) {
		out_str(name);
		out_str(" (");
		out_str(text);
		out_ch(')');
	} else {
		out_str("E");
		out_num((unsigned long)-ret, 10);
	}
}

/* PROT_ flags as strace names them, unknown bits as a number. */
static void
out_prot(unsigned long prot)
{
	static const struct { unsigned long bit; const char *name; } names[] = {
		{ K_PROT_READ, "PROT_READ" }, { K_PROT_WRITE, "PROT_WRITE" },
		{ K_PROT_EXEC, "PROT_EXEC" },
		{ K_PROT_GROWSDOWN, "PROT_GROWSDOWN" },
	};
	const char *sep = "";
	size_t i;

	if (prot == 0) {
		out_str("PROT_NONE");
		return;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(prot & names[i].bit))
			continue;
		out_str(sep);
		out_str(names[i].name);
		sep = "|";
		prot &= ~names[i].bit;
	}
	if (prot != 0) {
		out_str(sep);
		out_hex(prot);
	}
}

/* mremap(old, old_len, new_len, flags[, new]): new only with FIXED. */
static void
out_mremap(const struct call *c)
{
	out_str("mremap(");
	out_hex(c->a[0]);
	out_str(", ");
	out_num(c->a[1], 10);
	out_str(", ");
	out_num(c->a[2], 10);
	out_str(", ");
	if (c->a[3] == K_MREMAP_MAYMOVE)
		out_str("MREMAP_MAYMOVE");
	else if (c->a[3] == (K_MREMAP_MAYMOVE | K_MREMAP_FIXED))
		out_str("MREMAP_MAYMOVE|MREMAP_FIXED");
	else if (c->a[3] == K_MREMAP_FIXED)
		out_str("MREMAP_FIXED");
	else
		out_hex(c->a[3]);
	if (c->a[3] & K_MREMAP_FIXED) {
		out_str(", ");
		out_hex(c->a[4]);
	}
	out_ch(')');
}

static void
out_call(const struct call *c)
{
	size_t start = outlen;

	switch (c->kind) {
	case C_BRK:
		out_str("brk(");
		if (c->a[0] == 0)
			out_str("NULL");
		else
			out_hex(c->a[0]);
		out_ch(')');
		out_result(start, c->ret, 1);
		break;
	case C_MMAP:
		out_str("mmap(");
		if (c->a[0] == 0)
			out_str("NULL");
		else
			out_hex(c->a[0]);
		out_str(", ");
		out_num(c->a[1], 10);
		out_str(", ");
		if (c->a[2] == 0)
			out_str("PROT_NONE");
		else if (c->a[2] == K_PROT_READ)
			out_str("PROT_READ");
		else
			out_str("PROT_READ|PROT_WRITE");
		out_str(c->a[3] & K_MAP_FIXED ?
		    ", MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0)" :
		    ", MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)");
		out_result(start, c->ret, 1);
		break;
	case C_MUNMAP:
		out_str("munmap(");
		out_hex(c->a[0]);
		out_str(", ");
		out_num(c->a[1], 10);
		out_ch(')');
		out_result(start, c->ret, 0);
		break;
	case C_SETRLIMIT:
		out_str("setrlimit(RLIMIT_DATA, {rlim_cur=");
		out_rlim(c->a[1]);
		out_str(", rlim_max=");
		out_rlim(c->a[2]);
		out_str("})");
		out_result(start, c->ret, 0);
		break;
	case C_MPROTECT:
		out_str("mprotect(");
		out_hex(c->a[0]);
		out_str(", ");
		out_num(c->a[1], 10);
		out_str(", ");
		out_prot(c->a[2]);
		out_ch(')');
		out_result(start, c->ret, 0);
		break;
	case C_MREMAP:
		out_mremap(c);
		out_result(start, c->ret, 1);
		break;
	}
	out_ch('\n');
}

static unsigned long
read_sysctl(const char *path, unsigned long def)
{
	size_t len;
	const char *p = sysctl_buf;

	if (read_file(path, sysctl_buf, sizeof(sysctl_buf), &len) != 0 ||
	    len == 0)
		return def;
	return parse_num(&p, 10);
}

static const char *
arch_name(const char *machine)
{
	if (strcmp(machine, "x86_64") == 0)
		return "x86_64";
	if (strcmp(machine, "aarch64") == 0)
		return "arm64";
	if (machine[0] == 'i' && strcmp(machine + 2, "86") == 0)
		return "i386";
	if (strncmp(machine, "arm", 3) == 0)
		return "arm";
	return NULL;
}

static int
usage(void)
{
	static const char msg[] =
	    "usage: livekernel SEED NCALLS [AT]   (under setarch -R [-L])\n";

	kcall(SYS_write, 2, (unsigned long)msg, sizeof(msg) - 1, 0, 0, 0);
	return 2;
}

static int
fail(const char *what)
{
	kcall(SYS_write, 2, (unsigned long)"livekernel: ", 12, 0, 0, 0);
	kcall(SYS_write, 2, (unsigned long)what, strlen(what), 0, 0, 0);
	kcall(SYS_write, 2, (unsigned long)"\n", 1, 0, 0, 0);
	return 1;
}

int
main(int argc, char **argv)
{
	static struct state st;
	struct krlimit data_rl;
	unsigned long seed, n, at = ~0UL, persona, legacy_sysctl, min_addr;
	unsigned long max_count;
	const char *p, *arch;
	size_t len, done;
	int i, legacy;
	long r;

	if (argc != 3 && argc != 4)
		return usage();
	if (argc == 4) {
		p = argv[3];
		at = parse_num(&p, 10);
		if (*p != '\0')
			return usage();
	}
	p = argv[1];
	seed = parse_num(&p, 10);
	if (*p != '\0')
		return usage();
	p = argv[2];
	n = parse_num(&p, 10);
	if (*p != '\0' || n == 0 || n > MAXCALLS)
		return usage();
	rng_state = seed;
	if ((p = getenv("LIVEKERNEL_HUGE")) != NULL && strcmp(p, "1") == 0) {
		huge = 1;
		maxpages = HUGEPAGES;
	}

	/* What the layout code reads, before anything is recorded. */
	persona = (unsigned long)kcall(SYS_personality, 0xffffffffUL, 0, 0, 0,
	    0, 0);
	legacy_sysctl = read_sysctl("/proc/sys/vm/legacy_va_layout", 0);
	min_addr = read_sysctl("/proc/sys/vm/mmap_min_addr", 65536);
	max_count = read_sysctl("/proc/sys/vm/max_map_count", 65530);
	legacy = (persona & K_ADDR_COMPAT_LAYOUT) != 0 || legacy_sysctl != 0;
	if (!(persona & K_ADDR_NO_RANDOMIZE) &&
	    read_sysctl("/proc/sys/kernel/randomize_va_space", 2) != 0)
		return fail("randomization is on: run me under setarch -R");
	kcall(SYS_uname, (unsigned long)&uts, 0, 0, 0, 0, 0);
	if (kcall(SYS_prlimit64, 0, K_RLIMIT_DATA, 0, (unsigned long)&data_rl,
	    0, 0) != 0)
		return fail("cannot read RLIMIT_DATA");

	/* The start state. From here on: no allocation, no stdio. */
	if (read_file("/proc/self/stat", stat_buf, sizeof(stat_buf), &len) != 0)
		return fail("cannot read /proc/self/stat");
	if (read_file("/proc/self/maps", maps_buf, sizeof(maps_buf),
	    &maps_len) != 0)
		return fail("cannot read /proc/self/maps");
	parse_maps(&st.data0);
	st.start_data = stat_field(45);
	st.end_data = stat_field(46);
	st.start_brk = stat_field(47);
	st.stack_start = 0;
	for (i = 0; i < nforeign; i++)	/* the mapping holding the stack */
		if (foreign[i].start <= stat_field(28) &&
		    stat_field(28) < foreign[i].end)
			st.stack_start = foreign[i].start;
	st.data_max = data_rl.max;
	st.data_cur = data_rl.cur;
	calls[0].kind = C_BRK;
	calls[0].a[0] = 0;
	do_call(&calls[0], &st);
	st.brk = st.brk0 = (unsigned long)calls[0].ret;
	ncalls = 1;

	for (done = 0; done < n; done++) {
		struct call *c = &calls[ncalls];
		unsigned k = (unsigned)rnd(100);

		if (k < 35)
			gen_mmap(c, &st);
		else if (k < 52) {
			if (gen_munmap(c, &st) < 0)
				gen_mmap(c, &st);
		} else if (k < 64) {
			if (gen_mprotect(c, &st) < 0)
				gen_mmap(c, &st);
		} else if (k < 78) {
			if (gen_mremap(c, &st) < 0)
				gen_mmap(c, &st);
		} else if (k < 94)
			gen_brk(c, &st);
		else
			gen_setrlimit(c, &st);
		do_call(c, &st);
		if ((unsigned long)ncalls++ == at && read_file("/proc/self/maps",
		    dump_buf, sizeof(dump_buf), &dump_len) != 0)
			return fail("cannot read /proc/self/maps");
		if (nown < 0)
			break;
	}
	/* Not recorded: give the limit back before anything else runs. */
	kcall(SYS_setrlimit, K_RLIMIT_DATA, (unsigned long)&data_rl, 0, 0, 0,
	    0);
	if (nown < 0)
		return fail("too many mappings to track");

	/* The scenario. */
	arch = arch_name(uts.machine);
	out_str("# vmalab scenario recorded by tests/livekernel on the live "
	    "kernel\n# kernel: ");
	out_str(uts.sysname);
	out_ch(' ');
	out_str(uts.release);
	out_ch(' ');
	out_str(uts.version);
	out_ch(' ');
	out_str(uts.machine);
	out_str("\n# layout: ");
	out_str(legacy ? "legacy" : "topdown");
	out_str(" (personality ");
	out_hex(persona);
	out_str(", vm.legacy_va_layout ");
	out_num(legacy_sysctl, 10);
	out_str("), seed ");
	out_num(seed, 10);
	out_str(", ");
	out_num(n, 10);
	out_str(" calls\n% title live kernel ");
	out_str(uts.release);
	out_str(legacy ? ", legacy" : ", topdown");
	out_str(", seed ");
	out_num(seed, 10);
	out_str("\n% layout ");
	out_str(legacy ? "legacy\n" : "topdown\n");
	if (huge)
		out_str("% kernel 6.18\n");
	if (arch != NULL) {
		out_str("% arch ");
		out_str(arch);
		out_ch('\n');
	}
	out_str("% mmap_min_addr ");
	out_num(min_addr, 10);
	out_str("\n% max_map_count ");
	out_num(max_count, 10);
	out_ch('\n');
	out_rlim_directive("STACK", K_RLIMIT_STACK);
	out_rlim_directive("DATA", K_RLIMIT_DATA);
	out_rlim_directive("AS", K_RLIMIT_AS);
	out_rlim_directive("MEMLOCK", K_RLIMIT_MEMLOCK);
	out_field("start_code", stat_field(26));
	out_field("end_code", stat_field(27));
	out_field("start_stack", stat_field(28));
	out_field("start_data", st.start_data);
	out_field("end_data", st.end_data);
	out_field("start_brk", st.start_brk);
	out_field("brk", st.brk0);
	out_str("# /proc/self/maps at the start\n");
	out_str(maps_buf);
	if (maps_len > 0 && maps_buf[maps_len - 1] != '\n')
		out_ch('\n');
	out_str("# the calls, as the kernel answered them\n");
	for (i = 0; i < ncalls; i++)
		out_call(&calls[i]);
	if (dump_len > 0) {
		out_str("# /proc/self/maps after call ");
		out_num(at, 10);
		out_str(":\n# ");
		for (len = 0; len < dump_len; len++) {
			out_ch(dump_buf[len]);
			if (dump_buf[len] == '\n' && len + 1 < dump_len)
				out_str("# ");
		}
	}
	if (outoverflow)
		return fail("output buffer too small");

	for (done = 0; done < outlen; done += (size_t)r) {
		r = kcall(SYS_write, 1, (unsigned long)(out + done),
		    outlen - done, 0, 0, 0);
		if (r <= 0)
			return fail("cannot write the scenario");
	}
	return 0;
}
