/*
 * frames.c - the files of a figure in frames: DIR/frame-NNNN.FORMAT, and
 * DIR/frames.txt, a line per frame (file, step, caption on one line),
 * written as frames.txt.tmp and renamed once every frame is drawn, so
 * that a failed run leaves no index.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "graphs.h"
#include "trace/i18n.h"

int
graphs_frames_open(struct graphs_frames *f, const char *dir, char *err,
    size_t errlen)
{
	size_t n = strlen(dir) + sizeof "/frames.txt.tmp";

	memset(f, 0, sizeof *f);
	f->dir = dir;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		snprintf(err, errlen, _("cannot create %s: %s"), dir,
		    strerror(errno));
		return -1;
	}
	if ((f->tmp = malloc(n)) == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	snprintf(f->tmp, n, "%s/frames.txt.tmp", dir);
	if ((f->index = fopen(f->tmp, "w")) == NULL) {
		snprintf(err, errlen, _("cannot write %s: %s"), f->tmp,
		    strerror(errno));
		return -1;
	}
	return 0;
}

void
graphs_frames_path(const struct graphs_frames *f, int frame,
    const char *format, char *buf, size_t len)
{
	snprintf(buf, len, "%s/frame-%04d.%s", f->dir, frame, format);
}

void
graphs_frames_add(struct graphs_frames *f, int frame, const char *format,
    unsigned long step, const char *caption)
{
	const char *p;

	if (f->index == NULL)
		return;
	fprintf(f->index, "frame-%04d.%s\t%lu\t", frame, format, step);
	for (p = caption; *p != '\0'; p++)
		fputc(*p == '\n' ? ' ' : *p, f->index);
	fputc('\n', f->index);
}

int
graphs_frames_close(struct graphs_frames *f, int ok, char *err,
    size_t errlen)
{
	char path[4096];
	int rc = 0;

	err[0] = '\0';
	if (f->index == NULL) {
		free(f->tmp);
		f->tmp = NULL;
		return 0;
	}
	if (ferror(f->index) || fclose(f->index) != 0) {
		if (ok)
			snprintf(err, errlen, _("%s: write error"), f->tmp);
		ok = 0;
		rc = -1;
	}
	snprintf(path, sizeof path, "%s/frames.txt", f->dir);
	if (ok && rename(f->tmp, path) != 0) {
		snprintf(err, errlen, _("cannot rename %s to %s: %s"), f->tmp,
		    path, strerror(errno));
		rc = -1;
		ok = 0;
	}
	if (!ok)
		remove(f->tmp);
	free(f->tmp);
	f->index = NULL;
	f->tmp = NULL;
	return rc;
}
