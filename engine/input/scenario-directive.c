/*
 * scenario-directive.c - "% name args": the start state of a scenario,
 * what strace cannot show.
 *
 *   % layout legacy                the mmap layout (legacy or topdown)
 *   % arch arm                     an architecture profile of arch.c
 *   % rlimit DATA 8M unlimited     a resource limit, soft and hard
 *   % brk 555555579000             an mm field (start_brk, mmap_base, ...)
 *   % title The heap grows         a title for the run
 *   % kernel 6.18                  the kernel profile (4.14 or 6.18)
 *   % fs ext4 </usr/lib/libc.so.6> a file's filesystem (6.x aligns on some)
 *   % recorded_on Linux 6.18.4 x86_64   the kernel a recording came from
 *
 * scen_dir_table lists them all, each with its usage (the message when
 * its arguments are wrong), its word counts and its parser. A "# comment"
 * after a blank is cut first.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "trace/i18n.h"
#include "scenario-int.h"
#include "kernel/mm.h"
#include "kernel/vm.h"

struct scen_directive;
typedef int (*scen_dir_fn)(struct scen_parser *,
    const struct scen_directive *, char **w, int nw, char *raw);

/* One "% name ..." directive: w holds nw words, raw the whole text. */
struct scen_directive {
	const char	*name;
	const char	*usage;		/* shown when the arguments are wrong */
	int		 minargs, maxargs;	/* words; maxargs -1: free text */
	scen_dir_fn	 parse;
	unsigned	 flag;		/* SCEN_F_* of an mm field */
	size_t		 offset;	/* the field in struct scenario */
};

/* A number for a directive: hex ("0x" optional) or 0x-hex/decimal. */
static int
scen_dir_num(struct scen_parser *p, const struct scen_directive *d,
    const char *w, int hex, unsigned long *out)
{
	int rc = hex ? scen_lex_hexnum(w, strlen(w), out) :
	    scen_lex_number(w, strlen(w), out);

	if (rc == NUM_BAD)
		return scen_fail(p, "expected %s for %% %s, found '%.*s'",
		    hex ? _("a hex address") : _("a number"), d->name,
		    scen_lex_show(strlen(w)), w);
	if (rc == NUM_RANGE)
		return scen_fail(p, "the value of %% %s is out of range "
		    "(more than 64 bits)", d->name);
	return 0;
}

static int
scen_dir_layout(struct scen_parser *p, const struct scen_directive *d, char **w,
    int nw, char *raw)
{
	(void)d, (void)nw, (void)raw;
	if (strcmp(w[0], "legacy") == 0)
		p->sc->layout = LAYOUT_LEGACY;
	else if (strcmp(w[0], "topdown") == 0)
		p->sc->layout = LAYOUT_TOPDOWN;
	else
		return scen_fail(p, "unknown layout '%.*s'; expected legacy "
		    "or topdown", scen_lex_show(strlen(w[0])), w[0]);
	return 0;
}

/* The architectures "% arch" accepts (the profiles of arch.c). */
static const char *const scen_dir_arch_names[] = {
	"x86_64", "i386", "arm", "arm64",
};

static int
scen_dir_arch(struct scen_parser *p, const struct scen_directive *d, char **w,
    int nw, char *raw)
{
	size_t i;

	(void)d, (void)nw, (void)raw;
	for (i = 0; i < NELEM(scen_dir_arch_names); i++)
		if (strcmp(w[0], scen_dir_arch_names[i]) == 0)
			break;
	if (i == NELEM(scen_dir_arch_names))
		return scen_fail(p, "unknown architecture '%.*s'; expected "
		    "x86_64, i386, arm or arm64", scen_lex_show(strlen(w[0])),
		    w[0]);
	free(p->sc->arch);
	p->sc->arch = scen_strndup(p, w[0], strlen(w[0]));
	return p->sc->arch == NULL ? -1 : 0;
}

static int
scen_dir_aslr(struct scen_parser *p, const struct scen_directive *d, char **w,
    int nw, char *raw)
{
	unsigned long v;

	(void)nw, (void)raw;
	if (scen_dir_num(p, d, w[0], 0, &v) < 0)
		return -1;
	p->sc->has_aslr = 1;
	p->sc->aslr_seed = v;
	return 0;
}

static int
scen_dir_limit(struct scen_parser *p, const char *w, unsigned long *out)
{
	int rc = scen_lex_limit(w, strlen(w), 1, out);

	if (rc == NUM_BAD)
		return scen_fail(p, "expected a number (with K, M or G) or "
		    "unlimited for %% rlimit, found '%.*s'",
		    scen_lex_show(strlen(w)), w);
	if (rc == NUM_RANGE)
		return scen_fail(p, "the value of %% rlimit is out of range "
		    "(more than 64 bits)");
	return 0;
}

/* % rlimit NAME CUR [MAX]; MAX defaults to unlimited. */
static int
scen_dir_rlimit(struct scen_parser *p, const struct scen_directive *d, char **w,
    int nw, char *raw)
{
	unsigned long cur, max = RLIM_INFINITY;
	int id = scenario_rlimit_id(w[0]);

	(void)d, (void)raw;
	if (id < 0)
		return scen_fail(p, "unknown resource limit '%.*s'",
		    scen_lex_show(strlen(w[0])), w[0]);
	if (scen_dir_limit(p, w[1], &cur) < 0 ||
	    (nw > 2 && scen_dir_limit(p, w[2], &max) < 0))
		return -1;
	if (cur > max)
		return scen_fail(p, "the soft limit of %s is above its hard "
		    "limit", scenario_rlimit_name(id));
	p->sc->rlim_set[id] = 1;
	p->sc->rlim_cur[id] = cur;
	p->sc->rlim_max[id] = max;
	return 0;
}

/* % brk, % start_brk, ... % mmap_base: an address into sc->mm. */
static int
scen_dir_mmfield(struct scen_parser *p, const struct scen_directive *d,
    char **w, int nw, char *raw)
{
	unsigned long v;

	(void)nw, (void)raw;
	if (scen_dir_num(p, d, w[0], 1, &v) < 0)
		return -1;
	memcpy((char *)p->sc + d->offset, &v, sizeof v);
	p->sc->mm.set |= d->flag;
	return 0;
}

static int
scen_dir_def_flags(struct scen_parser *p, const struct scen_directive *d,
    char **w, int nw, char *raw)
{
	(void)nw, (void)raw;
	if (strcmp(w[0], "locked") == 0 || strcmp(w[0], "VM_LOCKED") == 0)
		p->sc->mm.def_flags = VM_LOCKED;
	else if (strcmp(w[0], "0") == 0)
		p->sc->mm.def_flags = 0;
	else
		return scen_fail(p, "expected '%% %s'", d->usage);
	p->sc->mm.set |= SCEN_F_DEF_FLAGS;
	return 0;
}

static int
scen_dir_personality(struct scen_parser *p, const struct scen_directive *d,
    char **w, int nw, char *raw)
{
	(void)nw, (void)raw;
	if (scen_dir_num(p, d, w[0], 1, &p->sc->personality) < 0)
		return -1;
	p->sc->personality_set = 1;
	return 0;
}

static int
scen_dir_max_map_count(struct scen_parser *p, const struct scen_directive *d,
    char **w, int nw, char *raw)
{
	unsigned long v;

	(void)nw, (void)raw;
	if (scen_dir_num(p, d, w[0], 0, &v) < 0)
		return -1;
	if (v < 1 || v > INT_MAX)
		return scen_fail(p, "%% max_map_count must be between 1 and "
		    "%d", INT_MAX);
	p->sc->max_map_count = (int)v;
	return 0;
}

static int
scen_dir_mmap_min_addr(struct scen_parser *p, const struct scen_directive *d,
    char **w, int nw, char *raw)
{
	(void)nw, (void)raw;
	if (scen_dir_num(p, d, w[0], 0, &p->sc->mmap_min_addr) < 0)
		return -1;
	p->sc->mmap_min_addr_set = 1;
	return 0;
}

/* % aliasing on|off, % cap_ipc_lock on|off: an int in struct scenario. */
static int
scen_dir_onoff(struct scen_parser *p, const struct scen_directive *d, char **w,
    int nw, char *raw)
{
	int v;

	(void)nw, (void)raw;
	if (strcmp(w[0], "on") == 0)
		v = 1;
	else if (strcmp(w[0], "off") == 0)
		v = 0;
	else
		return scen_fail(p, "expected '%% %s'", d->usage);
	memcpy((char *)p->sc + d->offset, &v, sizeof v);
	return 0;
}

static int
scen_dir_title(struct scen_parser *p, const struct scen_directive *d, char **w,
    int nw, char *raw)
{
	(void)d, (void)w, (void)nw;
	free(p->sc->title);
	p->sc->title = scen_strndup(p, raw, strlen(raw));
	return p->sc->title == NULL ? -1 : 0;
}

/* % kernel 4.14|6.18: the profile; --kernel beats it. */
static int
scen_dir_kernel(struct scen_parser *p, const struct scen_directive *d,
    char **w, int nw, char *raw)
{
	(void)d, (void)nw, (void)raw;
	if (strcmp(w[0], "4.14") == 0)
		p->sc->kernel = KERNEL_4_14;
	else if (strcmp(w[0], "6.18") == 0)
		p->sc->kernel = KERNEL_6_18;
	else
		return scen_fail(p, "unknown kernel '%.*s'; expected 4.14 or "
		    "6.18", scen_lex_show(strlen(w[0])), w[0]);
	return 0;
}

/* % recorded_on TEXT: where a recording came from ("Linux 6.18.4 ..."). */
static int
scen_dir_recorded_on(struct scen_parser *p, const struct scen_directive *d,
    char **w, int nw, char *raw)
{
	(void)d, (void)w, (void)nw;
	free(p->sc->recorded_on);
	p->sc->recorded_on = scen_strndup(p, raw, strlen(raw));
	return p->sc->recorded_on == NULL ? -1 : 0;
}

/*
 * % fs FSNAME <PATH>: PATH as strace -y writes a file (">" and "\\"
 * escaped), so that it is the very name of the calls' "3</PATH>".
 */
static int
scen_dir_fs(struct scen_parser *p, const struct scen_directive *d, char **w,
    int nw, char *raw)
{
	struct scen_fs *fs;
	size_t n = strcspn(raw, " \t"), len, e;
	char *path = scen_lex_ws(raw + n);

	(void)w, (void)nw;
	len = strlen(path);
	if (n == 0 || *path != '<' ||
	    (e = scen_lex_skip_quoted(path, len, 1, '>')) != len || len < 3)
		return scen_fail(p, "expected '%% %s'", d->usage);
	fs = realloc(p->sc->fs, (p->sc->nfs + 1) * sizeof *fs);
	if (fs == NULL)
		return scen_fail(p, "out of memory");
	p->sc->fs = fs;
	fs += p->sc->nfs;
	fs->fs = scen_strndup(p, raw, n);
	fs->path = scen_arg_unescape(p, path + 1, len - 2, "file name");
	if (fs->fs == NULL || fs->path == NULL) {
		free(fs->fs);
		free(fs->path);
		return -1;
	}
	p->sc->nfs++;
	return 0;
}

#define MMFIELD(n, f, fl) { .name = n, .usage = n " ADDR", .minargs = 1, \
	.maxargs = 1, .parse = scen_dir_mmfield, .flag = fl, \
	.offset = offsetof(struct scenario, mm.f) }

static const struct scen_directive scen_dir_table[] = {
	{ .name = "layout", .usage = "layout legacy|topdown", .minargs = 1,
	  .maxargs = 1, .parse = scen_dir_layout },
	{ .name = "arch", .usage = "arch x86_64|i386|arm|arm64", .minargs = 1,
	  .maxargs = 1, .parse = scen_dir_arch },
	{ .name = "aslr", .usage = "aslr SEED", .minargs = 1, .maxargs = 1,
	  .parse = scen_dir_aslr },
	{ .name = "rlimit", .usage = "rlimit NAME CUR [MAX]", .minargs = 2,
	  .maxargs = 3, .parse = scen_dir_rlimit },
	MMFIELD("brk", brk, SCEN_F_BRK),
	MMFIELD("start_brk", start_brk, SCEN_F_START_BRK),
	MMFIELD("start_data", start_data, SCEN_F_START_DATA),
	MMFIELD("end_data", end_data, SCEN_F_END_DATA),
	MMFIELD("start_code", start_code, SCEN_F_START_CODE),
	MMFIELD("end_code", end_code, SCEN_F_END_CODE),
	MMFIELD("start_stack", start_stack, SCEN_F_START_STACK),
	MMFIELD("mmap_base", mmap_base, SCEN_F_MMAP_BASE),
	{ .name = "def_flags", .usage = "def_flags locked|0", .minargs = 1,
	  .maxargs = 1, .parse = scen_dir_def_flags },
	{ .name = "personality", .usage = "personality HEX", .minargs = 1,
	  .maxargs = 1, .parse = scen_dir_personality },
	{ .name = "max_map_count", .usage = "max_map_count N", .minargs = 1,
	  .maxargs = 1, .parse = scen_dir_max_map_count },
	{ .name = "mmap_min_addr", .usage = "mmap_min_addr N", .minargs = 1,
	  .maxargs = 1, .parse = scen_dir_mmap_min_addr },
	{ .name = "aliasing", .usage = "aliasing on|off", .minargs = 1,
	  .maxargs = 1, .parse = scen_dir_onoff,
	  .offset = offsetof(struct scenario, aliasing) },
	{ .name = "cap_ipc_lock", .usage = "cap_ipc_lock on|off",
	  .minargs = 1, .maxargs = 1, .parse = scen_dir_onoff,
	  .offset = offsetof(struct scenario, cap_ipc_lock) },
	{ .name = "title", .usage = "title TEXT", .minargs = 1, .maxargs = -1,
	  .parse = scen_dir_title },
	{ .name = "kernel", .usage = "kernel 4.14|6.18", .minargs = 1,
	  .maxargs = 1, .parse = scen_dir_kernel },
	{ .name = "fs", .usage = "fs FSNAME <PATH>", .minargs = 1,
	  .maxargs = -1, .parse = scen_dir_fs },
	{ .name = "recorded_on", .usage = "recorded_on TEXT", .minargs = 1,
	  .maxargs = -1, .parse = scen_dir_recorded_on },
};

static const struct scen_directive *
scen_dir_find(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(scen_dir_table); i++)
		if (strcmp(scen_dir_table[i].name, name) == 0)
			return &scen_dir_table[i];
	return NULL;
}

/* Splits s in place at blanks; returns the count (max + 1: too many). */
static int
scen_dir_words(char *s, char **w, int max)
{
	int n = 0;

	for (;;) {
		s = scen_lex_ws(s);
		if (*s == '\0')
			return n;
		if (n == max)
			return max + 1;
		w[n++] = s;
		while (*s != '\0' && !scen_lex_space(*s))
			s++;
		if (*s != '\0')
			*s++ = '\0';
	}
}

/* "% name args": the start state. A "# comment" after a blank is cut. */
int
scen_dir_parse(struct scen_parser *p, char *s)
{
	const struct scen_directive *d;
	char *name, *raw, *w[4];
	int nw;

	scen_lex_cut_comment(s);
	name = scen_lex_ws(s);
	raw = name + strcspn(name, " \t\v\f\r");
	if (*raw != '\0')
		*raw++ = '\0';
	raw = scen_lex_ws(raw);
	if (*name == '\0')
		return scen_fail(p, "expected a directive name after '%%'");
	if ((d = scen_dir_find(name)) == NULL)
		return scen_fail(p, "unknown directive '%% %.*s'",
		    scen_lex_show(strlen(name)), name);
	if (d->maxargs < 0)
		nw = *raw != '\0';
	else
		nw = scen_dir_words(raw, w, d->maxargs);
	if (nw < d->minargs || (d->maxargs >= 0 && nw > d->maxargs))
		return scen_fail(p, "expected '%% %s'", d->usage);
	return d->parse(p, d, w, nw, raw);
}
