/*
 * grade-proxy.c - the student's functions, as the grader sees them: each
 * lab_* function here sends its call to the student's test program (a
 * process of its own, in bubblewrap's sandbox) and returns its answer.
 *
 * The tests (grade-check.c), the engine's hooks (mm->hooks) and the
 * augmented rbtree's callbacks call these exactly as they called the
 * student's code before; the student's code now runs elsewhere and can
 * reach nothing here. Its trace events come back over the pipe and are
 * replayed into the grader's trace, so the first-difference report
 * (grade-diff.c) reads them as before; its answer and, for sys_brk, the
 * address space it left are checked before they are used.
 *
 * One test program per test (started on the first call, ended with the
 * test). Anything wrong with it - it crashed, hung, flooded its output,
 * exited, sent a frame that does not parse - ends the test as failed,
 * with the reason (grade_child_fail).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#undef RLIM_INFINITY
#include "grade-int.h"
#include "grade-wire.h"
#include "trace/i18n.h"
#include "trace/listing.h"

#define OUT_KEEP	(2 * 1024)
#define OUT_MAX		(256 * 1024)

struct grade_proxy_conf grade_proxy = { 0 };
struct grade_proxy_arena grade_proxy_arena;
unsigned long grade_proxy_faults;

static struct {
	pid_t		 pid;
	int		 req, rep, out, info;
	pid_t		 bwrap_child;	/* bwrap's child: the sandbox's init */
	pid_t		 worker;	/* the test program, by the grader's eye */
	unsigned long	 faults0;	/* its page faults at the go */
	int		 counting;
	char		 kept[OUT_KEEP + 1];
	size_t		 nkept, total;
	int		 crashed;
	char		 crash[600];
	uint32_t	 seq;
	struct wire_buf	 buf;
} stu = { .pid = -1, .req = -1, .rep = -1, .out = -1, .info = -1 };

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- strings kept for the trace (the recording points at them) --------- */

#define INTERN_MAX	(8U << 20)

static const char *
intern(const char *s)
{
	static char **tab;
	static size_t cap, n, bytes;
	size_t h = 5381, i;
	const unsigned char *p;
	char **nt;

	if (s == NULL)
		return NULL;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		h = h * 33 + *p;
	if (n * 2 >= cap) {
		size_t ncap = cap ? cap * 2 : 1024;

		if ((nt = calloc(ncap, sizeof(*nt))) == NULL)
			return "?";
		for (i = 0; i < cap; i++)
			if (tab[i] != NULL) {
				size_t hh = 5381, j;

				for (p = (const unsigned char *)tab[i];
				    *p != '\0'; p++)
					hh = hh * 33 + *p;
				for (j = hh % ncap; nt[j] != NULL;
				    j = (j + 1) % ncap)
					;
				nt[j] = tab[i];
			}
		free(tab);
		tab = nt;
		cap = ncap;
	}
	for (i = h % cap; tab[i] != NULL; i = (i + 1) % cap)
		if (strcmp(tab[i], s) == 0)
			return tab[i];
	if (bytes + strlen(s) > INTERN_MAX || (tab[i] = strdup(s)) == NULL)
		return "?";
	bytes += strlen(s) + 1;
	n++;
	return tab[i];
}

static const struct lab_func *
func_of(const char *name, const char *file)
{
	static struct lab_func fs[32];
	static int nfs;
	int i;

	name = intern(name);
	file = intern(file);
	for (i = 0; i < nfs; i++)
		if (fs[i].name == name && fs[i].file == file)
			return &fs[i];
	if (nfs == 32)
		return &fs[31];
	fs[nfs].name = name;
	fs[nfs].file = file;
	return &fs[nfs++];
}

/* ---- the test program's process ------------------------------------------ */

static void
stu_kill(void)
{
	int st;

	if (stu.pid > 0) {
		kill(stu.pid, SIGKILL);
		while (waitpid(stu.pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	if (stu.req >= 0)
		close(stu.req);
	if (stu.rep >= 0)
		close(stu.rep);
	if (stu.out >= 0)
		close(stu.out);
	if (stu.info >= 0)
		close(stu.info);
	stu.pid = -1;
	stu.req = stu.rep = stu.out = stu.info = -1;
	stu.bwrap_child = stu.worker = 0;
	stu.counting = 0;
}

/* The words that start the test program, sandboxed or not. */
static int
stu_argv(char **argv, int max)
{
	static char size[32];
	int n = 0;

#define A(s) do { if (n < max - 1) argv[n++] = (char *)(s); } while (0)
	if (grade_proxy.sandbox) {
		snprintf(size, sizeof(size), "%lu", grade_proxy.tmpfs_bytes);
		A(grade_proxy.bwrap);
		A("--unshare-all"); A("--unshare-user"); A("--die-with-parent");
		A("--new-session");
		/* bwrap's child's pid, to find the test program's (fd 4). */
		A("--info-fd"); A("4");
		A("--uid"); A("65534"); A("--gid"); A("65534");
		A("--cap-drop"); A("ALL"); A("--clearenv");
		A("--disable-userns");
		A("--ro-bind"); A(grade_proxy.program); A("/test");
		if (!grade_proxy.static_program) {
			A("--ro-bind"); A("/usr"); A("/usr");
			A("--symlink"); A("usr/lib"); A("/lib");
			A("--symlink"); A("usr/lib64"); A("/lib64");
		}
		A("--dev"); A("/dev");
		A("--size"); A(size); A("--tmpfs"); A("/tmp");
		A("--chdir"); A("/tmp");
		A("--setenv"); A("TMPDIR"); A("/tmp");
#if defined(__SANITIZE_ADDRESS__)
		/*
		 * A sanitizer build (the test program is built as the grader
		 * is): the sanitizers read their options and the program's
		 * name from /proc, and LeakSanitizer cannot work in a sandbox.
		 * This /proc is the sandbox's own PID namespace's: it shows
		 * the test program, never the grader.
		 */
		A("--proc"); A("/proc");
		A("--setenv"); A("ASAN_OPTIONS"); A("detect_leaks=0");
#endif
		A("/test");
	} else
		A(grade_proxy.program);
	argv[n] = NULL;
#undef A
	return n;
}

static int
stu_start(void)
{
	int in[2], rep[2], out[2], info[2] = { -1, -1 }, fd;
	char *argv[48];
	struct rlimit rl;
	double cpu = grade_proxy.cpu > 0 ? grade_proxy.cpu : 2;

	if (grade_proxy.program == NULL)
		return -1;
	if (pipe(in) < 0)
		return -1;
	if (pipe(rep) < 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	if (pipe(out) < 0) {
		close(in[0]);
		close(in[1]);
		close(rep[0]);
		close(rep[1]);
		return -1;
	}
	if (grade_proxy.sandbox && pipe(info) < 0)
		info[0] = info[1] = -1;
	stu_argv(argv, 48);
	fflush(NULL);
	if ((stu.pid = fork()) < 0)
		return -1;
	if (stu.pid == 0) {
		setsid();
		/* It dies with the test's process, whatever killed that. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(127);
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		dup2(rep[1], 3);
		if (info[1] >= 0)
			dup2(info[1], 4);
		else
			close(4);
		/* The pipes' other ends: >= 5 here, or replaced above. */
		for (fd = 5; fd < 1024; fd++)
			close(fd);
		rl.rlim_cur = (rlim_t)cpu + 1;
		rl.rlim_max = (rlim_t)cpu + 2;
		setrlimit(RLIMIT_CPU, &rl);
		signal(SIGPIPE, SIG_DFL);
		execv(argv[0], argv);
		dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(rep[1]);
	close(out[1]);
	if (info[1] >= 0)
		close(info[1]);
	stu.info = info[0];
	stu.req = in[1];
	stu.rep = rep[0];
	stu.out = out[0];
	fcntl(stu.req, F_SETFL, O_NONBLOCK);
	fcntl(stu.rep, F_SETFL, O_NONBLOCK);
	fcntl(stu.out, F_SETFL, O_NONBLOCK);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* Reads the student's output; returns -1 once it floods. */
static int
stu_drain_out(void)
{
	char tmp[8192];
	ssize_t r;
	size_t k;

	while ((r = read(stu.out, tmp, sizeof(tmp))) > 0) {
		k = (size_t)r;
		if (stu.nkept < OUT_KEEP) {
			size_t room = OUT_KEEP - stu.nkept;

			memcpy(stu.kept + stu.nkept, tmp, k < room ? k : room);
			stu.nkept += k < room ? k : room;
			stu.kept[stu.nkept] = '\0';
		}
		stu.total += k;
		if (stu.total > OUT_MAX)
			return -1;
	}
	if (r == 0) {
		close(stu.out);
		stu.out = -1;
	}
	return 0;
}

/* Why the program ended, in words, and the test ends failed. */
static void __attribute__((noreturn))
stu_fail(const char *why)
{
	struct grade_ctx *ctx = grade_child_ctx();
	unsigned long sig = 0, addr = 0, line = 0;
	char file[512] = "-", what[256];
	const char *name = ctx->test != NULL && ctx->test->name != NULL ?
	    ctx->test->name : "?";
	int st = 0, waited = 0;

	if (stu.pid > 0 && why == NULL) {
		/* It ended by itself: how? */
		double end = now() + 1.0;

		while (now() < end) {
			if (waitpid(stu.pid, &st, WNOHANG) == stu.pid) {
				waited = 1;
				stu.pid = -1;
				break;
			}
			usleep(2000);
		}
	}
	if (stu.out >= 0)
		(void)stu_drain_out();
	stu_kill();
	if (why != NULL)
		grade_say(ctx, "%s\n", why);
	else if (stu.crashed && sscanf(stu.crash, "%lx %lx %lx %511s", &sig,
	    &addr, &line, file) >= 3) {
		grade_say(ctx, _("Your code crashed in test %s (%s"), name,
		    grade_signal_say((int)sig, what, sizeof(what)));
		if (sig == SIGSEGV || sig == SIGBUS)
			grade_say(ctx, _("; at address 0x%lx%s"), addr,
			    addr < 4096 ? _(", next to NULL: a NULL pointer "
			    "followed? A missing check of rb_left, rb_right, "
			    "vm_prev or vm_next, say") : "");
		grade_say(ctx, ").\n");
		if (line > 0 && strcmp(file, "-") != 0)
			grade_say(ctx, _("The last line of your code that ran, "
			    "as far as the grader saw (it sees STEP, DECIDE "
			    "and SET lines), was %s:%lu: the crash came in it "
			    "or after it.\n"),
			    strrchr(file, '/') ? strrchr(file, '/') + 1 : file,
			    line);
	} else if (waited && ((WIFSIGNALED(st) && (WTERMSIG(st) == SIGXCPU ||
	    WTERMSIG(st) == SIGKILL)) || (WIFEXITED(st) &&
	    (WEXITSTATUS(st) == 128 + SIGXCPU ||
	    WEXITSTATUS(st) == 128 + SIGKILL))))
		grade_say(ctx, _("Your code used up its CPU time and was "
		    "stopped. Is there a loop whose condition never becomes "
		    "false?\n"));
	else if (waited && ((WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS) ||
	    (WIFEXITED(st) && WEXITSTATUS(st) == 128 + SIGSYS)))
		grade_say(ctx, _("Your code tried to start a process or a "
		    "program (fork, clone or exec). Graded code may not: the "
		    "test was stopped.\n"));
	else if (waited && ((WIFSIGNALED(st) && WTERMSIG(st) == SIGXFSZ) ||
	    (WIFEXITED(st) && WEXITSTATUS(st) == 128 + SIGXFSZ)))
		grade_say(ctx, _("Your code wrote a file larger than 1 MiB, so "
		    "the test was stopped.\n"));
	else if (waited && WIFEXITED(st) && WEXITSTATUS(st) == 127)
		grade_say(ctx, _("The grader failed: it could not start the "
		    "test "
		    "program for test %s (see its output below). This is a "
		    "problem of the grader, not of your code: tell your "
		    "instructor.\n"), name);
	else if (waited && WIFEXITED(st))
		grade_say(ctx, _("Your code ended its program in the middle of "
		    "the test (exit status %d): it called exit() or _exit(), "
		    "or closed the grader's pipes. Graded functions must "
		    "return to their caller instead.\n"), WEXITSTATUS(st));
	else if (waited && WIFSIGNALED(st))
		grade_say(ctx, _("Your code crashed in test %s: its program "
		    "was killed by %s.\n"), name, grade_signal_say(WTERMSIG(st),
		    what, sizeof(what)));
	else
		grade_say(ctx, _("Your test program stopped answering.\n"));
	grade_proxy_say_output(ctx);
	grade_child_fail();
}

/*
 * Waits until fd is ready for `events`, reading the student's output
 * meanwhile; ends the test with `late` once the deadline has passed, or
 * when the output floods.
 */
static void
stu_wait(int fd, short events, const char *late)
{
	struct pollfd pf[2];
	double left;

	if ((left = grade_child_deadline() - now()) <= 0)
		stu_fail(late);
	pf[0].fd = fd;
	pf[0].events = events;
	pf[1].fd = stu.out;
	pf[1].events = POLLIN;
	poll(pf, stu.out >= 0 ? 2 : 1, (int)(left * 1000) + 1);
	if (stu.out >= 0 && stu_drain_out() < 0)
		stu_fail(_("Your code printed more than 256 KiB, so the test "
		    "was stopped."));
}

void
grade_proxy_say_output(struct grade_ctx *ctx)
{
	if (stu.total == 0)
		return;
	if (stu.total > OUT_MAX)
		grade_say(ctx, P_("Your code printed at least %zu byte",
		    "Your code printed at least %zu bytes", stu.total),
		    stu.total);
	else
		grade_say(ctx, P_("Your code printed %zu byte",
		    "Your code printed %zu bytes", stu.total), stu.total);
	if (stu.total > stu.nkept)
		grade_say(ctx, _(" (the first %zu follow)"), stu.nkept);
	grade_say(ctx, ":\n%s%s", stu.kept, stu.nkept > 0 &&
	    stu.kept[stu.nkept - 1] != '\n' ? "\n" : "");
	stu.total = 0;
	stu.nkept = 0;
}

void
grade_proxy_end(void)
{
	stu_kill();
}

/* Writes the request, reading output meanwhile; ends the test on failure. */
static void
stu_send(const struct wire_buf *b)
{
	uint32_t len = (uint32_t)b->len;
	const unsigned char *p;
	size_t n;
	ssize_t w;
	int part;

	if (b->failed || b->len > WIRE_FRAME_MAX)
		stu_fail(_("(the grader ran out of memory writing a call)"));
	for (part = 0; part < 2; part++) {
		p = part == 0 ? (const unsigned char *)&len : b->p;
		n = part == 0 ? sizeof(len) : b->len;
		while (n > 0) {
			w = write(stu.req, p, n);
			if (w > 0) {
				p += w;
				n -= (size_t)w;
				continue;
			}
			if (w < 0 && errno != EAGAIN && errno != EINTR)
				stu_fail(NULL);
			stu_wait(stu.req, POLLOUT, _("Your code did not finish "
			    "in time (the test's wall-clock deadline passed)."));
		}
	}
}

/* Reads one frame from the test program (into a malloc'd buffer). */
static unsigned char *
stu_recv(uint32_t *lenp)
{
	unsigned char hdr[4], *p = NULL;
	uint32_t len = 0;
	size_t got = 0, want = 4;
	ssize_t r;

	for (;;) {
		r = read(stu.rep, p == NULL ? hdr + got : p + got, want - got);
		if (r > 0) {
			got += (size_t)r;
			if (got < want)
				continue;
			if (p != NULL) {
				*lenp = len;
				return p;
			}
			memcpy(&len, hdr, 4);
			if (len > WIRE_FRAME_MAX || len == 0 ||
			    (p = malloc(len)) == NULL)
				stu_fail(_("Your test program sent the grader "
				    "something that is not an answer."));
			got = 0;
			want = len;
			continue;
		}
		if (r == 0)
			stu_fail(NULL);
		if (errno != EAGAIN && errno != EINTR)
			stu_fail(NULL);
		stu_wait(stu.rep, POLLIN, _("Your code did not finish in time "
		    "(the test's wall-clock deadline passed). Is there a loop "
		    "whose condition never becomes false, or did it stop "
		    "itself?"));
	}
}

/* ---- the page faults of the test program, read from outside --------------- */

/*
 * From /proc/PID/stat: the faults of the whole thread group (minflt and
 * majflt, fields 10 and 12), its threads (field 20) and its parent.
 * Returns 0, or -1 when it cannot be read.
 */
static int
stu_stat(pid_t pid, unsigned long *faults, long *threads, pid_t *ppid)
{
	char path[64], buf[1024], *p;
	unsigned long min, maj;
	long ppl;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* After the name in parentheses, which may hold anything. */
	if ((p = strrchr(buf, ')')) == NULL || sscanf(p + 1,
	    " %*c %ld %*d %*d %*d %*d %*u %lu %*u %lu %*u %*u %*u %*d %*d "
	    "%*d %*d %ld", &ppl, &min, &maj, threads) != 4)
		return -1;
	*faults = min + maj;
	*ppid = (pid_t)ppl;
	return 0;
}

/*
 * The children of `pid` by walking /proc, where the kernel has no
 * children file (CONFIG_PROC_CHILDREN): how many; the first.
 */
static int
stu_children_walk(pid_t pid, pid_t *first)
{
	DIR *d;
	struct dirent *e;
	unsigned long f;
	long th;
	pid_t pp;
	int count = 0;

	if ((d = opendir("/proc")) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		if (stu_stat((pid_t)atol(e->d_name), &f, &th, &pp) == 0 &&
		    pp == pid && count++ == 0)
			*first = (pid_t)atol(e->d_name);
	}
	closedir(d);
	return count;
}

/* The children of thread `pid` of process `pid`: how many; the first. */
static int
stu_children(pid_t pid, pid_t *first)
{
	char path[96], buf[256], *p, *end;
	ssize_t n;
	int fd, count = 0;
	long v;

	snprintf(path, sizeof(path), "/proc/%ld/task/%ld/children", (long)pid,
	    (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return errno == ENOENT ? stu_children_walk(pid, first) : -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	for (p = buf; ; p = end) {
		v = strtol(p, &end, 10);
		if (end == p)
			break;
		if (count++ == 0)
			*first = (pid_t)v;
	}
	return count;
}

/*
 * Which process is the test program, found by the grader alone (never
 * from what the program says): the child it forked, or, in bubblewrap's
 * sandbox, the one child of bwrap's child (the PID namespace's init),
 * whose pid bwrap wrote on the info pipe.
 */
static pid_t
stu_find_worker(void)
{
	char buf[512] = "", *p;
	size_t got = 0;
	ssize_t r;
	pid_t w = 0, pp;
	unsigned long f;
	long th;

	if (!grade_proxy.sandbox)
		return stu.pid;
	if (stu.bwrap_child <= 0) {
		while (stu.info >= 0 && got < sizeof(buf) - 1 &&
		    strchr(buf, '}') == NULL) {
			buf[got] = '\0';
			r = read(stu.info, buf + got, sizeof(buf) - 1 - got);
			if (r > 0)
				got += (size_t)r;
			else if (r == 0 || (errno != EAGAIN && errno != EINTR))
				break;
			else
				stu_wait(stu.info, POLLIN, _("(bubblewrap did "
				    "not say where the test program runs)"));
			buf[got] = '\0';
		}
		buf[got] = '\0';
		if ((p = strstr(buf, "\"child-pid\"")) != NULL &&
		    (p = strchr(p, ':')) != NULL)
			stu.bwrap_child = (pid_t)strtol(p + 1, NULL, 10);
	}
	if (stu.bwrap_child <= 0 || stu_stat(stu.bwrap_child, &f, &th,
	    &pp) < 0 || pp != stu.pid || stu_children(stu.bwrap_child,
	    &w) != 1 || stu_stat(w, &f, &th, &pp) < 0 ||
	    pp != stu.bwrap_child)
		return -1;
	return w;
}

/*
 * The test program's faults so far. It must be one thread and have no
 * process of its own, nor (sandboxed) a sibling: another thread or a
 * process sharing its memory could read the arena where the grader does
 * not count. Ends the test otherwise.
 */
static unsigned long
stu_faults(void)
{
	unsigned long f;
	long th;
	pid_t pp, c;

	if (stu.worker <= 0 && (stu.worker = stu_find_worker()) <= 0)
		stu_fail(_("(the grader could not find your test program's "
		    "process to count its page faults)"));
	if (stu_stat(stu.worker, &f, &th, &pp) < 0)
		stu_fail(NULL);
	if (th != 1 || stu_children(stu.worker, &c) != 0 ||
	    (grade_proxy.sandbox && stu_children(stu.bwrap_child, &c) != 1))
		stu_fail(_("Your code started a thread or a process. The "
		    "grader counts the pages a search reads in the one "
		    "process of your test program, so it stopped the test."));
	return f;
}

/* Lets the test program go on: a frame of one byte, 'G'. */
static void
stu_go(void)
{
	struct wire_buf g = { 0 };

	wire_u8(&g, 'G');
	stu_send(&g);
	wire_free(&g);
}

/* An event frame, replayed into the grader's trace of mm. */
static void
replay_event(struct mm *mm, struct wire_rd *r)
{
	char func[WIRE_STR_MAX + 1], file[WIRE_STR_MAX + 1];
	char id[WIRE_STR_MAX + 1], text[WIRE_STR_MAX + 1];
	char name[WIRE_STR_MAX + 1];
	struct trace_val vals[TRACE_MAXVALS];
	const struct lab_func *f;
	unsigned kind, outcome, op, n, i;
	int line;

	kind = rd_u8(r);
	line = (int)rd_u32(r);
	outcome = rd_u8(r);
	op = rd_u8(r);
	n = rd_u8(r);
	rd_str(r, func, sizeof(func));
	rd_str(r, file, sizeof(file));
	rd_str(r, id, sizeof(id));
	rd_str(r, text, sizeof(text));
	if (n > TRACE_MAXVALS)
		r->bad = 1;
	for (i = 0; !r->bad && i < n; i++) {
		rd_str(r, name, sizeof(name));
		vals[i].name = intern(name);
		vals[i].value = (unsigned long)rd_u64(r);
	}
	if (r->bad)
		stu_fail(_("Your test program sent the grader something that is "
		    "not a trace event."));
	if (mm == NULL || mm->trace == NULL)
		return;
	f = func_of(func, file);
	switch (kind) {
	case TRACE_CALL:
		lab_instr_call(mm, f, line, (int)n, vals);
		break;
	case TRACE_STEP:
		lab_instr_step(mm, f, line);
		break;
	case TRACE_DECIDE:
		lab_instr_decide(mm, f, line, intern(id), intern(text),
		    outcome != 0, (int)n, vals);
		break;
	case TRACE_VALUE:
		lab_instr_value(mm, f, line, intern(text),
		    n > 0 ? vals[0].value : 0);
		break;
	case TRACE_RETURN:
		lab_instr_return(mm, f, line, n > 0 ? vals[0].value : 0);
		break;
	case TRACE_TREE:
		if (op <= TREE_ROTATE)
			lab_instr_tree(mm, (enum trace_tree_op)op, (int)n,
			    vals);
		break;
	default:
		break;
	}
}

/* ---- what the test program holds: the mm as last sent ------------------- */

struct shadow_ent {
	const struct vma *v;
	struct wire_node sent;
	const char	*name;		/* the pointer sent (names are static) */
	uint32_t	 gen;
	int		 live;
};

static struct {
	const struct mm	*mm;		/* the mm it mirrors, or NULL */
	struct shadow_ent *e;		/* by id */
	uint32_t	 n, cap;
	uint32_t	*hash;		/* id + 1, by pointer; 0: empty */
	uint32_t	 hcap, hused;
	uint32_t	 gen;
} sh;

static void
shadow_reset(void)
{
	free(sh.e);
	free(sh.hash);
	memset(&sh, 0, sizeof(sh));
}

static size_t
ptr_hash(const void *p, uint32_t cap)
{
	uintptr_t x = (uintptr_t)p;

	x ^= x >> 17;
	x *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(x >> 7) & (cap - 1);
}

static void
shadow_rehash(uint32_t cap)
{
	uint32_t i;
	size_t j;

	free(sh.hash);
	if ((sh.hash = calloc(cap, sizeof(*sh.hash))) == NULL)
		stu_fail(_("(the grader ran out of memory)"));
	sh.hcap = cap;
	sh.hused = 0;
	for (i = 0; i < sh.n; i++) {
		if (!sh.e[i].live)
			continue;
		for (j = ptr_hash(sh.e[i].v, cap); sh.hash[j] != 0;
		    j = (j + 1) & (cap - 1))
			;
		sh.hash[j] = i + 1;
		sh.hused++;
	}
}

/* The id of a live VMA, or WIRE_NONE; with `add`, a new id if none. */
static uint32_t
shadow_id(const struct vma *v, int add)
{
	struct shadow_ent *ne;
	size_t j;
	uint32_t id;

	if (v == NULL)
		return WIRE_NONE;
	if (sh.hcap == 0 || (add && (sh.hused + 1) * 2 > sh.hcap))
		shadow_rehash(sh.hcap ? sh.hcap * 2 : 1024);
	for (j = ptr_hash(v, sh.hcap); sh.hash[j] != 0;
	    j = (j + 1) & (sh.hcap - 1)) {
		id = sh.hash[j] - 1;
		if (sh.e[id].v == v && sh.e[id].live)
			return id;
	}
	if (!add)
		return WIRE_NONE;
	if (sh.n == sh.cap) {
		uint32_t cap = sh.cap ? sh.cap * 2 : 1024;

		if (cap > WIRE_ID_MAX || (ne = realloc(sh.e,
		    cap * sizeof(*ne))) == NULL)
			stu_fail(_("(the grader ran out of ids for VMAs)"));
		sh.e = ne;
		sh.cap = cap;
	}
	id = sh.n++;
	memset(&sh.e[id], 0, sizeof(sh.e[id]));
	sh.e[id].v = v;
	sh.e[id].live = 1;
	sh.e[id].sent.start = 1;	/* never a real start: sent first */
	sh.e[id].sent.end = 0;
	sh.hash[j] = id + 1;
	sh.hused++;
	return id;
}

static uint32_t
node_id(const struct rb_node *rb)
{
	return rb == NULL ? WIRE_NONE : shadow_id(rb_vma(rb), 0);
}

static uint32_t arena_slot(const struct vma *, void *);

/*
 * The request's mm: scalars and files always, then the records of the
 * VMAs that are new or changed since the last call on this mm, and the
 * ids of those gone.
 */
static void
put_mm_diff(struct wire_buf *q, const struct mm *mm)
{
	const struct vma *v;
	struct vfile **files;
	struct wire_node w;
	uint32_t nf, i, id, nrec = 0, ndel = 0, count = 0;
	size_t at;
	int fresh = sh.mm != mm;

	if (fresh) {
		shadow_reset();
		sh.mm = mm;
	}
	sh.gen++;
	wire_u8(q, (unsigned)fresh);
	wire_put_scalars(q, mm);
	nf = wire_files(mm, &files);
	wire_u32(q, nf);
	for (i = 0; i < nf; i++) {
		wire_str(q, files[i]->path);
		wire_u32(q, (uint32_t)files[i]->readable |
		    (uint32_t)files[i]->writable << 1);
	}
	for (v = mm->mmap; v != NULL; v = v->vm_next, count++) {
		id = shadow_id(v, 1);	/* may move sh.e: not in one line */
		sh.e[id].gen = sh.gen;
	}
	wire_u32(q, shadow_id(mm->mmap, 0));
	wire_u32(q, node_id(mm->mm_rb.rb_node));
	wire_u32(q, count);
	at = q->len;
	wire_u32(q, 0);		/* the number of records, filled in below */
	for (v = mm->mmap; v != NULL; v = v->vm_next) {
		id = shadow_id(v, 0);
		memset(&w, 0, sizeof(w));
		w.start = v->vm_start;
		w.end = v->vm_end;
		w.flags = v->vm_flags;
		w.pgoff = v->vm_pgoff;
		w.prot = v->vm_page_prot;
		w.gap = v->rb_subtree_gap;
		w.parent = node_id(rb_parent(&v->vm_rb));
		w.left = node_id(v->vm_rb.rb_left);
		w.right = node_id(v->vm_rb.rb_right);
		w.prev = shadow_id(v->vm_prev, 0);
		w.next = shadow_id(v->vm_next, 0);
		w.color = (unsigned)rb_color(&v->vm_rb);
		w.file = WIRE_NONE;
		for (i = 0; i < nf; i++)
			if (files[i] == v->vm_file)
				w.file = i;
		w.slot = grade_proxy_arena.mem != NULL ?
		    arena_slot(v, NULL) : WIRE_NONE;
		w.name = v->vm_name;
		if (memcmp(&w, &sh.e[id].sent, sizeof(w)) == 0)
			continue;
		sh.e[id].sent = w;
		wire_put_node(q, id, &w);
		nrec++;
	}
	free(files);
	if (!q->failed)
		memcpy(q->p + at, &nrec, sizeof(nrec));
	at = q->len;
	wire_u32(q, 0);
	for (id = 0; id < sh.n; id++)
		if (sh.e[id].live && sh.e[id].gen != sh.gen) {
			sh.e[id].live = 0;
			wire_u32(q, id);
			ndel++;
		}
	if (!q->failed)
		memcpy(q->p + at, &ndel, sizeof(ndel));
}

static uint32_t
arena_slot(const struct vma *v, void *arg)
{
	const char *p = (const char *)v, *m = grade_proxy_arena.mem;
	size_t off;

	(void)arg;
	if (m == NULL || p < m || p >= m + grade_proxy_arena.size)
		return WIRE_NONE;
	off = (size_t)(p - m);
	return (uint32_t)(off / PAGE_SIZE * grade_proxy_arena.per_page +
	    off % PAGE_SIZE / grade_proxy_arena.slot);
}

/* The kernel's gap of a node described by the test program (see rpc). */
static void
answer_oracle(struct mm *mm, struct wire_rd *r)
{
	struct vma x, prev, l, rt;
	struct wire_buf a = { 0 };
	unsigned long gap;

	memset(&x, 0, sizeof(x));
	memset(&prev, 0, sizeof(prev));
	memset(&l, 0, sizeof(l));
	memset(&rt, 0, sizeof(rt));
	x.vm_mm = prev.vm_mm = mm;
	x.vm_start = (unsigned long)rd_u64(r);
	x.vm_flags = (unsigned long)rd_u64(r);
	if (rd_u8(r))
		x.vm_prev = &prev;
	prev.vm_end = (unsigned long)rd_u64(r);
	prev.vm_flags = (unsigned long)rd_u64(r);
	if (rd_u8(r))
		x.vm_rb.rb_left = &l.vm_rb;
	l.rb_subtree_gap = (unsigned long)rd_u64(r);
	if (rd_u8(r))
		x.vm_rb.rb_right = &rt.vm_rb;
	rt.rb_subtree_gap = (unsigned long)rd_u64(r);
	if (r->bad)
		stu_fail(_("Your test program sent the grader something that is "
		    "not a question."));
	gap = vma_compute_subtree_gap(&x);
	wire_u8(&a, 'O');
	wire_u64(&a, gap);
	stu_send(&a);
	wire_free(&a);
}

/*
 * One call: sends it, replays the events, returns the answer. For the
 * gap callbacks, every node's rb_subtree_gap is the student's after;
 * for sys_brk, the whole mm is.
 */
static unsigned long
rpc(int fn, struct mm *mm, const struct rb_node *a, const struct rb_node *b,
    unsigned long arg, const struct vm_unmapped_area_info *info)
{
	struct wire_buf *q = &stu.buf;
	struct wire_rd r;
	unsigned char *p;
	uint32_t len, n, i;
	uint64_t ret;
	struct vma *v;
	struct vfile **files;
	uint32_t nfiles;
	const char *why;
	char msg[256];
	int oracle;
	uint32_t seq;

	if (stu.pid < 0) {
		shadow_reset();
		if (stu_start() < 0)
			stu_fail(_("(the grader could not start your test "
			    "program)"));
		/*
		 * Its hello, once its start-up (and the student's
		 * constructors) are done: from here on no code of the
		 * student's runs but in a call, and it must be alone.
		 */
		p = stu_recv(&len);
		if (len != 1 || p[0] != 'h') {
			free(p);
			stu_fail(_("Your test program sent the grader "
			    "something that is not an answer."));
		}
		free(p);
		(void)stu_faults();
		stu_go();
	}
	wire_reset(q);
	/*
	 * The callbacks alone (the engine's compute in the grader's mm):
	 * the test program may ask for the kernel's gap of a node.
	 */
	oracle = (fn == WIRE_PROPAGATE || fn == WIRE_COPY ||
	    fn == WIRE_ROTATE) && (mm->hooks == NULL ||
	    mm->hooks->compute_subtree_gap == NULL);
	wire_u8(q, 'Q');
	/* A number the answer must carry: an answer the student's code
	 * wrote itself does not know it (the request is wiped). */
	seq = ++stu.seq * 0x9e3779b1U ^ (uint32_t)stu.pid;
	wire_u32(q, seq);
	wire_u8(q, (unsigned)fn);
	wire_u8(q, (unsigned)oracle);
	wire_u32(q, grade_proxy_arena.mem != NULL ?
	    grade_proxy_arena.per_page : 0);
	wire_u32(q, grade_proxy_arena.mem != NULL ?
	    (uint32_t)(grade_proxy_arena.size / PAGE_SIZE) : 0);
	/* The mm before the nodes named by id: they get their ids there. */
	put_mm_diff(q, mm);
	wire_u32(q, node_id(a));
	wire_u32(q, node_id(b));
	wire_u64(q, arg);
	wire_u64(q, info != NULL ? info->flags : 0);
	wire_u64(q, info != NULL ? info->length : 0);
	wire_u64(q, info != NULL ? info->low_limit : 0);
	wire_u64(q, info != NULL ? info->high_limit : 0);
	wire_u64(q, info != NULL ? info->align_mask : 0);
	wire_u64(q, info != NULL ? info->align_offset : 0);
	stu_send(q);
	for (;;) {
		p = stu_recv(&len);
		memset(&r, 0, sizeof(r));
		r.p = p;
		r.len = len;
		switch (rd_u8(&r)) {
		case 'e':
			replay_event(mm, &r);
			free(p);
			continue;
		case 'c':
			n = len - 1 < sizeof(stu.crash) - 1 ? len - 1 :
			    (uint32_t)sizeof(stu.crash) - 1;
			memcpy(stu.crash, p + 1, n);
			stu.crash[n] = '\0';
			stu.crashed = 1;
			free(p);
			stu_fail(NULL);
		case 'o':
			if (!oracle) {
				free(p);
				stu_fail(_("Your test program asked the grader "
				    "for the kernel's vma_compute_subtree_gap "
				    "where it may not."));
			}
			answer_oracle(mm, &r);
			free(p);
			continue;
		case 'g':
			/* Ready: the arena dropped; count from here. */
			if (grade_proxy_arena.mem == NULL || stu.counting ||
			    rd_u32(&r) != seq) {
				free(p);
				stu_fail(_("Your test program sent the grader "
				    "something that is not an answer."));
			}
			free(p);
			stu.faults0 = stu_faults();
			stu.counting = 1;
			stu_go();
			continue;
		case 'r':
			break;
		default:
			free(p);
			stu_fail(_("Your test program sent the grader something "
			    "that is not an answer."));
		}
		break;
	}
	if (rd_u32(&r) != seq) {
		free(p);
		stu_fail(_("Your test program sent an answer to a call the "
		    "grader did not make (it wrote to the grader's pipe)."));
	}
	ret = rd_u64(&r);
	if (grade_proxy_arena.mem != NULL) {
		/* The pages its search read: the kernel's count. */
		if (!stu.counting) {
			free(p);
			stu_fail(_("Your test program sent the grader "
			    "something that is not an answer."));
		}
		grade_proxy_faults = stu_faults() - stu.faults0;
		stu.counting = 0;
		stu_go();
	}
	/* The callbacks: the gaps they changed, by id. */
	n = rd_u32(&r);
	if (n > sh.n)
		r.bad = 1;
	for (i = 0; i < n && !r.bad; i++) {
		uint32_t id = rd_u32(&r);
		uint64_t gap = rd_u64(&r);

		if (id >= sh.n || !sh.e[id].live) {
			r.bad = 1;
			break;
		}
		if (fn == WIRE_PROPAGATE || fn == WIRE_COPY ||
		    fn == WIRE_ROTATE) {
			v = (struct vma *)(uintptr_t)sh.e[id].v;
			v->rb_subtree_gap = (unsigned long)gap;
			sh.e[id].sent.gap = gap;
		}
	}
	if (rd_u8(&r) == 1 && fn == WIRE_SYS_BRK && !r.bad) {
		nfiles = wire_files(mm, &files);
		/* The program drops its copy; so does the shadow. */
		shadow_reset();
		if (wire_apply_mm(&r, mm, files, nfiles, &why) < 0) {
			free(files);
			free(p);
			snprintf(msg, sizeof(msg), "After your sys_brk the "
			    "address space cannot be rebuilt: %s.", why);
			stu_fail(msg);
		}
		free(files);
	}
	/* After a search of the arena, the program holds no copy. */
	if (grade_proxy_arena.mem != NULL)
		shadow_reset();
	if (r.bad) {
		free(p);
		stu_fail(_("Your test program sent the grader an answer that "
		    "does not parse."));
	}
	free(p);
	return (unsigned long)ret;
}

/* ---- the student's functions, as the tests and the engine call them ----- */

unsigned long
lab_unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	return rpc(WIRE_UNMAPPED_AREA, mm, NULL, NULL, 0, info);
}

unsigned long
lab_unmapped_area_topdown(struct mm *mm,
    const struct vm_unmapped_area_info *info)
{
	return rpc(WIRE_UNMAPPED_AREA_TOPDOWN, mm, NULL, NULL, 0, info);
}

unsigned long
lab_vma_compute_subtree_gap(const struct vma *vma)
{
	return rpc(WIRE_COMPUTE_GAP, vma->vm_mm, &vma->vm_rb, NULL, 0, NULL);
}

void
lab_vma_gap_propagate(struct rb_node *rb, struct rb_node *stop)
{
	if (rb == NULL)
		return;
	(void)rpc(WIRE_PROPAGATE, rb_vma(rb)->vm_mm, rb, stop, 0, NULL);
}

void
lab_vma_gap_copy(struct rb_node *rb_old, struct rb_node *rb_new)
{
	(void)rpc(WIRE_COPY, rb_vma(rb_old)->vm_mm, rb_old, rb_new, 0, NULL);
}

void
lab_vma_gap_rotate(struct rb_node *rb_old, struct rb_node *rb_new)
{
	(void)rpc(WIRE_ROTATE, rb_vma(rb_old)->vm_mm, rb_old, rb_new, 0,
	    NULL);
}

unsigned long
lab_sys_brk(struct mm *mm, unsigned long brk)
{
	return rpc(WIRE_SYS_BRK, mm, NULL, NULL, brk, NULL);
}
