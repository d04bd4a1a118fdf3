/*
 * spawn.c - a child process, start to end (see spawn.h).
 *
 * The order of the end matters, and is the same for every caller:
 *
 *   read the pipes  until both close, the deadline, or a sink's stop
 *   kill            the child (its group first, with `group`) when the
 *                   reading stopped early
 *   reap            waitpid, retried on EINTR
 *   kill the group  whatever the child left behind (with `group`)
 *   drain           what reached a `drain` pipe before the kill counts
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spawn.h"

static double
spawn_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
spawn_close_pair(int p[2])
{
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
	p[0] = p[1] = -1;
}

/*
 * In the child: dying with its parent, its descriptors, then the
 * function or the program. `parent` is the pid it was forked from: had the
 * parent ended before the prctl, the signal would never come.
 */
static void __attribute__((noreturn))
spawn_child(struct spawn *s, int out, int res, pid_t parent)
{
	int fd;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(127);
	if (s->group)
		setpgid(0, 0);
	if (s->null_stdin && (fd = open("/dev/null", O_RDONLY)) >= 0) {
		dup2(fd, 0);
		close(fd);
	}
	if (out >= 0) {
		dup2(out, 1);
		dup2(out, 2);
		close(out);
	}
	if (s->fn != NULL)
		_exit(s->fn(s->arg, res));
	if (res >= 0 && res != SPAWN_RES_FD) {
		dup2(res, SPAWN_RES_FD);
		close(res);
	}
	execvp(s->argv[0], s->argv);
	fprintf(stderr, "cannot run %s: %s\n", s->argv[0], strerror(errno));
	_exit(127);
}

int
spawn_start(struct spawn *s)
{
	int op[2] = { -1, -1 }, rp[2] = { -1, -1 }, e;
	pid_t parent = getpid();

	s->pid = -1;
	s->status = -1;
	s->how = SPAWN_EXITED;
	s->code = 0;
	s->running = 0;
	s->out.fd = s->res.fd = -1;
	if ((s->out.sink != NULL && pipe(op) < 0) ||
	    (s->res.sink != NULL && pipe(rp) < 0))
		goto fail;
	fflush(NULL);
	if ((s->pid = fork()) < 0)
		goto fail;
	if (s->pid == 0) {
		if (op[0] >= 0)
			close(op[0]);
		if (rp[0] >= 0)
			close(rp[0]);
		spawn_child(s, op[1], rp[1], parent);
	}
	if (s->group)
		setpgid(s->pid, s->pid);  /* the child does it too: no race */
	s->out.fd = op[0];
	s->res.fd = rp[0];
	op[0] = rp[0] = -1;
	spawn_close_pair(op);
	spawn_close_pair(rp);
	if (s->out.fd >= 0)
		fcntl(s->out.fd, F_SETFL, O_NONBLOCK);
	if (s->res.fd >= 0)
		fcntl(s->res.fd, F_SETFL, O_NONBLOCK);
	s->deadline = s->timeout > 0 ? spawn_now() + s->timeout : 0;
	s->running = 1;
	return 0;

fail:
	e = errno;
	spawn_close_pair(op);
	spawn_close_pair(rp);
	errno = e;
	return -1;
}

/*
 * Reads what a ready pipe holds into its sink; closes it at its end.
 * Returns -1 when the sink asked to stop, else 0.
 */
static int
spawn_pump(struct spawn_pipe *sp, short revents)
{
	char buf[SPAWN_CHUNK];
	ssize_t r;

	if (sp->fd < 0 || !(revents & (POLLIN | POLLHUP)))
		return 0;
	r = read(sp->fd, buf, sizeof(buf));
	if (r > 0)
		return sp->sink(sp->arg, buf, (size_t)r) < 0 ? -1 : 0;
	if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
		close(sp->fd);
		sp->fd = -1;
	}
	return 0;
}

/* The reading loop. Returns how it stopped: EXITED when the pipes closed. */
static enum spawn_how
spawn_read(struct spawn *s)
{
	struct pollfd pfd[2];
	int ms, rc;

	while (s->out.fd >= 0 || s->res.fd >= 0) {
		ms = -1;
		if (s->deadline > 0) {
			ms = (int)((s->deadline - spawn_now()) * 1000);
			if (ms <= 0)
				return SPAWN_TIMEOUT;
		}
		pfd[0].fd = s->out.fd;	/* poll skips a negative fd */
		pfd[1].fd = s->res.fd;
		pfd[0].events = pfd[1].events = POLLIN;
		pfd[0].revents = pfd[1].revents = 0;
		rc = poll(pfd, 2, ms);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0 || spawn_pump(&s->out, pfd[0].revents) < 0 ||
		    spawn_pump(&s->res, pfd[1].revents) < 0)
			return SPAWN_STOPPED;
	}
	return SPAWN_EXITED;
}

/* Fills in how and code from the wait status. */
static void
spawn_ended(struct spawn *s, int st, enum spawn_how stopped)
{
	s->status = st;
	s->running = 0;
	if (st == -1)		/* not reaped: nothing is known */
		s->code = -1;
	else
		s->code = WIFEXITED(st) ? WEXITSTATUS(st) :
		    WIFSIGNALED(st) ? WTERMSIG(st) : 0;
	if (stopped != SPAWN_EXITED || st == -1)
		s->how = stopped;
	else
		s->how = WIFSIGNALED(st) ? SPAWN_SIGNALED : SPAWN_EXITED;
}

static void
spawn_drain(struct spawn_pipe *sp)
{
	char buf[SPAWN_CHUNK];
	ssize_t r;

	while (sp->drain && sp->fd >= 0 &&
	    (r = read(sp->fd, buf, sizeof(buf))) > 0)
		if (sp->sink(sp->arg, buf, (size_t)r) < 0)
			break;
	if (sp->fd >= 0)
		close(sp->fd);
	sp->fd = -1;
}

int
spawn_wait(struct spawn *s)
{
	int piped = s->out.fd >= 0 || s->res.fd >= 0, st = -1, rc = 0;
	enum spawn_how stop;
	int early;

	if (!s->running)
		return -1;	/* never started, or reaped already */
	stop = spawn_read(s);
	early = s->out.fd >= 0 || s->res.fd >= 0;
	if (s->group && early)
		kill(-s->pid, SIGKILL);
	if (early || (s->group && piped))
		kill(s->pid, SIGKILL);	/* harmless when it has exited */
	while (waitpid(s->pid, &st, 0) < 0) {
		if (errno != EINTR) {
			rc = -1;
			break;
		}
	}
	if (s->group)
		kill(-s->pid, SIGKILL);	/* anything it left behind */
	spawn_drain(&s->out);
	spawn_drain(&s->res);
	spawn_ended(s, rc < 0 ? -1 : st, stop);
	return rc;
}

int
spawn_run(struct spawn *s)
{
	if (spawn_start(s) < 0)
		return -1;
	return spawn_wait(s);
}

struct spawn *
spawn_wait_any(struct spawn *const *v, size_t n,
    const volatile sig_atomic_t *stop)
{
	size_t i;
	pid_t pid;
	int st;

	for (i = 0; i < n && !v[i]->running; i++)
		;
	if (i == n)
		return NULL;	/* waitpid(-1) would wait for someone else's */
	for (;;) {
		if ((pid = waitpid(-1, &st, 0)) < 0) {
			if (errno == EINTR && (stop == NULL || !*stop))
				continue;
			return NULL;
		}
		for (i = 0; i < n; i++)
			if (v[i]->running && v[i]->pid == pid) {
				spawn_drain(&v[i]->out);
				spawn_drain(&v[i]->res);
				spawn_ended(v[i], st, SPAWN_EXITED);
				return v[i];
			}
	}
}
