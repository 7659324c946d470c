/*
 * From a generated report to a publication: sign it (the institution's
 * certificate, or an officer's own .p12 for one signing), accept a copy
 * signed elsewhere once it is proven to be our report plus valid
 * signatures, and publish a signed revision for its month, versioned and
 * frozen, with its open-data files written where nginx serves them.
 * A service: it knows the database and the signing engine, not HTTP;
 * metasd's handlers and metasctl share it.
 */
#ifndef METAS_PUBLISH_H
#define METAS_PUBLISH_H

#include <stddef.h>
#include <time.h>

struct arena;
struct actor;
struct conf;
struct db;
struct pdf_signer;
struct pdf_trust;
struct publication_row;

enum publish_result {
	PUBLISH_OK,
	PUBLISH_NOTFOUND,	/* no such report (or revision) in this institution */
	PUBLISH_INVALID,	/* the request cannot be done: err says why (422) */
	PUBLISH_CONFLICT,	/* the state changed or forbids it: err says why (409) */
	PUBLISH_ERROR,		/* database or disk unavailable (503) */
};

/* What a worker (or metasctl) needs besides the database. */
struct publish_env {
	const struct conf	*conf;
	const char		*slug;		/* institution's slug, for file names */
	const struct pdf_trust	*trust;		/* CA store signatures must chain to (may be NULL) */
	int			 pub_dir;	/* publication_dir, opened (-1: none) */
	time_t			 now;		/* 0: the clock */
};

/*
 * Load, once per process before workers fork, the trust store and the
 * institution's certificate (conf signing_p12 + signing_password_file).
 * A missing or unreadable certificate is not fatal: signing with it then
 * answers why. Messages go to the log.
 */
void	publish_init(const struct conf *);
const struct pdf_trust	*publish_trust(void);
/* The institution's signer, or NULL with a Spanish reason in why. */
const struct pdf_signer	*publish_institution_signer(const char **why);
/*
 * The same for e's institution: the server's certificate belongs to the
 * default institution (conf "institution"); another one has none (NULL).
 */
const struct pdf_signer	*publish_signer_for(const struct publish_env *, const char **why);
/*
 * Open (creating) the publication folder; -1 on failure. The master opens
 * it while privileged and keeps the descriptor for the workers
 * (publish_set_dir); publish_dir() gives it back (-1: none).
 */
int	publish_open_dir(const char *path);
void	publish_set_dir(int fd);
int	publish_dir(void);

struct signed_made {
	long long	 id;		/* report_signature row */
	int		 seq;
	int		 signatures;
	char		 sha256[65];
	char		 signer[256];
	char		 signed_at[32];	/* dd/mm/aaaa hh:mm:ss */
	size_t		 size;
};

/*
 * Sign the newest revision of report_id (the report itself, or its newest
 * signed copy: a second signature goes beside the first) with signer;
 * method is "institucional" or "p12". The stamp's QR code points to the
 * report's verification page. Refuses drafts, a third signature, and a
 * certificate outside its validity.
 */
enum publish_result publish_sign(struct db *, struct arena *, const struct publish_env *,
		    long long inst, const struct actor *, long long report_id,
		    const struct pdf_signer *, const char *method, struct signed_made *,
		    char *err, size_t errlen);

/*
 * Accept a copy of report_id signed outside (FirmaEC or any PAdES signer):
 * its first revision must be byte-identical to the generated report and
 * every signature must verify (digest, CMS, chain to the trust store), the
 * newest covering the whole file.
 */
enum publish_result publish_accept_signed(struct db *, struct arena *, const struct publish_env *,
		    long long inst, const struct actor *, long long report_id,
		    const unsigned char *pdf, size_t len, struct signed_made *,
		    char *err, size_t errlen);

/*
 * Publish a signed revision of report_id (signature_id 0: the newest) for
 * the report's month. The first version of a month needs no reason; a
 * later one is a correction and needs a public reason. kind NULL: mensual
 * or correccion by version; "sin_cambios" is set by publish_unchanged().
 * Writes the PDF and the open-data files under publication_dir, then
 * commits; out (may be NULL) gets the stored row.
 */
enum publish_result publish_report(struct db *, struct arena *, const struct publish_env *,
		    long long inst, const struct actor *, long long report_id,
		    long long signature_id, const char *reason, const char *kind,
		    struct publication_row *out, char *err, size_t errlen);

/*
 * "Sin cambios": the content of the month before period, published again
 * for period with today's update date, in one action: generate the
 * report, sign it with the institution's certificate, publish it. Refused
 * when the month before has no publication or the catalogue changed since.
 */
enum publish_result publish_unchanged(struct db *, struct arena *, const struct publish_env *,
		    long long inst, const struct actor *, int period,
		    struct publication_row *out, char *err, size_t errlen);

/* The public names: "lotaip-a4-SLUG-YYYY-MM-vN.pdf", "...-vN-datos.csv", ... */
const char	*publish_file_name(struct arena *, const char *slug, const char *period, int version,
		    const char *file);
/* The public URL path of a published file: /transparencia/archivos/SLUG/YYYY-MM/vN/NAME */
const char	*publish_file_url(struct arena *, const char *slug, const char *period, int version,
		    const char *file);

#endif
