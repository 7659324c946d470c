/*
 * PAdES B-B signing and verification (see pdf_sign.h; docs/architecture.md,
 * "Signing"; pdf-notes.md for the pitfalls worked around here).
 *
 * Parts, in file order:
 *   - certificates: .p12 loading (several keys, legacy ciphers), cert info;
 *   - a small PDF lexer: tokens, values (spans into the bytes), dicts;
 *   - the document: classic xref tables along /Prev, objects by number;
 *   - the incremental update: the signature dictionary, the widget and its
 *     stamp (Helvetica, WinAnsi, a QR code from libqrencode), the AcroForm,
 *     the catalog and last page, xref and trailer; then the CMS into the gap;
 *   - verification: /ByteRange hits, their object, the CMS, the chain.
 *
 * Everything read from a PDF is bounds-checked against its length: the
 * lexer never reads at or past its end. Allocation failure of our own
 * buffers aborts (arena.h's policy); an OpenSSL failure is an error.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
#include <qrencode.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/provider.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "arena.h"
#include "pdf_sign.h"
#include "report_pdf.h"

#define GYE_OFFSET	(-5 * 3600)	/* America/Guayaquil: UTC-5, no DST */
#define MAX_DEPTH	32		/* nesting of arrays/dicts, page tree depth */
#define DICT_MAX	256		/* keys of one dictionary */
#define MAX_REVISIONS	256		/* xref sections followed along /Prev */
#define MAX_SIG_HITS	256		/* /ByteRange occurrences examined */
#define OBJ_LOOKBACK	(512 * 1024)	/* from /ByteRange back to its "obj" */
#define BR_FIELD	80		/* bytes reserved for the /ByteRange array */

struct pdf_signer {
	EVP_PKEY	*key;
	X509		*cert;
	STACK_OF(X509)	*chain;		/* its issuers found in the file, upwards */
	struct pdf_cert_info info;
};

struct pdf_trust {
	X509_STORE	*store;
};

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Copy src[0..n) into dst (size > 0) NUL-terminated, cut at a UTF-8 boundary. */
static void
copy_utf8(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* ---- dates ------------------------------------------------------------------ */

static void
gye_tm(time_t t, struct tm *tm)
{
	time_t l = t + GYE_OFFSET;

	if (gmtime_r(&l, tm) == NULL)
		memset(tm, 0, sizeof(*tm));
}

void
pdf_date(time_t t, char *out, size_t outlen)
{
	struct tm tm;

	gye_tm(t, &tm);
	snprintf(out, outlen, "D:%04d%02d%02d%02d%02d%02d-05'00'", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Read exactly w digits at s[*i] (when there are); -1 when absent or short. */
static int
digits(const char *s, size_t n, size_t *i, int w)
{
	int v = 0;

	if (*i + (size_t)w > n)
		return -1;
	for (int k = 0; k < w; k++) {
		if (!isdigit((unsigned char)s[*i + k]))
			return -1;
		v = v * 10 + (s[*i + k] - '0');
	}
	*i += (size_t)w;
	return v;
}

time_t
pdf_parse_date(const char *s, size_t n)
{
	struct tm tm;
	size_t i = 0;
	int y, f[5] = { 1, 1, 0, 0, 0 }, oh = 0, om = 0, sign = 0;
	time_t t;

	if (n >= 2 && s[0] == 'D' && s[1] == ':')
		i = 2;
	if ((y = digits(s, n, &i, 4)) < 0 || y < 1970 || y > 9999)
		return 0;
	for (int k = 0; k < 5; k++) {
		int v = digits(s, n, &i, 2);

		if (v < 0)
			break;
		f[k] = v;
	}
	if (i < n && (s[i] == '+' || s[i] == '-')) {
		sign = s[i] == '+' ? 1 : -1;
		i++;
		if ((oh = digits(s, n, &i, 2)) < 0)
			oh = 0;
		if (i < n && s[i] == '\'')
			i++;
		if ((om = digits(s, n, &i, 2)) < 0)
			om = 0;
	}
	if (f[0] < 1 || f[0] > 12 || f[1] < 1 || f[1] > 31 || f[2] > 23 || f[3] > 59 ||
	    f[4] > 60 || oh > 23 || om > 59)
		return 0;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = f[0] - 1;
	tm.tm_mday = f[1];
	tm.tm_hour = f[2];
	tm.tm_min = f[3];
	tm.tm_sec = f[4];
	t = timegm(&tm);
	if (t == (time_t)-1)
		return 0;
	return t - sign * (oh * 3600 + om * 60);
}

/* "dd/mm/aaaa" in Guayaquil time. */
static void
gye_day(time_t t, char *out, size_t outlen)
{
	struct tm tm;

	gye_tm(t, &tm);
	snprintf(out, outlen, "%02d/%02d/%04d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
}

/* ---- certificates ------------------------------------------------------------ */

static pthread_once_t providers_once = PTHREAD_ONCE_INIT;

/*
 * Once per process: the default provider, then the legacy one (RC2-40 and
 * 3DES .p12 files). Loading any provider by hand stops OpenSSL from
 * loading the default one by itself, hence both. A missing legacy module
 * only makes those files unreadable (PDF_LOAD_FORMAT).
 */
static OSSL_PROVIDER *prov_default, *prov_legacy;

/*
 * At exit: unload both, so that the legacy provider's child library
 * context is freed (LeakSanitizer reports it otherwise).
 */
static void
providers_unload(void)
{
	if (prov_legacy != NULL)
		OSSL_PROVIDER_unload(prov_legacy);
	if (prov_default != NULL)
		OSSL_PROVIDER_unload(prov_default);
	prov_legacy = prov_default = NULL;
}

static void
providers_load(void)
{
	prov_default = OSSL_PROVIDER_load(NULL, "default");
	prov_legacy = OSSL_PROVIDER_load(NULL, "legacy");
	ERR_clear_error();
	(void)atexit(providers_unload);
}

static time_t
asn1_time(const ASN1_TIME *a)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (a == NULL || !ASN1_TIME_to_tm(a, &tm))
		return 0;
	return timegm(&tm);
}

static void
name_str(const X509_NAME *nm, char *out, size_t outlen)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p;
	long n;

	out[0] = '\0';
	if (b == NULL)
		return;
	if (X509_NAME_print_ex(b, nm, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0 &&
	    (n = BIO_get_mem_data(b, &p)) > 0)
		copy_utf8(out, outlen, p, (size_t)n);
	BIO_free(b);
}

static void
cert_info(X509 *x, struct pdf_cert_info *ci)
{
	const X509_NAME *sn;
	ASN1_STRING *d;
	unsigned char *u;
	BIGNUM *bn;
	char *hex;
	int i, n;

	memset(ci, 0, sizeof(*ci));
	if (x == NULL)
		return;
	sn = X509_get_subject_name(x);
	if ((i = X509_NAME_get_index_by_NID(sn, NID_commonName, -1)) >= 0 &&
	    (d = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(sn, i))) != NULL &&
	    (n = ASN1_STRING_to_UTF8(&u, d)) >= 0) {
		copy_utf8(ci->name, sizeof(ci->name), (const char *)u, (size_t)n);
		OPENSSL_free(u);
	}
	name_str(sn, ci->subject, sizeof(ci->subject));
	name_str(X509_get_issuer_name(x), ci->issuer, sizeof(ci->issuer));
	if ((bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL)) != NULL) {
		if ((hex = BN_bn2hex(bn)) != NULL) {
			copy_utf8(ci->serial, sizeof(ci->serial), hex, strlen(hex));
			OPENSSL_free(hex);
		}
		BN_free(bn);
	}
	ci->not_before = asn1_time(X509_get0_notBefore(x));
	ci->not_after = asn1_time(X509_get0_notAfter(x));
	ERR_clear_error();
}

/* What a .p12 holds: its keys and certificates, in file order. */
struct p12_items {
	STACK_OF(X509)	*certs;
	EVP_PKEY	*keys[16];
	size_t		 nkeys;
	int		 bad;		/* a bag we could not decrypt */
};

static void
p12_walk(const STACK_OF(PKCS12_SAFEBAG) *bags, const char *pw, int pwlen,
    struct p12_items *it, int depth)
{
	for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); i++) {
		const PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value(bags, i);
		PKCS8_PRIV_KEY_INFO *p8;
		EVP_PKEY *k = NULL;
		X509 *x;

		switch (PKCS12_SAFEBAG_get_nid(bag)) {
		case NID_keyBag:
			k = EVP_PKCS82PKEY(PKCS12_SAFEBAG_get0_p8inf(bag));
			break;
		case NID_pkcs8ShroudedKeyBag:
			/* the decrypted PKCS#8 is cleansed when freed */
			if ((p8 = PKCS12_decrypt_skey(bag, pw, pwlen)) == NULL) {
				it->bad = 1;
				break;
			}
			k = EVP_PKCS82PKEY(p8);
			PKCS8_PRIV_KEY_INFO_free(p8);
			break;
		case NID_certBag:
			if (PKCS12_SAFEBAG_get_bag_nid(bag) == NID_x509Certificate &&
			    (x = PKCS12_SAFEBAG_get1_cert(bag)) != NULL &&
			    !sk_X509_push(it->certs, x))
				X509_free(x);
			break;
		case NID_safeContentsBag:
			if (depth < 4)
				p12_walk(PKCS12_SAFEBAG_get0_safes(bag), pw, pwlen, it, depth + 1);
			break;
		default:
			break;
		}
		if (k != NULL) {
			if (it->nkeys < sizeof(it->keys) / sizeof(it->keys[0]))
				it->keys[it->nkeys++] = k;
			else
				EVP_PKEY_free(k);
		}
	}
}

/* The key of items that belongs to x, or NULL. */
static EVP_PKEY *
key_of(struct p12_items *it, X509 *x)
{
	for (size_t i = 0; i < it->nkeys; i++)
		if (X509_check_private_key(x, it->keys[i]) == 1)
			return it->keys[i];
	ERR_clear_error();
	return NULL;
}

enum pdf_load_result
pdf_signer_load_p12(const unsigned char *der, size_t len, const char *password, time_t now,
    struct pdf_signer **out, char *err, size_t errlen)
{
	struct p12_items it;
	struct pdf_signer *s = NULL;
	enum pdf_load_result rc = PDF_LOAD_ERROR;
	STACK_OF(PKCS7) *safes = NULL;
	PKCS12 *p12 = NULL;
	const unsigned char *p = der;
	const char *pw = password != NULL ? password : "";
	int pwlen = -1, tried_bad_time = 0;
	X509 *pick = NULL, *late = NULL;
	EVP_PKEY *pkey = NULL;
	char day[48];

	*out = NULL;
	memset(&it, 0, sizeof(it));
	pthread_once(&providers_once, providers_load);
	if (len > LONG_MAX || (p12 = d2i_PKCS12(NULL, &p, (long)len)) == NULL) {
		rc = PDF_LOAD_FORMAT;
		seterr(err, errlen, "El archivo no es un certificado .p12 válido.");
		goto out;
	}
	if (PKCS12_mac_present(p12)) {
		if (!PKCS12_verify_mac(p12, pw, -1)) {
			/* an empty password may have been encoded as none at all */
			if (*pw == '\0' && PKCS12_verify_mac(p12, NULL, 0)) {
				pw = NULL;
				pwlen = 0;
			} else {
				rc = PDF_LOAD_PASSWORD;
				seterr(err, errlen, "La contraseña del archivo .p12 no es correcta.");
				goto out;
			}
		}
	}
	if ((safes = PKCS12_unpack_authsafes(p12)) == NULL) {
		rc = PDF_LOAD_FORMAT;
		seterr(err, errlen, "El archivo .p12 está dañado: no se pudo leer su contenido.");
		goto out;
	}
	if ((it.certs = sk_X509_new_null()) == NULL)
		goto oserr;
	for (int i = 0; i < sk_PKCS7_num(safes); i++) {
		PKCS7 *p7 = sk_PKCS7_value(safes, i);
		STACK_OF(PKCS12_SAFEBAG) *bags = NULL;

		if (PKCS7_type_is_data(p7))
			bags = PKCS12_unpack_p7data(p7);
		else if (PKCS7_type_is_encrypted(p7))
			bags = PKCS12_unpack_p7encdata(p7, pw, pwlen);
		if (bags == NULL) {
			it.bad = 1;
			continue;
		}
		p12_walk(bags, pw, pwlen, &it, 0);
		sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
	}
	/* A certificate for signing whose key is here; one valid at now first. */
	for (int i = 0; i < sk_X509_num(it.certs); i++) {
		X509 *x = sk_X509_value(it.certs, i);
		uint32_t ku = X509_get_key_usage(x);
		EVP_PKEY *k;

		if (!(ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) ||
		    (k = key_of(&it, x)) == NULL)
			continue;
		if (X509_cmp_time(X509_get0_notBefore(x), &now) > 0 ||
		    X509_cmp_time(X509_get0_notAfter(x), &now) < 0) {
			if (late == NULL)
				late = x;
			tried_bad_time = 1;
			continue;
		}
		pick = x;
		pkey = k;
		break;
	}
	if (pick == NULL && tried_bad_time) {
		if (X509_cmp_time(X509_get0_notAfter(late), &now) < 0) {
			rc = PDF_LOAD_EXPIRED;
			gye_day(asn1_time(X509_get0_notAfter(late)), day, sizeof(day));
			seterr(err, errlen, "El certificado de firma caducó el %s.", day);
		} else {
			rc = PDF_LOAD_NOTYET;
			gye_day(asn1_time(X509_get0_notBefore(late)), day, sizeof(day));
			seterr(err, errlen, "El certificado de firma aún no es válido: lo será desde el %s.",
			    day);
		}
		goto out;
	}
	if (pick == NULL) {
		if (it.bad) {
			rc = PDF_LOAD_FORMAT;
			seterr(err, errlen, "No se pudo descifrar el archivo .p12 (cifrado no admitido).");
		} else {
			rc = PDF_LOAD_NOKEY;
			seterr(err, errlen, "El archivo .p12 no contiene un certificado de firma con su "
			    "clave privada.");
		}
		goto out;
	}
	s = xcalloc(1, sizeof(*s));
	if ((s->chain = sk_X509_new_null()) == NULL || !X509_up_ref(pick) ||
	    !EVP_PKEY_up_ref(pkey))
		goto oserr;
	s->cert = pick;
	s->key = pkey;
	/* The chain: issuers of the signer among the file's certificates. */
	for (X509 *cur = pick; sk_X509_num(s->chain) < 10;) {
		X509 *up = NULL;

		if (X509_check_issued(cur, cur) == X509_V_OK)
			break;
		for (int i = 0; i < sk_X509_num(it.certs) && up == NULL; i++) {
			X509 *c = sk_X509_value(it.certs, i);

			if (c != pick && sk_X509_find(s->chain, c) < 0 &&
			    X509_check_issued(c, cur) == X509_V_OK)
				up = c;
		}
		if (up == NULL || !X509_up_ref(up))
			break;
		if (!sk_X509_push(s->chain, up)) {
			X509_free(up);
			break;
		}
		cur = up;
	}
	cert_info(s->cert, &s->info);
	*out = s;
	s = NULL;
	rc = PDF_LOAD_OK;
	goto out;
oserr:
	rc = PDF_LOAD_ERROR;
	seterr(err, errlen, "No se pudo leer el archivo .p12 (error interno de OpenSSL).");
out:
	pdf_signer_free(s);
	for (size_t i = 0; i < it.nkeys; i++)
		EVP_PKEY_free(it.keys[i]);
	sk_X509_pop_free(it.certs, X509_free);
	sk_PKCS7_pop_free(safes, PKCS7_free);
	PKCS12_free(p12);
	ERR_clear_error();
	return rc;
}

void
pdf_signer_free(struct pdf_signer *s)
{
	if (s == NULL)
		return;
	EVP_PKEY_free(s->key);		/* clears the private key's numbers */
	X509_free(s->cert);
	sk_X509_pop_free(s->chain, X509_free);
	OPENSSL_cleanse(s, sizeof(*s));
	free(s);
}

void
pdf_signer_info(const struct pdf_signer *s, struct pdf_cert_info *ci)
{
	*ci = s->info;
}

/* ---- trust store -------------------------------------------------------------- */

struct pdf_trust *
pdf_trust_load(const char *pem_path, char *err, size_t errlen)
{
	struct pdf_trust *t;

	pthread_once(&providers_once, providers_load);
	t = xcalloc(1, sizeof(*t));
	if ((t->store = X509_STORE_new()) == NULL ||
	    X509_STORE_load_file(t->store, pem_path) != 1) {
		seterr(err, errlen, "No se pudo leer el almacén de certificados de confianza %s.",
		    pem_path);
		pdf_trust_free(t);
		ERR_clear_error();
		return NULL;
	}
	return t;
}

void
pdf_trust_free(struct pdf_trust *t)
{
	if (t == NULL)
		return;
	X509_STORE_free(t->store);
	free(t);
}

/* ---- lexer ---------------------------------------------------------------------- */

enum tk {
	TK_ERR, TK_EOF, TK_INT, TK_REAL, TK_NAME, TK_LSTR, TK_HSTR,
	TK_AOPEN, TK_ACLOSE, TK_DOPEN, TK_DCLOSE, TK_KW,
	TK_ARRAY, TK_DICT, TK_REF	/* values, not tokens */
};

struct lx {
	const unsigned char	*s;
	size_t			 n;	/* end: s[0..n) may be read */
	size_t			 i;
};

struct tok {
	enum tk		t;
	size_t		a, b;		/* span s[a..b) */
	long long	v;		/* TK_INT */
};

static int
is_ws(unsigned char c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int
is_delim(unsigned char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
	    c == '{' || c == '}' || c == '/' || c == '%';
}

static int
is_regular(unsigned char c)
{
	return !is_ws(c) && !is_delim(c);
}

static void
skip_ws(struct lx *l)
{
	while (l->i < l->n) {
		if (is_ws(l->s[l->i]))
			l->i++;
		else if (l->s[l->i] == '%') {
			while (l->i < l->n && l->s[l->i] != '\n' && l->s[l->i] != '\r')
				l->i++;
		} else
			break;
	}
}

static struct tok
next(struct lx *l)
{
	struct tok t = { TK_ERR, 0, 0, 0 };
	unsigned char c;

	skip_ws(l);
	t.a = l->i;
	if (l->i >= l->n) {
		t.t = TK_EOF;
		t.b = l->i;
		return t;
	}
	c = l->s[l->i];
	if (c == '(') {
		int depth = 0;

		while (l->i < l->n) {
			c = l->s[l->i++];
			if (c == '\\')
				l->i++;
			else if (c == '(')
				depth++;
			else if (c == ')' && --depth == 0) {
				t.t = TK_LSTR;
				break;
			}
		}
		if (l->i > l->n)
			l->i = l->n;
	} else if (c == '<') {
		l->i++;
		if (l->i < l->n && l->s[l->i] == '<') {
			l->i++;
			t.t = TK_DOPEN;
		} else {
			while (l->i < l->n && (isxdigit(l->s[l->i]) || is_ws(l->s[l->i])))
				l->i++;
			if (l->i < l->n && l->s[l->i] == '>') {
				l->i++;
				t.t = TK_HSTR;
			}
		}
	} else if (c == '>') {
		l->i++;
		if (l->i < l->n && l->s[l->i] == '>') {
			l->i++;
			t.t = TK_DCLOSE;
		}
	} else if (c == '[' || c == ']') {
		l->i++;
		t.t = c == '[' ? TK_AOPEN : TK_ACLOSE;
	} else if (c == '/') {
		l->i++;
		while (l->i < l->n && is_regular(l->s[l->i]))
			l->i++;
		t.t = TK_NAME;
	} else if (is_regular(c)) {
		size_t k;
		int dig = 0, dot = 0, other = 0;
		long long v = 0;

		while (l->i < l->n && is_regular(l->s[l->i]))
			l->i++;
		for (k = t.a; k < l->i; k++) {
			c = l->s[k];
			if (isdigit(c)) {
				dig++;
				if (v < 1000000000000000LL)
					v = v * 10 + (c - '0');
				else
					other = 1;	/* too large for us: not an int */
			} else if (c == '.')
				dot++;
			else if (!((c == '+' || c == '-') && k == t.a))
				other = 1;
		}
		if (dig > 0 && !other && dot == 0) {
			t.t = TK_INT;
			t.v = l->s[t.a] == '-' ? -v : v;
		} else if (dig > 0 && !other && dot == 1)
			t.t = TK_REAL;
		else
			t.t = TK_KW;
	} else
		l->i++;			/* ')' '{' '}' alone: an error */
	t.b = l->i;
	return t;
}

static int
kw_is(const struct lx *l, const struct tok *t, const char *kw)
{
	size_t n = strlen(kw);

	return t->t == TK_KW && t->b - t->a == n && memcmp(l->s + t->a, kw, n) == 0;
}

/*
 * One value from l: its kind (TK_INT, TK_REAL, TK_NAME, TK_LSTR, TK_HSTR,
 * TK_ARRAY, TK_DICT, TK_REF, TK_KW for true/false/null) and span, or
 * TK_ERR. For TK_REF, *num and *gen are set.
 */
static enum tk
value(struct lx *l, struct tok *out, long long *num, long long *gen, int depth)
{
	struct tok t = next(l), u;
	size_t save;

	*out = t;
	switch (t.t) {
	case TK_INT:
		save = l->i;
		u = next(l);
		if (u.t == TK_INT && t.v >= 0 && u.v >= 0) {
			struct tok r = next(l);

			if (kw_is(l, &r, "R")) {
				if (num != NULL)
					*num = t.v;
				if (gen != NULL)
					*gen = u.v;
				out->t = TK_REF;
				out->b = r.b;
				return TK_REF;
			}
		}
		l->i = save;
		return TK_INT;
	case TK_REAL: case TK_NAME: case TK_LSTR: case TK_HSTR: case TK_KW:
		return t.t;
	case TK_AOPEN:
		if (depth >= MAX_DEPTH)
			return out->t = TK_ERR;
		for (;;) {
			struct tok v;
			size_t at = l->i;

			skip_ws(l);
			if (l->i < l->n && l->s[l->i] == ']') {
				l->i++;
				break;
			}
			l->i = at;
			if (value(l, &v, NULL, NULL, depth + 1) == TK_ERR)
				return out->t = TK_ERR;
		}
		out->t = TK_ARRAY;
		out->b = l->i;
		return TK_ARRAY;
	case TK_DOPEN:
		if (depth >= MAX_DEPTH)
			return out->t = TK_ERR;
		for (;;) {
			struct tok k = next(l), v;

			if (k.t == TK_DCLOSE)
				break;
			if (k.t != TK_NAME || value(l, &v, NULL, NULL, depth + 1) == TK_ERR)
				return out->t = TK_ERR;
		}
		out->t = TK_DICT;
		out->b = l->i;
		return TK_DICT;
	default:
		return out->t = TK_ERR;
	}
}

struct dent {
	size_t		ka, kb;		/* the key, with its '/' */
	struct tok	v;		/* the value (kind and span) */
	long long	num, gen;	/* TK_REF */
};

struct dict {
	struct dent	e[DICT_MAX];
	size_t		n;
	size_t		a, b;		/* "<<" .. ">>" */
};

/* Parse a dictionary at l (next token must be "<<"). 0 or -1. */
static int
dict_parse(struct lx *l, struct dict *d)
{
	struct tok t = next(l);

	d->n = 0;
	d->a = t.a;
	if (t.t != TK_DOPEN)
		return -1;
	for (;;) {
		struct tok k = next(l);
		struct dent *e;

		if (k.t == TK_DCLOSE)
			break;
		if (k.t != TK_NAME || d->n >= DICT_MAX)
			return -1;
		e = &d->e[d->n++];
		e->ka = k.a;
		e->kb = k.b;
		e->num = e->gen = 0;
		if (value(l, &e->v, &e->num, &e->gen, 1) == TK_ERR)
			return -1;
	}
	d->b = l->i;
	return 0;
}

static const struct dent *
dict_get(const struct lx *l, const struct dict *d, const char *key)
{
	size_t n = strlen(key);

	for (size_t i = 0; i < d->n; i++)
		if (d->e[i].kb - d->e[i].ka == n && memcmp(l->s + d->e[i].ka, key, n) == 0)
			return &d->e[i];
	return NULL;
}

static int
name_is(const struct lx *l, const struct dent *e, const char *name)
{
	size_t n = strlen(name);

	return e != NULL && e->v.t == TK_NAME && e->v.b - e->v.a == n &&
	    memcmp(l->s + e->v.a, name, n) == 0;
}

/* ---- the document: xref tables and objects ------------------------------------- */

struct doc {
	const unsigned char	*s;
	size_t			 n;
	size_t			*off;		/* off[num]: offset + 1, 0 when unknown */
	size_t			 nobj;
	long long		 size;		/* /Size of the newest trailer */
	size_t			 startxref;
	struct tok		 root, info, id;	/* spans in the newest trailer */
	long long		 root_num;
};

static void
doc_free(struct doc *d)
{
	free(d->off);
	d->off = NULL;
}

/* The offset just after the last "startxref" and its number, or -1. */
static long long
find_startxref(const unsigned char *s, size_t n)
{
	static const char kw[] = "startxref";
	size_t lo = n > 4096 ? n - 4096 : 0;

	for (size_t i = n >= sizeof(kw) - 1 ? n - (sizeof(kw) - 1) + 1 : 0; i-- > lo;) {
		if (memcmp(s + i, kw, sizeof(kw) - 1) == 0) {
			struct lx l = { s, n, i + sizeof(kw) - 1 };
			struct tok t = next(&l);

			return t.t == TK_INT && t.v >= 0 && (size_t)t.v < n ? t.v : -1;
		}
	}
	return -1;
}

/*
 * Read the classic xref sections from the newest along /Prev; the newest
 * entry of each object wins. Returns 0, or -1 with err.
 */
static int
doc_open(struct doc *d, const unsigned char *s, size_t n, char *err, size_t errlen)
{
	size_t seen[MAX_REVISIONS], nseen = 0;
	long long at;
	int newest = 1;

	memset(d, 0, sizeof(*d));
	d->s = s;
	d->n = n;
	if (n < 8 || memcmp(s, "%PDF-", 5) != 0) {
		seterr(err, errlen, "El archivo no es un PDF.");
		return -1;
	}
	if ((at = find_startxref(s, n)) < 0) {
		seterr(err, errlen, "El PDF está dañado: no tiene «startxref».");
		return -1;
	}
	d->startxref = (size_t)at;
	while (at >= 0) {
		struct lx l = { s, n, (size_t)at };
		struct tok t = next(&l);
		struct dict *tr;
		const struct dent *e;

		for (size_t k = 0; k < nseen; k++)
			if (seen[k] == (size_t)at)
				goto bad;
		if (nseen == MAX_REVISIONS)
			goto bad;
		seen[nseen++] = (size_t)at;
		if (!kw_is(&l, &t, "xref")) {
			if (t.t == TK_INT) {
				seterr(err, errlen, "El PDF usa una tabla de referencias comprimida "
				    "(xref stream); no se puede añadir una firma a este archivo.");
				return -1;
			}
			goto bad;
		}
		for (;;) {
			struct tok a = next(&l), c;

			if (kw_is(&l, &a, "trailer"))
				break;
			c = next(&l);
			/* PDF's limit on object numbers; 6 bytes at least an entry */
			if (a.t != TK_INT || c.t != TK_INT || a.v < 0 || c.v < 0 ||
			    a.v + c.v > 8388608 || (size_t)c.v > (n - l.i) / 6)
				goto bad;
			if ((size_t)(a.v + c.v) > d->nobj) {
				size_t m = (size_t)(a.v + c.v);

				d->off = xrealloc(d->off, m * sizeof(*d->off));
				memset(d->off + d->nobj, 0, (m - d->nobj) * sizeof(*d->off));
				d->nobj = m;
			}
			for (long long k = 0; k < c.v; k++) {
				struct tok o = next(&l), g = next(&l), f = next(&l);
				size_t num = (size_t)(a.v + k);

				if (o.t != TK_INT || g.t != TK_INT || o.v < 0)
					goto bad;
				if (kw_is(&l, &f, "n")) {
					if (d->off[num] == 0 && (size_t)o.v < n)
						d->off[num] = (size_t)o.v + 1;
				} else if (!kw_is(&l, &f, "f"))
					goto bad;
			}
		}
		tr = xmalloc(sizeof(*tr));
		if (dict_parse(&l, tr) == -1) {
			free(tr);
			goto bad;
		}
		if (newest) {
			if (dict_get(&l, tr, "/Encrypt") != NULL) {
				free(tr);
				seterr(err, errlen, "El PDF está cifrado; no se puede firmar.");
				return -1;
			}
			if ((e = dict_get(&l, tr, "/Root")) == NULL || e->v.t != TK_REF ||
			    (e = dict_get(&l, tr, "/Size")) == NULL || e->v.t != TK_INT) {
				free(tr);
				goto bad;
			}
			d->size = e->v.v;
			e = dict_get(&l, tr, "/Root");
			d->root = e->v;
			d->root_num = e->num;
			if ((e = dict_get(&l, tr, "/Info")) != NULL && e->v.t == TK_REF)
				d->info = e->v;
			if ((e = dict_get(&l, tr, "/ID")) != NULL && e->v.t == TK_ARRAY)
				d->id = e->v;
			newest = 0;
		}
		e = dict_get(&l, tr, "/Prev");
		at = e != NULL && e->v.t == TK_INT && e->v.v >= 0 && e->v.v < (long long)n ?
		    e->v.v : -1;
		free(tr);
	}
	if (d->size <= 0 || d->size > 8388607) {
		d->size = 0;
		goto bad;
	}
	return 0;
bad:
	doc_free(d);
	seterr(err, errlen, "El PDF está dañado: su tabla de referencias (xref) no se puede leer.");
	return -1;
}

/* Position l on the value of object num; *gen gets its generation. 0 or -1. */
static int
doc_obj(const struct doc *d, long long num, struct lx *l, long long *gen)
{
	struct tok a, b, c;

	if (num <= 0 || (unsigned long long)num >= d->nobj || d->off[num] == 0)
		return -1;
	l->s = d->s;
	l->n = d->n;
	l->i = d->off[num] - 1;
	a = next(l);
	b = next(l);
	c = next(l);
	if (a.t != TK_INT || a.v != num || b.t != TK_INT || !kw_is(l, &c, "obj"))
		return -1;
	if (gen != NULL)
		*gen = b.v;
	return 0;
}

/* The dictionary of object num. 0 or -1. */
static int
doc_dict(const struct doc *d, long long num, struct lx *l, struct dict *dict, long long *gen)
{
	return doc_obj(d, num, l, gen) == -1 || dict_parse(l, dict) == -1 ? -1 : 0;
}

/*
 * The inside of an array value: inline, or the indirect array it refers
 * to. Sets *a, *b to the bytes between '[' and ']' (may be empty). An
 * absent entry (e NULL) is an empty array. 0 or -1.
 */
static int
array_inner(const struct doc *d, const struct lx *l, const struct dent *e, size_t *a, size_t *b)
{
	struct tok t = { TK_ERR, 0, 0, 0 };

	*a = *b = 0;
	if (e == NULL)
		return 0;
	if (e->v.t == TK_ARRAY)
		t = e->v;
	else if (e->v.t == TK_REF) {
		struct lx m;

		if (doc_obj(d, e->num, &m, NULL) == -1 || value(&m, &t, NULL, NULL, 0) != TK_ARRAY)
			return -1;
	} else
		return -1;
	(void)l;
	*a = t.a + 1;
	*b = t.b - 1;
	return 0;
}

/*
 * Find the last page: from the page tree's root down the last kid that
 * has pages. Sets *num, *gen. 0 or -1.
 */
static int
last_page(const struct doc *d, long long pages, long long *num, long long *gen, int depth)
{
	struct dict *dict;
	struct lx l;
	const struct dent *e;
	long long *kids = NULL, g;
	size_t nk = 0, a, b;
	int rc = -1;

	if (depth > MAX_DEPTH)
		return -1;
	dict = xmalloc(sizeof(*dict));
	if (doc_dict(d, pages, &l, dict, &g) == -1)
		goto out;
	e = dict_get(&l, dict, "/Type");
	if (name_is(&l, e, "/Page") || (e == NULL && dict_get(&l, dict, "/Kids") == NULL)) {
		*num = pages;
		*gen = g;
		rc = 0;
		goto out;
	}
	if (array_inner(d, &l, dict_get(&l, dict, "/Kids"), &a, &b) == -1)
		goto out;
	{
		struct lx k = { d->s, b, a };

		for (;;) {
			struct tok t;
			long long kn = 0;

			skip_ws(&k);
			if (k.i >= k.n)
				break;
			if (value(&k, &t, &kn, NULL, 1) != TK_REF)
				goto out;
			kids = xrealloc(kids, (nk + 1) * sizeof(*kids));
			kids[nk++] = kn;
		}
	}
	while (nk-- > 0) {
		if (kids[nk] != pages && last_page(d, kids[nk], num, gen, depth + 1) == 0) {
			rc = 0;
			break;
		}
	}
out:
	free(kids);
	free(dict);
	return rc;
}

/* ---- writing PDF text ---------------------------------------------------------- */

/* Decode one UTF-8 character at s[*i]; U+FFFD for an invalid byte. */
static unsigned
utf8_next(const unsigned char *s, size_t n, size_t *i)
{
	unsigned c = s[*i], cp, need;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF)
		cp = c & 0x1F, need = 1;
	else if (c >= 0xE0 && c <= 0xEF)
		cp = c & 0x0F, need = 2;
	else if (c >= 0xF0 && c <= 0xF4)
		cp = c & 0x07, need = 3;
	else {
		(*i)++;
		return 0xFFFD;
	}
	if (*i + need >= n) {
		(*i)++;
		return 0xFFFD;
	}
	for (unsigned k = 1; k <= need; k++) {
		if ((s[*i + k] & 0xC0) != 0x80) {
			(*i)++;
			return 0xFFFD;
		}
		cp = (cp << 6) | (s[*i + k] & 0x3F);
	}
	if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF)) {
		(*i)++;
		return 0xFFFD;
	}
	*i += need + 1;
	return cp;
}

/* A text string as UTF-16BE with BOM, hex: <FEFF...>. */
static void
put_text(struct buf *b, const char *utf8)
{
	const unsigned char *s = (const unsigned char *)utf8;
	size_t n = strlen(utf8), i = 0;

	buf_puts(b, "<FEFF");
	while (i < n) {
		unsigned cp = utf8_next(s, n, &i);

		if (cp >= 0x10000) {
			cp -= 0x10000;
			buf_printf(b, "%04X%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
		} else
			buf_printf(b, "%04X", cp);
	}
	buf_putc(b, '>');
}

/* CP1252 bytes as a literal string: (...) with ( ) \ escaped. */
static void
put_lit(struct buf *b, const char *s, size_t n)
{
	buf_putc(b, '(');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '(' || s[i] == ')' || s[i] == '\\')
			buf_putc(b, '\\');
		buf_putc(b, s[i] == '\n' ? ' ' : s[i]);
	}
	buf_putc(b, ')');
}

static void
put_span(struct buf *b, const unsigned char *s, size_t a, size_t e)
{
	if (e > a)
		buf_put(b, s + a, e - a);
}

/* " key value" for every entry of d but the keys in skip (NULL-terminated). */
static void
put_entries(struct buf *b, const struct lx *l, const struct dict *d, const char *const *skip)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct dent *e = &d->e[i];
		int drop = 0;

		for (const char *const *k = skip; *k != NULL; k++)
			if (e->kb - e->ka == strlen(*k) && memcmp(l->s + e->ka, *k, strlen(*k)) == 0)
				drop = 1;
		if (drop)
			continue;
		buf_putc(b, ' ');
		put_span(b, l->s, e->ka, e->kb);
		buf_putc(b, ' ');
		put_span(b, l->s, e->v.a, e->v.b);
	}
}

/* ---- the visible stamp -------------------------------------------------------- */

static float helv_w[256], helvb_w[256];
static pthread_once_t widths_once = PTHREAD_ONCE_INIT;

/* Helvetica and Helvetica-Bold widths per WinAnsi byte, from libharu's metrics. */
static void
widths_load(void)
{
	HPDF_Doc pdf;

	for (int c = 0; c < 256; c++)
		helv_w[c] = helvb_w[c] = 556;
	if ((pdf = HPDF_New(NULL, NULL)) == NULL)
		return;
	for (int f = 0; f < 2; f++) {
		HPDF_Font font = HPDF_GetFont(pdf, f ? "Helvetica-Bold" : "Helvetica",
		    "WinAnsiEncoding");

		if (font == NULL)
			continue;
		for (int c = 32; c < 256; c++) {
			HPDF_BYTE ch = (HPDF_BYTE)c;
			HPDF_TextWidth tw = HPDF_Font_TextWidth(font, &ch, 1);

			if (tw.width > 0)
				(f ? helvb_w : helv_w)[c] = (float)tw.width;
		}
	}
	HPDF_Free(pdf);
}

struct sline {
	const char	*font;		/* /F1 regular, /F2 bold */
	const float	*w;
	char		 text[600];	/* CP1252 */
	size_t		 n;
};

static void
sline_set(struct sline *ln, int bold, const char *prefix, const char *utf8)
{
	char tmp[sizeof(ln->text) * 2];
	int k = snprintf(tmp, sizeof(tmp), "%s%s", prefix, utf8 != NULL ? utf8 : "");

	if (k < 0)
		k = 0;
	if ((size_t)k >= sizeof(tmp))
		k = sizeof(tmp) - 1;
	ln->font = bold ? "/F2" : "/F1";
	ln->w = bold ? helvb_w : helv_w;
	/* CP1252 is never longer than UTF-8; cut to our buffer first */
	if ((size_t)k >= sizeof(ln->text))
		k = sizeof(ln->text) - 1;
	while (k > 0 && ((unsigned char)tmp[k] & 0xC0) == 0x80)
		k--;
	ln->n = rpdf_cp1252(tmp, (size_t)k, ln->text, NULL);
}

/*
 * The appearance stream of the stamp, w x h points: a thin border, the QR
 * code at the left (when url), five lines of text fitted to the rest.
 */
static int
stamp_stream(struct buf *b, const struct pdf_signer *s, const struct pdf_stamp *st,
    double w, double h, char *err, size_t errlen)
{
	struct sline ln[5];
	struct tm tm;
	char when[64];
	double pad = h * 0.05, tx, tw, size, lead, top;
	size_t nl = 0;

	pthread_once(&widths_once, widths_load);
	if (pad < 2)
		pad = 2;
	if (pad > 5)
		pad = 5;
	buf_printf(b, "q 0.5 w 0.25 0.25 0.25 RG 0.25 0.25 %.2f %.2f re S Q\n", w - 0.5, h - 0.5);
	tx = pad;
	if (st->verify_url != NULL && *st->verify_url != '\0') {
		QRcode *qr = QRcode_encodeString8bit(st->verify_url, 0, QR_ECLEVEL_M);
		double side = h - 2 * pad, m, qx, qy;
		int q, quiet = 2;

		if (qr == NULL) {
			seterr(err, errlen, "No se pudo generar el código QR (¿dirección demasiado "
			    "larga?).");
			return -1;
		}
		if (side > w * 0.4)
			side = w * 0.4;
		q = qr->width;
		m = side / (q + 2 * quiet);
		qx = pad;
		qy = (h - side) / 2;
		buf_puts(b, "q 0 g\n");
		for (int row = 0; row < q; row++) {
			double y = qy + (quiet + (q - 1 - row)) * m;

			for (int col = 0; col < q;) {
				int run;

				if (!(qr->data[row * q + col] & 1)) {
					col++;
					continue;
				}
				for (run = 1; col + run < q && (qr->data[row * q + col + run] & 1); run++)
					;
				buf_printf(b, "%.3f %.3f %.3f %.3f re\n", qx + (quiet + col) * m, y,
				    run * m, m);
				col += run;
			}
		}
		buf_puts(b, "f Q\n");
		QRcode_free(qr);
		tx = pad + side + pad;
	}
	tw = w - tx - pad;
	gye_tm(st->when, &tm);
	snprintf(when, sizeof(when), "%02d/%02d/%04d %02d:%02d:%02d (UTC-05:00)", tm.tm_mday,
	    tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	sline_set(&ln[nl++], 0, "Firmado electrónicamente por:", NULL);
	sline_set(&ln[nl++], 1, "", s->info.name[0] ? s->info.name : s->info.subject);
	sline_set(&ln[nl++], 0, "Fecha: ", when);
	if (st->reason != NULL && *st->reason != '\0')
		sline_set(&ln[nl++], 0, "Razón: ", st->reason);
	if (st->location != NULL && *st->location != '\0')
		sline_set(&ln[nl++], 0, "Lugar: ", st->location);
	size = (h - 2 * pad) / (nl * 1.2);
	if (size > 9)
		size = 9;
	lead = size * 1.2;
	top = (h + nl * lead) / 2;
	buf_puts(b, "BT 0 g\n");
	for (size_t i = 0; i < nl; i++) {
		double lw = rpdf_width(ln[i].text, ln[i].n, ln[i].w, size), ls = size;

		if (lw > tw) {
			ls = size * tw / lw;
			if (ls < 3) {
				/* still too wide at 3 points: cut and end with an ellipsis */
				ls = 3;
				while (ln[i].n > 1 && rpdf_width(ln[i].text, ln[i].n, ln[i].w, ls) +
				    rpdf_width("\x85", 1, ln[i].w, ls) > tw)
					ln[i].n--;
				ln[i].text[ln[i].n++] = '\x85';
			}
		}
		buf_printf(b, "%s %.2f Tf 1 0 0 1 %.2f %.2f Tm ", ln[i].font, ls, tx,
		    top - size * 0.95 - i * lead);
		put_lit(b, ln[i].text, ln[i].n);
		buf_puts(b, " Tj\n");
	}
	buf_puts(b, "ET\n");
	return 0;
}

/* ---- the CMS ------------------------------------------------------------------ */

/*
 * The CAdES-detached SignedData over digest md: SHA-256, signed attributes
 * contentType, messageDigest and ESS signing-certificate-v2, no
 * signingTime; the signer's certificate and its chain. DER into *der
 * (OPENSSL_free) and *derlen. 0 or -1.
 */
static int
cms_build(const struct pdf_signer *s, const unsigned char *md, size_t mdlen,
    unsigned char **der, int *derlen)
{
	STACK_OF(X509_ATTRIBUTE) *attrs = NULL;
	CMS_ContentInfo *cms = NULL;
	CMS_SignerInfo *si;
	EVP_MD_CTX *mctx = NULL;
	unsigned char *abuf = NULL, *sig = NULL;
	size_t siglen = 0;
	int alen, idx, rc = -1;
	unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL;

	*der = NULL;
	if ((cms = CMS_sign(NULL, NULL, NULL, NULL, flags)) == NULL ||
	    (si = CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(),
	    flags | CMS_CADES | CMS_NOSMIMECAP)) == NULL)
		goto out;
	for (int i = 0; i < sk_X509_num(s->chain); i++)
		if (!CMS_add1_cert(cms, sk_X509_value(s->chain, i)))
			goto out;
	if (!CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
	    OBJ_nid2obj(NID_pkcs7_data), -1) ||
	    !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING,
	    md, (int)mdlen))
		goto out;
	/*
	 * No signingTime: PAdES baseline forbids it (the time is /M).
	 * CMS_SignerInfo_sign() would add one, so the attributes are
	 * signed here: their DER as a SET OF (sorted, as in the SignerInfo).
	 */
	while ((idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1)) >= 0)
		X509_ATTRIBUTE_free(CMS_signed_delete_attr(si, idx));
	if ((attrs = sk_X509_ATTRIBUTE_new_null()) == NULL)
		goto out;
	for (int i = 0; i < CMS_signed_get_attr_count(si); i++)
		if (!sk_X509_ATTRIBUTE_push(attrs, CMS_signed_get_attr(si, i)))
			goto out;
	if ((alen = ASN1_item_i2d((ASN1_VALUE *)attrs, &abuf,
	    ASN1_ITEM_rptr(PKCS7_ATTR_SIGN))) <= 0)
		goto out;
	if ((mctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(mctx, NULL, EVP_sha256(), NULL, s->key) != 1 ||
	    EVP_DigestSign(mctx, NULL, &siglen, abuf, (size_t)alen) != 1)
		goto out;
	sig = OPENSSL_malloc(siglen);
	if (sig == NULL || EVP_DigestSign(mctx, sig, &siglen, abuf, (size_t)alen) != 1 ||
	    siglen > INT_MAX ||
	    !ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), sig, (int)siglen))
		goto out;
	if ((*derlen = i2d_CMS_ContentInfo(cms, der)) <= 0) {
		*der = NULL;
		goto out;
	}
	rc = 0;
out:
	OPENSSL_free(sig);
	OPENSSL_free(abuf);
	EVP_MD_CTX_free(mctx);
	sk_X509_ATTRIBUTE_free(attrs);	/* the attributes belong to si */
	CMS_ContentInfo_free(cms);
	return rc;
}

/* ---- signing ------------------------------------------------------------------ */

struct xent {
	long long	num, gen;
	size_t		off;		/* from the start of the PDF */
};

static int
xent_cmp(const void *a, const void *b)
{
	const struct xent *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

/* Start object num at the end of out (offsets relative to base). */
static void
obj_begin(struct buf *out, size_t base, struct xent *x, size_t *nx, long long num, long long gen)
{
	x[*nx].num = num;
	x[*nx].gen = gen;
	x[*nx].off = out->len - base;
	(*nx)++;
	buf_printf(out, "%lld %lld obj\n", num, gen);
}

int
pdf_sign(const struct pdf_signer *s, const unsigned char *pdf, size_t len,
    const struct pdf_stamp *st, struct buf *out, char *err, size_t errlen)
{
	static const char *const skip_annots[] = { "/Annots", NULL };
	static const char *const skip_acro[] = { "/AcroForm", NULL };
	static const char *const skip_fields[] = { "/Fields", "/SigFlags", NULL };
	struct doc d;
	struct dict *cat = NULL, *page = NULL, *acro = NULL;
	struct lx lc, lp, la;
	const struct dent *e;
	struct xent x[8];
	struct buf ap;
	size_t base = out->len, nx = 0, a, b, br_at, lt, gt, xref_at, total;
	long long page_num, page_gen, cat_gen, acro_num = 0, acro_gen = 0, pages;
	long long n_sig, n_wid, n_ap, n_f1, n_f2, next_num;
	double rx1, ry1, rx2, ry2, w, h;
	unsigned char md[EVP_MAX_MD_SIZE], *der = NULL;
	unsigned int mdlen = 0;
	int derlen = 0, acro_indirect = 0, rc = -1;
	char date[40];
	EVP_MD_CTX *mctx = NULL;

	buf_init(&ap, NULL);
	memset(&d, 0, sizeof(d));
	rx1 = st->rect[0] < st->rect[2] ? st->rect[0] : st->rect[2];
	rx2 = st->rect[0] < st->rect[2] ? st->rect[2] : st->rect[0];
	ry1 = st->rect[1] < st->rect[3] ? st->rect[1] : st->rect[3];
	ry2 = st->rect[1] < st->rect[3] ? st->rect[3] : st->rect[1];
	w = rx2 - rx1;
	h = ry2 - ry1;
	if (!(w >= 40 && h >= 20 && w < 14400 && h < 14400)) {
		seterr(err, errlen, "El recuadro de la firma es demasiado pequeño (mínimo 40 × 20 "
		    "puntos).");
		return -1;
	}
	if (doc_open(&d, pdf, len, err, errlen) == -1)
		return -1;
	cat = xmalloc(sizeof(*cat));
	page = xmalloc(sizeof(*page));
	acro = xmalloc(sizeof(*acro));
	if (doc_dict(&d, d.root_num, &lc, cat, &cat_gen) == -1 ||
	    (e = dict_get(&lc, cat, "/Pages")) == NULL || e->v.t != TK_REF) {
		seterr(err, errlen, "El PDF está dañado: no se encuentra su catálogo.");
		goto fail;
	}
	pages = e->num;
	if (last_page(&d, pages, &page_num, &page_gen, 0) == -1 ||
	    doc_dict(&d, page_num, &lp, page, NULL) == -1) {
		seterr(err, errlen, "El PDF está dañado: no se encuentra su última página.");
		goto fail;
	}
	/* The AcroForm: indirect (rewritten in place), inline, or none. */
	acro->n = 0;
	la = lc;
	if ((e = dict_get(&lc, cat, "/AcroForm")) != NULL) {
		if (e->v.t == TK_REF) {
			acro_indirect = 1;
			acro_num = e->num;
			if (doc_dict(&d, acro_num, &la, acro, &acro_gen) == -1) {
				seterr(err, errlen, "El PDF está dañado: no se puede leer su formulario "
				    "(AcroForm).");
				goto fail;
			}
		} else if (e->v.t == TK_DICT) {
			la.s = lc.s;
			la.n = e->v.b;
			la.i = e->v.a;
			if (dict_parse(&la, acro) == -1)
				goto damaged;
		} else
			goto damaged;
	}
	next_num = d.size;
	n_sig = next_num++;
	n_wid = next_num++;
	n_ap = next_num++;
	n_f1 = next_num++;
	n_f2 = next_num++;
	if (!acro_indirect) {
		acro_num = next_num++;
		acro_gen = 0;
	}

	/* the original, then a line end before the update */
	buf_put(out, pdf, len);
	if (len > 0 && pdf[len - 1] != '\n' && pdf[len - 1] != '\r')
		buf_putc(out, '\n');

	/* the catalog, when the AcroForm is not an object of its own yet */
	if (!acro_indirect) {
		obj_begin(out, base, x, &nx, d.root_num, cat_gen);
		buf_puts(out, "<<");
		put_entries(out, &lc, cat, skip_acro);
		buf_printf(out, " /AcroForm %lld 0 R >>\nendobj\n", acro_num);
	}
	/* the AcroForm: its fields plus ours, /SigFlags 3 */
	obj_begin(out, base, x, &nx, acro_num, acro_gen);
	buf_puts(out, "<<");
	if (acro->n > 0) {
		put_entries(out, &la, acro, skip_fields);
		if (array_inner(&d, &la, dict_get(&la, acro, "/Fields"), &a, &b) == -1)
			goto damaged_out;
	} else
		a = b = 0;
	buf_puts(out, " /Fields [");
	put_span(out, pdf, a, b);
	buf_printf(out, " %lld 0 R] /SigFlags 3 >>\nendobj\n", n_wid);
	/* the last page with the widget among its annotations */
	if (array_inner(&d, &lp, dict_get(&lp, page, "/Annots"), &a, &b) == -1)
		goto damaged_out;
	obj_begin(out, base, x, &nx, page_num, page_gen);
	buf_puts(out, "<<");
	put_entries(out, &lp, page, skip_annots);
	buf_puts(out, " /Annots [");
	put_span(out, pdf, a, b);
	buf_printf(out, " %lld 0 R] >>\nendobj\n", n_wid);
	/* the widget */
	obj_begin(out, base, x, &nx, n_wid, 0);
	buf_printf(out, "<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /T (Firma%lld) "
	    "/V %lld 0 R /P %lld %lld R /Rect [%.2f %.2f %.2f %.2f] /AP << /N %lld 0 R >> >>\n"
	    "endobj\n", n_wid, n_sig, page_num, page_gen, rx1, ry1, rx2, ry2, n_ap);
	/* its appearance and fonts */
	if (stamp_stream(&ap, s, st, w, h, err, errlen) == -1)
		goto fail_out;
	obj_begin(out, base, x, &nx, n_ap, 0);
	buf_printf(out, "<< /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] "
	    "/Resources << /Font << /F1 %lld 0 R /F2 %lld 0 R >> >> /Length %zu >>\nstream\n",
	    w, h, n_f1, n_f2, ap.len);
	buf_put(out, ap.data, ap.len);
	buf_puts(out, "\nendstream\nendobj\n");
	obj_begin(out, base, x, &nx, n_f1, 0);
	buf_puts(out, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
	    "/Encoding /WinAnsiEncoding >>\nendobj\n");
	obj_begin(out, base, x, &nx, n_f2, 0);
	buf_puts(out, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
	    "/Encoding /WinAnsiEncoding >>\nendobj\n");
	/* the signature dictionary, its /ByteRange filled in below */
	obj_begin(out, base, x, &nx, n_sig, 0);
	buf_puts(out, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
	    "/ByteRange ");
	br_at = out->len;
	for (int i = 0; i < BR_FIELD; i++)
		buf_putc(out, ' ');
	buf_puts(out, "/Contents ");
	lt = out->len - base;
	buf_putc(out, '<');
	for (size_t i = 0; i < 2 * PDF_SIG_GAP; i++)
		buf_putc(out, '0');
	buf_putc(out, '>');
	gt = out->len - base;
	pdf_date(st->when, date, sizeof(date));
	buf_printf(out, " /M (%s) /Name ", date);
	put_text(out, s->info.name[0] ? s->info.name : s->info.subject);
	if (st->reason != NULL) {
		buf_puts(out, " /Reason ");
		put_text(out, st->reason);
	}
	if (st->location != NULL) {
		buf_puts(out, " /Location ");
		put_text(out, st->location);
	}
	buf_puts(out, " >>\nendobj\n");
	/* xref section: one subsection per run of consecutive numbers */
	xref_at = out->len - base;
	qsort(x, nx, sizeof(x[0]), xent_cmp);
	buf_puts(out, "xref\n");
	for (size_t i = 0; i < nx;) {
		size_t j = i + 1;

		while (j < nx && x[j].num == x[j - 1].num + 1)
			j++;
		buf_printf(out, "%lld %zu\n", x[i].num, j - i);
		for (; i < j; i++)
			buf_printf(out, "%010zu %05lld n\r\n", x[i].off, x[i].gen);
	}
	buf_printf(out, "trailer\n<< /Size %lld /Root ", next_num > d.size ? next_num : d.size);
	put_span(out, pdf, d.root.a, d.root.b);
	if (d.info.b > d.info.a) {
		buf_puts(out, " /Info ");
		put_span(out, pdf, d.info.a, d.info.b);
	}
	if (d.id.b > d.id.a) {
		buf_puts(out, " /ID ");
		put_span(out, pdf, d.id.a, d.id.b);
	}
	buf_printf(out, " /Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n", d.startxref, xref_at);
	total = out->len - base;

	/* ByteRange, the digest of what it covers, the CMS into the gap */
	{
		char br[BR_FIELD + 1];
		int k = snprintf(br, sizeof(br), "[0 %zu %zu %zu]", lt, gt, total - gt);

		if (k < 0 || k >= BR_FIELD)
			goto fail_internal;
		memcpy(out->data + br_at, br, (size_t)k);
	}
	if ((mctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(mctx, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(mctx, out->data + base, lt) != 1 ||
	    EVP_DigestUpdate(mctx, out->data + base + gt, total - gt) != 1 ||
	    EVP_DigestFinal_ex(mctx, md, &mdlen) != 1)
		goto fail_internal;
	if (cms_build(s, md, mdlen, &der, &derlen) == -1)
		goto fail_internal;
	if ((size_t)derlen > PDF_SIG_GAP) {
		seterr(err, errlen, "La firma (%d bytes) no cabe en el espacio reservado.", derlen);
		goto fail_out;
	}
	for (int i = 0; i < derlen; i++) {
		static const char hx[] = "0123456789ABCDEF";

		out->data[base + lt + 1 + 2 * i] = hx[der[i] >> 4];
		out->data[base + lt + 2 + 2 * i] = hx[der[i] & 15];
	}
	rc = 0;
	goto done;

damaged:
	seterr(err, errlen, "El PDF está dañado: no se puede leer su formulario (AcroForm).");
	goto fail;
damaged_out:
	seterr(err, errlen, "El PDF está dañado: no se pueden leer sus campos o anotaciones.");
	goto fail_out;
fail_internal:
	seterr(err, errlen, "No se pudo firmar el documento (error interno de OpenSSL).");
fail_out:
	out->len = base;
	if (out->cap > 0)
		out->data[base] = '\0';
fail:
done:
	OPENSSL_free(der);
	EVP_MD_CTX_free(mctx);
	buf_release(&ap);
	free(cat);
	free(page);
	free(acro);
	doc_free(&d);
	ERR_clear_error();
	return rc;
}

/* ---- verification ----------------------------------------------------------------- */

/* Decode a PDF string token (literal or hex) into raw bytes; returns the length. */
static size_t
str_bytes(const unsigned char *s, const struct tok *t, unsigned char *out, size_t max)
{
	size_t o = 0, i = t->a + 1, end = t->b - 1;

	if (t->t == TK_HSTR) {
		int hi = -1;

		for (; i < end && o < max; i++) {
			int v;

			if (!isxdigit(s[i]))
				continue;
			v = isdigit(s[i]) ? s[i] - '0' : (tolower(s[i]) - 'a' + 10);
			if (hi < 0)
				hi = v;
			else {
				out[o++] = (unsigned char)(hi << 4 | v);
				hi = -1;
			}
		}
		if (hi >= 0 && o < max)
			out[o++] = (unsigned char)(hi << 4);
		return o;
	}
	if (t->t != TK_LSTR)
		return 0;
	for (; i < end && o < max; i++) {
		unsigned char c = s[i];

		if (c != '\\') {
			out[o++] = c;
			continue;
		}
		if (++i >= end)
			break;
		c = s[i];
		switch (c) {
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case 'b': out[o++] = '\b'; break;
		case 'f': out[o++] = '\f'; break;
		case '\r':
			if (i + 1 < end && s[i + 1] == '\n')
				i++;
			break;
		case '\n':
			break;
		default:
			if (c >= '0' && c <= '7') {
				int v = c - '0';

				for (int k = 0; k < 2 && i + 1 < end && s[i + 1] >= '0' && s[i + 1] <= '7'; k++)
					v = v * 8 + (s[++i] - '0');
				out[o++] = (unsigned char)v;
			} else
				out[o++] = c;
		}
	}
	return o;
}

static size_t
put_utf8(char *out, size_t o, size_t max, unsigned cp)
{
	char tmp[4];
	size_t n;

	if (cp < 0x80)
		tmp[0] = (char)cp, n = 1;
	else if (cp < 0x800)
		tmp[0] = (char)(0xC0 | cp >> 6), tmp[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
	else if (cp < 0x10000)
		tmp[0] = (char)(0xE0 | cp >> 12), tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
		    tmp[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
	else
		tmp[0] = (char)(0xF0 | cp >> 18), tmp[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
		    tmp[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), tmp[3] = (char)(0x80 | (cp & 0x3F)),
		    n = 4;
	if (o + n >= max)
		return o;
	memcpy(out + o, tmp, n);
	return o + n;
}

/* A PDF text string (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding taken as Latin-1) as UTF-8. */
static void
text_utf8(const unsigned char *s, const struct tok *t, char *out, size_t max)
{
	unsigned char raw[1024];
	size_t n = str_bytes(s, t, raw, sizeof(raw)), o = 0;

	if (n >= 2 && raw[0] == 0xFE && raw[1] == 0xFF) {
		for (size_t i = 2; i + 1 < n; i += 2) {
			unsigned cp = (unsigned)raw[i] << 8 | raw[i + 1];

			if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < n) {
				unsigned lo = (unsigned)raw[i + 2] << 8 | raw[i + 3];

				if (lo >= 0xDC00 && lo <= 0xDFFF) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					i += 2;
				} else
					cp = 0xFFFD;
			} else if (cp >= 0xD800 && cp <= 0xDFFF)
				cp = 0xFFFD;
			if (cp == 0)
				continue;
			o = put_utf8(out, o, max, cp);
		}
	} else if (n >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF) {
		for (size_t i = 3; i < n;)
			o = put_utf8(out, o, max, utf8_next(raw, n, &i));
	} else {
		for (size_t i = 0; i < n; i++)
			if (raw[i] != 0)
				o = put_utf8(out, o, max, raw[i]);
	}
	out[o] = '\0';
}

static void
problem(struct pdf_sig *sg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
problem(struct pdf_sig *sg, const char *fmt, ...)
{
	va_list ap;

	if (sg->problem[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(sg->problem, sizeof(sg->problem), fmt, ap);
	va_end(ap);
}

static const char *
chain_error(int code)
{
	switch (code) {
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		return "no lo emitió una autoridad de certificación reconocida por este servidor";
	case X509_V_ERR_CERT_HAS_EXPIRED:
		return "el certificado había caducado en la fecha de la firma";
	case X509_V_ERR_CERT_NOT_YET_VALID:
		return "el certificado aún no era válido en la fecha de la firma";
	case X509_V_ERR_CERT_REVOKED:
		return "el certificado está revocado";
	case X509_V_ERR_CERT_SIGNATURE_FAILURE:
		return "la firma de un certificado de la cadena no es válida";
	case X509_V_ERR_INVALID_PURPOSE:
		return "el certificado no sirve para firmar";
	default:
		return "la cadena de certificados no es válida";
	}
}

/*
 * One SignerInfo: digest, signature, chain (its own flags; the caller
 * combines them). The signer's certificate must already be set.
 */
static void
check_signer(const unsigned char *pdf, const long long br[4], CMS_SignerInfo *si,
    STACK_OF(X509) *certs, const struct pdf_trust *trust, struct pdf_sig *sg,
    int *digest_ok, int *signature_ok, int *chain_ok)
{
	X509 *signer = NULL;
	X509_ALGOR *dig = NULL, *sigalg = NULL;
	const ASN1_OBJECT *dobj;
	const EVP_MD *md;
	EVP_MD_CTX *mctx = NULL;
	X509_STORE_CTX *xs = NULL;
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int hlen = 0;
	int idx;

	*digest_ok = *signature_ok = *chain_ok = 0;
	CMS_SignerInfo_get0_algs(si, NULL, &signer, &dig, &sigalg);
	if (signer == NULL) {
		problem(sg, "La firma no incluye el certificado del firmante.");
		goto out;
	}
	if (sg->cert.serial[0] == '\0')
		cert_info(signer, &sg->cert);
	X509_ALGOR_get0(&dobj, NULL, NULL, dig);
	if ((md = EVP_get_digestbyobj(dobj)) == NULL) {
		problem(sg, "La firma usa un algoritmo de resumen desconocido.");
		goto out;
	}
	if ((mctx = EVP_MD_CTX_new()) == NULL)
		goto out;
	if (CMS_signed_get_attr_count(si) >= 0) {
		X509_ATTRIBUTE *at;
		ASN1_OCTET_STRING *os = NULL;

		if (EVP_DigestInit_ex(mctx, md, NULL) != 1 ||
		    EVP_DigestUpdate(mctx, pdf + br[0], (size_t)br[1]) != 1 ||
		    EVP_DigestUpdate(mctx, pdf + br[2], (size_t)br[3]) != 1 ||
		    EVP_DigestFinal_ex(mctx, h, &hlen) != 1)
			goto out;
		idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_messageDigest, -1);
		if (idx >= 0 && (at = CMS_signed_get_attr(si, idx)) != NULL)
			os = X509_ATTRIBUTE_get0_data(at, 0, V_ASN1_OCTET_STRING, NULL);
		*digest_ok = os != NULL && (unsigned)ASN1_STRING_length(os) == hlen &&
		    memcmp(ASN1_STRING_get0_data(os), h, hlen) == 0;
		*signature_ok = CMS_SignerInfo_verify(si) == 1;
	} else {
		/* no signed attributes: the signature is over the content itself */
		ASN1_OCTET_STRING *sv = CMS_SignerInfo_get0_signature(si);

		*digest_ok = *signature_ok =
		    EVP_DigestVerifyInit(mctx, NULL, md, NULL, X509_get0_pubkey(signer)) == 1 &&
		    EVP_DigestVerifyUpdate(mctx, pdf + br[0], (size_t)br[1]) == 1 &&
		    EVP_DigestVerifyUpdate(mctx, pdf + br[2], (size_t)br[3]) == 1 &&
		    EVP_DigestVerifyFinal(mctx, ASN1_STRING_get0_data(sv),
		    (size_t)ASN1_STRING_length(sv)) == 1;
	}
	if (!*digest_ok) {
		problem(sg, "El documento fue modificado después de firmarlo (el resumen no "
		    "coincide).");
		goto out;
	}
	if (!*signature_ok) {
		problem(sg, "La firma criptográfica no es válida para el certificado.");
		goto out;
	}
	if (trust == NULL) {
		problem(sg, "No hay un almacén de confianza: la cadena del certificado no se "
		    "verificó.");
		goto out;
	}
	if ((xs = X509_STORE_CTX_new()) == NULL ||
	    X509_STORE_CTX_init(xs, trust->store, signer, certs) != 1)
		goto out;
	X509_STORE_CTX_set_time(xs, 0, sg->signed_at != 0 ? sg->signed_at : time(NULL));
	if (X509_verify_cert(xs) == 1)
		*chain_ok = 1;
	else
		problem(sg, "El certificado no es de confianza: %s.",
		    chain_error(X509_STORE_CTX_get_error(xs)));
out:
	X509_STORE_CTX_free(xs);
	EVP_MD_CTX_free(mctx);
}

/*
 * Check the CMS of one signature whose ranges are known good. Every
 * SignerInfo must verify (podofosign writes two, SHA-256 and SHA-512, for
 * one certificate); the certificate shown is the first signer's.
 */
static void
check_cms(const unsigned char *pdf, const long long br[4], const unsigned char *der, size_t derlen,
    const struct pdf_trust *trust, struct pdf_sig *sg)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms = NULL;
	STACK_OF(CMS_SignerInfo) *sis;
	STACK_OF(X509) *certs = NULL;
	int nsi;

	if (derlen > LONG_MAX || (cms = d2i_CMS_ContentInfo(NULL, &p, (long)derlen)) == NULL ||
	    OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		problem(sg, "La firma no es un CMS SignedData legible.");
		goto out;
	}
	if ((sis = CMS_get0_SignerInfos(cms)) == NULL || (nsi = sk_CMS_SignerInfo_num(sis)) < 1 ||
	    nsi > 8) {
		problem(sg, "La firma no tiene firmantes, o tiene demasiados.");
		goto out;
	}
	certs = CMS_get1_certs(cms);
	(void)CMS_set1_signers_certs(cms, NULL, 0);
	sg->digest_ok = sg->signature_ok = sg->chain_ok = 1;
	for (int i = 0; i < nsi; i++) {
		int d, s, c;

		check_signer(pdf, br, sk_CMS_SignerInfo_value(sis, i), certs, trust, sg, &d, &s, &c);
		sg->digest_ok &= d;
		sg->signature_ok &= s;
		sg->chain_ok &= c;
	}
out:
	if (!sg->digest_ok && !sg->signature_ok)
		problem(sg, "No se pudo verificar la firma.");
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
}

/*
 * The object that holds the /ByteRange at h: back to the nearest
 * "N G obj" before it, then its dictionary, which must have this
 * /ByteRange among its own keys. 0 and the dict, or -1.
 */
static int
sig_dict_at(const unsigned char *s, size_t n, size_t h, struct lx *l, struct dict *d)
{
	size_t lo = h > OBJ_LOOKBACK ? h - OBJ_LOOKBACK : 0;
	const struct dent *e;

	for (size_t i = h; i-- > lo + 3;) {
		if (s[i] != 'j' || s[i - 1] != 'b' || s[i - 2] != 'o')
			continue;
		/* "obj" after "int ws int ws", then the value */
		{
			size_t k = i - 2;

			if (i + 1 < n && is_regular(s[i + 1]))
				continue;
			while (k > 0 && is_ws(s[k - 1]))
				k--;
			if (k == i - 2 || k == 0 || !isdigit(s[k - 1]))
				continue;
		}
		l->s = s;
		l->n = n;
		l->i = i + 1;
		if (dict_parse(l, d) == -1)
			return -1;
		e = dict_get(l, d, "/ByteRange");
		return e != NULL && e->ka == h ? 0 : -1;
	}
	return -1;
}

int
pdf_verify(const unsigned char *pdf, size_t len, const struct pdf_trust *trust,
    struct pdf_sig *sigs, size_t max, size_t *n, char *err, size_t errlen)
{
	static const char key[] = "/ByteRange";
	const size_t kl = sizeof(key) - 1;
	struct dict *d;
	size_t found = 0, hits = 0, newest = SIZE_MAX, newest_end = 0;
	const unsigned char *hdr;

	*n = 0;
	if (pdf == NULL || len < 8 ||
	    (hdr = memmem(pdf, len < 1024 ? len : 1024, "%PDF-", 5)) == NULL) {
		seterr(err, errlen, "El archivo no es un PDF.");
		return -1;
	}
	pthread_once(&providers_once, providers_load);
	d = xmalloc(sizeof(*d));
	for (const unsigned char *p = pdf; hits < MAX_SIG_HITS;) {
		const unsigned char *q = memmem(p, len - (size_t)(p - pdf), key, kl);
		struct pdf_sig sg;
		struct lx l;
		const struct dent *br, *ct, *e;
		long long r[4] = { 0, 0, 0, 0 };
		size_t h, derlen, nb = 0;
		unsigned char *der;

		if (q == NULL)
			break;
		h = (size_t)(q - pdf);
		p = q + kl;
		if (p < pdf + len && is_regular(*p))
			continue;		/* /ByteRangeX */
		hits++;
		if (sig_dict_at(pdf, len, h, &l, d) == -1)
			continue;
		br = dict_get(&l, d, "/ByteRange");
		ct = dict_get(&l, d, "/Contents");
		if (ct == NULL)
			continue;
		memset(&sg, 0, sizeof(sg));
		if ((e = dict_get(&l, d, "/SubFilter")) != NULL && e->v.t == TK_NAME)
			copy_utf8(sg.subfilter, sizeof(sg.subfilter), (const char *)pdf + e->v.a + 1,
			    e->v.b - e->v.a - 1);
		if ((e = dict_get(&l, d, "/Reason")) != NULL)
			text_utf8(pdf, &e->v, sg.reason, sizeof(sg.reason));
		if ((e = dict_get(&l, d, "/Location")) != NULL)
			text_utf8(pdf, &e->v, sg.location, sizeof(sg.location));
		if ((e = dict_get(&l, d, "/M")) != NULL &&
		    (e->v.t == TK_LSTR || e->v.t == TK_HSTR)) {
			unsigned char raw[64];
			size_t rn = str_bytes(pdf, &e->v, raw, sizeof(raw));

			sg.signed_at = pdf_parse_date((const char *)raw, rn);
		}
		/* ByteRange: [0 a b c], a at our '<', b after our '>', inside the file */
		{
			struct lx al = { pdf, br->v.b - 1, br->v.a + 1 };

			if (br->v.t == TK_ARRAY) {
				for (;;) {
					struct tok t = next(&al);

					if (t.t == TK_EOF)
						break;
					if (t.t != TK_INT || nb == 4) {
						nb = 5;
						break;
					}
					r[nb++] = t.v;
				}
			}
		}
		if (nb != 4 || r[0] != 0 || r[1] < 0 || r[2] < 0 || r[3] < 0 || ct->v.t != TK_HSTR ||
		    (size_t)r[1] != ct->v.a || (size_t)r[2] != ct->v.b ||
		    (unsigned long long)r[2] + (unsigned long long)r[3] > len) {
			problem(&sg, "El /ByteRange de la firma no es coherente con su /Contents.");
		} else {
			sg.covered_end = (size_t)(r[2] + r[3]);
			sg.covers_whole = sg.covered_end == len;
			if (strcmp(sg.subfilter, "adbe.pkcs7.detached") != 0 &&
			    strcmp(sg.subfilter, "ETSI.CAdES.detached") != 0)
				problem(&sg, "Tipo de firma no admitido: %s.",
				    sg.subfilter[0] ? sg.subfilter : "(ninguno)");
			else {
				der = xmalloc((ct->v.b - ct->v.a) / 2 + 1);
				derlen = str_bytes(pdf, &ct->v, der, (ct->v.b - ct->v.a) / 2 + 1);
				check_cms(pdf, r, der, derlen, trust, &sg);
				free(der);
			}
		}
		if (sg.covered_end >= newest_end && sg.covered_end > 0) {
			newest_end = sg.covered_end;
			newest = found;
		}
		if (found < max)
			sigs[found] = sg;
		found++;
	}
	free(d);
	/* Only the newest signature must cover the whole file. */
	if (newest < max && newest < found && !sigs[newest].covers_whole) {
		char tmp[sizeof(sigs[0].problem)];

		snprintf(tmp, sizeof(tmp), "Se añadieron %zu bytes al documento después de la "
		    "última firma.", len - sigs[newest].covered_end);
		if (sigs[newest].problem[0] == '\0' ||
		    strncmp(sigs[newest].problem, "No hay un almacén", 17) == 0)
			memcpy(sigs[newest].problem, tmp, sizeof(tmp));
	}
	*n = found;
	(void)hdr;
	return 0;
}
