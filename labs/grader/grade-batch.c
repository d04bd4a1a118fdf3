/*
 * grade-batch.c - a class graded at once: vmalab grade --batch DIR -j N.
 *
 *   DIR/alice/  DIR/bob/  ...       one subdirectory per submission
 *        |  N children at a time (spawn), each grade_build_one with
 *        |  its report into REPORTS/NAME.txt (or /dev/null) and its
 *        v  scores into TMP/NAME.tsv
 *   submission,score,max_score,status,"test",...    one row each, sorted
 *
 * The columns are every test name in the order first seen. A submission
 * whose child did not end with 0 or 1, or left no scores, is "error".
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "grade-build.h"
#include "spawn.h"

struct grade_batch_sub {
	char		*name;
	struct spawn	 child;
	char		 tsv[PATH_MAX];
	double		 t0, secs;	/* when it started, how long it took */
};

/* One batch: the submissions and the test names seen. */
struct grade_batch {
	const struct grade_build_conf *c;
	const struct grade_build_args *a;
	struct grade_batch_sub *subs;
	size_t		 nsubs;
	char		**names;
	size_t		 nnames;
	char		 tmp[PATH_MAX];
};

static int
grade_batch_cmp(const void *x, const void *y)
{
	const struct grade_batch_sub *a = x, *b = y;

	return strcmp(a->name, b->name);
}

/* CSV quoting: always quote, double the quotes. */
static void
grade_batch_csv_field(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

/* The subdirectories of a->batch, sorted. Returns 0, or 2 (said). */
static int
grade_batch_list(struct grade_batch *gb)
{
	char path[PATH_MAX + 256];
	struct grade_batch_sub *ns;
	struct dirent *e;
	DIR *d;

	if ((d = opendir(gb->a->batch)) == NULL) {
		gb->c->error("%s: %s", gb->a->batch, strerror(errno));
		return 2;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", gb->a->batch, e->d_name);
		if (!grade_build_is_dir(path))
			continue;
		if ((ns = realloc(gb->subs, (gb->nsubs + 1) *
		    sizeof(*gb->subs))) == NULL)
			break;
		gb->subs = ns;
		memset(&gb->subs[gb->nsubs], 0, sizeof(gb->subs[gb->nsubs]));
		gb->subs[gb->nsubs++].name = strdup(e->d_name);
	}
	closedir(d);
	if (gb->nsubs == 0) {
		gb->c->error("%s: no submissions (one subdirectory per "
		    "student)", gb->a->batch);
		return 2;
	}
	qsort(gb->subs, gb->nsubs, sizeof(*gb->subs), grade_batch_cmp);
	return 0;
}

struct grade_batch_job {
	const struct grade_batch *gb;
	const struct grade_batch_sub *s;
};

/* In the child: grade one submission, its report into a file. */
static int
grade_batch_child(void *arg, int resfd)
{
	const struct grade_batch_job *j = arg;
	const struct grade_build_args *a = j->gb->a;
	struct grade_build_args one = *a;
	char dir[PATH_MAX], rep[PATH_MAX];
	int fd, status;

	(void)resfd;
	snprintf(dir, sizeof(dir), "%s/%s", a->batch, j->s->name);
	if (a->reports != NULL)
		snprintf(rep, sizeof(rep), "%s/%s.txt", a->reports, j->s->name);
	else
		snprintf(rep, sizeof(rep), "/dev/null");
	if ((fd = open(rep, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
		return 2;
	dup2(fd, 1);
	dup2(fd, 2);
	close(fd);
	one.tsv = j->s->tsv;
	one.json = NULL;
	one.batch = NULL;
	status = grade_build_one(j->gb->c, &one, dir);
	/* The child ends in _exit: what stdio holds must reach the report. */
	fflush(stdout);
	fflush(stderr);
	return status;
}

static double
grade_batch_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "graded 12 of 300, 0:41 elapsed, about 9:30 left" on a terminal. */
static void
grade_batch_progress(size_t done, size_t n, double t0)
{
	double el = grade_batch_now() - t0, eta;

	if (!isatty(2))
		return;
	eta = done > 0 ? el / (double)done * (double)(n - done) : 0;
	fprintf(stderr, "\rgraded %zu of %zu, %d:%02d elapsed, %s%d:%02d "
	    "left  ", done, n, (int)el / 60, (int)el % 60,
	    done > 0 ? "about " : "? ", (int)eta / 60, (int)eta % 60);
	if (done == n)
		fputc('\n', stderr);
	fflush(stderr);
}

static void
grade_batch_start(struct grade_batch *gb, struct grade_batch_sub *s)
{
	struct grade_batch_job j = { gb, s };

	if (grade_build_path(s->tsv, sizeof(s->tsv), "%s/%s.tsv", gb->tmp,
	    s->name) < 0)
		s->tsv[0] = '\0';
	memset(&s->child, 0, sizeof(s->child));
	s->t0 = grade_batch_now();
	s->child.fn = grade_batch_child;
	s->child.arg = &j;	/* the child runs before spawn_start returns */
	if (spawn_start(&s->child) < 0)
		s->child.status = 0;	/* no scores: the row says error */
}

/* Runs the children, a->jobs at a time, until every one has ended. */
static void
grade_batch_schedule(struct grade_batch *gb)
{
	struct spawn **v, *done;
	size_t i, next = 0, running = 0, ended = 0;
	int jobs = gb->a->jobs > 0 ? gb->a->jobs : 1;
	double t0 = grade_batch_now();

	if ((v = calloc(gb->nsubs, sizeof(*v))) == NULL)
		return;
	for (i = 0; i < gb->nsubs; i++)
		v[i] = &gb->subs[i].child;
	while (next < gb->nsubs || running > 0) {
		while (next < gb->nsubs && running < (size_t)jobs) {
			grade_batch_start(gb, &gb->subs[next++]);
			if (v[next - 1]->running)
				running++;
		}
		if (running == 0) {
			ended++;	/* it could not start: a row says error */
			continue;
		}
		grade_batch_progress(ended, gb->nsubs, t0);
		if ((done = spawn_wait_any(v, gb->nsubs)) == NULL)
			break;
		for (i = 0; i < gb->nsubs; i++)
			if (&gb->subs[i].child == done)
				gb->subs[i].secs = grade_batch_now() -
				    gb->subs[i].t0;
		running--;
		ended++;
	}
	grade_batch_progress(gb->nsubs, gb->nsubs, t0);
	free(v);
}

/* The columns: every test name in the TSV files, in the order first seen. */
static void
grade_batch_names(struct grade_batch *gb)
{
	char line[1024], **nn;
	size_t i, k;
	FILE *fp;

	for (i = 0; i < gb->nsubs; i++) {
		if ((fp = fopen(gb->subs[i].tsv, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), fp) != NULL) {
			char *tab = strchr(line, '\t');

			if (tab == NULL)
				continue;
			*tab = '\0';
			for (k = 0; k < gb->nnames; k++)
				if (strcmp(gb->names[k], line) == 0)
					break;
			if (k < gb->nnames)
				continue;
			if ((nn = realloc(gb->names, (gb->nnames + 1) *
			    sizeof(*gb->names))) == NULL)
				break;
			gb->names = nn;
			gb->names[gb->nnames++] = strdup(line);
		}
		fclose(fp);
	}
}

/* The lab's maximum: the largest total of any submission's scores file. */
static int
grade_batch_max(struct grade_batch *gb)
{
	static int cached = -1;
	char line[1024], tname[512], status[32];
	int sc, mx, max, best = 0;
	size_t i;
	FILE *fp;

	if (cached >= 0)
		return cached;
	for (i = 0; i < gb->nsubs; i++) {
		if ((fp = fopen(gb->subs[i].tsv, "r")) == NULL)
			continue;
		max = 0;
		while (fgets(line, sizeof(line), fp) != NULL)
			if (sscanf(line, "%511[^\t]\t%d\t%d\t%31s", tname, &sc,
			    &mx, status) == 4)
				max += mx;
		fclose(fp);
		if (max > best)
			best = max;
	}
	cached = best;
	return best;
}

/* One submission's row; its TSV file is removed once read. */
static void
grade_batch_row(struct grade_batch *gb, struct grade_batch_sub *s, FILE *csv,
    int lab_max)
{
	int *score = calloc(gb->nnames + 1, sizeof(int)), total = 0, max = 0;
	int st = s->child.status, got = 0, sc, mx;
	int ok = WIFEXITED(st) && WEXITSTATUS(st) <= 1;
	char line[1024], tname[512], status[32];
	size_t k;
	FILE *fp;

	if ((fp = fopen(s->tsv, "r")) != NULL) {
		while (fgets(line, sizeof(line), fp) != NULL) {
			if (sscanf(line, "%511[^\t]\t%d\t%d\t%31s", tname, &sc,
			    &mx, status) != 4)
				continue;
			got = 1;
			total += sc;
			max += mx;
			for (k = 0; k < gb->nnames && score != NULL; k++)
				if (strcmp(gb->names[k], tname) == 0)
					score[k] = sc;
		}
		fclose(fp);
		unlink(s->tsv);
	}
	if (!got)
		max = lab_max;	/* every row has the lab's maximum */
	grade_batch_csv_field(csv, s->name);
	fprintf(csv, ",%d,%d,%s,%.1f", total, max, !got ? "error" :
	    ok ? (total == max ? "full" : "graded") : "error", s->secs);
	for (k = 0; k < gb->nnames; k++)
		fprintf(csv, ",%d", score != NULL ? score[k] : 0);
	fputc('\n', csv);
	free(score);
}

/* The CSV, on stdout or into a->csv. Returns 0, or 2 (said). */
static int
grade_batch_csv(struct grade_batch *gb)
{
	FILE *csv = stdout;
	size_t i, k;

	if (gb->a->csv != NULL && (csv = fopen(gb->a->csv, "w")) == NULL) {
		gb->c->error("%s: %s", gb->a->csv, strerror(errno));
		return 2;
	}
	fputs("submission,score,max_score,status,seconds", csv);
	for (k = 0; k < gb->nnames; k++) {
		fputc(',', csv);
		grade_batch_csv_field(csv, gb->names[k]);
	}
	fputc('\n', csv);
	for (i = 0; i < gb->nsubs; i++)
		grade_batch_row(gb, &gb->subs[i], csv, grade_batch_max(gb));
	rmdir(gb->tmp);
	if (csv != stdout && fclose(csv) != 0) {
		gb->c->error("%s: write error", gb->a->csv);
		return 2;
	}
	return 0;
}

static void
grade_batch_free(struct grade_batch *gb)
{
	size_t i;

	for (i = 0; i < gb->nsubs; i++)
		free(gb->subs[i].name);
	for (i = 0; i < gb->nnames; i++)
		free(gb->names[i]);
	free(gb->names);
	free(gb->subs);
}

int
grade_batch_run(const struct grade_build_conf *c,
    const struct grade_build_args *a)
{
	struct grade_batch gb;
	const char *t = getenv("TMPDIR");
	int rc;

	memset(&gb, 0, sizeof(gb));
	gb.c = c;
	gb.a = a;
	if ((rc = grade_batch_list(&gb)) != 0) {
		grade_batch_free(&gb);
		return rc;
	}
	if (a->reports != NULL && !grade_build_is_dir(a->reports) &&
	    mkdir(a->reports, 0755) < 0) {
		c->error("%s: %s", a->reports, strerror(errno));
		grade_batch_free(&gb);
		return 2;
	}
	snprintf(gb.tmp, sizeof(gb.tmp), "%s/vmalab-batch.XXXXXX",
	    t != NULL && *t ? t : "/tmp");
	if (mkdtemp(gb.tmp) == NULL) {
		c->error("cannot make a temporary directory");
		grade_batch_free(&gb);
		return 2;
	}
	grade_batch_schedule(&gb);
	grade_batch_names(&gb);
	rc = grade_batch_csv(&gb);
	grade_batch_free(&gb);
	return rc;
}
