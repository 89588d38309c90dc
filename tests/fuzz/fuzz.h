/*
 * fuzz.h: what the libFuzzer harnesses of tests/fuzz share.  Built by
 * `make fuzz` with clang -fsanitize=fuzzer,address,undefined; a harness
 * aborts on a broken property, so libFuzzer keeps the input as a crash.
 */
#ifndef PAKN_FUZZ_H
#define PAKN_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Says which property broke, then aborts (libFuzzer keeps the input). */
#define FUZZ_ASSERT(cond, what)                                                \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "fuzz: property broken: %s (%s:%d)\n", \
			        (what), __FILE__, __LINE__);                   \
			abort();                                               \
		}                                                              \
	} while (0)

/*
 * Writes d[0..n) to this process's temporary file (made once, with the
 * suffix given, e.g. ".yaml") and returns its path: for the APIs that read
 * a file by name.
 */
static inline const char *
fuzz_file(const uint8_t *d, size_t n, const char *suffix)
{
	static char path[64];
	FILE *fp;
	int fd;

	if (path[0] == '\0') {
		snprintf(path, sizeof path, "/tmp/pakn-fuzz-XXXXXX%s", suffix);
		fd = mkstemps(path, (int)strlen(suffix));
		if (fd < 0) {
			perror("mkstemps");
			abort();
		}
		close(fd);
	}
	fp = fopen(path, "wb");
	if (fp == NULL) {
		perror(path);
		abort();
	}
	if (n > 0)
		fwrite(d, 1, n, fp);
	fclose(fp);
	return path;
}

#endif
