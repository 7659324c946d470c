/*
 * The route table of metasd. Every route declares who may call it;
 * route_table_check() refuses to start with one that does not.
 * Mutations of non-public routes need the session's CSRF token (checked
 * by the dispatcher); public mutations must do their own (ROUTE_OWN_CSRF).
 */
#include "config.h"

#include "handlers.h"
#include "route.h"

#define ADMIN	ROLE_ADMIN
#define USER	ROLE_USER
#define PUBLIC	ROLE_PUBLIC
#define PWOK	ROUTE_PW_CHANGE_OK
#define OFFICER	(ROLE_TRANSPARENCIA | ROLE_ADMIN)
#define ENTRY	(ROLE_JEFE | ROLE_TRANSPARENCIA | ROLE_ADMIN)
#define SUPER	ROLE_SUPERADMIN

const struct route routes[] = {
	/* public */
	{ METHOD_GET,	 "/",				h_matrix,		PUBLIC,	"matrix", 0 },
	{ METHOD_GET,	 "/healthz",			h_healthz,		PUBLIC,	"health", 0 },
	{ METHOD_GET,	 "/metrics",			h_metrics,		PUBLIC,	"metrics", 0 },
	{ METHOD_GET,	 "/login",			h_login_form,		PUBLIC,	"login", 0 },
	{ METHOD_POST,	 "/login",			h_login_post,		PUBLIC,	"login", ROUTE_OWN_CSRF },
	{ METHOD_POST,	 "/api/v1/session",		h_api_login,		PUBLIC,	"api_session", ROUTE_OWN_CSRF },
	/* the transparency portal: published reports, verification (a read-only upload) */
	{ METHOD_GET,	 "/transparencia",		h_transparency_redirect, PUBLIC, "portal", 0 },
	{ METHOD_GET,	 "/transparencia/",		h_transparency,		PUBLIC,	"portal", 0 },
	{ METHOD_GET,	 "/transparencia/verificar",	h_verify_form,		PUBLIC,	"portal_verify", 0 },
	{ METHOD_POST,	 "/transparencia/verificar",	h_verify_upload,	PUBLIC,	"portal_verify", ROUTE_OWN_CSRF | ROUTE_UPLOAD },
	{ METHOD_GET,	 "/transparencia/verificar/{sha256}", h_verify_sha,	PUBLIC,	"portal_verify", 0 },
	{ METHOD_GET,	 "/api/v1/publications",	h_api_publications,	PUBLIC,	"api_publications", 0 },

	/* any logged-in user */
	{ METHOD_POST,	 "/logout",			h_logout,		USER,	"login", PWOK },
	{ METHOD_GET,	 "/panel",			h_panel,		USER,	"panel", 0 },
	{ METHOD_GET,	 "/cuenta",			h_account,		USER,	"account", PWOK },
	{ METHOD_GET,	 "/cuenta/clave",		h_password_form,	USER,	"account", PWOK },
	{ METHOD_POST,	 "/cuenta/clave",		h_password_post,	USER,	"account", PWOK },
	{ METHOD_POST,	 "/cuenta/sesiones/{id}/cerrar", h_session_close,	USER,	"account", PWOK },
	{ METHOD_DELETE, "/api/v1/session",		h_api_logout,		USER,	"api_session", PWOK },
	{ METHOD_GET,	 "/api/v1/me",			h_api_me,		USER,	"api_me", PWOK },
	{ METHOD_POST,	 "/api/v1/me/password",		h_api_me_password,	USER,	"api_me", PWOK },
	{ METHOD_GET,	 "/api/v1/me/sessions",		h_api_me_sessions,	USER,	"api_me", PWOK },
	{ METHOD_DELETE, "/api/v1/me/sessions/{id}",	h_api_me_session_close,	USER,	"api_me", PWOK },
	{ METHOD_GET,	 "/api/v1/units",		h_api_units,		USER,	"api_units", 0 },

	/* monthly data entry: unit heads (their units), officers and administrators (all) */
	{ METHOD_GET,	 "/unidades/{id}/{period}",	h_month,		ENTRY,	"month", ROUTE_PREFETCH_MONTH },
	{ METHOD_POST,	 "/unidades/{id}/{period}",	h_month_post,		ENTRY,	"month", ROUTE_UPLOAD },
	{ METHOD_GET,	 "/evidencias/{id}",		h_evidence,		ENTRY,	"evidence", 0 },
	{ METHOD_POST,	 "/unidades/{id}/{period}/aprobar", h_month_approve,	OFFICER, "month", 0 },
	{ METHOD_POST,	 "/unidades/{id}/{period}/devolver", h_month_return,	OFFICER, "month", 0 },
	{ METHOD_POST,	 "/unidades/{id}/{period}/reabrir", h_month_reopen,	OFFICER, "month", 0 },
	{ METHOD_GET,	 "/meses/{period}",		h_dashboard,		OFFICER, "dashboard", 0 },
	{ METHOD_GET,	 "/indicadores/{id}",		h_indicator,		ENTRY,	"indicator", 0 },
	{ METHOD_GET,	 "/api/v1/units/{id}/periods/{period}", h_api_month,	ENTRY,	"api_month", ROUTE_PREFETCH_MONTH },
	{ METHOD_PUT,	 "/api/v1/indicators/{id}/values/{period}", h_api_value_put, ENTRY, "api_month", ROUTE_PREFETCH_VALUE },
	{ METHOD_POST,	 "/api/v1/units/{id}/periods/{period}/submit", h_api_submit, ENTRY, "api_month", 0 },
	{ METHOD_POST,	 "/api/v1/units/{id}/periods/{period}/approve", h_api_approve, OFFICER, "api_month", 0 },
	{ METHOD_POST,	 "/api/v1/units/{id}/periods/{period}/return", h_api_return, OFFICER, "api_month", 0 },
	{ METHOD_POST,	 "/api/v1/units/{id}/periods/{period}/reopen", h_api_reopen, OFFICER, "api_month", 0 },
	{ METHOD_DELETE, "/api/v1/evidence/{id}",	h_api_evidence_delete,	ENTRY,	"api_month", 0 },

	/* catalogue: officers and administrators */
	{ METHOD_GET,	 "/catalogo",			h_catalogue,		OFFICER, "catalogue", 0 },
	{ METHOD_GET,	 "/catalogo/unidades/nueva",	h_unit_new,		OFFICER, "catalogue", 0 },
	{ METHOD_POST,	 "/catalogo/unidades",		h_unit_create,		OFFICER, "catalogue", 0 },
	{ METHOD_GET,	 "/catalogo/unidades/{id}",	h_unit_edit,		OFFICER, "catalogue", 0 },
	{ METHOD_POST,	 "/catalogo/unidades/{id}",	h_unit_update,		OFFICER, "catalogue", 0 },
	{ METHOD_GET,	 "/catalogo/indicadores/nuevo",	h_indicator_new,	OFFICER, "catalogue", 0 },
	{ METHOD_POST,	 "/catalogo/indicadores",	h_indicator_create,	OFFICER, "catalogue", 0 },
	{ METHOD_GET,	 "/catalogo/indicadores/{id}",	h_catalogue_indicator,	OFFICER, "catalogue", 0 },
	{ METHOD_POST,	 "/catalogo/indicadores/{id}",	h_indicator_update,	OFFICER, "catalogue", 0 },
	{ METHOD_GET,	 "/catalogo/metas/nueva",	h_goal_new,		OFFICER, "catalogue", 0 },
	{ METHOD_POST,	 "/catalogo/metas",		h_goal_create,		OFFICER, "catalogue", 0 },
	{ METHOD_GET,	 "/catalogo/metas/{id}",	h_catalogue_goal,	OFFICER, "catalogue", 0 },
	{ METHOD_POST,	 "/catalogo/metas/{id}",	h_goal_update,		OFFICER, "catalogue", 0 },
	{ METHOD_POST,	 "/catalogo/copiar",		h_copy_year,		OFFICER, "catalogue", 0 },
	{ METHOD_POST,	 "/catalogo/mover",		h_catalogue_move,	OFFICER, "catalogue", 0 },
	{ METHOD_GET,	 "/ajustes",			h_contact,		OFFICER, "settings", 0 },
	{ METHOD_POST,	 "/ajustes",			h_contact_post,		OFFICER, "settings", 0 },
	{ METHOD_GET,	 "/api/v1/settings/contact",	h_api_contact,		OFFICER, "api_settings", 0 },
	{ METHOD_PUT,	 "/api/v1/settings/contact",	h_api_contact_put,	OFFICER, "api_settings", 0 },
	{ METHOD_POST,	 "/api/v1/units",		h_api_unit_create,	OFFICER, "api_catalogue", 0 },
	{ METHOD_PATCH,	 "/api/v1/units/{id}",		h_api_unit_update,	OFFICER, "api_catalogue", 0 },
	{ METHOD_POST,	 "/api/v1/indicators",		h_api_indicator_create,	OFFICER, "api_catalogue", 0 },
	{ METHOD_PATCH,	 "/api/v1/indicators/{id}",	h_api_indicator_update,	OFFICER, "api_catalogue", 0 },
	{ METHOD_POST,	 "/api/v1/goals",		h_api_goal_create,	OFFICER, "api_catalogue", 0 },
	{ METHOD_PATCH,	 "/api/v1/goals/{id}",		h_api_goal_update,	OFFICER, "api_catalogue", 0 },
	{ METHOD_POST,	 "/api/v1/plan-years/{id}/copy", h_api_copy_year,	OFFICER, "api_catalogue", 0 },
	{ METHOD_POST,	 "/api/v1/units/{id}/move",	h_api_unit_move,	OFFICER, "api_catalogue", 0 },
	{ METHOD_POST,	 "/api/v1/indicators/{id}/move", h_api_indicator_move,	OFFICER, "api_catalogue", 0 },
	{ METHOD_POST,	 "/api/v1/goals/{id}/move",	h_api_goal_move,	OFFICER, "api_catalogue", 0 },

	/* the a4 report as PDF: officers and administrators */
	{ METHOD_GET,	 "/informes",			h_reports,		OFFICER, "reports", 0 },
	{ METHOD_POST,	 "/informes",			h_report_create,	OFFICER, "reports", 0 },
	{ METHOD_GET,	 "/informes/{id}/pdf",		h_report_view,		OFFICER, "reports", 0 },
	{ METHOD_GET,	 "/api/v1/reports",		h_api_reports,		OFFICER, "api_reports", 0 },
	{ METHOD_POST,	 "/api/v1/reports",		h_api_report_create,	OFFICER, "api_reports", 0 },
	{ METHOD_GET,	 "/api/v1/reports/{id}/pdf",	h_api_report_pdf,	OFFICER, "api_reports", 0 },

	/* signing and publication: officers and administrators */
	{ METHOD_GET,	 "/informes/{id}",		h_report_page,		OFFICER, "publication", 0 },
	{ METHOD_POST,	 "/informes/{id}/firmar",	h_report_sign,		OFFICER, "publication", ROUTE_UPLOAD },
	{ METHOD_POST,	 "/informes/{id}/firmado",	h_report_signed,	OFFICER, "publication", ROUTE_UPLOAD },
	{ METHOD_POST,	 "/informes/{id}/publicar",	h_report_publish,	OFFICER, "publication", 0 },
	{ METHOD_POST,	 "/informes/sin-cambios",	h_publish_unchanged,	OFFICER, "publication", 0 },
	{ METHOD_POST,	 "/api/v1/reports/{id}/sign",	h_api_report_sign,	OFFICER, "api_publication", ROUTE_UPLOAD },
	{ METHOD_POST,	 "/api/v1/reports/{id}/signed",	h_api_report_signed,	OFFICER, "api_publication", ROUTE_UPLOAD },
	{ METHOD_POST,	 "/api/v1/reports/{id}/publish", h_api_report_publish,	OFFICER, "api_publication", 0 },
	{ METHOD_GET,	 "/api/v1/reports/{id}/signatures", h_api_report_signatures, OFFICER, "api_publication", 0 },
	{ METHOD_GET,	 "/api/v1/signatures/{id}/pdf",	h_api_signature_pdf,	OFFICER, "api_publication", 0 },
	{ METHOD_POST,	 "/api/v1/publications/unchanged", h_api_publish_unchanged, OFFICER, "api_publication", 0 },
	/* its open-data files (opendata.h): the four names, anything else is 404 */
	{ METHOD_GET,	 "/api/v1/reports/{id}/files/datos.csv", h_api_report_file, OFFICER, "api_reports", 0 },
	{ METHOD_GET,	 "/api/v1/reports/{id}/files/metadatos.csv", h_api_report_file, OFFICER, "api_reports", 0 },
	{ METHOD_GET,	 "/api/v1/reports/{id}/files/diccionario.csv", h_api_report_file, OFFICER, "api_reports", 0 },
	{ METHOD_GET,	 "/api/v1/reports/{id}/files/datos.json", h_api_report_file, OFFICER, "api_reports", 0 },

	/* administrators */
	{ METHOD_GET,	 "/admin/usuarios",		h_users,		ADMIN,	"admin_users", 0 },
	{ METHOD_POST,	 "/admin/usuarios",		h_user_create,		ADMIN,	"admin_users", 0 },
	{ METHOD_GET,	 "/admin/usuarios/nuevo",	h_user_new,		ADMIN,	"admin_users", 0 },
	{ METHOD_GET,	 "/admin/usuarios/{id}",	h_user_edit,		ADMIN,	"admin_users", 0 },
	{ METHOD_POST,	 "/admin/usuarios/{id}",	h_user_update,		ADMIN,	"admin_users", 0 },
	{ METHOD_POST,	 "/admin/usuarios/{id}/clave",	h_user_password,	ADMIN,	"admin_users", 0 },
	{ METHOD_GET,	 "/admin/auditoria",		h_audit,		ADMIN,	"admin_audit", 0 },
	{ METHOD_GET,	 "/api/v1/users",		h_api_users,		ADMIN,	"api_users", 0 },
	{ METHOD_POST,	 "/api/v1/users",		h_api_user_create,	ADMIN,	"api_users", 0 },
	{ METHOD_GET,	 "/api/v1/users/{id}",		h_api_user,		ADMIN,	"api_users", 0 },
	{ METHOD_PATCH,	 "/api/v1/users/{id}",		h_api_user_update,	ADMIN,	"api_users", 0 },
	{ METHOD_POST,	 "/api/v1/users/{id}/password",	h_api_user_password,	ADMIN,	"api_users", 0 },
	{ METHOD_GET,	 "/api/v1/audit",		h_api_audit,		ADMIN,	"api_audit", 0 },

	/* the deployment's operator: institutions (listing and creation only) */
	{ METHOD_GET,	 "/instituciones",		h_institutions,		SUPER,	"institutions", 0 },
	{ METHOD_POST,	 "/instituciones",		h_institution_create,	SUPER,	"institutions", 0 },
	{ METHOD_GET,	 "/api/v1/institutions",	h_api_institutions,	SUPER,	"api_institutions", 0 },
	{ METHOD_POST,	 "/api/v1/institutions",	h_api_institution_create, SUPER, "api_institutions", 0 },

	/*
	 * national holidays: every deadline of the deployment depends on them;
	 * officers and administrators read them, only the operator changes them
	 */
	{ METHOD_GET,	 "/feriados",			h_holidays,		OFFICER | SUPER, "holidays", 0 },
	{ METHOD_POST,	 "/feriados",			h_holiday_create,	SUPER,	"holidays", 0 },
	{ METHOD_POST,	 "/feriados/borrar",		h_holiday_delete,	SUPER,	"holidays", 0 },
};

const size_t nroutes = sizeof(routes) / sizeof(routes[0]);
