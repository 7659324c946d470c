/*
 * Unit tests of epoch.c: a stamp is current until a write is announced
 * (everywhere, or for its unit only), until it is older than cache_ms, and
 * never without a mapped file; a second process (metasctl) attached to the
 * same file invalidates the first one's stamps.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "epoch.h"
#include "tap.h"

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

int
main(void)
{
	char dir[] = "/tmp/test_epoch.XXXXXX", path[256], longsock[600];
	struct epoch_stamp a, u5, u6;
	pid_t pid;
	int st;

	/* Nothing mapped: no stamp is ever current, bumps do nothing. */
	epoch_set_max_age(1000);
	epoch_stamp(&a, 0);
	CHECK(!epoch_current(&a), "epoch: without a file no copy is current");
	epoch_bump();
	CHECK(epoch_global() == 0, "epoch: without a file the counter reads 0");
	CHECK(epoch_attach("/nonexistent/metasd.sock.epoch") == -1,
	    "epoch: attaching to a missing file fails (metasd not running)");

	if (mkdtemp(dir) == NULL)
		return 1;
	CHECK(epoch_path(dir, path, sizeof(path)) == 0 && strlen(path) > 6 &&
	    strcmp(path + strlen(path) - 6, ".epoch") == 0, "epoch: the file is <socket>.epoch");
	memset(longsock, 'x', sizeof(longsock) - 1);
	longsock[sizeof(longsock) - 1] = '\0';
	CHECK(epoch_path(longsock, path, 100) == -1, "epoch: a path too long is refused");
	snprintf(path, sizeof(path), "%s/metasd.sock.epoch", dir);
	CHECK(epoch_create(path, (uid_t)-1, (gid_t)-1, 1000) == 0, "epoch: the file is created and mapped");
	CHECK(epoch_mapped(), "epoch: mapped");
	CHECK(epoch_global() != 0, "epoch: the counter starts from the clock, not 0");

	epoch_stamp(&a, 0);
	epoch_stamp(&u5, 5);
	epoch_stamp(&u6, 6);
	CHECK(epoch_current(&a) && epoch_current(&u5) && epoch_current(&u6),
	    "epoch: fresh stamps are current");
	epoch_bump_unit(5);
	CHECK(!epoch_current(&u5), "epoch: a write to unit 5 invalidates unit 5's copies");
	CHECK(epoch_current(&a), "epoch: ... not the copies that depend on no unit (sessions)");
	CHECK(epoch_current(&u6), "epoch: ... nor unit 6's (different counters)");
	epoch_bump();
	CHECK(!epoch_current(&a) && !epoch_current(&u6), "epoch: any other write invalidates every copy");

	/* Another process (metasctl) attached to the same file. */
	epoch_stamp(&a, 0);
	pid = fork();
	if (pid == 0) {
		/* A fresh process image would have nothing mapped: attach as metasctl does. */
		_exit(epoch_attach(path) == 0 ? (epoch_bump(), 0) : 1);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "epoch: a second process attaches to the file and bumps");
	CHECK(!epoch_current(&a), "epoch: its write invalidates this process's copies");

	/* Age: a copy is trusted for at most cache_ms. */
	epoch_set_max_age(50);
	epoch_stamp(&a, 0);
	CHECK(epoch_current(&a), "epoch: a stamp younger than cache_ms is current");
	sleep_ms(80);
	CHECK(!epoch_current(&a), "epoch: a stamp older than cache_ms is not");
	epoch_set_max_age(0);
	epoch_stamp(&a, 0);
	CHECK(!epoch_current(&a), "epoch: cache_ms = 0 keeps no copy");

	/* A file that is not ours is not attached. */
	{
		char bad[300];
		FILE *f;

		snprintf(bad, sizeof(bad), "%s/other.epoch", dir);
		f = fopen(bad, "w");
		if (f != NULL) {
			fputs("not an epoch file", f);
			fclose(f);
		}
		CHECK(epoch_attach(bad) == -1, "epoch: a file of another size or magic is refused");
		unlink(bad);
	}
	unlink(path);
	rmdir(dir);
	return TAP_DONE();
}
