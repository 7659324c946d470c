/*
 * metasd: the FastCGI master. Opens the unix socket, drops privileges when
 * started as root, forks the workers and keeps them running:
 *   SIGCHLD  a worker died: start another (after a pause if it died young)
 *   SIGHUP   re-read the configuration, replace workers one by one
 *            (each old worker finishes its request first)
 *   SIGTERM  stop the workers (SIGKILL after shutdown_timeout) and exit
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "arena.h"
#include "auth.h"
#include "conf.h"
#include "epoch.h"
#include "db.h"
#include "evidence.h"
#include "publish.h"
#include "log.h"
#include "metrics.h"
#include "migrate.h"
#include "route.h"
#include "worker.h"

#ifndef METAS_SYSCONFDIR
#define METAS_SYSCONFDIR "/etc"
#endif

struct slot {
	pid_t	pid;
	time_t	started;
	time_t	restart_at;	/* 0: running or not scheduled */
};

static struct conf conf;
static struct slot *slots;
static int nslots;
static int listen_fd = -1;
static int evidence_fd = -1;
static unsigned long restarts;

/* The usage line: on stdout with status 0 when asked for, else on stderr. */
static void usage(int) __attribute__((noreturn));

static void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr,
	    "uso: metasd [-c archivo] [--check-config] [--list-routes] [--upload-limit]\n");
	exit(status);
}

/*
 * --list-routes: the route table, one route a line: "METHOD PATTERN ROLES
 * FLAGS CLASS", roles and flags as comma-separated names ("-" for none).
 * Tests read it so that a route added later is covered without editing them.
 */
static int
list_routes(void)
{
	static const struct { unsigned bit; const char *name; } roles_n[] = {
		{ ROLE_PUBLIC, "public" }, { ROLE_USER, "user" }, { ROLE_ADMIN, "admin" },
		{ ROLE_TRANSPARENCIA, "transparencia" }, { ROLE_JEFE, "jefe" },
		{ ROLE_SUPERADMIN, "superadmin" },
	}, flags_n[] = {
		{ ROUTE_PW_CHANGE_OK, "pw_change_ok" }, { ROUTE_OWN_CSRF, "own_csrf" },
		{ ROUTE_UPLOAD, "upload" }, { ROUTE_PREFETCH_MONTH, "prefetch_month" },
		{ ROUTE_PREFETCH_VALUE, "prefetch_value" },
	};

	for (size_t i = 0; i < nroutes; i++) {
		int first = 1;

		printf("%s %s ", http_method_name(routes[i].method), routes[i].pattern);
		for (size_t k = 0; k < sizeof(roles_n) / sizeof(roles_n[0]); k++)
			if (routes[i].roles & roles_n[k].bit) {
				printf("%s%s", first ? "" : ",", roles_n[k].name);
				first = 0;
			}
		printf("%s ", first ? "-" : "");
		first = 1;
		for (size_t k = 0; k < sizeof(flags_n) / sizeof(flags_n[0]); k++)
			if (routes[i].flags & flags_n[k].bit) {
				printf("%s%s", first ? "" : ",", flags_n[k].name);
				first = 0;
			}
		printf("%s %s\n", first ? "-" : "", routes[i].class);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

/* 1 when something already accepts connections on path. */
static int
socket_in_use(const char *path)
{
	struct sockaddr_un sun;
	int fd, used;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path) >= (int)sizeof(sun.sun_path))
		return 0;
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		return 0;
	used = connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0;
	close(fd);
	return used;
}

static int
open_socket(void)
{
	struct stat st;
	mode_t old;

	if (strlen(conf.socket) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
		log_msg(LOG_ERR, "socket path too long (max %zu bytes): %s",
		    sizeof(((struct sockaddr_un *)0)->sun_path) - 1, conf.socket);
		return -1;
	}
	if (lstat(conf.socket, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			log_msg(LOG_ERR, "%s exists and is not a socket", conf.socket);
			return -1;
		}
		if (socket_in_use(conf.socket)) {
			log_msg(LOG_ERR, "another metasd is listening on %s", conf.socket);
			return -1;
		}
		unlink(conf.socket);
	}
	old = umask(0177);
	listen_fd = FCGX_OpenSocket(conf.socket, 1024);
	umask(old);
	if (listen_fd < 0) {
		log_msg(LOG_ERR, "cannot listen on %s: %s", conf.socket, strerror(errno));
		return -1;
	}
	if (conf.socket_group[0] != '\0') {
		struct group *gr = getgrnam(conf.socket_group);

		if (gr == NULL || chown(conf.socket, (uid_t)-1, gr->gr_gid) != 0) {
			log_msg(LOG_ERR, "cannot give %s to group %s", conf.socket, conf.socket_group);
			return -1;
		}
	}
	if (chmod(conf.socket, (mode_t)conf.socket_mode) != 0) {
		log_msg(LOG_ERR, "chmod %s: %s", conf.socket, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The write epochs (epoch.h), next to the socket, shared with the workers
 * and with metasctl; owned by the worker user when started as root. Made
 * while still privileged, like the socket.
 */
static char epoch_file[PATH_MAX];

static int
open_epochs(void)
{
	struct passwd *pw = NULL;
	int r;

	if ((getuid() == 0 || geteuid() == 0) && (pw = getpwnam(conf.user)) == NULL) {
		log_msg(LOG_ERR, "started as root: user \"%s\" (key \"user\") must exist", conf.user);
		return -1;
	}
	if (epoch_path(conf.socket, epoch_file, sizeof(epoch_file)) != 0) {
		log_msg(LOG_ERR, "socket path too long: %s", conf.socket);
		return -1;
	}
	r = epoch_create(epoch_file, pw ? pw->pw_uid : (uid_t)-1, pw ? pw->pw_gid : (gid_t)-1,
	    conf.cache_ms);
	if (r < 0) {
		log_msg(LOG_ERR, "cannot map the write epochs: %s", strerror(errno));
		return -1;
	}
	if (r == 1)
		epoch_file[0] = '\0';
	return 0;
}

static int
drop_privileges(void)
{
	struct passwd *pw;

	if (getuid() != 0 && geteuid() != 0)
		return 0;
	if ((pw = getpwnam(conf.user)) == NULL || pw->pw_uid == 0) {
		log_msg(LOG_ERR, "started as root: user \"%s\" (key \"user\") must exist and not be root",
		    conf.user);
		return -1;
	}
	if (evidence_fd >= 0 && fchown(evidence_fd, pw->pw_uid, pw->pw_gid) != 0) {
		log_msg(LOG_ERR, "cannot give %s to %s: %s", conf.evidence_dir, conf.user, strerror(errno));
		return -1;
	}
	if (publish_dir() >= 0 && fchown(publish_dir(), pw->pw_uid, pw->pw_gid) != 0) {
		log_msg(LOG_ERR, "cannot give %s to %s: %s", conf.publication_dir, conf.user,
		    strerror(errno));
		return -1;
	}
	if (setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
		log_msg(LOG_ERR, "cannot drop privileges to %s: %s", conf.user, strerror(errno));
		return -1;
	}
	if (setuid(0) == 0) {
		log_msg(LOG_ERR, "privileges were not dropped");
		return -1;
	}
	log_msg(LOG_INFO, "running as %s (uid %d)", conf.user, (int)pw->pw_uid);
	return 0;
}

/*
 * Refuse to serve a database whose schema differs from the migrations this
 * metasd was installed with (sql_dir): pending migrations, or versions it
 * does not know. When the database cannot be reached now, start anyway:
 * workers connect when it comes back, and /healthz says 503 meanwhile.
 */
static int
schema_check(void)
{
	struct arena *a = arena_new(16 * 1024);
	struct migration *all = NULL;
	struct db *db = NULL;
	size_t nall = 0, napplied, *todo = NULL;
	int *applied, count, rc = 0;
	char err[512];

	if (migrate_scan(conf.sql_dir, &all, &nall, err, sizeof(err)) != 0) {
		log_msg(LOG_ERR, "cannot read the migrations (sql_dir): %s", err);
		rc = -1;
		goto out;
	}
	db = db_open(&conf, conf.db_user, conf.db_password);
	if (!db_connected(db)) {
		log_msg(LOG_WARN, "database unreachable: schema not checked; workers will retry");
		goto out;
	}
	if (db_schema_versions(db, a, &applied, &napplied) != DB_OK) {
		log_msg(LOG_ERR, "cannot read schema_migrations: run \"metasctl migrate\" first");
		rc = -1;
		goto out;
	}
	todo = xcalloc(nall + 1, sizeof(*todo));
	count = migrate_plan(all, nall, applied, napplied, todo, err, sizeof(err));
	if (count < 0) {
		log_msg(LOG_ERR, "schema is newer than this metasd: %s", err);
		rc = -1;
	} else if (count > 0) {
		log_msg(LOG_ERR, "the database lacks %d migration(s) (first: %s): run \"metasctl migrate\"",
		    count, all[todo[0]].file);
		rc = -1;
	}
out:
	db_close(db);
	free(all);
	free(todo);
	arena_free(a);
	return rc;
}

static pid_t
spawn(int i)
{
	pid_t pid = fork();

	if (pid < 0) {
		log_msg(LOG_ERR, "fork: %s", strerror(errno));
		slots[i].restart_at = time(NULL) + 1;
		return -1;
	}
	if (pid == 0) {
		sigset_t none;

		/* A worker never outlives its master. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() == 1)
			_exit(0);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		_exit(worker_run(&conf, listen_fd, i + 1));
	}
	slots[i].pid = pid;
	slots[i].started = time(NULL);
	slots[i].restart_at = 0;
	return pid;
}

static int
slot_of(pid_t pid)
{
	for (int i = 0; i < nslots; i++)
		if (slots[i].pid == pid)
			return i;
	return -1;
}

/* Reap children; restart unexpected deaths unless stopping. */
static int
reap(int stopping, pid_t *retiring, int nretiring)
{
	int status, alive = 0;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		int i = slot_of(pid);

		for (int k = 0; k < nretiring; k++)
			if (retiring[k] == pid)
				retiring[k] = 0;
		if (i < 0)
			continue;
		slots[i].pid = 0;
		if (stopping)
			continue;
		if (WIFSIGNALED(status))
			log_msg(LOG_WARN, "worker %d (pid %d) killed by signal %d; restarting",
			    i + 1, (int)pid, WTERMSIG(status));
		else
			log_msg(LOG_WARN, "worker %d (pid %d) exited with status %d; restarting",
			    i + 1, (int)pid, WEXITSTATUS(status));
		restarts++;
		metrics_worker_restart();
		/* A worker that dies within a second of starting waits a second. */
		if (time(NULL) - slots[i].started < 1)
			slots[i].restart_at = time(NULL) + 1;
		else
			spawn(i);
	}
	for (int i = 0; i < nslots; i++)
		if (slots[i].pid > 0)
			alive++;
	return alive;
}

/* The metas_workers gauge: worker processes running now. */
static void
publish_workers(void)
{
	int running = 0;

	for (int i = 0; i < nslots; i++)
		running += slots[i].pid > 0;
	metrics_set_workers(running);
}

static void
stop_all(void)
{
	time_t deadline = time(NULL) + conf.shutdown_timeout;
	int alive;

	for (int i = 0; i < nslots; i++)
		if (slots[i].pid > 0)
			kill(slots[i].pid, SIGTERM);
	while ((alive = reap(1, NULL, 0)) > 0 && time(NULL) < deadline)
		usleep(20000);
	if (alive > 0) {
		log_msg(LOG_WARN, "%d workers still running after %d s: killing them",
		    alive, conf.shutdown_timeout);
		for (int i = 0; i < nslots; i++)
			if (slots[i].pid > 0)
				kill(slots[i].pid, SIGKILL);
		while (reap(1, NULL, 0) > 0)
			usleep(10000);
	}
}

/* Replace every worker with a fresh one; old ones finish their request. */
static void
graceful_restart(const char *path)
{
	struct conf next;
	char err[512];

	/*
	 * What the master set up while privileged (the socket, the user, the
	 * folders it opened, the secrets and certificates it read): a reload
	 * keeps them, and says which changes wait for a restart.
	 */
	static const struct { const char *name; size_t off, len; } fixed[] = {
#define FIXED(f)	{ #f, offsetof(struct conf, f), sizeof(((struct conf *)0)->f) }
		FIXED(socket), FIXED(socket_mode), FIXED(socket_group), FIXED(user),
		FIXED(workers), FIXED(db_password_file), FIXED(evidence_dir),
		FIXED(publication_dir), FIXED(signing_p12), FIXED(signing_password_file),
		FIXED(trust_store),
#undef FIXED
	};
	char kept[512] = "";

	conf_defaults(&next);
	if (conf_load(&next, path, err, sizeof(err)) != 0) {
		log_msg(LOG_ERR, "SIGHUP: configuration not reloaded: %s", err);
		next = conf;
	}
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		char *n = (char *)&next + fixed[i].off;
		const char *o = (const char *)&conf + fixed[i].off;

		if (memcmp(n, o, fixed[i].len) == 0)
			continue;
		memcpy(n, o, fixed[i].len);
		size_t k = strlen(kept);
		(void)snprintf(kept + k, sizeof(kept) - k, "%s%s", k ? ", " : "", fixed[i].name);
	}
	if (kept[0] != '\0')
		log_msg(LOG_WARN, "SIGHUP: %s change only on restart; the running values are kept",
		    kept);
	memcpy(next.db_password, conf.db_password, sizeof(next.db_password));
	conf = next;
	for (int i = 0; i < nslots; i++) {
		pid_t old = slots[i].pid;

		spawn(i);
		if (old > 0)
			kill(old, SIGTERM);
	}
	log_msg(LOG_INFO, "SIGHUP: workers replaced");
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "check-config", no_argument, NULL, 'C' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "list-routes", no_argument, NULL, 'L' },
		{ "upload-limit", no_argument, NULL, 'U' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = METAS_SYSCONFDIR "/metas/metas.conf";
	char err[512];
	int ch, check = 0, upload_limit = 0;
	sigset_t set;

	while ((ch = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'C': check = 1; break;
		case 'c': path = optarg; break;
		case 'L': return list_routes();
		case 'U': upload_limit = 1; break;
		case 'h': usage(0);
		default: usage(2);
		}
	}
	if (optind != argc)
		usage(2);
	conf_defaults(&conf);
	if (conf_load(&conf, path, err, sizeof(err)) != 0) {
		fprintf(stderr, "metasd: configuración no válida: %s\n", err);
		return 1;
	}
	/*
	 * --upload-limit: the figure nginx's client_max_body_size must carry
	 * (make and scripts/lib/stack.sh write it into the site). It needs no
	 * secret, so make can ask with -c /dev/null for the defaults.
	 */
	if (upload_limit) {
		printf("%zu\n", conf_upload_limit(&conf));
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (route_table_check(routes, nroutes, err, sizeof(err)) != 0) {
		fprintf(stderr, "metasd: tabla de rutas no válida: %s\n", err);
		return 1;
	}
	if (conf_read_secret(conf.db_password_file, conf.db_password, sizeof(conf.db_password),
	    err, sizeof(err)) != 0) {
		fprintf(stderr, "metasd: %s\n", err);
		return 1;
	}
	if (check) {
		conf_print(stdout, &conf);
		printf("# %s: configuración correcta (%d workers)\n", path, conf_worker_count(&conf));
		return 0;
	}

	/* Signals are handled synchronously by the loop below. */
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (auth_init() != 0) {
		log_msg(LOG_ERR, "cannot initialise libsodium");
		return 1;
	}
	if (db_library_init() != 0) {
		log_msg(LOG_ERR, "cannot initialise the MariaDB library");
		return 1;
	}
	if (schema_check() != 0)
		return 1;
	/* Opened while still privileged: workers reach it through the descriptor. */
	if ((evidence_fd = evidence_open_dir(conf.evidence_dir)) < 0) {
		log_msg(LOG_ERR, "cannot open evidence_dir %s: %s", conf.evidence_dir, strerror(errno));
		return 1;
	}
	evidence_set_dir(evidence_fd);
	{
		int fd = publish_open_dir(conf.publication_dir);

		if (fd < 0) {
			log_msg(LOG_ERR, "cannot open publication_dir %s: %s", conf.publication_dir,
			    strerror(errno));
			return 1;
		}
		publish_set_dir(fd);
	}
	/* The trust store and the institution's certificate, read while privileged. */
	publish_init(&conf);
	if (open_socket() != 0 || open_epochs() != 0 || drop_privileges() != 0)
		return 1;
	nslots = conf_worker_count(&conf);
	slots = xcalloc((size_t)nslots, sizeof(*slots));
	/* Shared with the workers: mapped before the first fork. */
	if (metrics_init(routes, nroutes, nslots) != 0) {
		log_msg(LOG_ERR, "cannot map the metrics area: %s", strerror(errno));
		return 1;
	}
	log_msg(LOG_INFO, "metasd %s listening on %s with %d workers", PACKAGE_VERSION,
	    conf.socket, nslots);
	for (int i = 0; i < nslots; i++)
		spawn(i);
	publish_workers();

	for (;;) {
		struct timespec tick = { 0, 250 * 1000 * 1000 };
		siginfo_t info;
		int sig = sigtimedwait(&set, &info, &tick);
		time_t now = time(NULL);

		if (sig == SIGTERM || sig == SIGINT) {
			log_msg(LOG_INFO, "stopping (signal %d)", sig);
			stop_all();
			break;
		}
		if (sig == SIGHUP)
			graceful_restart(path);
		reap(0, NULL, 0);
		for (int i = 0; i < nslots; i++)
			if (slots[i].pid == 0 && slots[i].restart_at != 0 && now >= slots[i].restart_at)
				spawn(i);
		publish_workers();
	}
	if (unlink(conf.socket) != 0 && errno != ENOENT)
		log_msg(LOG_INFO, "socket %s left in place: %s", conf.socket, strerror(errno));
	/* After dropping privileges the folder may not be ours: then it stays, harmless. */
	if (epoch_file[0] != '\0' && unlink(epoch_file) != 0 && errno != ENOENT &&
	    errno != EACCES && errno != EPERM)
		log_msg(LOG_INFO, "%s left in place: %s", epoch_file, strerror(errno));
	log_msg(LOG_INFO, "stopped after %lu worker restarts", restarts);
	return 0;
}
