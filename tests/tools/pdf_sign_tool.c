/*
 * pdf_sign_tool: pdf_sign.c from the command line, for making the seed
 * corpus of tests/fuzz/fuzz_pdf_verify, for checking a file by hand and
 * for measuring (built by make check, not installed).
 *
 *   pdf_sign_tool sign P12 PASSWORD_FILE IN OUT URL [x1 y1 x2 y2]
 *	sign IN into OUT with the stamp in the rectangle (default: the
 *	bottom-right corner of an A4 landscape page); URL "-": no QR code.
 *	The time is now, or $PDF_SIGN_TIME (seconds since the epoch).
 *   pdf_sign_tool verify TRUST_PEM FILE
 *	one line per signature; TRUST_PEM "-": no trust store. Exit 0 when
 *	every signature is good, 1 when one has a problem or there are none.
 *   pdf_sign_tool info P12 PASSWORD_FILE
 *	load the .p12 (now) and print the certificate or the error.
 *   pdf_sign_tool mkp12 OUT PASSWORD_FILE KEY1 CERT1 KEY2 CERT2 [CA...]
 *	a .p12 with two keys in that order (openssl pkcs12 holds one only).
 *   pdf_sign_tool bench P12 PASSWORD_FILE IN N
 *	sign IN N times in memory; print the median, min and max in ms.
 *
 * The password file's first line is the password.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "arena.h"
#include "pdf_sign.h"

static int
slurp(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char tmp[65536];
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "pdf_sign_tool: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_put(b, tmp, n);
	fclose(f);
	return 0;
}

static int
spit(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "pdf_sign_tool: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* The first line of path into pw (wiped by the caller). */
static int
password(const char *path, char *pw, size_t size)
{
	struct buf b;
	size_t n;

	buf_init(&b, NULL);
	if (slurp(path, &b) == -1)
		return -1;
	n = strcspn(b.data, "\r\n");
	if (n >= size)
		n = size - 1;
	memcpy(pw, b.data, n);
	pw[n] = '\0';
	OPENSSL_cleanse(b.data, b.len);
	buf_release(&b);
	return 0;
}

static struct pdf_signer *
load(const char *p12, const char *pwfile)
{
	struct pdf_signer *s = NULL;
	struct buf b;
	char pw[1024], err[256];
	enum pdf_load_result r;

	buf_init(&b, NULL);
	if (slurp(p12, &b) == -1 || password(pwfile, pw, sizeof(pw)) == -1) {
		buf_release(&b);
		return NULL;
	}
	r = pdf_signer_load_p12((unsigned char *)b.data, b.len, pw, time(NULL), &s, err,
	    sizeof(err));
	OPENSSL_cleanse(pw, sizeof(pw));
	buf_release(&b);
	if (r != PDF_LOAD_OK) {
		printf("load: %d %s\n", (int)r, err);
		return NULL;
	}
	return s;
}

static void
stamp_init(struct pdf_stamp *st, const char *url)
{
	const char *t = getenv("PDF_SIGN_TIME");

	memset(st, 0, sizeof(*st));
	st->when = t != NULL ? (time_t)strtoll(t, NULL, 10) : time(NULL);
	st->reason = "Publicación LOTAIP literal a4";
	st->location = "Quito, Ecuador";
	st->verify_url = url != NULL && strcmp(url, "-") != 0 ? url : NULL;
	st->rect[0] = 535;
	st->rect[1] = 40;
	st->rect[2] = 805;
	st->rect[3] = 110;
}

static int
cmd_sign(int argc, char **argv)
{
	struct pdf_signer *s;
	struct pdf_stamp st;
	struct buf in, out;
	char err[256];
	int rc = 1;

	if (argc != 6 && argc != 10) {
		fprintf(stderr, "uso: pdf_sign_tool sign P12 PASSWORD_FILE IN OUT URL [x1 y1 x2 y2]\n");
		return 2;
	}
	if ((s = load(argv[1], argv[2])) == NULL)
		return 1;
	stamp_init(&st, argv[5]);
	if (argc == 10)
		for (int i = 0; i < 4; i++)
			st.rect[i] = strtod(argv[6 + i], NULL);
	buf_init(&in, NULL);
	buf_init(&out, NULL);
	if (slurp(argv[3], &in) == 0) {
		if (pdf_sign(s, (unsigned char *)in.data, in.len, &st, &out, err, sizeof(err)) == -1)
			printf("sign: %s\n", err);
		else if (spit(argv[4], out.data, out.len) == 0)
			rc = 0;
	}
	buf_release(&in);
	buf_release(&out);
	pdf_signer_free(s);
	return rc;
}

static int
cmd_verify(int argc, char **argv)
{
	struct pdf_trust *t = NULL;
	struct pdf_sig sigs[16];
	struct buf in;
	size_t n = 0;
	char err[256];
	int rc = 0;

	if (argc != 3) {
		fprintf(stderr, "uso: pdf_sign_tool verify TRUST_PEM FILE\n");
		return 2;
	}
	if (strcmp(argv[1], "-") != 0 && (t = pdf_trust_load(argv[1], err, sizeof(err))) == NULL) {
		printf("trust: %s\n", err);
		return 2;
	}
	buf_init(&in, NULL);
	if (slurp(argv[2], &in) == -1) {
		pdf_trust_free(t);
		return 2;
	}
	if (pdf_verify((unsigned char *)in.data, in.len, t, sigs, 16, &n, err, sizeof(err)) == -1) {
		printf("verify: %s\n", err);
		rc = 2;
	} else {
		for (size_t i = 0; i < n && i < 16; i++) {
			struct pdf_sig *g = &sigs[i];
			struct tm tm;
			char when[32] = "-";

			if (g->signed_at != 0 && gmtime_r(&g->signed_at, &tm) != NULL)
				strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
			printf("sig %zu: digest=%d signature=%d chain=%d whole=%d subfilter=%s "
			    "signed_at=%s covered_end=%zu name=\"%s\" reason=\"%s\" location=\"%s\" "
			    "problem=\"%s\"\n", i + 1, g->digest_ok, g->signature_ok, g->chain_ok,
			    g->covers_whole, g->subfilter, when, g->covered_end, g->cert.name,
			    g->reason, g->location, g->problem);
			if (g->problem[0] != '\0')
				rc = 1;
		}
		printf("signatures: %zu\n", n);
		if (n == 0)
			rc = 1;
	}
	buf_release(&in);
	pdf_trust_free(t);
	return rc;
}

static int
cmd_info(int argc, char **argv)
{
	struct pdf_signer *s;
	struct pdf_cert_info ci;

	if (argc != 3) {
		fprintf(stderr, "uso: pdf_sign_tool info P12 PASSWORD_FILE\n");
		return 2;
	}
	if ((s = load(argv[1], argv[2])) == NULL)
		return 1;
	pdf_signer_info(s, &ci);
	printf("name: %s\nsubject: %s\nissuer: %s\nserial: %s\n", ci.name, ci.subject, ci.issuer,
	    ci.serial);
	pdf_signer_free(s);
	return 0;
}

static EVP_PKEY *
read_key(const char *path)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *k;

	if (f == NULL)
		return NULL;
	k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	return k;
}

static X509 *
read_cert(const char *path)
{
	FILE *f = fopen(path, "r");
	X509 *x;

	if (f == NULL)
		return NULL;
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	return x;
}

static int
cmd_mkp12(int argc, char **argv)
{
	STACK_OF(PKCS12_SAFEBAG) *bags = NULL;
	STACK_OF(PKCS7) *safes = NULL;
	PKCS12 *p12 = NULL;
	unsigned char *der = NULL;
	char pw[1024];
	int len, rc = 1;

	if (argc < 7) {
		fprintf(stderr, "uso: pdf_sign_tool mkp12 OUT PASSWORD_FILE KEY1 CERT1 KEY2 CERT2 [CA...]\n");
		return 2;
	}
	if (password(argv[2], pw, sizeof(pw)) == -1)
		return 1;
	for (int i = 3; i < argc; i++) {
		int iskey = i < 7 && (i - 3) % 2 == 0;

		if (iskey) {
			EVP_PKEY *k = read_key(argv[i]);

			if (k == NULL || PKCS12_add_key(&bags, k, 0, PKCS12_DEFAULT_ITER,
			    NID_aes_256_cbc, pw) == NULL) {
				fprintf(stderr, "pdf_sign_tool: %s: not a key\n", argv[i]);
				EVP_PKEY_free(k);
				goto out;
			}
			EVP_PKEY_free(k);
		} else {
			X509 *x = read_cert(argv[i]);

			if (x == NULL || PKCS12_add_cert(&bags, x) == NULL) {
				fprintf(stderr, "pdf_sign_tool: %s: not a certificate\n", argv[i]);
				X509_free(x);
				goto out;
			}
			X509_free(x);
		}
	}
	if (!PKCS12_add_safe(&safes, bags, -1, 0, NULL) ||
	    (p12 = PKCS12_add_safes(safes, 0)) == NULL ||
	    !PKCS12_set_mac(p12, pw, -1, NULL, 0, PKCS12_DEFAULT_ITER, NULL) ||
	    (len = i2d_PKCS12(p12, &der)) <= 0) {
		fprintf(stderr, "pdf_sign_tool: cannot build the .p12\n");
		goto out;
	}
	rc = spit(argv[1], der, (size_t)len) == 0 ? 0 : 1;
out:
	OPENSSL_cleanse(pw, sizeof(pw));
	OPENSSL_free(der);
	PKCS12_free(p12);
	sk_PKCS7_pop_free(safes, PKCS7_free);
	sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
	return rc;
}

static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
cmd_bench(int argc, char **argv)
{
	struct pdf_signer *s;
	struct pdf_stamp st;
	struct buf in, out;
	double *ms;
	char err[256];
	long n;

	if (argc != 5 || (n = strtol(argv[4], NULL, 10)) < 1 || n > 100000) {
		fprintf(stderr, "uso: pdf_sign_tool bench P12 PASSWORD_FILE IN N\n");
		return 2;
	}
	if ((s = load(argv[1], argv[2])) == NULL)
		return 1;
	stamp_init(&st, "https://transparencia.example.ec/verificar/2023-01");
	buf_init(&in, NULL);
	buf_init(&out, NULL);
	if (slurp(argv[3], &in) == -1)
		return 1;
	ms = xcalloc((size_t)n, sizeof(*ms));
	for (long i = 0; i < n; i++) {
		struct timespec a, b;

		buf_clear(&out);
		clock_gettime(CLOCK_MONOTONIC, &a);
		if (pdf_sign(s, (unsigned char *)in.data, in.len, &st, &out, err, sizeof(err)) == -1) {
			printf("sign: %s\n", err);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		ms[i] = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
	}
	qsort(ms, (size_t)n, sizeof(*ms), dcmp);
	printf("pdf_sign: %ld runs on %zu bytes: median %.3f ms, min %.3f ms, max %.3f ms\n", n,
	    in.len, n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2, ms[0], ms[n - 1]);
	free(ms);
	buf_release(&in);
	buf_release(&out);
	pdf_signer_free(s);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "sign") == 0)
		return cmd_sign(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return cmd_verify(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "info") == 0)
		return cmd_info(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "mkp12") == 0)
		return cmd_mkp12(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "bench") == 0)
		return cmd_bench(argc - 1, argv + 1);
	fprintf(stderr, "uso: pdf_sign_tool sign|verify|info|mkp12|bench ...\n");
	return 2;
}
