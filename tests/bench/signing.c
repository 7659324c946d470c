/*
 * signing: what signing adds to the generation of a month's report, timed
 * in process (built and run by tests/bench/publication; not installed, not
 * a test).
 *
 *   signing CONF YYYYMM N
 *
 * With the configuration CONF (metas.conf of a running stack: database,
 * institution, signing_p12, trust_store), one warm-up round and N timed
 * rounds of, in this order and on the same arena:
 *
 *   generate  report_generate(): load the matrix, render the PDF, hash it,
 *             store the report and its files (what "metasctl report" does
 *             after connecting);
 *   sign      publish_sign() on that report with the institution's
 *             certificate: pdf_sign() with the stamp and QR code of a
 *             publication, pdf_verify() of the result against the trust
 *             store, its SHA-256, and the report_signature row + audit row
 *             (what "metasctl publish" does between generating and
 *             publishing);
 *   pdf_sign  pdf_sign() alone on the same report bytes, same stamp;
 *   verify    pdf_verify() alone on that signed output.
 *
 * both is generate + sign of the same round (its own median).
 * Each round leaves a report and a signed revision in the database (not
 * published). Prints one line of key=value: the median of each step in
 * ms, the report's and the signed file's sizes. Exit 0, or 1 with a
 * message on stderr.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "arena.h"
#include "conf.h"
#include "db.h"
#include "pdf_sign.h"
#include "publish.h"
#include "report.h"
#include "report_pdf.h"

enum { T_GEN, T_SIGN, T_BOTH, T_PDFSIGN, T_VERIFY, T_N };

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, long n)
{
	qsort(v, (size_t)n, sizeof(*v), dcmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main(int argc, char **argv)
{
	struct actor who = { 0, "bench-signing", "local" };
	struct publish_env env;
	const struct pdf_signer *signer;
	struct conf c;
	struct db *db;
	const char *why;
	char err[512], adminpw[256];
	double *t[T_N];
	size_t pdf_len = 0, signed_len = 0;
	long long inst;
	long n;
	int period;

	if (argc != 4 || (period = atoi(argv[2])) < 200001 || (n = strtol(argv[3], NULL, 10)) < 1 ||
	    n > 10000) {
		fprintf(stderr, "uso: signing CONF AAAAMM N\n");
		return 2;
	}
	conf_defaults(&c);
	if (conf_load(&c, argv[1], err, sizeof(err)) != 0) {
		fprintf(stderr, "signing: %s\n", err);
		return 1;
	}
	publish_init(&c);
	if ((signer = publish_institution_signer(&why)) == NULL) {
		fprintf(stderr, "signing: %s\n", why);
		return 1;
	}
	if (conf_read_secret(c.db_admin_password_file, adminpw, sizeof(adminpw), err,
	    sizeof(err)) != 0) {
		fprintf(stderr, "signing: %s\n", err);
		return 1;
	}
	db = db_open(&c, c.db_admin_user, adminpw);
	memset(adminpw, 0, sizeof(adminpw));
	{
		struct arena *a = arena_new(4096);

		if (db_institution_id(db, a, c.institution, &inst) != DB_OK) {
			fprintf(stderr, "signing: no encuentro la institución %s\n", c.institution);
			return 1;
		}
		arena_free(a);
	}
	memset(&env, 0, sizeof(env));
	env.conf = &c;
	env.slug = c.institution;
	env.trust = publish_trust();
	env.pub_dir = -1;
	for (int k = 0; k < T_N; k++)
		t[k] = calloc((size_t)n, sizeof(double));

	for (long i = -1; i < n; i++) {		/* round -1: warm-up, not counted */
		struct arena *a = arena_new(1024 * 1024);
		struct report_made made;
		struct signed_made sm;
		struct pdf_stamp st;
		struct pdf_sig sigs[4];
		struct buf out;
		size_t ns = 0;
		double t0, t1, t2, t3, t4, t5;
		enum report_result rr;
		enum publish_result pr;

		t0 = now_ms();
		rr = report_generate(db, a, c.institution, inst, &who, period, 0, NULL, &made, err,
		    sizeof(err));
		t1 = now_ms();
		if (rr != REPORT_OK) {
			fprintf(stderr, "signing: report_generate: %d %s\n", (int)rr, err);
			return 1;
		}
		if (made.draft) {
			fprintf(stderr, "signing: el informe es un borrador (¿mes aprobado?)\n");
			return 1;
		}
		pr = publish_sign(db, a, &env, inst, &who, made.id, signer, "institucional", &sm,
		    err, sizeof(err));
		t2 = now_ms();
		if (pr != PUBLISH_OK) {
			fprintf(stderr, "signing: publish_sign: %d %s\n", (int)pr, err);
			return 1;
		}
		/* the same stamp as publish_sign() makes */
		memset(&st, 0, sizeof(st));
		st.when = time(NULL);
		st.reason = "Publicación LOTAIP literal a4";
		st.location = c.signing_location;
		st.verify_url = arena_printf(a, "%s/transparencia/verificar/%s", c.public_url,
		    made.sha256);
		rpdf_sig_rect(0, st.rect);
		buf_init(&out, a);
		t3 = now_ms();
		if (pdf_sign(signer, (const unsigned char *)made.pdf, made.len, &st, &out, err,
		    sizeof(err)) != 0) {
			fprintf(stderr, "signing: pdf_sign: %s\n", err);
			return 1;
		}
		t4 = now_ms();
		if (pdf_verify((const unsigned char *)out.data, out.len, env.trust, sigs, 4, &ns, err,
		    sizeof(err)) != 0 || ns != 1 || !sigs[0].digest_ok || !sigs[0].signature_ok ||
		    !sigs[0].chain_ok) {
			fprintf(stderr, "signing: pdf_verify: la firma no verifica (%s)\n",
			    ns ? sigs[0].problem : err);
			return 1;
		}
		t5 = now_ms();
		if (i >= 0) {
			t[T_GEN][i] = t1 - t0;
			t[T_SIGN][i] = t2 - t1;
			t[T_BOTH][i] = t2 - t0;
			t[T_PDFSIGN][i] = t4 - t3;
			t[T_VERIFY][i] = t5 - t4;
		}
		pdf_len = made.len;
		signed_len = sm.size;
		arena_free(a);
	}
	printf("runs=%ld pdf_bytes=%zu signed_bytes=%zu generate_ms=%.3f sign_ms=%.3f "
	    "both_ms=%.3f pdf_sign_ms=%.3f verify_ms=%.3f\n", n, pdf_len, signed_len,
	    median(t[T_GEN], n), median(t[T_SIGN], n), median(t[T_BOTH], n),
	    median(t[T_PDFSIGN], n), median(t[T_VERIFY], n));
	db_close(db);
	return 0;
}
