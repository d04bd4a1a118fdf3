/*
 * cmd-maps.c - vmalab maps: replay a scenario and print the layout it
 * ends with, in the format of /proc/PID/maps (fs/proc/task_mmu.c,
 * show_map_vma):
 *
 *   7ffff7fc3000-7ffff7fc7000 r--p 00000000 00:00 0          [vvar]
 *   start-end, perms (r w x, p or s), file offset (0 for anonymous
 *   memory), device, inode, and the name padded to column 73.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "trace/i18n.h"
#include "vmalab.h"

static int	cmd_maps_exec(const struct cmd_entry *, int, char **);

/* Those of run that set the start state, and --check; .help names them. */
static const struct vmalab_opt cmd_maps_opts[] = {
	{ .include = cmd_run_start_opts },
	{ "check", CMD_RUN_OPT_CHECK, NULL, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_maps_entry = {
	.name = "maps",
	.usage = "[--maps FILE] [--stat FILE] [--brk ADDR] "
	    "[--layout legacy|topdown]\n"
	    "                   [--mmap-base ADDR] [--arch NAME] "
	    "[--aslr SEED] [--check] [SCENARIO|-]",
	.summary = N_("replay a scenario and print its final /proc/PID/maps"),
	.help =
	    N_("The options are those of vmalab run that set the start state, "
	    "and --check.\n"
	    "Device and inode numbers are those of the input's mappings of "
	    "the same file\n(00:00 0 for files only the replay opened). "
	    "Entries at or above TASK_SIZE,\nlike [vsyscall], are printed "
	    "last, as the input gave them.\n"),
	.opts = cmd_maps_opts,
	.exec = cmd_maps_exec,
};

/* The width show_map_vma pads to before the name (seq_setwidth). */
#define MAPS_PAD	(25 + 6 * (int)sizeof(void *) - 1)

void
cmd_maps_print_line(FILE *fp, unsigned long start, unsigned long end,
    unsigned long flags, unsigned long long offset, unsigned major,
    unsigned minor, unsigned long inode, const char *name)
{
	int n;

	n = fprintf(fp, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu ", start,
	    end, flags & VM_READ ? 'r' : '-', flags & VM_WRITE ? 'w' : '-',
	    flags & VM_EXEC ? 'x' : '-', flags & VM_MAYSHARE ? 's' : 'p',
	    offset, major, minor, inode);
	if (name != NULL)
		fprintf(fp, "%*s %s", n < MAPS_PAD ? MAPS_PAD - n : 0, "",
		    name);
	fputc('\n', fp);
}

static void
cmd_maps_print(const struct run *r, FILE *fp)
{
	const struct vma *v;
	const struct scen_map *g;
	unsigned major, minor;
	unsigned long inode;
	size_t i;

	for (v = r->mm->mmap; v != NULL; v = v->vm_next) {
		run_vma_dev(r, v, &major, &minor, &inode);
		cmd_maps_print_line(fp, v->vm_start, v->vm_end, v->vm_flags,
		    v->vm_file != NULL ?
		    (unsigned long long)v->vm_pgoff << PAGE_SHIFT : 0,
		    major, minor, inode, run_vma_name(r->mm, v));
	}
	for (i = 0; i < r->ngates; i++) {
		g = r->gates[i];
		cmd_maps_print_line(fp, g->start, g->end, g->vm_flags,
		    (unsigned long long)g->pgoff << PAGE_SHIFT, g->dev_major,
		    g->dev_minor, g->inode, g->path);
	}
}

static int
cmd_maps_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	struct cmd_run_args a;
	struct cmd_run_input in;
	int status;

	if (cmd_run_parse(cmd, argc, argv, &a, NULL, NULL, &status) < 0)
		return status;
	if (cmd_run_load(&a, &in) < 0)
		return EXIT_INPUT;
	status = cmd_run_replay_quiet(&a, &in);
	cmd_maps_print(&in.run, stdout);
	cmd_run_free(&in);
	return status;
}
