# finsam — build, test, install.
#
#   make                 build ./finsam and finsam-full (in build/)
#   make check           unit tests, end-to-end tests, corpus, fuzz smoke run
#   make check-san       the same tests against an ASan+UBSan build
#   make install PREFIX=/usr/local   binaries and man page
#   make bench           benchmarks (see bench/README.md)
#
# Objects go to $(BUILD) (build/ or build-san/), so both builds coexist.

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
LIBEXECDIR ?= $(PREFIX)/libexec
MANDIR   ?= $(PREFIX)/share/man
CC       ?= cc
# The libraries every command needs, and those only `report` and `serve`
# need (they are most of a process's start: bench/README.md).
PKG_CORE := sqlite3 jansson libsodium zlib yaml-0.1 libcmark
PKG      := $(PKG_CORE) pangocairo cairo-pdf cairo-svg xlsxwriter libmicrohttpd
SAN      ?=

WARN     := -std=c17 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
            -Wstrict-prototypes -Wpointer-arith -Wformat=2 -Wvla -Wundef \
            -Wcast-align -Wwrite-strings -Wnull-dereference -Wdouble-promotion
DEFS     := -D_GNU_SOURCE -DFINSAM_VERSION=\"$(shell cat VERSION)\"
OPT      ?= -O2 -g

ifeq ($(SAN),1)
BUILD    := build-san
OPT      := -O1 -g -fno-omit-frame-pointer
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
else
BUILD    := build
SANFLAGS :=
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKG))
PKG_LIBS   := $(shell pkg-config --libs $(PKG))
CFLAGS_ALL  = $(WARN) $(DEFS) $(OPT) $(SANFLAGS) -pthread -Isrc -I$(BUILD)/gen $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = $(SANFLAGS) -pthread $(LDFLAGS)
LIBS        = $(PKG_LIBS) -lm
CORE_LIBS   = $(shell pkg-config --libs $(PKG_CORE)) -lm

# Two programs from the same code: finsam-full has everything; finsam,
# the one users run, leaves out what needs the rendering and web
# libraries and executes finsam-full for `report` and `serve`
# (src/cli/full_exec.c), so every other command starts in 2 ms, not 17.
ALL_SRC   := $(sort $(wildcard src/util/*.c src/sie/*.c src/store/*.c src/books/*.c src/plan/*.c src/followup/*.c src/report/*.c src/render/*.c src/cli/*.c src/web/*.c))
FULL_ONLY := $(wildcard src/render/*.c) $(filter-out src/web/users.c,$(wildcard src/web/*.c)) \
             src/cli/cmd_report_run.c src/cli/cmd_serve_run.c
LIGHT_ONLY := src/cli/full_exec.c
LIB_SRC  := $(filter-out $(LIGHT_ONLY),$(ALL_SRC))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/example_data.o \
            $(BUILD)/obj/gen/mapping_data.o $(BUILD)/obj/gen/web_assets.o
CORE_OBJ := $(filter-out $(FULL_ONLY:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/web_assets.o,$(LIB_OBJ)) \
            $(LIGHT_ONLY:src/%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(BUILD)/obj/main.o
BIN      := $(BUILD)/finsam
FULL_BIN := $(BUILD)/finsam-full

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_SUPPORT := $(BUILD)/obj/tests/testlib.o $(BUILD)/obj/tests/testdump.o $(BUILD)/obj/tests/docsample.o

EXAMPLE_DIR := examples/lekeberg-orebro
EXAMPLE_SIE := $(EXAMPLE_DIR)/bokforing-2023-h1.se
EXAMPLE_FILES := $(EXAMPLE_SIE) $(EXAMPLE_DIR)/budget-2023.csv $(EXAMPLE_DIR)/prognos-2023.csv \
                 $(EXAMPLE_DIR)/medlemmar.csv $(EXAMPLE_DIR)/uppfoljning.yaml \
                 $(EXAMPLE_DIR)/rapportmappning.yaml $(EXAMPLE_DIR)/rapport.md data/report/ny-rapport.md
MAPPING_FILES := data/mapping/kommun-bas.yaml data/mapping/bas.yaml

.PHONY: all check check-san unit fuzz fuzz-smoke install uninstall clean bench lint
# ./finsam always points at the release build: a sanitizer build (SAN=1)
# leaves it alone, and it is made anew each time (it is only a link).
ifeq ($(SAN),1)
all: $(BIN) $(FULL_BIN)
else
all: $(BIN) $(FULL_BIN) finsam
endif

.PHONY: finsam
finsam: $(BIN)
	ln -sf $(BIN) finsam

$(BIN): $(MAIN_OBJ) $(CORE_OBJ)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(CORE_LIBS)

$(FULL_BIN): $(MAIN_OBJ) $(BUILD)/libfinsam.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

$(BUILD)/libfinsam.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

# The bundled example is compiled into the binary, so `finsam example`
# works wherever the binary is.
$(BUILD)/gen/example_data.c: $(EXAMPLE_FILES) scripts/embed.sh
	@mkdir -p $(dir $@)
	{ scripts/embed.sh example_sie $(EXAMPLE_SIE) && \
	  scripts/embed.sh example_budget $(EXAMPLE_DIR)/budget-2023.csv && \
	  scripts/embed.sh example_forecast $(EXAMPLE_DIR)/prognos-2023.csv && \
	  scripts/embed.sh example_members $(EXAMPLE_DIR)/medlemmar.csv && \
	  scripts/embed.sh example_followup $(EXAMPLE_DIR)/uppfoljning.yaml && \
	  scripts/embed.sh example_mapping $(EXAMPLE_DIR)/rapportmappning.yaml && \
	  scripts/embed.sh example_report $(EXAMPLE_DIR)/rapport.md && \
	  scripts/embed.sh report_starter data/report/ny-rapport.md; } > $@

# The statements' default mappings (docs/mapping.md), compiled in likewise.
$(BUILD)/gen/mapping_data.c: $(MAPPING_FILES) scripts/embed.sh
	@mkdir -p $(dir $@)
	{ scripts/embed.sh mapping_kommun_bas data/mapping/kommun-bas.yaml && \
	  scripts/embed.sh mapping_bas data/mapping/bas.yaml; } > $@

# The web application's stylesheet, script and typeface (the report's
# Liberation Sans, SIL Open Font License, from fonts-liberation2), compiled
# in likewise so that `finsam serve` needs nothing beside it.
FONT_DIR   ?= /usr/share/fonts/truetype/liberation2
WEB_ASSETS := src/web/static/finsam.css src/web/static/finsam.js \
              $(FONT_DIR)/LiberationSans-Regular.ttf $(FONT_DIR)/LiberationSans-Bold.ttf
$(BUILD)/gen/web_assets.c: $(WEB_ASSETS) scripts/embed.sh
	@mkdir -p $(dir $@)
	{ scripts/embed.sh web_css src/web/static/finsam.css && \
	  scripts/embed.sh web_js src/web/static/finsam.js && \
	  scripts/embed.sh web_font_regular $(FONT_DIR)/LiberationSans-Regular.ttf && \
	  scripts/embed.sh web_font_bold $(FONT_DIR)/LiberationSans-Bold.ttf; } > $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/obj/tests/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/unit -MMD -MP -c -o $@ $<

$(BUILD)/tests/test_%: $(BUILD)/obj/tests/test_%.o $(TEST_SUPPORT) $(BUILD)/libfinsam.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS) -lcmocka

unit: $(UNIT_BIN)

check: all unit
	tests/run $(BUILD)

check-san:
	$(MAKE) SAN=1 check

lint:
	scripts/lint

# The SIE reader under libFuzzer (clang), with ASan and UBSan.
FUZZ_SRC := $(sort $(wildcard src/util/*.c src/sie/*.c))
build-fuzz/fuzz_sie: tests/fuzz/fuzz_sie.c $(FUZZ_SRC) $(wildcard src/*/*.h)
	@mkdir -p build-fuzz
	clang $(WARN) $(DEFS) -g -O1 -Isrc $(PKG_CFLAGS) \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -pthread \
		-o $@ tests/fuzz/fuzz_sie.c $(FUZZ_SRC) $(PKG_LIBS)

fuzz: build-fuzz/fuzz_sie

fuzz-smoke: build-fuzz/fuzz_sie
	tests/fuzz/run-smoke

install: $(BIN) $(FULL_BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR)/finsam $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/finsam
	install -m 755 $(FULL_BIN) $(DESTDIR)$(LIBEXECDIR)/finsam/finsam-full
	install -m 644 docs/finsam.1 $(DESTDIR)$(MANDIR)/man1/finsam.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/finsam $(DESTDIR)$(LIBEXECDIR)/finsam/finsam-full \
		$(DESTDIR)$(MANDIR)/man1/finsam.1

bench: $(BIN)
	bench/run

clean:
	rm -rf build build-san build-fuzz finsam

# Keep the test objects between runs.
.SECONDARY:

-include $(shell find build build-san -name '*.d' 2>/dev/null)
