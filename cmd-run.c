/*
 * cmd-run.c - vmalab run: replay a scenario, one strace line per call.
 *
 *   vmalab run [--maps FILE] [--stat FILE] [--brk ADDR]
 *              [--layout legacy|topdown] [--mmap-base ADDR] [--arch NAME]
 *              [--kernel 4.14|6.18]
 *              [--aslr SEED] [--trace text|jsonl] [--trace-file FILE]
 *              [--check] [SCENARIO|-]
 *
 * Output, in input order: for each system call the line as strace prints
 * it with the engine's result, or "# skipped: NOTE" for a call the engine
 * does not model. Under an allocator call (malloc, free, realloc ...),
 * the brk, mmap, munmap and mremap it made, indented, as ltrace -S shows
 * them. With --trace, the events of each call come just before
 * its line; with --trace-file, they go to that file instead (written as
 * FILE.tmp and renamed at the end, so a failed run leaves no file). A JSON
 * Lines trace on stdout turns the result lines into JSON objects too
 * ({"kind":"result",...}), so that stdout stays one object per line.
 *
 * The loading of the inputs (scenario, --maps, --stat) is shared with
 * vmalab maps.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malloc/malloc.h"
#include "trace/i18n.h"
#include "vmalab.h"

static int	cmd_run_exec(const struct cmd_entry *, int, char **);

/* The start state: run's, and that of every command that replays (maps,
 * step, dot), which include this table. */
const struct vmalab_opt cmd_run_start_opts[] = {
	{ "maps", CMD_RUN_OPT_MAPS, "FILE",
	    N_("start from a /proc/PID/maps file"), NULL },
	{ "stat", CMD_RUN_OPT_STAT, "FILE",
	    N_("take start_code ... start_brk from a /proc/PID/stat file"), NULL },
	{ "brk", CMD_RUN_OPT_BRK, "ADDR",
	    N_("the current break (hex, 0x optional)"), NULL },
	{ "layout", CMD_RUN_OPT_LAYOUT, "L",
	    N_("legacy (bottom-up) or topdown"), NULL },
	{ "mmap-base", CMD_RUN_OPT_MMAP_BASE, "ADDR",
	    N_("override mmap_base after the layout is chosen"), NULL },
	{ "arch", CMD_RUN_OPT_ARCH, "NAME",
	    N_("x86_64 (default), i386, arm or arm64"), NULL },
	{ "aslr", CMD_RUN_OPT_ASLR, "SEED",
	    N_("seeded, reproducible randomization (0: off)"), NULL },
	{ "kernel", CMD_RUN_OPT_KERNEL, "V",
	    N_("4.14 (default) or 6.18: whose placement (6.18 aligns\n"
	    "mappings of 2 MiB or more for huge pages)"), NULL },
	{ NULL, 0, NULL, NULL, NULL }
};

static const struct vmalab_opt cmd_run_opts[] = {
	{ NULL, 0, NULL, N_("Start state (an option beats a directive of the "
	    "scenario):"), cmd_run_start_opts },
	{ NULL, 0, NULL, N_("Output:"), NULL },
	{ "trace", CMD_RUN_OPT_TRACE, "FORMAT",
	    N_("the engine's events, text or jsonl, before each result"), NULL },
	{ "trace-file", CMD_RUN_OPT_TRACE_FILE, "FILE",
	    N_("write the trace to FILE instead of stdout"), NULL },
	{ "check", CMD_RUN_OPT_CHECK, NULL,
	    N_("compare with the results in the scenario; the first\n"
	    "mismatch is reported with its decision path"), NULL },
	{ NULL, 0, NULL, N_("Under an allocator call (malloc, free, realloc "
	    "...), the brk, mmap,\nmunmap and mremap it made, indented, as "
	    "ltrace -S shows them."), NULL },
	/* xgettext:no-c-format */
	{ NULL, 0, NULL, N_("SCENARIO is a file, or - for standard input; with "
	    "none, the built-in\nscenario lecture1 (see vmalab "
	    "scenario), or, when --maps, --stat or --brk\nis given, that "
	    "start state alone, with no calls. A scenario without a\nstart "
	    "state (maps lines, % start_brk and the like, or those options)\n"
	    "replays in a made-up process: a raw strace log's results will not "
	    "match,\nand vmalab says so. Record one with vmalab record -- "
	    "PROG."), NULL },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.usage = "[--maps FILE] [--stat FILE] [--brk ADDR] "
	    "[--layout legacy|topdown]\n"
	    "                  [--mmap-base ADDR] [--arch NAME] [--aslr SEED]\n"
	    "                  [--kernel 4.14|6.18] [--trace text|jsonl] "
	    "[--trace-file FILE]\n"
	    "                  [--check] [SCENARIO|-]",
	.summary = N_("replay a scenario, one strace line per system call"),
	.opts = cmd_run_opts,
	.opts_col = 21,
	.exec = cmd_run_exec,
};

static int
cmd_run_addr_opt(const struct cmd_entry *cmd, const char *opt,
    const char *arg, unsigned long *out)
{
	switch (vmalab_parse_addr(arg, out)) {
	case -1:
		return vmalab_usage_error(cmd, "--%s: expected a hex address, "
		    "found '%s'", opt, arg);
	case -2:
		return vmalab_usage_error(cmd, "--%s: %s is out of range "
		    "(more than 64 bits)", opt, arg);
	}
	return 0;
}

/* ---- options ---------------------------------------------------------- */

static int
cmd_run_option(const struct cmd_entry *cmd, struct cmd_run_args *a, int id,
    const char *arg)
{
	unsigned long long seed;

	switch (id) {
	case CMD_RUN_OPT_MAPS:
		a->maps_file = arg;
		break;
	case CMD_RUN_OPT_STAT:
		a->stat_file = arg;
		break;
	case CMD_RUN_OPT_BRK:
		a->opts.has_brk = 1;
		return cmd_run_addr_opt(cmd, "brk", arg, &a->opts.brk);
	case CMD_RUN_OPT_MMAP_BASE:
		a->opts.has_mmap_base = 1;
		return cmd_run_addr_opt(cmd, "mmap-base", arg,
		    &a->opts.mmap_base);
	case CMD_RUN_OPT_LAYOUT:
		a->opts.has_layout = 1;
		if (strcmp(arg, "legacy") == 0)
			a->opts.layout = LAYOUT_LEGACY;
		else if (strcmp(arg, "topdown") == 0)
			a->opts.layout = LAYOUT_TOPDOWN;
		else
			return vmalab_usage_error(cmd, "--layout: expected "
			    "legacy or topdown, found '%s'", arg);
		break;
	case CMD_RUN_OPT_ARCH:
		if (arch_find(arg) == NULL)
			return vmalab_usage_error(cmd, "--arch: unknown "
			    "architecture '%s'; expected x86_64, i386, arm "
			    "or arm64", arg);
		a->opts.arch = arg;
		break;
	case CMD_RUN_OPT_KERNEL:
		a->opts.has_kernel = 1;
		if (strcmp(arg, "4.14") == 0)
			a->opts.kernel = KERNEL_4_14;
		else if (strcmp(arg, "6.18") == 0)
			a->opts.kernel = KERNEL_6_18;
		else
			return vmalab_usage_error(cmd, "--kernel: expected "
			    "4.14 or 6.18, found '%s'", arg);
		break;
	case CMD_RUN_OPT_ASLR:
		if (vmalab_parse_ulong(arg, &seed) != 0)
			return vmalab_usage_error(cmd, "--aslr: expected a "
			    "number, found '%s'", arg);
		a->opts.has_aslr = 1;
		a->opts.aslr_seed = seed;
		break;
	case CMD_RUN_OPT_TRACE:
		if (strcmp(arg, "text") == 0)
			a->trace = CMD_TRACE_TEXT;
		else if (strcmp(arg, "jsonl") == 0)
			a->trace = CMD_TRACE_JSONL;
		else
			return vmalab_usage_error(cmd, "--trace: expected text "
			    "or jsonl, found '%s'", arg);
		break;
	case CMD_RUN_OPT_TRACE_FILE:
		a->trace_file = arg;
		break;
	case CMD_RUN_OPT_CHECK:
		a->check = 1;
		break;
	}
	return 0;
}

int
cmd_run_parse(const struct cmd_entry *cmd, int argc, char **argv,
    struct cmd_run_args *a, int (*own)(const struct cmd_entry *, void *,
    int, const char *), void *ctx, int *status)
{
	struct vmalab_getopt g;
	int id, rc;

	memset(a, 0, sizeof *a);
	vmalab_getopt_init(&g, cmd, argc, argv);
	while ((id = vmalab_getopt_next(&g)) != VMALAB_OPT_END) {
		if (id == VMALAB_OPT_HELP) {
			*status = vmalab_cmd_help(cmd, stdout);
			return -1;
		}
		if (id == VMALAB_OPT_ERROR) {
			*status = EXIT_USAGE;
			return -1;
		}
		if (id == VMALAB_OPT_OPERAND) {
			if (a->scenario != NULL) {
				*status = vmalab_usage_error(cmd, "only one "
				    "scenario, please (found '%s' and '%s')",
				    a->scenario, g.arg);
				return -1;
			}
			a->scenario = g.arg;
			continue;
		}
		if (id >= CMD_RUN_OPT_LAST)
			rc = own(cmd, ctx, id, g.arg);
		else
			rc = cmd_run_option(cmd, a, id, g.arg);
		if (rc != 0) {
			*status = EXIT_USAGE;
			return -1;
		}
	}
	if (a->trace_file != NULL && a->trace == CMD_TRACE_NONE)
		a->trace = CMD_TRACE_TEXT;
	return 0;
}

/* ---- inputs ------------------------------------------------------------ */

/* Opens `path` for reading ("-": stdin); reports failure. */
static FILE *
cmd_run_open(const char *path)
{
	FILE *fp;

	if (strcmp(path, "-") == 0)
		return stdin;
	if ((fp = fopen(path, "r")) == NULL)
		vmalab_error("%s: %s", path, strerror(errno));
	return fp;
}

static void
cmd_run_close(FILE *fp)
{
	if (fp != stdin)
		fclose(fp);
}

/* Was a start state given as an option (--maps, --stat, --brk)? */
static int
cmd_run_start_opt(const struct cmd_run_args *a)
{
	return a->maps_file != NULL || a->stat_file != NULL ||
	    a->opts.has_brk;
}

/*
 * With no scenario: the built-in one, or, when the start state came as an
 * option, that start state alone (an empty scenario), so that vmalab maps
 * --maps FILE shows FILE and never the built-in laid over it.
 */
static int
cmd_run_load_scenario(const struct cmd_run_args *a, struct scenario *sc,
    char *err, size_t errlen)
{
	const struct builtin *b;
	char name[64];
	FILE *fp;
	int rc;

	if (a->scenario == NULL && cmd_run_start_opt(a))
		return scenario_parse_string(NULL, "(start state only)", sc,
		    err, errlen);
	if (a->scenario == NULL) {
		b = builtin_find(BUILTIN_DEFAULT);
		snprintf(name, sizeof name, "%s.scn", b->name);
		return scenario_parse_string(b->text, name, sc, err, errlen);
	}
	if ((fp = cmd_run_open(a->scenario)) == NULL)
		return -2;
	rc = scenario_parse(fp, strcmp(a->scenario, "-") == 0 ? "<stdin>" :
	    a->scenario, sc, err, errlen);
	cmd_run_close(fp);
	return rc;
}

static int
cmd_run_load_files(const struct cmd_run_args *a, struct cmd_run_input *in,
    char *err, size_t errlen)
{
	FILE *fp;
	int rc;

	if (a->maps_file != NULL) {
		if ((fp = cmd_run_open(a->maps_file)) == NULL)
			return -2;
		rc = procfs_parse_maps(fp, a->maps_file, &in->maps, &in->nmaps,
		    err, errlen);
		cmd_run_close(fp);
		if (rc < 0)
			return -1;
	}
	if (a->stat_file != NULL) {
		if ((fp = cmd_run_open(a->stat_file)) == NULL)
			return -2;
		rc = procfs_parse_stat(fp, a->stat_file, &in->stat, err,
		    errlen);
		cmd_run_close(fp);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/*
 * What counts as a start state: anything that tells where the process's
 * mappings, code, heap or stack are. A /proc/PID/maps line in the scenario;
 * a directive that sets one of the mm's addresses (% start_code, end_code,
 * start_data, end_data, start_brk, brk, start_stack, mmap_base); or the
 * options --maps, --stat, --brk, --mmap-base. % layout, % arch, % aslr,
 * % rlimit and the rest shape the made-up process but do not place it.
 */
#define CMD_RUN_START_FIELDS	(SCEN_F_START_CODE | SCEN_F_END_CODE | \
	SCEN_F_START_DATA | SCEN_F_END_DATA | SCEN_F_START_BRK | SCEN_F_BRK | \
	SCEN_F_START_STACK | SCEN_F_MMAP_BASE)

static int
cmd_run_has_start(const struct cmd_run_args *a, const struct scenario *sc)
{
	return sc->nmaps > 0 || (sc->mm.set & CMD_RUN_START_FIELDS) != 0 ||
	    cmd_run_start_opt(a) || a->opts.has_mmap_base;
}

/* Does the scenario hold results ("= value") that a replay is held to? */
static int
cmd_run_has_results(const struct scenario *sc)
{
	size_t i;

	for (i = 0; i < sc->nops; i++)
		if (sc->ops[i].has_expect && run_op_modelled(&sc->ops[i]))
			return 1;
	return 0;
}

/*
 * A raw strace log: results to compare, but no start state, so the replay
 * runs in a made-up process and cannot agree with the log. Said once, on
 * stderr, by every command that loads; with --check, with the mismatch.
 */
static int
cmd_run_made_up(const struct cmd_run_args *a, const struct scenario *sc)
{
	return !cmd_run_has_start(a, sc) && cmd_run_has_results(sc);
}

static void
cmd_run_warn_made_up(const struct scenario *sc)
{
	vmalab_error("%s: no start state, so the results will not match the "
	    "log's:\n  without /proc/PID/maps lines, a %% directive for the "
	    "mm's addresses, --maps,\n  --stat or --brk, it replays in a "
	    "made-up process. To capture one:\n  vmalab record -- PROG "
	    "[ARGS], or vmalab snapshot PID of a running one.", sc->file);
}

int
cmd_run_load(const struct cmd_run_args *a, struct cmd_run_input *in)
{
	struct run_opts o = a->opts;
	char err[RUN_ERRLEN];
	int rc;

	memset(in, 0, sizeof *in);
	if ((rc = cmd_run_load_files(a, in, err, sizeof err)) == 0)
		rc = cmd_run_load_scenario(a, &in->sc, err, sizeof err);
	if (rc == 0) {
		o.maps = in->maps;
		o.nmaps = in->nmaps;
		o.maps_name = a->maps_file;
		o.stat = a->stat_file != NULL ? &in->stat : NULL;
		rc = run_start(&in->run, &in->sc, &o, err, sizeof err);
		in->started = rc == 0;
	}
	if (rc == 0) {
		in->made_up = cmd_run_made_up(a, &in->sc);
		if (in->made_up && !a->check)
			cmd_run_warn_made_up(&in->sc);
		return 0;
	}
	if (rc == -1)
		vmalab_error("%s", err);
	cmd_run_free(in);
	return -1;
}

void
cmd_run_free(struct cmd_run_input *in)
{
	if (in->started)
		run_end(&in->run);
	scenario_free(&in->sc);
	procfs_free_maps(in->maps, in->nmaps);
	memset(in, 0, sizeof *in);
}

/*
 * A recording made on Linux 6.x (its "% recorded_on"), replayed under
 * the 4.14 profile: 6.x places large mappings for huge pages, so a
 * mismatch there is likely that. Returns 1 when the hint applies.
 */
static int
cmd_run_recorded_on_6x(const struct cmd_run_input *in)
{
	const char *v = in->sc.recorded_on;
	long major;

	if (v == NULL || in->run.mm->kernel != KERNEL_4_14 ||
	    strncmp(v, "Linux ", 6) != 0)
		return 0;
	major = strtol(v + 6, NULL, 10);
	return major >= 6;
}

static void
cmd_run_suggest_kernel(const struct cmd_run_input *in)
{
	vmalab_error("%s: recorded on %s, replayed with the 4.14 "
	    "profile:\n  6.x places mappings of 2 MiB or more on huge-page "
	    "boundaries; try --kernel 6.18", in->sc.file, in->sc.recorded_on);
}

/* ---- output ------------------------------------------------------------ */

/* Where the trace goes: stdout, or FILE.tmp renamed to FILE at the end. */
struct cmd_run_out {
	FILE		*trace;		/* NULL: no trace */
	char		*tmp;		/* FILE.tmp when writing a file */
	const char	*file;
	enum cmd_trace	 format;
	int		 json_stdout;	/* jsonl interleaved on stdout */
};

static int
cmd_run_out_open(const struct cmd_run_args *a, struct cmd_run_out *o)
{
	size_t n;

	memset(o, 0, sizeof *o);
	o->format = a->trace;
	if (a->trace == CMD_TRACE_NONE)
		return 0;
	if (a->trace_file == NULL) {
		o->trace = stdout;
		o->json_stdout = a->trace == CMD_TRACE_JSONL;
		return 0;
	}
	o->file = a->trace_file;
	n = strlen(a->trace_file) + sizeof ".tmp";
	if ((o->tmp = malloc(n)) == NULL) {
		vmalab_error("out of memory");
		return -1;
	}
	snprintf(o->tmp, n, "%s.tmp", a->trace_file);
	if ((o->trace = fopen(o->tmp, "w")) == NULL) {
		vmalab_error("cannot write the trace to %s: %s", a->trace_file,
		    strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	return 0;
}

/* Closes the trace file: renamed into place when ok, else removed. */
static int
cmd_run_out_close(struct cmd_run_out *o, int ok)
{
	int rc = 0;

	if (o->tmp == NULL)
		return 0;
	if (ferror(o->trace) || fclose(o->trace) != 0) {
		if (ok)
			vmalab_error("%s: write error: %s", o->file,
			    strerror(errno));
		ok = 0;
		rc = -1;
	}
	if (ok && rename(o->tmp, o->file) != 0) {
		vmalab_error("cannot rename %s to %s: %s", o->tmp, o->file,
		    strerror(errno));
		rc = -1;
		ok = 0;
	}
	if (!ok)
		remove(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	return rc;
}

/* "# skipped: mprotect(...): mprotect is not modelled". */
static void
cmd_run_print_skip(const struct scen_op *op)
{
	static const char tail[] = "; skipped";
	const char *note = op->note != NULL ? op->note : "not modelled";
	size_t n = strlen(note), t = sizeof tail - 1;

	if (n > t && strcmp(note + n - t, tail) == 0)
		n -= t;
	printf("# skipped: %s: %.*s\n", op->text, (int)n, note);
}

/* The line of one call: strace's, or a JSON object in a JSONL stream. */
static void
cmd_run_print_result(const struct cmd_run_out *o, const struct scen_op *op,
    unsigned long result)
{
	char line[4096], res[96];

	if (o->json_stdout) {
		printf("{\"kind\":\"%s\",\"line\":%d,\"call\":",
		    op->kind == OP_SKIP ? "skipped" : "result", op->lineno);
		trace_json_string(stdout, op->text);
		if (op->kind == OP_SKIP) {
			fputs(",\"note\":", stdout);
			trace_json_string(stdout, op->note != NULL ?
			    op->note : "");
		} else {
			run_format_result(op, result, res, sizeof res);
			fputs(",\"result\":", stdout);
			trace_json_string(stdout, res);
		}
		fputs("}\n", stdout);
		return;
	}
	if (op->kind == OP_SKIP) {
		cmd_run_print_skip(op);
		return;
	}
	if (run_format_line(op, result, line, sizeof line) <
	    (int)sizeof line) {
		printf("%s\n", line);
		return;
	}
	run_format_result(op, result, res, sizeof res);
	printf("%s = %s\n", op->text, res);
}

static void
cmd_run_print_trace(const struct cmd_run_out *o, const struct trace_rec *rec)
{
	size_t i;

	for (i = 0; i < rec->n; i++) {
		if (o->format == CMD_TRACE_JSONL)
			trace_format_jsonl(o->trace, &rec->ev[i]);
		else
			trace_format_text(o->trace, &rec->ev[i]);
	}
}

/* A value as the trace shows it: small numbers in decimal, else hex. */
static void
cmd_run_print_value(FILE *fp, unsigned long v)
{
	if (v < 10)
		fprintf(fp, "%lu", v);
	else if (IS_ERR_VALUE(v))
		fprintf(fp, "-%lu", -v);
	else
		fprintf(fp, "0x%lx", v);
}

/*
 * After a mismatch: the decisions the engine took in that call, in order,
 * so that a student sees which branch went the other way.
 */
static void
cmd_run_print_path(const struct trace_rec *rec)
{
	const struct trace_event *ev;
	size_t i;
	int j, n = 0;

	for (i = 0; i < rec->n; i++)
		n += rec->ev[i].kind == TRACE_DECIDE;
	if (n == 0)
		return;
	fprintf(stderr, "vmalab: %s\n", _("the decisions taken in that call:"));
	for (i = 0; i < rec->n; i++) {
		ev = &rec->ev[i];
		if (ev->kind != TRACE_DECIDE)
			continue;
		fprintf(stderr, "  %s:%d  %s  %s", ev->func != NULL ?
		    ev->func : "?", ev->line, ev->decision != NULL ?
		    ev->decision->id : ev->text, ev->outcome ? _("taken") :
		    _("not taken"));
		for (j = 0; j < ev->nvals; j++) {
			fprintf(stderr, "%s%s=", j ? " " : "  [",
			    ev->vals[j].name);
			cmd_run_print_value(stderr, ev->vals[j].value);
		}
		fputs(ev->nvals > 0 ? "]\n" : "\n", stderr);
	}
}

/* The allocator's system calls so far (0 before its first call). */
static size_t
cmd_run_nsys(const struct run *r)
{
	size_t n = 0;

	if (r->arena != NULL)
		(void)malloc_arena_syscalls(r->arena, &n);
	return n;
}

/*
 * Under an allocator call's line, the system calls it made, indented, as
 * ltrace -S shows them: the brk and the mmap behind malloc are the lesson.
 * Not in a JSON Lines stream, whose trace already has them as events.
 */
static void
cmd_run_print_alloc_sys(const struct cmd_run_out *o, const struct run *r,
    size_t from)
{
	const struct malloc_sys *sys;
	char line[256];
	size_t n, i;

	if ((o != NULL && o->json_stdout) || r->arena == NULL)
		return;
	sys = malloc_arena_syscalls(r->arena, &n);
	for (i = from; i < n; i++) {
		malloc_sys_format(&sys[i], line, sizeof line);
		printf("    %s\n", line);
	}
}

/* ---- the replay -------------------------------------------------------- */

/*
 * Replays every call of in->sc: prints the result lines when `print`,
 * the trace when o->trace, compares with the scenario when a->check.
 * Returns 0, or EXIT_INPUT after a mismatch or an engine inconsistency.
 */
static int
cmd_run_replay(const struct cmd_run_args *a, struct cmd_run_input *in,
    const struct cmd_run_out *o, int print)
{
	struct mm *mm = in->run.mm;
	struct trace_rec rec;
	struct trace sink;
	char msg[RUN_ERRLEN];
	const char *bad;
	unsigned long result;
	size_t i, nsys, mismatches = 0;
	int status = 0;

	trace_rec_init(&rec);
	if (a->check || (o != NULL && o->trace != NULL)) {
		trace_rec_sink(&sink, &rec);
		mm_trace_attach(mm, &sink);
	}
	for (i = 0; i < in->sc.nops; i++) {
		const struct scen_op *op = &in->sc.ops[i];

		trace_rec_clear(&rec);
		nsys = cmd_run_nsys(&in->run);
		result = run_op(&in->run, op);
		if (trace_rec_decode(&rec) < 0) {
			vmalab_error("out of memory recording the trace");
			status = EXIT_INPUT;
			break;
		}
		if (o != NULL && o->trace != NULL)
			cmd_run_print_trace(o, &rec);
		if (print)
			cmd_run_print_result(o, op, result);
		if (print && SCEN_OP_IS_ALLOC(op->kind))
			cmd_run_print_alloc_sys(o, &in->run, nsys);
		if (a->check && !run_check(&in->run, op, result, msg,
		    sizeof msg) && mismatches++ == 0) {
			vmalab_error("%s", msg);
			cmd_run_print_path(&rec);
			if (in->made_up)
				cmd_run_warn_made_up(&in->sc);
			else if (cmd_run_recorded_on_6x(in))
				cmd_run_suggest_kernel(in);
			status = EXIT_INPUT;
		}
		if ((bad = mm_validate(mm)) != NULL) {
			vmalab_error("%s:%d: internal error: after this call "
			    "the model is inconsistent: %s", in->sc.file,
			    op->lineno, bad);
			status = EXIT_INPUT;
			break;
		}
	}
	if (mismatches > 1)
		vmalab_error("%zu results differ from the scenario in all",
		    mismatches);
	mm_trace_detach(mm);
	trace_rec_free(&rec);
	return status;
}

/* For vmalab maps: replay without printing. */
int
cmd_run_replay_quiet(const struct cmd_run_args *a, struct cmd_run_input *in)
{
	return cmd_run_replay(a, in, NULL, 0);
}

static int
cmd_run_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	struct cmd_run_args a;
	struct cmd_run_input in;
	struct cmd_run_out o;
	int status;

	if (cmd_run_parse(cmd, argc, argv, &a, NULL, NULL, &status) < 0)
		return status;
	if (cmd_run_load(&a, &in) < 0)
		return EXIT_INPUT;
	if (cmd_run_out_open(&a, &o) < 0) {
		cmd_run_free(&in);
		return EXIT_INPUT;
	}
	status = cmd_run_replay(&a, &in, &o, 1);
	/* A --check mismatch still leaves a whole trace: keep it. */
	if (cmd_run_out_close(&o, 1) < 0)
		status = EXIT_INPUT;
	cmd_run_free(&in);
	return status;
}
