/*
 * grade.c - the lab grader's runner: one child process per test, the
 * limits around it, the protocol it reports through, and the reports
 * (text, TSV, Gradescope's results.json).
 *
 *          parent (the grader)                      child (one test)
 *   pipe out  <---- stdout, stderr of the child ---- student's printf
 *   pipe res  <---- "M <n>\n<feedback>"  ----------- grade_say
 *             <---- "C <sig> <addr> <line> <file>" - crash handler
 *             <---- "E <nonce> <0|1>"  ------------- the test's verdict
 *
 * The child runs with CPU, address-space, file-size and process limits,
 * in a process group of its own, under a seccomp filter that turns fork,
 * clone and exec into SIGSYS (root ignores RLIMIT_NPROC; the filter does
 * not). The parent reads both pipes with a wall-clock deadline (spawn.c
 * starts, reads, kills and reaps the child), keeps at
 * most GRADE_OUT_KEEP bytes of output and kills the group past
 * GRADE_OUT_MAX, then decides: a verdict line means the test ran to its
 * end; anything else is a crash, a timeout, an exit() from inside the
 * test, or a blocked fork, each said in words. Only the parent writes
 * results. This guards against accidents, not against a determined
 * cheat: graded code runs with the grader's privileges.
 *
 * The runner exits no process but its children, and prints only through
 * the FILE it is given (grade_main prints to stdout).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>


/* The model defines RLIM_INFINITY as 4.14 does; the host as it does. */
#undef RLIM_INFINITY
#include "grade-int.h"
#include "trace/i18n.h"
#include "grade-wire.h"
#include "spawn.h"

#define GRADE_OUT_KEEP	(2 * 1024)	/* output shown in feedback */
#define GRADE_OUT_MAX	(256 * 1024)	/* output that fails the test */
#define GRADE_RES_MAX	(64 * 1024)	/* protocol bytes kept */
#define GRADE_AS_LIMIT	(2UL << 30)	/* address space of a test */
#define GRADE_FSIZE	(1UL << 20)	/* largest file a test may write */

int (*grade_fault_hook)(void *addr);
unsigned long grade_hidden_seed;
int grade_hidden_seeded;

/* ---- the child's side ---------------------------------------------------- */

static struct grade_ctx *child_ctx;
static unsigned long long child_nonce;
static double child_deadline;

static double	now_secs(void);

struct grade_ctx *
grade_child_ctx(void)
{
	return child_ctx;
}

double
grade_child_deadline(void)
{
	return child_deadline > 0 ? child_deadline : now_secs() + 3600;
}

void
grade_child_fail(void)
{
	char end[64];

	if (child_ctx == NULL || child_ctx->fd < 0) {
		fflush(stdout);
		_exit(1);
	}
	grade_proxy_end();
	snprintf(end, sizeof(end), "E %llx 0\n", child_nonce);
	if (write(child_ctx->fd, end, strlen(end)) < 0)
		_exit(3);
	_exit(0);
}

void
grade_said(struct grade_ctx *ctx, const char *s, size_t n)
{
	char hdr[32];
	ssize_t w;

	if (ctx->fd < 0) {
		fwrite(s, 1, n, stdout);
		return;
	}
	if (ctx->cut)
		return;
	if (ctx->said + n > GRADE_SAY_MAX) {
		ctx->cut = 1;
		s = "[... the rest of this test's feedback was cut]\n";
		n = strlen(s);
	}
	ctx->said += n;
	snprintf(hdr, sizeof(hdr), "M %zu\n", n);
	w = write(ctx->fd, hdr, strlen(hdr));
	while (w >= 0 && n > 0) {
		w = write(ctx->fd, s, n);
		if (w > 0) {
			s += w;
			n -= (size_t)w;
		}
	}
}

void
grade_say(struct grade_ctx *ctx, const char *fmt, ...)
{
	char small[1024], *big = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		grade_said(ctx, small, (size_t)n);
		return;
	}
	if ((big = malloc((size_t)n + 1)) == NULL) {
		grade_said(ctx, small, sizeof(small) - 1);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	grade_said(ctx, big, (size_t)n);
	free(big);
}

const struct grade_lab *
grade_lab_of(const struct grade_ctx *ctx)
{
	return ctx->lab;
}

static void
child_crash(int sig, siginfo_t *si, void *uc)
{
	char buf[512];
	const char *f = lab_last_file;
	size_t n = 0, fl;

	(void)uc;
	if (child_ctx != NULL && child_ctx->fd >= 0) {
		buf[n++] = 'C';
		buf[n++] = ' ';
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
		buf[n++] = '\n';
		if (write(child_ctx->fd, buf, n) < 0)
			(void)0;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static struct sigaction fault_old[2];
static int fault_on;

static void
fault_handler(int sig, siginfo_t *si, void *uc)
{
	int k = sig == SIGBUS;

	(void)uc;
	if (grade_fault_hook != NULL && grade_fault_hook(si->si_addr))
		return;
	/* Not ours: put the old handler back; the access faults again. */
	sigaction(sig, &fault_old[k], NULL);
}

int
grade_fault_begin(void)
{
	struct sigaction sa;

	if (fault_on)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fault_handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, &fault_old[0]) < 0)
		return -1;
	if (sigaction(SIGBUS, &sa, &fault_old[1]) < 0) {
		sigaction(SIGSEGV, &fault_old[0], NULL);
		return -1;
	}
	fault_on = 1;
	return 0;
}

void
grade_fault_end(void)
{
	if (!fault_on)
		return;
	sigaction(SIGSEGV, &fault_old[0], NULL);
	sigaction(SIGBUS, &fault_old[1], NULL);
	fault_on = 0;
}

static void
child_limits(double cpu)
{
	struct rlimit rl;
	struct itimerval it;

	/* The budget, to the millisecond; RLIMIT_CPU stands behind it. */
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = (time_t)cpu;
	it.it_value.tv_usec = (suseconds_t)((cpu - (double)(time_t)cpu) * 1e6);
	setitimer(ITIMER_PROF, &it, NULL);
	rl.rlim_cur = (rlim_t)cpu + 1;
	rl.rlim_max = (rlim_t)cpu + 2;
	setrlimit(RLIMIT_CPU, &rl);
#if !defined(__SANITIZE_ADDRESS__)
#if defined(__has_feature)
#if !__has_feature(address_sanitizer)
#define GRADE_LIMIT_AS 1
#endif
#else
#define GRADE_LIMIT_AS 1
#endif
#endif
#ifdef GRADE_LIMIT_AS
	rl.rlim_cur = rl.rlim_max = GRADE_AS_LIMIT;
	setrlimit(RLIMIT_AS, &rl);
#endif
	rl.rlim_cur = rl.rlim_max = GRADE_FSIZE;
	setrlimit(RLIMIT_FSIZE, &rl);
	rl.rlim_cur = rl.rlim_max = 0;
	setrlimit(RLIMIT_CORE, &rl);
}

static void
child_signals(void)
{
	static char altstack[64 * 1024];
	stack_t ss;
	struct sigaction sa;
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	size_t i;

	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = child_crash;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGXCPU, SIG_DFL);
	signal(SIGXFSZ, SIG_DFL);
}

/* What a test's child is given. */
struct child_arg {
	const struct grade_lab	*lab;
	const struct grade_test	*test;
	double			 cpu;	/* the test's CPU budget, seconds */
};

/*
 * The child's body, started by spawn (which gave it a process group of
 * its own, stdin from /dev/null, and the output pipe as stdout and
 * stderr); `resfd` is the result pipe.
 */
static int
child_run(void *arg, int resfd)
{
	const struct child_arg *c = arg;
	struct grade_ctx ctx;
	char end[64];
	int ok;

	memset(&ctx, 0, sizeof(ctx));
	ctx.lab = c->lab;
	ctx.test = c->test;
	ctx.fd = resfd;
	setvbuf(stdout, NULL, _IONBF, 0);
	setvbuf(stderr, NULL, _IONBF, 0);
	child_ctx = &ctx;
	child_deadline = now_secs() + 4.0 * c->cpu + 4.5;
	grade_proxy.cpu = c->cpu;
	child_signals();
	child_limits(4 * c->cpu + 5);
	signal(SIGPROF, SIG_DFL);

	ok = ctx.test->run(&ctx, ctx.test->arg);
	if (!ok)
		grade_proxy_say_output(&ctx);
	grade_proxy_end();

	snprintf(end, sizeof(end), "E %llx %d\n", child_nonce, ok ? 1 : 0);
	if (write(ctx.fd, end, strlen(end)) < 0)
		_exit(3);
	_exit(0);
}

/* ---- the parent's side --------------------------------------------------- */

struct grade_buf {
	char	*p;
	size_t	 len, cap;
	size_t	 total;		/* bytes offered, kept or not */
};

static void
buf_add(struct grade_buf *b, const char *s, size_t n, size_t keep)
{
	size_t room;
	char *np;

	b->total += n;
	if (b->len >= keep)
		return;
	room = keep - b->len;
	if (n > room)
		n = room;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((np = realloc(b->p, cap)) == NULL)
			return;
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_printf(struct grade_buf *b, const char *fmt, ...)
{
	char tmp[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(tmp))
		n = sizeof(tmp) - 1;
	buf_add(b, tmp, (size_t)n, (size_t)-1 / 2);
}

static double
now_secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned long long
make_nonce(void)
{
	unsigned long long v = 0;
	int fd = open("/dev/urandom", O_RDONLY);

	if (fd >= 0) {
		if (read(fd, &v, sizeof(v)) != (ssize_t)sizeof(v))
			v = 0;
		close(fd);
	}
	return v ^ (unsigned long long)getpid() ^
	    (unsigned long long)(now_secs() * 1e6);
}

/* What the parent learned from one child. */
struct grade_outcome {
	int		 has_end, pass, nonce_ok;
	int		 crashed;	/* a "C" line */
	unsigned long	 crash_sig, crash_addr, crash_line;
	char		 crash_file[512];
	int		 timed_out;	/* the wall-clock deadline */
	int		 flooded;	/* output past GRADE_OUT_MAX */
	int		 status;	/* from waitpid */
	struct grade_buf feedback;
	struct grade_buf output;	/* the student's stdout/stderr */
};

/* Parses the result stream: M records, C lines, the E line. */
static void
parse_results(struct grade_outcome *o, const char *p, size_t n,
    unsigned long long nonce)
{
	const char *end = p + n, *nl;
	unsigned long long got;
	size_t len;
	int pass;

	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		if (p[0] == 'M' && sscanf(p, "M %zu", &len) == 1) {
			p = nl + 1;
			if (len > (size_t)(end - p))
				len = (size_t)(end - p);
			buf_add(&o->feedback, p, len, GRADE_SAY_MAX + 256);
			p += len;
			continue;
		}
		if (p[0] == 'C') {
			char line[600];
			size_t l = (size_t)(nl - p);

			if (l >= sizeof(line))
				l = sizeof(line) - 1;
			memcpy(line, p, l);
			line[l] = '\0';
			o->crash_file[0] = '\0';
			if (sscanf(line, "C %lx %lx %lx %511s", &o->crash_sig,
			    &o->crash_addr, &o->crash_line, o->crash_file) >= 3)
				o->crashed = 1;
		} else if (p[0] == 'E' &&
		    sscanf(p, "E %llx %d", &got, &pass) == 2) {
			o->has_end = 1;
			o->nonce_ok = got == nonce;
			o->pass = pass == 1;
		}
		p = nl + 1;
	}
}

/* The sinks of the child's two pipes. */
static int
run_output(void *arg, const char *p, size_t n)
{
	struct grade_outcome *o = arg;

	buf_add(&o->output, p, n, GRADE_OUT_KEEP);
	if (o->output.total > GRADE_OUT_MAX) {
		o->flooded = 1;
		return -1;	/* spawn kills the test's group */
	}
	return 0;
}

static int
run_results(void *arg, const char *p, size_t n)
{
	buf_add(arg, p, n, GRADE_RES_MAX);
	return 0;
}

static int
run_child(const struct grade_lab *lab, const struct grade_test *t,
    double cpu, struct grade_outcome *o)
{
	struct child_arg c = { .lab = lab, .test = t, .cpu = cpu };
	struct grade_buf res = { 0 };
	struct spawn s;

	memset(o, 0, sizeof(*o));
	memset(&s, 0, sizeof(s));
	s.fn = child_run;
	s.arg = &c;
	s.out.sink = run_output;
	s.out.arg = o;
	s.res.sink = run_results;
	s.res.arg = &res;
	s.res.drain = 1;	/* whatever arrived before the kill counts */
	s.timeout = 4.0 * cpu + 5.0;
	s.group = 1;
	s.null_stdin = 1;
	child_nonce = make_nonce();
	if (spawn_start(&s) < 0)
		return -1;
	spawn_wait(&s);
	o->status = s.status;
	o->timed_out = s.how == SPAWN_TIMEOUT;
	if (res.p != NULL)
		parse_results(o, res.p, res.len, child_nonce);
	free(res.p);
	return 0;
}

const char *
grade_signal_words(int sig)
{
	switch (sig) {
	case SIGSEGV:
		return _("a segmentation fault, a read or write of memory it "
		    "may not touch");
	case SIGBUS:
		return _("a bus error, a touch of memory that is not there");
	case SIGFPE:
		return _("an arithmetic error (a division by zero?)");
	case SIGILL:
		return _("an illegal instruction (often __builtin_unreachable() "
		    "reached, or a corrupted stack)");
	case SIGABRT:
		return _("abort(), from an assert() that failed or a heap the C "
		    "library found corrupted");
	default:
		return NULL;
	}
}

/* The names of the signals a test may die of; NULL past the table. */
static const char *
grade_signal_name(int sig)
{
	static const struct {
		int		 sig;
		const char	*name;
	} names[] = {
		{ SIGSEGV, "SIGSEGV" }, { SIGBUS, "SIGBUS" }, { SIGFPE, "SIGFPE" },
		{ SIGILL, "SIGILL" }, { SIGABRT, "SIGABRT" }, { SIGKILL, "SIGKILL" },
		{ SIGTERM, "SIGTERM" }, { SIGXCPU, "SIGXCPU" },
		{ SIGXFSZ, "SIGXFSZ" }, { SIGSYS, "SIGSYS" }, { SIGPIPE, "SIGPIPE" },
		{ SIGALRM, "SIGALRM" }, { SIGTRAP, "SIGTRAP" }, { SIGHUP, "SIGHUP" },
		{ SIGINT, "SIGINT" }, { SIGQUIT, "SIGQUIT" }, { SIGUSR1, "SIGUSR1" },
		{ SIGUSR2, "SIGUSR2" }, { SIGSTOP, "SIGSTOP" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].sig == sig)
			return names[i].name;
	return NULL;
}

const char *
grade_signal_say(int sig, char *buf, size_t len)
{
	const char *name = grade_signal_name(sig), *w = grade_signal_words(sig);
	char num[32];

	if (name == NULL) {
		snprintf(num, sizeof(num), _("signal %d"), sig);
		name = num;
	}
	if (w != NULL)
		snprintf(buf, len, "%s: %s", name, w);
	else
		snprintf(buf, len, "%s (%s)", name, strsignal(sig));
	return buf;
}

static const char *
basename_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/* The grader's own test process died of `sig`: not the student's doing. */
static void
grade_failed(struct grade_buf *fb, int sig)
{
	char what[256];

	buf_printf(fb, _("The grader failed: its own process for this test died "
	    "(%s). This is a bug in the grader, not in your code (your code "
	    "runs in a program of its own). The test counts 0 until it is "
	    "fixed: tell your instructor.\n"),
	    grade_signal_say(sig, what, sizeof(what)));
}

/* The reason a test did not run to its end, in words, into fb. */
static void
explain_outcome(const struct grade_outcome *o, double cpu,
    struct grade_buf *fb)
{
	int sig = WIFSIGNALED(o->status) ? WTERMSIG(o->status) : 0;

	if (o->flooded) {
		buf_printf(fb, _("Your code printed more than %d KiB, so the "
		    "test was stopped. Remove or limit the debugging output "
		    "(it is shown below).\n"), GRADE_OUT_MAX / 1024);
		return;
	}
	if (o->timed_out) {
		buf_printf(fb, _("The test did not finish within %.0f seconds, "
		    "so it was stopped. Is there a loop whose condition never "
		    "becomes false, or a walk up the tree that never reaches "
		    "the root?\n"), 3 * cpu + 3);
		return;
	}
	if (o->crashed) {
		/*
		 * This child is the grader's own: student code runs only in
		 * its sandboxed test program (grade-proxy.c says when that
		 * crashes). A crash here is the grader's bug.
		 */
		grade_failed(fb, (int)o->crash_sig);
		if (o->crash_line > 0 && strcmp(o->crash_file, "-") != 0)
			buf_printf(fb, _("(It was last in %s:%lu.)\n"),
			    basename_of(o->crash_file), o->crash_line);
		return;
	}
	if (sig == SIGXCPU || sig == SIGPROF || sig == SIGKILL ||
	    sig == SIGALRM) {
		/* TRANSLATORS: %g is a number of seconds, maybe 0.5. */
		buf_printf(fb, P_("The test used up its %g second of CPU time "
		    "and was stopped (the reference needs a small part of "
		    "that). Is there a loop whose condition never becomes "
		    "false?\n", "The test used up its %g seconds of CPU time "
		    "and was stopped (the reference needs a small part of "
		    "that). Is there a loop whose condition never becomes "
		    "false?\n", cpu == 1 ? 1 : 2), cpu);
		return;
	}
	if (sig == SIGSYS) {
		buf_printf(fb, _("Your code tried to start a process or a "
		    "program (fork, clone or exec). Graded code may not: "
		    "the test was stopped.\n"));
		return;
	}
	if (sig == SIGXFSZ) {
		buf_printf(fb, _("Your code wrote a file larger than %lu KiB, "
		    "so the test was stopped.\n"), GRADE_FSIZE / 1024);
		return;
	}
	if (sig != 0) {
		grade_failed(fb, sig);
		return;
	}
	if (WIFEXITED(o->status) && !o->has_end) {
		buf_printf(fb, _("Your code ended the program in the middle of "
		    "the test (exit status %d): it called exit() or _exit(). "
		    "Graded functions must return to their caller instead.\n"),
		    WEXITSTATUS(o->status));
		return;
	}
	if (o->has_end && !o->nonce_ok)
		buf_printf(fb, _("The test's verdict did not come from the "
		    "grader (something wrote to its result pipe).\n"));
}

/*
 * Runs one test in a child and adds its result to the report. Returns 0,
 * or -1 when the child could not be started (the report says so too).
 */
static int
run_test(const struct grade_lab *lab, const struct grade_test *t,
    double cpu_override, struct grade_report *rep)
{
	struct grade_outcome o;
	struct grade_buf fb = { 0 };
	double cpu = cpu_override > 0 ? cpu_override :
	    t->cpu_seconds > 0 ? t->cpu_seconds : GRADE_CPU_DEFAULT;
	double t0 = now_secs(), secs;
	int pass = 0, rc;

	rc = run_child(lab, t, cpu, &o);
	secs = now_secs() - t0;
	if (rc < 0) {
		buf_printf(&fb, _("The grader could not start this test: %s.\n"),
		    strerror(errno));
	} else {
		pass = o.has_end && o.nonce_ok && o.pass && !o.flooded &&
		    !o.timed_out && WIFEXITED(o.status) &&
		    WEXITSTATUS(o.status) == 0;
		if (!pass && t->about != NULL)
			buf_printf(&fb, _("What it checks: %s.\n"),
			    i18n_str(t->about));
		if (o.feedback.p != NULL)
			buf_add(&fb, o.feedback.p, o.feedback.len,
			    (size_t)-1 / 2);
		if (!(o.has_end && o.nonce_ok && !o.flooded && !o.timed_out &&
		    WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0)) {
			if (fb.len > 0 && fb.p[fb.len - 1] != '\n')
				buf_printf(&fb, "\n");
			explain_outcome(&o, cpu, &fb);
		}
		if (o.output.total > 0 && (!pass || o.flooded)) {
			if (o.flooded)
				buf_printf(&fb, P_("Your code printed at "
				    "least %zu byte", "Your code printed at "
				    "least %zu bytes", o.output.total),
				    o.output.total);
			else
				buf_printf(&fb, P_("Your code printed %zu "
				    "byte", "Your code printed %zu bytes",
				    o.output.total), o.output.total);
			if (o.output.total > o.output.len)
				buf_printf(&fb, _(" (the first %zu follow)"),
				    o.output.len);
			buf_printf(&fb, ":\n");
			if (o.output.p != NULL)
				buf_add(&fb, o.output.p, o.output.len,
				    (size_t)-1 / 2);
			if (o.output.len > 0 && o.output.p[o.output.len - 1] != '\n')
				buf_printf(&fb, "\n");
		}
	}
	rc = grade_report_add(rep, t->name, pass ? t->points : 0, t->points,
	    t->vis, secs, fb.p != NULL ? fb.p : "");
	free(fb.p);
	free(o.feedback.p);
	free(o.output.p);
	return rc;
}

/* Runs one test in this process (--no-fork, for a debugger). */
static int
run_test_here(const struct grade_lab *lab, const struct grade_test *t,
    struct grade_report *rep)
{
	struct grade_ctx ctx;
	double t0 = now_secs();
	int ok;

	memset(&ctx, 0, sizeof(ctx));
	ctx.lab = lab;
	ctx.test = t;
	ctx.fd = -1;
	printf("---- %s\n", t->name);
	ok = t->run(&ctx, t->arg);
	fflush(stdout);
	return grade_report_add(rep, t->name, ok ? t->points : 0, t->points,
	    t->vis, now_secs() - t0, _("(run in the grader's process: "
	    "feedback above)\n"));
}

/* ---- reports ------------------------------------------------------------- */

int
grade_report_add(struct grade_report *rep, const char *name, int score,
    int max, enum grade_vis vis, double secs, const char *output)
{
	struct grade_result *r;

	if (rep->n == rep->cap) {
		size_t cap = rep->cap ? rep->cap * 2 : 32;

		if ((r = realloc(rep->r, cap * sizeof(*r))) == NULL)
			return -1;
		rep->r = r;
		rep->cap = cap;
	}
	r = &rep->r[rep->n];
	r->name = strdup(name);
	r->output = strdup(output != NULL ? output : "");
	if (r->name == NULL || r->output == NULL) {
		free(r->name);
		free(r->output);
		return -1;
	}
	r->score = score;
	r->gate = 0;
	r->max = max;
	r->vis = vis;
	r->secs = secs;
	rep->n++;
	return 0;
}

void
grade_report_free(struct grade_report *rep)
{
	size_t i;

	for (i = 0; i < rep->n; i++) {
		free(rep->r[i].name);
		free(rep->r[i].output);
	}
	free(rep->r);
	free(rep->preamble);
	memset(rep, 0, sizeof(*rep));
}

void
grade_report_total(const struct grade_report *rep, int *score, int *max)
{
	size_t i;

	*score = *max = 0;
	for (i = 0; i < rep->n; i++) {
		*score += rep->r[i].score;
		*max += rep->r[i].max;
	}
}

static const char *
vis_name(enum grade_vis v)
{
	switch (v) {
	case GRADE_HIDDEN:
		return "hidden";
	case GRADE_AFTER_PUBLISHED:
		return "after_published";
	default:
		return "visible";
	}
}

/* Prints s with every line indented by `ind` spaces. */
static void
print_indented(FILE *fp, const char *s, int ind)
{
	int bol = 1;

	for (; *s != '\0'; s++) {
		if (bol && *s != '\n')
			fprintf(fp, "%*s", ind, "");
		fputc(*s, fp);
		bol = *s == '\n';
	}
	if (!bol)
		fputc('\n', fp);
}

void
grade_report_text(FILE *fp, const struct grade_report *rep, int verbose)
{
	const struct grade_result *r;
	int score, max, w = 8;
	size_t i;

	for (i = 0; i < rep->n; i++)
		if ((int)strlen(rep->r[i].name) > w)
			w = (int)strlen(rep->r[i].name);
	if (rep->preamble != NULL && rep->preamble[0] != '\0')
		print_indented(fp, rep->preamble, 0);
	for (i = 0; i < rep->n; i++) {
		r = &rep->r[i];
		fprintf(fp, "%s  %-*s %3d/%-3d %6.2fs%s\n",
		    r->score == r->max ? "PASS" : "FAIL", w, r->name, r->score,
		    r->max, r->secs, r->vis == GRADE_VISIBLE ? "" :
		    r->vis == GRADE_HIDDEN ? _("  (hidden)") :
		    _("  (shown after grades are published)"));
		if (r->output[0] != '\0' && (r->score != r->max || verbose)) {
			print_indented(fp, r->output, 6);
			fputc('\n', fp);
		}
	}
	grade_report_total(rep, &score, &max);
	fprintf(fp, _("Score: %d/%d\n"), score, max);
}

void
grade_json_string(FILE *fp, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	fputc('"', fp);
	for (; *p != '\0' && n < max; p++, n++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", fp);
		else if (*p == '\t')
			fputs("\\t", fp);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\u%04x", *p);
		else if (*p >= 0x80)
			fputc('?', fp);	/* keep the file valid UTF-8 */
		else
			fputc(*p, fp);
	}
	if (*p != '\0')
		fputs("\\n[... cut: Gradescope keeps results under 100 KiB]",
		    fp);
	fputc('"', fp);
}

int
grade_report_json(FILE *fp, const struct grade_report *rep)
{
	const struct grade_result *r;
	int score, max;
	double secs = 0;
	size_t i, budget, per;

	/* Leave room for names and fields: about 300 bytes a test. */
	budget = 90 * 1024;
	if (budget > rep->n * 300 + 4096)
		budget -= rep->n * 300 + 4096;
	else
		budget = 1024;
	if (rep->preamble != NULL) {
		size_t p = strlen(rep->preamble);

		if (p > budget / 4)
			p = budget / 4;
		budget -= p;
	}
	per = rep->n > 0 ? budget / rep->n : budget;
	if (per > 16 * 1024)
		per = 16 * 1024;
	for (i = 0; i < rep->n; i++)
		secs += rep->r[i].secs;
	grade_report_total(rep, &score, &max);
	fprintf(fp, "{\n  \"score\": %d,\n  \"max_score\": %d,\n"
	    "  \"execution_time\": %.0f,\n", score, max, secs + 0.5);
	fputs("  \"output\": ", fp);
	{
		char head[256];

		snprintf(head, sizeof(head), _("%s: %s. Score: %d/%d\n"),
		    rep->lab != NULL ? rep->lab : "lab",
		    rep->title != NULL ? i18n_str(rep->title) : "", score, max);
		if (rep->preamble != NULL && rep->preamble[0] != '\0') {
			char *all;
			size_t n = strlen(head) + strlen(rep->preamble) + 1;

			if ((all = malloc(n)) != NULL) {
				snprintf(all, n, "%s%s", head, rep->preamble);
				grade_json_string(fp, all, budget / 4 + 256);
				free(all);
			} else
				grade_json_string(fp, head, sizeof(head));
		} else
			grade_json_string(fp, head, sizeof(head));
	}
	fputs(",\n  \"tests\": [", fp);
	for (i = 0; i < rep->n; i++) {
		r = &rep->r[i];
		fprintf(fp, "%s\n    {\"name\": ", i ? "," : "");
		grade_json_string(fp, r->name, 200);
		fprintf(fp, ", \"number\": \"%zu\", \"score\": %d, "
		    "\"max_score\": %d, \"status\": \"%s\", "
		    "\"visibility\": \"%s\", \"output\": ", i + 1, r->score,
		    r->max, r->score == r->max ? "passed" : "failed",
		    vis_name(r->vis));
		grade_json_string(fp, r->output, per);
		fputc('}', fp);
	}
	fputs("\n  ]\n}\n", fp);
	return ferror(fp) ? -1 : 0;
}

int
grade_report_tsv(FILE *fp, const struct grade_report *rep)
{
	size_t i;

	for (i = 0; i < rep->n; i++)
		fprintf(fp, "%s\t%d\t%d\t%s\n", rep->r[i].name,
		    rep->r[i].score, rep->r[i].max,
		    rep->r[i].score == rep->r[i].max ? "passed" : "failed");
	return ferror(fp) ? -1 : 0;
}

/* ---- grade_main ---------------------------------------------------------- */

/*
 * The grader speaks the language of vmalab grade, which it inherits as the
 * environment: the locale, or --lang as LANGUAGE (which glibc ignores in
 * the C locale, so C becomes C.UTF-8 then, as vmalab does), and
 * VMALAB_LOCALEDIR where the catalogues are not installed.
 */
static void
grade_lang(void)
{
#if defined(ENABLE_NLS) && ENABLE_NLS && defined(LOCALEDIR)
	/* Not "" in the call below: xgettext would take it for a message. */
	static const char header[] = "";
	const char *lang = getenv("LANGUAGE"), *dir = getenv("VMALAB_LOCALEDIR");
	const char *cur = getenv("LC_ALL");

	/* English: nothing to do, and nothing allocated (the efficiency
	 * tests count the pages the VMAs landed on). */
	if (cur == NULL || cur[0] == '\0')
		cur = getenv("LC_MESSAGES");
	if (cur == NULL || cur[0] == '\0')
		cur = getenv("LANG");
	if ((lang == NULL || lang[0] == '\0' || strcmp(lang, "en") == 0) &&
	    (cur == NULL || cur[0] == '\0' || strcmp(cur, "C") == 0 ||
	    strcmp(cur, "POSIX") == 0 || strncmp(cur, "en", 2) == 0 ||
	    strncmp(cur, "C.", 2) == 0))
		return;
	cur = setlocale(LC_MESSAGES, "");
	if (lang != NULL && lang[0] != '\0' && strcmp(lang, "en") != 0 &&
	    (cur == NULL || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0))
		setlocale(LC_MESSAGES, "C.UTF-8");
	if (dir != NULL && dir[0] != '\0')
		bindtextdomain(VMALAB_DOMAIN, dir);
	else {
		bindtextdomain(VMALAB_DOMAIN, LOCALEDIR);
		/* The header entry (msgid "") is there once a catalogue is. */
		if (dgettext(VMALAB_DOMAIN, header)[0] == '\0')
			bindtextdomain(VMALAB_DOMAIN, BUILD_LOCALEDIR);
	}
	bind_textdomain_codeset(VMALAB_DOMAIN, "UTF-8");
#endif
}

/*
 * How much of a hidden test a student sees (--feedback): everything
 * (full), its name and what it checks (names), or only that hidden tests
 * added points (score: the names become hidden-N).
 */
static void
grade_apply_feedback(struct grade_report *rep, const struct grade_lab *lab,
    int mode)
{
	const struct grade_test *t;
	struct grade_result *r;
	char buf[512];
	size_t i;
	int k = 0;

	if (mode == GRADE_FB_FULL)
		return;
	for (i = 0; i < rep->n; i++) {
		r = &rep->r[i];
		if (r->vis == GRADE_VISIBLE)
			continue;
		k++;
		buf[0] = '\0';
		if (mode == GRADE_FB_NAMES) {
			for (t = lab->hidden; t != NULL && t->name != NULL; t++)
				if (strcmp(t->name, r->name) == 0 &&
				    t->about != NULL)
					snprintf(buf, sizeof(buf), _("What it checks: "
					    "%s.\n"), i18n_str(t->about));
			if (r->score != r->max)
				strncat(buf, _("(Your instructor shows the "
				    "names of hidden tests only.)\n"),
				    sizeof(buf) - strlen(buf) - 1);
		} else {
			free(r->name);
			snprintf(buf, sizeof(buf), "hidden-%d", k);
			r->name = strdup(buf);
			buf[0] = '\0';
		}
		free(r->output);
		r->output = strdup(buf);
		if (r->name == NULL || r->output == NULL) {
			free(r->name);
			free(r->output);
			r->name = strdup("hidden");
			r->output = strdup("");
		}
	}
}

/*
 * Error cases count once one of the success-path tests passes: a
 * skeleton's `return -ENOMEM`, and an answer that never searches, score 0.
 */
static void
grade_apply_gate(struct grade_report *rep)
{
	struct grade_result *r;
	int got = 0, max = 0, passed = 0;
	size_t i, len;
	char *o;

	for (i = 0; i < rep->n; i++)
		if (!rep->r[i].gate) {
			got += rep->r[i].score;
			max += rep->r[i].max;
			if (rep->r[i].score > 0)
				passed++;
		}
	if (passed > 0)
		return;
	for (i = 0; i < rep->n; i++) {
		r = &rep->r[i];
		if (!r->gate || r->score == 0)
			continue;
		r->score = 0;
		len = strlen(r->output) + 512;
		if ((o = malloc(len)) == NULL)
			continue;
		snprintf(o, len, _("%sRight, but not counted yet: error cases "
		    "count once your function finds memory (once one of the "
		    "other tests passes; they earn %d of %d%s).\n"), r->output,
		    got, max, max == 0 ? _(": run them too") : "");
		free(r->output);
		r->output = o;
	}
}


static void
grade_usage(FILE *fp, const char *prog, const struct grade_lab *lab)
{
	fprintf(fp, _("Usage: %s [OPTION]... [TEST]...\n"
	    "Grade %s (%s): %s.\n\n"
	    "  --list         list the tests and their points, and exit\n"
	    "  --visible      run the visible tests only\n"
	    "  --json FILE    also write Gradescope's results.json to FILE\n"
	    "  --tsv FILE     also write one line per test to FILE\n"
	    "  --verbose      show the feedback of passing tests too\n"
	    "  --cpu SECONDS  CPU time allowed per test\n"
	    "  --preamble FILE  text to show above the results (compiler "
	    "warnings)\n"
	    "  --fail-all TEXT  run nothing: report every test failed, "
	    "because of TEXT\n"
	    "  --no-fork      run tests in this process (for a debugger; a "
	    "crash ends it)\n"
	    "  --student PROG the student's test program (built by vmalab "
	    "grade)\n"
	    "  --bwrap PATH   run it in bubblewrap's sandbox\n"
	    "  --static-student  it is linked statically\n"
	    "  --deadline S   the whole run's wall-clock budget: tests not "
	    "started by then score 0\n"
	    "  --hidden-seed N  the instructor's seed of the hidden tests\n"
	    "  --feedback full|names|score  what hidden tests show\n"
	    "  --help         show this help\n\n"
	    "TEST operands pick tests by name; shell patterns work "
	    "('eff*').\n"
	    "Exit status: 0 at full marks, 1 otherwise, 2 on a usage "
	    "error.\n"), prog, lab->name, lab->files, i18n_str(lab->title));
}

/* The text of a file (at most 16 KiB), or NULL. */
static char *
grade_read_file(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf;
	size_t n;

	if (fp == NULL)
		return NULL;
	if ((buf = malloc(16 * 1024 + 1)) != NULL) {
		n = fread(buf, 1, 16 * 1024, fp);
		buf[n] = '\0';
	}
	fclose(fp);
	return buf;
}

static int
grade_selected(const char *name, char **pats, int npats)
{
	int i;

	if (npats == 0)
		return 1;
	for (i = 0; i < npats; i++) {
		if (fnmatch(pats[i], name, 0) == 0)
			return 1;
		/* A plain word also picks the tests it begins. */
		if (strpbrk(pats[i], "*?[") == NULL &&
		    strncmp(pats[i], name, strlen(pats[i])) == 0)
			return 1;
	}
	return 0;
}

static int
grade_write_file(const char *path, const struct grade_report *rep,
    int (*fn)(FILE *, const struct grade_report *))
{
	FILE *fp = fopen(path, "w");
	int rc;

	if (fp == NULL) {
		fprintf(stderr, "grade: %s: %s\n", path, strerror(errno));
		return -1;
	}
	rc = fn(fp, rep);
	if (fclose(fp) != 0 || rc != 0) {
		fprintf(stderr, "grade: %s: write error\n", path);
		return -1;
	}
	return 0;
}

int
grade_main(const struct grade_lab *lab, int argc, char **argv)
{
	const struct grade_test *sets[2] = { lab->tests, lab->hidden }, *t;
	struct grade_report rep;
	const char *json = NULL, *tsv = NULL, *prog = argv[0];
	const char *preamble = NULL, *fail_all = NULL;
	char **pats;
	int i, s, npats = 0, visible = 0, list = 0, verbose = 0, nofork = 0;
	int score, max, matched = 0, status;
	double cpu = 0, deadline = 0, t0 = now_secs();
	int feedback = GRADE_FB_FULL;
	char *end;

	grade_lang();
	if ((pats = calloc((size_t)argc + 1, sizeof(*pats))) == NULL)
		return 2;
	grade_proxy.tmpfs_bytes = 16UL << 20;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			grade_usage(stdout, prog, lab);
			free(pats);
			return 0;
		} else if (strcmp(a, "--list") == 0)
			list = 1;
		else if (strcmp(a, "--visible") == 0)
			visible = 1;
		else if (strcmp(a, "--verbose") == 0)
			verbose = 1;
		else if (strcmp(a, "--no-fork") == 0)
			nofork = 1;
		else if (strcmp(a, "--student") == 0 && i + 1 < argc)
			grade_proxy.program = argv[++i];
		else if (strcmp(a, "--bwrap") == 0 && i + 1 < argc) {
			grade_proxy.bwrap = argv[++i];
			grade_proxy.sandbox = 1;
		} else if (strcmp(a, "--static-student") == 0)
			grade_proxy.static_program = 1;
		else if (strcmp(a, "--hidden-seed") == 0 && i + 1 < argc) {
			grade_hidden_seed = strtoul(argv[++i], &end, 0);
			grade_hidden_seeded = 1;
		} else if (strcmp(a, "--feedback") == 0 && i + 1 < argc) {
			a = argv[++i];
			feedback = strcmp(a, "names") == 0 ? GRADE_FB_NAMES :
			    strcmp(a, "score") == 0 ? GRADE_FB_SCORE :
			    GRADE_FB_FULL;
		} else if (strcmp(a, "--deadline") == 0 && i + 1 < argc) {
			if ((deadline = strtod(argv[++i], &end)) < 1 ||
			    *end != '\0') {
				fprintf(stderr, _("%s: --deadline wants seconds "
				    "(at least 1)\n"), prog);
				free(pats);
				return 2;
			}
		}
		else if (strcmp(a, "--preamble") == 0 && i + 1 < argc)
			preamble = argv[++i];
		else if (strcmp(a, "--fail-all") == 0 && i + 1 < argc)
			fail_all = argv[++i];
		else if ((strcmp(a, "--json") == 0 || strcmp(a, "--tsv") == 0 ||
		    strcmp(a, "--cpu") == 0) && i + 1 < argc) {
			if (a[2] == 'j')
				json = argv[++i];
			else if (a[2] == 't')
				tsv = argv[++i];
			else if ((cpu = strtod(argv[++i], &end)) < 0.05 ||
			    cpu > 600 || *end != '\0') {
				fprintf(stderr, _("%s: --cpu wants 0.05 to 600 "
				    "seconds\n"), prog);
				free(pats);
				return 2;
			}
		} else if (a[0] == '-') {
			fprintf(stderr,
			    _("%s: unknown option %s (try --help)\n"),
			    prog, a);
			free(pats);
			return 2;
		} else
			pats[npats++] = argv[i];
	}
	if (list) {
		for (s = 0; s < 2; s++)
			for (t = sets[s]; t != NULL && t->name != NULL; t++)
				if (!(s == 1 && visible))
					printf("%-26s %3d  %-9s %s\n", t->name,
					    t->points, vis_name(t->vis),
					    t->about != NULL ?
					    i18n_str(t->about) : "");
		free(pats);
		return 0;
	}
	memset(&rep, 0, sizeof(rep));
	rep.lab = lab->name;
	rep.title = lab->title;
	if (fail_all != NULL)
		rep.preamble = strdup(fail_all);
	else if (preamble != NULL)
		rep.preamble = grade_read_file(preamble);
	printf("%s: %s (%s)\n", lab->name, i18n_str(lab->title), lab->files);
	fflush(stdout);
	for (s = 0; s < 2; s++) {
		if (s == 1 && visible)
			break;
		for (t = sets[s]; t != NULL && t->name != NULL; t++) {
			if (!grade_selected(t->name, pats, npats) ||
			    (visible && t->vis != GRADE_VISIBLE))
				continue;
			matched++;
			if (fail_all != NULL)
				grade_report_add(&rep, t->name, 0, t->points,
				    t->vis, 0, _("Not run (see above).\n"));
			else if (deadline > 0 && now_secs() - t0 > deadline)
				grade_report_add(&rep, t->name, 0, t->points,
				    t->vis, 0, _("Not run: the whole grading "
				    "run passed its deadline.\n"));
			else if (nofork)
				run_test_here(lab, t, &rep);
			else
				run_test(lab, t, cpu, &rep);
			if (rep.n > 0)
				rep.r[rep.n - 1].gate = t->gate;
		}
	}
	free(pats);
	grade_apply_gate(&rep);
	grade_apply_feedback(&rep, lab, feedback);
	if (npats > 0 && matched == 0) {
		fprintf(stderr, "%s: no test matches (try --list)\n", prog);
		grade_report_free(&rep);
		return 2;
	}
	grade_report_text(stdout, &rep, verbose);
	status = 0;
	if (json != NULL && grade_write_file(json, &rep, grade_report_json) < 0)
		status = 2;
	if (tsv != NULL && grade_write_file(tsv, &rep, grade_report_tsv) < 0)
		status = 2;
	grade_report_total(&rep, &score, &max);
	grade_report_free(&rep);
	if (fflush(stdout) != 0)
		status = 2;
	if (status != 0)
		return status;
	return score == max ? 0 : 1;
}
