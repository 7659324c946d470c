/*
 * libFuzzer target: pdf_verify() on arbitrary bytes, as the public
 * verification form and the upload of a copy signed outside receive them.
 * No trust store (the chain is not what is fuzzed: the PDF scan, the
 * ByteRange checks and the CMS parse are). Aborts when a result breaks
 * the function's promises: the count is filled, problems and texts are
 * terminated strings, covered ranges stay inside the input.
 *
 * Seeds (tests/fuzz/corpus/fuzz_pdf_verify): a one-page PDF written by
 * hand, the same signed once and twice with tests/tools/pdf_sign_tool
 * (the development stack's demonstration certificate; a QR code in the
 * first stamp, none in the second).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_sign.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAXSIG	4

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pdf_sig sigs[MAXSIG];
	size_t n = (size_t)-1;
	char err[256];

	memset(sigs, 0x5a, sizeof(sigs));
	err[0] = '\0';
	if (pdf_verify(data, size, NULL, sigs, MAXSIG, &n, err, sizeof(err)) != 0) {
		if (err[0] == '\0' || memchr(err, '\0', sizeof(err)) == NULL)
			abort();	/* a refusal says why */
		return 0;
	}
	if (n == (size_t)-1)
		abort();
	for (size_t i = 0; i < n && i < MAXSIG; i++) {
		const struct pdf_sig *s = &sigs[i];

		if (memchr(s->problem, '\0', sizeof(s->problem)) == NULL ||
		    memchr(s->subfilter, '\0', sizeof(s->subfilter)) == NULL ||
		    memchr(s->reason, '\0', sizeof(s->reason)) == NULL ||
		    memchr(s->location, '\0', sizeof(s->location)) == NULL)
			abort();
		if (s->covered_end > size)
			abort();
		/* good means every check passed; without a trust store none is */
		if (s->chain_ok)
			abort();
	}
	return 0;
}
