/*
 * Signing, accepting signed copies and publishing (publish.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "account.h"
#include "arena.h"
#include "conf.h"
#include "db.h"
#include "form.h"
#include "json.h"
#include "log.h"
#include "matrix.h"
#include "metrics.h"
#include "monthly.h"
#include "pdf_sign.h"
#include "publish.h"
#include "report.h"
#include "report_pdf.h"

#define SIGN_REASON	"Publicación LOTAIP literal a4"
#define MAX_SIGNATURES	2	/* stamps the report's last page has room for */
#define MAX_PDF		(64u * 1024 * 1024)

/* ---- process-wide: trust store and the institution's certificate ---------------- */

static struct pdf_trust *trust;
static struct pdf_signer *inst_signer;
static char inst_why[256] = "No hay un certificado institucional configurado (signing_p12).";

static int
read_file(const char *path, unsigned char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	*len = 0;
	if (f == NULL)
		return -1;
	for (;;) {
		if (n == cap) {
			unsigned char *q;

			cap = cap ? cap * 2 : 64 * 1024;
			if (cap > MAX_PDF || (q = realloc(p, cap)) == NULL) {
				free(p);
				fclose(f);
				return -1;
			}
			p = q;
		}
		size_t k = fread(p + n, 1, cap - n, f);

		n += k;
		if (k == 0)
			break;
	}
	if (ferror(f)) {
		free(p);
		fclose(f);
		return -1;
	}
	fclose(f);
	*out = p;
	*len = n;
	return 0;
}

void
publish_init(const struct conf *c)
{
	char err[256], pw[256];
	unsigned char *p12;
	size_t len;

	if (c->trust_store[0] != '\0' && (trust = pdf_trust_load(c->trust_store, err,
	    sizeof(err))) == NULL)
		log_msg(LOG_WARN, "trust_store %s: %s", c->trust_store, err);
	if (c->signing_p12[0] == '\0')
		return;
	if (read_file(c->signing_p12, &p12, &len) != 0) {
		log_msg(LOG_WARN, "signing_p12 %s: %s", c->signing_p12, strerror(errno));
		snprintf(inst_why, sizeof(inst_why), "El certificado institucional no se puede leer "
		    "en el servidor (signing_p12).");
		return;
	}
	if (conf_read_secret(c->signing_password_file, pw, sizeof(pw), err, sizeof(err)) != 0) {
		log_msg(LOG_WARN, "signing_password_file: %s", err);
		snprintf(inst_why, sizeof(inst_why), "La contraseña del certificado institucional no "
		    "se puede leer en el servidor (signing_password_file).");
	} else if (pdf_signer_load_p12(p12, len, pw, time(NULL), &inst_signer, inst_why,
	    sizeof(inst_why)) != PDF_LOAD_OK) {
		log_msg(LOG_WARN, "signing_p12 %s: %s", c->signing_p12, inst_why);
		inst_signer = NULL;
	} else {
		struct pdf_cert_info ci;

		pdf_signer_info(inst_signer, &ci);
		log_msg(LOG_INFO, "institution certificate: %s (serial %s)", ci.name, ci.serial);
	}
	OPENSSL_cleanse(pw, sizeof(pw));
	OPENSSL_cleanse(p12, len);
	free(p12);
}

const struct pdf_trust *
publish_trust(void)
{
	return trust;
}

const struct pdf_signer *
publish_institution_signer(const char **why)
{
	*why = inst_why;
	return inst_signer;
}

const struct pdf_signer *
publish_signer_for(const struct publish_env *e, const char **why)
{
	if (e->slug != NULL && strcmp(e->slug, e->conf->institution) != 0) {
		*why = "Esta institución no tiene un certificado institucional en el servidor (el "
		    "que hay es de otra institución).";
		return NULL;
	}
	return publish_institution_signer(why);
}

static int pub_dir_fd = -1;

void
publish_set_dir(int fd)
{
	pub_dir_fd = fd;
}

int
publish_dir(void)
{
	return pub_dir_fd;
}

int
publish_open_dir(const char *path)
{
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return -1;
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* ---- helpers -------------------------------------------------------------------- */

static time_t
env_now(const struct publish_env *e)
{
	return e->now ? e->now : time(NULL);
}

/* Ecuador's time (UTC-5, no daylight saving) as "%Y-%m-%d %H:%M:%S" or "%d/%m/%Y %H:%M:%S". */
static void
ec_time(time_t t, int display, char *out, size_t len)
{
	time_t local = t - 5 * 3600;
	struct tm tm;

	gmtime_r(&local, &tm);
	strftime(out, len, display ? "%d/%m/%Y %H:%M:%S" : "%Y-%m-%d %H:%M:%S", &tm);
}

static void
sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32) {
		memset(hex, '0', 64);
		hex[64] = '\0';
		return;
	}
	for (unsigned i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

static const char *
audit_signed(struct arena *a, const struct signature_row *s)
{
	cJSON *o = json_object();

	if (cJSON_AddNumberToObject(o, "report_id", (double)s->report_id) == NULL ||
	    cJSON_AddNumberToObject(o, "revision", s->seq) == NULL ||
	    cJSON_AddNumberToObject(o, "signatures", s->signatures) == NULL ||
	    cJSON_AddStringToObject(o, "method", s->method) == NULL ||
	    cJSON_AddStringToObject(o, "signer", s->signer_name) == NULL ||
	    cJSON_AddStringToObject(o, "serial", s->signer_serial) == NULL ||
	    cJSON_AddStringToObject(o, "signed_at", s->signed_at) == NULL ||
	    cJSON_AddStringToObject(o, "sha256", s->sha256) == NULL)
		oom();
	return json_to_arena(a, o);
}

/* Store a signed revision with its audit row; fills *made. */
static enum publish_result
store_signed(struct db *db, struct arena *a, long long inst, const struct actor *who,
    struct signature_row *s, struct signed_made *made, char *err, size_t errlen)
{
	enum db_status st;
	long long id;

	s->created_by = who->name && who->name[0] ? who->name : "metasctl";
	if (db_begin(db) != DB_OK)
		return PUBLISH_ERROR;
	st = db_signature_insert(db, inst, s, who->id, &id);
	if (st == DB_OK)
		st = db_audit_insert(db, inst, who, "sign", "report", arena_printf(a, "%lld",
		    s->report_id), NULL, audit_signed(a, s));
	if (st == DB_OK)
		st = db_commit(db);
	if (st != DB_OK) {
		db_rollback(db);
		if (st == DB_DUPLICATE) {
			snprintf(err, errlen, "Otra persona guardó una firma de este informe al mismo "
			    "tiempo. Vuelva a cargar la página y revise las firmas.");
			return PUBLISH_CONFLICT;
		}
		return PUBLISH_ERROR;
	}
	memset(made, 0, sizeof(*made));
	made->id = id;
	made->seq = s->seq;
	made->signatures = s->signatures;
	snprintf(made->sha256, sizeof(made->sha256), "%s", s->sha256);
	snprintf(made->signer, sizeof(made->signer), "%s", s->signer_name);
	made->size = (size_t)s->size;
	metrics_report_signed();
	return PUBLISH_OK;
}

/*
 * The report and the bytes the next signature goes over: the newest signed
 * revision, or the report itself. *prev_seq / *prev_sigs are 0 for the
 * report itself.
 */
static enum publish_result
load_current(struct db *db, struct arena *a, long long inst, long long report_id,
    struct report_row *r, const char **pdf, size_t *len, int *prev_seq, int *prev_sigs,
    char *err, size_t errlen)
{
	struct signature_row s;
	enum db_status st = db_report_get(db, a, inst, report_id, r);

	if (st == DB_NOTFOUND) {
		snprintf(err, errlen, "El informe no existe.");
		return PUBLISH_NOTFOUND;
	}
	if (st != DB_OK)
		return PUBLISH_ERROR;
	if (r->draft) {
		snprintf(err, errlen, "Este informe es un borrador: no todas las unidades habían "
		    "aprobado el mes cuando se generó. Cuando todas lo aprueben, genere el informe "
		    "de nuevo y firme ese.");
		return PUBLISH_INVALID;
	}
	st = db_signature_latest(db, a, inst, report_id, &s);
	if (st == DB_NOTFOUND) {
		*pdf = r->pdf;
		*len = (size_t)r->size;
		*prev_seq = *prev_sigs = 0;
		return PUBLISH_OK;
	}
	if (st != DB_OK)
		return PUBLISH_ERROR;
	*pdf = s.pdf;
	*len = (size_t)s.size;
	*prev_seq = s.seq;
	*prev_sigs = s.signatures;
	return PUBLISH_OK;
}

static const char *
verify_url(struct arena *a, const struct publish_env *e, const char *report_sha)
{
	const char *base = e->conf->public_url;
	size_t n = strlen(base);
	/* Another institution than the default one is reached through its path prefix. */
	int other = e->slug != NULL && strcmp(e->slug, e->conf->institution) != 0;

	while (n > 0 && base[n - 1] == '/')
		n--;
	return arena_printf(a, "%.*s%s%s/transparencia/verificar/%s", (int)n, base,
	    other ? "/i/" : "", other ? e->slug : "", report_sha);
}

/* ---- signing -------------------------------------------------------------------- */

enum publish_result
publish_sign(struct db *db, struct arena *a, const struct publish_env *e, long long inst,
    const struct actor *who, long long report_id, const struct pdf_signer *signer,
    const char *method, struct signed_made *made, char *err, size_t errlen)
{
	struct report_row r;
	struct signature_row s;
	struct pdf_cert_info ci;
	struct pdf_stamp stamp;
	struct buf out;
	const char *pdf;
	size_t len;
	int prev_seq, prev_sigs;
	time_t now = env_now(e);
	char when[32];
	enum publish_result res;

	err[0] = '\0';
	if ((res = load_current(db, a, inst, report_id, &r, &pdf, &len, &prev_seq, &prev_sigs, err,
	    errlen)) != PUBLISH_OK)
		return res;
	if (prev_sigs >= MAX_SIGNATURES) {
		snprintf(err, errlen, "El informe ya tiene %d firmas; no admite más.", prev_sigs);
		return PUBLISH_CONFLICT;
	}
	pdf_signer_info(signer, &ci);
	if (now < ci.not_before || now > ci.not_after) {
		snprintf(err, errlen, now > ci.not_after ? "El certificado de %s caducó; no puede "
		    "firmar." : "El certificado de %s todavía no es válido; no puede firmar.", ci.name);
		return PUBLISH_INVALID;
	}
	memset(&stamp, 0, sizeof(stamp));
	stamp.when = now;
	stamp.reason = SIGN_REASON;
	stamp.location = e->conf->signing_location;
	stamp.verify_url = verify_url(a, e, r.sha256);
	rpdf_sig_rect(prev_sigs, stamp.rect);
	buf_init(&out, a);
	if (pdf_sign(signer, (const unsigned char *)pdf, len, &stamp, &out, err, errlen) != 0)
		return PUBLISH_INVALID;
	/*
	 * Check what we made as a citizen's verifier will: every signature
	 * valid and chained to the trust store (an officer's certificate from
	 * an unknown authority is refused here, not discovered later).
	 */
	{
		struct pdf_sig sigs[MAX_SIGNATURES + 1];
		size_t n = 0;
		char verr[256];

		if (pdf_verify((const unsigned char *)out.data, out.len, e->trust, sigs,
		    MAX_SIGNATURES + 1, &n, verr, sizeof(verr)) != 0 || n != (size_t)prev_sigs + 1) {
			snprintf(err, errlen, "La firma recién hecha no se pudo verificar: no se guardó.");
			return PUBLISH_INVALID;
		}
		for (size_t i = 0; i < n; i++)
			if (!sigs[i].digest_ok || !sigs[i].signature_ok || !sigs[i].chain_ok) {
				snprintf(err, errlen, "No se guardó la firma. %s", sigs[i].problem[0] ?
				    sigs[i].problem : "La firma no es válida.");
				return PUBLISH_INVALID;
			}
	}
	ec_time(now, 0, when, sizeof(when));
	memset(&s, 0, sizeof(s));
	s.report_id = report_id;
	s.seq = prev_seq + 1;
	s.signatures = prev_sigs + 1;
	s.method = method;
	s.signer_name = arena_strdup(a, ci.name);
	s.signer_subject = arena_strdup(a, ci.subject);
	s.signer_issuer = arena_strdup(a, ci.issuer);
	s.signer_serial = arena_strdup(a, ci.serial);
	s.signed_at = when;
	s.sha256 = arena_alloc(a, 65);
	sha256_hex(out.data, out.len, (char *)s.sha256);
	s.size = (long long)out.len;
	s.pdf = out.data;
	if ((res = store_signed(db, a, inst, who, &s, made, err, errlen)) != PUBLISH_OK)
		return res;
	ec_time(now, 1, made->signed_at, sizeof(made->signed_at));
	return PUBLISH_OK;
}

enum publish_result
publish_accept_signed(struct db *db, struct arena *a, const struct publish_env *e, long long inst,
    const struct actor *who, long long report_id, const unsigned char *pdf, size_t len,
    struct signed_made *made, char *err, size_t errlen)
{
	struct report_row r;
	struct signature_row s;
	struct pdf_sig sigs[8];
	const struct pdf_sig *last;
	const char *cur;
	size_t n = 0, curlen;
	int prev_seq, prev_sigs;
	char when[32], verr[256];
	enum publish_result res;

	err[0] = '\0';
	if ((res = load_current(db, a, inst, report_id, &r, &cur, &curlen, &prev_seq, &prev_sigs,
	    err, errlen)) != PUBLISH_OK)
		return res;
	if (len <= (size_t)r.size || memcmp(pdf, r.pdf, (size_t)r.size) != 0) {
		snprintf(err, errlen, "El archivo no es este informe firmado: su contenido original "
		    "no es idéntico, byte a byte, al informe que generó el sistema (¿lo volvió a "
		    "exportar o a generar?). Descargue el PDF sin firmar de esta página, fírmelo sin "
		    "modificarlo y súbalo de nuevo.");
		return PUBLISH_INVALID;
	}
	if (pdf_verify(pdf, len, e->trust, sigs, sizeof(sigs) / sizeof(sigs[0]), &n, verr,
	    sizeof(verr)) != 0) {
		snprintf(err, errlen, "El archivo no se puede leer como PDF firmado: %s", verr);
		return PUBLISH_INVALID;
	}
	if (n == 0) {
		snprintf(err, errlen, "El archivo no tiene ninguna firma electrónica.");
		return PUBLISH_INVALID;
	}
	if (n > sizeof(sigs) / sizeof(sigs[0]) || n > MAX_SIGNATURES) {
		snprintf(err, errlen, "El archivo tiene %zu firmas; se admiten hasta %d.", n,
		    MAX_SIGNATURES);
		return PUBLISH_INVALID;
	}
	for (size_t i = 0; i < n; i++) {
		if (!sigs[i].digest_ok || !sigs[i].signature_ok || !sigs[i].chain_ok) {
			snprintf(err, errlen, "La firma %zu de %s no es válida: %s", i + 1,
			    sigs[i].cert.name[0] ? sigs[i].cert.name : "(sin nombre)",
			    sigs[i].problem[0] ? sigs[i].problem : "no se pudo verificar.");
			return PUBLISH_INVALID;
		}
		if (sigs[i].covered_end < (size_t)r.size) {
			snprintf(err, errlen, "La firma %zu no cubre el informe completo.", i + 1);
			return PUBLISH_INVALID;
		}
	}
	last = &sigs[n - 1];
	for (size_t i = 0; i < n; i++)
		if (sigs[i].covered_end > last->covered_end)
			last = &sigs[i];
	if (!last->covers_whole) {
		snprintf(err, errlen, "El archivo tiene contenido añadido después de la última firma: "
		    "no se acepta.");
		return PUBLISH_INVALID;
	}
	ec_time(last->signed_at ? last->signed_at : env_now(e), 0, when, sizeof(when));
	memset(&s, 0, sizeof(s));
	s.report_id = report_id;
	s.seq = prev_seq + 1;
	s.signatures = (int)n;
	s.method = "externo";
	s.signer_name = arena_strdup(a, last->cert.name);
	s.signer_subject = arena_strdup(a, last->cert.subject);
	s.signer_issuer = arena_strdup(a, last->cert.issuer);
	s.signer_serial = arena_strdup(a, last->cert.serial);
	s.signed_at = when;
	s.sha256 = arena_alloc(a, 65);
	sha256_hex(pdf, len, (char *)s.sha256);
	s.size = (long long)len;
	s.pdf = (const char *)pdf;
	if ((res = store_signed(db, a, inst, who, &s, made, err, errlen)) != PUBLISH_OK)
		return res;
	ec_time(last->signed_at ? last->signed_at : env_now(e), 1, made->signed_at,
	    sizeof(made->signed_at));
	return PUBLISH_OK;
}

/* ---- publication ---------------------------------------------------------------- */

const char *
publish_file_name(struct arena *a, const char *slug, const char *period, int version,
    const char *file)
{
	const char *base = report_filename(a, slug, period);	/* lotaip-a4-SLUG-YYYY-MM.pdf */
	size_t n = strlen(base) - 4;

	if (strcmp(file, "pdf") == 0)
		return arena_printf(a, "%.*s-v%d.pdf", (int)n, base, version);
	return arena_printf(a, "%.*s-v%d-%s", (int)n, base, version, file);
}

const char *
publish_file_url(struct arena *a, const char *slug, const char *period, int version,
    const char *file)
{
	return arena_printf(a, "/transparencia/archivos/%s/%s/v%d/%s", slug, period, version,
	    publish_file_name(a, slug, period, version, file));
}

/* Write data as dir/name through a temporary name and a rename; 0 or -1. */
static int
write_at(int dir, const char *name, const void *data, size_t len)
{
	char tmp[300];
	const char *p = data;
	size_t done = 0;
	int fd, rc = -1;

	snprintf(tmp, sizeof(tmp), ".%s.%d", name, (int)getpid());
	if ((fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		return -1;
	while (done < len) {
		ssize_t k = write(fd, p + done, len - done);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			goto out;
		done += (size_t)k;
	}
	rc = fsync(fd);
out:
	close(fd);
	if (rc == 0 && renameat(dir, tmp, dir, name) != 0)
		rc = -1;
	if (rc != 0)
		(void)unlinkat(dir, tmp, 0);
	return rc;
}

/* Open (creating) SLUG/PERIOD/vN under the publication folder. */
static int
version_dir(int root, const char *slug, const char *period, int version)
{
	char path[160];

	if (root < 0)
		return -1;
	if (mkdirat(root, slug, 0755) != 0 && errno != EEXIST)
		return -1;
	snprintf(path, sizeof(path), "%s/%s", slug, period);
	if (mkdirat(root, path, 0755) != 0 && errno != EEXIST)
		return -1;
	snprintf(path, sizeof(path), "%s/%s/v%d", slug, period, version);
	if (mkdirat(root, path, 0755) != 0 && errno != EEXIST)
		return -1;
	return openat(root, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static const char *
audit_published(struct arena *a, const struct publication_row *p)
{
	cJSON *o = json_object();

	if (cJSON_AddStringToObject(o, "period", p->period) == NULL ||
	    cJSON_AddNumberToObject(o, "version", p->version) == NULL ||
	    cJSON_AddStringToObject(o, "kind", p->kind) == NULL ||
	    cJSON_AddStringToObject(o, "reason", p->reason ? p->reason : "") == NULL ||
	    cJSON_AddNumberToObject(o, "report_id", (double)p->report_id) == NULL ||
	    cJSON_AddNumberToObject(o, "signature_id", (double)p->signature_id) == NULL ||
	    cJSON_AddStringToObject(o, "sha256", p->sha256) == NULL ||
	    cJSON_AddStringToObject(o, "dataset_sha256", p->dataset_sha256) == NULL)
		oom();
	return json_to_arena(a, o);
}

enum publish_result
publish_report(struct db *db, struct arena *a, const struct publish_env *e, long long inst,
    const struct actor *who, long long report_id, long long signature_id, const char *reason,
    const char *kind, struct publication_row *out, char *err, size_t errlen)
{
	struct report_row r;
	struct signature_row s;
	static const char *const file_names[] = { "datos.csv", "metadatos.csv", "diccionario.csv",
	    "datos.json" };
	struct report_file_row files[4];
	struct publication_row p;
	const size_t nfiles = 4;
	const char *dataset_sha = NULL;
	enum db_status st;
	int version, dir = -1, wrote = 0;
	long long id;
	char **names;

	err[0] = '\0';
	st = db_report_get(db, a, inst, report_id, &r);
	if (st == DB_NOTFOUND) {
		snprintf(err, errlen, "El informe no existe.");
		return PUBLISH_NOTFOUND;
	}
	if (st != DB_OK)
		return PUBLISH_ERROR;
	if (r.draft) {
		snprintf(err, errlen, "Un borrador no se publica: no todas las unidades habían "
		    "aprobado el mes cuando se generó.");
		return PUBLISH_INVALID;
	}
	st = signature_id ? db_signature_get(db, a, inst, signature_id, &s) :
	    db_signature_latest(db, a, inst, report_id, &s);
	if (st == DB_NOTFOUND || (st == DB_OK && s.report_id != report_id)) {
		snprintf(err, errlen, signature_id ? "Esa firma no es de este informe." :
		    "Firme el informe antes de publicarlo.");
		return signature_id ? PUBLISH_NOTFOUND : PUBLISH_INVALID;
	}
	if (st != DB_OK)
		return PUBLISH_ERROR;
	for (size_t i = 0; i < nfiles; i++) {
		st = db_report_file_get(db, a, inst, report_id, file_names[i], &files[i]);
		if (st == DB_NOTFOUND)
			break;
		if (st != DB_OK)
			return PUBLISH_ERROR;
		if (i == 0)
			dataset_sha = files[0].sha256;
	}
	if (st == DB_NOTFOUND || dataset_sha == NULL) {
		snprintf(err, errlen, "El informe no tiene sus archivos de datos abiertos: genérelo "
		    "de nuevo.");
		return PUBLISH_INVALID;
	}
	names = arena_calloc(a, nfiles + 1, sizeof(*names));
	{
		struct publication_row *dup;
		size_t ndup;

		if (db_publication_find(db, a, inst, s.sha256, &dup, &ndup) != DB_OK)
			return PUBLISH_ERROR;
		for (size_t i = 0; i < ndup; i++)
			if (strcmp(dup[i].sha256, s.sha256) == 0) {
				snprintf(err, errlen, "Esta revisión firmada ya está publicada (%s, "
				    "versión %d).", dup[i].period, dup[i].version);
				return PUBLISH_CONFLICT;
			}
	}

	if (db_begin(db) != DB_OK)
		return PUBLISH_ERROR;
	if (db_publication_next_version(db, a, inst, r.period, &version) != DB_OK)
		goto fail;
	if (version > 1 && text_blank(reason)) {
		db_rollback(db);
		snprintf(err, errlen, "El mes ya está publicado: una nueva versión es una corrección "
		    "y necesita un motivo público.");
		return PUBLISH_INVALID;
	}
	memset(&p, 0, sizeof(p));
	p.period = r.period;
	p.version = version;
	p.kind = kind ? kind : version == 1 ? "mensual" : "correccion";
	p.reason = version > 1 || (reason && reason[0]) ? reason : "";
	p.report_id = report_id;
	p.signature_id = s.id;
	p.sha256 = s.sha256;
	p.dataset_sha256 = dataset_sha;
	p.published_by = who->name && who->name[0] ? who->name : "metasctl";
	st = db_publication_insert(db, inst, &p, who->id, &id);
	if (st == DB_DUPLICATE) {
		db_rollback(db);
		snprintf(err, errlen, "Esta revisión firmada ya está publicada.");
		return PUBLISH_CONFLICT;
	}
	if (st != DB_OK)
		goto fail;
	if (db_audit_insert(db, inst, who, "publish", "publication", arena_printf(a, "%lld", id),
	    NULL, audit_published(a, &p)) != DB_OK)
		goto fail;
	/* the public matrix shows the plan year of the latest publication: drop its copies */
	if (db_catalogue_bump(db, inst) != DB_OK)
		goto fail;
	/* the files before the commit: a publication never lacks them */
	if ((dir = version_dir(e->pub_dir, e->slug, r.period, version)) < 0) {
		log_msg(LOG_ERR, "publication folder: %s", strerror(errno));
		goto fail;
	}
	wrote = 1;
	names[0] = (char *)publish_file_name(a, e->slug, r.period, version, "pdf");
	if (write_at(dir, names[0], s.pdf, (size_t)s.size) != 0)
		goto fail_io;
	for (size_t i = 0; i < nfiles; i++) {
		names[i + 1] = (char *)publish_file_name(a, e->slug, r.period, version, files[i].name);
		if (write_at(dir, names[i + 1], files[i].content, (size_t)files[i].size) != 0)
			goto fail_io;
	}
	if (fsync(dir) != 0 || db_commit(db) != DB_OK)
		goto fail_io;
	close(dir);
	if (out != NULL) {
		struct publication_row *rows;
		size_t n;

		memset(out, 0, sizeof(*out));
		if (db_publication_list(db, a, inst, r.period, &rows, &n) == DB_OK)
			for (size_t i = 0; i < n; i++)
				if (rows[i].id == id)
					*out = rows[i];
		if (out->id == 0) {
			*out = p;
			out->id = id;
		}
	}
	return PUBLISH_OK;
fail_io:
	log_msg(LOG_ERR, "publication files of %s v%d: %s", r.period, version, strerror(errno));
fail:
	db_rollback(db);
	if (wrote && dir >= 0) {
		for (size_t i = 0; i <= nfiles; i++)
			if (names[i] != NULL)
				(void)unlinkat(dir, names[i], 0);
	}
	if (dir >= 0)
		close(dir);
	snprintf(err, errlen, "No se pudo publicar: el almacenamiento no está disponible. "
	    "Nada quedó publicado; intente de nuevo.");
	return PUBLISH_ERROR;
}

/* ---- "sin cambios" ------------------------------------------------------------- */

/* datos.json without what changes from month to month: the period and the update date. */
static cJSON *
content_of(const char *json)
{
	cJSON *doc = cJSON_Parse(json), *arr, *it, *next;

	if (doc == NULL)
		return NULL;
	cJSON_DeleteItemFromObjectCaseSensitive(doc, "periodo");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "datos")) {
		cJSON_DeleteItemFromObjectCaseSensitive(it, "periodo");
		cJSON_DeleteItemFromObjectCaseSensitive(it, "fecha_actualizacion");
	}
	arr = cJSON_GetObjectItemCaseSensitive(doc, "metadatos");
	for (it = arr ? arr->child : NULL; it != NULL; it = next) {
		const cJSON *campo = cJSON_GetObjectItemCaseSensitive(it, "campo");

		next = it->next;
		if (cJSON_IsString(campo) && strcmp(campo->valuestring, LABEL_DATE) == 0)
			cJSON_Delete(cJSON_DetachItemViaPointer(arr, it));
	}
	return doc;
}

enum publish_result
publish_unchanged(struct db *db, struct arena *a, const struct publish_env *e, long long inst,
    const struct actor *who, int period, struct publication_row *out, char *err, size_t errlen)
{
	int prev = period % 100 == 1 ? (period / 100 - 1) * 100 + 12 : period - 1;
	const char *ptext = arena_printf(a, "%04d-%02d", period / 100, period % 100);
	const char *prevtext = arena_printf(a, "%04d-%02d", prev / 100, prev % 100);
	struct publication_row *pubs, *last;
	struct report_file_row old;
	struct report_made made;
	struct signed_made sm;
	const struct pdf_signer *signer;
	const char *why, *today;
	cJSON *a1, *a2;
	size_t n;
	int same, data;
	char tbuf[32];
	enum publish_result res;
	enum report_result rr;

	err[0] = '\0';
	if (db_publication_list(db, a, inst, ptext, &pubs, &n) != DB_OK)
		return PUBLISH_ERROR;
	if (n > 0) {
		snprintf(err, errlen, "%s ya está publicado: para cambiarlo, publique una corrección.",
		    ptext);
		return PUBLISH_CONFLICT;
	}
	if (db_publication_list(db, a, inst, prevtext, &pubs, &n) != DB_OK)
		return PUBLISH_ERROR;
	if (n == 0) {
		snprintf(err, errlen, "El mes anterior (%s) no está publicado: «sin cambios» repite "
		    "una publicación existente.", prevtext);
		return PUBLISH_INVALID;
	}
	last = &pubs[0];	/* newest version first */
	if ((signer = publish_signer_for(e, &why)) == NULL) {
		snprintf(err, errlen, "«Sin cambios» firma con el certificado institucional: %s", why);
		return PUBLISH_INVALID;
	}
	{
		struct ymd t = today_ec(e->conf->today);

		snprintf(tbuf, sizeof(tbuf), "%02d/%02d/%04d", t.d, t.m, t.y);
		today = arena_strdup(a, tbuf);
	}
	/* a chain of "sin cambios" months repeats the month whose data it showed */
	data = prev;
	if (last->data_period != NULL) {
		static const struct field pf = { "period", valid_period, 0, 0, 0 };
		struct param dp;

		if (form_check_value(a, last->data_period, strlen(last->data_period), &pf,
		    &dp) == FORM_OK)
			data = (int)dp.i;
	}
	rr = report_generate_as(db, a, e->slug, inst, who, period, data, today, NULL, &made, err,
	    errlen);
	if (rr == REPORT_NOPLAN || rr == REPORT_RENDER)
		return PUBLISH_INVALID;
	if (rr != REPORT_OK)
		return PUBLISH_ERROR;
	if (made.draft) {
		snprintf(err, errlen, "No todas las unidades tienen aprobado %04d-%02d: no se puede "
		    "repetir como definitivo.", data / 100, data % 100);
		return PUBLISH_INVALID;
	}
	if (db_report_file_get(db, a, inst, last->report_id, "datos.json", &old) != DB_OK)
		return PUBLISH_ERROR;
	a1 = content_of(old.content);
	a2 = NULL;
	for (size_t i = 0; i < REPORT_NFILES; i++)
		if (made.files[i].name != NULL && strcmp(made.files[i].name, "datos.json") == 0)
			a2 = content_of(made.files[i].data);
	same = a1 != NULL && a2 != NULL && cJSON_Compare(a1, a2, 1);
	cJSON_Delete(a1);
	cJSON_Delete(a2);
	if (!same) {
		snprintf(err, errlen, "La matriz cambió desde la publicación de %s (catálogo o bloque "
		    "de contacto): genere, firme y publique el informe de %s de la forma normal.",
		    prevtext, ptext);
		return PUBLISH_CONFLICT;
	}
	if ((res = publish_sign(db, a, e, inst, who, made.id, signer, "institucional", &sm, err,
	    errlen)) != PUBLISH_OK)
		return res;
	return publish_report(db, a, e, inst, who, made.id, sm.id, arena_printf(a, "Sin cambios "
	    "respecto de %s (versión %d).", prevtext, last->version), "sin_cambios", out, err, errlen);
}
