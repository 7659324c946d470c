/*
 * Every SQL statement of metasd, as constant prepared statements, and the
 * typed wrappers over them. Statements are prepared on connect; after a
 * lost connection the handle reconnects, prepares them again and retries a
 * read-only statement once.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "account.h"
#include "arena.h"
#include "catalogue.h"
#include "monthly.h"
#include "conf.h"
#include "db.h"
#include "epoch.h"
#include "holiday.h"
#include "log.h"
#include "matrix.h"
#include "metrics.h"
#include "route.h"

enum stmt {
	ST_PING,
	ST_CATALOGUE_VERSION,
	ST_INSTITUTION,
	ST_PLAN_YEAR,
	ST_UNITS,
	ST_INDICATORS,
	ST_GOALS,
	ST_GOAL_LINKS,
	ST_INSTITUTION_ID,
	ST_UNITS_LIST,
	/* accounts */
	ST_USER_BY_NAME,
	ST_USER_GET,
	ST_USER_HASH,
	ST_USER_UNITS,
	ST_USER_SET_PASSWORD,
	ST_USER_INSERT,
	ST_USER_UPDATE,
	ST_USER_UNITS_CLEAR,
	ST_USER_UNIT_ADD,
	ST_USERS_LIST,
	ST_USERS_COUNT,
	ST_ADMINS_OTHER,
	ST_UNIT_IN_INST,
	ST_FAILURES_USER,
	ST_FAILURES_IP,
	ST_FAILURE_ADD,
	ST_FAILURES_CLEAR,
	ST_SESSION_INSERT,
	ST_SESSION_LOOKUP,
	ST_SESSION_TOUCH,
	ST_SESSION_DELETE,
	ST_SESSIONS_DELETE_USER,
	ST_SESSIONS_LIST,
	ST_SESSION_DELETE_OWN,
	ST_AUDIT_INSERT,
	ST_AUDIT_LIST,
	/* monthly data entry */
	ST_UNIT_GET,
	ST_MONTH_INDICATORS,
	ST_MONTH_GOALS,
	ST_MONTH_VALUES,
	ST_PERIOD_GET,
	ST_PERIOD_LOCK,
	ST_PERIOD_ENSURE,
	ST_PERIOD_SET,
	ST_VALUE_LOCK,
	ST_VALUE_INSERT,
	ST_VALUE_UPDATE,
	ST_HISTORY_INSERT,
	ST_INDICATOR_UNIT,
	ST_DASHBOARD,
	ST_INDICATOR_HEAD,
	ST_VALUE_HISTORY,
	ST_EVIDENCE_INSERT,
	ST_EVIDENCE_REMOVE,
	ST_EVIDENCE_GET,
	ST_EVIDENCE_LIVE_SHA,
	ST_MOVE_NEIGHBOUR_INDICATOR,
	ST_MOVE_NEIGHBOUR_GOAL,
	ST_MOVE_SET_INDICATOR,
	ST_MOVE_SET_GOAL,
	ST_EVIDENCE_UNPURGED,
	ST_EVIDENCE_PURGED,
	ST_MONTH_STATE,
	ST_VALUE_HEAD,
	ST_VALUE_UPDATE_OPEN,
	ST_MONTH_CHECK,
	ST_PERIOD_BUMP,
	ST_SESSION_LOOKUP_MONTH,
	ST_SESSION_LOOKUP_VALUE,
	ST_PERIOD_BUMP_OPEN,
	ST_LEVELS,
	ST_LEVEL_IN_INST,
	ST_PLAN_YEAR_ID,
	ST_PLAN_YEAR_INSERT,
	ST_UNIT_INSERT,
	ST_UNIT_UPDATE,
	ST_UNIT_ROW,
	ST_UNIT_NUMBER_CLASH,
	ST_UNIT_BASE_YEAR,
	ST_UNIT_YEAR_UPSERT,
	ST_UNIT_SET_ACTIVE,
	ST_OBJECTIVE_UPSERT,
	ST_OBJECTIVE_GET,
	ST_INDICATOR_INSERT,
	ST_INDICATOR_UPDATE,
	ST_INDICATOR_ROW,
	ST_INDICATOR_VALUES,
	ST_GOAL_INSERT,
	ST_GOAL_UPDATE,
	ST_GOAL_ROW,
	ST_GOAL_LINKED,
	ST_GOAL_LINKS_CLEAR,
	ST_GOAL_LINK_ADD,
	ST_CATALOGUE_BUMP,
	ST_YEAR_ROWS,
	ST_COPY_OBJECTIVES,
	ST_COPY_INDICATORS,
	ST_COPY_GOALS,
	ST_COPY_LINKS,
	ST_HOLIDAYS,
	ST_PERIOD_PUBLISHED,
	ST_PERIOD_REOPENED,
	ST_PERIOD_REOPEN,
	ST_PUBLIC_YEAR,
	ST_LATEST_YEAR_UPTO,
	ST_UNIT_PERIODS,
	ST_PERIODS_IN_STATE,
	ST_UNITS_EXPECTED,
	ST_SCHEMA_VERSIONS,
	ST_CONTACT_GET,
	ST_CONTACT_SET,
	/* the open-data files of a report (report.c) */
	ST_REPORT_FILE_INSERT,
	ST_REPORT_FILE_GET,
	/* a4 reports (report.c) */
	ST_REPORT_INSERT,
	ST_REPORT_LIST,
	ST_REPORT_GET,
	ST_REPORT_EXISTS,
	/* signed revisions and publications (publish.c) */
	ST_SIG_INSERT,
	ST_SIG_LATEST,
	ST_SIG_GET,
	ST_SIG_LIST,
	ST_PUB_NEXT_VERSION,
	ST_PUB_INSERT,
	ST_PUB_LIST,
	ST_PUB_FIND,
	ST_INST_NAME,
	ST_UNIT_ITEMS,
	/* institutions of the deployment (tenant.c, institution.c) */
	ST_TENANT_SLUGS,
	ST_TENANT_HOSTS,
	ST_INSTITUTIONS_LIST,
	ST_INSTITUTION_INSERT,
	ST_HOST_INSERT,
	ST_LEVEL_INSERT,
	ST_USER_SUPERADMIN,
	ST_USER_SET_SUPERADMIN,
	/* national holidays, the deployment's (holiday.c) */
	ST_HOLIDAY_LIST,
	ST_HOLIDAY_YEARS,
	ST_HOLIDAY_GET,
	ST_HOLIDAY_GET_LOCK,
	ST_HOLIDAY_INSERT,
	ST_HOLIDAY_DELETE,
	ST__MAX
};

struct stmt_def {
	const char	*sql;
	int		 readonly;	/* safe to retry after a reconnect */
};

#define SIG_COLS "s.id, s.report_id, s.seq, s.signatures, s.method, s.signer_name, " \
	"s.signer_subject, s.signer_issuer, s.signer_serial, " \
	"DATE_FORMAT(s.signed_at, '%d/%m/%Y %H:%i:%s'), s.sha256, s.size, s.created_by_name, " \
	"DATE_FORMAT(s.created_at, '%d/%m/%Y %H:%i')"
#define PUB_COLS "p.id, p.period, p.version, p.kind, COALESCE(p.reason, ''), p.report_id, " \
	"p.signature_id, p.sha256, p.dataset_sha256, r.sha256, p.signer_name, " \
	"DATE_FORMAT(p.signed_at, '%d/%m/%Y %H:%i:%s'), p.published_by_name, " \
	"DATE_FORMAT(p.published_at, '%d/%m/%Y %H:%i'), s.signatures, s.size, " \
	"DATE_FORMAT(p.published_at, '%Y-%m-%d'), COALESCE(r.data_period, p.period)"
#define PUB_FROM " FROM publication p JOIN report r ON r.id = p.report_id " \
	"JOIN report_signature s ON s.id = p.signature_id "

/*
 * The one definition of "this unit is expected to report this month": it is
 * active in the catalogue and has at least one active indicator in the plan
 * year of the month (year: an SQL expression, "?" or a column). A unit that
 * has nothing to send (none in that year, or deactivated) is never pending:
 * not in the dashboard's counts (ST_DASHBOARD's column, struct dash_row's
 * expected), not on the officer's panel (ST_PERIODS_IN_STATE,
 * ST_UNITS_EXPECTED), not in a report's draft decision (report.c, from the
 * dashboard). The alias u is the unit.
 */
#define UNIT_EXPECTED(year) "(u.active = 1 AND EXISTS (SELECT 1 FROM indicator xi " \
	"JOIN plan_year xy ON xy.id = xi.plan_year_id WHERE xi.unit_id = u.id " \
	"AND xi.active = 1 AND xy.year = " year "))"

static const struct stmt_def stmts[ST__MAX] = {
	[ST_PING] = { "SELECT 1", 1 },
	[ST_CATALOGUE_VERSION] = {
	    "SELECT catalogue_version FROM institution WHERE slug = ?", 1 },
	[ST_INSTITUTION] = {
	    "SELECT id, name, short_name, gpr_url, update_frequency, info_unit, "
	    "responsible_name, responsible_email, responsible_phone, empty_text, "
	    "catalogue_version, logo_path FROM institution WHERE slug = ?", 1 },
	[ST_PLAN_YEAR] = {
	    "SELECT id, year, DATE_FORMAT(data_date, '%d/%m/%Y') FROM plan_year "
	    "WHERE institution_id = ? AND (year = ? OR ? = 0) "
	    "ORDER BY year DESC LIMIT 1", 1 },
	/*
	 * Units are effective-dated by plan year (013_unit_year.sql): in year
	 * yy.y (a one-row derived table carrying the year), a unit u exists from
	 * its first_year, and its number, name and process level are those of its
	 * latest unit_year row up to that year, else its own.
	 */
#define UNIT_IN_YEAR "(u.first_year IS NULL OR u.first_year <= yy.y)"
#define UNIT_AT(col) "COALESCE((SELECT x_." col " FROM unit_year x_ WHERE x_.unit_id = u.id " \
	"AND x_.year <= yy.y ORDER BY x_.year DESC LIMIT 1), u." col ")"
#define UNIT_YEAR_FROM "FROM (SELECT CAST(? AS UNSIGNED) AS y) yy CROSS JOIN unit u "
	/*
	 * The matrix's units for a plan year: every active unit that exists in
	 * it, and a deactivated one that has something in that year (a value
	 * row of one of its indicators, or a month past borrador), as the
	 * dashboard keeps one for a month: deactivating a unit ends it from
	 * now on and never takes it out of the years it reported in.
	 */
	[ST_UNITS] = {
	    "SELECT u.id, " UNIT_AT("number") ", " UNIT_AT("name") ", COALESCE(o.text, ''), l.id, l.name "
	    UNIT_YEAR_FROM "JOIN process_level l ON l.id = " UNIT_AT("process_level_id") " "
	    "LEFT JOIN objective o ON o.unit_id = u.id AND o.plan_year_id = ? "
	    "WHERE u.institution_id = ? AND " UNIT_IN_YEAR " AND (u.active = 1 OR EXISTS "
	    "(SELECT 1 FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id "
	    " WHERE i.unit_id = u.id AND i.plan_year_id = ?) OR EXISTS "
	    "(SELECT 1 FROM unit_period p WHERE p.unit_id = u.id AND p.status <> 'borrador' "
	    " AND p.period BETWEEN CONCAT(yy.y, '-01') AND CONCAT(yy.y, '-12'))) "
	    "ORDER BY l.position, 2", 1 },
	[ST_INDICATORS] = {
	    "SELECT i.id, i.unit_id, i.code, i.name FROM indicator i "
	    "JOIN unit u ON u.id = i.unit_id "
	    "WHERE i.institution_id = ? AND i.plan_year_id = ? AND i.active = 1 "
	    "ORDER BY u.number, i.position", 1 },
	[ST_GOALS] = {
	    "SELECT g.id, g.unit_id, g.code, g.text FROM goal g "
	    "JOIN unit u ON u.id = g.unit_id "
	    "WHERE g.institution_id = ? AND g.plan_year_id = ? AND g.active = 1 "
	    "ORDER BY u.number, g.position", 1 },
	[ST_GOAL_LINKS] = {
	    "SELECT gi.goal_id, gi.indicator_id FROM goal_indicator gi "
	    "JOIN indicator i ON i.id = gi.indicator_id "
	    "WHERE gi.institution_id = ? AND i.plan_year_id = ? "
	    "ORDER BY gi.goal_id, i.position", 1 },
	[ST_INSTITUTION_ID] = { "SELECT id FROM institution WHERE slug = ?", 1 },
	[ST_UNITS_LIST] = {
	    "SELECT u.id, " UNIT_AT("number") ", " UNIT_AT("name") ", u.active " UNIT_YEAR_FROM
	    "WHERE u.institution_id = ? AND " UNIT_IN_YEAR " ORDER BY 2, u.id", 1 },

	/* ---- accounts ---- */
#define USER_COLS "id, institution_id, username, display_name, email, roles, active, " \
	"must_change_password, version, DATE_FORMAT(created_at, '%d/%m/%Y %H:%i'), " \
	"DATE_FORMAT(updated_at, '%d/%m/%Y %H:%i')"
	[ST_USER_BY_NAME] = {
	    "SELECT " USER_COLS ", password_hash FROM app_user "
	    "WHERE institution_id = ? AND username = ?", 1 },
	[ST_USER_GET] = {
	    "SELECT " USER_COLS ", '' FROM app_user WHERE institution_id = ? AND id = ?", 1 },
	[ST_USER_HASH] = {
	    "SELECT password_hash FROM app_user WHERE institution_id = ? AND id = ? FOR UPDATE", 0 },
	[ST_USER_UNITS] = {
	    "SELECT uu.unit_id FROM user_unit uu JOIN unit u ON u.id = uu.unit_id "
	    "WHERE uu.user_id = ? ORDER BY u.number", 1 },
	[ST_USER_SET_PASSWORD] = {
	    "UPDATE app_user SET password_hash = ?, must_change_password = ?, "
	    "version = version + 1, updated_at = NOW() WHERE institution_id = ? AND id = ?", 0 },
	[ST_USER_INSERT] = {
	    "INSERT INTO app_user (institution_id, username, display_name, email, "
	    "password_hash, roles, active, must_change_password) VALUES (?, ?, ?, ?, ?, ?, ?, 1)", 0 },
	[ST_USER_UPDATE] = {
	    "UPDATE app_user SET display_name = ?, email = ?, roles = ?, active = ?, "
	    "version = version + 1, updated_at = NOW() "
	    "WHERE institution_id = ? AND id = ? AND version = ?", 0 },
	[ST_USER_UNITS_CLEAR] = {
	    "DELETE FROM user_unit WHERE institution_id = ? AND user_id = ?", 0 },
	[ST_USER_UNIT_ADD] = {
	    "INSERT INTO user_unit (institution_id, user_id, unit_id) VALUES (?, ?, ?)", 0 },
	[ST_USERS_LIST] = {
	    "SELECT " USER_COLS ", '' FROM app_user WHERE institution_id = ? "
	    "AND (? = '' OR username LIKE ? OR display_name LIKE ? OR email LIKE ?) "
	    "ORDER BY active DESC, username LIMIT ? OFFSET ?", 1 },
	[ST_USERS_COUNT] = {
	    "SELECT COUNT(*) FROM app_user WHERE institution_id = ? "
	    "AND (? = '' OR username LIKE ? OR display_name LIKE ? OR email LIKE ?)", 1 },
	[ST_ADMINS_OTHER] = {
	    "SELECT COUNT(*) FROM app_user WHERE institution_id = ? AND id <> ? "
	    "AND active = 1 AND FIND_IN_SET('admin', roles) > 0 FOR UPDATE", 0 },
	[ST_UNIT_IN_INST] = {
	    "SELECT COUNT(*) FROM unit WHERE institution_id = ? AND id = ?", 1 },
	[ST_FAILURES_USER] = {
	    "SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, MAX(at), NOW()), 0) "
	    "FROM login_failure WHERE institution_id = ? AND username = ? "
	    "AND at > NOW() - INTERVAL ? SECOND", 1 },
	[ST_FAILURES_IP] = {
	    "SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, MAX(at), NOW()), 0) "
	    "FROM login_failure WHERE ip = ? AND at > NOW() - INTERVAL ? SECOND", 1 },
	[ST_FAILURE_ADD] = {
	    "INSERT INTO login_failure (institution_id, username, ip) VALUES (?, ?, ?)", 0 },
	[ST_FAILURES_CLEAR] = {
	    "DELETE FROM login_failure WHERE institution_id = ? AND username = ?", 0 },
	[ST_SESSION_INSERT] = {
	    "INSERT INTO session (token_hash, institution_id, user_id, csrf_token, ip, user_agent) "
	    "VALUES (?, ?, ?, ?, ?, ?)", 0 },
	/*
	 * Three single-row lookups by key. The operator flag comes along (fcgi.c
	 * needed a query of its own for it), and so does the catalogue_version
	 * that keys the worker's copy of the user's units: a subquery for the
	 * units here built a temporary table on every request.
	 */
#define SESSION_COLS "SELECT s.id, s.csrf_token, TIMESTAMPDIFF(SECOND, s.last_seen, NOW()), " \
	"TIMESTAMPDIFF(SECOND, s.created_at, NOW()), u.id, u.institution_id, u.username, " \
	"u.display_name, u.email, u.roles, u.active, u.must_change_password, u.version, " \
	"u.is_superadmin, i.catalogue_version"
#define SESSION_FROM " FROM session s JOIN app_user u ON u.id = s.user_id " \
	"JOIN institution i ON i.id = u.institution_id "
	[ST_SESSION_LOOKUP] = { SESSION_COLS SESSION_FROM "WHERE s.token_hash = ?", 1 },
	[ST_SESSION_TOUCH] = {
	    "UPDATE session SET last_seen = NOW() WHERE id = ? "
	    "AND last_seen < NOW() - INTERVAL 30 SECOND", 0 },
	[ST_SESSION_DELETE] = { "DELETE FROM session WHERE id = ?", 0 },
	[ST_SESSIONS_DELETE_USER] = {
	    "DELETE FROM session WHERE user_id = ? AND id <> ?", 0 },
	[ST_SESSIONS_LIST] = {
	    "SELECT id, DATE_FORMAT(created_at, '%d/%m/%Y %H:%i'), "
	    "DATE_FORMAT(last_seen, '%d/%m/%Y %H:%i'), ip, user_agent FROM session "
	    "WHERE user_id = ? ORDER BY last_seen DESC LIMIT 50", 1 },
	[ST_SESSION_DELETE_OWN] = {
	    "DELETE FROM session WHERE id = ? AND user_id = ?", 0 },
	[ST_AUDIT_INSERT] = {
	    "INSERT INTO audit_log (institution_id, actor_id, actor_name, ip, action, entity, "
	    "entity_id, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", 0 },
	[ST_AUDIT_LIST] = {
	    "SELECT id, DATE_FORMAT(at, '%d/%m/%Y %H:%i:%s'), COALESCE(actor_id, 0), actor_name, "
	    "ip, action, entity, entity_id, before_json, after_json FROM audit_log "
	    "WHERE institution_id = ? AND (? = '' OR entity = ?) AND (? = '' OR action = ?) "
	    "AND (? = '' OR actor_name = ?) AND (? = '' OR at >= ?) "
	    "AND (? = '' OR at < DATE_ADD(?, INTERVAL 1 DAY)) AND (? = 0 OR id < ?) "
	    "ORDER BY id DESC LIMIT ?", 1 },

	/* ---- monthly data entry ---- */
	[ST_UNIT_GET] = {
	    "SELECT u.id, " UNIT_AT("number") ", " UNIT_AT("name") ", u.active " UNIT_YEAR_FROM
	    "WHERE u.institution_id = ? AND u.id = ?", 1 },
	[ST_MONTH_INDICATORS] = {
	    "SELECT i.id, i.code, i.name, i.measure_unit, i.aggregation, i.decimals, "
	    "i.min_value, i.max_value, i.active FROM indicator i "
	    "JOIN plan_year y ON y.id = i.plan_year_id "
	    "WHERE i.institution_id = ? AND i.unit_id = ? AND y.year = ? "
	    "ORDER BY i.active DESC, i.position", 1 },
	/* The unit's goals with the indicators they measure, in goal order (one query,
	 * not a subquery per indicator: those built temporary tables on every form). */
	[ST_MONTH_GOALS] = {
	    "SELECT gi.indicator_id, g.code, g.text, g.target FROM goal g "
	    "JOIN plan_year y ON y.id = g.plan_year_id "
	    "JOIN goal_indicator gi ON gi.goal_id = g.id "
	    "WHERE g.institution_id = ? AND g.unit_id = ? AND y.year = ? AND g.active = 1 "
	    "ORDER BY g.position", 1 },
	[ST_MONTH_VALUES] = {
	    "SELECT v.indicator_id, v.period, v.value, v.comment, v.evidence_url, v.version, "
	    "COALESCE(u.username, ''), DATE_FORMAT(v.updated_at, '%d/%m/%Y %H:%i') "
	    "FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id "
	    "LEFT JOIN app_user u ON u.id = v.updated_by "
	    "WHERE v.institution_id = ? AND i.unit_id = ? AND v.period BETWEEN ? AND ?", 1 },
	/*
	 * The unit's active flag comes along (a deactivated unit's months take
	 * no change). In ST_PERIOD_LOCK it is a subquery, read without a lock:
	 * the unit row is not locked for update by every save (an INSERT of a
	 * unit_period row already holds a shared lock on it for its foreign key,
	 * and two saves upgrading that would deadlock), and a deactivation that
	 * commits after this read orders after the save, which is what it is.
	 */
	[ST_PERIOD_GET] = {
	    "SELECT status, return_reason, version, "
	    "(SELECT u.active FROM unit u WHERE u.id = unit_period.unit_id) "
	    "FROM unit_period WHERE unit_id = ? AND period = ?", 1 },
	[ST_PERIOD_LOCK] = {
	    "SELECT status, return_reason, version, "
	    "(SELECT u.active FROM unit u WHERE u.id = unit_period.unit_id) "
	    "FROM unit_period WHERE unit_id = ? AND period = ? FOR UPDATE", 0 },
	[ST_PERIOD_ENSURE] = {
	    "INSERT INTO unit_period (institution_id, unit_id, period) VALUES (?, ?, ?) "
	    "ON DUPLICATE KEY UPDATE unit_id = unit_id", 0 },
	[ST_PERIOD_SET] = {
	    "UPDATE unit_period SET status = ?, return_reason = ?, "
	    "submitted_by = IF(? = 'enviado', ?, submitted_by), "
	    "submitted_at = IF(? = 'enviado', COALESCE(?, NOW()), submitted_at), "
	    "approved_by = IF(? = 'aprobado', ?, approved_by), "
	    "approved_at = IF(? = 'aprobado', COALESCE(?, NOW()), approved_at), "
	    /* a month returned to its unit is open again for lock_days (migration 009) */
	    "reopened_until = IF(? = 'devuelto' AND ? > 0, DATE_ADD(COALESCE(?, CURDATE()), "
	    "INTERVAL ? DAY), reopened_until), version = version + 1 "
	    "WHERE unit_id = ? AND period = ?", 0 },
	[ST_VALUE_LOCK] = {
	    "SELECT v.value, v.comment, v.evidence_url, v.version, COALESCE(u.username, ''), "
	    "DATE_FORMAT(v.updated_at, '%d/%m/%Y %H:%i') FROM indicator_value v "
	    "LEFT JOIN app_user u ON u.id = v.updated_by "
	    "WHERE v.indicator_id = ? AND v.period = ? FOR UPDATE", 0 },
	[ST_VALUE_INSERT] = {
	    "INSERT INTO indicator_value (institution_id, indicator_id, period, value, comment, "
	    "evidence_url, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)", 0 },
	[ST_VALUE_UPDATE] = {
	    "UPDATE indicator_value SET value = ?, comment = ?, evidence_url = ?, "
	    "version = version + 1, updated_by = ?, updated_at = NOW() "
	    "WHERE indicator_id = ? AND period = ? AND version = ?", 0 },
	[ST_HISTORY_INSERT] = {
	    "INSERT INTO value_history (institution_id, indicator_id, period, kind, value_before, "
	    "value_after, comment_after, evidence_after, reason, actor_id, actor_name) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 0 },
	[ST_INDICATOR_UNIT] = {
	    "SELECT i.unit_id FROM indicator i WHERE i.institution_id = ? AND i.id = ?", 1 },
	/*
	 * Every active unit, and a deactivated one that has something for the
	 * month (a state other than borrador, or any value row): its history
	 * stays in view. The last column says whether it is expected to report.
	 */
	[ST_DASHBOARD] = {
	    "SELECT u.id, " UNIT_AT("number") ", " UNIT_AT("name") ", COALESCE(p.status, 'borrador'), "
	    "(SELECT COUNT(*) FROM indicator i JOIN plan_year y ON y.id = i.plan_year_id "
	    " WHERE i.unit_id = u.id AND i.active = 1 AND y.year = ?), "
	    "(SELECT COUNT(*) FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id "
	    " JOIN plan_year y ON y.id = i.plan_year_id WHERE i.unit_id = u.id AND i.active = 1 "
	    " AND y.year = ? AND v.period = ? AND v.value IS NOT NULL), "
	    "DATE_FORMAT(p.submitted_at, '%Y-%m-%d'), DATE_FORMAT(p.reopened_until, '%Y-%m-%d'), "
	    "u.active, " UNIT_EXPECTED("?") " "
	    UNIT_YEAR_FROM "LEFT JOIN unit_period p ON p.unit_id = u.id AND p.period = ? "
	    "WHERE u.institution_id = ? AND " UNIT_IN_YEAR " AND (u.active = 1 OR p.status <> 'borrador' OR EXISTS "
	    "(SELECT 1 FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id "
	    " WHERE i.unit_id = u.id AND v.period = ?)) ORDER BY 2, u.id", 1 },
	[ST_INDICATOR_HEAD] = {
	    "SELECT i.id, i.unit_id, y.year FROM indicator i JOIN plan_year y ON y.id = i.plan_year_id "
	    "WHERE i.institution_id = ? AND i.id = ?", 1 },
	/* An indicator's changes, newest first: its values', and its files added and removed. */
	[ST_VALUE_HISTORY] = {
	    "SELECT period, kind, value_before, value_after, comment_after, reason, actor_name, "
	    "DATE_FORMAT(at, '%d/%m/%Y %H:%i'), evidence_after, file FROM ("
	    "SELECT period, kind, value_before, value_after, comment_after, reason, actor_name, at, "
	    "evidence_after, NULL AS file, 0 AS part, id FROM value_history "
	    "WHERE institution_id = ? AND indicator_id = ? "
	    "UNION ALL SELECT e.period, 'upload', NULL, NULL, '', NULL, COALESCE(u.username, ''), "
	    "e.uploaded_at, '', e.filename, 1, e.id FROM evidence_file e "
	    "LEFT JOIN app_user u ON u.id = e.uploaded_by "
	    "WHERE e.institution_id = ? AND e.indicator_id = ? "
	    "UNION ALL SELECT e.period, 'remove', NULL, NULL, '', e.removed_reason, COALESCE(u.username, ''), "
	    "e.removed_at, '', e.filename, 2, e.id FROM evidence_file e "
	    "LEFT JOIN app_user u ON u.id = e.removed_by "
	    "WHERE e.institution_id = ? AND e.indicator_id = ? AND e.removed_at IS NOT NULL"
	    ") h ORDER BY at DESC, part DESC, id DESC LIMIT 200", 1 },
	[ST_EVIDENCE_INSERT] = {
	    "INSERT INTO evidence_file (institution_id, indicator_id, period, sha256, filename, "
	    "content_type, size, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", 0 },
	[ST_EVIDENCE_REMOVE] = {
	    "UPDATE evidence_file SET removed_at = CURRENT_TIMESTAMP, removed_by = ?, removed_reason = ? "
	    "WHERE institution_id = ? AND id = ? AND removed_at IS NULL", 0 },
	[ST_EVIDENCE_GET] = {
	    "SELECT e.id, i.unit_id, e.sha256, e.filename, e.content_type, e.size, e.indicator_id, "
	    "e.period, DATE_FORMAT(e.removed_at, '%d/%m/%Y') "
	    "FROM evidence_file e JOIN indicator i ON i.id = e.indicator_id "
	    "WHERE e.institution_id = ? AND e.id = ?", 1 },
	/*
	 * Reordering: the neighbour before (? = 1) or after (? = 0) an indicator
	 * or goal among its unit's of one plan year, by position, locked; then
	 * the two places swapped. (Units move by plan year: catalogue.c.)
	 */
#define MOVE_DIR(col) "((? = 1 AND x." col " < me." col ") OR (? = 0 AND x." col " > me." col ")) " \
	"ORDER BY CASE WHEN ? = 1 THEN -x." col " ELSE x." col " END LIMIT 1 FOR UPDATE"
	[ST_MOVE_NEIGHBOUR_INDICATOR] = {
	    "SELECT x.id, me.position, x.position FROM indicator x JOIN indicator me ON me.id = ? "
	    "AND me.institution_id = ? WHERE x.unit_id = me.unit_id AND x.plan_year_id = me.plan_year_id "
	    "AND " MOVE_DIR("position"), 1 },
	[ST_MOVE_NEIGHBOUR_GOAL] = {
	    "SELECT x.id, me.position, x.position FROM goal x JOIN goal me ON me.id = ? "
	    "AND me.institution_id = ? WHERE x.unit_id = me.unit_id AND x.plan_year_id = me.plan_year_id "
	    "AND " MOVE_DIR("position"), 1 },
#undef MOVE_DIR
	[ST_MOVE_SET_INDICATOR] = {
	    "UPDATE indicator SET position = ? WHERE institution_id = ? AND id = ?", 0 },
	[ST_MOVE_SET_GOAL] = { "UPDATE goal SET position = ? WHERE institution_id = ? AND id = ?", 0 },
	/* the evidence folder's purge (metasctl): every institution's rows */
	[ST_EVIDENCE_LIVE_SHA] = {
	    "SELECT DISTINCT sha256 FROM evidence_file WHERE removed_at IS NULL ORDER BY sha256", 1 },
	[ST_EVIDENCE_UNPURGED] = {
	    "SELECT id, institution_id, sha256, filename, size FROM evidence_file "
	    "WHERE removed_at IS NOT NULL AND purged_at IS NULL ORDER BY id", 1 },
	[ST_EVIDENCE_PURGED] = {
	    "UPDATE evidence_file SET purged_at = CURRENT_TIMESTAMP "
	    "WHERE id = ? AND removed_at IS NOT NULL AND purged_at IS NULL", 0 },
	/*
	 * Everything of a unit's month that is not catalogue, in one round trip
	 * (monthly_load): the institution's catalogue_version ('c', to validate
	 * the worker's cached catalogue), the month's state ('p'), the year's
	 * values up to the month ('v') and the month's evidence files ('f').
	 * Columns keep one type each across the parts:
	 * kind, int, int, int, decimal, string, text, string, string, string.
	 */
	[ST_MONTH_STATE] = {
	    "SELECT 'c', catalogue_version, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
	    "FROM institution WHERE id = ? "
	    "UNION ALL SELECT 'p', version, NULL, NULL, NULL, status, return_reason, NULL, NULL, NULL "
	    "FROM unit_period WHERE unit_id = ? AND period = ? "
	    "UNION ALL SELECT 'v', v.indicator_id, v.version, NULL, v.value, v.period, v.comment, "
	    "v.evidence_url, COALESCE(u.username, ''), DATE_FORMAT(v.updated_at, '%d/%m/%Y %H:%i') "
	    "FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id "
	    "LEFT JOIN app_user u ON u.id = v.updated_by "
	    "WHERE v.institution_id = ? AND i.unit_id = ? AND v.period BETWEEN ? AND ? "
	    "UNION ALL SELECT 'f', e.id, e.indicator_id, e.size, NULL, e.filename, NULL, NULL, NULL, NULL "
	    "FROM evidence_file e JOIN indicator i ON i.id = e.indicator_id "
	    "WHERE e.institution_id = ? AND i.unit_id = ? AND e.period = ? AND e.removed_at IS NULL", 1 },
	/* What a value save needs to know, unlocked (db_value_head). */
	[ST_VALUE_HEAD] = {
	    "SELECT i.unit_id, y.year, i.active, i.decimals, i.min_value, i.max_value, "
	    "p.status, v.id IS NOT NULL, v.value, v.comment, v.evidence_url, v.version, "
	    "COALESCE(u.username, ''), DATE_FORMAT(v.updated_at, '%d/%m/%Y %H:%i'), n.active "
	    "FROM indicator i JOIN plan_year y ON y.id = i.plan_year_id "
	    "JOIN unit n ON n.id = i.unit_id "
	    "LEFT JOIN unit_period p ON p.unit_id = i.unit_id AND p.period = ? "
	    "LEFT JOIN indicator_value v ON v.indicator_id = i.id AND v.period = ? "
	    "LEFT JOIN app_user u ON u.id = v.updated_by "
	    "WHERE i.institution_id = ? AND i.id = ?", 1 },
	/*
	 * The optimistic write of a value, with the month's state checked in
	 * the same statement: the join reads the unit_period row with a lock,
	 * so it waits for (and is waited for by) a transition's FOR UPDATE.
	 * 0 rows: stale version, a month not open to this writer, or no row.
	 */
	[ST_VALUE_UPDATE_OPEN] = {
	    "UPDATE indicator_value v JOIN unit_period p ON p.unit_id = ? AND p.period = v.period "
	    "SET v.value = ?, v.comment = ?, v.evidence_url = ?, v.version = v.version + 1, "
	    "v.updated_by = ?, v.updated_at = NOW(), p.version = p.version + 1 "
	    "WHERE v.indicator_id = ? AND v.period = ? AND v.version = ? AND p.status IN (?, ?)", 0 },
	/* Is a worker's copy of a unit's month still current? (monthly.c) */
	/*
	 * A month's copy holds the values of every month of its year up to it
	 * (the form's earlier months, the cumulative figure, the history page):
	 * MONTH_YTD's count and sum of their versions change with any of them,
	 * where the month's own row version changes only with the month itself.
	 */
#define MONTH_YTD "CROSS JOIN (SELECT COUNT(*) AS n, COALESCE(SUM(yv.version), 0) AS total " \
	"FROM indicator_value yv JOIN indicator yi ON yi.id = yv.indicator_id " \
	"WHERE yi.unit_id = ? AND yv.period BETWEEN ? AND ?) ytd "
	[ST_MONTH_CHECK] = {
	    "SELECT i.catalogue_version, p.status, p.version, ytd.n, ytd.total FROM institution i "
	    "LEFT JOIN unit_period p ON p.unit_id = ? AND p.period = ? " MONTH_YTD "WHERE i.id = ?", 1 },
	[ST_PERIOD_BUMP] = {
	    "UPDATE unit_period SET version = version + 1 WHERE unit_id = ? AND period = ?", 0 },
	[ST_PERIOD_BUMP_OPEN] = {
	    "UPDATE unit_period SET version = version + 1 WHERE unit_id = ? AND period = ? "
	    "AND status IN (?, ?)", 0 },
	/*
	 * The session lookup, plus what the request's handler checks first, in
	 * the same round trip (db_session_prefetch): ST_MONTH_CHECK's month row
	 * for a unit's month page, ST_VALUE_HEAD's columns for a value save. The
	 * institution is the session user's: dispatch refuses a session of
	 * another institution before any handler runs.
	 */
	[ST_SESSION_LOOKUP_MONTH] = {
	    SESSION_COLS ", p.status, p.version, ytd.n, ytd.total" SESSION_FROM
	    "LEFT JOIN unit_period p ON p.unit_id = ? AND p.period = ? " MONTH_YTD
	    "WHERE s.token_hash = ?", 1 },
	[ST_SESSION_LOOKUP_VALUE] = {
	    SESSION_COLS ", vi.id, vi.unit_id, vy.year, vi.active, vi.decimals, vi.min_value, "
	    "vi.max_value, vp.status, vv.id IS NOT NULL, vv.value, vv.comment, vv.evidence_url, "
	    "vv.version, COALESCE(vu.username, ''), DATE_FORMAT(vv.updated_at, '%d/%m/%Y %H:%i'), "
	    "vn.active" SESSION_FROM
	    "LEFT JOIN (indicator vi JOIN plan_year vy ON vy.id = vi.plan_year_id "
	    "JOIN unit vn ON vn.id = vi.unit_id) "
	    "ON vi.id = ? AND vi.institution_id = u.institution_id "
	    "LEFT JOIN unit_period vp ON vp.unit_id = vi.unit_id AND vp.period = ? "
	    "LEFT JOIN indicator_value vv ON vv.indicator_id = vi.id AND vv.period = ? "
	    "LEFT JOIN app_user vu ON vu.id = vv.updated_by WHERE s.token_hash = ?", 1 },
	[ST_LEVELS] = {
	    "SELECT id, name FROM process_level WHERE institution_id = ? ORDER BY position", 1 },
	[ST_LEVEL_IN_INST] = {
	    "SELECT COUNT(*) FROM process_level WHERE institution_id = ? AND id = ?", 1 },
	[ST_PLAN_YEAR_ID] = {
	    "SELECT id FROM plan_year WHERE institution_id = ? AND year = ?", 1 },
	[ST_PLAN_YEAR_INSERT] = {
	    "INSERT INTO plan_year (institution_id, year) VALUES (?, ?)", 0 },
	[ST_UNIT_INSERT] = {
	    "INSERT INTO unit (institution_id, process_level_id, number, name, active, first_year) "
	    "VALUES (?, ?, ?, ?, ?, NULLIF(?, 0))", 0 },
	[ST_UNIT_UPDATE] = {
	    "UPDATE unit SET process_level_id = ?, number = ?, name = ?, active = ? "
	    "WHERE institution_id = ? AND id = ?", 0 },
	[ST_UNIT_ROW] = {
	    "SELECT u.id, " UNIT_AT("process_level_id") ", " UNIT_AT("number") ", " UNIT_AT("name")
	    ", u.active, COALESCE(u.first_year, 0), " UNIT_IN_YEAR " " UNIT_YEAR_FROM
	    "WHERE u.institution_id = ? AND u.id = ?", 1 },
	/* a number two units existing in that plan year share */
	[ST_UNIT_NUMBER_CLASH] = {
	    "SELECT " UNIT_AT("number") " AS n " UNIT_YEAR_FROM "WHERE u.institution_id = ? AND "
	    UNIT_IN_YEAR " GROUP BY n HAVING COUNT(*) > 1 ORDER BY n LIMIT 1", 1 },
	/* the first plan year of a unit: its own, else the institution's first */
	[ST_UNIT_BASE_YEAR] = {
	    "SELECT COALESCE(u.first_year, (SELECT MIN(y.year) FROM plan_year y "
	    "WHERE y.institution_id = u.institution_id), 0) FROM unit u "
	    "WHERE u.institution_id = ? AND u.id = ?", 1 },
	[ST_UNIT_YEAR_UPSERT] = {
	    "INSERT INTO unit_year (institution_id, unit_id, year, process_level_id, number, name) "
	    "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE process_level_id = "
	    "VALUES(process_level_id), number = VALUES(number), name = VALUES(name)", 0 },
	[ST_UNIT_SET_ACTIVE] = {
	    "UPDATE unit SET active = ? WHERE institution_id = ? AND id = ?", 0 },
	[ST_OBJECTIVE_UPSERT] = {
	    "INSERT INTO objective (institution_id, unit_id, plan_year_id, text) VALUES (?, ?, ?, ?) "
	    "ON DUPLICATE KEY UPDATE text = VALUES(text)", 0 },
	[ST_OBJECTIVE_GET] = {
	    "SELECT text FROM objective WHERE unit_id = ? AND plan_year_id = ?", 1 },
	[ST_INDICATOR_INSERT] = {
	    "INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals, min_value, max_value, active) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 0 },
	[ST_INDICATOR_UPDATE] = {
	    "UPDATE indicator SET position = ?, code = ?, name = ?, measure_unit = ?, aggregation = ?, "
	    "baseline = ?, decimals = ?, min_value = ?, max_value = ?, active = ? "
	    "WHERE institution_id = ? AND id = ?", 0 },
	[ST_INDICATOR_ROW] = {
	    "SELECT i.id, i.unit_id, y.year, position, i.code, i.name, i.measure_unit, i.aggregation, i.baseline, i.decimals, i.min_value, i.max_value, i.active FROM indicator i "
	    "JOIN plan_year y ON y.id = i.plan_year_id WHERE i.institution_id = ? AND i.id = ?", 1 },
	/* the catalogue's check of a tightened rule (catalogue.c), never a monthly page's */
	[ST_INDICATOR_VALUES] = {
	    "SELECT period, value FROM indicator_value "
	    "WHERE institution_id = ? AND indicator_id = ? AND value IS NOT NULL ORDER BY period", 1 },
	[ST_GOAL_INSERT] = {
	    "INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date, active) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", 0 },
	[ST_GOAL_UPDATE] = {
	    "UPDATE goal SET position = ?, code = ?, text = ?, target = ?, target_date = ?, active = ? "
	    "WHERE institution_id = ? AND id = ?", 0 },
	[ST_GOAL_ROW] = {
	    "SELECT g.id, g.unit_id, y.year, position, g.code, g.text, g.target, g.target_date, g.active FROM goal g "
	    "JOIN plan_year y ON y.id = g.plan_year_id WHERE g.institution_id = ? AND g.id = ?", 1 },
	[ST_GOAL_LINKED] = {
	    "SELECT indicator_id FROM goal_indicator WHERE institution_id = ? AND goal_id = ? "
	    "ORDER BY indicator_id", 1 },
	[ST_GOAL_LINKS_CLEAR] = {
	    "DELETE FROM goal_indicator WHERE institution_id = ? AND goal_id = ?", 0 },
	[ST_GOAL_LINK_ADD] = {
	    "INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (?, ?, ?)", 0 },
	[ST_CATALOGUE_BUMP] = {
	    "UPDATE institution SET catalogue_version = catalogue_version + 1 WHERE id = ?", 0 },
	[ST_YEAR_ROWS] = {
	    "SELECT (SELECT COUNT(*) FROM indicator WHERE plan_year_id = ?) + "
	    "(SELECT COUNT(*) FROM goal WHERE plan_year_id = ?) + "
	    "(SELECT COUNT(*) FROM objective WHERE plan_year_id = ?)", 1 },
	[ST_COPY_OBJECTIVES] = {
	    "INSERT INTO objective (institution_id, unit_id, plan_year_id, text) "
	    "SELECT institution_id, unit_id, ?, text FROM objective "
	    "WHERE institution_id = ? AND plan_year_id = ?", 0 },
	[ST_COPY_INDICATORS] = {
	    "INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals, min_value, max_value, active) "
	    "SELECT institution_id, unit_id, ?, position, code, name, measure_unit, aggregation, baseline, decimals, min_value, max_value, active FROM indicator "
	    "WHERE institution_id = ? AND plan_year_id = ?", 0 },
	[ST_COPY_GOALS] = {
	    "INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date, active) "
	    "SELECT institution_id, unit_id, ?, position, code, text, target, "
	    "DATE_ADD(target_date, INTERVAL 1 YEAR), active FROM goal "
	    "WHERE institution_id = ? AND plan_year_id = ?", 0 },
	[ST_COPY_LINKS] = {
	    "INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) "
	    "SELECT gi.institution_id, g2.id, i2.id FROM goal_indicator gi "
	    "JOIN goal g ON g.id = gi.goal_id JOIN indicator i ON i.id = gi.indicator_id "
	    "JOIN goal g2 ON g2.unit_id = g.unit_id AND g2.position = g.position AND g2.plan_year_id = ? "
	    "JOIN indicator i2 ON i2.unit_id = i.unit_id AND i2.position = i.position "
	    "AND i2.plan_year_id = ? WHERE gi.institution_id = ? AND g.plan_year_id = ?", 0 },
	[ST_UNIT_ITEMS] = {
	    "SELECT 'i', i.id, i.position, i.code, i.name, i.active FROM indicator i "
	    "JOIN plan_year y ON y.id = i.plan_year_id WHERE i.institution_id = ? AND i.unit_id = ? "
	    "AND y.year = ? UNION ALL "
	    "SELECT 'g', g.id, g.position, g.code, g.text, g.active FROM goal g "
	    "JOIN plan_year y ON y.id = g.plan_year_id WHERE g.institution_id = ? AND g.unit_id = ? "
	    "AND y.year = ? ORDER BY 1 DESC, 3", 1 },

	/* ---- a4 reports ---- */
	[ST_REPORT_INSERT] = {
	    "INSERT INTO report (institution_id, period, draft, sha256, size, pages, pdf, "
	    "created_by, created_by_name, data_period) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 0 },
	[ST_REPORT_LIST] = {
	    "SELECT id, period, draft, sha256, size, pages, created_by_name, "
	    "DATE_FORMAT(created_at, '%d/%m/%Y %H:%i') FROM report WHERE institution_id = ? "
	    "AND (? = '' OR period = ?) ORDER BY id DESC LIMIT ?", 1 },
	[ST_REPORT_GET] = {
	    "SELECT id, period, draft, sha256, size, pages, created_by_name, "
	    "DATE_FORMAT(created_at, '%d/%m/%Y %H:%i'), pdf FROM report "
	    "WHERE institution_id = ? AND id = ?", 1 },
	[ST_REPORT_EXISTS] = {
	    "SELECT COUNT(*) FROM report WHERE institution_id = ? AND id = ?", 1 },

	/* ---- signed revisions and publications ---- */
	[ST_SIG_INSERT] = {
	    "INSERT INTO report_signature (institution_id, report_id, seq, signatures, method, "
	    "signer_name, signer_subject, signer_issuer, signer_serial, signed_at, sha256, size, pdf, "
	    "created_by, created_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 0 },
	[ST_SIG_LATEST] = {
	    "SELECT " SIG_COLS ", s.pdf FROM report_signature s WHERE s.institution_id = ? "
	    "AND s.report_id = ? ORDER BY s.seq DESC LIMIT 1", 1 },
	[ST_SIG_GET] = {
	    "SELECT " SIG_COLS ", s.pdf FROM report_signature s WHERE s.institution_id = ? "
	    "AND s.id = ?", 1 },
	[ST_SIG_LIST] = {
	    "SELECT " SIG_COLS " FROM report_signature s WHERE s.institution_id = ? "
	    "AND (? = 0 OR s.report_id = ?) ORDER BY s.id DESC LIMIT ?", 1 },
	[ST_PUB_NEXT_VERSION] = {
	    "SELECT COALESCE(MAX(version), 0) + 1 FROM publication WHERE institution_id = ? "
	    "AND period = ? FOR UPDATE", 0 },
	[ST_PUB_INSERT] = {
	    "INSERT INTO publication (institution_id, period, version, kind, reason, report_id, "
	    "signature_id, sha256, dataset_sha256, signer_name, signed_at, published_by, "
	    "published_by_name) SELECT ?, ?, ?, ?, NULLIF(?, ''), ?, s.id, s.sha256, ?, s.signer_name, "
	    "s.signed_at, ?, ? FROM report_signature s WHERE s.institution_id = ? AND s.id = ? "
	    "AND s.report_id = ?", 0 },
	[ST_PUB_LIST] = {
	    "SELECT " PUB_COLS PUB_FROM "WHERE p.institution_id = ? AND (? = '' OR p.period = ?) "
	    "ORDER BY p.period DESC, p.version DESC", 1 },
	[ST_PUB_FIND] = {
	    "SELECT " PUB_COLS PUB_FROM "WHERE p.institution_id = ? AND (p.sha256 = ? OR r.sha256 = ?) "
	    "ORDER BY p.version DESC", 1 },
	[ST_REPORT_FILE_INSERT] = {
	    "INSERT INTO report_file (report_id, institution_id, name, content_type, sha256, size, "
	    "content) VALUES (?, ?, ?, ?, ?, ?, ?)", 0 },
	[ST_REPORT_FILE_GET] = {
	    "SELECT f.name, f.content_type, f.sha256, f.size, r.period, f.content FROM report_file f "
	    "JOIN report r ON r.id = f.report_id AND r.institution_id = f.institution_id "
	    "WHERE f.institution_id = ? AND f.report_id = ? AND f.name = ?", 1 },
	[ST_INST_NAME] = { "SELECT name FROM institution WHERE id = ?", 1 },
	[ST_HOLIDAYS] = {
	    "SELECT DATE_FORMAT(day, '%Y-%m-%d') FROM holiday WHERE day BETWEEN ? AND ? ORDER BY day", 1 },
	[ST_UNIT_PERIODS] = {
	    "SELECT period, status FROM unit_period WHERE unit_id = ? AND period BETWEEN ? AND ? "
	    "ORDER BY period", 1 },
	[ST_PERIODS_IN_STATE] = {
	    "SELECT p.period, COUNT(*) FROM unit_period p JOIN unit u ON u.id = p.unit_id "
	    "WHERE p.institution_id = ? AND p.status = ? AND p.period BETWEEN ? AND ? AND "
	    UNIT_EXPECTED("CAST(LEFT(p.period, 4) AS UNSIGNED)") " "
	    "GROUP BY p.period ORDER BY p.period", 1 },
	[ST_UNITS_EXPECTED] = {
	    "SELECT COUNT(*) FROM unit u WHERE u.institution_id = ? AND " UNIT_EXPECTED("?"), 1 },
	/*
	 * The plan year the public matrix shows by default: that of the latest
	 * publication; without one, the latest that has begun; else the latest.
	 */
	[ST_PUBLIC_YEAR] = {
	    "SELECT year FROM plan_year WHERE institution_id = ? ORDER BY "
	    "year = (SELECT COALESCE(MAX(CAST(LEFT(period, 4) AS UNSIGNED)), 0) FROM publication "
	    "WHERE institution_id = ?) DESC, year <= ? DESC, year DESC LIMIT 1", 1 },
	[ST_LATEST_YEAR_UPTO] = {
	    "SELECT year FROM plan_year WHERE institution_id = ? ORDER BY year <= ? DESC, year DESC "
	    "LIMIT 1", 1 },
	[ST_PERIOD_REOPENED] = {
	    "SELECT DATE_FORMAT(reopened_until, '%Y-%m-%d') FROM unit_period "
	    "WHERE unit_id = ? AND period = ?", 1 },
	[ST_PERIOD_REOPEN] = {
	    "UPDATE unit_period SET reopened_until = ?, version = version + 1 "
	    "WHERE unit_id = ? AND period = ?", 0 },
	[ST_PERIOD_PUBLISHED] = {
	    "SELECT COUNT(*) FROM publication WHERE institution_id = ? AND period = ?", 1 },
	[ST_CONTACT_GET] = {
	    "SELECT COALESCE(gpr_url, ''), update_frequency, COALESCE(info_unit, ''), "
	    "COALESCE(responsible_name, ''), COALESCE(responsible_email, ''), "
	    "COALESCE(responsible_phone, ''), empty_text, COALESCE(logo_path, '') "
	    "FROM institution WHERE id = ?", 1 },
	[ST_CONTACT_SET] = {
	    "UPDATE institution SET gpr_url = NULLIF(?, ''), update_frequency = ?, "
	    "info_unit = NULLIF(?, ''), responsible_name = NULLIF(?, ''), "
	    "responsible_email = NULLIF(?, ''), responsible_phone = NULLIF(?, ''), empty_text = ?, "
	    "logo_path = NULLIF(?, ''), catalogue_version = catalogue_version + 1 WHERE id = ?", 0 },
	[ST_SCHEMA_VERSIONS] = { "SELECT version FROM schema_migrations ORDER BY version", 1 },

	/* ---- institutions of the deployment ---- */
	[ST_TENANT_SLUGS] = { "SELECT id, slug FROM institution", 1 },
	[ST_TENANT_HOSTS] = { "SELECT institution_id, host FROM institution_host", 1 },
	[ST_INSTITUTIONS_LIST] = {
	    "SELECT i.id, i.slug, i.name, i.short_name, i.is_demo, "
	    "DATE_FORMAT(i.created_at, '%d/%m/%Y'), "
	    "COALESCE((SELECT GROUP_CONCAT(h.host ORDER BY h.host SEPARATOR ',') "
	    "FROM institution_host h WHERE h.institution_id = i.id), ''), "
	    "(SELECT COUNT(*) FROM app_user u WHERE u.institution_id = i.id) "
	    "FROM institution i ORDER BY i.name", 1 },
	[ST_INSTITUTION_INSERT] = {
	    "INSERT INTO institution (slug, name, short_name, is_demo) VALUES (?, ?, ?, 0)", 0 },
	[ST_HOST_INSERT] = {
	    "INSERT INTO institution_host (host, institution_id) VALUES (?, ?)", 0 },
	[ST_LEVEL_INSERT] = {
	    "INSERT INTO process_level (institution_id, position, name) VALUES (?, ?, ?)", 0 },
	[ST_USER_SUPERADMIN] = {
	    "SELECT is_superadmin FROM app_user WHERE institution_id = ? AND id = ? AND active = 1", 1 },
	[ST_USER_SET_SUPERADMIN] = {
	    "UPDATE app_user SET is_superadmin = ? WHERE institution_id = ? AND id = ?", 0 },

	/* ---- national holidays (not per institution: every deadline depends on them) ---- */
	[ST_HOLIDAY_LIST] = {
	    "SELECT DATE_FORMAT(day, '%Y-%m-%d'), name FROM holiday WHERE day BETWEEN ? AND ? "
	    "ORDER BY day", 1 },
	[ST_HOLIDAY_YEARS] = {
	    "SELECT YEAR(day), COUNT(*) FROM holiday GROUP BY YEAR(day) ORDER BY 1", 1 },
	[ST_HOLIDAY_GET] = { "SELECT name FROM holiday WHERE day = ?", 1 },
	[ST_HOLIDAY_GET_LOCK] = { "SELECT name FROM holiday WHERE day = ? FOR UPDATE", 0 },
	[ST_HOLIDAY_INSERT] = { "INSERT INTO holiday (day, name) VALUES (?, ?)", 0 },
	[ST_HOLIDAY_DELETE] = { "DELETE FROM holiday WHERE day = ?", 0 },
};

#define UNITS_SLOTS	64

struct db {
	MYSQL		*my;
	MYSQL_STMT	*st[ST__MAX];
	int		 connected;
	const struct conf *conf;
	char		 user[64];
	char		 password[256];
	unsigned long	 reconnects;
	int		 in_tx;		/* no silent retry inside a transaction */
	int		 dirty;		/* the transaction ran a write: bump at commit */
	long long	 scope_unit;	/* its writes touch only this unit's months */
	unsigned int	 last_errno;	/* of the last failed statement */
	unsigned long long affected;	/* of the last write */
	unsigned long long insert_id;
	/* the worker's copy of users' units (session_units) */
	struct units_slot {
		long long		 user, version;
		unsigned long long	 catver;
		long long		*ids;
		size_t			 n;
		unsigned long		 used;
	}		 units[UNITS_SLOTS];
	unsigned long	 units_clock;
	/*
	 * What the next session lookup reads along (db_session_prefetch), and
	 * what it read: valid for the request whose lookup read it, until used
	 * once, until any other lookup, or until a transaction begins.
	 */
	struct {
		enum db_prefetch	 want;
		long long		 id;	/* unit (month) or indicator (value) */
		int			 period;
		enum db_prefetch	 have;
		long long		 inst;	/* the session user's institution */
		int			 found;	/* value: the indicator exists there */
		struct month_check	 month;
		struct epoch_stamp	 month_stamp;	/* taken before the lookup */
		struct value_head	 value;	/* strings in the lookup's arena */
	}		 pre;
};

/* A statement parameter: integer, string (NULL string = SQL NULL) or bytes. */
struct dbp {
	int		 is_str;
	long long	 i;
	const char	*s;
	size_t		 len;	/* bytes when is_str == 2 */
};

#define PI(v)		((struct dbp){ 0, (v), NULL, 0 })
#define PS(v)		((struct dbp){ 1, 0, (v), 0 })
#define PB(v, n)	((struct dbp){ 2, 0, (const char *)(v), (n) })
#define MAXP		16

/* Called once per row; columns are valid only during the call. */
typedef int (*row_fn)(void *arg, char **col, unsigned long *len, int *isnull, unsigned ncol);

int
db_library_init(void)
{
	return mysql_library_init(0, NULL, NULL);
}

static void
disconnect(struct db *db)
{
	for (int i = 0; i < ST__MAX; i++) {
		if (db->st[i] != NULL)
			mysql_stmt_close(db->st[i]);
		db->st[i] = NULL;
	}
	if (db->my != NULL)
		mysql_close(db->my);
	db->my = NULL;
	db->connected = 0;
}

static int
connect_db(struct db *db)
{
	unsigned int ct = (unsigned int)db->conf->db_connect_timeout;
	unsigned int rt = (unsigned int)db->conf->db_statement_timeout + 5;
	char sql[128];

	disconnect(db);
	if ((db->my = mysql_init(NULL)) == NULL)
		oom();
	mysql_optionsv(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_optionsv(db->my, MYSQL_OPT_READ_TIMEOUT, &rt);
	mysql_optionsv(db->my, MYSQL_OPT_WRITE_TIMEOUT, &rt);
	mysql_optionsv(db->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (mysql_real_connect(db->my, NULL, db->user, db->password, db->conf->db_name,
	    0, db->conf->db_socket, 0) == NULL) {
		log_msg(LOG_WARN, "db: cannot connect to %s: %s", db->conf->db_socket,
		    mysql_error(db->my));
		metrics_db_error();
		goto fail;
	}
	/* A slow query must not hold a worker forever (runtime-notes.md). */
	snprintf(sql, sizeof(sql),
	    "SET SESSION max_statement_time = %d, time_zone = '-05:00', "
	    "group_concat_max_len = 1048576",
	    db->conf->db_statement_timeout);
	if (mysql_query(db->my, sql) != 0) {
		log_msg(LOG_WARN, "db: session setup: %s", mysql_error(db->my));
		goto fail;
	}
	for (int i = 0; i < ST__MAX; i++) {
		my_bool one = 1;

		if ((db->st[i] = mysql_stmt_init(db->my)) == NULL)
			oom();
		if (mysql_stmt_prepare(db->st[i], stmts[i].sql, strlen(stmts[i].sql)) != 0) {
			log_msg(LOG_ERR, "db: prepare statement %d: %s", i,
			    mysql_stmt_error(db->st[i]));
			goto fail;
		}
		mysql_stmt_attr_set(db->st[i], STMT_ATTR_UPDATE_MAX_LENGTH, &one);
	}
	db->connected = 1;
	return 0;
fail:
	disconnect(db);
	return -1;
}

struct db *
db_open(const struct conf *c, const char *user, const char *password)
{
	struct db *db = xcalloc(1, sizeof(*db));

	db->conf = c;
	snprintf(db->user, sizeof(db->user), "%s", user);
	snprintf(db->password, sizeof(db->password), "%s", password);
	(void)connect_db(db);
	return db;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	disconnect(db);
	explicit_bzero(db->password, sizeof(db->password));
	for (int i = 0; i < UNITS_SLOTS; i++)
		free(db->units[i].ids);
	free(db);
}

unsigned long
db_reconnects(const struct db *db)
{
	return db->reconnects;
}

static int
conn_lost(unsigned int err)
{
	switch (err) {
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_CONNECTION_ERROR:
	case CR_SERVER_LOST_EXTENDED:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case 4031:	/* ER_CLIENT_INTERACTION_TIMEOUT */
		return 1;
	default:
		return 0;
	}
}

/* Fetch every row of an executed statement into fn. */
static enum db_status
fetch_rows(struct db *db, MYSQL_STMT *s, row_fn fn, void *arg)
{
	MYSQL_RES *meta = NULL;
	MYSQL_BIND *b = NULL;
	char **col = NULL;
	unsigned long *len = NULL, *cap = NULL;
	my_bool *nul = NULL, *trunc = NULL;
	int *isnull = NULL;
	unsigned n;
	enum db_status rc = DB_ERROR;
	int r;

	(void)db;
	if (mysql_stmt_store_result(s) != 0) {
		log_msg(LOG_ERR, "db: store result: %s", mysql_stmt_error(s));
		return DB_ERROR;
	}
	if ((meta = mysql_stmt_result_metadata(s)) == NULL) {
		rc = DB_OK;
		goto out;
	}
	n = mysql_num_fields(meta);
	b = xcalloc(n, sizeof(*b));
	col = xcalloc(n, sizeof(*col));
	len = xcalloc(n, sizeof(*len));
	cap = xcalloc(n, sizeof(*cap));
	nul = xcalloc(n, sizeof(*nul));
	trunc = xcalloc(n, sizeof(*trunc));
	isnull = xcalloc(n, sizeof(*isnull));
	for (unsigned i = 0; i < n; i++) {
		MYSQL_FIELD *f = mysql_fetch_field_direct(meta, i);

		cap[i] = (f->max_length > 64 ? f->max_length : 64) + 1;
		col[i] = xmalloc(cap[i]);
		b[i].buffer_type = MYSQL_TYPE_STRING;
		b[i].buffer = col[i];
		b[i].buffer_length = cap[i];
		b[i].length = &len[i];
		b[i].is_null = &nul[i];
		b[i].error = &trunc[i];
	}
	if (mysql_stmt_bind_result(s, b) != 0) {
		log_msg(LOG_ERR, "db: bind result: %s", mysql_stmt_error(s));
		goto out;
	}
	while ((r = mysql_stmt_fetch(s)) == 0 || r == MYSQL_DATA_TRUNCATED) {
		for (unsigned i = 0; i < n; i++) {
			if (trunc[i] && len[i] + 1 > cap[i]) {
				cap[i] = len[i] + 1;
				col[i] = xrealloc(col[i], cap[i]);
				b[i].buffer = col[i];
				b[i].buffer_length = cap[i];
				if (mysql_stmt_fetch_column(s, &b[i], i, 0) != 0) {
					log_msg(LOG_ERR, "db: fetch column: %s", mysql_stmt_error(s));
					goto out;
				}
			}
			col[i][len[i] < cap[i] ? len[i] : cap[i] - 1] = '\0';
			isnull[i] = nul[i] != 0;
		}
		if (fn != NULL && fn(arg, col, len, isnull, n) != 0)
			goto out;
	}
	if (r != MYSQL_NO_DATA) {
		log_msg(LOG_ERR, "db: fetch: %s", mysql_stmt_error(s));
		goto out;
	}
	rc = DB_OK;
out:
	if (col != NULL)
		for (unsigned i = 0; i < n; i++)
			free(col[i]);
	free(b);
	free(col);
	free(len);
	free(cap);
	free(nul);
	free(trunc);
	free(isnull);
	if (meta != NULL)
		mysql_free_result(meta);
	mysql_stmt_free_result(s);
	return rc;
}

/*
 * Writes are announced to the other workers' copies (epoch.h) once they
 * are visible: at commit, or right away outside a transaction. A write is
 * announced even when it fails (its effect is then unknown), and the
 * session's touch of last_seen is not announced: the copies of a session
 * keep their own last use. Writes announced as one unit's (db_begin_unit)
 * invalidate only that unit's months.
 */
static void
announce(struct db *db)
{
	if (db->scope_unit != 0)
		epoch_bump_unit(db->scope_unit);
	else
		epoch_bump();
}

/*
 * Execute statement id with params; rows go to fn. Reconnects when the
 * connection was lost and retries a read-only statement once.
 */
static enum db_status
run_stmt(struct db *db, enum stmt id, const struct dbp *p, unsigned np, row_fn fn, void *arg)
{
	MYSQL_BIND pb[MAXP];
	unsigned long plen[MAXP];
	my_bool pnull[MAXP];

	if (np > MAXP)
		abort();
	for (int attempt = 0; attempt < 2; attempt++) {
		MYSQL_STMT *s;
		unsigned int err;

		if (!db->connected) {
			if (connect_db(db) != 0)
				return DB_ERROR;
			db->reconnects++;
		}
		s = db->st[id];
		memset(pb, 0, sizeof(pb));
		for (unsigned i = 0; i < np; i++) {
			pnull[i] = p[i].is_str && p[i].s == NULL;
			if (pnull[i]) {
				pb[i].buffer_type = MYSQL_TYPE_NULL;
				pb[i].is_null = &pnull[i];
			} else if (p[i].is_str) {
				plen[i] = p[i].is_str == 2 ? p[i].len : strlen(p[i].s);
				pb[i].buffer_type = MYSQL_TYPE_STRING;
				pb[i].buffer = (void *)p[i].s;
				pb[i].buffer_length = plen[i];
				pb[i].length = &plen[i];
			} else {
				pb[i].buffer_type = MYSQL_TYPE_LONGLONG;
				pb[i].buffer = (void *)&p[i].i;
			}
		}
		/* announced after it runs, by run() or db_commit() */
		if (!stmts[id].readonly && id != ST_SESSION_TOUCH)
			db->dirty = 1;
		if (mysql_stmt_bind_param(s, pb) == 0 && mysql_stmt_execute(s) == 0) {
			db->affected = mysql_stmt_affected_rows(s);
			db->insert_id = mysql_stmt_insert_id(s);
			return fetch_rows(db, s, fn, arg);
		}
		err = mysql_stmt_errno(s);
		db->last_errno = err;
		if (conn_lost(err)) {
			log_msg(LOG_WARN, "db: connection lost (%u %s), reconnecting",
			    err, mysql_stmt_error(s));
			metrics_db_error();
			disconnect(db);
			if (stmts[id].readonly && !db->in_tx)
				continue;
			return DB_ERROR;
		}
		if (err == ER_DUP_ENTRY) {
			db->affected = 0;
			return DB_DUPLICATE;
		}
		log_msg(LOG_ERR, "db: statement %d: %u %s", (int)id, err, mysql_stmt_error(s));
		metrics_db_error();
		return DB_ERROR;
	}
	return DB_ERROR;
}

static enum db_status
run(struct db *db, enum stmt id, const struct dbp *p, unsigned np, row_fn fn, void *arg)
{
	enum db_status st = run_stmt(db, id, p, np, fn, arg);

	if (db->dirty && !db->in_tx) {
		announce(db);
		db->dirty = 0;
	}
	return st;
}

enum db_status
db_ping(struct db *db)
{
	return run(db, ST_PING, NULL, 0, NULL, NULL);
}

/* ---- typed wrappers ---------------------------------------------------- */

static long long
to_ll(const char *s)
{
	return strtoll(s, NULL, 10);
}

static int
row_version(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	unsigned long long *v = arg;

	(void)len; (void)isnull; (void)n;
	*v = strtoull(col[0], NULL, 10);
	return 0;
}

enum db_status
db_catalogue_version(struct db *db, const char *slug, unsigned long long *out)
{
	struct dbp p[] = { PS(slug) };
	enum db_status rc;

	*out = 0;
	rc = run(db, ST_CATALOGUE_VERSION, p, 1, row_version, out);
	if (rc == DB_OK && *out == 0)
		return DB_NOTFOUND;
	return rc;
}

struct load {
	struct arena	*a;
	struct matrix	*m;
	struct mx_flat	*f;
	long long	 plan_year_id;
	size_t		 cap;
};

static const char *
dup_or_null(struct arena *a, const char *s, unsigned long len, int isnull)
{
	return isnull ? NULL : arena_strndup(a, s, len);
}

static int
row_institution(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	struct load *l = arg;
	struct matrix *m = l->m;

	(void)n;
	m->institution_id = to_ll(col[0]);
	m->name = dup_or_null(l->a, col[1], len[1], isnull[1]);
	m->short_name = dup_or_null(l->a, col[2], len[2], isnull[2]);
	m->gpr_url = dup_or_null(l->a, col[3], len[3], isnull[3]);
	m->update_frequency = dup_or_null(l->a, col[4], len[4], isnull[4]);
	m->info_unit = dup_or_null(l->a, col[5], len[5], isnull[5]);
	m->responsible_name = dup_or_null(l->a, col[6], len[6], isnull[6]);
	m->responsible_email = dup_or_null(l->a, col[7], len[7], isnull[7]);
	m->responsible_phone = dup_or_null(l->a, col[8], len[8], isnull[8]);
	m->empty_text = dup_or_null(l->a, col[9], len[9], isnull[9]);
	m->catalogue_version = strtoull(col[10], NULL, 10);
	m->logo_path = n > 11 ? dup_or_null(l->a, col[11], len[11], isnull[11]) : NULL;
	return 0;
}

static int
row_plan_year(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	struct load *l = arg;

	(void)n;
	l->plan_year_id = to_ll(col[0]);
	l->m->year = (int)to_ll(col[1]);
	l->m->data_date = dup_or_null(l->a, col[2], len[2], isnull[2]);
	return 0;
}

/* Grow an arena array of elem-size items to hold one more. */
static void *
grow(struct arena *a, void *arr, size_t count, size_t *cap, size_t elem)
{
	void *n;

	if (count < *cap)
		return arr;
	*cap = *cap ? *cap * 2 : 32;
	n = arena_calloc(a, *cap, elem);
	if (count)
		memcpy(n, arr, count * elem);
	return n;
}

static int
row_unit(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	struct load *l = arg;
	struct mx_flat_unit *u;

	(void)n; (void)isnull;
	l->f->units = grow(l->a, l->f->units, l->f->nunits, &l->cap, sizeof(*u));
	u = &l->f->units[l->f->nunits++];
	u->id = to_ll(col[0]);
	u->number = (int)to_ll(col[1]);
	u->name = arena_strndup(l->a, col[2], len[2]);
	u->objective = arena_strndup(l->a, col[3], len[3]);
	u->level_id = to_ll(col[4]);
	u->level_name = arena_strndup(l->a, col[5], len[5]);
	return 0;
}

/* Indicators and goals share one row shape. */
struct item_load {
	struct arena		 *a;
	struct mx_flat_item	**arr;
	size_t			 *count;
	size_t			  cap;
};

static int
row_item(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	struct item_load *l = arg;
	struct mx_flat_item *it;

	(void)n; (void)isnull;
	*l->arr = grow(l->a, *l->arr, *l->count, &l->cap, sizeof(*it));
	it = &(*l->arr)[(*l->count)++];
	it->id = to_ll(col[0]);
	it->unit_id = to_ll(col[1]);
	it->code = arena_strndup(l->a, col[2], len[2]);
	it->text = arena_strndup(l->a, col[3], len[3]);
	return 0;
}

static int
row_link(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	struct load *l = arg;
	struct mx_flat_link *k;

	(void)n; (void)isnull; (void)len;
	l->f->links = grow(l->a, l->f->links, l->f->nlinks, &l->cap, sizeof(*k));
	k = &l->f->links[l->f->nlinks++];
	k->goal_id = to_ll(col[0]);
	k->indicator_id = to_ll(col[1]);
	return 0;
}

enum db_status
db_matrix_load(struct db *db, struct arena *a, const char *slug, int year, struct matrix *m)
{
	struct mx_flat f;
	struct load l;
	struct item_load il;
	enum db_status rc;

	memset(m, 0, sizeof(*m));
	memset(&f, 0, sizeof(f));
	memset(&l, 0, sizeof(l));
	l.a = a;
	l.m = m;
	l.f = &f;
	{
		struct dbp p[] = { PS(slug) };

		if ((rc = run(db, ST_INSTITUTION, p, 1, row_institution, &l)) != DB_OK)
			return rc;
		if (m->institution_id == 0)
			return DB_NOTFOUND;
	}
	if (year == 0) {
		struct dbp p[] = { PI(m->institution_id), PI(m->institution_id),
		    PI(today_ec(db->conf->today).y) };
		unsigned long long y = 0;

		if ((rc = run(db, ST_PUBLIC_YEAR, p, 3, row_version, &y)) != DB_OK)
			return rc;
		if (y == 0)
			return DB_NOTFOUND;
		year = (int)y;
	}
	{
		struct dbp p[] = { PI(m->institution_id), PI(year), PI(year) };

		if ((rc = run(db, ST_PLAN_YEAR, p, 3, row_plan_year, &l)) != DB_OK)
			return rc;
		if (l.plan_year_id == 0)
			return DB_NOTFOUND;
	}
	{
		struct dbp p[] = { PI(year), PI(l.plan_year_id), PI(m->institution_id),
		    PI(l.plan_year_id) };

		l.cap = 0;
		if ((rc = run(db, ST_UNITS, p, 4, row_unit, &l)) != DB_OK)
			return rc;
	}
	{
		struct dbp p[] = { PI(m->institution_id), PI(l.plan_year_id) };

		il = (struct item_load){ a, &f.indicators, &f.nindicators, 0 };
		if ((rc = run(db, ST_INDICATORS, p, 2, row_item, &il)) != DB_OK)
			return rc;
		il = (struct item_load){ a, &f.goals, &f.ngoals, 0 };
		if ((rc = run(db, ST_GOALS, p, 2, row_item, &il)) != DB_OK)
			return rc;
		l.cap = 0;
		if ((rc = run(db, ST_GOAL_LINKS, p, 2, row_link, &l)) != DB_OK)
			return rc;
	}
	matrix_build(a, &f, m);
	return DB_OK;
}

/* ---- generic row collection -------------------------------------------- */

/* Every row as an array of column strings in the arena (NULL for SQL NULL). */
struct rows {
	struct arena	 *a;
	char		***r;
	size_t		  n;
	size_t		  cap;
};

static int
row_collect(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	struct rows *rs = arg;
	char **row;

	rs->r = grow(rs->a, rs->r, rs->n, &rs->cap, sizeof(*rs->r));
	row = arena_calloc(rs->a, n ? n : 1, sizeof(*row));
	for (unsigned i = 0; i < n; i++)
		row[i] = isnull[i] ? NULL : arena_strndup(rs->a, col[i], len[i]);
	rs->r[rs->n++] = row;
	return 0;
}

static enum db_status
query(struct db *db, struct arena *a, enum stmt id, const struct dbp *p, unsigned np,
    struct rows *out)
{
	memset(out, 0, sizeof(*out));
	out->a = a;
	return run(db, id, p, np, row_collect, out);
}

/*
 * A read whose rows become an array: rs->n zeroed elements of sz (at least
 * one) in the arena, *n = rs->n; NULL with *st set when the read failed.
 */
static void *
query_array(struct db *db, struct arena *a, enum stmt id, const struct dbp *p, unsigned np,
    struct rows *rs, size_t sz, size_t *n, enum db_status *st)
{
	*n = 0;
	if ((*st = query(db, a, id, p, np, rs)) != DB_OK)
		return NULL;
	*n = rs->n;
	return arena_calloc(a, rs->n ? rs->n : 1, sz);
}

/* One integer from the first column of the first row (0 when no row). */
static enum db_status
query_ll(struct db *db, struct arena *a, enum stmt id, const struct dbp *p, unsigned np,
    long long *v)
{
	struct rows rs;
	enum db_status st = query(db, a, id, p, np, &rs);

	*v = 0;
	if (st == DB_OK && rs.n > 0 && rs.r[0][0] != NULL)
		*v = to_ll(rs.r[0][0]);
	return st;
}

/* The text of the first column of the first row (NULL when no row, or NULL there). */
static enum db_status
query_text(struct db *db, struct arena *a, enum stmt id, const struct dbp *p, unsigned np,
    const char **v)
{
	struct rows rs;
	enum db_status st = query(db, a, id, p, np, &rs);

	*v = NULL;
	if (st == DB_OK && rs.n > 0)
		*v = rs.r[0][0];
	return st;
}

static enum db_status
exec(struct db *db, enum stmt id, const struct dbp *p, unsigned np)
{
	return run(db, id, p, np, NULL, NULL);
}

/* ---- transactions -------------------------------------------------------- */

enum db_status
db_begin(struct db *db)
{
	if (!db->connected && connect_db(db) != 0)
		return DB_ERROR;
	if (mysql_query(db->my, "START TRANSACTION") != 0) {
		log_msg(LOG_ERR, "db: begin: %s", mysql_error(db->my));
		if (conn_lost(mysql_errno(db->my)))
			disconnect(db);
		return DB_ERROR;
	}
	db->in_tx = 1;
	db->dirty = 0;
	db->pre.have = DB_PREFETCH_NONE;	/* read before a write: no longer current */
	return DB_OK;
}

enum db_status
db_begin_unit(struct db *db, long long unit)
{
	enum db_status st = db_begin(db);

	if (st == DB_OK)
		db->scope_unit = unit;
	return st;
}

enum db_status
db_commit(struct db *db)
{
	enum db_status st = DB_OK;

	db->in_tx = 0;
	if (!db->connected || mysql_commit(db->my) != 0) {
		if (db->connected)
			log_msg(LOG_ERR, "db: commit: %s", mysql_error(db->my));
		st = DB_ERROR;
	}
	if (db->dirty)
		announce(db);
	db->dirty = 0;
	db->scope_unit = 0;
	return st;
}

void
db_rollback(struct db *db)
{
	db->in_tx = 0;
	db->dirty = 0;
	db->scope_unit = 0;
	if (db->connected && mysql_rollback(db->my) != 0)
		log_msg(LOG_WARN, "db: rollback: %s", mysql_error(db->my));
}

int
db_deadlocked(const struct db *db)
{
	return db->last_errno == ER_LOCK_DEADLOCK || db->last_errno == ER_LOCK_WAIT_TIMEOUT;
}

unsigned long long
db_affected(const struct db *db)
{
	return db->affected;
}

/* ---- institution and units ----------------------------------------------- */

enum db_status
db_institution_id(struct db *db, struct arena *a, const char *slug, long long *id)
{
	struct dbp p[] = { PS(slug) };
	enum db_status st = query_ll(db, a, ST_INSTITUTION_ID, p, 1, id);

	return st == DB_OK && *id == 0 ? DB_NOTFOUND : st;
}

enum db_status
db_units_list(struct db *db, struct arena *a, long long inst, int year, struct unit_row **out,
    size_t *n)
{
	struct dbp p[] = { PI(year > 0 ? year : 9999), PI(inst) };
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_UNITS_LIST, p, 2, &rs, sizeof(**out), n, &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		(*out)[i].id = to_ll(rs.r[i][0]);
		(*out)[i].number = (int)to_ll(rs.r[i][1]);
		(*out)[i].name = rs.r[i][2];
		(*out)[i].active = (int)to_ll(rs.r[i][3]);
	}
	return DB_OK;
}

/* Does a COUNT(*) statement over (institution, id) find a row? */
static enum db_status
belongs(struct db *db, struct arena *a, enum stmt id, long long inst, long long row, int *yes)
{
	struct dbp p[] = { PI(inst), PI(row) };
	long long v;
	enum db_status st = query_ll(db, a, id, p, 2, &v);

	*yes = v > 0;
	return st;
}

enum db_status
db_unit_in_institution(struct db *db, struct arena *a, long long inst, long long unit, int *yes)
{
	return belongs(db, a, ST_UNIT_IN_INST, inst, unit, yes);
}

/* ---- users ------------------------------------------------------------- */

static void
user_from_row(char **r, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = to_ll(r[0]);
	u->institution_id = to_ll(r[1]);
	u->username = r[2];
	u->display_name = r[3];
	u->email = r[4] ? r[4] : "";
	u->roles = roles_from_names(r[5] ? r[5] : "");
	u->active = (int)to_ll(r[6]);
	u->must_change = (int)to_ll(r[7]);
	u->version = to_ll(r[8]);
	u->created_at = r[9];
	u->updated_at = r[10];
}

static enum db_status
load_units(struct db *db, struct arena *a, struct user *u)
{
	struct dbp p[] = { PI(u->id) };
	struct rows rs;
	enum db_status st;

	if ((st = query(db, a, ST_USER_UNITS, p, 1, &rs)) != DB_OK)
		return st;
	u->units = arena_calloc(a, rs.n ? rs.n : 1, sizeof(*u->units));
	for (size_t i = 0; i < rs.n; i++)
		u->units[i] = to_ll(rs.r[i][0]);
	u->nunits = rs.n;
	return DB_OK;
}

enum db_status
db_user_by_name(struct db *db, struct arena *a, long long inst, const char *username,
    struct user *u, const char **hash)
{
	struct dbp p[] = { PI(inst), PS(username) };
	struct rows rs;
	enum db_status st;

	if ((st = query(db, a, ST_USER_BY_NAME, p, 2, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	user_from_row(rs.r[0], u);
	*hash = rs.r[0][11];
	return load_units(db, a, u);
}

enum db_status
db_user_get(struct db *db, struct arena *a, long long inst, long long id, struct user *u)
{
	struct dbp p[] = { PI(inst), PI(id) };
	struct rows rs;
	enum db_status st;

	if ((st = query(db, a, ST_USER_GET, p, 2, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	user_from_row(rs.r[0], u);
	return load_units(db, a, u);
}

enum db_status
db_user_hash_locked(struct db *db, struct arena *a, long long inst, long long id,
    const char **hash)
{
	struct dbp p[] = { PI(inst), PI(id) };
	struct rows rs;
	enum db_status st;

	if ((st = query(db, a, ST_USER_HASH, p, 2, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	*hash = rs.r[0][0];
	return DB_OK;
}

enum db_status
db_user_set_password(struct db *db, long long inst, long long id, const char *hash,
    int must_change)
{
	struct dbp p[] = { PS(hash), PI(must_change), PI(inst), PI(id) };
	enum db_status st = exec(db, ST_USER_SET_PASSWORD, p, 4);

	return st == DB_OK && db->affected == 0 ? DB_NOTFOUND : st;
}

enum db_status
db_user_insert(struct db *db, struct arena *a, long long inst, const struct user *u,
    const char *hash, long long *id)
{
	struct dbp p[] = { PI(inst), PS(u->username), PS(u->display_name), PS(u->email),
	    PS(hash), PS(roles_to_names(a, u->roles)), PI(u->active) };
	enum db_status st = exec(db, ST_USER_INSERT, p, 7);

	*id = st == DB_OK ? (long long)db->insert_id : 0;
	return st;
}

enum db_status
db_user_update(struct db *db, struct arena *a, const struct user *u)
{
	struct dbp p[] = { PS(u->display_name), PS(u->email), PS(roles_to_names(a, u->roles)),
	    PI(u->active), PI(u->institution_id), PI(u->id), PI(u->version) };
	enum db_status st = exec(db, ST_USER_UPDATE, p, 7);

	return st == DB_OK && db->affected == 0 ? DB_NOTFOUND : st;
}

enum db_status
db_user_units_set(struct db *db, long long inst, long long user, const long long *units,
    size_t n)
{
	struct dbp p[] = { PI(inst), PI(user) };
	enum db_status st;

	if ((st = exec(db, ST_USER_UNITS_CLEAR, p, 2)) != DB_OK)
		return st;
	for (size_t i = 0; i < n; i++) {
		struct dbp q[] = { PI(inst), PI(user), PI(units[i]) };

		if ((st = exec(db, ST_USER_UNIT_ADD, q, 3)) != DB_OK)
			return st;
	}
	return DB_OK;
}

/* "%q%" with LIKE's wildcards and escape character escaped: the search is literal. */
static const char *
like_pattern(struct arena *a, const char *q)
{
	struct buf b;

	if (q[0] == '\0')
		return "";
	buf_init(&b, a);
	buf_putc(&b, '%');
	for (const char *s = q; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *s);
	}
	buf_putc(&b, '%');
	return b.data;
}

enum db_status
db_users_list(struct db *db, struct arena *a, long long inst, const char *q, int limit,
    int offset, struct user **out, size_t *n, long long *total)
{
	const char *like = like_pattern(a, q);
	struct dbp p[] = { PI(inst), PS(q), PS(like), PS(like), PS(like), PI(limit), PI(offset) };
	struct rows rs;
	enum db_status st;

	*out = NULL;
	*n = 0;
	if ((st = query_ll(db, a, ST_USERS_COUNT, p, 5, total)) != DB_OK)
		return st;
	if ((st = query(db, a, ST_USERS_LIST, p, 7, &rs)) != DB_OK)
		return st;
	*out = arena_calloc(a, rs.n ? rs.n : 1, sizeof(**out));
	for (size_t i = 0; i < rs.n; i++) {
		user_from_row(rs.r[i], &(*out)[i]);
		if ((st = load_units(db, a, &(*out)[i])) != DB_OK)
			return st;
	}
	*n = rs.n;
	return DB_OK;
}

enum db_status
db_other_active_admins(struct db *db, struct arena *a, long long inst, long long id,
    long long *count)
{
	struct dbp p[] = { PI(inst), PI(id) };

	return query_ll(db, a, ST_ADMINS_OTHER, p, 2, count);
}

/* ---- login throttling ------------------------------------------------------ */

enum db_status
db_failures(struct db *db, struct arena *a, long long inst, const char *username,
    const char *ip, int window_s, struct failure_counts *fc)
{
	struct dbp pu[] = { PI(inst), PS(username), PI(window_s) };
	struct dbp pi[] = { PS(ip), PI(window_s) };
	struct rows rs;
	enum db_status st;

	memset(fc, 0, sizeof(*fc));
	if ((st = query(db, a, ST_FAILURES_USER, pu, 3, &rs)) != DB_OK)
		return st;
	if (rs.n > 0) {
		fc->user = (int)to_ll(rs.r[0][0]);
		fc->user_last_age = (int)to_ll(rs.r[0][1]);
	}
	if ((st = query(db, a, ST_FAILURES_IP, pi, 2, &rs)) != DB_OK)
		return st;
	if (rs.n > 0) {
		fc->ip = (int)to_ll(rs.r[0][0]);
		fc->ip_last_age = (int)to_ll(rs.r[0][1]);
	}
	return DB_OK;
}

enum db_status
db_failure_add(struct db *db, long long inst, const char *username, const char *ip)
{
	struct dbp p[] = { PI(inst), PS(username), PS(ip) };

	return exec(db, ST_FAILURE_ADD, p, 3);
}

enum db_status
db_failures_clear(struct db *db, long long inst, const char *username)
{
	struct dbp p[] = { PI(inst), PS(username) };

	return exec(db, ST_FAILURES_CLEAR, p, 2);
}

/* ---- sessions ------------------------------------------------------------ */

enum db_status
db_session_insert(struct db *db, const unsigned char hash[32], long long inst, long long user,
    const char *csrf, const char *ip, const char *ua)
{
	struct dbp p[] = { PB(hash, 32), PI(inst), PI(user), PS(csrf), PS(ip), PS(ua) };

	return exec(db, ST_SESSION_INSERT, p, 6);
}

/* Defined with the monthly data entry, below; the session lookup reads some of it along. */
static const char *period_text(struct arena *, int);
static int	 period_from_text(const char *);
static enum period_state state_from(const char *);
static void value_head_from(struct arena *, char **, struct value_head *);

/*
 * The units of u (ST_USER_UNITS) from the worker's copy when it was read
 * under u's version and catalogue_version catver, else from the database
 * (and kept). Each worker is its own process with its own handle, so the
 * copy is never shared. 0 (unknown) versions are never kept.
 */
static enum db_status
session_units(struct db *db, struct arena *a, struct user *u, unsigned long long catver)
{
	struct units_slot *e = NULL, *lru = &db->units[0];
	enum db_status st;

	for (int i = 0; i < UNITS_SLOTS; i++) {
		struct units_slot *c = &db->units[i];

		if (c->user == u->id && c->version == u->version && c->catver == catver &&
		    catver != 0) {
			e = c;
			break;
		}
		if (c->used < lru->used)
			lru = c;
	}
	if (e != NULL) {
		e->used = ++db->units_clock;
		u->units = arena_calloc(a, e->n ? e->n : 1, sizeof(*u->units));
		memcpy(u->units, e->ids, e->n * sizeof(*u->units));
		u->nunits = e->n;
		return DB_OK;
	}
	if ((st = load_units(db, a, u)) != DB_OK || catver == 0)
		return st;
	free(lru->ids);
	lru->ids = xcalloc(u->nunits ? u->nunits : 1, sizeof(*lru->ids));
	memcpy(lru->ids, u->units, u->nunits * sizeof(*lru->ids));
	lru->n = u->nunits;
	lru->user = u->id;
	lru->version = u->version;
	lru->catver = catver;
	lru->used = ++db->units_clock;
	return DB_OK;
}

enum db_status
db_session_lookup(struct db *db, struct arena *a, const unsigned char hash[32],
    struct session_lookup *out)
{
	enum db_prefetch want = db->pre.want;
	struct dbp p[6];
	unsigned np = 0;
	enum stmt id = ST_SESSION_LOOKUP;
	struct rows rs;
	enum db_status st;
	char **r;

	db->pre.want = db->pre.have = DB_PREFETCH_NONE;
	if (want == DB_PREFETCH_MONTH) {
		epoch_stamp(&db->pre.month_stamp, db->pre.id);
		id = ST_SESSION_LOOKUP_MONTH;
		p[np++] = PI(db->pre.id);
		p[np++] = PS(period_text(a, db->pre.period));
		p[np++] = PI(db->pre.id);
		p[np++] = PS(period_text(a, db->pre.period / 100 * 100 + 1));
		p[np++] = PS(period_text(a, db->pre.period));
	} else if (want == DB_PREFETCH_VALUE) {
		id = ST_SESSION_LOOKUP_VALUE;
		p[np++] = PI(db->pre.id);
		p[np++] = PS(period_text(a, db->pre.period));
		p[np++] = PS(period_text(a, db->pre.period));
	}
	p[np++] = PB(hash, 32);
	if ((st = query(db, a, id, p, np, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	r = rs.r[0];
	memset(out, 0, sizeof(*out));
	out->session_id = to_ll(r[0]);
	out->csrf = r[1];
	out->idle_s = to_ll(r[2]);
	out->age_s = to_ll(r[3]);
	out->user = arena_calloc(a, 1, sizeof(*out->user));
	out->user->id = to_ll(r[4]);
	out->user->institution_id = to_ll(r[5]);
	out->user->username = r[6];
	out->user->display_name = r[7];
	out->user->email = r[8] ? r[8] : "";
	out->user->roles = roles_from_names(r[9] ? r[9] : "");
	out->user->active = (int)to_ll(r[10]);
	out->user->must_change = (int)to_ll(r[11]);
	out->user->version = to_ll(r[12]);
	if (to_ll(r[13]) != 0)
		out->user->roles |= ROLE_SUPERADMIN;
	out->catalogue_version = r[14] != NULL ? strtoull(r[14], NULL, 10) : 0;
	if ((st = session_units(db, a, out->user, out->catalogue_version)) != DB_OK)
		return st;
	/* What was read along, for this request's handler (db_month_check, db_value_head). */
	db->pre.inst = out->user->institution_id;
	if (want == DB_PREFETCH_MONTH) {
		memset(&db->pre.month, 0, sizeof(db->pre.month));
		db->pre.month.stamp = db->pre.month_stamp;
		db->pre.month.catalogue_version = out->catalogue_version;
		db->pre.month.state = PS_BORRADOR;
		if (r[15] != NULL) {
			db->pre.month.period_found = 1;
			db->pre.month.state = state_from(r[15]);
			db->pre.month.version = to_ll(r[16]);
		}
		db->pre.month.ytd_n = to_ll(r[17]);
		db->pre.month.ytd_total = to_ll(r[18]);
		db->pre.have = want;
	} else if (want == DB_PREFETCH_VALUE) {
		db->pre.found = r[15] != NULL;
		if (db->pre.found)
			value_head_from(a, r + 16, &db->pre.value);
		db->pre.have = want;
	}
	return DB_OK;
}

void
db_session_prefetch(struct db *db, enum db_prefetch what, long long id, int period)
{
	db->pre.want = what;
	db->pre.id = id;
	db->pre.period = period;
	db->pre.have = DB_PREFETCH_NONE;
}

enum db_status
db_session_touch(struct db *db, long long id)
{
	struct dbp p[] = { PI(id) };

	return exec(db, ST_SESSION_TOUCH, p, 1);
}

enum db_status
db_session_delete(struct db *db, long long id)
{
	struct dbp p[] = { PI(id) };

	return exec(db, ST_SESSION_DELETE, p, 1);
}

enum db_status
db_sessions_delete_user(struct db *db, long long user, long long except)
{
	struct dbp p[] = { PI(user), PI(except) };

	return exec(db, ST_SESSIONS_DELETE_USER, p, 2);
}

enum db_status
db_sessions_list(struct db *db, struct arena *a, long long user, long long current,
    struct session_row **out, size_t *n)
{
	struct dbp p[] = { PI(user) };
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_SESSIONS_LIST, p, 1, &rs, sizeof(**out), n, &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		struct session_row *s = &(*out)[i];

		s->id = to_ll(rs.r[i][0]);
		s->created_at = rs.r[i][1];
		s->last_seen = rs.r[i][2];
		s->ip = rs.r[i][3];
		s->user_agent = rs.r[i][4];
		s->current = s->id == current;
	}
	return DB_OK;
}

enum db_status
db_session_delete_own(struct db *db, long long id, long long user)
{
	struct dbp p[] = { PI(id), PI(user) };
	enum db_status st = exec(db, ST_SESSION_DELETE_OWN, p, 2);

	return st == DB_OK && db->affected == 0 ? DB_NOTFOUND : st;
}

/* ---- audit ------------------------------------------------------------------ */

enum db_status
db_audit_insert(struct db *db, long long inst, const struct actor *who, const char *action,
    const char *entity, const char *entity_id, const char *before, const char *after)
{
	struct dbp p[] = { PI(inst), who->id ? PI(who->id) : PS(NULL),
	    PS(who->name ? who->name : ""), PS(who->ip ? who->ip : ""), PS(action), PS(entity),
	    PS(entity_id), PS(before), PS(after) };

	return exec(db, ST_AUDIT_INSERT, p, 9);
}

enum db_status
db_audit_list(struct db *db, struct arena *a, long long inst, const struct audit_filter *f,
    struct audit_row **out, size_t *n)
{
	struct dbp p[] = { PI(inst), PS(f->entity), PS(f->entity), PS(f->action), PS(f->action),
	    PS(f->actor), PS(f->actor), PS(f->from), PS(f->from), PS(f->to), PS(f->to),
	    PI(f->before_id), PI(f->before_id), PI(f->limit) };
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_AUDIT_LIST, p, 14, &rs, sizeof(**out), n, &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		struct audit_row *r = &(*out)[i];

		r->id = to_ll(rs.r[i][0]);
		r->at = rs.r[i][1];
		r->actor_id = to_ll(rs.r[i][2]);
		r->actor_name = rs.r[i][3];
		r->ip = rs.r[i][4];
		r->action = rs.r[i][5];
		r->entity = rs.r[i][6];
		r->entity_id = rs.r[i][7];
		r->before_json = rs.r[i][8];
		r->after_json = rs.r[i][9];
	}
	return DB_OK;
}

/* ---- monthly data entry -------------------------------------------------- */

static const char *
period_text(struct arena *a, int period)
{
	return arena_printf(a, "%04d-%02d", period / 100, period % 100);
}

/* "YYYY-MM" (a CHAR(7) column) as year * 100 + month. */
static int
period_from_text(const char *s)
{
	return (int)(to_ll(s) * 100 + to_ll(s + 5));
}

static enum period_state
state_from(const char *s)
{
	if (strcmp(s, "enviado") == 0)
		return PS_ENVIADO;
	if (strcmp(s, "aprobado") == 0)
		return PS_APROBADO;
	if (strcmp(s, "devuelto") == 0)
		return PS_DEVUELTO;
	return PS_BORRADOR;
}

/* "12.5000" -> "12.5", "3.0000" -> "3" (the canonical form parse_amount gives). */
static const char *
trim_decimal(struct arena *a, const char *s)
{
	size_t n;
	char *t;

	if (s == NULL)
		return NULL;
	t = arena_strdup(a, s);
	if (strchr(t, '.') == NULL)
		return t;
	n = strlen(t);
	while (n > 0 && t[n - 1] == '0')
		t[--n] = '\0';
	if (n > 0 && t[n - 1] == '.')
		t[--n] = '\0';
	return t;
}

enum db_status
db_unit_get(struct db *db, struct arena *a, long long inst, long long id, int year,
    struct unit_row *u)
{
	struct dbp p[] = { PI(year > 0 ? year : 9999), PI(inst), PI(id) };
	struct rows rs;
	enum db_status st;

	if ((st = query(db, a, ST_UNIT_GET, p, 3, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	u->id = to_ll(rs.r[0][0]);
	u->number = (int)to_ll(rs.r[0][1]);
	u->name = rs.r[0][2];
	u->active = (int)to_ll(rs.r[0][3]);
	return DB_OK;
}

enum db_status
db_month_indicators(struct db *db, struct arena *a, long long inst, long long unit, int year,
    struct month_indicator **out, size_t *n)
{
	struct dbp p[] = { PI(inst), PI(unit), PI(year) };
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_MONTH_INDICATORS, p, 3, &rs, sizeof(**out), n,
	    &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		struct month_indicator *m = &(*out)[i];
		char **r = rs.r[i];

		m->id = to_ll(r[0]);
		m->code = r[1];
		m->name = r[2];
		m->measure_unit = r[3];
		m->aggregation = r[4][0];
		m->decimals = (int)to_ll(r[5]);
		m->min = trim_decimal(a, r[6]);
		m->max = trim_decimal(a, r[7]);
		m->active = to_ll(r[8]) != 0;
	}
	/* Each indicator stands beside the first goal (by position) that it measures. */
	if ((st = query(db, a, ST_MONTH_GOALS, p, 3, &rs)) != DB_OK)
		return st;
	for (size_t g = 0; g < rs.n; g++) {
		long long ind = to_ll(rs.r[g][0]);

		for (size_t i = 0; i < *n; i++) {
			struct month_indicator *m = &(*out)[i];

			if (m->id != ind || m->goal_text != NULL)
				continue;
			m->goal_code = rs.r[g][1];
			m->goal_text = rs.r[g][2];
			m->target = trim_decimal(a, rs.r[g][3]);
		}
	}
	return DB_OK;
}

enum db_status
db_month_values(struct db *db, struct arena *a, long long inst, long long unit, int from,
    int to, struct value_row **out, size_t *n)
{
	struct dbp p[] = { PI(inst), PI(unit), PS(period_text(a, from)), PS(period_text(a, to)) };
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_MONTH_VALUES, p, 4, &rs, sizeof(**out), n, &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		struct value_row *v = &(*out)[i];
		char **r = rs.r[i];

		v->indicator_id = to_ll(r[0]);
		v->period = period_from_text(r[1]);
		v->v.present = 1;
		v->v.value = trim_decimal(a, r[2]);
		v->v.comment = r[3];
		v->v.evidence_url = r[4];
		v->v.version = to_ll(r[5]);
		v->v.updated_by = r[6];
		v->v.updated_at = r[7];
	}
	return DB_OK;
}

enum db_status
db_period_get(struct db *db, struct arena *a, long long unit, int period, int lock,
    struct period_row *out)
{
	struct dbp p[] = { PI(unit), PS(period_text(a, period)) };
	struct rows rs;
	enum db_status st;

	out->state = PS_BORRADOR;
	out->return_reason = NULL;
	out->version = 0;
	out->unit_active = 1;
	if ((st = query(db, a, lock ? ST_PERIOD_LOCK : ST_PERIOD_GET, p, 2, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	out->state = state_from(rs.r[0][0]);
	out->return_reason = rs.r[0][1];
	out->version = to_ll(rs.r[0][2]);
	out->unit_active = to_ll(rs.r[0][3]) != 0;
	return DB_OK;
}

enum db_status
db_period_ensure(struct db *db, struct arena *a, long long inst, long long unit, int period)
{
	struct dbp p[] = { PI(inst), PI(unit), PS(period_text(a, period)) };

	return exec(db, ST_PERIOD_ENSURE, p, 3);
}

enum db_status
db_period_set(struct db *db, struct arena *a, long long unit, int period, enum period_state s,
    const char *reason, long long actor)
{
	const char *name = period_state_name(s);
	/* With a fixed `today` (tests, demos) the dates follow that clock too. */
	const char *at = db->conf->today[0] != '\0' ?
	    arena_printf(a, "%s 12:00:00", db->conf->today) : NULL;
	const char *day = db->conf->today[0] != '\0' ? db->conf->today : NULL;
	struct dbp p[] = { PS(name), PS(reason), PS(name), PI(actor), PS(name), PS(at), PS(name),
	    PI(actor), PS(name), PS(at), PS(name), PI(db->conf->lock_days), PS(day),
	    PI(db->conf->lock_days), PI(unit), PS(period_text(a, period)) };

	return exec(db, ST_PERIOD_SET, p, 16);
}

enum db_status
db_value_lock(struct db *db, struct arena *a, long long ind, int period, struct month_value *v)
{
	struct dbp p[] = { PI(ind), PS(period_text(a, period)) };
	struct rows rs;
	enum db_status st;

	memset(v, 0, sizeof(*v));
	if ((st = query(db, a, ST_VALUE_LOCK, p, 2, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	v->present = 1;
	v->value = trim_decimal(a, rs.r[0][0]);
	v->comment = rs.r[0][1];
	v->evidence_url = rs.r[0][2];
	v->version = to_ll(rs.r[0][3]);
	v->updated_by = rs.r[0][4];
	v->updated_at = rs.r[0][5];
	return DB_OK;
}

enum db_status
db_value_write(struct db *db, struct arena *a, long long inst, const struct value_input *in,
    int period, long long actor, int insert)
{
	if (insert) {
		struct dbp p[] = { PI(inst), PI(in->indicator_id), PS(period_text(a, period)),
		    PS(in->value), PS(in->comment), PS(in->evidence_url), PI(actor) };

		return exec(db, ST_VALUE_INSERT, p, 7);
	} else {
		struct dbp p[] = { PS(in->value), PS(in->comment), PS(in->evidence_url), PI(actor),
		    PI(in->indicator_id), PS(period_text(a, period)), PI(in->version) };
		enum db_status st = exec(db, ST_VALUE_UPDATE, p, 7);

		return st == DB_OK && db->affected == 0 ? DB_NOTFOUND : st;
	}
}

enum db_status
db_history_insert(struct db *db, struct arena *a, long long inst, long long ind, int period,
    int correction, const char *before, const struct value_input *after, const char *reason,
    const struct actor *who)
{
	struct dbp p[] = { PI(inst), PI(ind), PS(period_text(a, period)),
	    PS(correction ? "correction" : "entry"), PS(before), PS(after->value),
	    PS(after->comment), PS(after->evidence_url), PS(reason),
	    who->id ? PI(who->id) : PS(NULL), PS(who->name ? who->name : "") };

	return exec(db, ST_HISTORY_INSERT, p, 11);
}

enum db_status
db_indicator_unit(struct db *db, struct arena *a, long long inst, long long ind, long long *unit)
{
	struct dbp p[] = { PI(inst), PI(ind) };
	enum db_status st = query_ll(db, a, ST_INDICATOR_UNIT, p, 2, unit);

	return st == DB_OK && *unit == 0 ? DB_NOTFOUND : st;
}

enum db_status
db_dashboard(struct db *db, struct arena *a, long long inst, int period, struct dash_row **out,
    size_t *n)
{
	const char *pt = period_text(a, period);
	struct dbp p[] = { PI(period / 100), PI(period / 100), PS(pt), PI(period / 100),
	    PI(period / 100), PS(pt), PI(inst), PS(pt) };
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_DASHBOARD, p, 8, &rs, sizeof(**out), n, &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		struct dash_row *d = &(*out)[i];

		d->unit_id = to_ll(rs.r[i][0]);
		d->number = (int)to_ll(rs.r[i][1]);
		d->name = rs.r[i][2];
		d->state = state_from(rs.r[i][3]);
		d->indicators = (int)to_ll(rs.r[i][4]);
		d->filled = (int)to_ll(rs.r[i][5]);
		d->submitted_on = rs.r[i][6];
		d->reopened_until = rs.r[i][7];
		d->active = to_ll(rs.r[i][8]) != 0;
		d->expected = to_ll(rs.r[i][9]) != 0;
	}
	return DB_OK;
}

enum db_status
db_latest_year(struct db *db, struct arena *a, long long inst, int upto, int *year)
{
	struct dbp p[] = { PI(inst), PI(upto ? upto : 9999) };
	struct rows rs;
	enum db_status st;

	*year = 0;
	if ((st = query(db, a, ST_LATEST_YEAR_UPTO, p, 2, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	*year = (int)to_ll(rs.r[0][0]);
	return DB_OK;
}

enum db_status
db_indicator_head(struct db *db, struct arena *a, long long inst, long long ind, long long *unit,
    int *year)
{
	struct dbp p[] = { PI(inst), PI(ind) };
	struct rows rs;
	enum db_status st;

	if ((st = query(db, a, ST_INDICATOR_HEAD, p, 2, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	*unit = to_ll(rs.r[0][1]);
	*year = (int)to_ll(rs.r[0][2]);
	return DB_OK;
}

enum db_status
db_value_history(struct db *db, struct arena *a, long long inst, long long ind,
    struct history_row **out, size_t *n)
{
	struct dbp p[] = { PI(inst), PI(ind), PI(inst), PI(ind), PI(inst), PI(ind) };
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_VALUE_HISTORY, p, 6, &rs, sizeof(**out), n, &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		struct history_row *h = &(*out)[i];
		char **r = rs.r[i];

		h->period = period_from_text(r[0]);
		h->correction = strcmp(r[1], "correction") == 0;
		h->file_event = strcmp(r[1], "upload") == 0 ? 1 : strcmp(r[1], "remove") == 0 ? 2 : 0;
		h->file = r[9];
		h->before = trim_decimal(a, r[2]);
		h->after = trim_decimal(a, r[3]);
		h->comment = r[4];
		h->reason = r[5];
		h->actor = r[6];
		h->at = r[7];
		h->evidence = r[8];
	}
	return DB_OK;
}

enum db_status
db_evidence_insert(struct db *db, struct arena *a, long long inst, const struct evidence_row *e,
    long long actor, long long *id)
{
	struct dbp p[] = { PI(inst), PI(e->indicator_id), PS(period_text(a, e->period)), PS(e->sha256),
	    PS(e->filename), PS(e->content_type), PI((long long)e->size), actor ? PI(actor) : PS(NULL) };
	enum db_status st = exec(db, ST_EVIDENCE_INSERT, p, 8);

	*id = st == DB_OK ? (long long)db->insert_id : 0;
	return st;
}

enum db_status
db_evidence_remove(struct db *db, long long inst, long long id, long long actor, const char *reason)
{
	struct dbp p[] = { PI(actor), PS(reason), PI(inst), PI(id) };
	enum db_status st = exec(db, ST_EVIDENCE_REMOVE, p, 4);

	return st == DB_OK && db->affected == 0 ? DB_NOTFOUND : st;
}

enum db_status
db_evidence_get(struct db *db, struct arena *a, long long inst, long long id,
    struct evidence_row *e, long long *unit)
{
	struct dbp p[] = { PI(inst), PI(id) };
	struct rows rs;
	enum db_status st;

	if ((st = query(db, a, ST_EVIDENCE_GET, p, 2, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	memset(e, 0, sizeof(*e));
	e->id = to_ll(rs.r[0][0]);
	*unit = to_ll(rs.r[0][1]);
	e->sha256 = rs.r[0][2];
	e->filename = rs.r[0][3];
	e->content_type = rs.r[0][4];
	e->size = (size_t)to_ll(rs.r[0][5]);
	e->indicator_id = to_ll(rs.r[0][6]);
	e->period = period_from_text(rs.r[0][7]);
	e->removed_on = rs.r[0][8];
	return DB_OK;
}

enum db_status
db_move_neighbour(struct db *db, struct arena *a, long long inst, enum catalogue_kind kind,
    long long id, int up, long long *other, int *mine, int *theirs)
{
	static const enum stmt st_of[] = { ST_MOVE_NEIGHBOUR_INDICATOR, ST_MOVE_NEIGHBOUR_GOAL };
	struct dbp p[] = { PI(id), PI(inst), PI(up), PI(up), PI(up) };
	struct rows rs;
	enum db_status st;

	if (kind == KIND_UNIT)
		return DB_ERROR;	/* units move by plan year: catalogue.c */
	if ((st = query(db, a, st_of[kind - 1], p, 5, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	*other = to_ll(rs.r[0][0]);
	*mine = (int)to_ll(rs.r[0][1]);
	*theirs = (int)to_ll(rs.r[0][2]);
	return DB_OK;
}

enum db_status
db_move_set(struct db *db, long long inst, enum catalogue_kind kind, long long id, int place)
{
	static const enum stmt st_of[] = { ST_MOVE_SET_INDICATOR, ST_MOVE_SET_GOAL };
	struct dbp p[] = { PI(place), PI(inst), PI(id) };

	if (kind == KIND_UNIT)
		return DB_ERROR;	/* units move by plan year: catalogue.c */
	return exec(db, st_of[kind - 1], p, 3);
}

enum db_status
db_evidence_live_shas(struct db *db, struct arena *a, const char ***out, size_t *n)
{
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_EVIDENCE_LIVE_SHA, NULL, 0, &rs, sizeof(**out), n,
	    &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++)
		(*out)[i] = rs.r[i][0] ? rs.r[i][0] : "";
	return DB_OK;
}

enum db_status
db_evidence_unpurged(struct db *db, struct arena *a, struct evidence_unpurged **out, size_t *n)
{
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_EVIDENCE_UNPURGED, NULL, 0, &rs, sizeof(**out), n,
	    &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		struct evidence_unpurged *e = &(*out)[i];

		e->id = to_ll(rs.r[i][0]);
		e->inst = to_ll(rs.r[i][1]);
		e->sha256 = rs.r[i][2] ? rs.r[i][2] : "";
		e->filename = rs.r[i][3] ? rs.r[i][3] : "";
		e->size = (size_t)to_ll(rs.r[i][4]);
	}
	return DB_OK;
}

enum db_status
db_evidence_mark_purged(struct db *db, long long id)
{
	struct dbp p[] = { PI(id) };
	enum db_status st = exec(db, ST_EVIDENCE_PURGED, p, 1);

	return st == DB_OK && db->affected == 0 ? DB_NOTFOUND : st;
}

static int
cmp_evidence_id(const void *x, const void *y)
{
	const struct evidence_row *a = x, *b = y;

	return (a->id > b->id) - (a->id < b->id);
}

enum db_status
db_month_state(struct db *db, struct arena *a, long long inst, long long unit, int from,
    int period, struct month_state *out)
{
	const char *pt = period_text(a, period);
	struct dbp p[] = { PI(inst), PI(unit), PS(pt), PI(inst), PI(unit), PS(period_text(a, from)),
	    PS(pt), PI(inst), PI(unit), PS(pt) };
	struct rows rs;
	enum db_status st;
	size_t nv = 0, nf = 0;

	memset(out, 0, sizeof(*out));
	out->period.state = PS_BORRADOR;
	if ((st = query(db, a, ST_MONTH_STATE, p, 10, &rs)) != DB_OK)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		char **r = rs.r[i];

		nv += r[0][0] == 'v';
		nf += r[0][0] == 'f';
	}
	out->vals = arena_calloc(a, nv ? nv : 1, sizeof(*out->vals));
	out->files = arena_calloc(a, nf ? nf : 1, sizeof(*out->files));
	for (size_t i = 0; i < rs.n; i++) {
		char **r = rs.r[i];

		switch (r[0][0]) {
		case 'c':
			out->catalogue_version = strtoull(r[1], NULL, 10);
			break;
		case 'p':
			out->period_found = 1;
			out->period.version = to_ll(r[1]);
			out->period.state = state_from(r[5]);
			out->period.return_reason = r[6];
			break;
		case 'v': {
			struct value_row *v = &out->vals[out->nvals++];

			v->indicator_id = to_ll(r[1]);
			v->period = period_from_text(r[5]);
			v->v.present = 1;
			v->v.version = to_ll(r[2]);
			v->v.value = trim_decimal(a, r[4]);
			v->v.comment = r[6];
			v->v.evidence_url = r[7];
			v->v.updated_by = r[8];
			v->v.updated_at = r[9];
			break;
		}
		case 'f': {
			struct evidence_row *e = &out->files[out->nfiles++];

			e->id = to_ll(r[1]);
			e->indicator_id = to_ll(r[2]);
			e->size = (size_t)to_ll(r[3]);
			e->filename = r[5];
			e->period = period;
			break;
		}
		}
	}
	/* by id: a UNION part's ORDER BY would be ignored */
	qsort(out->files, out->nfiles, sizeof(*out->files), cmp_evidence_id);
	return DB_OK;
}

/* ST_VALUE_HEAD's columns, from r[0] on. */
static void
value_head_from(struct arena *a, char **r, struct value_head *out)
{
	memset(out, 0, sizeof(*out));
	out->unit_id = to_ll(r[0]);
	out->year = (int)to_ll(r[1]);
	out->active = (int)to_ll(r[2]);
	out->decimals = (int)to_ll(r[3]);
	out->min = trim_decimal(a, r[4]);
	out->max = trim_decimal(a, r[5]);
	out->period_found = r[6] != NULL;
	out->state = r[6] != NULL ? state_from(r[6]) : PS_BORRADOR;
	if (to_ll(r[7]) == 1) {
		out->cur.present = 1;
		out->cur.value = trim_decimal(a, r[8]);
		out->cur.comment = r[9];
		out->cur.evidence_url = r[10];
		out->cur.version = to_ll(r[11]);
		out->cur.updated_by = r[12];
		out->cur.updated_at = r[13];
	}
	out->unit_active = to_ll(r[14]) != 0;
}

enum db_status
db_value_head(struct db *db, struct arena *a, long long inst, long long ind, int period,
    struct value_head *out)
{
	const char *pt;
	struct dbp p[4];
	struct rows rs;
	enum db_status st;

	if (db->pre.have == DB_PREFETCH_VALUE && db->pre.inst == inst && db->pre.id == ind &&
	    db->pre.period == period) {
		db->pre.have = DB_PREFETCH_NONE;
		if (!db->pre.found)
			return DB_NOTFOUND;
		*out = db->pre.value;
		return DB_OK;
	}
	db->pre.have = DB_PREFETCH_NONE;
	pt = period_text(a, period);
	p[0] = PS(pt);
	p[1] = PS(pt);
	p[2] = PI(inst);
	p[3] = PI(ind);
	if ((st = query(db, a, ST_VALUE_HEAD, p, 4, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	value_head_from(a, rs.r[0], out);
	return DB_OK;
}

enum db_status
db_value_update_open(struct db *db, struct arena *a, long long unit, const struct value_input *in,
    int period, long long actor, int correct, int *changed)
{
	struct dbp p[] = { PI(unit), PS(in->value), PS(in->comment), PS(in->evidence_url),
	    PI(actor), PI(in->indicator_id), PS(period_text(a, period)), PI(in->version),
	    PS(correct ? "aprobado" : "borrador"), PS(correct ? "aprobado" : "devuelto") };
	enum db_status st = exec(db, ST_VALUE_UPDATE_OPEN, p, 10);

	/* Both rows change when it matches: the value and its month's version. */
	*changed = st == DB_OK && db->affected == 2;
	return st;
}

enum db_status
db_month_check(struct db *db, struct arena *a, long long inst, long long unit, int period,
    struct month_check *out)
{
	struct dbp p[] = { PI(unit), PS(period_text(a, period)), PI(unit),
	    PS(period_text(a, period / 100 * 100 + 1)), PS(period_text(a, period)), PI(inst) };
	struct rows rs;
	enum db_status st;
	char **r;

	memset(out, 0, sizeof(*out));
	out->state = PS_BORRADOR;
	if (db->pre.have == DB_PREFETCH_MONTH && db->pre.inst == inst && db->pre.id == unit &&
	    db->pre.period == period) {
		db->pre.have = DB_PREFETCH_NONE;
		*out = db->pre.month;
		return DB_OK;
	}
	db->pre.have = DB_PREFETCH_NONE;
	epoch_stamp(&out->stamp, unit);
	if ((st = query(db, a, ST_MONTH_CHECK, p, 6, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	r = rs.r[0];
	out->catalogue_version = r[0] != NULL ? strtoull(r[0], NULL, 10) : 0;
	if (r[1] != NULL) {
		out->period_found = 1;
		out->state = state_from(r[1]);
		out->version = to_ll(r[2]);
	}
	out->ytd_n = to_ll(r[3]);
	out->ytd_total = to_ll(r[4]);
	return DB_OK;
}

enum db_status
db_period_bump(struct db *db, struct arena *a, long long unit, int period)
{
	struct dbp p[] = { PI(unit), PS(period_text(a, period)) };

	return exec(db, ST_PERIOD_BUMP, p, 2);
}

enum db_status
db_period_bump_open(struct db *db, struct arena *a, long long unit, int period, int correct,
    int *open)
{
	struct dbp p[] = { PI(unit), PS(period_text(a, period)),
	    PS(correct ? "aprobado" : "borrador"), PS(correct ? "aprobado" : "devuelto") };
	enum db_status st = exec(db, ST_PERIOD_BUMP_OPEN, p, 4);

	*open = st == DB_OK && db->affected == 1;
	return st;
}

/* ---- catalogue management ------------------------------------------------ */

enum db_status
db_levels(struct db *db, struct arena *a, long long inst, struct level_row **out, size_t *n)
{
	struct dbp p[] = { PI(inst) };
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_LEVELS, p, 1, &rs, sizeof(**out), n, &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		(*out)[i].id = to_ll(rs.r[i][0]);
		(*out)[i].name = rs.r[i][1];
	}
	return DB_OK;
}

enum db_status
db_level_in_institution(struct db *db, struct arena *a, long long inst, long long id, int *yes)
{
	return belongs(db, a, ST_LEVEL_IN_INST, inst, id, yes);
}

enum db_status
db_plan_year_id(struct db *db, struct arena *a, long long inst, int year, int create, long long *id)
{
	struct dbp p[] = { PI(inst), PI(year) };
	enum db_status st = query_ll(db, a, ST_PLAN_YEAR_ID, p, 2, id);

	if (st != DB_OK || *id != 0)
		return st;
	if (!create)
		return DB_NOTFOUND;
	if ((st = exec(db, ST_PLAN_YEAR_INSERT, p, 2)) != DB_OK)
		return st;
	*id = (long long)db->insert_id;
	return DB_OK;
}

enum db_status
db_unit_row(struct db *db, struct arena *a, long long inst, long long id, int year,
    struct unit_input *u)
{
	struct dbp p[] = { PI(year > 0 ? year : 9999), PI(inst), PI(id) };
	struct rows rs;
	enum db_status st;

	if ((st = query(db, a, ST_UNIT_ROW, p, 3, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	memset(u, 0, sizeof(*u));
	u->level_id = to_ll(rs.r[0][1]);
	u->number = (int)to_ll(rs.r[0][2]);
	u->name = rs.r[0][3];
	u->active = (int)to_ll(rs.r[0][4]);
	u->first_year = (int)to_ll(rs.r[0][5]);
	u->in_year = to_ll(rs.r[0][6]) != 0;
	u->year = year;
	return DB_OK;
}

enum db_status
db_unit_number_clash(struct db *db, struct arena *a, long long inst, int year, int *number)
{
	struct dbp p[] = { PI(year), PI(inst) };
	long long v;
	enum db_status st = query_ll(db, a, ST_UNIT_NUMBER_CLASH, p, 2, &v);

	*number = (int)v;
	return st;
}

enum db_status
db_unit_base_year(struct db *db, struct arena *a, long long inst, long long id, int *year)
{
	struct dbp p[] = { PI(inst), PI(id) };
	long long v;
	enum db_status st = query_ll(db, a, ST_UNIT_BASE_YEAR, p, 2, &v);

	*year = (int)v;
	return st;
}

enum db_status
db_unit_year_save(struct db *db, long long inst, long long id, int year, const struct unit_input *u)
{
	struct dbp p[] = { PI(inst), PI(id), PI(year), PI(u->level_id), PI(u->number), PS(u->name) };

	return exec(db, ST_UNIT_YEAR_UPSERT, p, 6);
}

enum db_status
db_unit_set_active(struct db *db, long long inst, long long id, int active)
{
	struct dbp p[] = { PI(active), PI(inst), PI(id) };

	return exec(db, ST_UNIT_SET_ACTIVE, p, 3);
}

enum db_status
db_unit_save(struct db *db, long long inst, long long *id, const struct unit_input *u)
{
	if (*id == 0) {
		struct dbp p[] = { PI(inst), PI(u->level_id), PI(u->number), PS(u->name), PI(u->active),
		    PI(u->first_year) };
		enum db_status st = exec(db, ST_UNIT_INSERT, p, 6);

		if (st == DB_OK)
			*id = (long long)db->insert_id;
		return st;
	} else {
		struct dbp p[] = { PI(u->level_id), PI(u->number), PS(u->name), PI(u->active), PI(inst),
		    PI(*id) };

		return exec(db, ST_UNIT_UPDATE, p, 6);
	}
}

enum db_status
db_objective(struct db *db, struct arena *a, long long inst, long long unit, long long py,
    const char *set, const char **get)
{
	if (set != NULL) {
		struct dbp p[] = { PI(inst), PI(unit), PI(py), PS(set) };

		return exec(db, ST_OBJECTIVE_UPSERT, p, 4);
	} else {
		struct dbp p[] = { PI(unit), PI(py) };

		return query_text(db, a, ST_OBJECTIVE_GET, p, 2, get);
	}
}

enum db_status
db_indicator_row(struct db *db, struct arena *a, long long inst, long long id,
    struct indicator_input *m)
{
	struct dbp p[] = { PI(inst), PI(id) };
	struct rows rs;
	enum db_status st;
	char **r;

	if ((st = query(db, a, ST_INDICATOR_ROW, p, 2, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	r = rs.r[0];
	memset(m, 0, sizeof(*m));
	m->unit_id = to_ll(r[1]);
	m->year = (int)to_ll(r[2]);
	m->position = (int)to_ll(r[3]);
	m->code = r[4];
	m->name = r[5];
	m->measure_unit = r[6];
	m->aggregation = r[7][0];
	m->baseline = trim_decimal(a, r[8]);
	m->decimals = (int)to_ll(r[9]);
	m->min = trim_decimal(a, r[10]);
	m->max = trim_decimal(a, r[11]);
	m->active = (int)to_ll(r[12]);
	return DB_OK;
}

enum db_status
db_indicator_values(struct db *db, struct arena *a, long long inst, long long ind,
    struct value_row **out, size_t *n)
{
	struct dbp p[] = { PI(inst), PI(ind) };
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_INDICATOR_VALUES, p, 2, &rs, sizeof(**out), n, &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		struct value_row *v = &(*out)[i];

		v->indicator_id = ind;
		v->period = period_from_text(rs.r[i][0]);
		v->v.present = 1;
		v->v.value = trim_decimal(a, rs.r[i][1]);
	}
	return DB_OK;
}

static const char *
agg_name(char c)
{
	return c == 'l' ? "last" : c == 'a' ? "avg" : "sum";
}

enum db_status
db_indicator_save(struct db *db, long long inst, long long py, long long *id,
    const struct indicator_input *m)
{
	if (*id == 0) {
		struct dbp p[] = { PI(inst), PI(m->unit_id), PI(py), PI(m->position), PS(m->code),
		    PS(m->name), PS(m->measure_unit), PS(agg_name(m->aggregation)), PS(m->baseline),
		    PI(m->decimals), PS(m->min), PS(m->max), PI(m->active) };
		enum db_status st = exec(db, ST_INDICATOR_INSERT, p, 13);

		if (st == DB_OK)
			*id = (long long)db->insert_id;
		return st;
	} else {
		struct dbp p[] = { PI(m->position), PS(m->code), PS(m->name), PS(m->measure_unit),
		    PS(agg_name(m->aggregation)), PS(m->baseline), PI(m->decimals), PS(m->min),
		    PS(m->max), PI(m->active), PI(inst), PI(*id) };

		return exec(db, ST_INDICATOR_UPDATE, p, 12);
	}
}

enum db_status
db_goal_row(struct db *db, struct arena *a, long long inst, long long id, struct goal_input *g)
{
	struct dbp p[] = { PI(inst), PI(id) };
	struct rows rs, links;
	enum db_status st;
	char **r;

	if ((st = query(db, a, ST_GOAL_ROW, p, 2, &rs)) != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	r = rs.r[0];
	memset(g, 0, sizeof(*g));
	g->unit_id = to_ll(r[1]);
	g->year = (int)to_ll(r[2]);
	g->position = (int)to_ll(r[3]);
	g->code = r[4];
	g->text = r[5];
	g->target = trim_decimal(a, r[6]);
	g->target_date = r[7];
	g->active = (int)to_ll(r[8]);
	if ((st = query(db, a, ST_GOAL_LINKED, p, 2, &links)) != DB_OK)
		return st;
	g->indicators = arena_calloc(a, links.n ? links.n : 1, sizeof(long long));
	for (size_t i = 0; i < links.n; i++)
		g->indicators[i] = to_ll(links.r[i][0]);
	g->nindicators = links.n;
	return DB_OK;
}

enum db_status
db_goal_save(struct db *db, long long inst, long long py, long long *id, const struct goal_input *g)
{
	enum db_status st;

	if (*id == 0) {
		struct dbp p[] = { PI(inst), PI(g->unit_id), PI(py), PI(g->position), PS(g->code),
		    PS(g->text), PS(g->target), PS(g->target_date), PI(g->active) };

		if ((st = exec(db, ST_GOAL_INSERT, p, 9)) != DB_OK)
			return st;
		*id = (long long)db->insert_id;
	} else {
		struct dbp p[] = { PI(g->position), PS(g->code), PS(g->text), PS(g->target),
		    PS(g->target_date), PI(g->active), PI(inst), PI(*id) };

		if ((st = exec(db, ST_GOAL_UPDATE, p, 8)) != DB_OK)
			return st;
	}
	{
		struct dbp p[] = { PI(inst), PI(*id) };

		if ((st = exec(db, ST_GOAL_LINKS_CLEAR, p, 2)) != DB_OK)
			return st;
	}
	for (size_t i = 0; i < g->nindicators; i++) {
		struct dbp p[] = { PI(inst), PI(*id), PI(g->indicators[i]) };

		if ((st = exec(db, ST_GOAL_LINK_ADD, p, 3)) != DB_OK)
			return st;
	}
	return DB_OK;
}

enum db_status
db_catalogue_bump(struct db *db, long long inst)
{
	struct dbp p[] = { PI(inst) };

	return exec(db, ST_CATALOGUE_BUMP, p, 1);
}

enum db_status
db_year_rows(struct db *db, struct arena *a, long long py, long long *n)
{
	struct dbp p[] = { PI(py), PI(py), PI(py) };

	return query_ll(db, a, ST_YEAR_ROWS, p, 3, n);
}

enum db_status
db_copy_year(struct db *db, long long inst, long long from, long long to)
{
	struct dbp p[] = { PI(to), PI(inst), PI(from) };
	struct dbp l[] = { PI(to), PI(to), PI(inst), PI(from) };
	enum db_status st;

	if ((st = exec(db, ST_COPY_OBJECTIVES, p, 3)) != DB_OK ||
	    (st = exec(db, ST_COPY_INDICATORS, p, 3)) != DB_OK ||
	    (st = exec(db, ST_COPY_GOALS, p, 3)) != DB_OK)
		return st;
	return exec(db, ST_COPY_LINKS, l, 4);
}

enum db_status
db_unit_items(struct db *db, struct arena *a, long long inst, long long unit, int year,
    struct item_row **out, size_t *n)
{
	struct dbp p[] = { PI(inst), PI(unit), PI(year), PI(inst), PI(unit), PI(year) };
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_UNIT_ITEMS, p, 6, &rs, sizeof(**out), n, &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		struct item_row *it = &(*out)[i];

		it->goal = rs.r[i][0][0] == 'g';
		it->id = to_ll(rs.r[i][1]);
		it->position = (int)to_ll(rs.r[i][2]);
		it->code = rs.r[i][3];
		it->text = rs.r[i][4];
		it->active = (int)to_ll(rs.r[i][5]);
	}
	return DB_OK;
}

/* ---- a4 reports ------------------------------------------------------------ */

enum db_status
db_report_insert(struct db *db, long long inst, const struct report_row *r, long long actor,
    long long *id)
{
	struct dbp p[] = { PI(inst), PS(r->period), PI(r->draft), PS(r->sha256), PI(r->size),
	    PI(r->pages), PB(r->pdf, (size_t)r->size), actor ? PI(actor) : PS(NULL),
	    PS(r->created_by), PS(r->data_period) };
	enum db_status st = exec(db, ST_REPORT_INSERT, p, 10);

	*id = st == DB_OK ? (long long)db->insert_id : 0;
	return st;
}

static void
report_from_row(char **r, struct report_row *out)
{
	memset(out, 0, sizeof(*out));
	out->id = to_ll(r[0]);
	out->period = r[1];
	out->draft = (int)to_ll(r[2]);
	out->sha256 = r[3];
	out->size = to_ll(r[4]);
	out->pages = (int)to_ll(r[5]);
	out->created_by = r[6];
	out->created_at = r[7];
}

enum db_status
db_report_list(struct db *db, struct arena *a, long long inst, const char *period, int limit,
    struct report_row **out, size_t *n)
{
	struct dbp p[] = { PI(inst), PS(period), PS(period), PI(limit) };
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_REPORT_LIST, p, 4, &rs, sizeof(**out), n, &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++)
		report_from_row(rs.r[i], &(*out)[i]);
	return DB_OK;
}

/* The one report row, keeping the PDF's length (row_collect's strings would not). */
struct report_load {
	struct arena		*a;
	struct report_row	*r;
	int			 found;
};

static int
row_report(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	struct report_load *l = arg;
	char *c[8];

	if (n < 9)
		return -1;
	for (unsigned i = 0; i < 8; i++)
		c[i] = isnull[i] ? NULL : arena_strndup(l->a, col[i], len[i]);
	report_from_row(c, l->r);
	if ((unsigned long)l->r->size != len[8])
		l->r->size = (long long)len[8];
	l->r->pdf = arena_strndup(l->a, col[8], len[8]);
	l->found = 1;
	return 0;
}

enum db_status
db_report_get(struct db *db, struct arena *a, long long inst, long long id,
    struct report_row *out)
{
	struct dbp p[] = { PI(inst), PI(id) };
	struct report_load l = { a, out, 0 };
	enum db_status st = run(db, ST_REPORT_GET, p, 2, row_report, &l);

	if (st == DB_OK && !l.found)
		return DB_NOTFOUND;
	return st;
}

enum db_status
db_report_exists(struct db *db, struct arena *a, long long inst, long long id)
{
	struct dbp p[] = { PI(inst), PI(id) };
	long long n;
	enum db_status st = query_ll(db, a, ST_REPORT_EXISTS, p, 2, &n);

	return st == DB_OK && n == 0 ? DB_NOTFOUND : st;
}

/* ---- the open-data files of a report ---------------------------------------- */

enum db_status
db_report_file_insert(struct db *db, long long inst, long long report_id,
    const struct report_file_row *f)
{
	struct dbp p[] = { PI(report_id), PI(inst), PS(f->name), PS(f->content_type),
	    PS(f->sha256), PI(f->size), PB(f->content, (size_t)f->size) };

	return exec(db, ST_REPORT_FILE_INSERT, p, 7);
}

/* The one file row, keeping the content's length (it may hold any byte). */
struct report_file_load {
	struct arena		*a;
	struct report_file_row	*f;
	int			 found;
};

static int
row_report_file(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	struct report_file_load *l = arg;

	if (n < 6 || isnull[0] || isnull[5])
		return -1;
	memset(l->f, 0, sizeof(*l->f));
	l->f->name = arena_strndup(l->a, col[0], len[0]);
	l->f->content_type = arena_strndup(l->a, col[1], len[1]);
	l->f->sha256 = arena_strndup(l->a, col[2], len[2]);
	l->f->period = arena_strndup(l->a, col[4], len[4]);
	l->f->size = (long long)len[5];
	l->f->content = arena_strndup(l->a, col[5], len[5]);
	l->found = 1;
	return 0;
}

enum db_status
db_report_file_get(struct db *db, struct arena *a, long long inst, long long report_id,
    const char *name, struct report_file_row *out)
{
	struct dbp p[] = { PI(inst), PI(report_id), PS(name) };
	struct report_file_load l = { a, out, 0 };
	enum db_status st = run(db, ST_REPORT_FILE_GET, p, 3, row_report_file, &l);

	if (st == DB_OK && !l.found)
		return DB_NOTFOUND;
	return st;
}

enum db_status
db_holidays(struct db *db, struct arena *a, const char *from, const char *to, const char ***out,
    size_t *n)
{
	struct dbp p[] = { PS(from), PS(to) };
	struct rows rs;
	enum db_status st;

	*out = NULL;
	*n = 0;
	if ((st = query(db, a, ST_HOLIDAYS, p, 2, &rs)) != DB_OK)
		return st;
	*out = arena_calloc(a, rs.n ? rs.n : 1, sizeof(char *));
	for (size_t i = 0; i < rs.n; i++)
		(*out)[i] = rs.r[i][0];
	*n = rs.n;
	return DB_OK;
}

enum db_status
db_period_reopened(struct db *db, struct arena *a, long long unit, int period, const char **until)
{
	struct dbp p[] = { PI(unit), PS(period_text(a, period)) };

	return query_text(db, a, ST_PERIOD_REOPENED, p, 2, until);
}

enum db_status
db_period_reopen(struct db *db, struct arena *a, long long unit, int period, const char *until)
{
	struct dbp p[] = { PS(until), PI(unit), PS(period_text(a, period)) };

	return exec(db, ST_PERIOD_REOPEN, p, 3);
}

enum db_status
db_first_open_period(struct db *db, struct arena *a, long long unit, int from, int to, int *out,
    enum period_state *state)
{
	struct dbp p[] = { PI(unit), PS(period_text(a, from)), PS(period_text(a, to)) };
	struct rows rs;
	enum db_status st;
	size_t k = 0;

	*out = 0;
	if ((st = query(db, a, ST_UNIT_PERIODS, p, 3, &rs)) != DB_OK)
		return st;
	for (int per = from; per <= to; per = per % 100 == 12 ? per + 89 : per + 1) {
		enum period_state s = PS_BORRADOR;	/* no row yet: a draft */

		while (k < rs.n && strcmp(rs.r[k][0], period_text(a, per)) < 0)
			k++;
		if (k < rs.n && strcmp(rs.r[k][0], period_text(a, per)) == 0)
			s = state_from(rs.r[k][1]);
		if (s == PS_BORRADOR || s == PS_DEVUELTO) {
			*out = per;
			*state = s;
			break;
		}
	}
	return DB_OK;
}

enum db_status
db_periods_in_state(struct db *db, struct arena *a, long long inst, enum period_state state,
    int from, int to, int **periods, int **counts, size_t *n)
{
	struct dbp p[] = { PI(inst), PS(period_state_name(state)), PS(period_text(a, from)),
	    PS(period_text(a, to)) };
	struct rows rs;
	enum db_status st;

	*n = 0;
	if ((st = query(db, a, ST_PERIODS_IN_STATE, p, 4, &rs)) != DB_OK)
		return st;
	*periods = arena_calloc(a, rs.n ? rs.n : 1, sizeof(int));
	*counts = arena_calloc(a, rs.n ? rs.n : 1, sizeof(int));
	for (size_t i = 0; i < rs.n; i++) {
		(*periods)[i] = period_from_text(rs.r[i][0]);
		(*counts)[i] = (int)to_ll(rs.r[i][1]);
	}
	*n = rs.n;
	return DB_OK;
}

enum db_status
db_units_expected(struct db *db, struct arena *a, long long inst, int year, int *n)
{
	struct dbp p[] = { PI(inst), PI(year) };
	unsigned long long v = 0;
	enum db_status st;

	(void)a;
	st = run(db, ST_UNITS_EXPECTED, p, 2, row_version, &v);
	*n = (int)v;
	return st;
}

enum db_status
db_period_published(struct db *db, struct arena *a, long long inst, int period, int *yes)
{
	struct dbp p[] = { PI(inst), PS(period_text(a, period)) };
	struct rows rs;
	enum db_status st;

	*yes = 0;
	if ((st = query(db, a, ST_PERIOD_PUBLISHED, p, 2, &rs)) != DB_OK)
		return st;
	*yes = rs.n > 0 && to_ll(rs.r[0][0]) > 0;
	return DB_OK;
}

enum db_status
db_contact(struct db *db, struct arena *a, long long inst, const struct contact_input *set,
    struct contact_input *get)
{
	if (set != NULL) {
		struct dbp p[] = { PS(set->gpr_url), PS(set->update_frequency), PS(set->info_unit),
		    PS(set->responsible_name), PS(set->responsible_email), PS(set->responsible_phone),
		    PS(set->empty_text), PS(set->logo_path ? set->logo_path : ""), PI(inst) };

		return exec(db, ST_CONTACT_SET, p, 9);
	} else {
		struct dbp p[] = { PI(inst) };
		struct rows rs;
		enum db_status st;

		if ((st = query(db, a, ST_CONTACT_GET, p, 1, &rs)) != DB_OK)
			return st;
		if (rs.n == 0)
			return DB_NOTFOUND;
		get->gpr_url = rs.r[0][0];
		get->update_frequency = rs.r[0][1];
		get->info_unit = rs.r[0][2];
		get->responsible_name = rs.r[0][3];
		get->responsible_email = rs.r[0][4];
		get->responsible_phone = rs.r[0][5];
		get->empty_text = rs.r[0][6];
		get->logo_path = rs.r[0][7];
		return DB_OK;
	}
}

enum db_status
db_schema_versions(struct db *db, struct arena *a, int **out, size_t *n)
{
	struct rows rs;
	enum db_status st;

	*out = NULL;
	*n = 0;
	if ((st = query(db, a, ST_SCHEMA_VERSIONS, NULL, 0, &rs)) != DB_OK)
		return st;
	*out = arena_calloc(a, rs.n ? rs.n : 1, sizeof(int));
	for (size_t i = 0; i < rs.n; i++)
		(*out)[i] = (int)to_ll(rs.r[i][0]);
	*n = rs.n;
	return DB_OK;
}

int
db_connected(const struct db *db)
{
	return db->connected;
}

/* ---- signed revisions and publications ---------------------------------------- */

static void
signature_from_row(char **r, struct signature_row *o)
{
	memset(o, 0, sizeof(*o));
	o->id = to_ll(r[0]);
	o->report_id = to_ll(r[1]);
	o->seq = (int)to_ll(r[2]);
	o->signatures = (int)to_ll(r[3]);
	o->method = r[4];
	o->signer_name = r[5];
	o->signer_subject = r[6];
	o->signer_issuer = r[7];
	o->signer_serial = r[8];
	o->signed_at = r[9];
	o->sha256 = r[10];
	o->size = to_ll(r[11]);
	o->created_by = r[12];
	o->created_at = r[13];
}

#define SIG_NCOLS	14

struct signature_load {
	struct arena		*a;
	struct signature_row	*r;
	int			 found;
};

static int
row_signature(void *arg, char **col, unsigned long *len, int *isnull, unsigned n)
{
	struct signature_load *l = arg;
	char *c[SIG_NCOLS];

	if (n < SIG_NCOLS + 1)
		return -1;
	for (unsigned i = 0; i < SIG_NCOLS; i++)
		c[i] = isnull[i] ? NULL : arena_strndup(l->a, col[i], len[i]);
	signature_from_row(c, l->r);
	l->r->size = (long long)len[SIG_NCOLS];
	l->r->pdf = arena_strndup(l->a, col[SIG_NCOLS], len[SIG_NCOLS]);
	l->found = 1;
	return 0;
}

static enum db_status
signature_one(struct db *db, struct arena *a, enum stmt id, long long inst, long long key,
    struct signature_row *out)
{
	struct dbp p[] = { PI(inst), PI(key) };
	struct signature_load l = { a, out, 0 };
	enum db_status st = run(db, id, p, 2, row_signature, &l);

	if (st == DB_OK && !l.found)
		return DB_NOTFOUND;
	return st;
}

enum db_status
db_signature_latest(struct db *db, struct arena *a, long long inst, long long report_id,
    struct signature_row *out)
{
	return signature_one(db, a, ST_SIG_LATEST, inst, report_id, out);
}

enum db_status
db_signature_get(struct db *db, struct arena *a, long long inst, long long id,
    struct signature_row *out)
{
	return signature_one(db, a, ST_SIG_GET, inst, id, out);
}

enum db_status
db_signature_list(struct db *db, struct arena *a, long long inst, long long report_id, int limit,
    struct signature_row **out, size_t *n)
{
	struct dbp p[] = { PI(inst), PI(report_id), PI(report_id), PI(limit) };
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_SIG_LIST, p, 4, &rs, sizeof(**out), n, &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++)
		signature_from_row(rs.r[i], &(*out)[i]);
	return DB_OK;
}

enum db_status
db_signature_insert(struct db *db, long long inst, const struct signature_row *s,
    long long actor, long long *id)
{
	struct dbp p[] = { PI(inst), PI(s->report_id), PI(s->seq), PI(s->signatures), PS(s->method),
	    PS(s->signer_name), PS(s->signer_subject), PS(s->signer_issuer), PS(s->signer_serial),
	    PS(s->signed_at), PS(s->sha256), PI(s->size), PB(s->pdf, (size_t)s->size),
	    actor ? PI(actor) : PS(NULL), PS(s->created_by) };
	enum db_status st = exec(db, ST_SIG_INSERT, p, 15);

	*id = st == DB_OK ? (long long)db->insert_id : 0;
	return st;
}

enum db_status
db_publication_next_version(struct db *db, struct arena *a, long long inst, const char *period,
    int *version)
{
	struct dbp p[] = { PI(inst), PS(period) };
	long long v;
	enum db_status st = query_ll(db, a, ST_PUB_NEXT_VERSION, p, 2, &v);

	*version = (int)v;
	return st;
}

enum db_status
db_publication_insert(struct db *db, long long inst, const struct publication_row *r,
    long long actor, long long *id)
{
	struct dbp p[] = { PI(inst), PS(r->period), PI(r->version), PS(r->kind),
	    PS(r->reason ? r->reason : ""), PI(r->report_id), PS(r->dataset_sha256),
	    actor ? PI(actor) : PS(NULL), PS(r->published_by), PI(inst), PI(r->signature_id),
	    PI(r->report_id) };
	enum db_status st = exec(db, ST_PUB_INSERT, p, 12);

	if (st == DB_OK && db->affected == 0)
		return DB_NOTFOUND;
	*id = st == DB_OK ? (long long)db->insert_id : 0;
	return st;
}

static void
publication_from_row(char **r, struct publication_row *o)
{
	memset(o, 0, sizeof(*o));
	o->id = to_ll(r[0]);
	o->period = r[1];
	o->version = (int)to_ll(r[2]);
	o->kind = r[3];
	o->reason = r[4];
	o->report_id = to_ll(r[5]);
	o->signature_id = to_ll(r[6]);
	o->sha256 = r[7];
	o->dataset_sha256 = r[8];
	o->report_sha256 = r[9];
	o->signer_name = r[10];
	o->signed_at = r[11];
	o->published_by = r[12];
	o->published_at = r[13];
	o->signatures = (int)to_ll(r[14]);
	o->size = to_ll(r[15]);
	o->published_date = r[16];
	o->data_period = r[17];
}

static enum db_status
publication_rows(struct db *db, struct arena *a, enum stmt id, const struct dbp *p, unsigned np,
    struct publication_row **out, size_t *n)
{
	struct rows rs;
	enum db_status st;

	*out = NULL;
	*n = 0;
	if ((st = query(db, a, id, p, np, &rs)) != DB_OK)
		return st;
	*out = arena_calloc(a, rs.n ? rs.n : 1, sizeof(**out));
	for (size_t i = 0; i < rs.n; i++)
		publication_from_row(rs.r[i], &(*out)[i]);
	*n = rs.n;
	return DB_OK;
}

enum db_status
db_publication_list(struct db *db, struct arena *a, long long inst, const char *period,
    struct publication_row **out, size_t *n)
{
	struct dbp p[] = { PI(inst), PS(period), PS(period) };

	return publication_rows(db, a, ST_PUB_LIST, p, 3, out, n);
}

enum db_status
db_publication_find(struct db *db, struct arena *a, long long inst, const char *sha256,
    struct publication_row **out, size_t *n)
{
	struct dbp p[] = { PI(inst), PS(sha256), PS(sha256) };

	return publication_rows(db, a, ST_PUB_FIND, p, 3, out, n);
}

/* ---- institutions of the deployment ------------------------------------- */

enum db_status
db_tenant_names(struct db *db, struct arena *a, int hosts, struct tenant_name **out, size_t *n)
{
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, hosts ? ST_TENANT_HOSTS : ST_TENANT_SLUGS, NULL, 0, &rs,
	    sizeof(**out), n, &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		(*out)[i].id = to_ll(rs.r[i][0]);
		(*out)[i].name = rs.r[i][1] ? rs.r[i][1] : "";
	}
	return DB_OK;
}

enum db_status
db_institutions_list(struct db *db, struct arena *a, struct institution_row **out, size_t *n)
{
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_INSTITUTIONS_LIST, NULL, 0, &rs, sizeof(**out), n,
	    &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		struct institution_row *r = &(*out)[i];

		r->id = to_ll(rs.r[i][0]);
		r->slug = rs.r[i][1];
		r->name = rs.r[i][2];
		r->short_name = rs.r[i][3];
		r->is_demo = to_ll(rs.r[i][4]) != 0;
		r->created_at = rs.r[i][5] ? rs.r[i][5] : "";
		r->hosts = rs.r[i][6] ? rs.r[i][6] : "";
		r->users = to_ll(rs.r[i][7]);
	}
	return DB_OK;
}

enum db_status
db_institution_insert(struct db *db, const char *slug, const char *name, const char *short_name,
    long long *id)
{
	struct dbp p[] = { PS(slug), PS(name), PS(short_name) };
	enum db_status st = exec(db, ST_INSTITUTION_INSERT, p, 3);

	*id = st == DB_OK ? (long long)db->insert_id : 0;
	return st;
}

enum db_status
db_host_insert(struct db *db, const char *host, long long inst)
{
	struct dbp p[] = { PS(host), PI(inst) };

	return exec(db, ST_HOST_INSERT, p, 2);
}

enum db_status
db_level_insert(struct db *db, long long inst, int position, const char *name)
{
	struct dbp p[] = { PI(inst), PI(position), PS(name) };

	return exec(db, ST_LEVEL_INSERT, p, 3);
}

enum db_status
db_user_superadmin(struct db *db, struct arena *a, long long inst, long long user, int *yes)
{
	struct dbp p[] = { PI(inst), PI(user) };
	long long v;
	enum db_status st = query_ll(db, a, ST_USER_SUPERADMIN, p, 2, &v);

	*yes = st == DB_OK && v != 0;
	return st;
}

enum db_status
db_user_set_superadmin(struct db *db, long long inst, long long user, int on)
{
	struct dbp p[] = { PI(on ? 1 : 0), PI(inst), PI(user) };
	enum db_status st = exec(db, ST_USER_SET_SUPERADMIN, p, 3);

	return st == DB_OK && db->affected == 0 ? DB_NOTFOUND : st;
}

enum db_status
db_institution_name(struct db *db, struct arena *a, long long inst, const char **name)
{
	struct dbp p[] = { PI(inst) };
	struct rows rs;
	enum db_status st = query(db, a, ST_INST_NAME, p, 1, &rs);

	*name = NULL;
	if (st != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	*name = rs.r[0][0];
	return DB_OK;
}

/* ---- national holidays (holiday.c) ---------------------------------------- */

enum db_status
db_holiday_list(struct db *db, struct arena *a, int year, struct holiday_row **out, size_t *n)
{
	const char *from = year ? arena_printf(a, "%04d-01-01", year) : "1000-01-01";
	const char *to = year ? arena_printf(a, "%04d-12-31", year) : "9999-12-31";
	struct dbp p[] = { PS(from), PS(to) };
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_HOLIDAY_LIST, p, 2, &rs, sizeof(**out), n, &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		(*out)[i].day = rs.r[i][0];
		(*out)[i].name = rs.r[i][1];
	}
	return DB_OK;
}

enum db_status
db_holiday_years(struct db *db, struct arena *a, struct holiday_year **out, size_t *n)
{
	struct rows rs;
	enum db_status st;

	if ((*out = query_array(db, a, ST_HOLIDAY_YEARS, NULL, 0, &rs, sizeof(**out), n,
	    &st)) == NULL)
		return st;
	for (size_t i = 0; i < rs.n; i++) {
		(*out)[i].year = (int)to_ll(rs.r[i][0]);
		(*out)[i].days = (int)to_ll(rs.r[i][1]);
	}
	return DB_OK;
}

enum db_status
db_holiday_get(struct db *db, struct arena *a, const char *day, int lock, const char **name)
{
	struct dbp p[] = { PS(day) };
	struct rows rs;
	enum db_status st = query(db, a, lock ? ST_HOLIDAY_GET_LOCK : ST_HOLIDAY_GET, p, 1, &rs);

	*name = NULL;
	if (st != DB_OK)
		return st;
	if (rs.n == 0)
		return DB_NOTFOUND;
	*name = rs.r[0][0];
	return DB_OK;
}

enum db_status
db_holiday_insert(struct db *db, const char *day, const char *name)
{
	struct dbp p[] = { PS(day), PS(name) };

	return exec(db, ST_HOLIDAY_INSERT, p, 2);
}

enum db_status
db_holiday_delete(struct db *db, const char *day)
{
	struct dbp p[] = { PS(day) };
	enum db_status st = exec(db, ST_HOLIDAY_DELETE, p, 1);

	return st == DB_OK && db->affected == 0 ? DB_NOTFOUND : st;
}
