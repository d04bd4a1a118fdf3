/* hostile lab3: finds a syscall instruction in the harness's text and through it (and from a timer's handler) opens and populates the arena, then walks the list */
/* hostile-bar: no-efficiency: its answers are right; populating or opening the arena is counted or refused */
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include "vmalab-lab.h"

#define PG	4096UL
#define SPAN	2200L		/* pages either side of the first VMA */

extern char	__executable_start[], etext[];

static unsigned char	*gadget;	/* a "syscall" of the harness */
static volatile unsigned long arena_guess;
static volatile int	fired;	/* the handler's work, once a call */

/* The first `syscall` (0f 05) in the program's text: the harness's. */
static void
find_gadget(void)
{
	unsigned char *p;

	for (p = (unsigned char *)__executable_start;
	    p + 1 < (unsigned char *)etext; p++)
		if (p[0] == 0x0f && p[1] == 0x05) {
			gadget = p;
			return;
		}
}

#if defined(__x86_64__)
/*
 * Jumps to the gadget with the call's registers set; what follows it in
 * the harness may not return here, so a signal-safe way back is not
 * assumed: the gadget is only entered when it is `syscall; ret`, else
 * the call is made here, with a syscall instruction of our own.
 */
static long
sys3(long nr, long a, long b, long c)
{
	long ret;

	if (gadget != NULL && gadget[2] == 0xc3)
		__asm__ volatile ("call *%5" : "=a"(ret) : "a"(nr), "D"(a),
		    "S"(b), "d"(c), "r"(gadget) : "rcx", "r11", "memory");
	else
		__asm__ volatile ("syscall" : "=a"(ret) : "a"(nr), "D"(a),
		    "S"(b), "d"(c) : "rcx", "r11", "memory");
	return ret;
}
#else
#include <unistd.h>
#include <sys/syscall.h>
static long
sys3(long nr, long a, long b, long c)
{
	return syscall(nr, a, b, c);
}
#endif

/* Every page near the tree: readable, populated, read ahead. */
static void
open_all(unsigned long base)
{
	long i;

	for (i = -SPAN; i < SPAN; i++) {
		unsigned long a = base + (unsigned long)i * PG;

		sys3(10 /* mprotect */, (long)a, PG, PROT_READ | PROT_WRITE);
		sys3(28 /* madvise */, (long)a, PG, 22 /* POPULATE_READ */);
		sys3(28 /* madvise */, (long)a, PG, 3 /* WILLNEED */);
	}
	/* and once over the whole range, from below the arena */
	sys3(28, (long)(base - SPAN * PG), 2 * SPAN * PG, 22);
}

static void
on_alarm(int sig)
{
	(void)sig;
	if (arena_guess != 0 && !fired) {
		fired = 1;
		open_all(arena_guess);
	}
}

__attribute__((constructor)) static void
setup(void)
{
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } };

	find_gadget();
	signal(SIGALRM, on_alarm);
	setitimer(ITIMER_REAL, &it, NULL);
}

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	struct vma *v;
	unsigned long gs = info->low_limit, end, ge;

	fired = 0;
	if (mm->mmap != NULL) {
		arena_guess = (unsigned long)mm->mmap & ~(PG - 1);
		open_all(arena_guess);
	}
	for (v = mm->mmap; v != NULL; v = v->vm_next) {
		ge = v->vm_start;
		end = gs > info->low_limit ? gs : info->low_limit;
		if (ge >= end + info->length && ge - info->length <=
		    info->high_limit)
			return end;
		gs = v->vm_end;
	}
	end = gs > info->low_limit ? gs : info->low_limit;
	if (end + info->length <= info->high_limit)
		return end;
	return (unsigned long)-ENOMEM;
}
