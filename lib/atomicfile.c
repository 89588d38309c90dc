/*
 * atomicfile.c: temporary-then-rename output files (see atomicfile.h).
 */
#include "atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
pakn_atomic_open_fd(const char *path, char **tmp, struct pakn_error *err)
{
	size_t n;
	char *t, *real = NULL;
	mode_t mask;
	int fd;
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
	n = strlen(path);
	t = pakn_xmalloc(n + 16);
	memcpy(t, path, n);
	memcpy(t + n, ".tmp.XXXXXX", 12);
	fd = mkstemp(t);
	if (fd < 0) {
		pakn_error_set(err, path, 0, 0, "cannot create '%s': %s", t,
		               strerror(errno));
		free(t);
		free(real);
		return -1;
	}
	free(real);
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
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
	if (rename(tmp, target) != 0) {
		rc = pakn_error_set(err, path, 0, 0, "cannot rename '%s': %s",
		                    tmp, strerror(errno));
		unlink(tmp);
	}
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
}
