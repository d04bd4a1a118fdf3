/*
 * fuzz-maps.c - the /proc/PID/maps loader: procfs_parse_maps on the
 * whole input, procfs_parse_maps_line on its first line, and, for a file
 * that parses, the start state run_start builds from it (an empty
 * scenario with --maps), whose invariants must hold.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kernel/mm.h"
#include "run/run.h"
#include "input/scenario.h"

static void
one_line(const uint8_t *data, size_t size)
{
	struct scen_map m;
	char err[SCEN_ERRLEN], *line;
	size_t n;

	for (n = 0; n < size && data[n] != '\n' && data[n] != '\0'; n++)
		;
	if ((line = malloc(n + 1)) == NULL)
		abort();
	memcpy(line, data, n);
	line[n] = '\0';
	memset(err, 0x7f, sizeof(err));
	if (procfs_parse_maps_line(line, &m, err, sizeof(err)) == 0) {
		if (m.end <= m.start)
			fuzz_die("a maps line parsed with end <= start", line);
		free(m.path);
	} else if (memchr(err, '\0', sizeof(err)) == NULL || err[0] == '\0') {
		fuzz_die("procfs_parse_maps_line failed without a message",
		    line);
	}
	free(line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scen_map *maps = NULL;
	struct scenario sc;
	struct run_opts opts;
	struct run run;
	size_t nmaps = 0, i;
	char err[SCEN_ERRLEN];
	const char *bad;
	FILE *fp;

	one_line(data, size);
	fp = fuzz_fopen(data, size);
	memset(err, 0x7f, sizeof(err));
	if (procfs_parse_maps(fp, FUZZ_NAME, &maps, &nmaps, err,
	    sizeof(err)) != 0) {
		fclose(fp);
		fuzz_check_msg(err, sizeof(err), 1);
		if (maps != NULL || nmaps != 0)
			fuzz_die("a failed procfs_parse_maps returned maps",
			    NULL);
		return 0;
	}
	fclose(fp);
	for (i = 1; i < nmaps; i++)
		if (maps[i].start < maps[i - 1].end)
			fuzz_die("procfs_parse_maps accepted overlapping or "
			    "unordered entries", NULL);
	if (scenario_parse_mem("", 0, FUZZ_NAME, &sc, err, sizeof(err)) != 0)
		fuzz_die("the empty scenario does not parse", err);
	memset(&opts, 0, sizeof(opts));
	opts.maps = maps;
	opts.nmaps = nmaps;
	opts.maps_name = FUZZ_NAME;
	memset(err, 0x7f, sizeof(err));
	if (run_start(&run, &sc, &opts, err, sizeof(err)) == 0) {
		if ((bad = mm_validate(run.mm)) != NULL)
			fuzz_die("mm_validate after loading maps", bad);
		run_end(&run);
	} else {
		fuzz_check_msg(err, sizeof(err), 0);
	}
	scenario_free(&sc);
	procfs_free_maps(maps, nmaps);
	return 0;
}
