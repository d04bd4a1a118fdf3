/*
 * livekernel.c - record what the running kernel answers to brk, mmap,
 * munmap and setrlimit, as a vmalab scenario that `vmalab run --check`
 * replays against the engine.
 *
 *   usage: livekernel SEED NCALLS        (run under setarch -R [-L])
 *
 * The helper reads /proc/self/maps, /proc/self/stat and its break, then
 * makes NCALLS random calls chosen from SEED:
 *   - anonymous private mmap of 1..511 pages (under 2 MiB, so that the
 *     2 MiB alignment of anonymous mappings in 6.7+ never applies), with
 *     no hint, with a hint (near the break, near its own mappings, near
 *     the stack's guard gap, anywhere), or MAP_FIXED inside a range it
 *     mapped itself;
 *   - munmap of (parts of) ranges it mapped itself, splitting them;
 *   - brk up and down within [start_brk, start_brk + 64 MiB], never below
 *     start_brk (6.x refuses to shrink a break with no VMA below it; the
 *     heap is never unmapped here, so that case cannot arise);
 *   - setrlimit(RLIMIT_DATA), often to a value that makes later calls
 *     fail; the hard limit is left as it was.
 * It never touches a mapping it did not make. Then it writes, on stdout,
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
#define K_MAP_PRIVATE	0x02
#define K_MAP_FIXED	0x10
#define K_MAP_ANONYMOUS	0x20
#define K_RLIMIT_STACK	3
#define K_RLIMIT_DATA	2
#define K_RLIMIT_AS	9
#define K_RLIMIT_MEMLOCK 8
#define K_ADDR_COMPAT_LAYOUT 0x0200000
#define K_ADDR_NO_RANDOMIZE 0x0040000

enum call_kind { C_BRK, C_MMAP, C_MUNMAP, C_SETRLIMIT };

struct call {
	enum call_kind	 kind;
	unsigned long	 a[4];	/* brk: addr; mmap: addr len prot flags;
				   munmap: addr len; setrlimit: res cur max */
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
	unsigned long	 stack_start;
};

static unsigned long
pick_len(void)
{
	unsigned long len = (1 + rnd(chance(50) ? 16 : 511)) * PG;

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
	    "usage: livekernel SEED NCALLS   (under setarch -R [-L])\n";

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
	unsigned long seed, n, persona, legacy_sysctl, min_addr, max_count;
	const char *p, *arch;
	size_t len, done;
	int i, legacy;
	long r;

	if (argc != 3)
		return usage();
	p = argv[1];
	seed = parse_num(&p, 10);
	if (*p != '\0')
		return usage();
	p = argv[2];
	n = parse_num(&p, 10);
	if (*p != '\0' || n == 0 || n > MAXCALLS)
		return usage();
	rng_state = seed;

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
	calls[0].kind = C_BRK;
	calls[0].a[0] = 0;
	do_call(&calls[0], &st);
	st.brk = st.brk0 = (unsigned long)calls[0].ret;
	ncalls = 1;

	for (done = 0; done < n; done++) {
		struct call *c = &calls[ncalls];
		unsigned k = (unsigned)rnd(100);

		if (k < 45)
			gen_mmap(c, &st);
		else if (k < 70) {
			if (gen_munmap(c, &st) < 0)
				gen_mmap(c, &st);
		} else if (k < 92)
			gen_brk(c, &st);
		else
			gen_setrlimit(c, &st);
		do_call(c, &st);
		ncalls++;
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
