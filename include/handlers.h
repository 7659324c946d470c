/*
 * HTTP handlers: glue between requests and the service functions.
 */
#ifndef METAS_HANDLERS_H
#define METAS_HANDLERS_H

struct ctx;
struct actor;

void	h_matrix(struct ctx *);		/* GET /: the public a4 matrix */
void	h_healthz(struct ctx *);	/* GET /healthz */
void	h_metrics(struct ctx *);	/* GET /metrics (handlers_ops.c), loopback only */

/* handlers_auth.c: login, logout, own account; API session and me */
void	h_login_form(struct ctx *);
void	h_login_post(struct ctx *);
void	h_logout(struct ctx *);
void	h_panel(struct ctx *);
void	h_account(struct ctx *);
void	h_password_form(struct ctx *);
void	h_password_post(struct ctx *);
void	h_session_close(struct ctx *);
void	h_api_login(struct ctx *);
void	h_api_logout(struct ctx *);
void	h_api_me(struct ctx *);
void	h_api_me_password(struct ctx *);
void	h_api_me_sessions(struct ctx *);
void	h_api_me_session_close(struct ctx *);
void	h_api_units(struct ctx *);

/* handlers_admin.c: users and the audit trail */
void	h_users(struct ctx *);
void	h_user_new(struct ctx *);
void	h_user_create(struct ctx *);
void	h_user_edit(struct ctx *);
void	h_user_update(struct ctx *);
void	h_user_password(struct ctx *);
void	h_audit(struct ctx *);
void	h_api_users(struct ctx *);
void	h_api_user_create(struct ctx *);
void	h_api_user(struct ctx *);
void	h_api_user_update(struct ctx *);
void	h_api_user_password(struct ctx *);
void	h_api_audit(struct ctx *);

/* handlers_monthly.c: the monthly form, the dashboard, the workflow */
void	h_month(struct ctx *);
void	h_month_post(struct ctx *);
void	h_month_approve(struct ctx *);
void	h_month_return(struct ctx *);
void	h_month_reopen(struct ctx *);
void	h_dashboard(struct ctx *);
void	h_indicator(struct ctx *);
void	h_evidence(struct ctx *);
void	h_api_evidence_delete(struct ctx *);
void	h_api_month(struct ctx *);
void	h_api_value_put(struct ctx *);
void	h_api_submit(struct ctx *);
void	h_api_approve(struct ctx *);
void	h_api_return(struct ctx *);
void	h_api_reopen(struct ctx *);

/* handlers_catalogue.c: catalogue management */
void	h_catalogue(struct ctx *);
void	h_unit_new(struct ctx *);
void	h_unit_edit(struct ctx *);
void	h_unit_create(struct ctx *);
void	h_unit_update(struct ctx *);
void	h_indicator_new(struct ctx *);
void	h_catalogue_indicator(struct ctx *);
void	h_indicator_create(struct ctx *);
void	h_indicator_update(struct ctx *);
void	h_goal_new(struct ctx *);
void	h_catalogue_goal(struct ctx *);
void	h_goal_create(struct ctx *);
void	h_goal_update(struct ctx *);
void	h_copy_year(struct ctx *);
void	h_catalogue_move(struct ctx *);
void	h_api_unit_create(struct ctx *);
void	h_api_unit_update(struct ctx *);
void	h_api_indicator_create(struct ctx *);
void	h_api_indicator_update(struct ctx *);
void	h_api_goal_create(struct ctx *);
void	h_api_goal_update(struct ctx *);
void	h_api_copy_year(struct ctx *);
void	h_api_unit_move(struct ctx *);
void	h_api_indicator_move(struct ctx *);
void	h_api_goal_move(struct ctx *);
void	h_contact(struct ctx *);
void	h_contact_post(struct ctx *);
void	h_api_contact(struct ctx *);
void	h_api_contact_put(struct ctx *);

/* handlers_reports.c: the a4 report as PDF (officers and administrators) */
void	h_reports(struct ctx *);
void	h_report_create(struct ctx *);
void	h_report_view(struct ctx *);
void	h_api_reports(struct ctx *);
void	h_api_report_create(struct ctx *);
void	h_api_report_pdf(struct ctx *);
void	h_api_report_file(struct ctx *);

/* handlers_publication.c: signing, publication, the public portal */
void	h_report_page(struct ctx *);
void	h_report_sign(struct ctx *);
void	h_report_signed(struct ctx *);
void	h_report_publish(struct ctx *);
void	h_publish_unchanged(struct ctx *);
void	h_api_report_sign(struct ctx *);
void	h_api_report_signed(struct ctx *);
void	h_api_report_publish(struct ctx *);
void	h_api_report_signatures(struct ctx *);
void	h_api_signature_pdf(struct ctx *);
void	h_api_publish_unchanged(struct ctx *);
void	h_api_publications(struct ctx *);
void	h_transparency(struct ctx *);
void	h_transparency_redirect(struct ctx *);
void	h_verify_sha(struct ctx *);
void	h_verify_form(struct ctx *);
void	h_verify_upload(struct ctx *);

/* handlers_institutions.c: the deployment's institutions (super-administrator) */
void	h_institutions(struct ctx *);
void	h_institution_create(struct ctx *);
void	h_api_institutions(struct ctx *);
void	h_api_institution_create(struct ctx *);

/* handlers_holidays.c: the national holidays (read by officers, kept by the operator) */
void	h_holidays(struct ctx *);
void	h_holiday_create(struct ctx *);
void	h_holiday_delete(struct ctx *);

/* The acting user for audit rows (the session's user and the client address). */
void	ctx_actor(struct ctx *, struct actor *);
struct user;
struct cJSON;
/* The API's JSON image of a user (never the password hash). */
struct cJSON	*user_to_json(const struct user *);
/* The database-unavailable answer (503), shared by handlers. */
void	answer_unavailable(struct ctx *);

#endif
