# csmap - contextual safeguarding maps.  `make demo`, `make test`.
PKGS    = gdal proj shapelib pangocairo cairo-pdf cairo-svg cairo-png \
          libfyaml libsodium libpng
PREFIX ?= /usr/local
CFLAGS ?= -O2 -g
WARN    = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
          -Wmissing-prototypes -Wformat=2 -Wvla $(if $(WERROR),-Werror)
DEPS    = $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
CSM_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -fPIC $(WARN) -Iinclude $(DEPS) \
             -DCSM_PREFIX='"$(PREFIX)"'
LDLIBS  = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm

B = build
ifdef SANITIZE
B        = build-san
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
export LSAN_OPTIONS = suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
export ASAN_OPTIONS = detect_leaks=1
endif
export B

SRC     = $(wildcard src/*/*.c)
LIB_OBJ = $(patsubst %.c,$(B)/%.o,$(filter-out src/cli/%,$(SRC)))
CLI_OBJ = $(patsubst %.c,$(B)/%.o,$(filter src/cli/%,$(SRC)))
UNITS   = $(patsubst tests/unit/%.c,$(B)/%,$(wildcard tests/unit/test_*.c))
TOOLS   = $(B)/gen-northbridge

all: $(B)/csmap

$(B)/libcsmap.a: $(LIB_OBJ)
	@echo "  AR    $@"
	@rm -f $@
	@$(AR) qcs $@ $^
$(B)/libcsmap.so: $(LIB_OBJ)
	$(CC) -shared $(CFLAGS) $(LDFLAGS) -Wl,-soname,libcsmap.so.0 -o $@ $^ $(LDLIBS)
$(B)/csmap: $(CLI_OBJ) $(B)/libcsmap.a
	@echo "  LINK  $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(B)/src/cli/%.o: src/cli/%.c             # the tool sees include/ only
	@mkdir -p $(@D)
	@echo "  CC    $<"
	@$(CC) $(CSM_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<
$(B)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC    $<"
	@$(CC) $(CSM_CFLAGS) -Isrc $(CFLAGS) -MMD -MP -c -o $@ $<
$(B)/test_%: tests/unit/test_%.c $(B)/libcsmap.a
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	@$(CC) $(CSM_CFLAGS) -Isrc -Itests/unit $(CFLAGS) $(LDFLAGS) -o $@ $^ \
	    $(LDLIBS) $(shell pkg-config --libs cmocka)
$(B)/pngprobe: tests/e2e/pngprobe.c
	@mkdir -p $(@D)
	$(CC) $(CSM_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(shell pkg-config --libs libpng)
$(B)/gen-northbridge: tools/gen-northbridge.c
	@mkdir -p $(@D)
	$(CC) $(CSM_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< -lm

# Install what is missing (Debian packages); quick when everything is
# there (the script checks with dpkg-query first).
deps:
	@scripts/install-deps

demo: deps
	@$(MAKE) --no-print-directory $(B)/csmap
	@mkdir -p out
	$(B)/csmap render examples/strategy-meeting.yaml -o out/strategy-meeting.pdf
	$(B)/csmap render examples/strategy-meeting.yaml -o out/strategy-meeting.png
	@echo "demo map: out/strategy-meeting.pdf and out/strategy-meeting.png"

# Regenerate the fictional town's layers (deterministic).
northbridge: $(B)/gen-northbridge
	$(B)/gen-northbridge -o layers/northbridge

unit: $(UNITS)
	@tests/run.sh $(UNITS)
test: deps
	@$(MAKE) --no-print-directory $(UNITS) $(B)/csmap $(B)/pngprobe
	@tests/run.sh $(UNITS) tests/e2e/run-cases.sh tests/e2e/postgis.sh

bench: deps
	@command -v map2img >/dev/null 2>&1 && [ -x /usr/bin/time ] || \
	    scripts/install-deps --with-bench
	@$(MAKE) --no-print-directory $(B)/csmap $(TOOLS)
	@bench/run.sh
	@bench/aggregate.sh
	@bench/atlas.sh

install: $(B)/csmap $(B)/libcsmap.a $(B)/libcsmap.so
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include \
	    $(DESTDIR)$(PREFIX)/share/csmap/styles \
	    $(DESTDIR)$(PREFIX)/share/csmap/layers \
	    $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(B)/csmap $(DESTDIR)$(PREFIX)/bin/csmap
	install -m 644 $(B)/libcsmap.a $(DESTDIR)$(PREFIX)/lib/libcsmap.a
	install -m 755 $(B)/libcsmap.so $(DESTDIR)$(PREFIX)/lib/libcsmap.so.0
	ln -sf libcsmap.so.0 $(DESTDIR)$(PREFIX)/lib/libcsmap.so
	install -m 644 include/csmap.h $(DESTDIR)$(PREFIX)/include/csmap.h
	install -m 644 styles/*.yaml $(DESTDIR)$(PREFIX)/share/csmap/styles/
	cp -R layers/. $(DESTDIR)$(PREFIX)/share/csmap/layers/
	install -m 644 doc/csmap.1 $(DESTDIR)$(PREFIX)/share/man/man1/csmap.1
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(shell sed -n 's/^#define CSM_VERSION "\(.*\)"/\1/p' include/csmap.h)|g' \
	    -e 's|@PKGS@|$(PKGS)|g' csmap.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/csmap.pc

format:
	clang-format -i include/*.h src/*/*.c src/*/*.h tests/unit/*.c tools/*.c 2>/dev/null || true

clean:
	rm -rf build build-san out

.PHONY: all deps demo northbridge unit test bench install format clean
-include $(shell find $(B) -name '*.d' 2>/dev/null)
