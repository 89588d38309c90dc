/*
 * render_pdf.c: the HTML report (render_html.c, the official document
 * with --doc) printed to PDF by headless Chromium, Debian's `chromium`:
 * the HTML goes to a private temporary folder, Chromium prints it with
 * its own print CSS (A4, the margins of the page rule) and no header or
 * footer of its own, with a fresh profile and nothing from the network,
 * and the PDF is read back.  The browser is $PAKN_CHROMIUM, else
 * chromium or chromium-browser on the PATH.
 */
#include "render.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "render_int.h"

extern char **environ;

/* The browser: an executable path, or NULL. */
static char *
find_chromium(void)
{
	static const char *const names[] = {"chromium", "chromium-browser"};
	const char *env = getenv("PAKN_CHROMIUM");
	const char *path = getenv("PATH");
	struct pakn_buf b = PAKN_BUF_INIT;
	size_t i;

	if (env && *env)
		return access(env, X_OK) == 0 ? pakn_xstrdup(env) : NULL;
	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *p = path;

		while (*p) {
			const char *e = strchr(p, ':');
			size_t n = e ? (size_t)(e - p) : strlen(p);

			pakn_buf_reset(&b);
			pakn_buf_add(&b, n ? p : ".", n ? n : 1);
			pakn_buf_addf(&b, "/%s", names[i]);
			if (access(b.data, X_OK) == 0)
				return b.data;
			p += n;
			if (*p == ':')
				p++;
		}
	}
	pakn_buf_release(&b);
	return NULL;
}

static int
write_file(const char *path, const struct pakn_buf *b)
{
	FILE *fp = fopen(path, "wb");
	int rc = 0;

	if (fp == NULL)
		return -1;
	if (b->len && fwrite(b->data, 1, b->len, fp) != b->len)
		rc = -1;
	if (fclose(fp) != 0)
		rc = -1;
	return rc;
}

static int
read_file(const char *path, struct pakn_buf *out)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (fp == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		pakn_buf_add(out, chunk, n);
	if (ferror(fp))
		rc = -1;
	fclose(fp);
	return rc;
}

/* Removes the files of the temporary folder, then the folder. */
static void
remove_tree(const char *dir)
{
	char *argv[] = {"rm", "-rf", "--", (char *)dir, NULL};
	pid_t pid;
	int st;

	if (posix_spawnp(&pid, "rm", NULL, NULL, argv, environ) == 0)
		waitpid(pid, &st, 0);
}

void
pakn_render_pdf(const struct pakn_report *rep, const struct pakn_render_opts *o,
                struct pakn_buf *out)
{
	struct pakn_render_opts ho = *o;
	struct pakn_buf html = PAKN_BUF_INIT, dir = PAKN_BUF_INIT;
	struct pakn_buf in = PAKN_BUF_INIT, pdf = PAKN_BUF_INIT;
	struct pakn_buf prof = PAKN_BUF_INIT, url = PAKN_BUF_INIT;
	struct pakn_buf flag = PAKN_BUF_INIT, prof_flag = PAKN_BUF_INIT;
	const char *tmpdir = getenv("TMPDIR");
	posix_spawn_file_actions_t fa;
	char *chromium = find_chromium();
	pid_t pid;
	int st = 0;

	if (chromium == NULL) {
		pakn_warn("-f pdf needs headless Chromium, which is not "
		          "installed: apt-get install chromium (or run "
		          "scripts/setup), or set PAKN_CHROMIUM to the "
		          "browser; -f html gives the page to print");
		return;
	}
	ho.format = PAKN_FMT_HTML;
	pakn_render_html(rep, &ho, &html);
	pakn_buf_addf(&dir, "%s/pakn-pdf.XXXXXX",
	              tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (mkdtemp(dir.data) == NULL) {
		pakn_warn("pdf: cannot make a temporary folder: %s",
		          strerror(errno));
		goto done;
	}
	pakn_buf_addf(&in, "%s/report.html", dir.data);
	pakn_buf_addf(&pdf, "%s/report.pdf", dir.data);
	pakn_buf_addf(&prof, "%s/profile", dir.data);
	pakn_buf_addf(&url, "file://%s", in.data);
	pakn_buf_addf(&flag, "--print-to-pdf=%s", pdf.data);
	pakn_buf_addf(&prof_flag, "--user-data-dir=%s", prof.data);
	if (write_file(in.data, &html) != 0) {
		pakn_warn("pdf: cannot write %s: %s", in.data, strerror(errno));
		goto clean;
	}
	{
		char *argv[] = {chromium,
		                "--headless",
		                "--no-sandbox",
		                "--disable-gpu",
		                "--disable-background-networking",
		                "--disable-component-update",
		                "--disable-sync",
		                "--disable-extensions",
		                "--no-first-run",
		                prof_flag.data,
		                flag.data,
		                "--no-pdf-header-footer",
		                url.data,
		                NULL};

		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
		                                 0);
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
		                                 0);
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY,
		                                 0);
		if (posix_spawn(&pid, chromium, &fa, NULL, argv, environ) !=
		    0) {
			pakn_warn("pdf: cannot run %s: %s", chromium,
			          strerror(errno));
			posix_spawn_file_actions_destroy(&fa);
			goto clean;
		}
		posix_spawn_file_actions_destroy(&fa);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	if (read_file(pdf.data, out) != 0 || out->len < 5 ||
	    memcmp(out->data, "%PDF", 4) != 0) {
		pakn_warn("pdf: %s printed no PDF (exit status %d)", chromium,
		          WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		out->len = 0;
	}
clean:
	remove_tree(dir.data);
done:
	free(chromium);
	pakn_buf_release(&html);
	pakn_buf_release(&dir);
	pakn_buf_release(&in);
	pakn_buf_release(&pdf);
	pakn_buf_release(&prof);
	pakn_buf_release(&url);
	pakn_buf_release(&flag);
	pakn_buf_release(&prof_flag);
}
