/*
 * cmd-snapshot.c - vmalab snapshot PID: the start of a scenario, taken
 * from a live process.
 *
 * From /proc/PID/maps come the mappings, from /proc/PID/stat the mm
 * fields (start_code ... start_brk), from /proc/PID/limits the rlimits
 * the model reads. The break itself is not in /proc: the end of [heap] is
 * the best guess (the real break may sit anywhere in its last page).
 * Append the program's strace output to the result and replay it:
 *
 *   vmalab snapshot $$ > my.scn && strace ... 2>> my.scn && vmalab run my.scn
 *
 * vmalab record writes the same header (cmd_snapshot_take and
 * cmd_snapshot_write) at the exec of the program it records, where the
 * break is known exactly.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "trace/i18n.h"
#include "vmalab.h"

static int	cmd_snapshot_exec(const struct cmd_entry *, int, char **);

const struct cmd_entry cmd_snapshot_entry = {
	.name = "snapshot",
	.usage = "PID",
	.summary = N_("write a scenario header from a live process"),
	.help =
	    N_("Reads /proc/PID/maps, /proc/PID/stat and /proc/PID/limits and "
	    "writes the\ndirectives and maps lines of a scenario to standard "
	    "output. The layout is\nguessed from where the mappings sit; the "
	    "break is taken as the end of\n[heap] (the exact break is not "
	    "visible in /proc). The date in the\nheader comment honours "
	    "SOURCE_DATE_EPOCH.\n"),
	.exec = cmd_snapshot_exec,
};

/* The rlimits the model reads, as /proc/PID/limits names them. */
static const struct {
	const char	*label;
	const char	*name;
} cmd_snapshot_limits[] = {
	{ "Max data size", "RLIMIT_DATA" },
	{ "Max stack size", "RLIMIT_STACK" },
	{ "Max locked memory", "RLIMIT_MEMLOCK" },
	{ "Max address space", "RLIMIT_AS" },
};

#define NLIMITS (sizeof cmd_snapshot_limits / sizeof cmd_snapshot_limits[0])

struct cmd_snapshot {
	long		 pid;
	char		 path[64];
	struct scen_map	*maps;
	size_t		 nmaps;
	struct proc_stat stat;
	char		 lim[NLIMITS][2][32];	/* soft, hard; "" unknown */
	char		 cmdline[256];
};

static FILE *
cmd_snapshot_open(struct cmd_snapshot *s, const char *what)
{
	FILE *fp;

	snprintf(s->path, sizeof s->path, "/proc/%ld/%s", s->pid, what);
	if ((fp = fopen(s->path, "r")) == NULL)
		vmalab_error("%s: %s", s->path, strerror(errno));
	return fp;
}

/* /proc/PID/limits: "Max stack size    8388608    unlimited    bytes". */
static void
cmd_snapshot_read_limits(struct cmd_snapshot *s, FILE *fp)
{
	char line[256], soft[32], hard[32];
	size_t i, n;

	while (fgets(line, sizeof line, fp) != NULL) {
		for (i = 0; i < NLIMITS; i++) {
			n = strlen(cmd_snapshot_limits[i].label);
			if (strncmp(line, cmd_snapshot_limits[i].label, n) != 0 ||
			    line[n] != ' ')
				continue;
			if (sscanf(line + n, "%31s %31s", soft, hard) == 2) {
				strcpy(s->lim[i][0], soft);
				strcpy(s->lim[i][1], hard);
			}
		}
	}
}

/* /proc/PID/cmdline, NULs as spaces, unprintable bytes as '?'. */
static void
cmd_snapshot_read_cmdline(struct cmd_snapshot *s, FILE *fp)
{
	size_t n, i;

	n = fread(s->cmdline, 1, sizeof s->cmdline - 1, fp);
	while (n > 0 && s->cmdline[n - 1] == '\0')
		n--;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s->cmdline[i];

		if (c == '\0')
			s->cmdline[i] = ' ';
		else if (c < 0x20 || c == 0x7f)
			s->cmdline[i] = '?';
	}
	s->cmdline[n] = '\0';
}

static int
cmd_snapshot_read(struct cmd_snapshot *s)
{
	char err[RUN_ERRLEN];
	FILE *fp;
	int rc;

	if ((fp = cmd_snapshot_open(s, "maps")) == NULL)
		return -1;
	rc = procfs_parse_maps(fp, s->path, &s->maps, &s->nmaps, err,
	    sizeof err);
	fclose(fp);
	if (rc < 0) {
		vmalab_error("%s", err);
		return -1;
	}
	if ((fp = cmd_snapshot_open(s, "stat")) == NULL)
		return -1;
	rc = procfs_parse_stat(fp, s->path, &s->stat, err, sizeof err);
	fclose(fp);
	if (rc < 0) {
		vmalab_error("%s", err);
		return -1;
	}
	if ((fp = cmd_snapshot_open(s, "limits")) == NULL)
		return -1;
	cmd_snapshot_read_limits(s, fp);
	fclose(fp);
	snprintf(s->path, sizeof s->path, "/proc/%ld/cmdline", s->pid);
	if ((fp = fopen(s->path, "r")) != NULL) {
		cmd_snapshot_read_cmdline(s, fp);
		fclose(fp);
	}
	return 0;
}

/*
 * Top-down puts the libraries just under the stack (0x7f...), legacy
 * puts them from TASK_UNMAPPED_BASE up (0x2aaa...). Count the mappings
 * other than the program, the heap and the kernel's in each region.
 */
static const char *
cmd_snapshot_layout(const struct cmd_snapshot *s)
{
	size_t i, low = 0, high = 0;
	const struct scen_map *m;

	for (i = 0; i < s->nmaps; i++) {
		m = &s->maps[i];
		if (m->path != NULL && m->path[0] == '[')
			continue;
		if (m->start >= 0x2aaaaaaab000UL && m->start < 0x400000000000UL)
			low++;
		else if (m->start >= 0x700000000000UL &&
		    m->start < 0x800000000000UL)
			high++;
	}
	return low > high ? "legacy" : "topdown";
}

/* The arch directive for a host that is not x86_64, or NULL. */
static const char *
cmd_snapshot_arch(void)
{
	struct utsname u;

	if (uname(&u) != 0)
		return NULL;
	if (strcmp(u.machine, "aarch64") == 0)
		return "arm64";
	if (strncmp(u.machine, "arm", 3) == 0)
		return "arm";
	if (u.machine[0] == 'i' && strcmp(u.machine + 2, "86") == 0)
		return "i386";
	return NULL;
}

static void
cmd_snapshot_date(char *buf, size_t len)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	unsigned long long v;
	time_t t = time(NULL);
	struct tm tm;

	if (sde != NULL && vmalab_parse_ulong(sde, &v) == 0)
		t = (time_t)v;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, len, "(unknown date)");
}

static const struct scen_map *
cmd_snapshot_heap(const struct cmd_snapshot *s)
{
	size_t i;

	for (i = 0; i < s->nmaps; i++)
		if (s->maps[i].path != NULL &&
		    strcmp(s->maps[i].path, "[heap]") == 0)
			return &s->maps[i];
	return NULL;
}

/* Our own pid, resolved now so that the header names a number. */
static long
cmd_snapshot_self(void)
{
	FILE *fp = fopen("/proc/self/stat", "r");
	long pid;

	if (fp == NULL || fscanf(fp, "%ld", &pid) != 1)
		pid = 0;
	if (fp != NULL)
		fclose(fp);
	return pid;
}

static void
cmd_snapshot_field(FILE *fp, const char *name, unsigned long v,
    const char *comment)
{
	if (v == 0)
		return;
	fprintf(fp, "%% %-12s 0x%lx", name, v);
	if (comment != NULL)
		fprintf(fp, "   # %s", comment);
	fputc('\n', fp);
}

/* The break: exact at an exec, else the best guess /proc allows. */
static void
cmd_snapshot_write_brk(FILE *fp, const struct cmd_snapshot *s,
    const struct cmd_snapshot_head *h)
{
	const struct proc_stat *st = &s->stat;
	const struct scen_map *heap = cmd_snapshot_heap(s);

	if (h->brk_exact)
		cmd_snapshot_field(fp, "brk", st->start_brk, "exact: an exec "
		    "sets the break to start_brk, and nothing ran since");
	else if (heap != NULL && heap->end >= st->start_brk)
		cmd_snapshot_field(fp, "brk", heap->end, "the end of [heap]: "
		    "the exact break is not visible in /proc");
	else
		cmd_snapshot_field(fp, "brk", st->start_brk, "no [heap] yet: "
		    "the break is still at start_brk");
}

void
cmd_snapshot_write(FILE *fp, const struct cmd_snapshot *s,
    const struct cmd_snapshot_head *h)
{
	const struct proc_stat *st = &s->stat;
	const struct scen_map *m;
	const char *arch = cmd_snapshot_arch();
	char date[64];
	size_t i;

	cmd_snapshot_date(date, sizeof date);
	fprintf(fp, "# vmalab %s, %s\n", h->what, date);
	fprintf(fp, "# taken with: %s\n", h->how);
	fprintf(fp, "# its command line: %s\n", s->cmdline[0] != '\0' ?
	    s->cmdline : "(unknown)");
	if (h->notes != NULL)
		fputs(h->notes, fp);
	fprintf(fp, "%% title %s\n", h->what);
	if (arch != NULL)
		fprintf(fp, "%% arch %s\n", arch);
	if (h->layout != NULL)
		fprintf(fp, "%% layout %s   # %s\n", h->layout, h->layout_why);
	else
		fprintf(fp, "%% layout %s   # guessed from where the mappings "
		    "sit\n", cmd_snapshot_layout(s));
	for (i = 0; i < NLIMITS; i++)
		if (s->lim[i][0][0] != '\0')
			fprintf(fp, "%% rlimit %-14s %s %s\n",
			    cmd_snapshot_limits[i].name, s->lim[i][0],
			    s->lim[i][1]);
	cmd_snapshot_field(fp, "start_code", st->start_code, NULL);
	cmd_snapshot_field(fp, "end_code", st->end_code, NULL);
	cmd_snapshot_field(fp, "start_data", st->start_data, NULL);
	cmd_snapshot_field(fp, "end_data", st->end_data, NULL);
	cmd_snapshot_field(fp, "start_stack", st->start_stack, NULL);
	cmd_snapshot_field(fp, "start_brk", st->start_brk, NULL);
	cmd_snapshot_write_brk(fp, s, h);
	if (h->directives != NULL)
		fputs(h->directives, fp);
	for (i = 0; i < s->nmaps; i++) {
		m = &s->maps[i];
		cmd_maps_print_line(fp, m->start, m->end, m->vm_flags,
		    (unsigned long long)m->pgoff << PAGE_SHIFT, m->dev_major,
		    m->dev_minor, m->inode, m->path);
	}
}

struct cmd_snapshot *
cmd_snapshot_take(long pid)
{
	struct cmd_snapshot *s;

	if ((s = calloc(1, sizeof *s)) == NULL) {
		vmalab_error("out of memory");
		return NULL;
	}
	s->pid = pid;
	if (cmd_snapshot_read(s) < 0) {
		cmd_snapshot_free(s);
		return NULL;
	}
	return s;
}

unsigned long
cmd_snapshot_start_brk(const struct cmd_snapshot *s)
{
	return s->stat.start_brk;
}

void
cmd_snapshot_free(struct cmd_snapshot *s)
{
	if (s == NULL)
		return;
	procfs_free_maps(s->maps, s->nmaps);
	free(s);
}

static int
cmd_snapshot_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	struct cmd_snapshot_head h;
	struct cmd_snapshot *s;
	unsigned long long v;
	const char *arg = NULL;
	struct vmalab_getopt g;
	char what[64], how[64];
	long pid;
	int id;

	vmalab_getopt_init(&g, cmd, argc, argv);
	while ((id = vmalab_getopt_next(&g)) != VMALAB_OPT_END) {
		if (id == VMALAB_OPT_HELP)
			return vmalab_cmd_help(cmd, stdout);
		if (id == VMALAB_OPT_ERROR)
			return EXIT_USAGE;
		if (arg != NULL)
			return vmalab_usage_error(cmd, "only one PID, please");
		arg = g.arg;
	}
	if (arg == NULL)
		return vmalab_usage_error(cmd, "which process? (a PID, or "
		    "self)");
	if (strcmp(arg, "self") == 0)
		pid = cmd_snapshot_self();
	else if (vmalab_parse_ulong(arg, &v) != 0 || v == 0 ||
	    v > 0x7fffffff)
		return vmalab_usage_error(cmd, "expected a process id, found "
		    "'%s'", arg);
	else
		pid = (long)v;
	if ((s = cmd_snapshot_take(pid)) == NULL)
		return EXIT_INPUT;
	snprintf(what, sizeof what, "snapshot of process %ld", pid);
	snprintf(how, sizeof how, "vmalab snapshot %s", arg);
	memset(&h, 0, sizeof h);
	h.what = what;
	h.how = how;
	h.notes = "# Append the system calls to replay (strace output) "
	    "below the maps lines.\n";
	cmd_snapshot_write(stdout, s, &h);
	cmd_snapshot_free(s);
	return 0;
}
