/*
 * Unit tests of pdf_sign.c. Keys and certificates are made in-process
 * (a CA, a signer, an expired and a not-yet-valid one, an encryption-only
 * one), the PDF by libharu (two pages, a link annotation on the last).
 * Loading: the password, validity, the key chosen among two, garbage.
 * Signing: the original bytes kept, the update's pieces, the CMS (no
 * signingTime, ESS signing-certificate-v2, SHA-256, the chain). Verifying:
 * all good, no trust store, a changed byte, appended bytes, two
 * signatures, an untrusted issuer, files that are not PDFs, truncations
 * and flipped bytes of a signed file (no crash).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "arena.h"
#include "pdf_sign.h"
#include "tap.h"

#define PASS	"clave-de-prueba"
#define DAY	86400L
#define URL	"https://transparencia.example.ec/verificar/2023-01/3f2a"

static time_t now;

/* ---- fixtures -------------------------------------------------------------- */

static void
add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;

	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	if ((e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value)) == NULL)
		abort();
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
}

/* A certificate for key, signed by ikey/issuer (NULL: self-signed). */
static X509 *
mkcert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *ikey, long from, long to,
    const char *ku, long serial)
{
	X509 *x = X509_new();
	X509_NAME *n = X509_NAME_new();

	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_NAME_add_entry_by_txt(n, "C", MBSTRING_UTF8, (const unsigned char *)"EC", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, n);
	X509_set_issuer_name(x, issuer != NULL ? X509_get_subject_name(issuer) : n);
	X509_time_adj_ex(X509_getm_notBefore(x), 0, from, &now);
	X509_time_adj_ex(X509_getm_notAfter(x), 0, to, &now);
	X509_set_pubkey(x, key);
	if (issuer == NULL)
		add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE");
	else
		add_ext(x, issuer, NID_basic_constraints, "CA:FALSE");
	add_ext(x, issuer != NULL ? issuer : x, NID_key_usage, ku);
	X509_sign(x, issuer != NULL ? ikey : key, EVP_sha256());
	X509_NAME_free(n);
	return x;
}

/* DER of a .p12 into b; with key2/cert2, those bags come first. */
static void
mkp12(struct buf *b, EVP_PKEY *key, X509 *cert, X509 *ca, EVP_PKEY *key2, X509 *cert2,
    const char *pass)
{
	unsigned char *der = NULL;
	PKCS12 *p12;
	int n;

	if (key2 == NULL) {
		STACK_OF(X509) *cas = sk_X509_new_null();

		if (ca != NULL)
			sk_X509_push(cas, ca);
		p12 = PKCS12_create(pass, NULL, key, cert, cas, 0, 0, 0, 0, 0);
		sk_X509_free(cas);
	} else {
		STACK_OF(PKCS12_SAFEBAG) *bags = NULL;
		STACK_OF(PKCS7) *safes = NULL;

		PKCS12_add_key(&bags, key2, 0, PKCS12_DEFAULT_ITER, NID_aes_256_cbc, pass);
		PKCS12_add_cert(&bags, cert2);
		PKCS12_add_key(&bags, key, 0, PKCS12_DEFAULT_ITER, NID_aes_256_cbc, pass);
		PKCS12_add_cert(&bags, cert);
		if (ca != NULL)
			PKCS12_add_cert(&bags, ca);
		PKCS12_add_safe(&safes, bags, -1, 0, NULL);
		p12 = PKCS12_add_safes(safes, 0);
		PKCS12_set_mac(p12, pass, -1, NULL, 0, PKCS12_DEFAULT_ITER, NULL);
		sk_PKCS7_pop_free(safes, PKCS7_free);
		sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
	}
	if (p12 == NULL || (n = i2d_PKCS12(p12, &der)) <= 0)
		abort();
	buf_init(b, NULL);
	buf_put(b, der, (size_t)n);
	OPENSSL_free(der);
	PKCS12_free(p12);
}

static void
hpdf_err(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
	(void)e; (void)d; (void)u;
	abort();
}

/* A two-page PDF from libharu, a link annotation on the last page. */
static void
mkpdf(struct buf *b)
{
	HPDF_Doc pdf = HPDF_New(hpdf_err, NULL);
	HPDF_Font f;
	HPDF_Page p = NULL;
	HPDF_Rect r = { 50, 700, 250, 720 };
	HPDF_BYTE tmp[4096];
	HPDF_UINT32 n;

	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	f = HPDF_GetFont(pdf, "Helvetica", "WinAnsiEncoding");
	for (int i = 0; i < 2; i++) {
		p = HPDF_AddPage(pdf);
		HPDF_Page_BeginText(p);
		HPDF_Page_SetFontAndSize(p, f, 14);
		HPDF_Page_TextOut(p, 50, 750, i == 0 ? "Informe LOTAIP a4" : "Segunda página");
		HPDF_Page_EndText(p);
	}
	HPDF_Page_CreateURILinkAnnot(p, r, "https://example.ec/");
	HPDF_SaveToStream(pdf);
	buf_init(b, NULL);
	HPDF_ResetStream(pdf);
	for (;;) {
		HPDF_STATUS st;

		n = sizeof(tmp);
		st = HPDF_ReadFromStream(pdf, tmp, &n);
		buf_put(b, tmp, n);
		if (st == HPDF_STREAM_EOF)
			break;
	}
	HPDF_Free(pdf);
}

static struct pdf_stamp
stamp(const char *url)
{
	struct pdf_stamp st;

	memset(&st, 0, sizeof(st));
	st.when = 1675179000;		/* 2023-01-31 10:30:00 in Guayaquil */
	st.reason = "Publicación LOTAIP literal a4";
	st.location = "Quito, Ecuador";
	st.verify_url = url;
	st.rect[0] = 300;
	st.rect[1] = 40;
	st.rect[2] = 560;
	st.rect[3] = 110;
	return st;
}

/* The CMS of the last signature in pdf (its /Contents), or NULL. */
static CMS_ContentInfo *
last_cms(const struct buf *pdf)
{
	const char *p = pdf->data, *hit = NULL;
	unsigned char *der;
	const unsigned char *q;
	size_t n = 0;
	CMS_ContentInfo *cms;

	while ((p = memmem(p, pdf->len - (size_t)(p - pdf->data), "/Contents <", 11)) != NULL)
		hit = p, p += 11;
	if (hit == NULL)
		return NULL;
	hit += 11;
	der = malloc(PDF_SIG_GAP);
	while (n < PDF_SIG_GAP && hit[2 * n] != '>') {
		char h[3] = { hit[2 * n], hit[2 * n + 1], 0 };

		der[n++] = (unsigned char)strtoul(h, NULL, 16);
	}
	q = der;
	cms = d2i_CMS_ContentInfo(NULL, &q, (long)n);
	free(der);
	return cms;
}

static size_t
count(const struct buf *b, size_t from, const char *needle)
{
	size_t k = 0, nl = strlen(needle);
	const char *p = b->data + from;

	while ((p = memmem(p, b->len - (size_t)(p - b->data), needle, nl)) != NULL)
		k++, p += nl;
	return k;
}

/* ---- tests ------------------------------------------------------------------- */

int
main(void)
{
	EVP_PKEY *kca, *ks, *ke, *kx, *kother;
	X509 *ca, *cs, *cexp, *cnot, *cenc, *other, *cun;
	struct buf p12, p12exp, p12not, p12two, p12enc, p12un, pdf, out, out2, tmp;
	struct pdf_signer *s = NULL, *s2 = NULL;
	struct pdf_cert_info ci;
	struct pdf_trust *trust;
	struct pdf_sig sig[4];
	struct pdf_stamp st = stamp(URL);
	char err[256], date[40], capath[] = "/tmp/test_pdf_sign_XXXXXX";
	size_t n;
	int fd, rc;
	long since;

	now = time(NULL);
	/* valid since 2022: the stamps are dated January 2023 and chains are checked then */
	since = -(long)(now - 1640995200);
	kca = EVP_RSA_gen(2048);
	ks = EVP_RSA_gen(2048);
	ke = EVP_RSA_gen(2048);
	kx = EVP_RSA_gen(2048);
	kother = EVP_RSA_gen(2048);
	ca = mkcert("Autoridad de Certificación de Pruebas", kca, NULL, NULL, since, 3650 * DAY,
	    "critical,keyCertSign,cRLSign", 1);
	cs = mkcert("María José Núñez Peña", ks, ca, kca, since, 365 * DAY,
	    "critical,digitalSignature,nonRepudiation", 2);
	cexp = mkcert("Pedro Caducado", kx, ca, kca, -400 * DAY, -30 * DAY,
	    "critical,digitalSignature,nonRepudiation", 3);
	cnot = mkcert("Ana Futura", kx, ca, kca, 30 * DAY, 400 * DAY,
	    "critical,digitalSignature,nonRepudiation", 4);
	cenc = mkcert("María José Núñez Peña", ke, ca, kca, since, 365 * DAY,
	    "critical,keyEncipherment,dataEncipherment", 5);
	other = mkcert("Otra CA", kother, NULL, NULL, since, 3650 * DAY, "critical,keyCertSign", 6);
	cun = mkcert("Firmante Desconocido", kx, other, kother, since, 365 * DAY,
	    "critical,digitalSignature", 7);
	mkp12(&p12, ks, cs, ca, NULL, NULL, PASS);
	mkp12(&p12exp, kx, cexp, ca, NULL, NULL, PASS);
	mkp12(&p12not, kx, cnot, ca, NULL, NULL, PASS);
	mkp12(&p12two, ks, cs, ca, ke, cenc, PASS);
	mkp12(&p12enc, ke, cenc, ca, NULL, NULL, PASS);
	mkp12(&p12un, kx, cun, other, NULL, NULL, PASS);
	mkpdf(&pdf);
	if ((fd = mkstemp(capath)) < 0)
		abort();
	{
		FILE *f = fdopen(fd, "w");

		PEM_write_X509(f, ca);
		fclose(f);
	}
	buf_init(&out, NULL);
	buf_init(&out2, NULL);
	buf_init(&tmp, NULL);

	/* dates */
	pdf_date(1675179000, date, sizeof(date));
	CHECK(strcmp(date, "D:20230131103000-05'00'") == 0, "pdf_date: Guayaquil time, -05'00'");
	CHECK(pdf_parse_date(date, strlen(date)) == 1675179000, "pdf_parse_date reads it back");
	CHECK(pdf_parse_date("D:20230131153000Z", 17) == 1675179000, "pdf_parse_date: Z");
	CHECK(pdf_parse_date("D:2023", 6) == 1672531200, "pdf_parse_date: year only is 1 January");
	CHECK(pdf_parse_date("D:20231340", 10) == 0 && pdf_parse_date("", 0) == 0 &&
	    pdf_parse_date("D:abc", 5) == 0, "pdf_parse_date: a bad date is 0");

	/* loading */
	rc = pdf_signer_load_p12((unsigned char *)p12.data, p12.len, PASS, now, &s, err, sizeof(err));
	CHECK(rc == PDF_LOAD_OK && s != NULL, "load: a good .p12 loads");
	pdf_signer_info(s, &ci);
	CHECK(strcmp(ci.name, "María José Núñez Peña") == 0, "load: the CN, UTF-8");
	CHECK(strcmp(ci.serial, "02") == 0 && strstr(ci.issuer, "Autoridad de Certificación") != NULL,
	    "load: serial in hex, issuer");
	CHECK(ci.not_after > now + 300 * DAY && ci.not_before < now, "load: validity dates");
	rc = pdf_signer_load_p12((unsigned char *)p12.data, p12.len, "otra", now, &s2, err,
	    sizeof(err));
	CHECK(rc == PDF_LOAD_PASSWORD && s2 == NULL &&
	    strcmp(err, "La contraseña del archivo .p12 no es correcta.") == 0,
	    "load: wrong password → PDF_LOAD_PASSWORD, in Spanish");
	rc = pdf_signer_load_p12((unsigned char *)p12exp.data, p12exp.len, PASS, now, &s2, err,
	    sizeof(err));
	CHECK(rc == PDF_LOAD_EXPIRED && s2 == NULL && strstr(err, "caducó") != NULL,
	    "load: expired → PDF_LOAD_EXPIRED");
	rc = pdf_signer_load_p12((unsigned char *)p12not.data, p12not.len, PASS, now, &s2, err,
	    sizeof(err));
	CHECK(rc == PDF_LOAD_NOTYET && s2 == NULL, "load: not yet valid → PDF_LOAD_NOTYET");
	rc = pdf_signer_load_p12((unsigned char *)p12exp.data, p12exp.len, PASS,
	    now - 200 * DAY, &s2, err, sizeof(err));
	CHECK(rc == PDF_LOAD_OK, "load: the expired one loads at a time it was valid");
	pdf_signer_free(s2);
	s2 = NULL;
	rc = pdf_signer_load_p12((unsigned char *)p12enc.data, p12enc.len, PASS, now, &s2, err,
	    sizeof(err));
	CHECK(rc == PDF_LOAD_NOKEY && s2 == NULL, "load: an encryption-only certificate → NOKEY");
	rc = pdf_signer_load_p12((unsigned char *)p12two.data, p12two.len, PASS, now, &s2, err,
	    sizeof(err));
	pdf_signer_info(s2 != NULL ? s2 : s, &ci);
	CHECK(rc == PDF_LOAD_OK && s2 != NULL && strcmp(ci.serial, "02") == 0,
	    "load: two keys, encryption first: the signing one is chosen");
	{
		struct pdf_signer *bad = NULL;

		rc = pdf_signer_load_p12((unsigned char *)"garbage", 7, PASS, now, &bad, err,
		    sizeof(err));
		CHECK(rc == PDF_LOAD_FORMAT && bad == NULL, "load: garbage → PDF_LOAD_FORMAT");
		rc = pdf_signer_load_p12((unsigned char *)p12.data, p12.len / 2, PASS, now, &bad,
		    err, sizeof(err));
		CHECK(rc == PDF_LOAD_FORMAT && bad == NULL, "load: a truncated .p12 → PDF_LOAD_FORMAT");
	}

	/* signing */
	rc = pdf_sign(s, (unsigned char *)pdf.data, pdf.len, &st, &out, err, sizeof(err));
	CHECK(rc == 0, "sign: a libharu PDF is signed");
	if (rc != 0)
		printf("# %s\n", err);
	CHECK(out.len > pdf.len + 2 * PDF_SIG_GAP && memcmp(out.data, pdf.data, pdf.len) == 0,
	    "sign: the original bytes come first, untouched");
	CHECK(count(&out, pdf.len, "/Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached") == 1,
	    "sign: /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached");
	CHECK(count(&out, pdf.len, "/M (D:20230131103000-05'00')") == 1, "sign: /M in Guayaquil time");
	CHECK(count(&out, pdf.len, "/Reason <FEFF00500075006200") == 1 &&
	    count(&out, pdf.len, "00F3006E") >= 1, "sign: /Reason as UTF-16BE with BOM (ó = 00F3)");
	CHECK(count(&out, pdf.len, "/SigFlags 3") == 1 && count(&out, pdf.len, "/Fields [") == 1,
	    "sign: an AcroForm with /Fields and /SigFlags 3");
	CHECK(count(&out, pdf.len, "/Prev ") == 1 && count(&out, pdf.len, "startxref") == 1 &&
	    memcmp(out.data + out.len - 6, "%%EOF\n", 6) == 0, "sign: a new xref section with /Prev");
	CHECK(count(&out, pdf.len, "(Firmado electr\xf3nicamente por:)") == 1 &&
	    count(&out, pdf.len, "(Mar\xed""a Jos\xe9 N\xfa\xf1""ez Pe\xf1""a)") == 1 &&
	    count(&out, pdf.len, "(Raz\xf3n: Publicaci\xf3n LOTAIP literal a4)") == 1 &&
	    count(&out, pdf.len, "(Fecha: 31/01/2023 10:30:00 \\(UTC-05:00\\))") == 1 &&
	    count(&out, pdf.len, "(Lugar: Quito, Ecuador)") == 1,
	    "sign: the stamp's five lines in CP1252");
	CHECK(count(&out, pdf.len, "/BaseFont /Helvetica /Encoding /WinAnsiEncoding") == 1,
	    "sign: the stamp uses Helvetica with WinAnsiEncoding");
	CHECK(count(&out, pdf.len, " re\n") > 40, "sign: the QR code's modules are drawn");
	{
		/* the last page keeps its link and gains the widget */
		const char *a = memmem(out.data + pdf.len, out.len - pdf.len, "/Annots [", 9);
		const char *e = a != NULL ? memchr(a, ']', 200) : NULL;
		size_t refs = 0;

		for (const char *p = a; p != NULL && p < e; p++)
			refs += *p == 'R';
		CHECK(refs == 2, "sign: the last page's /Annots keeps its link and adds the widget");
	}
	{
		CMS_ContentInfo *cms = last_cms(&out);
		CMS_SignerInfo *si = cms != NULL ? sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0) : NULL;
		STACK_OF(X509) *certs = cms != NULL ? CMS_get1_certs(cms) : NULL;
		X509_ALGOR *dig = NULL;
		const ASN1_OBJECT *o = NULL;

		CHECK(si != NULL, "cms: the /Contents is a CMS with a signer");
		CHECK(si != NULL && CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) < 0,
		    "cms: no signingTime attribute");
		CHECK(si != NULL &&
		    CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0,
		    "cms: ESS signing-certificate-v2 present");
		CHECK(si != NULL && CMS_signed_get_attr_by_NID(si, NID_pkcs9_messageDigest, -1) >= 0 &&
		    CMS_signed_get_attr_by_NID(si, NID_pkcs9_contentType, -1) >= 0,
		    "cms: messageDigest and contentType present");
		if (si != NULL) {
			CMS_SignerInfo_get0_algs(si, NULL, NULL, &dig, NULL);
			X509_ALGOR_get0(&o, NULL, NULL, dig);
		}
		CHECK(o != NULL && OBJ_obj2nid(o) == NID_sha256, "cms: SHA-256");
		CHECK(certs != NULL && sk_X509_num(certs) == 2, "cms: the signer and its CA included");
		CHECK(cms != NULL && CMS_is_detached(cms) == 1, "cms: detached");
		sk_X509_pop_free(certs, X509_free);
		CMS_ContentInfo_free(cms);
	}

	/* verifying */
	trust = pdf_trust_load(capath, err, sizeof(err));
	CHECK(trust != NULL, "trust: a PEM bundle loads");
	CHECK(pdf_trust_load("/nonexistent/ca.pem", err, sizeof(err)) == NULL && err[0] != '\0',
	    "trust: a missing file is an error");
	rc = pdf_verify((unsigned char *)out.data, out.len, trust, sig, 4, &n, err, sizeof(err));
	CHECK(rc == 0 && n == 1, "verify: one signature found");
	CHECK(sig[0].digest_ok && sig[0].signature_ok && sig[0].chain_ok && sig[0].covers_whole &&
	    sig[0].problem[0] == '\0', "verify: digest, signature, chain good; covers the whole file");
	if (sig[0].problem[0] != '\0')
		printf("# %s\n", sig[0].problem);
	CHECK(strcmp(sig[0].subfilter, "ETSI.CAdES.detached") == 0 &&
	    strcmp(sig[0].reason, "Publicación LOTAIP literal a4") == 0 &&
	    strcmp(sig[0].location, "Quito, Ecuador") == 0 && sig[0].signed_at == 1675179000,
	    "verify: subfilter, reason, location, signed_at read back");
	CHECK(strcmp(sig[0].cert.name, "María José Núñez Peña") == 0 &&
	    sig[0].covered_end == out.len, "verify: the signer's name; covered_end");
	rc = pdf_verify((unsigned char *)out.data, out.len, NULL, sig, 4, &n, err, sizeof(err));
	CHECK(rc == 0 && n == 1 && sig[0].digest_ok && sig[0].signature_ok && !sig[0].chain_ok &&
	    strstr(sig[0].problem, "almacén de confianza") != NULL,
	    "verify: no trust store → chain_ok 0 and the problem says so");

	/* one byte changed in the signed range */
	buf_clear(&tmp);
	buf_put(&tmp, out.data, out.len);
	tmp.data[pdf.len / 2] ^= 0x01;
	rc = pdf_verify((unsigned char *)tmp.data, tmp.len, trust, sig, 4, &n, err, sizeof(err));
	CHECK(rc == 0 && n == 1 && !sig[0].digest_ok && sig[0].problem[0] != '\0',
	    "verify: a changed byte → digest_ok 0, a problem");
	/* bytes appended */
	buf_clear(&tmp);
	buf_put(&tmp, out.data, out.len);
	buf_puts(&tmp, "% appended\n");
	rc = pdf_verify((unsigned char *)tmp.data, tmp.len, trust, sig, 4, &n, err, sizeof(err));
	CHECK(rc == 0 && n == 1 && sig[0].digest_ok && !sig[0].covers_whole &&
	    strstr(sig[0].problem, "después de la última firma") != NULL,
	    "verify: appended bytes → covers_whole 0, a problem");

	/* a second signature (the director after the officer) */
	rc = pdf_sign(s2, (unsigned char *)out.data, out.len, &st, &out2, err, sizeof(err));
	CHECK(rc == 0 && memcmp(out2.data, out.data, out.len) == 0, "sign: a signed PDF is signed again");
	rc = pdf_verify((unsigned char *)out2.data, out2.len, trust, sig, 4, &n, err, sizeof(err));
	CHECK(rc == 0 && n == 2, "verify: two signatures found");
	CHECK(sig[0].digest_ok && sig[0].signature_ok && sig[0].chain_ok && !sig[0].covers_whole &&
	    sig[0].covered_end == out.len && sig[0].problem[0] == '\0',
	    "verify: the first covers its revision, no problem");
	CHECK(sig[1].digest_ok && sig[1].signature_ok && sig[1].chain_ok && sig[1].covers_whole &&
	    sig[1].problem[0] == '\0', "verify: the second covers the whole file");
	{
		const char *f = NULL, *p = out2.data + out.len, *e;
		size_t refs = 0;

		while ((p = memmem(p, out2.len - (size_t)(p - out2.data), "/Fields [", 9)) != NULL)
			f = p, p += 9;
		e = f != NULL ? memchr(f, ']', 200) : NULL;
		for (p = f; p != NULL && p < e; p++)
			refs += *p == 'R';
		CHECK(refs == 2, "sign: the second AcroForm keeps the first field");
	}

	/* an untrusted issuer */
	pdf_signer_free(s2);
	s2 = NULL;
	rc = pdf_signer_load_p12((unsigned char *)p12un.data, p12un.len, PASS, now, &s2, err,
	    sizeof(err));
	buf_clear(&out2);
	if (rc == PDF_LOAD_OK)
		rc = pdf_sign(s2, (unsigned char *)pdf.data, pdf.len, &st, &out2, err, sizeof(err));
	rc = rc == 0 ? pdf_verify((unsigned char *)out2.data, out2.len, trust, sig, 4, &n, err,
	    sizeof(err)) : -1;
	CHECK(rc == 0 && n == 1 && sig[0].digest_ok && sig[0].signature_ok && !sig[0].chain_ok &&
	    strstr(sig[0].problem, "no es de confianza") != NULL,
	    "verify: an untrusted issuer → chain_ok 0, a problem");

	/* no QR without a URL */
	{
		struct pdf_stamp nq = stamp(NULL);

		buf_clear(&out2);
		rc = pdf_sign(s, (unsigned char *)pdf.data, pdf.len, &nq, &out2, err, sizeof(err));
		CHECK(rc == 0 && count(&out2, pdf.len, " re\n") == 0, "sign: no URL, no QR code");
	}

	/* refusals */
	buf_clear(&out2);
	rc = pdf_sign(s, (unsigned char *)"garbage", 7, &st, &out2, err, sizeof(err));
	CHECK(rc == -1 && out2.len == 0 && strstr(err, "PDF") != NULL, "sign: garbage is refused");
	rc = pdf_sign(s, (unsigned char *)pdf.data, pdf.len - 40, &st, &out2, err, sizeof(err));
	CHECK(rc == -1 && out2.len == 0, "sign: a truncated PDF is refused");
	{
		static const char xs[] = "%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 2 /W [1 2 1] "
		    "/Root 2 0 R /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n";

		rc = pdf_sign(s, (const unsigned char *)xs, sizeof(xs) - 1, &st, &out2, err,
		    sizeof(err));
		CHECK(rc == -1 && strstr(err, "xref stream") != NULL,
		    "sign: an xref stream in the newest revision is refused with a message");
	}
	{
		struct pdf_stamp small = stamp(URL);

		small.rect[2] = small.rect[0] + 10;
		rc = pdf_sign(s, (unsigned char *)pdf.data, pdf.len, &small, &out2, err, sizeof(err));
		CHECK(rc == -1 && strstr(err, "recuadro") != NULL, "sign: a tiny rectangle is refused");
	}

	/* untrusted bytes */
	rc = pdf_verify((unsigned char *)"garbage bytes", 13, trust, sig, 4, &n, err, sizeof(err));
	CHECK(rc == -1 && n == 0 && err[0] != '\0', "verify: garbage → -1 with a message");
	rc = pdf_verify((unsigned char *)pdf.data, pdf.len, trust, sig, 4, &n, err, sizeof(err));
	CHECK(rc == 0 && n == 0, "verify: an unsigned PDF has no signatures");
	{
		int ok = 1;

		/* every truncation in the update, and flipped bytes: no crash, sane counts */
		for (size_t cut = pdf.len; cut < out.len; cut += 97) {
			rc = pdf_verify((unsigned char *)out.data, cut, trust, sig, 4, &n, err, sizeof(err));
			if (rc != 0 || n > 1 || (n == 1 && sig[0].digest_ok && sig[0].covers_whole))
				ok = 0;
		}
		CHECK(ok, "verify: truncated signed files never verify as whole and good");
		ok = 1;
		srand(42);
		for (int i = 0; i < 300; i++) {
			size_t at = pdf.len + (size_t)rand() % (out.len - pdf.len);

			buf_clear(&tmp);
			buf_put(&tmp, out.data, out.len);
			tmp.data[at] = (char)(rand() & 0xFF);
			rc = pdf_verify((unsigned char *)tmp.data, tmp.len, trust, sig, 4, &n, err,
			    sizeof(err));
			if (rc != 0)
				ok = 0;
		}
		CHECK(ok, "verify: 300 files with a random byte changed are read without a crash");
	}

	pdf_trust_free(trust);
	unlink(capath);
	pdf_signer_free(s);
	pdf_signer_free(s2);
	buf_release(&p12);
	buf_release(&p12exp);
	buf_release(&p12not);
	buf_release(&p12two);
	buf_release(&p12enc);
	buf_release(&p12un);
	buf_release(&pdf);
	buf_release(&out);
	buf_release(&out2);
	buf_release(&tmp);
	X509_free(ca);
	X509_free(cs);
	X509_free(cexp);
	X509_free(cnot);
	X509_free(cenc);
	X509_free(other);
	X509_free(cun);
	EVP_PKEY_free(kca);
	EVP_PKEY_free(ks);
	EVP_PKEY_free(ke);
	EVP_PKEY_free(kx);
	EVP_PKEY_free(kother);
	return TAP_DONE();
}
