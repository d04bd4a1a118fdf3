/*
 * render.c - writing a graph: DOT with agwrite, or a picture through
 * libgvc (gvLayout with dot, gvRender, gvFreeLayout).
 *
 * DOT needs nothing but libcgraph. Pictures need the layout and render
 * plugins, which Debian's graphviz package installs and registers (its
 * postinst runs `dot -c`). Without that registration gvContext finds no
 * plugin at all and gvLayout fails: we look before we leap, and say what
 * to do.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gvc.h>

#include "graphs.h"
#include "trace/i18n.h"

static const char no_plugins[] = N_(
	"the Graphviz layout plugins are not configured, so only -T dot "
	"works: install Debian's graphviz package (apt-get install graphviz)"
	", or run 'dot -c' as root to register the plugins that are there");
#define NO_PLUGINS	no_plugins

static GVC_t	*graphs_gvc;
static int	 graphs_checked;	/* 1 ok, -1 no dot layout */

int
graphs_render_format_ok(const char *format)
{
	return strcmp(format, "dot") == 0 || strcmp(format, "svg") == 0 ||
	    strcmp(format, "png") == 0 || strcmp(format, "pdf") == 0;
}

/* Is `name` (or "name:package") in the plugin list of `kind`? */
static int
graphs_has_plugin(const char *kind, const char *name)
{
	char **list;
	size_t n = strlen(name);
	int count = 0, i, found = 0;

	list = gvPluginList(graphs_gvc, kind, &count, NULL);
	for (i = 0; i < count; i++) {
		if (strncmp(list[i], name, n) == 0 &&
		    (list[i][n] == '\0' || list[i][n] == ':'))
			found = 1;
		free(list[i]);
	}
	free(list);
	return found;
}

static int
graphs_context(char *err, size_t errlen)
{
	if (graphs_gvc == NULL && (graphs_gvc = gvContext()) == NULL) {
		snprintf(err, errlen, "%s", _("cannot start Graphviz (gvContext failed)"));
		return -1;
	}
	if (graphs_checked == 0)
		graphs_checked = graphs_has_plugin("layout", "dot") ? 1 : -1;
	if (graphs_checked < 0) {
		snprintf(err, errlen, "%s", i18n_str(NO_PLUGINS));
		return -1;
	}
	return 0;
}

/*
 * Fitting a slide. The tree is laid out by dot with size="W,H!" and
 * ratio=fill: dot spreads the ranks (or the columns) until the drawing
 * has the page's shape, then scales it onto the page. The caption keeps
 * its own size, so the shape is near, not exact: the bounding box dot
 * reports (the "bb" gvLayout sets, in points) says how far, and a second
 * layout, the same but for the pad (the margins that make up the rest),
 * gives the exact page.
 */
static int
graphs_fit_layout(Agraph_t *g, double w_in, double h_in, char *err,
    size_t errlen)
{
	double llx, lly, urx, ury, w, h, k, pw, ph;
	char buf[80];
	const char *bb;

	snprintf(buf, sizeof buf, "%.4f,%.4f!", w_in, h_in);
	agsafeset(g, (char *)"size", buf, (char *)"");
	agsafeset(g, (char *)"ratio", (char *)"fill", (char *)"");
	agsafeset(g, (char *)"pad", (char *)"0", (char *)"");
	if (gvLayout(graphs_gvc, g, "dot") != 0)
		goto fail;
	/* "llx lly urx ury" (gvLayout); commas in what agwrite writes. */
	bb = agget(g, (char *)"bb");
	if (bb == NULL || (sscanf(bb, "%lf %lf %lf %lf", &llx, &lly, &urx,
	    &ury) != 4 && sscanf(bb, "%lf,%lf,%lf,%lf", &llx, &lly, &urx,
	    &ury) != 4) || urx <= llx || ury <= lly) {
		gvFreeLayout(graphs_gvc, g);
		snprintf(err, errlen, "%s", _("Graphviz gave no bounding box to fit"));
		return -1;
	}
	gvFreeLayout(graphs_gvc, g);
	/*
	 * The pad is scaled with the drawing (size applies to both), so it
	 * is what gives the drawing the page's shape, in the drawing's own
	 * inches: on the sides of one too tall, above and below one too wide.
	 */
	w = (urx - llx) / 72.0;
	h = (ury - lly) / 72.0;
	k = w_in / h_in;
	pw = w / h < k ? (h * k - w) / 2 : 0;
	ph = w / h < k ? 0 : (w / k - h) / 2;
	snprintf(buf, sizeof buf, "%.4f,%.4f", pw, ph);
	agsafeset(g, (char *)"pad", buf, (char *)"");
	if (gvLayout(graphs_gvc, g, "dot") != 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, _("Graphviz could not lay out the graph "
	    "(gvLayout failed); %s"), i18n_str(NO_PLUGINS));
	return -1;
}

static int
graphs_write(Agraph_t *g, const char *format, FILE *fp, double w_in,
    double h_in, char *err, size_t errlen)
{
	char buf[80];
	int rc;

	if (strcmp(format, "dot") == 0) {
		/* No layout here: dot -T will fit it, near the shape. */
		if (w_in > 0) {
			snprintf(buf, sizeof buf, "%.4f,%.4f!", w_in, h_in);
			agsafeset(g, (char *)"size", buf, (char *)"");
			agsafeset(g, (char *)"ratio", (char *)"fill",
			    (char *)"");
		}
		if (agwrite(g, fp) != 0) {
			snprintf(err, errlen, "%s", _("agwrite failed"));
			return -1;
		}
		return 0;
	}
	if (graphs_context(err, errlen) < 0)
		return -1;
	if (w_in > 0) {
		if (graphs_fit_layout(g, w_in, h_in, err, errlen) < 0)
			return -1;
	} else if (gvLayout(graphs_gvc, g, "dot") != 0) {
		snprintf(err, errlen, _("Graphviz could not lay out the graph "
		    "(gvLayout failed); %s"), i18n_str(NO_PLUGINS));
		return -1;
	}
	rc = gvRender(graphs_gvc, g, format, fp);
	gvFreeLayout(graphs_gvc, g);
	if (rc != 0) {
		snprintf(err, errlen, _("Graphviz cannot render %s here (no "
		    "plugin for it); Debian's graphviz package renders svg, "
		    "png and pdf"), format);
		return -1;
	}
	return 0;
}

int
graphs_render(Agraph_t *g, const char *format, const char *file, char *err,
    size_t errlen)
{
	return graphs_render_fit(g, format, file, 0, 0, err, errlen);
}

int
graphs_render_fit(Agraph_t *g, const char *format, const char *file,
    double w_in, double h_in, char *err, size_t errlen)
{
	char *tmp;
	size_t n;
	FILE *fp;
	int rc;

	if (!graphs_render_format_ok(format)) {
		snprintf(err, errlen, _("unknown format '%s': expected dot, svg, "
		    "png or pdf"), format);
		return -1;
	}
	if (file == NULL) {
		if (graphs_write(g, format, stdout, w_in, h_in, err, errlen) < 0)
			return -1;
		if (fflush(stdout) != 0 || ferror(stdout)) {
			snprintf(err, errlen, _("write error: %s"),
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	n = strlen(file) + sizeof ".tmp";
	if ((tmp = malloc(n)) == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	snprintf(tmp, n, "%s.tmp", file);
	if ((fp = fopen(tmp, "wb")) == NULL) {
		snprintf(err, errlen, _("cannot write %s: %s"), tmp,
		    strerror(errno));
		free(tmp);
		return -1;
	}
	rc = graphs_write(g, format, fp, w_in, h_in, err, errlen);
	if (ferror(fp) && rc == 0) {
		snprintf(err, errlen, _("%s: write error: %s"), tmp,
		    strerror(errno));
		rc = -1;
	}
	if (fclose(fp) != 0 && rc == 0) {
		snprintf(err, errlen, _("%s: write error: %s"), tmp,
		    strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, file) != 0) {
		snprintf(err, errlen, _("cannot rename %s to %s: %s"), tmp, file,
		    strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		remove(tmp);
	free(tmp);
	return rc;
}

void
graphs_render_end(void)
{
	if (graphs_gvc != NULL)
		gvFreeContext(graphs_gvc);
	graphs_gvc = NULL;
	graphs_checked = 0;
}
