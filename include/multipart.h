/*
 * multipart/form-data bodies (RFC 7578): the parser of untrusted uploads.
 * Parts point into the body (data) or into the arena (names); nothing is
 * copied twice. Malformed or truncated bodies are errors, never partial
 * results.
 */
#ifndef METAS_MULTIPART_H
#define METAS_MULTIPART_H

#include <stddef.h>

#include "form.h"

struct arena;

struct mpart {
	const char	*name;		/* form field name, valid UTF-8 */
	const char	*filename;	/* NULL for plain fields; as sent (check it!) */
	const char	*ctype;		/* the part's Content-Type as sent, or NULL */
	const char	*data;		/* points into the body */
	size_t		 len;
};

#define MULTIPART_MAX_PARTS	256
#define MULTIPART_MAX_HEADER	2048	/* bytes of headers per part */

/*
 * The boundary of a "multipart/form-data; boundary=..." Content-Type, in
 * the arena, or NULL when the header is not one or the boundary is bad.
 */
const char	*multipart_boundary(struct arena *, const char *content_type);
/* Split body into parts. FORM_OK, or FORM_ERR_SYNTAX/NUL/UTF8/TOO_MANY. */
enum form_err	 multipart_parse(struct arena *, const char *boundary, const char *body,
		    size_t len, struct mpart **parts, size_t *n);
/*
 * Run the plain (non-file) parts through a field table, as
 * form_parse_urlencoded does for urlencoded bodies: unknown names ignored,
 * repeats rejected (joined for FIELD_MULTI), invalid values marked.
 */
enum form_err	 multipart_fields(struct arena *, const struct mpart *, size_t n,
		    const struct field *fields, size_t nfields, struct param *out, int *bad);
/*
 * How many of the parts carry a file: a part with a filename, unless both
 * the name and the content are empty (what a browser sends for a file
 * input left blank). The upload limit (evidence_max_files) counts these.
 */
size_t		 multipart_count_files(const struct mpart *, size_t n);
/*
 * The sent filename when it is safe to keep and show: no path part,
 * valid UTF-8, no control characters or quotes, 1..200 bytes, not starting
 * with a dot. NULL otherwise (the upload is refused with a message).
 */
const char	*multipart_safe_filename(struct arena *, const char *sent);

#endif
