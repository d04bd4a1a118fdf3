/*
 * cmd-record.c - vmalab record [-o FILE] [--layout legacy|topdown] --
 * PROG [ARGS...]: run a program, write its start state and every memory
 * call it makes as a scenario that vmalab run --check replays.
 *
 *   # vmalab record of ls /, 2026-12-07 12:00:00 UTC     the head: the same
 *   ...                                                  as vmalab snapshot,
 *   % brk          0x555555577000   # exact: ...         taken at the exec
 *   555555554000-555555558000 r--p 00000000 fe:00 1234   /usr/bin/ls
 *   ...
 *   brk(NULL)                               = 0x555555577000
 *   # /etc/ld.so.cache: 20377 bytes, on ext4 (statfs f_type 0xef53)
 *   mmap(NULL, 20377, PROT_READ, MAP_PRIVATE, 3</etc/ld.so.cache>, 0) = 0x7ffff7fc0000
 *   ...
 *   # ls exited with status 0; 31 memory calls recorded
 *
 * The ptrace side is record.c. Here: the options, the head, the file.
 * Nothing is half-written: the recording goes to a temporary file that
 * becomes FILE (rename) or is copied to standard output only when the
 * program has run to its end.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "record.h"
#include "trace/i18n.h"
#include "vmalab.h"

#define CAP_IPC_LOCK_BIT	14

static int	cmd_record_exec(const struct cmd_entry *, int, char **);

const struct cmd_entry cmd_record_entry = {
	.name = "record",
	.usage = "[-o FILE] [--layout legacy|topdown] -- PROG [ARGS]...",
	.summary = N_("run a program and record its memory calls as a scenario"),
	.help =
	    N_("Runs PROG under ptrace with address-space randomization off (as "
	    "setarch -R),\nstops it right after its execve and writes its "
	    "start state (as vmalab\nsnapshot, with the exact break), then "
	    "every memory call it makes (brk,\nmmap, munmap, mprotect, mremap, "
	    "madvise that changes VMAs, mlock...,\nsetrlimit, prlimit64) with "
	    "the kernel's result, in strace's syntax. Threads\nare followed; "
	    "a fork, a vfork or a second execve is refused.\n"
	    "\n"
	    "  -o, --output FILE  write the recording to FILE (default: "
	    "standard output,\n"
	    "                     after the program ends and after what it "
	    "wrote there)\n"
	    "  --layout L         topdown (default) or legacy (adds "
	    "ADDR_COMPAT_LAYOUT,\n"
	    "                     as setarch -R -L)\n"),
	.exec = cmd_record_exec,
};

struct cmd_record {
	char *const	*argv;		/* PROG ARGS... */
	const char	*out;		/* -o, or NULL */
	int		 legacy;
	FILE		*fp;		/* the temporary file */
	char		*tmp;		/* its name (-o) */
	char		 what[256];	/* "record of ls /" */
	char		 how[320];	/* the command line */
	unsigned long	 start_brk;
	int		 seen_brk;
	unsigned long	 ncalls;
};

/* ---- options ------------------------------------------------------------- */

static int
cmd_record_layout(const struct cmd_entry *cmd, struct cmd_record *c,
    const char *v)
{
	if (strcmp(v, "legacy") == 0)
		c->legacy = 1;
	else if (strcmp(v, "topdown") == 0)
		c->legacy = 0;
	else
		return vmalab_usage_error(cmd, "--layout: expected legacy or "
		    "topdown, found '%s'", v);
	return 0;
}

/* The value of an option: "--opt=V", "-oV", or the next argument. */
static const char *
cmd_record_value(int argc, char **argv, int *i, const char *inline_v)
{
	if (inline_v != NULL && *inline_v != '\0')
		return inline_v;
	if (*i + 1 < argc)
		return argv[++*i];
	return NULL;
}

/*
 * Options stop at "--" or at the first operand, PROG: what follows is
 * the program's, dashes and all. Returns 0, or a usage error.
 */
static int
cmd_record_parse(const struct cmd_entry *cmd, int argc, char **argv,
    struct cmd_record *c)
{
	const char *a, *v;
	int i;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (strcmp(a, "--") == 0 || a[0] != '-' || a[1] == '\0') {
			i += strcmp(a, "--") == 0;
			break;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			return -1;
		if (strncmp(a, "-o", 2) == 0 || strcmp(a, "--output") == 0 ||
		    strncmp(a, "--output=", 9) == 0) {
			v = cmd_record_value(argc, argv, &i, a[1] == 'o' ?
			    a + 2 : strchr(a, '=') ? strchr(a, '=') + 1 : NULL);
			if (v == NULL)
				return vmalab_usage_error(cmd, "option %s needs "
				    "a file name", a);
			c->out = v;
		} else if (strcmp(a, "--layout") == 0 ||
		    strncmp(a, "--layout=", 9) == 0) {
			v = cmd_record_value(argc, argv, &i, a[8] == '=' ?
			    a + 9 : NULL);
			if (v == NULL)
				return vmalab_usage_error(cmd, "option --layout "
				    "needs legacy or topdown");
			if (cmd_record_layout(cmd, c, v) != 0)
				return EXIT_USAGE;
		} else
			return vmalab_usage_error(cmd, "unknown option %s", a);
	}
	if (i >= argc)
		return vmalab_usage_error(cmd, "which program? (vmalab record "
		    "-- PROG [ARGS]...)");
	c->argv = argv + i;
	return 0;
}

/* ---- the head ------------------------------------------------------------ */

/* The words of argv, blank-separated, control bytes as '?', cut short. */
static void
cmd_record_join(char *buf, size_t len, char *const *argv)
{
	size_t n = 0;
	const char *s;

	buf[0] = '\0';
	for (; *argv != NULL && n + 1 < len; argv++) {
		if (n > 0)
			buf[n++] = ' ';
		for (s = *argv; *s != '\0' && n + 1 < len; s++)
			buf[n++] = (unsigned char)*s < 0x20 ? '?' : *s;
	}
	buf[n < len ? n : len - 1] = '\0';
}

/* A number from a /proc file ("%lu", or hex with "%lx"); 0 or -1. */
static int
cmd_record_proc(const char *path, const char *fmt, unsigned long *v)
{
	FILE *fp = fopen(path, "r");
	int ok;

	if (fp == NULL)
		return -1;
	ok = fscanf(fp, fmt, v) == 1;
	fclose(fp);
	return ok ? 0 : -1;
}

/* CAP_IPC_LOCK in the program's effective set (mlock past the limit). */
static int
cmd_record_cap_ipc_lock(pid_t pid)
{
	char path[64], line[256];
	unsigned long long caps;
	FILE *fp;
	int on = -1;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, fp) != NULL)
		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			on = (caps >> CAP_IPC_LOCK_BIT) & 1;
	fclose(fp);
	return on;
}

/*
 * The directives the head of a snapshot lacks and a recording knows:
 * the personality, the sysctls the model reads, CAP_IPC_LOCK.
 */
static void
cmd_record_directives(char *buf, size_t len, pid_t pid, unsigned long pers)
{
	unsigned long min_addr, max_count;
	size_t n;
	int cap;

	n = (size_t)snprintf(buf, len, "%% personality 0x%lx   # as "
	    "/proc/PID/personality shows it\n", pers);
	if (n < len && cmd_record_proc("/proc/sys/vm/mmap_min_addr", "%lu",
	    &min_addr) == 0)
		n += (size_t)snprintf(buf + n, len - n, "%% mmap_min_addr %lu"
		    "   # vm.mmap_min_addr\n", min_addr);
	if (n < len && cmd_record_proc("/proc/sys/vm/max_map_count", "%lu",
	    &max_count) == 0)
		n += (size_t)snprintf(buf + n, len - n, "%% max_map_count %lu"
		    "   # vm.max_map_count\n", max_count);
	if (n < len && (cap = cmd_record_cap_ipc_lock(pid)) >= 0)
		snprintf(buf + n, len - n, "%% cap_ipc_lock %s   # "
		    "CAP_IPC_LOCK in CapEff\n", cap ? "on" : "off");
}

/* Legacy by the personality we set, or by the vm.legacy_va_layout sysctl. */
static const char *
cmd_record_layout_why(unsigned long pers, int *legacy)
{
	unsigned long sysctl = 0;

	(void)cmd_record_proc("/proc/sys/vm/legacy_va_layout", "%lu", &sysctl);
	*legacy = (pers & ADDR_COMPAT_LAYOUT) != 0 || sysctl != 0;
	if (pers & ADDR_COMPAT_LAYOUT)
		return "personality ADDR_COMPAT_LAYOUT (--layout legacy, as "
		    "setarch -L)";
	if (sysctl != 0)
		return "vm.legacy_va_layout is set";
	return "the kernel's default: no ADDR_COMPAT_LAYOUT, "
	    "vm.legacy_va_layout 0";
}

static void
cmd_record_notes(char *buf, size_t len, pid_t pid, unsigned long pers)
{
	struct utsname u;

	if (uname(&u) != 0)
		snprintf(u.release, sizeof u.release, "(unknown)");
	snprintf(buf, len, "%% recorded_on %s %s %s\n"
	    "# from the exec of pid %d, randomization off (personality "
	    "0x%lx, as setarch -R)\n"
	    "# the calls as strace -y prints them; before a file mapping, "
	    "%% fs names the\n# file's filesystem (6.x aligns mappings of "
	    "2 MiB or more on some: replay a\n# recording from 6.13 or "
	    "later with --kernel 6.18) and a comment its size\n",
	    u.sysname, u.release, u.machine, (int)pid, pers);
}

/* At the exec stop: the head, from /proc/PID. */
static int
cmd_record_start(void *arg, pid_t pid)
{
	struct cmd_record *c = arg;
	struct cmd_snapshot_head h;
	struct cmd_snapshot *s;
	char path[64], notes[1024], directives[512];
	unsigned long pers = 0;
	int legacy;

	if ((s = cmd_snapshot_take((long)pid)) == NULL)
		return -1;
	snprintf(path, sizeof path, "/proc/%d/personality", (int)pid);
	(void)cmd_record_proc(path, "%lx", &pers);
	cmd_record_notes(notes, sizeof notes, pid, pers);
	cmd_record_directives(directives, sizeof directives, pid, pers);
	memset(&h, 0, sizeof h);
	h.what = c->what;
	h.how = c->how;
	h.notes = notes;
	h.layout_why = cmd_record_layout_why(pers, &legacy);
	h.layout = legacy ? "legacy" : "topdown";
	h.brk_exact = 1;
	h.directives = directives;
	cmd_snapshot_write(c->fp, s, &h);
	c->start_brk = cmd_snapshot_start_brk(s);
	cmd_snapshot_free(s);
	return 0;
}

/*
 * The first brk that returns something else than it asked for returns
 * the break it found: the head's, since nothing else moves the break.
 */
static void
cmd_record_check_brk(struct cmd_record *c, const struct record_call *rc)
{
	if (c->seen_brk || strcmp(rc->name, "brk") != 0)
		return;
	c->seen_brk = 1;
	if ((unsigned long)rc->result != rc->args[0] &&
	    (unsigned long)rc->result != c->start_brk)
		vmalab_error("record: warning: the first brk found the break "
		    "at 0x%lx, not at start_brk 0x%lx as the head says",
		    (unsigned long)rc->result, c->start_brk);
}

static int
cmd_record_call(void *arg, const struct record_call *rc)
{
	struct cmd_record *c = arg;

	cmd_record_check_brk(c, rc);
	record_print_call(c->fp, rc);
	c->ncalls++;
	return 0;
}

/* ---- the file ------------------------------------------------------------ */

/* The temporary file: beside FILE (for the rename), or anonymous. */
static int
cmd_record_open(struct cmd_record *c)
{
	mode_t mask;
	size_t n;
	int fd;

	if (c->out == NULL) {
		if ((c->fp = tmpfile()) == NULL) {
			vmalab_error("record: a temporary file: %s",
			    strerror(errno));
			return -1;
		}
		/* The program must not inherit it: its fds would shift. */
		(void)fcntl(fileno(c->fp), F_SETFD, FD_CLOEXEC);
		return 0;
	}
	n = strlen(c->out) + sizeof ".XXXXXX";
	if ((c->tmp = malloc(n)) == NULL) {
		vmalab_error("out of memory");
		return -1;
	}
	snprintf(c->tmp, n, "%s.XXXXXX", c->out);
	if ((fd = mkostemp(c->tmp, O_CLOEXEC)) < 0) {
		vmalab_error("record: cannot write %s: %s", c->tmp,
		    strerror(errno));
		free(c->tmp);
		c->tmp = NULL;
		return -1;
	}
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);	/* as fopen would make it */
	if ((c->fp = fdopen(fd, "w")) == NULL) {
		vmalab_error("record: %s: %s", c->tmp, strerror(errno));
		close(fd);
		return -1;
	}
	return 0;
}

/* The temporary file to standard output. */
static int
cmd_record_copy(FILE *fp)
{
	char buf[8192];
	size_t n;

	rewind(fp);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			break;
	return ferror(fp) ? -1 : 0;
}

/* Done: FILE or standard output gets it all, or nothing is left behind. */
static int
cmd_record_close(struct cmd_record *c, int ok)
{
	int rc = 0;

	if (ok && (fflush(c->fp) != 0 || ferror(c->fp))) {
		vmalab_error("record: write error: %s", strerror(errno));
		ok = 0;
	}
	if (ok && c->out == NULL && cmd_record_copy(c->fp) < 0) {
		vmalab_error("record: reading back the recording: %s",
		    strerror(errno));
		ok = 0;
	}
	if (c->fp != NULL && fclose(c->fp) != 0 && ok) {
		vmalab_error("record: write error: %s", strerror(errno));
		ok = 0;
	}
	if (c->tmp != NULL && ok && rename(c->tmp, c->out) != 0) {
		vmalab_error("record: cannot write %s: %s", c->out,
		    strerror(errno));
		ok = 0;
	}
	if (c->tmp != NULL && !ok)
		unlink(c->tmp);
	free(c->tmp);
	if (!ok)
		rc = -1;
	return rc;
}

/* "ls exited with status 0", "ls was killed by signal 11 (...)". */
static void
cmd_record_ended(char *buf, size_t len, const char *prog,
    const struct record_exit *ex)
{
	if (ex->exited)
		snprintf(buf, len, "%s exited with status %d", prog,
		    ex->status);
	else
		snprintf(buf, len, "%s was killed by signal %d (%s)", prog,
		    ex->signal, strsignal(ex->signal));
}

static int
cmd_record_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	static const struct record_hooks hooks = {
		.start = cmd_record_start,
		.call = cmd_record_call,
	};
	struct record_opts o;
	struct record_exit ex;
	struct cmd_record c;
	char err[RECORD_ERRLEN], ended[300], words[200];
	int rc;

	memset(&c, 0, sizeof c);
	if ((rc = cmd_record_parse(cmd, argc, argv, &c)) != 0)
		return rc < 0 ? vmalab_cmd_help(cmd, stdout) : rc;
	cmd_record_join(words, sizeof words, c.argv);
	snprintf(c.what, sizeof c.what, "record of %s", words);
	snprintf(c.how, sizeof c.how, "vmalab record%s -- %s",
	    c.legacy ? " --layout legacy" : "", words);
	if (cmd_record_open(&c) < 0)
		return EXIT_INPUT;
	o.argv = c.argv;
	o.legacy = c.legacy;
	rc = record_run(&o, &hooks, &c, &ex, err, sizeof err);
	if (rc < 0) {
		if (err[0] != '\0')
			vmalab_error("record: %s", err);
		cmd_record_close(&c, 0);
		return EXIT_INPUT;
	}
	cmd_record_ended(ended, sizeof ended, c.argv[0], &ex);
	fprintf(c.fp, "# %s; %lu memory calls recorded\n", ended, c.ncalls);
	if (cmd_record_close(&c, 1) < 0)
		return EXIT_INPUT;
	if (c.out != NULL)
		vmalab_error("record: %s; %lu memory calls recorded in %s",
		    ended, c.ncalls, c.out);
	else
		vmalab_error("record: %s; %lu memory calls recorded", ended,
		    c.ncalls);
	return 0;
}
