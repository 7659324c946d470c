/*
 * Passwords and tokens.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth.h"
#include "form.h"

extern const char *const common_passwords[];
extern const size_t ncommon_passwords;

int
auth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int
auth_hash_password(const char *pw, char out[AUTH_HASH_MAX])
{
	return crypto_pwhash_str(out, pw, strlen(pw), AUTH_OPSLIMIT, AUTH_MEMLIMIT);
}

int
auth_verify_password(const char *hash, const char *pw)
{
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

int
auth_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, AUTH_OPSLIMIT, AUTH_MEMLIMIT) != 0;
}

void
auth_dummy_verify(const char *pw)
{
	static char dummy[AUTH_HASH_MAX];

	if (dummy[0] == '\0' && auth_hash_password("metas-dummy-password", dummy) != 0)
		return;
	(void)auth_verify_password(dummy, pw);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
auth_is_common_password(const char *pw)
{
	char low[AUTH_PW_MAX * 4 + 1];
	const char *key = low;
	size_t n = strlen(pw);

	if (n >= sizeof(low))
		return 0;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)pw[i]);
	return bsearch(&key, common_passwords, ncommon_passwords, sizeof(char *), cmp_str) != NULL;
}

const char *
auth_password_problem(const char *pw, const char *username)
{
	size_t len = strlen(pw), chars;

	if (!utf8_valid(pw, len))
		return "La contraseña contiene caracteres no válidos.";
	chars = utf8_chars(pw);
	if (chars < AUTH_PW_MIN)
		return "La contraseña debe tener al menos 12 caracteres.";
	if (chars > AUTH_PW_MAX)
		return "La contraseña no puede tener más de 128 caracteres.";
	if (username != NULL && strcasecmp(pw, username) == 0)
		return "La contraseña no puede ser igual al nombre de usuario.";
	if (auth_is_common_password(pw))
		return "Esa contraseña es demasiado común; elija otra (por ejemplo, una frase de varias palabras).";
	return NULL;
}

void
auth_new_token(char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
auth_new_csrf(char out[AUTH_CSRF_LEN + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, AUTH_CSRF_LEN + 1, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

void
auth_token_hash(const char *token, unsigned char out[32])
{
	crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

int
auth_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}
