/*
 * PAdES B-B signatures on PDF files, and their verification. Pure: no
 * HTTP, no database (publication and the handlers call it).
 *
 * Signing appends an incremental update to the original bytes, which stay
 * untouched (docs/architecture.md, "Signing"): the signature dictionary
 * (/Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached, a 16 KiB
 * /Contents gap), the widget on the last page with a visible stamp, the
 * AcroForm, the rewritten catalog and last page, a classic xref section and
 * a trailer with /Prev. The CMS: SHA-256, ESS signing-certificate-v2, the
 * certificate chain, and no signingTime attribute (the time is /M).
 *
 * Signing needs a classic xref table in the newest revision (libharu's and
 * our own updates); a file whose newest revision is an xref stream is
 * refused with a message. Verification reads any file: it finds the
 * signature dictionaries by scanning the objects.
 *
 * Messages for people (err, problem) are in Spanish. Nothing here logs.
 */
#ifndef METAS_PDF_SIGN_H
#define METAS_PDF_SIGN_H

#include <stddef.h>
#include <time.h>

struct buf;

/* Size in bytes of the DER the /Contents gap can hold (hex: twice that). */
#define PDF_SIG_GAP	16384

struct pdf_signer;			/* key + certificate + chain, opaque */

struct pdf_cert_info {
	char	name[256];		/* CN, UTF-8 ("" when none) */
	char	subject[1024];		/* RFC 2253, UTF-8 */
	char	issuer[1024];
	char	serial[100];		/* hex, upper case */
	time_t	not_before, not_after;
};

enum pdf_load_result {
	PDF_LOAD_OK,
	PDF_LOAD_PASSWORD,	/* the MAC does not verify: wrong password */
	PDF_LOAD_FORMAT,	/* not a PKCS#12 file, or one we cannot decrypt */
	PDF_LOAD_NOKEY,		/* no certificate for signing with its private key */
	PDF_LOAD_EXPIRED,	/* the signing certificate expired before now */
	PDF_LOAD_NOTYET,	/* ... or is not valid yet */
	PDF_LOAD_ERROR,		/* anything else (OpenSSL failure) */
};

/*
 * Load a .p12 from memory. OpenSSL's default and legacy providers are
 * loaded once per process (RC2-40 / 3DES files). With several keys, the
 * certificate chosen is one with digitalSignature or nonRepudiation (or
 * no keyUsage) whose private key is in the file; one valid at now is
 * preferred. The chain is the file's certificates that issue it, up to
 * the root. The password is used and forgotten (never logged or kept).
 * On PDF_LOAD_OK *out is the signer (free with pdf_signer_free()); else
 * *out is NULL and err holds a Spanish message.
 */
enum pdf_load_result pdf_signer_load_p12(const unsigned char *p12, size_t len,
		    const char *password, time_t now, struct pdf_signer **out,
		    char *err, size_t errlen);
/* Free the signer, wiping the key. NULL is allowed. */
void	pdf_signer_free(struct pdf_signer *);
void	pdf_signer_info(const struct pdf_signer *, struct pdf_cert_info *);

struct pdf_stamp {
	time_t		 when;		/* /M and the stamp text, in America/Guayaquil (UTC-5) */
	const char	*reason;	/* UTF-8, "Publicación LOTAIP literal a4"; NULL: none */
	const char	*location;	/* UTF-8, "Quito, Ecuador"; NULL: none */
	const char	*verify_url;	/* in a QR code at the stamp's left; NULL: no QR */
	double		 rect[4];	/* x1 y1 x2 y2, points, on the last page */
};

/*
 * Sign pdf[0..len) with an incremental update. out receives the whole
 * signed file (the original bytes, then the update), appended to what it
 * holds; out may be an arena buffer or a heap one (buf_release()).
 * Returns 0, or -1 with a Spanish message in err (out then holds nothing
 * new): a PDF we cannot update (xref stream, encrypted, damaged), a rect
 * too small for the stamp (under 40 x 20 points), an OpenSSL failure.
 */
int	pdf_sign(const struct pdf_signer *, const unsigned char *pdf, size_t len,
	    const struct pdf_stamp *, struct buf *out, char *err, size_t errlen);

struct pdf_trust;			/* an X509_STORE, loaded once and reused */

/* Load the CA certificates of a PEM bundle. NULL with err on failure. */
struct pdf_trust *pdf_trust_load(const char *pem_path, char *err, size_t errlen);
void	pdf_trust_free(struct pdf_trust *);

struct pdf_sig {
	struct pdf_cert_info cert;	/* the signer's (zeroed when not found) */
	time_t	signed_at;		/* from /M; 0 when absent or unreadable */
	char	subfilter[40], reason[256], location[256];	/* UTF-8 */
	size_t	covered_end;		/* where the revision it covers ends */
	int	digest_ok;		/* the bytes hash to the signed digest */
	int	signature_ok;		/* the CMS signature verifies with the cert */
	int	chain_ok;		/* the cert chains to the trust store at signed_at */
	int	covers_whole;		/* covered_end is the end of the file */
	char	problem[256];		/* Spanish: the first thing wrong; "" when all good */
};

/*
 * Verify the signatures of pdf[0..len), untrusted bytes. Every signature
 * dictionary (/ByteRange with /Contents) is found by scanning the file's
 * objects, in file order; up to max are filled into sigs, *n is the
 * number found (may exceed max). The ByteRange must start at 0, point at
 * this dictionary's own /Contents string exactly, and stay inside the
 * file. CMS: adbe.pkcs7.detached and ETSI.CAdES.detached. trust may be
 * NULL: chain_ok is then 0 and problem says so (when nothing else is
 * wrong). A signature that does not cover the whole file only gets a
 * problem when it is the newest one (older ones are followed by later
 * revisions by nature). Returns 0, or -1 with err when the bytes are not a
 * PDF (no %PDF- header in the first 1024 bytes). Never crashes.
 */
int	pdf_verify(const unsigned char *pdf, size_t len, const struct pdf_trust *,
	    struct pdf_sig *sigs, size_t max, size_t *n, char *err, size_t errlen);

/* ---- pieces exposed for the unit tests ---- */

/* "D:20230131103000-05'00'" for t in Guayaquil time; out holds 32 bytes. */
void	pdf_date(time_t t, char *out, size_t outlen);
/* Parse a PDF date (D:YYYYMMDDHHmmSSOHH'mm', the tail optional). 0 when bad. */
time_t	pdf_parse_date(const char *s, size_t n);

#endif
