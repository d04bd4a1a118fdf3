/*
 * grade-stu.c - the student's side of a lab: the test program's main.
 *
 * Compiled at grading time with the student's file(s) and a copy of the
 * engine from which the lab's functions were cut (grade-build.c), so the
 * program holds no reference: no test, no hidden case, no answer. It
 * reads calls from the grader on stdin (grade-wire.h), rebuilds each
 * call's mm exactly, calls the student's function, and writes its trace
 * events and its result on fd 3. It decides nothing: the grader compares
 * what it sends with its own reference run.
 *
 * It runs in bubblewrap's sandbox (grade-proxy.c); after its start-up it
 * also limits itself (rlimits, a seccomp filter against fork, exec and
 * ptrace, and against taking SIGSEGV/SIGBUS from the page counter), so
 * that the student's code, which runs after, finds them in place.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__linux__) && __has_include(<linux/seccomp.h>) && \
    __has_include(<linux/filter.h>) && __has_include(<linux/audit.h>)
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#if defined(__x86_64__)
#define STU_AUDIT_ARCH	AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define STU_AUDIT_ARCH	AUDIT_ARCH_AARCH64
#endif
#endif

#undef RLIM_INFINITY
#include "grader/grade.h"
#include "grade-sys.h"
#include "grade-wire.h"

#define STU_REQ_FD	0
#define STU_REP_FD	3
#define STU_AS_LIMIT	(2UL << 30)
#define STU_FSIZE	(1UL << 20)

/* The functions a lab may ask for; the student's file defines some. */
#pragma weak lab_unmapped_area
#pragma weak lab_unmapped_area_topdown
#pragma weak lab_vma_compute_subtree_gap
#pragma weak lab_vma_gap_propagate
#pragma weak lab_vma_gap_copy
#pragma weak lab_vma_gap_rotate
#pragma weak lab_sys_brk

const char *volatile lab_last_file;
volatile int lab_last_line;

/* ---- the events: each one a frame, sent as it happens ------------------- */

static struct wire_buf evbuf;

static void
send_event(enum trace_kind kind, const struct lab_func *f, int line,
    const char *id, const char *text, int outcome, int tree_op, int n,
    const struct trace_val *vals)
{
	int i;

	lab_last_file = f != NULL ? f->file : NULL;
	/* After a return, no line of this call ran last: say none. */
	lab_last_line = kind == TRACE_RETURN ? 0 : line;
	if (n < 0)
		n = 0;
	if (n > TRACE_MAXVALS)
		n = TRACE_MAXVALS;
	wire_reset(&evbuf);
	wire_u8(&evbuf, 'e');
	wire_u8(&evbuf, (unsigned)kind);
	wire_u32(&evbuf, (uint32_t)line);
	wire_u8(&evbuf, (unsigned)(outcome != 0));
	wire_u8(&evbuf, (unsigned)tree_op);
	wire_u8(&evbuf, (unsigned)n);
	wire_str(&evbuf, f != NULL ? f->name : "");
	wire_str(&evbuf, f != NULL ? f->file : "");
	wire_str(&evbuf, id);
	wire_str(&evbuf, text);
	for (i = 0; i < n; i++) {
		wire_str(&evbuf, vals[i].name);
		wire_u64(&evbuf, vals[i].value);
	}
	if (wire_send(STU_REP_FD, &evbuf) < 0)
		_exit(3);
}

void
lab_instr_call(struct mm *mm, const struct lab_func *f, int line, int n,
    const struct trace_val *vals)
{
	(void)mm;
	send_event(TRACE_CALL, f, line, NULL, NULL, 0, 0, n, vals);
}

void
lab_instr_step(struct mm *mm, const struct lab_func *f, int line)
{
	(void)mm;
	send_event(TRACE_STEP, f, line, NULL, NULL, 0, 0, 0, NULL);
}

int
lab_instr_decide(struct mm *mm, const struct lab_func *f, int line,
    const char *id, const char *cond, int outcome, int n,
    const struct trace_val *vals)
{
	(void)mm;
	send_event(TRACE_DECIDE, f, line, id, cond, outcome, 0, n, vals);
	return outcome;
}

void
lab_instr_value(struct mm *mm, const struct lab_func *f, int line,
    const char *var, unsigned long value)
{
	struct trace_val v = { var, value };

	(void)mm;
	send_event(TRACE_VALUE, f, line, NULL, var, 0, 0, 1, &v);
}

void
lab_instr_return(struct mm *mm, const struct lab_func *f, int line,
    unsigned long value)
{
	struct trace_val v = { "", value };

	(void)mm;
	send_event(TRACE_RETURN, f, line, NULL, NULL, 0, 0, 1, &v);
}

void
lab_instr_tree(struct mm *mm, enum trace_tree_op op, int n,
    const struct trace_val *vals)
{
	(void)mm;
	send_event(TRACE_TREE, NULL, 0, NULL, NULL, 0, (int)op, n, vals);
}

int
lab_decision_unknown(const struct decision *d)
{
	(void)d;
	return 0;
}

/* The engine's own events, from what the student calls: not sent. */
static void
drop_event(void *ctx, const struct trace_event *ev)
{
	(void)ctx;
	(void)ev;
}

/* ---- the arena of the efficiency tests ---------------------------------- */

#define SLOT	128

static struct {
	char		*mem;
	size_t		 size, npages;
	uint32_t	 per_page;
} arena;

/*
 * The harness's own system calls on the way to and from a graded search:
 * made here, never through libc, because the student's file may define
 * read, write or madvise itself (the link lets it), and must not run at
 * all outside the call being measured. -errno on failure.
 */
static long
stu_sys(long nr, long a, long b, long c, long d, long e, long f)
{
#if defined(__x86_64__)
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile ("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b),
	    "d"(c), "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
	return ret;
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile ("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2),
	    "r"(x3), "r"(x4), "r"(x5) : "memory");
	return x0;
#else
	long r = syscall(nr, a, b, c, d, e, f);

	return r < 0 ? -errno : r;
#endif
}

/*
 * The arena: a shared anonymous mapping (shmem, as a memfd's pages are;
 * no descriptor to it ever exists, and no file size limit applies),
 * read-write, reserved before the student's code can run any more than
 * its constructors; the seccomp filter (stu_seccomp) knows its range.
 * Before each graded search the harness drops every page's mapping
 * (MADV_DONTNEED: a shared mapping's data stays), so each page the
 * search touches, however it touches it, is a page fault the kernel
 * counts in the process's minflt, which the grader reads from outside
 * (grade-proxy.c). Every other page is marked MADV_DONTDUMP, so the
 * arena is one mapping (VMA) a page: the kernel's fault-around, which
 * maps the cached neighbours of a faulting page within its VMA, maps
 * none. 2,048 pages hold 65,530 VMAs.
 */
#define ARENA_PAGES	(2048 + 64)

static char	*arena_base;

static char *
arena_create(void)
{
	long base, i;

	base = stu_sys(__NR_mmap, 0, ARENA_PAGES * PAGE_SIZE,
	    0x1 | 0x2 /* PROT_READ | PROT_WRITE */,
	    0x01 | 0x20 /* MAP_SHARED | MAP_ANONYMOUS */, -1, 0);
	if (base < 0 && base > -4096)
		return NULL;
	for (i = 1; i < ARENA_PAGES; i += 2)
		if (stu_sys(__NR_madvise, base + i * (long)PAGE_SIZE,
		    PAGE_SIZE, 16 /* MADV_DONTDUMP */, 0, 0, 0) < 0)
			return NULL;
	return (char *)base;
}

/* Every page of the arena unmapped; its data kept. 0, or -1. */
static int
arena_drop(void)
{
	return stu_sys(__NR_madvise, (long)arena_base, ARENA_PAGES * PAGE_SIZE,
	    4 /* MADV_DONTNEED */, 0, 0, 0) == 0 ? 0 : -1;
}

/* Whole frames on fd 3 with no libc in the way. 0, or -1. */
static int
stu_send_raw(const struct wire_buf *b)
{
	uint32_t len = (uint32_t)b->len;
	const char *p;
	size_t n;
	long w;
	int part;

	if (b->failed)
		return -1;
	for (part = 0; part < 2; part++) {
		p = part == 0 ? (const char *)&len : (const char *)b->p;
		n = part == 0 ? sizeof(len) : b->len;
		while (n > 0) {
			w = stu_sys(__NR_write, STU_REP_FD, (long)p, (long)n,
			    0, 0, 0);
			if (w == -EINTR)
				continue;
			if (w <= 0)
				return -1;
			p += w;
			n -= (size_t)w;
		}
	}
	return 0;
}

/* Exactly n bytes from the grader (stdin). 0, or -1 at its end. */
static int
stu_read_raw(void *buf, size_t n)
{
	size_t got;
	long r;

	for (got = 0; got < n; got += (size_t)r)
		if ((r = stu_sys(__NR_read, STU_REQ_FD, (long)buf + (long)got,
		    (long)(n - got), 0, 0, 0)) <= 0) {
			if (r == -EINTR) {
				r = 0;
				continue;
			}
			return -1;
		}
	return 0;
}

/*
 * Waits for the grader's go (a frame of one byte, 'G'): it has read the
 * process's page faults. Ends the program if anything else comes.
 */
static void
stu_wait_go(void)
{
	unsigned char b[5];

	if (stu_read_raw(b, sizeof(b)) < 0 || b[0] != 1 || b[1] != 0 ||
	    b[2] != 0 || b[3] != 0 || b[4] != 'G')
		_exit(4);
}

/*
 * Asynchronous signals reach the student's handlers only during a call:
 * outside one, a timer's handler would run code the grader does not
 * measure (copying the arena before the drop, say). The faults a crash
 * raises stay deliverable.
 */
static void
stu_sigmask(int open)
{
	uint64_t m = 0;

	if (!open) {
		m = ~(uint64_t)0;
		m &= ~(1ULL << (SIGSEGV - 1) | 1ULL << (SIGBUS - 1) |
		    1ULL << (SIGFPE - 1) | 1ULL << (SIGILL - 1) |
		    1ULL << (SIGABRT - 1) | 1ULL << (SIGSYS - 1) |
		    1ULL << (SIGTRAP - 1));
	}
	if (stu_sys(__NR_rt_sigprocmask, SIG_SETMASK, (long)&m, 0, 8, 0,
	    0) < 0)
		_exit(4);
}

/* Zeroes n bytes without libc (the student's file may define memset). */
static void
stu_wipe(void *p, size_t n)
{
	volatile unsigned char *q = p;
	size_t i;

	for (i = 0; i < n; i++)
		q[i] = 0;
}

/* Gives b room for n bytes, its pages touched. */
static void
stu_buf_ready(struct wire_buf *b, size_t n)
{
	unsigned char *np;
	size_t i;

	if (b->cap < n) {
		if ((np = realloc(b->p, n)) == NULL)
			return;
		b->p = np;
		b->cap = n;
	}
	for (i = 0; i < b->cap; i += 1024)
		((volatile unsigned char *)b->p)[i] =
		    ((volatile unsigned char *)b->p)[i];
}

/* Touches 128 KiB of stack, so the call below does not fault on it. */
static void __attribute__((noinline))
stu_touch_stack(void)
{
	volatile char pad[128 * 1024];
	size_t i;

	for (i = 0; i < sizeof(pad); i += 512)
		pad[i] = 0;
}

static struct vma *
arena_place(uint32_t slot, void *arg)
{
	size_t page = slot / arena.per_page, off = slot % arena.per_page;

	(void)arg;
	if (page >= arena.npages)
		return NULL;
	return (struct vma *)(void *)(arena.mem + page * PAGE_SIZE +
	    off * SLOT);
}

/* ---- crashes and page faults -------------------------------------------- */

/*
 * A crash, said on fd 3 in a frame of its own ('c', text) and then taken
 * by the default action.
 */
static void
on_fault(int sig, siginfo_t *si, void *uc)
{
	char buf[600];
	const char *f = lab_last_file;
	uint32_t len;
	size_t n = 0, fl;

	(void)uc;
	buf[4] = 'c';
	n = 5;
	n += wire_hex(buf + n, (unsigned long)sig);
	buf[n++] = ' ';
	n += wire_hex(buf + n, (unsigned long)(uintptr_t)si->si_addr);
	buf[n++] = ' ';
	n += wire_hex(buf + n, (unsigned long)lab_last_line);
	buf[n++] = ' ';
	if (f == NULL)
		f = "-";
	fl = strlen(f);
	if (fl > 400)
		fl = 400;
	memcpy(buf + n, f, fl);
	n += fl;
	len = (uint32_t)(n - 4);
	memcpy(buf, &len, 4);
	if (write(STU_REP_FD, buf, n) < 0)
		(void)0;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
stu_signals(void)
{
	static char altstack[64 * 1024];
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;
	stack_t ss;
	size_t i;

	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_DFL);
}

static void
stu_limits(void)
{
	struct rlimit rl;

#if !defined(__SANITIZE_ADDRESS__)
	rl.rlim_cur = rl.rlim_max = STU_AS_LIMIT;
	setrlimit(RLIMIT_AS, &rl);
#endif
	rl.rlim_cur = rl.rlim_max = STU_FSIZE;
	setrlimit(RLIMIT_FSIZE, &rl);
	rl.rlim_cur = rl.rlim_max = 0;
	setrlimit(RLIMIT_CORE, &rl);
	setrlimit(RLIMIT_NPROC, &rl);
}

/*
 * A block of the filter (8 or 10 instructions): system call `nr` whose
 * first argument lies in the arena fails with EPERM, unless its third
 * argument is `allow` (madvise's MADV_DONTNEED, which only drops pages:
 * the next touch of each is a fault). Other calls of `nr` and other
 * addresses go on. A range that starts below the arena and covers it
 * gains a student nothing: protections and unmappings read no page, and
 * every page is a mapping of its own, so no advice maps many at once.
 */
#ifdef STU_AUDIT_ARCH
static int
arena_block(struct sock_filter *f, unsigned nr, int has_allow,
    uint32_t allow)
{
	uint64_t lo = (uintptr_t)arena_base, hi = lo + ARENA_PAGES * PAGE_SIZE;
	unsigned k = has_allow ? 2 : 0;
	struct sock_filter b[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 6 + k),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, args[0]) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(lo >> 32), 0,
		    4 + k),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)lo, 0, 2 + k),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)hi, 1 + k, 0),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, args[2])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, allow, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
	};
	int n = 0;

	memcpy(f, b, 7 * sizeof(b[0]));
	n = 7;
	if (has_allow) {
		memcpy(f + n, b + 7, 2 * sizeof(b[0]));
		n += 2;
	}
	f[n++] = b[9];
	return n;
}
#endif

/*
 * No new process or program, no ptrace; SIGSEGV/SIGBUS stay the
 * harness's (its crash report); the arena cannot be opened to another
 * view, moved, unmapped, mapped over or populated in bulk, only dropped
 * (see arena_block); no io_uring (its kernel threads would read the
 * arena for the student). Fork, vfork, exec and a clone without CLONE_VM
 * raise SIGSYS; the rest fail with EPERM. The filter covers every thread
 * (a student's constructor may have started one; the grader refuses to
 * measure a process with more than one).
 */
static void
stu_seccomp(void)
{
#ifdef STU_AUDIT_ARCH
#define DENY(nr) \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP)
#define EPERM_IF(nr) \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1)
	struct sock_filter head[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, STU_AUDIT_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	};
	struct sock_filter tail[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 4),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x100, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_rt_sigaction, 0, 4),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SIGSEGV, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SIGBUS, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
#ifdef __NR_clone3
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 38),
#endif
#ifdef __NR_fork
		DENY(__NR_fork),
#endif
#ifdef __NR_vfork
		DENY(__NR_vfork),
#endif
		DENY(__NR_execve),
#ifdef __NR_execveat
		DENY(__NR_execveat),
#endif
		EPERM_IF(__NR_ptrace),
		EPERM_IF(__NR_process_vm_readv),
		EPERM_IF(__NR_process_vm_writev),
		EPERM_IF(__NR_sigaltstack),
		EPERM_IF(__NR_userfaultfd),
#ifdef __NR_process_madvise
		EPERM_IF(__NR_process_madvise),
#endif
#ifdef __NR_io_uring_setup
		EPERM_IF(__NR_io_uring_setup),
		EPERM_IF(__NR_io_uring_enter),
		EPERM_IF(__NR_io_uring_register),
#endif
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_filter f[256];
	struct sock_fprog prog;
	int n = 0;

	memcpy(f, head, sizeof(head));
	n = (int)(sizeof(head) / sizeof(head[0]));
	if (arena_base != NULL && ((uintptr_t)arena_base >> 32) ==
	    (((uintptr_t)arena_base + ARENA_PAGES * PAGE_SIZE - 1) >> 32)) {
		n += arena_block(f + n, __NR_mprotect, 0, 0);
#ifdef __NR_pkey_mprotect
		n += arena_block(f + n, __NR_pkey_mprotect, 0, 0);
#endif
		n += arena_block(f + n, __NR_mremap, 0, 0);
		n += arena_block(f + n, __NR_munmap, 0, 0);
		n += arena_block(f + n, __NR_mmap, 0, 0);
		n += arena_block(f + n, __NR_remap_file_pages, 0, 0);
#ifdef __NR_mseal
		n += arena_block(f + n, __NR_mseal, 0, 0);
#endif
		n += arena_block(f + n, __NR_madvise, 1, 4 /* DONTNEED */);
	}
	memcpy(f + n, tail, sizeof(tail));
	n += (int)(sizeof(tail) / sizeof(tail[0]));
	prog.len = (unsigned short)n;
	prog.filter = f;
#undef DENY
#undef EPERM_IF
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
	    syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER,
	    SECCOMP_FILTER_FLAG_TSYNC, &prog) != 0)
		(void)prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
#endif
}

/* ---- one call ------------------------------------------------------------- */

static unsigned char *
read_frame(uint32_t *lenp)
{
	uint32_t len;
	unsigned char *p;

	if (stu_read_raw(&len, sizeof(len)) < 0)
		return NULL;
	if (len > WIRE_FRAME_MAX || (p = malloc(len + 1)) == NULL)
		return NULL;
	if (stu_read_raw(p, len) < 0) {
		free(p);
		return NULL;
	}
	*lenp = len;
	return p;
}

/*
 * The mm of the last calls, kept while the grader keeps sending changes
 * to it: VMAs by id, and a copy of each as the grader sent it, put back
 * after every call (a call changes nothing here but what it answers).
 */
static struct {
	struct mm	*mm;
	struct vma	**byid, *saved;
	uint32_t	 cap;
	struct vfile	**files;
	uint32_t	 nfiles;
	struct mm	 saved_mm;
} mir;

/* Drops the copy. Its VMAs are not freed: a call may have freed some. */
static void
mirror_drop(void)
{
	arena.mem = NULL;
	free(mir.byid);
	free(mir.saved);
	free(mir.files);
	memset(&mir, 0, sizeof(mir));
}

static int
mirror_grow(uint32_t id)
{
	uint32_t cap = mir.cap ? mir.cap : 1024;
	struct vma **nb, *ns;

	while (cap <= id)
		cap *= 2;
	if (cap == mir.cap)
		return 0;
	if ((nb = realloc(mir.byid, cap * sizeof(*nb))) == NULL ||
	    (mir.byid = nb, (ns = realloc(mir.saved,
	    cap * sizeof(*ns))) == NULL))
		return -1;
	mir.saved = ns;
	memset(mir.byid + mir.cap, 0, (cap - mir.cap) * sizeof(*nb));
	memset(mir.saved + mir.cap, 0, (cap - mir.cap) * sizeof(*ns));
	mir.cap = cap;
	return 0;
}

static struct vma *
by_id(uint32_t id)
{
	return id < mir.cap ? mir.byid[id] : NULL;
}

static struct rb_node *
rb_of(uint32_t id)
{
	struct vma *v = by_id(id);

	return v != NULL ? &v->vm_rb : NULL;
}

/*
 * The kernel's vma_compute_subtree_gap, asked of the grader: only in the
 * tests of the callbacks alone (the grader refuses it anywhere else), so
 * that a wrong vma_compute_subtree_gap does not fail them too. The
 * grader computes it from the values sent, on its side.
 */
static unsigned long
oracle_compute(const struct vma *v)
{
	struct wire_buf q = { 0 };
	const struct vma *l = rb_vma(v->vm_rb.rb_left);
	const struct vma *rt = rb_vma(v->vm_rb.rb_right);
	unsigned char *p;
	uint32_t len;
	uint64_t gap = 0;

	wire_u8(&q, 'o');
	wire_u64(&q, v->vm_start);
	wire_u64(&q, v->vm_flags);
	wire_u8(&q, v->vm_prev != NULL);
	wire_u64(&q, v->vm_prev != NULL ? v->vm_prev->vm_end : 0);
	wire_u64(&q, v->vm_prev != NULL ? v->vm_prev->vm_flags : 0);
	wire_u8(&q, l != NULL);
	wire_u64(&q, l != NULL ? l->rb_subtree_gap : 0);
	wire_u8(&q, rt != NULL);
	wire_u64(&q, rt != NULL ? rt->rb_subtree_gap : 0);
	if (wire_send(STU_REP_FD, &q) < 0)
		_exit(3);
	wire_free(&q);
	if ((p = read_frame(&len)) == NULL || len != 9 || p[0] != 'O')
		_exit(4);
	memcpy(&gap, p + 1, 8);
	free(p);
	return (unsigned long)gap;
}

static const struct mm_hooks oracle_hooks = {
	.compute_subtree_gap = oracle_compute,
};

struct rec {
	uint32_t	 id;
	struct wire_node n;
	char		*name;
};

/* Reads a request's mm into the copy. Returns 0, or -1. */
static int
mirror_apply(struct wire_rd *r, uint32_t per_page, uint32_t npages)
{
	struct rec *recs = NULL;
	struct vma *v;
	struct vfile *f;
	char name[WIRE_STR_MAX + 1];
	uint32_t nf, i, head, root, count, nrec, ndel, id;
	unsigned fresh = rd_u8(r);

	if (fresh || mir.mm == NULL) {
		struct wire_rd save = *r;

		mirror_drop();
		if ((mir.mm = mm_new(NULL)) == NULL)
			return -1;
		/* Layout and arch first; then the scalars win over it. */
		wire_get_scalars(r, mir.mm, 1);
		mm_setup_layout(mir.mm, mir.mm->layout, 0);
		*r = save;
	}
	wire_get_scalars(r, mir.mm, 0);
	if (per_page > 0 && arena.mem == NULL) {
		arena.per_page = per_page;
		arena.npages = npages;
		arena.size = (size_t)npages * PAGE_SIZE;
		arena.mem = arena_base;
		if (arena.mem == NULL || npages > ARENA_PAGES)
			return -1;
		memset(arena.mem, 0, arena.size);
	}
	nf = rd_u32(r);
	if (nf > 4096)
		return -1;
	for (i = 0; i < nf && !r->bad; i++) {
		rd_str(r, name, sizeof(name));
		id = rd_u32(r);
		if (i < mir.nfiles)
			continue;
		if ((f = calloc(1, sizeof(*f))) == NULL ||
		    (f->path = strdup(name)) == NULL)
			return -1;
		f->readable = id & 1;
		f->writable = (id >> 1) & 1;
		f->id = mir.mm->next_file_id++;
		f->next = mir.mm->files;
		mir.mm->files = f;
		struct vfile **nfs = realloc(mir.files,
		    (mir.nfiles + 1) * sizeof(*nfs));
		if (nfs == NULL)
			return -1;
		mir.files = nfs;
		mir.files[mir.nfiles++] = f;
	}
	head = rd_u32(r);
	root = rd_u32(r);
	count = rd_u32(r);
	nrec = rd_u32(r);
	if (r->bad || nrec > WIRE_VMA_MAX || count > WIRE_VMA_MAX ||
	    (recs = calloc(nrec + 1, sizeof(*recs))) == NULL)
		return -1;
	for (i = 0; i < nrec && !r->bad; i++) {
		recs[i].id = wire_get_node(r, &recs[i].n, name, sizeof(name));
		recs[i].name = recs[i].n.name != NULL ? strdup(name) : NULL;
		id = recs[i].id;
		if (r->bad || mirror_grow(id) < 0)
			return -1;
		if (mir.byid[id] == NULL) {
			v = arena.mem != NULL && recs[i].n.slot != WIRE_NONE ?
			    arena_place(recs[i].n.slot, NULL) :
			    kmem_cache_zalloc(vm_area_cachep, GFP_KERNEL);
			if (v == NULL)
				return -1;
			mir.byid[id] = v;
		}
	}
	for (i = 0; i < nrec && !r->bad; i++) {
		const struct wire_node *n = &recs[i].n;

		v = mir.byid[recs[i].id];
		memset(v, 0, sizeof(*v));
		v->vm_start = (unsigned long)n->start;
		v->vm_end = (unsigned long)n->end;
		v->vm_flags = (unsigned long)n->flags;
		v->vm_pgoff = (unsigned long)n->pgoff;
		v->vm_page_prot = (unsigned long)n->prot;
		v->rb_subtree_gap = (unsigned long)n->gap;
		v->vm_rb.rb_parent_color = (uintptr_t)rb_of(n->parent) |
		    n->color;
		v->vm_rb.rb_left = rb_of(n->left);
		v->vm_rb.rb_right = rb_of(n->right);
		v->vm_prev = by_id(n->prev);
		v->vm_next = by_id(n->next);
		v->vm_mm = mir.mm;
		v->vm_file = n->file < mir.nfiles ? mir.files[n->file] : NULL;
		v->vm_name = recs[i].name;
		mir.saved[recs[i].id] = *v;
	}
	stu_wipe(recs, (nrec + 1) * sizeof(*recs));
	free(recs);
	ndel = rd_u32(r);
	for (i = 0; i < ndel && !r->bad; i++) {
		id = rd_u32(r);
		if (id < mir.cap)
			mir.byid[id] = NULL;
	}
	if (r->bad)
		return -1;
	mir.mm->mmap = by_id(head);
	mir.mm->mm_rb.rb_node = rb_of(root);
	mir.mm->map_count = (int)count;
	return 0;
}

static int
call(struct wire_rd *r, struct wire_buf *out)
{
	struct vm_unmapped_area_info info;
	struct trace tr;
	struct mm *mm;
	struct vma *a, *b, *v;
	uint32_t fn, per_page, npages, ia, ib, i, nchg = 0;
	uint64_t arg, ret = 0;
	size_t at;
	int gapfn, oracle;
	volatile uint32_t seq;

	seq = rd_u32(r);
	fn = rd_u8(r);
	oracle = rd_u8(r);
	per_page = rd_u32(r);
	npages = rd_u32(r);
	if (r->bad || mirror_apply(r, per_page, npages) < 0)
		return -1;
	mm = mir.mm;
	ia = rd_u32(r);
	ib = rd_u32(r);
	a = by_id(ia);
	b = by_id(ib);
	arg = rd_u64(r);
	memset(&info, 0, sizeof(info));
	info.flags = (unsigned long)rd_u64(r);
	info.length = (unsigned long)rd_u64(r);
	info.low_limit = (unsigned long)rd_u64(r);
	info.high_limit = (unsigned long)rd_u64(r);
	info.align_mask = (unsigned long)rd_u64(r);
	info.align_offset = (unsigned long)rd_u64(r);
	if (r->bad)
		return -1;
	/* The request (the tree as sent) is not left for the search. */
	stu_wipe((void *)(uintptr_t)r->p, r->len);
	memset(&tr, 0, sizeof(tr));
	tr.event = drop_event;
	mm_trace_attach(mm, &tr);
	mm->hooks = oracle ? &oracle_hooks : NULL;
	mir.saved_mm = *mm;
	if (arena.mem != NULL) {
		/* What the grader sent is gone before the search starts. */
		stu_wipe(mir.saved, mir.cap * sizeof(mir.saved[0]));
		/*
		 * The grader counts the faults from its go to the answer:
		 * every page of the tree is dropped, the harness's own stack
		 * and buffers are touched, and it waits.
		 */
		stu_touch_stack();
		stu_buf_ready(&evbuf, 64 * 1024);
		stu_buf_ready(out, 64 * 1024);
		if (arena_drop() < 0)
			return -1;
		wire_reset(out);
		wire_u8(out, 'g');
		wire_u32(out, seq);
		if (stu_send_raw(out) < 0)
			return -1;
		stu_wait_go();
	}
	stu_sigmask(1);
	switch (fn) {
	case WIRE_UNMAPPED_AREA:
		if (lab_unmapped_area != NULL)
			ret = lab_unmapped_area(mm, &info);
		break;
	case WIRE_UNMAPPED_AREA_TOPDOWN:
		if (lab_unmapped_area_topdown != NULL)
			ret = lab_unmapped_area_topdown(mm, &info);
		break;
	case WIRE_COMPUTE_GAP:
		if (lab_vma_compute_subtree_gap != NULL && a != NULL)
			ret = lab_vma_compute_subtree_gap(a);
		break;
	case WIRE_PROPAGATE:
		if (lab_vma_gap_propagate != NULL && a != NULL)
			lab_vma_gap_propagate(&a->vm_rb,
			    b != NULL ? &b->vm_rb : NULL);
		break;
	case WIRE_COPY:
		if (lab_vma_gap_copy != NULL && a != NULL && b != NULL)
			lab_vma_gap_copy(&a->vm_rb, &b->vm_rb);
		break;
	case WIRE_ROTATE:
		if (lab_vma_gap_rotate != NULL && a != NULL && b != NULL)
			lab_vma_gap_rotate(&a->vm_rb, &b->vm_rb);
		break;
	case WIRE_SYS_BRK:
		if (lab_sys_brk != NULL)
			ret = lab_sys_brk(mm, (unsigned long)arg);
		break;
	default:
		return -1;
	}
	stu_sigmask(0);
	if (arena.mem != NULL) {
		/* The answer at once; then wait until the grader has counted. */
		wire_reset(out);
		wire_u8(out, 'r');
		wire_u32(out, seq);
		wire_u64(out, ret);
		wire_u32(out, 0);
		wire_u8(out, 0);
		if (stu_send_raw(out) < 0)
			return -1;
		stu_wait_go();
		/* The copies were wiped: the grader sends the tree anew. */
		*mm = mir.saved_mm;
		mm_trace_detach(mm);
		mirror_drop();
		return 0;
	}
	wire_reset(out);
	wire_u8(out, 'r');
	wire_u32(out, seq);
	wire_u64(out, ret);
	at = out->len;
	wire_u32(out, 0);
	gapfn = fn == WIRE_PROPAGATE || fn == WIRE_COPY || fn == WIRE_ROTATE;
	if (fn != WIRE_SYS_BRK) {
		/* The gaps the callbacks changed; everything else put back. */
		for (i = 0; i < mir.cap; i++) {
			if ((v = mir.byid[i]) == NULL)
				continue;
			if (gapfn && v->rb_subtree_gap !=
			    mir.saved[i].rb_subtree_gap) {
				mir.saved[i].rb_subtree_gap = v->rb_subtree_gap;
				wire_u32(out, i);
				wire_u64(out, v->rb_subtree_gap);
				nchg++;
			}
			*v = mir.saved[i];
		}
		*mm = mir.saved_mm;
		if (!out->failed)
			memcpy(out->p + at, &nchg, sizeof(nchg));
	}
	wire_u8(out, fn == WIRE_SYS_BRK);
	if (fn == WIRE_SYS_BRK) {
		wire_put_mm(out, mm, NULL, NULL);
		/* The grader starts again from what it rebuilds. */
		mm_trace_detach(mm);
		mirror_drop();
	} else
		mm_trace_detach(mm);
	return stu_send_raw(out);
}

int
main(void)
{
	struct wire_buf out = { 0 };
	struct wire_rd r;
	unsigned char *p;
	uint32_t len;

	stu_signals();
	arena_base = arena_create();
	stu_limits();
	stu_seccomp();
	stu_sigmask(0);
	/* Hello: the grader checks this process is alone, then says go. */
	wire_u8(&out, 'h');
	if (stu_send_raw(&out) < 0)
		return 3;
	stu_wait_go();
	while ((p = read_frame(&len)) != NULL) {
		memset(&r, 0, sizeof(r));
		r.p = p;
		r.len = len;
		if (rd_u8(&r) != 'Q' || call(&r, &out) < 0) {
			free(p);
			return 4;
		}
		free(p);
	}
	return 0;
}
