/*
 * atomicfile.c: temporary-then-rename output files (see atomicfile.h).
 */
#include "atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The temporaries alive now, each a copy of its name: what a signal or an
 * exit removes (pakn_atomic_cleanup).  A slot is filled after its string,
 * and emptied before the string is freed, so a signal handler reading the
 * table between two statements sees either a whole name or none.  A run
 * rarely has more than three at once (the output, the rejects, a report
 * file); past LIVE_MAX a temporary is still removed on every error, only
 * not on a signal.
 */
#define LIVE_MAX 32
static char *volatile live[LIVE_MAX];

static void
live_add(char *copy)
{
	size_t i;

	for (i = 0; i < LIVE_MAX; i++)
		if (live[i] == NULL) {
			live[i] = copy;
			return;
		}
	free(copy);
}

static void
live_remove(const char *tmp)
{
	size_t i;
	char *p;

	if (tmp == NULL)
		return;
	for (i = 0; i < LIVE_MAX; i++) {
		p = live[i];
		if (p && strcmp(p, tmp) == 0) {
			live[i] = NULL;
			free(p);
			return;
		}
	}
}

void
pakn_atomic_cleanup(void)
{
	size_t i;
	char *p;

	/* Only unlink(2): this runs in signal handlers.  The table is kept
	 * (the program is ending: the names stay reachable, not leaked). */
	for (i = 0; i < LIVE_MAX; i++) {
		p = live[i];
		if (p)
			unlink(p);
	}
}

void
pakn_atomic_cleanup_on_signal(int sig)
{
	int saved = errno;

	pakn_atomic_cleanup();
	/* Die of the signal, so the parent sees how the run ended: the
	 * default action, delivered when this handler returns. */
	signal(sig, SIG_DFL);
	raise(sig);
	errno = saved;
}

/*
 * Gives the temporary the target's permissions, and its owner and group
 * when allowed (as root; the group when the user is in it), so a file of
 * personal data kept at 0600 stays 0600.  A new file: 0666 less the umask.
 */
static void
copy_mode(int fd, const struct stat *target)
{
	mode_t mask;

	if (target == NULL) {
		mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
		return;
	}
	if (geteuid() == 0) {
		if (fchown(fd, target->st_uid, target->st_gid) != 0) {
			/* Kept as root's: the mode below still holds. */
		}
	} else if (target->st_gid != getegid()) {
		if (fchown(fd, (uid_t)-1, target->st_gid) != 0) {
			/* Not in that group: the file keeps the user's. */
		}
	}
	fchmod(fd, target->st_mode & 07777);
}

int
pakn_atomic_open_fd(const char *path, char **tmp, struct pakn_error *err)
{
	size_t n;
	char *t, *copy, *real = NULL;
	int fd, exists;
	struct stat st;

	/* A device, a FIFO, a socket: written in place (renaming a file over
	 * /dev/full or a named pipe would replace it).  A symbolic link: the
	 * file it points to is replaced, the link is kept. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		fd = open(path, O_WRONLY | O_TRUNC);
		if (fd < 0)
			return pakn_error_set(err, path, 0, 0,
			                      "cannot open: %s",
			                      strerror(errno));
		*tmp = NULL;
		return fd;
	}
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (real = realpath(path, NULL)) != NULL)
		path = real;
	exists = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	n = strlen(path);
	t = pakn_xmalloc(n + 16);
	/* Allocated before the file exists: nothing may fail between its
	 * creation and its registration. */
	copy = pakn_xmalloc(n + 16);
	memcpy(t, path, n);
	memcpy(t + n, ".tmp.XXXXXX", 12);
	fd = PAKN_FAULT(PAKN_FAULT_OPEN) ? (errno = EACCES, -1) : mkstemp(t);
	if (fd < 0) {
		pakn_error_set(err, path, 0, 0, "cannot create '%s': %s", t,
		               strerror(errno));
		free(t);
		free(copy);
		free(real);
		return -1;
	}
	memcpy(copy, t, n + 12);
	live_add(copy);
	free(real);
	copy_mode(fd, exists ? &st : NULL);
	*tmp = t;
	return fd;
}

/* Renames the temporary over its target: the name it was made from, less
 * the ".tmp.XXXXXX" (for a symbolic link, the file the link points to). */
static int
finish(const char *tmp, const char *path, struct pakn_error *err)
{
	char *target;
	int rc = 0;

	if (tmp == NULL)
		return 0;
	target = pakn_xstrndup(tmp, strlen(tmp) - 11);
	if (PAKN_FAULT(PAKN_FAULT_RENAME) ? (errno = EIO, 1)
	                                  : rename(tmp, target) != 0) {
		rc = pakn_error_set(err, path, 0, 0, "cannot rename '%s': %s",
		                    tmp, strerror(errno));
		unlink(tmp);
	}
	live_remove(tmp);
	free(target);
	return rc;
}

FILE *
pakn_atomic_open(const char *path, char **tmp, struct pakn_error *err)
{
	int fd = pakn_atomic_open_fd(path, tmp, err);
	FILE *fp;

	if (fd < 0)
		return NULL;
	fp = fdopen(fd, "w");
	if (fp == NULL) {
		pakn_error_set(err, path, 0, 0, "cannot open: %s",
		               strerror(errno));
		close(fd);
		unlink(*tmp);
		live_remove(*tmp);
		free(*tmp);
		*tmp = NULL;
	}
	return fp;
}

int
pakn_atomic_commit(FILE *fp, const char *tmp, const char *path,
                   struct pakn_error *err)
{
	int bad = ferror(fp);

	if (fclose(fp) != 0 || bad) {
		pakn_error_set(err, path, 0, 0, "write error: %s",
		               strerror(errno ? errno : EIO));
		if (tmp)
			unlink(tmp);
		live_remove(tmp);
		return -1;
	}
	return finish(tmp, path, err);
}

int
pakn_atomic_commit_fd(int fd, const char *tmp, const char *path,
                      struct pakn_error *err)
{
	if (close(fd) != 0) {
		pakn_error_set(err, path, 0, 0, "write error: %s",
		               strerror(errno));
		if (tmp)
			unlink(tmp);
		live_remove(tmp);
		return -1;
	}
	return finish(tmp, path, err);
}

void
pakn_atomic_abort_fd(int fd, const char *tmp)
{
	close(fd);
	if (tmp)
		unlink(tmp);
	live_remove(tmp);
}

void
pakn_atomic_abort(FILE *fp, const char *tmp)
{
	fclose(fp);
	if (tmp)
		unlink(tmp);
	live_remove(tmp);
}
