/*
 * Generating the a4 report of a month: load the matrix of the month's plan
 * year, decide whether it is a draft (some active unit has not approved
 * the month), render it (report_pdf.c), hash it, and store it with who and
 * when in one transaction with its audit row. A service function: it
 * knows the database layer, not HTTP; metasd's handlers and metasctl share
 * it.
 */
#ifndef METAS_REPORT_H
#define METAS_REPORT_H

#include <stddef.h>

struct arena;
struct db;
struct actor;

enum report_result {
	REPORT_OK,
	REPORT_NOPLAN,		/* no institution, or no plan year for the period's year */
	REPORT_RENDER,		/* the PDF could not be made: err says why */
	REPORT_ERROR,		/* database unavailable */
};

struct report_made {
	long long	 id;
	int		 draft;
	int		 annex;		/* the progress annex is in it */
	char		 sha256[65];
	const char	*pdf;		/* len bytes in the arena */
	size_t		 len;
	int		 pages;
	size_t		 replaced;	/* characters the fonts could not show ('?') */
};

/*
 * Generate and store the report of period (year*100+month) for institution
 * slug (id inst); with annex set, the progress annex follows the contact
 * block (the flag is kept in the audit row: the report table has no column
 * for it). font_dir NULL = the default. On REPORT_OK *out describes the
 * stored report; its pdf lives in the arena.
 */
enum report_result report_generate(struct db *, struct arena *, const char *slug,
		    long long inst, const struct actor *, int period, int annex,
		    const char *font_dir, struct report_made *out, char *err, size_t errlen);

/* "lotaip-a4-SLUG-YYYY-MM.pdf" (slug reduced to [a-z0-9-]), in the arena. */
const char	*report_filename(struct arena *, const char *slug, const char *period);

#endif
