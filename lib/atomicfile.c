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
	size_t n = strlen(path);
	char *t = pakn_xmalloc(n + 16);
	mode_t mask;
	int fd;

	memcpy(t, path, n);
	memcpy(t + n, ".tmp.XXXXXX", 12);
	fd = mkstemp(t);
	if (fd < 0) {
		pakn_error_set(err, path, 0, 0, "cannot create '%s': %s", t,
			       strerror(errno));
		free(t);
		return -1;
	}
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	*tmp = t;
	return fd;
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
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) != 0) {
		pakn_error_set(err, path, 0, 0, "cannot rename '%s': %s", tmp,
			       strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int
pakn_atomic_commit_fd(int fd, const char *tmp, const char *path,
		      struct pakn_error *err)
{
	if (close(fd) != 0) {
		pakn_error_set(err, path, 0, 0, "write error: %s",
			       strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) != 0) {
		pakn_error_set(err, path, 0, 0, "cannot rename '%s': %s", tmp,
			       strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

void
pakn_atomic_abort_fd(int fd, const char *tmp)
{
	close(fd);
	unlink(tmp);
}
