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
 *
 * With --csv FILE the batch can be stopped and taken up again: each
 * graded submission's scores are kept in FILE.parts/NAME.done, headed by
 * a fingerprint of what was graded (the lab, the hidden seed, the
 * submission's files: names, sizes, times). A batch stopped by a signal
 * kills its children, keeps FILE.parts and writes no table; the same
 * command again grades only what is not done, or has changed since. The
 * table is written beside FILE and renamed onto it, and FILE.parts goes
 * once it is there: a table is whole or absent, never half-written.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "grade-build.h"
#include "trace/i18n.h"
#include "spawn.h"

struct grade_batch_sub {
	char		*name;
	struct spawn	 child;
	char		 tsv[PATH_MAX];
	double		 t0, secs;	/* when it started, how long it took */
	uint64_t	 print;		/* what is graded (grade_batch_print) */
	int		 done;		/* its scores are in tsv, kept */
};

/* One batch: the submissions and the test names seen. */
struct grade_batch {
	const struct grade_build_conf *c;
	const struct grade_build_args *a;
	struct grade_batch_sub *subs;
	size_t		 nsubs;
	char		**names;
	size_t		 nnames;
	char		 tmp[PATH_MAX];	/* the scores: FILE.parts or a temporary */
	int		 keep;		/* tmp is FILE.parts: kept when stopped */
	size_t		 before;	/* done by an earlier run */
};

/* Set by SIGINT, SIGTERM and SIGHUP: stop the batch, keep what is done. */
static volatile sig_atomic_t grade_batch_stop;

static void
grade_batch_on_signal(int sig)
{
	(void)sig;
	grade_batch_stop = 1;
}

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
		gb->c->error(_("%s: no submissions (one subdirectory per "
		    "student)"), gb->a->batch);
		return 2;
	}
	qsort(gb->subs, gb->nsubs, sizeof(*gb->subs), grade_batch_cmp);
	return 0;
}

/* FNV-1a, 64 bits: enough to tell one submission's files from another's. */
static uint64_t
grade_batch_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}

static uint64_t
grade_batch_hash_str(uint64_t h, const char *s)
{
	return grade_batch_hash(h, s != NULL ? s : "", s != NULL ? strlen(s) + 1 : 1);
}

/*
 * What a grading depends on: the lab, the hidden seed, the feedback, the
 * tests asked for, and each regular file of the submission (its name,
 * size and modification time, in name order).
 */
static uint64_t
grade_batch_print(const struct grade_batch *gb, const char *name)
{
	const struct grade_build_args *a = gb->a;
	char dir[PATH_MAX], path[PATH_MAX + 256];
	struct dirent **v;
	struct stat st;
	uint64_t h = 0xcbf29ce484222325ULL;
	int i, n;

	h = grade_batch_hash_str(h, a->lab->name);
	h = grade_batch_hash_str(h, a->hidden_seed);
	h = grade_batch_hash_str(h, a->feedback);
	for (i = 0; i < a->ntests; i++)
		h = grade_batch_hash_str(h, a->tests[i]);
	snprintf(dir, sizeof(dir), "%s/%s", a->batch, name);
	if ((n = scandir(dir, &v, NULL, alphasort)) < 0)
		return h;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, v[i]->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			h = grade_batch_hash_str(h, v[i]->d_name);
			h = grade_batch_hash(h, &st.st_size, sizeof(st.st_size));
			h = grade_batch_hash(h, &st.st_mtim, sizeof(st.st_mtim));
		}
		free(v[i]);
	}
	free(v);
	return h;
}

/*
 * A submission an earlier run graded, when FILE.parts/NAME.done holds its
 * scores under the same fingerprint: its first line is
 * "# vmalab batch PRINT STATUS SECONDS", the scores' lines follow.
 */
static void
grade_batch_load(struct grade_batch *gb, struct grade_batch_sub *s)
{
	unsigned long long print;
	char path[PATH_MAX];
	double secs;
	FILE *fp;
	int st;

	if (grade_build_path(path, sizeof(path), "%s/%s.done", gb->tmp,
	    s->name) < 0 || (fp = fopen(path, "r")) == NULL)
		return;
	if (fscanf(fp, "# vmalab batch %llx %d %lf\n", &print, &st,
	    &secs) == 3 && (uint64_t)print == s->print) {
		snprintf(s->tsv, sizeof(s->tsv), "%s", path);
		s->child.status = st;
		s->secs = secs;
		s->done = 1;
		gb->before++;
	}
	fclose(fp);
}

/*
 * Keeps what a child graded: its scores, headed by the fingerprint, into
 * NAME.done (written beside it, then renamed). Only a grading that ended
 * (status 0 or 1) is kept; the rest are graded again next time.
 */
static void
grade_batch_keep(struct grade_batch *gb, struct grade_batch_sub *s)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8], buf[4096];
	int st = s->child.status, ok = 1;
	FILE *in, *out;
	size_t n;

	if (!WIFEXITED(st) || WEXITSTATUS(st) > 1 ||
	    grade_build_path(path, sizeof(path), "%s/%s.done", gb->tmp,
	    s->name) < 0 || (in = fopen(s->tsv, "r")) == NULL)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((out = fopen(tmp, "w")) == NULL) {
		fclose(in);
		return;
	}
	fprintf(out, "# vmalab batch %llx %d %.1f\n",
	    (unsigned long long)s->print, st, s->secs);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			ok = 0;
	fclose(in);
	if (fclose(out) != 0 || !ok || rename(tmp, path) < 0) {
		unlink(tmp);
		return;
	}
	unlink(s->tsv);
	snprintf(s->tsv, sizeof(s->tsv), "%s", path);
	s->done = 1;
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
	fprintf(stderr, "\r");
	fprintf(stderr, done > 0 ? _("graded %zu of %zu, %d:%02d elapsed, "
	    "about %d:%02d left") : _("graded %zu of %zu, %d:%02d elapsed, "
	    "? %d:%02d left"), done, n, (int)el / 60, (int)el % 60,
	    (int)eta / 60, (int)eta % 60);
	fputs("  ", stderr);
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
	s->child.group = 1;	/* what it starts is killed with it */
	if (spawn_start(&s->child) < 0)
		s->child.status = 0;	/* no scores: the row says error */
}

/* Kills the running children's groups and reaps them: the batch stops. */
static void
grade_batch_kill(struct spawn **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i]->running)
			kill(-v[i]->pid, SIGKILL);
	while (spawn_wait_any(v, n, NULL) != NULL)
		;
}

/*
 * Runs the children, a->jobs at a time, until every one has ended, or a
 * signal stops the batch. Returns 0, or -1 when stopped.
 */
static int
grade_batch_schedule(struct grade_batch *gb)
{
	struct spawn **v, *done;
	size_t i, next = 0, running = 0, ended = gb->before;
	int jobs = gb->a->jobs > 0 ? gb->a->jobs : 1;
	double t0 = grade_batch_now();

	if ((v = calloc(gb->nsubs, sizeof(*v))) == NULL)
		return 0;
	for (i = 0; i < gb->nsubs; i++)
		v[i] = &gb->subs[i].child;
	while (!grade_batch_stop && (next < gb->nsubs || running > 0)) {
		while (next < gb->nsubs && running < (size_t)jobs &&
		    !grade_batch_stop) {
			if (gb->subs[next].done) {
				next++;
				continue;
			}
			grade_batch_start(gb, &gb->subs[next++]);
			if (v[next - 1]->running)
				running++;
			else
				ended++;  /* it could not start: a row says error */
		}
		if (running == 0)
			continue;
		grade_batch_progress(ended, gb->nsubs, t0);
		if ((done = spawn_wait_any(v, gb->nsubs, &grade_batch_stop)) ==
		    NULL)
			break;
		for (i = 0; i < gb->nsubs; i++)
			if (&gb->subs[i].child == done) {
				gb->subs[i].secs = grade_batch_now() -
				    gb->subs[i].t0;
				grade_batch_keep(gb, &gb->subs[i]);
			}
		running--;
		ended++;
	}
	if (grade_batch_stop) {
		grade_batch_kill(v, gb->nsubs);
		if (isatty(2))
			fputc('\n', stderr);
	} else
		grade_batch_progress(gb->nsubs, gb->nsubs, t0);
	free(v);
	return grade_batch_stop ? -1 : 0;
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

/* One submission's row. */
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

/* Removes the scores' directory and what is in it. */
static void
grade_batch_clean(struct grade_batch *gb)
{
	size_t i;

	for (i = 0; i < gb->nsubs; i++)
		if (gb->subs[i].tsv[0] != '\0')
			unlink(gb->subs[i].tsv);
	rmdir(gb->tmp);
}

/*
 * The CSV, on stdout or into a->csv (written as a->csv.tmp, renamed onto
 * it when whole). Returns 0, or 2 (said).
 */
static int
grade_batch_csv(struct grade_batch *gb)
{
	char tmp[PATH_MAX + 8];
	FILE *csv = stdout;
	size_t i, k;

	if (gb->a->csv != NULL) {
		snprintf(tmp, sizeof(tmp), "%s.tmp", gb->a->csv);
		if ((csv = fopen(tmp, "w")) == NULL) {
			gb->c->error("%s: %s", tmp, strerror(errno));
			return 2;
		}
	}
	fputs("submission,score,max_score,status,seconds", csv);
	for (k = 0; k < gb->nnames; k++) {
		fputc(',', csv);
		grade_batch_csv_field(csv, gb->names[k]);
	}
	fputc('\n', csv);
	for (i = 0; i < gb->nsubs; i++)
		grade_batch_row(gb, &gb->subs[i], csv, grade_batch_max(gb));
	if (csv == stdout)
		return fflush(stdout) == 0 ? 0 : 2;
	if (fclose(csv) != 0 || rename(tmp, gb->a->csv) < 0) {
		gb->c->error(_("%s: write error"), gb->a->csv);
		unlink(tmp);
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

/*
 * Where the scores go: FILE.parts with --csv FILE (made, or found from a
 * run that was stopped), else a temporary directory. Returns 0, or 2.
 */
static int
grade_batch_dir(struct grade_batch *gb)
{
	const char *t = getenv("TMPDIR");

	if (gb->a->csv != NULL) {
		if (grade_build_path(gb->tmp, sizeof(gb->tmp), "%s.parts",
		    gb->a->csv) < 0 || (mkdir(gb->tmp, 0700) < 0 &&
		    (errno != EEXIST || !grade_build_is_dir(gb->tmp)))) {
			gb->c->error("%s.parts: %s", gb->a->csv, strerror(errno));
			return 2;
		}
		gb->keep = 1;
		return 0;
	}
	snprintf(gb->tmp, sizeof(gb->tmp), "%s/vmalab-batch.XXXXXX",
	    t != NULL && *t ? t : "/tmp");
	if (mkdtemp(gb->tmp) == NULL) {
		gb->c->error(_("cannot make a temporary directory"));
		return 2;
	}
	return 0;
}

/* SIGINT, SIGTERM and SIGHUP to fn, without SA_RESTART (the wait ends). */
static void
grade_batch_signals(void (*fn)(int))
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* What a stopped batch says; its scores are kept or thrown away. */
static void
grade_batch_stopped(struct grade_batch *gb)
{
	size_t i, done = 0;

	for (i = 0; i < gb->nsubs; i++)
		done += gb->subs[i].done;
	if (gb->keep)
		gb->c->error(_("stopped: %zu of %zu submissions graded, kept "
		    "in %s; the same command grades the rest"), done,
		    gb->nsubs, gb->tmp);
	else {
		gb->c->error(_("stopped: %zu of %zu submissions graded; no "
		    "table written (with --csv FILE, a stopped batch can go "
		    "on)"), done, gb->nsubs);
		grade_batch_clean(gb);
	}
}

int
grade_batch_run(const struct grade_build_conf *c,
    const struct grade_build_args *a)
{
	struct grade_batch gb;
	size_t i;
	int rc, stopped;

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
	if (grade_batch_dir(&gb) != 0) {
		grade_batch_free(&gb);
		return 2;
	}
	for (i = 0; i < gb.nsubs; i++) {
		gb.subs[i].print = grade_batch_print(&gb, gb.subs[i].name);
		if (gb.keep)
			grade_batch_load(&gb, &gb.subs[i]);
	}
	if (gb.before > 0)
		fprintf(stderr, _("vmalab: %zu of %zu submissions were graded "
		    "by an earlier run (%s): grading the rest\n"), gb.before,
		    gb.nsubs, gb.tmp);
	grade_batch_signals(grade_batch_on_signal);
	stopped = grade_batch_schedule(&gb);
	grade_batch_signals(SIG_DFL);
	if (stopped) {
		grade_batch_stopped(&gb);
		grade_batch_free(&gb);
		return 2;
	}
	grade_batch_names(&gb);
	if ((rc = grade_batch_csv(&gb)) == 0)
		grade_batch_clean(&gb);
	grade_batch_free(&gb);
	return rc;
}
