/*
 * fuzz-stat.c - the /proc/PID/stat loader (procfs_parse_stat), and the
 * start state run_start builds from a stat file that parses (with the
 * built-in default scenario, as `vmalab run --stat FILE` does).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kernel/mm.h"
#include "input/builtin.h"
#include "run/run.h"
#include "input/scenario.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct scenario sc;
	static int have_sc;
	struct proc_stat st;
	struct run_opts opts;
	struct run run;
	char err[SCEN_ERRLEN];
	const char *bad;
	FILE *fp;

	if (!have_sc) {
		if (scenario_parse_string(builtin_find(BUILTIN_DEFAULT)->text,
		    BUILTIN_DEFAULT, &sc, err, sizeof(err)) != 0)
			fuzz_die("the default scenario does not parse", err);
		have_sc = 1;
	}
	fp = fuzz_fopen(data, size);
	memset(err, 0x7f, sizeof(err));
	memset(&st, 0x5a, sizeof(st));
	if (procfs_parse_stat(fp, FUZZ_NAME, &st, err, sizeof(err)) != 0) {
		fclose(fp);
		fuzz_check_msg(err, sizeof(err), 1);
		return 0;
	}
	fclose(fp);
	memset(&opts, 0, sizeof(opts));
	opts.stat = &st;
	memset(err, 0x7f, sizeof(err));
	if (run_start(&run, &sc, &opts, err, sizeof(err)) == 0) {
		size_t i;

		for (i = 0; i < sc.nops; i++)
			run_op(&run, &sc.ops[i]);
		if ((bad = mm_validate(run.mm)) != NULL)
			fuzz_die("mm_validate after a run with --stat", bad);
		run_end(&run);
	} else {
		if (memchr(err, '\0', sizeof(err)) == NULL || err[0] == '\0')
			fuzz_die("run_start failed without a message", NULL);
	}
	return 0;
}
