# pakn: build, test, check, bench, demo, install.  GNU make.
#
#   make          programs in build/
#   make test     installs what is missing, builds, runs every test
#   make check    the whole suite under AddressSanitizer + UBSan (build/asan/)
#   make check-clang  the same built by clang (build/clang/)
#   make demo     installs what is missing, builds, runs the pipeline on the sample
#   make bench    benchmark against jq and mlr on 1,000,000 generated records
#   make lint     clang-format check
#   make fuzz     each libFuzzer harness of tests/fuzz for FUZZ_SECONDS (60)
#   make calendar-check CAL=FILE [YEAR=2027]  checks a --calendar-file
#   make install  PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man/man1
DESTDIR ?=

CC ?= cc
PKGS := jansson yaml-0.1 libpcre2-8 libutf8proc xlsxwriter libzip expat freexl zlib
WARN := -Wall -Wextra -Wpedantic -Wshadow -Wformat=2
OPT ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread $(WARN) $(OPT) \
	$(PKG_CFLAGS) -Ilib -MMD -MP $(EXTRA_CFLAGS) $(CFLAGS)
GCRYPT_LIBS = $(shell pkg-config --libs libgcrypt 2>/dev/null || libgcrypt-config --libs 2>/dev/null || echo -lgcrypt)
LDLIBS_ALL = $(PKG_LIBS) $(GCRYPT_LIBS) -lcsv -lm -pthread $(EXTRA_LDFLAGS) $(LDFLAGS)

# BUILD is where objects and programs go; `make check` uses build/asan.
BUILD ?= build

LIB_SRC := $(wildcard lib/*.c)
LIB_OBJ := $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o)
CMD_SRC := $(wildcard cmd/pakn-*.c)
PROGS := $(CMD_SRC:cmd/%.c=$(BUILD)/%)
MANS := $(wildcard cmd/pakn-*.1)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNITS := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_SRC := $(wildcard tests/bench/*.c)
BENCHES := $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOLS := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)

.SECONDARY:

.PHONY: all test check check-clang bench demo lint install uninstall clean deps units \
	calendar-check fuzz fuzz-build

all: $(PROGS) $(UNITS) $(BENCHES) $(TOOLS)

$(BUILD)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/cmd/%.o: cmd/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -I$(BUILD)/cmd -c $< -o $@

# A program's --help text, cmd/NAME.help, as C string literals, a line each.
$(BUILD)/cmd/%.help.h: cmd/%.help Makefile
	@mkdir -p $(@D)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n",/' $< >$@
$(BUILD)/cmd/pakn-report.o: $(BUILD)/cmd/pakn-report.help.h

$(BUILD)/libpakn.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/pakn-%: $(BUILD)/cmd/pakn-%.o $(BUILD)/libpakn.a
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(BUILD)/libpakn.a
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/bench/%.o: tests/bench/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(BUILD)/libpakn.a
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/tools/%.o: tests/tools/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/tools/%: $(BUILD)/tools/%.o
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

# deps: run scripts/setup only when something is missing.
deps:
	@scripts/setup --check >/dev/null 2>&1 || scripts/setup

test: deps
	@$(MAKE) --no-print-directory all
	@PAKN_BUILD=$(abspath $(BUILD)) scripts/run-tests

# The sanitizer builds also compile in the fault injection of pakn.h
# (PAKN_FAULT=KIND:N, tests/faults.bats).
SAN_CFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all -DPAKN_FAULTS
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

check: deps
	@$(MAKE) --no-print-directory all BUILD=build/asan OPT="-O1 -g" \
		EXTRA_CFLAGS="$(SAN_CFLAGS)" EXTRA_LDFLAGS="-fsanitize=address,undefined"
	@$(SAN_ENV) PAKN_BUILD=$(abspath build/asan) scripts/run-tests

check-clang: deps
	@$(MAKE) --no-print-directory all CC=clang BUILD=build/clang OPT="-O1 -g" \
		EXTRA_CFLAGS="$(SAN_CFLAGS)" EXTRA_LDFLAGS="-fsanitize=address,undefined"
	@$(SAN_ENV) PAKN_BUILD=$(abspath build/clang) scripts/run-tests

demo: deps
	@$(MAKE) --no-print-directory all
	@PAKN_BUILD=$(abspath $(BUILD)) scripts/demo

bench: deps
	@$(MAKE) --no-print-directory all
	@PAKN_BUILD=$(abspath $(BUILD)) scripts/bench

lint:
	@command -v clang-format >/dev/null || { echo "lint: clang-format is not installed"; exit 2; }
	clang-format --dry-run --Werror lib/*.c lib/*.h cmd/*.c tests/unit/*.c tests/unit/*.h

# fuzz: the libFuzzer harnesses of tests/fuzz (clang, ASan + UBSan, in
# build/fuzz), each run FUZZ_SECONDS on its corpus (seeded from the
# fixtures), one at a time (tests/fuzz/run).  FUZZ=NAME runs one;
# FUZZ_SEED=N fixes the seed (CI: 1), 0 picks one at random.
FUZZ_SECONDS ?= 60
FUZZ ?=
FUZZ_SEED ?= 0
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(BUILD)/libpakn.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -o $@ $< $(BUILD)/libpakn.a $(LDLIBS_ALL)

fuzz-build:
	@command -v clang >/dev/null || { echo "fuzz: clang is not installed (scripts/setup)"; exit 2; }
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang OPT="-O1 -g" \
		EXTRA_CFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" EXTRA_LDFLAGS="$(FUZZ_SAN)" \
		$(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/fuzz/%)

fuzz: deps fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SEED=$(FUZZ_SEED) PAKN_FUZZ_BUILD=$(abspath build/fuzz) tests/fuzz/run $(FUZZ)

# calendar-check: a local calendar file, loaded as pakn-deadline loads it.
calendar-check: $(BUILD)/pakn-deadline
	@test -n "$(CAL)" || { echo "usage: make calendar-check CAL=FILE [YEAR=2027]" >&2; exit 2; }
	@PAKN_BUILD=$(abspath $(BUILD)) scripts/check-calendar $(CAL) $(YEAR)

SHAREDIR ?= $(PREFIX)/share/pakn
DOCDIR ?= $(PREFIX)/share/doc/pakn
COMPDIR ?= $(PREFIX)/share/bash-completion/completions
SHARE_SCRIPTS := $(wildcard scripts/daily-overdue scripts/parallel-report scripts/check-calendar scripts/report-pdf)
PROG_NAMES := $(CMD_SRC:cmd/%.c=%)

# install: the programs and man pages; the scripts, rules and calendars in
# SHAREDIR; the notes the man pages name in DOCDIR; bash completion (one
# file, linked under each program's name for bash-completion's loader).
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(SHAREDIR)
	install -m 755 $(PROGS) $(DESTDIR)$(BINDIR)
	$(if $(MANS),install -m 644 $(MANS) $(DESTDIR)$(MANDIR))
	$(if $(SHARE_SCRIPTS),install -m 755 $(SHARE_SCRIPTS) $(DESTDIR)$(SHAREDIR))
	install -m 644 routing-rules/*.yaml $(DESTDIR)$(SHAREDIR)
	install -d $(DESTDIR)$(SHAREDIR)/calendars
	install -m 644 calendars/*.yaml calendars/README.md $(DESTDIR)$(SHAREDIR)/calendars
	install -d $(DESTDIR)$(DOCDIR)/routing-rules $(DESTDIR)$(DOCDIR)/calendars
	install -m 644 README.md LICENSE $(DESTDIR)$(DOCDIR)
	install -m 644 routing-rules/README.md $(DESTDIR)$(DOCDIR)/routing-rules
	install -m 644 calendars/README.md calendars/example.yaml $(DESTDIR)$(DOCDIR)/calendars
	install -d $(DESTDIR)$(COMPDIR)
	install -m 644 scripts/completion/pakn.bash $(DESTDIR)$(COMPDIR)/pakn
	for p in $(PROG_NAMES); do ln -sf pakn $(DESTDIR)$(COMPDIR)/$$p; done

uninstall:
	rm -f $(PROGS:$(BUILD)/%=$(DESTDIR)$(BINDIR)/%) $(MANS:cmd/%=$(DESTDIR)$(MANDIR)/%)
	rm -f $(DESTDIR)$(COMPDIR)/pakn $(PROG_NAMES:%=$(DESTDIR)$(COMPDIR)/%)
	rm -rf $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(DOCDIR)

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
