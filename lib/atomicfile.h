/*
 * atomicfile.h: writing a file so that readers never see half of it (a
 * cron job reading the overdue list, a mail script reading a report): the
 * data goes to a temporary file in the same folder, renamed over the target
 * only when the run succeeded.
 */
#ifndef PAKN_ATOMICFILE_H
#define PAKN_ATOMICFILE_H

#include <stdio.h>

#include "pakn.h"

/* Opens a temporary file beside `path`; *tmp receives its name (caller
 * frees).  Returns the stream, or NULL with err filled. */
FILE *pakn_atomic_open(const char *path, char **tmp, struct pakn_error *err);
/* Same, as a file descriptor (mode 0644 less the umask). -1 on failure. */
int pakn_atomic_open_fd(const char *path, char **tmp, struct pakn_error *err);
/* Closes fp and renames tmp over path.  Returns 0, or -1 (err filled; the
 * temporary is removed). */
int pakn_atomic_commit(FILE *fp, const char *tmp, const char *path,
                       struct pakn_error *err);
/* Same for a descriptor. */
int pakn_atomic_commit_fd(int fd, const char *tmp, const char *path,
                          struct pakn_error *err);
/* Closes and removes the temporary: the target is left as it was. */
void pakn_atomic_abort_fd(int fd, const char *tmp);
/* Same for a stream. */
void pakn_atomic_abort(FILE *fp, const char *tmp);

/*
 * Removes every temporary still open (a run ended by exit(), or killed):
 * async-signal-safe, it only calls unlink(2).  The temporary is created
 * with the target's mode and owner (as root), or 0666 less the umask for a
 * new file.
 */
void pakn_atomic_cleanup(void);
/* A signal handler: pakn_atomic_cleanup, then the signal again with its
 * default action, so the exit status says killed.  Installed by
 * pakn_cleanup_signals (pakn.h), never by this module. */
void pakn_atomic_cleanup_on_signal(int sig);

#endif
