/*
 * Accounts: login with throttling, sessions, user administration, password
 * changes. Every write is one transaction with its audit row.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "account.h"
#include "arena.h"
#include "db.h"
#include "epoch.h"
#include "json.h"
#include "form.h"
#include "log.h"
#include "route.h"

static const struct {
	unsigned	 bit;
	const char	*name;
	const char	*label;
} role_names[] = {
	{ ROLE_ADMIN,		"admin",		"Administrador" },
	{ ROLE_TRANSPARENCIA,	"transparencia",	"Responsable de transparencia" },
	{ ROLE_JEFE,		"jefe",			"Jefe de unidad" },
};
#define NROLES (sizeof(role_names) / sizeof(role_names[0]))

unsigned
roles_from_names(const char *s)
{
	unsigned bits = 0;

	while (*s != '\0') {
		size_t n = strcspn(s, ",");

		for (size_t i = 0; i < NROLES; i++)
			if (strlen(role_names[i].name) == n && strncmp(s, role_names[i].name, n) == 0)
				bits |= role_names[i].bit;
		s += n;
		if (*s == ',')
			s++;
	}
	return bits;
}

const char *
roles_to_names(struct arena *a, unsigned bits)
{
	struct buf b;

	buf_init(&b, a);
	for (size_t i = 0; i < NROLES; i++)
		if (bits & role_names[i].bit) {
			if (b.len)
				buf_putc(&b, ',');
			buf_puts(&b, role_names[i].name);
		}
	return b.len ? b.data : "";
}

const char *
role_label(unsigned bit)
{
	for (size_t i = 0; i < NROLES; i++)
		if (role_names[i].bit == bit)
			return role_names[i].label;
	return "";
}

/* The audit image of a user: never the password hash. */
static char *
user_json(struct arena *a, const struct user *u)
{
	cJSON *o = json_object(), *units;

	cJSON_AddNumberToObject(o, "id", (double)u->id);
	cJSON_AddStringToObject(o, "username", u->username ? u->username : "");
	cJSON_AddStringToObject(o, "display_name", u->display_name ? u->display_name : "");
	cJSON_AddStringToObject(o, "email", u->email ? u->email : "");
	cJSON_AddStringToObject(o, "roles", roles_to_names(a, u->roles));
	cJSON_AddBoolToObject(o, "active", u->active);
	cJSON_AddBoolToObject(o, "must_change_password", u->must_change);
	units = cJSON_AddArrayToObject(o, "units");
	for (size_t i = 0; units != NULL && i < u->nunits; i++)
		cJSON_AddItemToArray(units, cJSON_CreateNumber((double)u->units[i]));
	return json_to_arena(a, o);
}

/* Audit a write inside the caller's transaction. */
static enum db_status
audit(struct db *db, long long inst, const struct actor *who, const char *action,
    const char *entity, long long id, const char *before, const char *after)
{
	char eid[32];

	snprintf(eid, sizeof(eid), "%lld", id);
	return db_audit_insert(db, inst, who, action, entity, id ? eid : "", before, after);
}

/* Audit outside any other write (failed logins, throttling): its own transaction. */
static void
audit_alone(struct db *db, long long inst, const struct actor *who, const char *action,
    const char *entity, long long id, const char *after)
{
	if (db_begin(db) != DB_OK)
		return;
	if (audit(db, inst, who, action, entity, id, NULL, after) != DB_OK ||
	    db_commit(db) != DB_OK)
		db_rollback(db);
}

/* Create a session row for user; fills out->token and out->csrf. */
static enum db_status
new_session(struct db *db, long long inst, long long user, const char *ip, const char *ua,
    struct login_out *out)
{
	unsigned char hash[32];
	enum db_status st;

	auth_new_token(out->token);
	auth_new_csrf(out->csrf);
	auth_token_hash(out->token, hash);
	st = db_session_insert(db, hash, inst, user, out->csrf, ip, ua);
	sodium_memzero(hash, sizeof(hash));
	return st;
}

enum login_result
account_login(struct db *db, struct arena *a, long long inst, const char *username,
    const char *password, const char *ip, const char *ua, const struct login_policy *pol,
    struct login_out *out)
{
	struct failure_counts fc;
	struct actor who = { 0, username, ip };
	struct user u;
	const char *hash = NULL;
	enum db_status st;
	int ok;

	memset(out, 0, sizeof(*out));
	/* Throttle first: no hash is computed for a throttled account or address. */
	if (db_failures(db, a, inst, username, ip, pol->window_s, &fc) != DB_OK)
		return LOGIN_ERROR;
	if (fc.user >= pol->max_user_failures || fc.ip >= pol->max_ip_failures) {
		int wait_u = fc.user >= pol->max_user_failures ? pol->window_s - fc.user_last_age : 0;
		int wait_i = fc.ip >= pol->max_ip_failures ? pol->window_s - fc.ip_last_age : 0;

		out->retry_after = wait_u > wait_i ? wait_u : wait_i;
		if (out->retry_after < 1)
			out->retry_after = 1;
		audit_alone(db, inst, &who, "login_throttled", "session", 0, NULL);
		return LOGIN_THROTTLED;
	}
	st = db_user_by_name(db, a, inst, username, &u, &hash);
	if (st == DB_ERROR)
		return LOGIN_ERROR;
	if (st == DB_NOTFOUND) {
		auth_dummy_verify(password);
		ok = 0;
	} else
		ok = auth_verify_password(hash, password) && u.active;
	if (!ok) {
		if (db_begin(db) != DB_OK)
			return LOGIN_ERROR;
		if (db_failure_add(db, inst, username, ip) != DB_OK ||
		    audit(db, inst, &who, "login_failed", "session", 0, NULL, NULL) != DB_OK ||
		    db_commit(db) != DB_OK) {
			db_rollback(db);
			return LOGIN_ERROR;
		}
		/* The failure that reaches the limit locks the account: say so in the trail. */
		if (fc.user + 1 == pol->max_user_failures)
			audit_alone(db, inst, &who, "lockout", "user", st == DB_OK ? u.id : 0, NULL);
		return LOGIN_FAILED;
	}
	who.id = u.id;
	if (db_begin(db) != DB_OK)
		return LOGIN_ERROR;
	if (db_failures_clear(db, inst, username) != DB_OK)
		goto fail;
	if (auth_needs_rehash(hash)) {
		char fresh[AUTH_HASH_MAX];

		if (auth_hash_password(password, fresh) == 0 &&
		    db_user_set_password(db, inst, u.id, fresh, u.must_change) != DB_OK)
			goto fail;
	}
	if (new_session(db, inst, u.id, ip, ua, out) != DB_OK ||
	    audit(db, inst, &who, "login", "session", 0, NULL, NULL) != DB_OK ||
	    db_commit(db) != DB_OK)
		goto fail;
	out->user_id = u.id;
	out->must_change = u.must_change;
	return LOGIN_OK;
fail:
	db_rollback(db);
	return LOGIN_ERROR;
}

/*
 * The worker's copies of recent sessions, so that most requests need no
 * query at all. A copy is used while nothing was written since it was read
 * (epoch.h: every write but a month's values, files and workflow announces
 * itself, and so do metasctl's) and for at most cache_ms; times are kept
 * as monotonic instants, so idle and lifetime limits are checked locally.
 * When the copy says the session has expired, the database decides (another
 * worker may have seen the session used since). Strings and units are
 * copied into the request's arena on use: dispatch() adjusts the roles.
 */
#define SESSION_SLOTS	64

struct session_copy {
	int			 valid;
	unsigned char		 hash[32];
	struct epoch_stamp	 stamp;
	long long		 session_id;
	char			 csrf[AUTH_CSRF_LEN + 1];
	long long		 seen_ms, created_ms;	/* last use, creation */
	struct user		 user;			/* strings, units in mem */
	struct arena		*mem;
	unsigned long		 used;			/* LRU clock */
};

static struct session_copy session_copies[SESSION_SLOTS];
static unsigned long session_clock;

static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *
dup_or_empty(struct arena *a, const char *s)
{
	return arena_strdup(a, s != NULL ? s : "");
}

static void
user_copy(struct arena *a, struct user *to, const struct user *from)
{
	*to = *from;
	to->username = dup_or_empty(a, from->username);
	to->display_name = dup_or_empty(a, from->display_name);
	to->email = dup_or_empty(a, from->email);
	to->created_at = to->updated_at = NULL;
	to->units = arena_calloc(a, from->nunits ? from->nunits : 1, sizeof(*to->units));
	memcpy(to->units, from->units, from->nunits * sizeof(*to->units));
}

static struct session_copy *
session_find(const unsigned char hash[32])
{
	for (int i = 0; i < SESSION_SLOTS; i++)
		if (session_copies[i].valid && memcmp(session_copies[i].hash, hash, 32) == 0)
			return &session_copies[i];
	return NULL;
}

static void
session_keep(const unsigned char hash[32], const struct epoch_stamp *st,
    const struct session_lookup *sl, long long now)
{
	struct session_copy *e = session_find(hash), *lru = &session_copies[0];

	if (e == NULL) {
		for (int i = 0; i < SESSION_SLOTS && e == NULL; i++) {
			struct session_copy *c = &session_copies[i];

			if (!c->valid)
				e = c;
			else if (c->used < lru->used)
				lru = c;
		}
		if (e == NULL)
			e = lru;
	}
	if (e->mem != NULL)
		arena_free(e->mem);
	memset(e, 0, sizeof(*e));
	e->mem = arena_new(1024);
	memcpy(e->hash, hash, 32);
	e->stamp = *st;
	e->session_id = sl->session_id;
	snprintf(e->csrf, sizeof(e->csrf), "%s", sl->csrf);
	e->seen_ms = now - sl->idle_s * 1000;
	e->created_ms = now - sl->age_s * 1000;
	user_copy(e->mem, &e->user, sl->user);
	e->used = ++session_clock;
	e->valid = 1;
}

/* The session from the worker's copy, or 0 when the database must be asked. */
static int
session_from_copy(struct db *db, struct arena *a, const unsigned char hash[32], int idle_s,
    int lifetime_s, long long now, struct session_ctx *out)
{
	struct session_copy *e = session_find(hash);

	if (e == NULL)
		return 0;
	if (!epoch_current(&e->stamp) || !e->user.active ||
	    now - e->seen_ms > (long long)idle_s * 1000 ||
	    now - e->created_ms > (long long)lifetime_s * 1000) {
		e->valid = 0;
		return 0;
	}
	/* The same 30 s throttle as below: last_seen moves, announced to nobody. */
	if (now - e->seen_ms >= 30 * 1000) {
		(void)db_session_touch(db, e->session_id);
		e->seen_ms = now;
	}
	e->used = ++session_clock;
	out->user = arena_calloc(a, 1, sizeof(*out->user));
	user_copy(a, out->user, &e->user);
	out->session_id = e->session_id;
	snprintf(out->csrf, sizeof(out->csrf), "%s", e->csrf);
	/* Nothing was read along for the handler: it reads what it needs. */
	db_session_prefetch(db, DB_PREFETCH_NONE, 0, 0);
	return 1;
}

enum session_result
account_session(struct db *db, struct arena *a, const char *token, int idle_s, int lifetime_s,
    struct session_ctx *out)
{
	struct session_lookup sl;
	struct epoch_stamp stamp;
	unsigned char hash[32];
	enum db_status st;
	long long now;

	memset(out, 0, sizeof(*out));
	if (token == NULL || strlen(token) != AUTH_TOKEN_LEN)
		return SESSION_NONE;
	auth_token_hash(token, hash);
	now = mono_ms();
	if (session_from_copy(db, a, hash, idle_s, lifetime_s, now, out))
		return SESSION_OK;
	/* Stamped before the read: a write committed after this invalidates the copy. */
	epoch_stamp(&stamp, 0);
	st = db_session_lookup(db, a, hash, &sl);
	if (st == DB_NOTFOUND)
		return SESSION_NONE;
	if (st != DB_OK)
		return SESSION_ERROR;
	if (!sl.user->active || sl.idle_s > idle_s || sl.age_s > lifetime_s) {
		(void)db_session_delete(db, sl.session_id);
		return SESSION_EXPIRED;
	}
	/*
	 * last_seen moves at most every 30 s (ST_SESSION_TOUCH says the same),
	 * so most requests need no write: the lookup above told the idle time.
	 */
	if (sl.idle_s >= 30) {
		(void)db_session_touch(db, sl.session_id);
		sl.idle_s = 0;
	}
	if (epoch_mapped())
		session_keep(hash, &stamp, &sl, now);
	out->user = sl.user;
	out->session_id = sl.session_id;
	snprintf(out->csrf, sizeof(out->csrf), "%s", sl.csrf);
	return SESSION_OK;
}

int
account_logout(struct db *db, long long inst, const struct session_ctx *s, const char *ip)
{
	struct actor who = { s->user->id, s->user->username, ip };

	if (db_begin(db) != DB_OK)
		return -1;
	if (db_session_delete(db, s->session_id) != DB_OK ||
	    audit(db, inst, &who, "logout", "session", 0, NULL, NULL) != DB_OK ||
	    db_commit(db) != DB_OK) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* ---- user administration --------------------------------------------------- */

int
valid_username(const char *s)
{
	size_t n = strlen(s);

	if (n < 3 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '-'))
			return 0;
	}
	return 1;
}

/* A plausible address: one '@', something before, a dot after, no spaces. */
int
valid_email_text(const char *s)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);

	if (n == 0)
		return 1;	/* optional */
	if (n > 254 || at == NULL || at == s || strchr(at + 1, '@') != NULL ||
	    strchr(at + 1, '.') == NULL || at[1] == '.' || s[n - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == '<' || s[i] == '>' || s[i] == '"')
			return 0;
	return 1;
}

/* Check the fields of a change; NULL when fine, else a Spanish message. */
static const char *
check_fields(const struct user_change *c, int create)
{
	if (create && (c->username == NULL || !valid_username(c->username)))
		return "El usuario debe tener de 3 a 64 caracteres: letras minúsculas, números, punto, guion o guion bajo.";
	if ((create || c->display_name != NULL) &&
	    (c->display_name == NULL || c->display_name[0] == '\0' || strlen(c->display_name) > 255))
		return "Escriba el nombre completo (hasta 255 caracteres).";
	if (c->email != NULL && !valid_email_text(c->email))
		return "El correo electrónico no es válido.";
	if (c->roles > 0 && (c->roles & ~(ROLE_ADMIN | ROLE_TRANSPARENCIA | ROLE_JEFE)) != 0)
		return "Rol desconocido.";
	return NULL;
}

static enum change_result
check_units(struct db *db, struct arena *a, long long inst, const struct user_change *c,
    const char **msg)
{
	for (size_t i = 0; c->units != NULL && i < c->nunits; i++) {
		int yes;

		if (db_unit_in_institution(db, a, inst, c->units[i], &yes) != DB_OK)
			return CHANGE_ERROR;
		if (!yes) {
			*msg = "Una de las unidades elegidas no existe.";
			return CHANGE_INVALID;
		}
		for (size_t k = 0; k < i; k++)
			if (c->units[k] == c->units[i]) {
				*msg = "Una unidad aparece dos veces.";
				return CHANGE_INVALID;
			}
	}
	return CHANGE_OK;
}

enum change_result
account_user_create(struct db *db, struct arena *a, long long inst, const struct actor *who,
    const struct user_change *c, long long *id, const char **msg)
{
	char hash[AUTH_HASH_MAX];
	struct user u;
	enum change_result cr;
	enum db_status st;

	*id = 0;
	if ((*msg = check_fields(c, 1)) != NULL)
		return CHANGE_INVALID;
	if (c->password == NULL || (*msg = auth_password_problem(c->password, c->username)) != NULL) {
		if (*msg == NULL)
			*msg = "Escriba una contraseña temporal.";
		return CHANGE_INVALID;
	}
	if ((cr = check_units(db, a, inst, c, msg)) != CHANGE_OK)
		return cr;
	memset(&u, 0, sizeof(u));
	u.institution_id = inst;
	u.username = c->username;
	u.display_name = c->display_name;
	u.email = c->email ? c->email : "";
	u.roles = c->roles > 0 ? (unsigned)c->roles : 0;
	u.active = c->active == 0 ? 0 : 1;
	u.must_change = 1;
	u.units = c->units;
	u.nunits = c->units ? c->nunits : 0;
	if (auth_hash_password(c->password, hash) != 0)
		return CHANGE_ERROR;
	if (db_begin(db) != DB_OK)
		return CHANGE_ERROR;
	st = db_user_insert(db, a, inst, &u, hash, id);
	if (st == DB_DUPLICATE) {
		db_rollback(db);
		*msg = "Ya existe un usuario con ese nombre.";
		return CHANGE_CONFLICT;
	}
	u.id = *id;
	if (st != DB_OK || db_user_units_set(db, inst, *id, u.units, u.nunits) != DB_OK ||
	    audit(db, inst, who, "create", "user", *id, NULL, user_json(a, &u)) != DB_OK ||
	    db_commit(db) != DB_OK) {
		db_rollback(db);
		return CHANGE_ERROR;
	}
	return CHANGE_OK;
}

enum change_result
account_user_update(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long id, const struct user_change *c, const char **msg)
{
	struct user before, after;
	enum change_result cr;
	enum db_status st;
	long long others;

	if ((*msg = check_fields(c, 0)) != NULL)
		return CHANGE_INVALID;
	if ((cr = check_units(db, a, inst, c, msg)) != CHANGE_OK)
		return cr;
	if (db_begin(db) != DB_OK)
		return CHANGE_ERROR;
	st = db_user_get(db, a, inst, id, &before);
	if (st == DB_NOTFOUND) {
		db_rollback(db);
		*msg = "El usuario no existe.";
		return CHANGE_NOTFOUND;
	}
	if (st != DB_OK)
		goto fail;
	if (c->version != 0 && c->version != before.version) {
		db_rollback(db);
		*msg = "Otra persona modificó este usuario mientras usted lo editaba. Revise los datos actuales y vuelva a guardar.";
		return CHANGE_CONFLICT;
	}
	after = before;
	if (c->display_name != NULL)
		after.display_name = c->display_name;
	if (c->email != NULL)
		after.email = c->email;
	if (c->roles >= 0)
		after.roles = (unsigned)c->roles;
	if (c->active >= 0)
		after.active = c->active;
	if (c->units != NULL) {
		after.units = c->units;
		after.nunits = c->nunits;
	}
	/* The last active administrator stays an active administrator. */
	if ((before.roles & ROLE_ADMIN) && before.active &&
	    (!(after.roles & ROLE_ADMIN) || !after.active)) {
		if (db_other_active_admins(db, a, inst, id, &others) != DB_OK)
			goto fail;
		if (others == 0) {
			db_rollback(db);
			*msg = "No se puede quitar el rol de administrador ni desactivar al último administrador activo.";
			return CHANGE_LAST_ADMIN;
		}
	}
	st = db_user_update(db, a, &after);
	if (st == DB_NOTFOUND) {
		db_rollback(db);
		*msg = "Otra persona modificó este usuario mientras usted lo editaba. Revise los datos actuales y vuelva a guardar.";
		return CHANGE_CONFLICT;
	}
	if (st != DB_OK)
		goto fail;
	if (c->units != NULL && db_user_units_set(db, inst, id, c->units, c->nunits) != DB_OK)
		goto fail;
	/* A deactivated user is logged out everywhere. */
	if (before.active && !after.active && db_sessions_delete_user(db, id, 0) != DB_OK)
		goto fail;
	after.version = before.version + 1;
	if (audit(db, inst, who, before.active != after.active ?
	    (after.active ? "reactivate" : "deactivate") : "update", "user", id,
	    user_json(a, &before), user_json(a, &after)) != DB_OK || db_commit(db) != DB_OK)
		goto fail;
	return CHANGE_OK;
fail:
	db_rollback(db);
	return CHANGE_ERROR;
}

enum change_result
account_password_reset(struct db *db, struct arena *a, long long inst, const struct actor *who,
    long long id, const char *password, const char **msg)
{
	char hash[AUTH_HASH_MAX];
	struct user u;
	enum db_status st;

	st = db_user_get(db, a, inst, id, &u);
	if (st == DB_NOTFOUND) {
		*msg = "El usuario no existe.";
		return CHANGE_NOTFOUND;
	}
	if (st != DB_OK)
		return CHANGE_ERROR;
	if ((*msg = auth_password_problem(password, u.username)) != NULL)
		return CHANGE_INVALID;
	if (auth_hash_password(password, hash) != 0)
		return CHANGE_ERROR;
	if (db_begin(db) != DB_OK)
		return CHANGE_ERROR;
	if (db_user_set_password(db, inst, id, hash, 1) != DB_OK ||
	    db_sessions_delete_user(db, id, 0) != DB_OK ||
	    audit(db, inst, who, "password_reset", "user", id, NULL,
	    "{\"must_change_password\":true}") != DB_OK || db_commit(db) != DB_OK) {
		db_rollback(db);
		return CHANGE_ERROR;
	}
	return CHANGE_OK;
}

enum change_result
account_password_change(struct db *db, struct arena *a, long long inst, const struct actor *who,
    const struct session_ctx *s, const char *current, const char *next, const char *ip,
    const char *ua, struct login_out *out, const char **msg)
{
	char hash[AUTH_HASH_MAX];
	const char *old;

	memset(out, 0, sizeof(*out));
	if ((*msg = auth_password_problem(next, s->user->username)) != NULL)
		return CHANGE_INVALID;
	if (strcmp(current, next) == 0) {
		*msg = "La contraseña nueva debe ser distinta de la actual.";
		return CHANGE_INVALID;
	}
	if (auth_hash_password(next, hash) != 0)
		return CHANGE_ERROR;
	if (db_begin(db) != DB_OK)
		return CHANGE_ERROR;
	if (db_user_hash_locked(db, a, inst, s->user->id, &old) != DB_OK)
		goto fail;
	if (!auth_verify_password(old, current)) {
		db_rollback(db);
		*msg = "La contraseña actual no es correcta.";
		audit_alone(db, inst, who, "password_change_failed", "user", s->user->id, NULL);
		return CHANGE_INVALID;
	}
	/* Every session ends, this one included; the caller gets a fresh one. */
	if (db_user_set_password(db, inst, s->user->id, hash, 0) != DB_OK ||
	    db_sessions_delete_user(db, s->user->id, 0) != DB_OK ||
	    new_session(db, inst, s->user->id, ip, ua, out) != DB_OK ||
	    audit(db, inst, who, "password_change", "user", s->user->id, NULL, NULL) != DB_OK ||
	    db_commit(db) != DB_OK)
		goto fail;
	out->user_id = s->user->id;
	return CHANGE_OK;
fail:
	db_rollback(db);
	return CHANGE_ERROR;
}

enum change_result
account_session_close(struct db *db, long long inst, const struct actor *who,
    const struct session_ctx *s, long long session_id)
{
	enum db_status st;

	if (db_begin(db) != DB_OK)
		return CHANGE_ERROR;
	st = db_session_delete_own(db, session_id, s->user->id);
	if (st == DB_NOTFOUND) {
		db_rollback(db);
		return CHANGE_NOTFOUND;
	}
	if (st != DB_OK || audit(db, inst, who, "session_close", "session", session_id,
	    NULL, NULL) != DB_OK || db_commit(db) != DB_OK) {
		db_rollback(db);
		return CHANGE_ERROR;
	}
	return CHANGE_OK;
}
