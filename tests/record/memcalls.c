/*
 * memcalls.c - mprotect and mremap called directly, around mappings of
 * 2 MiB and more (which Linux 6.x aligns for huge pages) and small ones.
 * Prints each result with write(2) at the end, so that printing makes no
 * memory call of its own. A test program of tests/record.sh.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define PG	4096UL
#define MIB	(1UL << 20)

static char out[8192];
static size_t n;

static void
note(const char *name, long v)
{
	n += (size_t)snprintf(out + n, sizeof out - n, "%s %#lx\n", name,
	    (unsigned long)v);
}

static char *
anon(void *hint, size_t len, int prot)
{
	return mmap(hint, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

int
main(void)
{
	char *a, *b, *c, *d, *e;

	a = anon(NULL, 4 * MIB, PROT_READ | PROT_WRITE);	/* 2 MiB multiple */
	note("mmap", (long)a);
	b = anon(NULL, 3 * MIB, PROT_READ | PROT_WRITE);	/* not a multiple */
	note("mmap", (long)b);
	c = anon(NULL, 16 * PG, PROT_READ);
	note("mmap", (long)c);
	note("mprotect", mprotect(c + 4 * PG, 4 * PG, PROT_READ | PROT_WRITE));
	note("mprotect", mprotect(c, 16 * PG, PROT_NONE));
	note("mprotect", mprotect(a + MIB, 2 * PG, PROT_READ));
	note("mprotect", mprotect(c + 1, PG, PROT_READ));	/* EINVAL */
	d = mremap(c, 16 * PG, 8 * PG, 0);			/* shrink */
	note("mremap", (long)d);
	d = mremap(c, 8 * PG, 12 * PG, 0);			/* grow in place? */
	note("mremap", (long)d);
	e = mremap(b, 3 * MIB, 6 * MIB, MREMAP_MAYMOVE);	/* moves, 2 MiB multiple */
	note("mremap", (long)e);
	e = mremap(e, 6 * MIB, 7 * MIB, MREMAP_MAYMOVE);
	note("mremap", (long)e);
	d = mremap(a + 2 * MIB, 2 * MIB, 2 * MIB, MREMAP_MAYMOVE | MREMAP_FIXED,
	    e + 7 * MIB + 64 * PG);
	note("mremap", (long)d);
	note("munmap", munmap(a, MIB));
	a = anon(a + 16 * PG, 2 * MIB, PROT_READ);		/* a hint: not aligned */
	note("mmap", (long)a);
	note("mremap", (long)mremap(a, 2 * MIB, 4 * MIB, 0));
	if (write(1, out, n) != (ssize_t)n)
		return 1;
	return 0;
}
