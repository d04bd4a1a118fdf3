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
	unsigned char	*touched;
	uint32_t	 ntouched;
	volatile int	 armed;
} arena;

/*
 * The arena is reserved once, before the student's code can run any
 * more than its constructors: the seccomp filter (stu_seccomp) knows its
 * range, and lets only stu_protect open its pages, so that every page a
 * search reads is a fault the counter sees. 2,048 pages hold 65,530 VMAs.
 */
#define ARENA_PAGES	(2048 + 64)

static char	*arena_base;

#if defined(__x86_64__) && defined(STU_AUDIT_ARCH)
/* mprotect's one call site the filter allows on the arena. */
__asm__(".text\n"
    "stu_mprotect_raw:\n"
    "	mov $10, %eax\n"
    "	syscall\n"
    "stu_mprotect_after:\n"
    "	ret\n");
long		stu_mprotect_raw(void *, size_t, int);
extern char	stu_mprotect_after[];
#define STU_SITE	1

static int
stu_protect(void *p, size_t len, int rw)
{
	return stu_mprotect_raw(p, len, rw ? 3 : 0) == 0 ? 0 : -1;
}
#else
static int
stu_protect(void *p, size_t len, int rw)
{
	return grade_sys_protect(p, len, rw);
}
#endif

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
 * A fault: a page of the armed arena is counted and opened; anything
 * else is a crash, said on fd 3 in a frame of its own ('c', text) and
 * then taken by the default action.
 */
static void
on_fault(int sig, siginfo_t *si, void *uc)
{
	char buf[600];
	const char *f = lab_last_file;
	uint32_t len;
	size_t n = 0, fl, page;
	char *a = si->si_addr;

	(void)uc;
	if ((sig == SIGSEGV || sig == SIGBUS) && arena.armed &&
	    a >= arena.mem && a < arena.mem + arena.size) {
		page = (size_t)(a - arena.mem) / PAGE_SIZE;
		if (!arena.touched[page]) {
			arena.touched[page] = 1;
			arena.ntouched++;
		}
		if (stu_protect(arena.mem + page * PAGE_SIZE, PAGE_SIZE,
		    1) == 0)
			return;
	}
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
 * No new process or program, no ptrace, and SIGSEGV/SIGBUS stay the
 * harness's (the page counter): fork, vfork, exec and a clone without
 * CLONE_VM raise SIGSYS; ptrace and those sigactions fail with EPERM.
 */
/*
 * A block of the filter (14 instructions): for system call `nr` whose
 * first argument lies in the arena, ERRNO(EPERM) unless the call is made
 * at [site, site_end) (x86_64: stu_protect's syscall); other calls of
 * `nr` and other addresses go on. No site: always EPERM in the arena.
 */
#ifdef STU_AUDIT_ARCH
static int
arena_block(struct sock_filter *f, unsigned nr, uint64_t site,
    uint64_t site_end)
{
	uint64_t lo = (uintptr_t)arena_base, hi = lo + ARENA_PAGES * PAGE_SIZE;
	struct sock_filter b[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 12),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, args[0]) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(lo >> 32), 0, 9),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)lo, 0, 7),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)hi, 6, 0),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, instruction_pointer) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(site >> 32), 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, instruction_pointer)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)site, 0, 1),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)site_end, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};

	memcpy(f, b, sizeof(b));
	return (int)(sizeof(b) / sizeof(b[0]));
}
#endif

/*
 * No new process or program, no ptrace; SIGSEGV/SIGBUS stay the
 * harness's (the page counter); the arena opens only through
 * stu_protect, and cannot be moved or unmapped. Fork, vfork, exec and a
 * clone without CLONE_VM raise SIGSYS; the rest fail with EPERM. The
 * filter covers every thread (a student's constructor may have started
 * one).
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
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_filter f[256];
	struct sock_fprog prog;
	uint64_t site = 1, site_end = 0;	/* none: no call opens it */
	int n = 0;

#ifdef STU_SITE
	site = (uintptr_t)stu_mprotect_after;
	site_end = site + 1;
	if ((site >> 32) != ((site_end - 1) >> 32))
		site = 1, site_end = 0;
#endif
	memcpy(f, head, sizeof(head));
	n = (int)(sizeof(head) / sizeof(head[0]));
	if (arena_base != NULL && ((uintptr_t)arena_base >> 32) ==
	    (((uintptr_t)arena_base + ARENA_PAGES * PAGE_SIZE - 1) >> 32)) {
		n += arena_block(f + n, __NR_mprotect, site, site_end);
#ifdef __NR_pkey_mprotect
		n += arena_block(f + n, __NR_pkey_mprotect, 1, 0);
#endif
		n += arena_block(f + n, __NR_mremap, 1, 0);
		n += arena_block(f + n, __NR_munmap, 1, 0);
		n += arena_block(f + n, __NR_madvise, 1, 0);
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
	size_t got = 0;
	ssize_t r;

	while (got < sizeof(len)) {
		r = read(STU_REQ_FD, (char *)&len + got, sizeof(len) - got);
		if (r <= 0)
			return NULL;
		got += (size_t)r;
	}
	if (len > WIRE_FRAME_MAX || (p = malloc(len + 1)) == NULL)
		return NULL;
	for (got = 0; got < len; got += (size_t)r)
		if ((r = read(STU_REQ_FD, p + got, len - got)) <= 0) {
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
	if (arena.mem != NULL) {
		stu_protect(arena.mem, arena.size, 1);
		arena.mem = NULL;
	}
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
		free(arena.touched);
		arena.mem = arena_base;
		arena.touched = calloc(npages + 1, 1);
		if (arena.mem == NULL || npages > ARENA_PAGES ||
		    arena.touched == NULL)
			return -1;
		stu_protect(arena.mem, arena.size, 1);
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
	explicit_bzero(recs, (nrec + 1) * sizeof(*recs));
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
	explicit_bzero((void *)(uintptr_t)r->p, r->len);
	memset(&tr, 0, sizeof(tr));
	tr.event = drop_event;
	mm_trace_attach(mm, &tr);
	mm->hooks = oracle ? &oracle_hooks : NULL;
	mir.saved_mm = *mm;
	if (arena.mem != NULL) {
		arena.ntouched = 0;
		memset(arena.touched, 0, arena.npages);
		/* What the grader sent is gone before the search starts. */
		for (i = 0; i < mir.cap; i++)
			memset(&mir.saved[i], 0, sizeof(mir.saved[i]));
		stu_protect(arena.mem, arena.size, 0);
		arena.armed = 1;
	}
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
	if (arena.mem != NULL) {
		arena.armed = 0;
		stu_protect(arena.mem, arena.size, 1);
	}
	wire_reset(out);
	wire_u8(out, 'r');
	wire_u32(out, seq);
	wire_u64(out, ret);
	wire_u32(out, arena.mem != NULL ? arena.ntouched : 0);
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
	if (arena.mem != NULL && fn != WIRE_SYS_BRK) {
		/* The copies were wiped: the grader sends the tree anew. */
		mm_trace_detach(mm);
		mirror_drop();
	} else if (fn == WIRE_SYS_BRK) {
		wire_put_mm(out, mm, NULL, NULL);
		/* The grader starts again from what it rebuilds. */
		mm_trace_detach(mm);
		mirror_drop();
	} else
		mm_trace_detach(mm);
	return wire_send(STU_REP_FD, out);
}

int
main(void)
{
	struct wire_buf out = { 0 };
	struct wire_rd r;
	unsigned char *p;
	uint32_t len;

	stu_signals();
	arena_base = grade_sys_map((size_t)ARENA_PAGES * PAGE_SIZE);
	stu_limits();
	stu_seccomp();
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
