/*
 * Passwords and tokens: argon2id hashing through libsodium, the password
 * policy, random tokens and their stored hashes. No HTTP and no SQL here.
 */
#ifndef METAS_AUTH_H
#define METAS_AUTH_H

#include <stddef.h>

#define AUTH_HASH_MAX		128	/* crypto_pwhash_STRBYTES */
#define AUTH_TOKEN_LEN		43	/* 32 random bytes, base64url without padding */
#define AUTH_CSRF_LEN		64	/* 32 random bytes, hex */
#define AUTH_PW_MIN		12	/* characters (code points) */
#define AUTH_PW_MAX		128

/* argon2id parameters (OWASP: m=19 MiB, t=2). Raising them makes logins rehash. */
#define AUTH_OPSLIMIT		2
#define AUTH_MEMLIMIT		(19u * 1024 * 1024)

/* Initialise libsodium. 0 or -1. */
int		auth_init(void);
/* Hash pw into out (AUTH_HASH_MAX bytes). 0, or -1 (out of memory for argon2). */
int		auth_hash_password(const char *pw, char out[AUTH_HASH_MAX]);
/* 1 when pw matches the PHC string hash. */
int		auth_verify_password(const char *hash, const char *pw);
/* 1 when hash was made with weaker parameters than the current ones. */
int		auth_needs_rehash(const char *hash);
/* Spend the time of one verification (for unknown users). */
void		auth_dummy_verify(const char *pw);
/*
 * The password policy: 12 to 128 characters, valid UTF-8, not in the list
 * of common passwords, not the username. NULL when acceptable, otherwise
 * a Spanish message for the person.
 */
const char	*auth_password_problem(const char *pw, const char *username);
/* 1 when pw (lower-cased ASCII) is in the shipped list of common passwords. */
int		auth_is_common_password(const char *pw);
/* A new session token (NUL-terminated, AUTH_TOKEN_LEN chars). */
void		auth_new_token(char out[AUTH_TOKEN_LEN + 1]);
/* A new CSRF token (hex). */
void		auth_new_csrf(char out[AUTH_CSRF_LEN + 1]);
/* SHA-256 of a token, as stored in the database. */
void		auth_token_hash(const char *token, unsigned char out[32]);
/* Constant-time comparison of two NUL-terminated strings. 1 when equal. */
int		auth_equal(const char *a, const char *b);

#endif
