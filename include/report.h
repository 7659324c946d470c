/*
 * Generating the a4 report of a month: load the matrix of the month's plan
 * year, decide whether it is a draft (some active unit has not approved
 * the month), make its open-data files from that matrix (opendata.c),
 * render it with the dataset's SHA-256 in the footer (report_pdf.c), hash
 * it, and store the report, its files and its audit row in one
 * transaction. A service function: it
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

/* One open-data file of the report (opendata.h), as stored in report_file. */
struct report_made_file {
	const char	*name;		/* datos.csv | metadatos.csv | diccionario.csv | datos.json */
	const char	*content_type;
	const char	*data;		/* len bytes in the arena */
	size_t		 len;
	char		 sha256[65];
};
#define REPORT_NFILES	4

struct report_made {
	long long	 id;
	int		 draft;
	int		 annex;		/* the progress annex is in it */
	char		 sha256[65];
	const char	*pdf;		/* len bytes in the arena */
	size_t		 len;
	int		 pages;
	size_t		 replaced;	/* characters the fonts could not show ('?') */
	/* the open-data files, made from the same matrix; files[0] is datos.csv,
	 * whose SHA-256 the PDF's footer prints */
	struct report_made_file files[REPORT_NFILES];
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

/*
 * The same for a "sin cambios" publication: the report of period whose
 * content and definitive state are data_period's (the month it repeats),
 * with data_date (dd/mm/aaaa) as the update date. No annex.
 */
enum report_result report_generate_as(struct db *, struct arena *, const char *slug,
		    long long inst, const struct actor *, int period, int data_period,
		    const char *data_date, const char *font_dir, struct report_made *out,
		    char *err, size_t errlen);

/* "lotaip-a4-SLUG-YYYY-MM.pdf" (slug reduced to [a-z0-9-]), in the arena. */
const char	*report_filename(struct arena *, const char *slug, const char *period);
/* "lotaip-a4-SLUG-YYYY-MM-NAME" for an open-data file (datos.csv ...), in the arena. */
const char	*report_data_filename(struct arena *, const char *slug, const char *period,
		    const char *name);

#endif
