/*
 * bench-seek.c - how long the stepper takes to show any step of a long
 * run: the bar is under 50 ms into a 1,000,000-step trace.
 *
 * The run is made up on the spot: a top-down x86_64 process maps
 * thousands of single pages, alternately read-only and read-write so that
 * vma_merge cannot join them, unmaps every third one (holes of one page
 * that the later two-page requests do not fit), then keeps asking for
 * two pages (with a brk(NULL) between), until the trace holds a million
 * steps. Every search walks a tree of thousands of VMAs.
 *
 *   usage: bench-seek [STEPS [SEEKS [PAGES]]]  (1000000, 200, 3000)
 *
 * It prints the recording time, then the time of SEEKS seeks to steps
 * drawn at random (a fixed seed): the model's seek (play the call again
 * from its checkpoint, derive the panes) and the same with the screen
 * drawn at 100x30. Exit status 1 when the median seek with drawing takes
 * 50 ms or more.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui.h"

#define BENCH_LIMIT_MS	50.0

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct bench_buf {
	char	*s;
	size_t	 n, cap;
};

static void
bench_add(struct bench_buf *b, const char *line)
{
	size_t len = strlen(line);

	if (b->n + len + 1 > b->cap) {
		b->cap = (b->n + len + 1) * 2;
		if ((b->s = realloc(b->s, b->cap)) == NULL) {
			fprintf(stderr, "bench-seek: out of memory\n");
			exit(2);
		}
	}
	memcpy(b->s + b->n, line, len + 1);
	b->n += len;
}

/* The scenario text: `pages` pages, a third unmapped, `rounds` mmaps. */
static char *
bench_scenario(int pages, int rounds)
{
	static const unsigned long top = 0x7ffff7fff000UL;
	struct bench_buf b = { NULL, 0, 0 };
	char line[256];
	int i;

	bench_add(&b, "% arch x86_64\n% layout topdown\n");
	bench_add(&b, "555555554000-555555556000 r-xp 00000000 fe:01 1 "
	    "/usr/bin/bench\n");
	bench_add(&b, "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0 "
	    "[stack]\n");
	for (i = 0; i < pages; i++) {
		snprintf(line, sizeof line, "mmap(NULL, 4096, %s, MAP_PRIVATE|"
		    "MAP_ANONYMOUS, -1, 0)\n", i % 2 ? "PROT_READ" :
		    "PROT_READ|PROT_WRITE");
		bench_add(&b, line);
	}
	for (i = 0; i < pages; i += 3) {
		snprintf(line, sizeof line, "munmap(%#lx, 4096)\n",
		    top - (unsigned long)(i + 1) * 4096);
		bench_add(&b, line);
	}
	for (i = 0; i < rounds; i++) {
		snprintf(line, sizeof line, "mmap(NULL, 8192, %s, MAP_PRIVATE|"
		    "MAP_ANONYMOUS, -1, 0)\n", i % 2 ? "PROT_READ" :
		    "PROT_READ|PROT_WRITE");
		bench_add(&b, line);
		bench_add(&b, "brk(NULL)\n");
	}
	return b.s;
}

/* Steps of a scenario, recorded. */
static uint64_t
bench_steps(int pages, int rounds)
{
	char err[512], *text = bench_scenario(pages, rounds);
	struct scenario sc;
	struct replay rp;
	struct run r;
	uint64_t n;

	if (scenario_parse_string(text, "bench.scn", &sc, err, sizeof err) < 0 ||
	    run_start(&r, &sc, NULL, err, sizeof err) < 0 ||
	    replay_record(&rp, &r, err, sizeof err) < 0) {
		fprintf(stderr, "bench-seek: %s\n", err);
		exit(2);
	}
	n = rp.nsteps;
	replay_free(&rp);
	run_end(&r);
	scenario_free(&sc);
	free(text);
	return n;
}

/* How many rounds make `want` steps: measure two sizes, interpolate. */
static int
bench_calibrate(int pages, unsigned long want)
{
	uint64_t a = bench_steps(pages, 0), b = bench_steps(pages, 400);
	double per = (double)(b - a) / 400;

	if (want <= a || per <= 0)
		return 0;
	return (int)((double)(want - a) / per * 1.02) + 1;
}

static int
bench_cmp(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

int
main(int argc, char **argv)
{
	unsigned long want = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	int seeks = argc > 2 ? atoi(argv[2]) : 200, rounds, i;
	int pages = argc > 3 ? atoi(argv[3]) : 3000;
	struct tui_opts o = { .w = 100, .h = 30, .ascii = 1 };
	struct scenario sc;
	struct tui_app app;
	struct run r;
	double t0, t1, *ts, *td, *tf;
	char err[512], *text;
	uint64_t n, seed = 0x9e3779b97f4a7c15ULL;

	if (seeks < 1)
		seeks = 1;
	rounds = bench_calibrate(pages, want);
	text = bench_scenario(pages, rounds);
	if (scenario_parse_string(text, "bench.scn", &sc, err, sizeof err) < 0 ||
	    run_start(&r, &sc, NULL, err, sizeof err) < 0) {
		fprintf(stderr, "bench-seek: %s\n", err);
		return 2;
	}
	t0 = bench_now();
	if (tui_app_init(&app, &r, &o) < 0) {
		fprintf(stderr, "bench-seek: %s\n", app.m.err);
		return 2;
	}
	t1 = bench_now();
	n = tui_model_nsteps(&app.m);
	printf("recorded %llu steps (%zu system calls, %zu checkpoints, "
	    "%d VMAs at the end) in %.0f ms\n", (unsigned long long)n,
	    sc.nops, app.m.rp.nck, r.mm->map_count, t1 - t0);
	if (n < want)
		printf("note: fewer steps than the %lu asked for\n", want);
	ts = calloc((size_t)seeks, sizeof *ts);
	td = calloc((size_t)seeks, sizeof *td);
	tf = calloc((size_t)seeks, sizeof *tf);
	if (ts == NULL || td == NULL || tf == NULL)
		return 2;
	for (i = 0; i < seeks; i++) {
		uint64_t step;

		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		step = seed % n;
		t0 = bench_now();
		if (tui_model_seek(&app.m, step) < 0) {
			fprintf(stderr, "bench-seek: %s\n", app.m.err);
			return 2;
		}
		t1 = bench_now();
		tui_app_draw(&app, 100, 30);
		ts[i] = t1 - t0;
		td[i] = bench_now() - t0;
		/* A frame alone, on a projector: the tree the whole width. */
		t0 = bench_now();
		tui_app_draw(&app, 200, 50);
		tf[i] = bench_now() - t0;
	}
	qsort(tf, (size_t)seeks, sizeof *tf, bench_cmp);
	qsort(ts, (size_t)seeks, sizeof *ts, bench_cmp);
	qsort(td, (size_t)seeks, sizeof *td, bench_cmp);
	printf("seek to a random step (%d seeks): median %.2f ms, 90%% %.2f "
	    "ms, max %.2f ms\n", seeks, ts[seeks / 2], ts[seeks * 9 / 10],
	    ts[seeks - 1]);
	printf("seek and draw 100x30:             median %.2f ms, 90%% %.2f "
	    "ms, max %.2f ms\n", td[seeks / 2], td[seeks * 9 / 10],
	    td[seeks - 1]);
	printf("draw a 200x50 frame:              median %.2f ms, 90%% %.2f "
	    "ms, max %.2f ms (target 10 ms)\n", tf[seeks / 2],
	    tf[seeks * 9 / 10], tf[seeks - 1]);
	printf("%s: the bar is %.0f ms\n", td[seeks / 2] < BENCH_LIMIT_MS ?
	    "PASS" : "FAIL", BENCH_LIMIT_MS);
	i = td[seeks / 2] < BENCH_LIMIT_MS ? 0 : 1;
	free(ts);
	free(td);
	free(tf);
	tui_app_free(&app);
	run_end(&r);
	scenario_free(&sc);
	free(text);
	return i;
}
