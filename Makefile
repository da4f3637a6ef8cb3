# tally: one non-recursive Makefile (STYLE rule 24).
# Objects go under $(BUILD); CC, CFLAGS, PREFIX and DESTDIR may be overridden.

VERSION   := 0.1.0
SOVERSION := 0
PREFIX    ?= /usr/local
DESTDIR   ?=
BUILD     ?= build
CC        ?= cc

PKGS      := sqlite3 libcjson expat libpng
TEST_PKGS := cunit
# Debian packages that provide the libraries above (make deps installs the missing ones).
DEB_PKGS  := libsqlite3-dev libcjson-dev libexpat1-dev libpng-dev libcunit1-dev pkg-config sqlite3

WARN := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wcast-qual -Wwrite-strings -Wvla \
        -Wconversion -Werror
OPT      ?= -O2 -g
CFLAGS   ?= $(OPT)
SANITIZE ?=
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# Fallbacks keep a first build working when pkg-config itself is what was missing.
PKG_LIBS   := $(or $(shell pkg-config --libs $(PKGS) 2>/dev/null),-lsqlite3 -lcjson -lexpat -lpng16)
TEST_CFLAGS_PKG := $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS_PKG   := $(or $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null),-lcunit)

ALL_CFLAGS := $(WARN) $(CFLAGS) $(SANITIZE) -fopenmp -fPIC -fvisibility=hidden \
              -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc $(PKG_CFLAGS) -MMD -MP
LDLIBS_ALL := $(PKG_LIBS) -fopenmp -lm

# SKIP: folders left out of the library (lets one stage be built while another is mid-edit).
SKIP    ?=
LIB_SRC := $(sort $(filter-out $(addsuffix /%,$(SKIP)),$(shell find src -name '*.c' -not -path 'src/cli/*')))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)

TEST_SRC := $(sort $(filter-out $(patsubst src/%,tests/%/%,$(SKIP)),$(shell find tests -path tests/bench -prune -o -path tests/fuzz -prune -o -name 'test_*.c' -print)))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
HARNESS_OBJ := $(BUILD)/obj/tests/harness.o
FUZZ_SRC := $(sort $(wildcard tests/fuzz/*_fuzz.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
BENCH_SRC := $(sort $(wildcard tests/bench/*.c))
BENCH_BIN := $(BUILD)/bench/tally-bench

.DEFAULT_GOAL := all
FORCE:

.PHONY: FORCE all test test-suite asan tsan test-faults fuzz lint bench install uninstall clean demo deps check-deps

all: $(BUILD)/tally $(BUILD)/libtally.a $(BUILD)/libtally.so

# V=1 shows whole command lines.
Q := $(if $(V),,@)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

# The archive also depends on the list of its objects, so changing SKIP rebuilds it.
$(BUILD)/.objlist: FORCE
	@mkdir -p $(BUILD)
	@echo '$(LIB_OBJ)' | cmp -s - $@ || echo '$(LIB_OBJ)' > $@

$(BUILD)/libtally.a: $(LIB_OBJ) $(BUILD)/.objlist
	@mkdir -p $(dir $@)
	$(Q)rm -f $@
	@$(if $(Q),echo "  AR      $@")
	$(Q)ar rcs $@ $(LIB_OBJ)

$(BUILD)/libtally.so: $(LIB_OBJ) $(BUILD)/.objlist
	$(CC) -shared -Wl,-soname,libtally.so.$(SOVERSION) $(SANITIZE) -o $@ $(LIB_OBJ) $(LDLIBS_ALL)

$(BUILD)/tally: $(CLI_OBJ) $(BUILD)/libtally.a
	$(CC) $(SANITIZE) -o $@ $(CLI_OBJ) $(BUILD)/libtally.a $(LDLIBS_ALL)

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS_PKG) -Itests -c $< -o $@

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(HARNESS_OBJ) $(BUILD)/libtally.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(SANITIZE) -o $@ $< $(HARNESS_OBJ) $(BUILD)/libtally.a $(TEST_LIBS_PKG) $(LDLIBS_ALL)

# FUZZ_LINK=libfuzzer (set by `make fuzz`) links libFuzzer's main instead of the replay driver.
FUZZ_LINK ?=
ifeq ($(FUZZ_LINK),libfuzzer)
$(BUILD)/fuzz/%: $(BUILD)/obj/tests/fuzz/%.o $(BUILD)/libtally.a
	@mkdir -p $(dir $@)
	$(CC) $(SANITIZE) -fsanitize=fuzzer -o $@ $^ $(LDLIBS_ALL)
else
$(BUILD)/fuzz/%: $(BUILD)/obj/tests/fuzz/%.o $(BUILD)/obj/tests/fuzz/driver.o $(BUILD)/libtally.a
	@mkdir -p $(dir $@)
	$(CC) $(SANITIZE) -o $@ $^ $(LDLIBS_ALL)
endif

# The suite: every CUnit binary, the fuzz corpora replayed, then the end-to-end cases.
# deps first, in its own make, so flags found with pkg-config are read after it.
test: deps
	@$(MAKE) --no-print-directory test-suite

test-suite: all $(TEST_BIN) $(FUZZ_BIN)
	@BUILD=$(BUILD) sh tests/run_tests.sh

# The whole suite under AddressSanitizer + UBSan, in its own build folder.
asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all" test-suite

# ThreadSanitizer: gcc's libgomp gives false reports, so this uses clang with libomp.
tsan:
	TSAN_OPTIONS=ignore_noninstrumented_modules=1 $(MAKE) BUILD=build-tsan CC=clang OPT="-O1 -g" SANITIZE="-fsanitize=thread" test-suite

# The suites that fail allocation N = 1, 2, ... inside their cases (STYLE rule 22):
# each faulted call must return an error, leak nothing and leave the store as it was.
FAULT_SRC := $(shell grep -l tly_alloc_fail_after $(TEST_SRC) 2>/dev/null)
test-faults: all $(TEST_BIN)
	@set -e; for t in $(FAULT_SRC:tests/%.c=$(BUILD)/tests/%); do $$t | grep TLY-RESULT; done

# libFuzzer builds with clang (build-fuzz/fuzz/<parser>_fuzz); run one with its corpus, e.g.
#   mkdir -p /tmp/corpus && build-fuzz/fuzz/ingest_fuzz -max_total_time=60 /tmp/corpus tests/fuzz/corpus/ingest
# (libFuzzer adds what it finds to the first folder, so give it a scratch one)
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang FUZZ_LINK=libfuzzer OPT="-O1 -g" \
	  SANITIZE="-fsanitize=fuzzer-no-link,address,undefined" \
	  $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/fuzz/%)

lint:
	@sh tests/lint.sh

$(BUILD)/obj/tests/bench/%.o: tests/bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -c $< -o $@

$(BENCH_BIN): $(BENCH_SRC:tests/bench/%.c=$(BUILD)/obj/tests/bench/%.o) $(BUILD)/libtally.a
	@mkdir -p $(dir $@)
	$(CC) $(SANITIZE) -o $@ $^ $(LDLIBS_ALL)

bench: all $(BENCH_BIN)
	@BUILD=$(BUILD) sh tests/bench/run_bench.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@sh fixtures/demo/run_demo.sh $(BUILD)/tally

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "make deps: all present"; fi
	@command -v gcc >/dev/null || { echo "make deps: gcc missing" >&2; exit 1; }

$(BUILD)/tally.pc: Makefile
	@mkdir -p $(dir $@)
	printf 'prefix=%s\nlibdir=$${prefix}/lib\nincludedir=$${prefix}/include\n\nName: tally\nDescription: QA consensus engine for image annotation\nVersion: %s\nRequires.private: %s\nLibs: -L$${libdir} -ltally\nLibs.private: -fopenmp -lm\nCflags: -I$${includedir}\n' \
	  '$(PREFIX)' '$(VERSION)' '$(PKGS)' > $@

install: all $(BUILD)/tally.pc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include/tally
	install -m 755 $(BUILD)/tally $(DESTDIR)$(PREFIX)/bin/tally
	install -m 644 $(BUILD)/libtally.a $(DESTDIR)$(PREFIX)/lib/libtally.a
	install -m 755 $(BUILD)/libtally.so $(DESTDIR)$(PREFIX)/lib/libtally.so.$(VERSION)
	ln -sf libtally.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libtally.so.$(SOVERSION)
	ln -sf libtally.so.$(SOVERSION) $(DESTDIR)$(PREFIX)/lib/libtally.so
	install -m 644 include/tally.h $(DESTDIR)$(PREFIX)/include/tally.h
	install -m 644 include/tally/*.h $(DESTDIR)$(PREFIX)/include/tally/
	install -m 644 $(BUILD)/tally.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/tally.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/tally $(DESTDIR)$(PREFIX)/lib/libtally.a \
	  $(DESTDIR)$(PREFIX)/lib/libtally.so* $(DESTDIR)$(PREFIX)/include/tally.h \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig/tally.pc
	rm -rf $(DESTDIR)$(PREFIX)/include/tally

clean:
	rm -rf build build-asan build-tsan build-fuzz demo-out

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
.SECONDARY:
