/*
 * i18n.h - the one place that says how vmalab's messages are translated.
 *
 * Prose a user reads goes through _() where it is printed, or is marked
 * N_() where it sits in a table and goes through _() when printed; decision
 * ids, code and listing lines never do.  The catalogues are po/LL.po,
 * compiled into $(localedir)/LL/LC_MESSAGES/vmalab.mo (po/README).
 *
 * gettext is glibc's own (libintl is part of libc), so the engine may use
 * this header too.  Built with --disable-nls, or where libc has no
 * gettext, _() is the English string itself.
 */
#ifndef VMALAB_I18N_H
#define VMALAB_I18N_H

#define VMALAB_DOMAIN	"vmalab"

#if defined(ENABLE_NLS) && ENABLE_NLS
#include <libintl.h>
#define _(s)		dgettext(VMALAB_DOMAIN, s)
#define P_(s, p, n)	dngettext(VMALAB_DOMAIN, s, p, n)
#else
#define _(s)		((const char *)(s))
#define P_(s, p, n)	((n) == 1 ? (const char *)(s) : (const char *)(p))
#endif

/* Marks a string for xgettext; it is translated later, by _(). */
#define N_(s)		s

/*
 * A string from a table (marked N_() there), translated; NULL and "" as
 * they are, since gettext("") is the catalogue's header.
 */
static inline const char *
i18n_str(const char *s)
{
	return s == NULL || s[0] == '\0' ? s : _(s);
}

#endif /* VMALAB_I18N_H */
