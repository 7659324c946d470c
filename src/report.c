/*
 * The a4 report service: generate, hash, store and audit (report.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "account.h"
#include "arena.h"
#include "db.h"
#include "json.h"
#include "matrix.h"
#include "metrics.h"
#include "monthly.h"
#include "opendata.h"
#include "report.h"
#include "report_pdf.h"

/* Lowercase hex SHA-256 of data into hex[65]. 0, or -1 when OpenSSL fails. */
static int
sha256_hex(const char *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
		return -1;
	for (unsigned i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return 0;
}

/*
 * The audit row's after image: {"period","draft","annex","sha256","size","pages",
 * "files":{name: sha256, ...}}.
 */
static const char *
audit_json(struct arena *a, const char *period, const struct report_made *r)
{
	cJSON *o = json_object(), *files;

	if (cJSON_AddStringToObject(o, "period", period) == NULL ||
	    cJSON_AddBoolToObject(o, "draft", r->draft) == NULL ||
	    cJSON_AddBoolToObject(o, "annex", r->annex) == NULL ||
	    cJSON_AddStringToObject(o, "sha256", r->sha256) == NULL ||
	    cJSON_AddNumberToObject(o, "size", (double)r->len) == NULL ||
	    cJSON_AddNumberToObject(o, "pages", r->pages) == NULL ||
	    (files = cJSON_AddObjectToObject(o, "files")) == NULL)
		oom();
	for (int i = 0; i < REPORT_NFILES; i++)
		if (cJSON_AddStringToObject(files, r->files[i].name, r->files[i].sha256) == NULL)
			oom();
	return json_to_arena(a, o);
}

/*
 * The months of every unit of m for the annex, in the matrix's order, as
 * the monthly pages show them (monthly_load). "Today" is the report's
 * month itself: the annex shows the months up to it, whatever the date.
 */
static enum report_result
annex_units(struct db *db, struct arena *a, long long inst, const struct matrix *m, int period,
    struct unit_month **out, size_t *n)
{
	struct ymd upto = { period / 100, period % 100, 1 };

	*out = arena_calloc(a, m->nunits ? m->nunits : 1, sizeof(**out));
	*n = 0;
	for (size_t l = 0; l < m->nlevels; l++)
		for (size_t u = 0; u < m->levels[l].nunits; u++) {
			/* the deadline day does not matter here: only values are read */
			if (monthly_load(db, a, inst, m->levels[l].units[u].id, period, upto, 10,
			    &(*out)[*n]) != MONTH_OK)
				return REPORT_ERROR;
			(*n)++;
		}
	return REPORT_OK;
}

/*
 * The four open-data files of m (opendata.c) into out->files, in the order
 * of enum od_kind (datos.csv first), each with its SHA-256. 0, or -1 when
 * OpenSSL fails.
 */
static int
open_data(struct arena *a, const struct matrix *m, int period, struct report_made *out)
{
	struct od_file f[OD__MAX];

	_Static_assert(OD__MAX == REPORT_NFILES, "one report_made_file per open-data file");
	opendata_build(a, m, period, m->data_date, f);
	for (int i = 0; i < OD__MAX; i++) {
		out->files[i].name = f[i].name;
		out->files[i].content_type = f[i].content_type;
		out->files[i].data = f[i].data;
		out->files[i].len = f[i].len;
		if (sha256_hex(f[i].data, f[i].len, out->files[i].sha256) != 0)
			return -1;
	}
	return 0;
}

/* Insert the report's files (inside its transaction). */
static enum db_status
store_files(struct db *db, long long inst, const struct report_made *r)
{
	enum db_status st = DB_OK;

	for (int i = 0; i < REPORT_NFILES && st == DB_OK; i++) {
		struct report_file_row f;

		memset(&f, 0, sizeof(f));
		f.name = r->files[i].name;
		f.content_type = r->files[i].content_type;
		f.sha256 = r->files[i].sha256;
		f.size = (long long)r->files[i].len;
		f.content = r->files[i].data;
		st = db_report_file_insert(db, inst, r->id, &f);
	}
	return st;
}

/*
 * The report of period made from data_period's approvals (the same month,
 * or the month a "sin cambios" report repeats), with data_date (NULL: the
 * plan year's) as its update date.
 */
static enum report_result
generate(struct db *db, struct arena *a, const char *slug, long long inst,
    const struct actor *who, int period, int data_period, const char *data_date, int annex,
    const char *font_dir, struct report_made *out, char *err, size_t errlen)
{
	struct matrix m;
	struct dash_row *rows;
	struct report_opts o;
	struct report_stats stats;
	struct report_row row;
	struct buf pdf;
	const char *ptext = arena_printf(a, "%04d-%02d", period / 100, period % 100);
	size_t n;
	enum db_status st;

	memset(out, 0, sizeof(*out));
	err[0] = '\0';
	st = db_matrix_load(db, a, slug, period / 100, &m);
	if (st == DB_NOTFOUND || (st == DB_OK && m.institution_id != inst)) {
		snprintf(err, errlen, "No hay un plan anual de %d: cargue el catálogo de ese año "
		    "antes de generar el informe.", period / 100);
		return REPORT_NOPLAN;
	}
	if (st != DB_OK || monthly_dashboard(db, a, inst, data_period, &rows, &n) != MONTH_OK)
		return REPORT_ERROR;
	if (data_date != NULL)
		m.data_date = data_date;
	/* a draft while a unit expected to report has not approved the month (dash_row) */
	for (size_t i = 0; i < n; i++)
		if (rows[i].expected && rows[i].state != PS_APROBADO)
			out->draft = 1;
	/* the open data first, from the same matrix: the PDF prints datos.csv's hash */
	if (open_data(a, &m, period, out) != 0) {
		snprintf(err, errlen, "No se pudo calcular el SHA-256 de los datos abiertos.");
		return REPORT_RENDER;
	}
	memset(&o, 0, sizeof(o));
	o.period = period;
	o.dataset_sha256 = out->files[OD_DATOS].sha256;
	o.draft = out->draft;
	o.font_dir = font_dir;
	if (annex) {
		struct unit_month *units;

		out->annex = o.annex = 1;
		if (annex_units(db, a, inst, &m, period, &units, &o.nunits) != REPORT_OK)
			return REPORT_ERROR;
		o.units = units;
	}
	buf_init(&pdf, a);
	if (report_pdf_render(&m, &o, &pdf, &stats, err, errlen) != 0)
		return REPORT_RENDER;
	if (sha256_hex(pdf.data, pdf.len, out->sha256) != 0) {
		snprintf(err, errlen, "No se pudo calcular el SHA-256 del informe.");
		return REPORT_RENDER;
	}
	out->pdf = pdf.data;
	out->len = pdf.len;
	out->pages = stats.pages;
	out->replaced = stats.replaced;

	memset(&row, 0, sizeof(row));
	row.period = ptext;
	row.draft = out->draft;
	row.sha256 = out->sha256;
	row.size = (long long)pdf.len;
	row.pages = stats.pages;
	row.pdf = pdf.data;
	row.created_by = who->name && who->name[0] ? who->name : "metasctl";
	if (data_period != period)
		row.data_period = arena_printf(a, "%04d-%02d", data_period / 100, data_period % 100);
	if (db_begin(db) != DB_OK)
		return REPORT_ERROR;
	if (db_report_insert(db, inst, &row, who->id, &out->id) != DB_OK ||
	    store_files(db, inst, out) != DB_OK ||
	    db_audit_insert(db, inst, who, "generate", "report", arena_printf(a, "%lld", out->id),
	    NULL, audit_json(a, ptext, out)) != DB_OK ||
	    db_commit(db) != DB_OK) {
		db_rollback(db);
		out->id = 0;
		return REPORT_ERROR;
	}
	metrics_report_generated();
	return REPORT_OK;
}

enum report_result
report_generate(struct db *db, struct arena *a, const char *slug, long long inst,
    const struct actor *who, int period, int annex, const char *font_dir,
    struct report_made *out, char *err, size_t errlen)
{
	return generate(db, a, slug, inst, who, period, period, NULL, annex, font_dir, out, err,
	    errlen);
}

enum report_result
report_generate_as(struct db *db, struct arena *a, const char *slug, long long inst,
    const struct actor *who, int period, int data_period, const char *data_date,
    const char *font_dir, struct report_made *out, char *err, size_t errlen)
{
	return generate(db, a, slug, inst, who, period, data_period, data_date, 0, font_dir, out,
	    err, errlen);
}

const char *
report_filename(struct arena *a, const char *slug, const char *period)
{
	char *s = arena_printf(a, "lotaip-a4-%s-%s.pdf", slug, period);

	for (char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			*p = '-';
	return s;
}

const char *
report_data_filename(struct arena *a, const char *slug, const char *period, const char *name)
{
	const char *pdf = report_filename(a, slug, period);
	size_t n = strlen(pdf) - 4;	/* without ".pdf" */

	return arena_printf(a, "%.*s-%s", (int)n, pdf, name);
}
