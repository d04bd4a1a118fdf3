/*
 * glibc-driver.c - makes a sequence of allocator calls with the machine's
 * own glibc, for tests/glibc.sh to watch under strace:
 *
 *	glibc-driver [-b OFFSET] [-m MAPS_OUT] [-s STAT_OUT] SEQUENCE
 *
 * SEQUENCE holds one call a line, written as in a scenario file:
 *
 *	malloc(SIZE)  free(PTR)  calloc(N, SIZE)  realloc(PTR, SIZE)
 *	mallopt(M_MMAP_THRESHOLD|M_TOP_PAD|M_TRIM_THRESHOLD, VALUE)
 *
 * where PTR is NULL, a number, or #N: the result of the N-th call (all
 * five kinds counted, from 1). Blank lines and '#' comments are skipped;
 * anything after the closing parenthesis ("= 0x...") is ignored.
 *
 * What strace sees, in order:
 *   1. the driver's start-up (ld.so, libc): to be ignored;
 *   2. getpid(): the start marker. Before it the driver has mapped a
 *      page OFFSET bytes above the break when -b is given (so that brk
 *      cannot grow the heap that far: malloc then falls back to mmap),
 *      and copied
 *      /proc/self/maps and /proc/self/stat to MAPS_OUT and STAT_OUT, the
 *      start state for the model (nothing maps or moves the break between
 *      the copy and the marker);
 *   3. the brk/mmap/munmap/mremap calls of the sequence, and nothing else;
 *   4. getpid(): the end marker.
 * Then stdout gets one line per call, "N RESULT": the pointer in hex
 * (0 for NULL), mallopt's answer in decimal, "-" for free.
 *
 * The driver itself allocates nothing: stdio is made unbuffered first and
 * never used, the sequence is read with read(2) into a static buffer, the
 * output written with write(2). The allocator is called through volatile
 * pointers so that the compiler cannot pair up or drop calls.
 *
 * Exit status: 0, or 2 with a message on stderr (usage, a bad line, a
 * file that cannot be read or written).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAXOPS		100000
#define MAXTEXT		(4 << 20)

enum kind { K_MALLOC, K_FREE, K_CALLOC, K_REALLOC, K_MALLOPT };

struct op {
	enum kind	 kind;
	unsigned long	 a, b;		/* size; n, size; ptr, size; ... */
	unsigned long	 ref;		/* #N of the pointer, 0: a is it */
};

static char		 text[MAXTEXT + 1];
static struct op	 ops[MAXOPS];
static unsigned long	 results[MAXOPS];
static char		 copybuf[1 << 16];

static void *(*volatile f_malloc)(size_t) = malloc;
static void (*volatile f_free)(void *) = free;
static void *(*volatile f_calloc)(size_t, size_t) = calloc;
static void *(*volatile f_realloc)(void *, size_t) = realloc;
static int (*volatile f_mallopt)(int, int) = mallopt;

static void
say(int fd, const char *s)
{
	size_t n = strlen(s);
	ssize_t w;

	while (n > 0 && (w = write(fd, s, n)) > 0) {
		s += w;
		n -= (size_t)w;
	}
}

static void
die(const char *what, const char *detail, int line)
{
	char num[24];
	int i = (int)sizeof num - 1;

	say(2, "glibc-driver: ");
	if (line > 0) {
		num[i] = '\0';
		do
			num[--i] = (char)('0' + line % 10);
		while ((line /= 10) > 0);
		say(2, "line ");
		say(2, num + i);
		say(2, ": ");
	}
	say(2, what);
	if (detail != NULL) {
		say(2, ": ");
		say(2, detail);
	}
	say(2, "\n");
	exit(2);
}

/* Writes "N value\n": value in hex when hex, else decimal ("-" for free). */
static void
put_result(unsigned long n, unsigned long v, int how)
{
	char buf[64];
	int i = (int)sizeof buf;
	unsigned long x;

	buf[--i] = '\n';
	if (how == 2)
		buf[--i] = '-';
	else {
		x = v;
		do
			buf[--i] = "0123456789abcdef"[x % (how ? 16 : 10)];
		while ((x /= (how ? 16 : 10)) > 0);
		if (how) {
			buf[--i] = 'x';
			buf[--i] = '0';
		}
	}
	buf[--i] = ' ';
	x = n;
	do
		buf[--i] = (char)('0' + x % 10);
	while ((x /= 10) > 0);
	if (write(1, buf + i, sizeof buf - (size_t)i) < 0)
		die("cannot write the results", strerror(errno), 0);
}

/* Copies the file `from` to `to` with read and write only. */
static void
copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY), out;
	ssize_t n;

	if (in < 0)
		die("cannot open", from, 0);
	if ((out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
		die("cannot create", to, 0);
	while ((n = read(in, copybuf, sizeof copybuf)) > 0)
		if (write(out, copybuf, (size_t)n) != n)
			die("cannot write", to, 0);
	if (n < 0)
		die("cannot read", from, 0);
	close(in);
	close(out);
}

static const char *
skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* A number: decimal or 0x hex, optionally negative; NULL is 0. */
static const char *
number(const char *s, unsigned long *out, int line)
{
	unsigned long v = 0;
	int neg = 0, base = 10, d, any = 0;

	s = skip_ws(s);
	if (strncmp(s, "NULL", 4) == 0) {
		*out = 0;
		return s + 4;
	}
	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++, any = 1) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		v = v * (unsigned long)base + (unsigned long)d;
	}
	if (!any)
		die("expected a number", NULL, line);
	*out = neg ? -v : v;
	return s;
}

/* A pointer: #N or a number. */
static const char *
pointer(const char *s, struct op *op, unsigned long nops, int line)
{
	s = skip_ws(s);
	if (*s != '#')
		return number(s, &op->a, line);
	s = number(s + 1, &op->ref, line);
	if (op->ref == 0 || op->ref > nops)
		die("#N must name an earlier call", NULL, line);
	return s;
}

static const char *
expect(const char *s, char c, int line)
{
	char what[] = "expected 'x'";

	s = skip_ws(s);
	if (*s != c) {
		what[10] = c;
		die(what, NULL, line);
	}
	return s + 1;
}

static int
mallopt_param(const char **sp, int line)
{
	static const struct { const char *name; int value; } p[] = {
		{ "M_TRIM_THRESHOLD", M_TRIM_THRESHOLD },
		{ "M_TOP_PAD", M_TOP_PAD },
		{ "M_MMAP_THRESHOLD", M_MMAP_THRESHOLD },
	};
	unsigned long v;
	size_t i;

	*sp = skip_ws(*sp);
	for (i = 0; i < sizeof p / sizeof p[0]; i++)
		if (strncmp(*sp, p[i].name, strlen(p[i].name)) == 0) {
			*sp += strlen(p[i].name);
			return p[i].value;
		}
	*sp = number(*sp, &v, line);
	return (int)(long)v;
}

/* One line into ops[*n]; blank and comment lines add nothing. */
static void
parse_line(char *s, unsigned long *n, int line)
{
	struct op *op = &ops[*n];
	const char *p;
	int depth = 0;
	char *c;

	for (c = s; *c != '\0'; c++) {
		if (*c == '(')
			depth++;
		else if (*c == ')')
			depth--;
		else if (*c == '#' && !(depth > 0 && c[1] >= '0' && c[1] <= '9')) {
			*c = '\0';
			break;
		}
	}
	p = skip_ws(s);
	if (*p == '\0')
		return;
	if (*n >= MAXOPS)
		die("too many calls", NULL, line);
	if (strncmp(p, "malloc", 6) == 0) {
		op->kind = K_MALLOC;
		p = number(expect(p + 6, '(', line), &op->a, line);
	} else if (strncmp(p, "free", 4) == 0) {
		op->kind = K_FREE;
		p = pointer(expect(p + 4, '(', line), op, *n, line);
	} else if (strncmp(p, "calloc", 6) == 0) {
		op->kind = K_CALLOC;
		p = number(expect(p + 6, '(', line), &op->a, line);
		p = number(expect(p, ',', line), &op->b, line);
	} else if (strncmp(p, "realloc", 7) == 0) {
		op->kind = K_REALLOC;
		p = pointer(expect(p + 7, '(', line), op, *n, line);
		p = number(expect(p, ',', line), &op->b, line);
	} else if (strncmp(p, "mallopt", 7) == 0) {
		op->kind = K_MALLOPT;
		p = expect(p + 7, '(', line);
		op->a = (unsigned long)(long)mallopt_param(&p, line);
		p = number(expect(p, ',', line), &op->b, line);
	} else
		die("expected malloc, free, calloc, realloc or mallopt", NULL,
		    line);
	expect(p, ')', line);
	(*n)++;
}

static unsigned long
parse(const char *path)
{
	unsigned long n = 0;
	ssize_t r;
	size_t len = 0;
	char *s, *nl;
	int fd = open(path, O_RDONLY), line = 1;

	if (fd < 0)
		die("cannot open", path, 0);
	while ((r = read(fd, text + len, MAXTEXT - len)) > 0)
		len += (size_t)r;
	if (r < 0)
		die("cannot read", path, 0);
	if (len == MAXTEXT)
		die("the sequence is too long", path, 0);
	close(fd);
	text[len] = '\0';
	for (s = text; s < text + len; s = nl + 1, line++) {
		if ((nl = strchr(s, '\n')) == NULL)
			nl = text + len;
		*nl = '\0';
		parse_line(s, &n, line);
	}
	return n;
}

static void *
ptr_of(const struct op *op)
{
	return (void *)(op->ref ? results[op->ref - 1] : op->a);
}

int
main(int argc, char **argv)
{
	const char *maps_out = NULL, *stat_out = NULL;
	unsigned long i, n, block = 0, brk0;
	int c;

	setvbuf(stdout, NULL, _IONBF, 0);
	setvbuf(stderr, NULL, _IONBF, 0);
	while ((c = getopt(argc, argv, "b:m:s:")) != -1) {
		switch (c) {
		case 'b':
			number(optarg, &block, 0);
			break;
		case 'm':
			maps_out = optarg;
			break;
		case 's':
			stat_out = optarg;
			break;
		default:
			die("usage: glibc-driver [-b OFFSET] [-m MAPS_OUT] "
			    "[-s STAT_OUT] SEQUENCE", NULL, 0);
		}
	}
	if (optind + 1 != argc)
		die("usage: glibc-driver [-b OFFSET] [-m MAPS_OUT] "
		    "[-s STAT_OUT] SEQUENCE", NULL, 0);
	n = parse(argv[optind]);
	if (block != 0) {
		/* the raw system call: sbrk(0) would tell glibc the break */
		brk0 = (unsigned long)syscall(SYS_brk, 0);
		if (mmap((void *)((brk0 + block + 4095) & ~4095UL), 4096,
		    PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		    -1, 0) == MAP_FAILED)
			die("cannot map the page above the break",
			    strerror(errno), 0);
	}
	if (maps_out != NULL)
		copy_file("/proc/self/maps", maps_out);
	if (stat_out != NULL)
		copy_file("/proc/self/stat", stat_out);

	syscall(SYS_getpid);			/* the start marker */
	for (i = 0; i < n; i++) {
		const struct op *op = &ops[i];

		switch (op->kind) {
		case K_MALLOC:
			results[i] = (unsigned long)f_malloc(op->a);
			break;
		case K_FREE:
			f_free(ptr_of(op));
			break;
		case K_CALLOC:
			results[i] = (unsigned long)f_calloc(op->a, op->b);
			break;
		case K_REALLOC:
			results[i] = (unsigned long)f_realloc(ptr_of(op), op->b);
			break;
		case K_MALLOPT:
			results[i] = (unsigned long)f_mallopt((int)(long)op->a,
			    (int)(long)op->b);
			break;
		}
	}
	syscall(SYS_getpid);			/* the end marker */

	for (i = 0; i < n; i++)
		put_result(i + 1, results[i], ops[i].kind == K_FREE ? 2 :
		    ops[i].kind == K_MALLOPT ? 0 : 1);
	return 0;
}
