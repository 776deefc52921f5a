# PrepTalk: plain GNU make, no configure step.
# make run | test | bench | fuzz | fmt | lint | install | clean   (knobs: V=1 SAN=1 O=0)
# Sources are found by convention, so adding a file needs no Makefile edit:
#   app/**/*.c               -> build/preptalk (app/main.c holds main)
#   tests/unit/**/*_test.c   -> build/unit/...  (cmocka, ASan+UBSan, linked with app/ minus main)
#   tests/fuzz/*_fuzz.c      -> build/fuzz/...  (clang libFuzzer, ASan+UBSan)
#   tests/bench/*.c          -> build/bench/... (-O2, linked with app/ minus main)

VERSION  := 0.1.0
PREFIX   ?= /usr/local
SHARED_DIR ?= $(abspath ../shared)
O        ?= 2
CC       ?= cc
CLANG    ?= clang
Q        := $(if $(V),,@)

PKGS     := libpq json-c libjwt libsodium
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lfcgi -lm

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wpointer-arith -Wcast-qual -Wformat=2 -Wno-unused-parameter
ifeq ($(CI),true)
WARN     += -Werror
endif
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -DPREPTALK_VERSION='"$(VERSION)"' -Iapp $(PKG_CFLAGS) $(WARN) -g
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ifeq ($(SAN),1)
CFLAGS_APP := $(CFLAGS_BASE) -O1 $(SANFLAGS) -DARENA_SAN=1
LDFLAGS_APP := $(SANFLAGS)
else
CFLAGS_APP := $(CFLAGS_BASE) -O$(O)
LDFLAGS_APP :=
endif

APP_SRC   := $(shell find app -name '*.c' | sort)
LIB_SRC   := $(filter-out app/main.c,$(APP_SRC))
APP_OBJ   := $(APP_SRC:%.c=build/obj/%.o)
LIB_OBJ   := $(LIB_SRC:%.c=build/obj/%.o)
SAN_OBJ   := $(LIB_SRC:%.c=build/san/%.o)
FUZZLIB_OBJ := $(LIB_SRC:%.c=build/fuzzobj/%.o)
UNIT_SRC  := $(shell find tests/unit -name '*_test.c' 2>/dev/null | sort)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=build/unit/%)
FUZZ_SRC  := $(wildcard tests/fuzz/*_fuzz.c)
FUZZ_BIN  := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
BENCH_SRC := $(wildcard tests/bench/*.c)
BENCH_BIN := $(BENCH_SRC:tests/bench/%.c=build/bench/%)

.PHONY: all deps run test unit bench fuzz fmt lint install clean scale-data explain scale-bench chaos

all: build/preptalk

build/preptalk: $(APP_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS_APP) -o $@ $^ $(PKG_LIBS)

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_APP) -MMD -MP -c -o $@ $<

build/san/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	$(Q)$(CC) $(CFLAGS_BASE) -O1 $(SANFLAGS) -DARENA_SAN=1 -MMD -MP -c -o $@ $<

build/fuzzobj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	$(Q)$(CLANG) $(CFLAGS_BASE) -O1 -fsanitize=fuzzer-no-link,address,undefined -DARENA_SAN=1 -MMD -MP -c -o $@ $<

build/unit/%: tests/unit/%.c $(SAN_OBJ)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	$(Q)$(CC) $(CFLAGS_BASE) -O1 $(SANFLAGS) -DSHARED_DIR='"$(SHARED_DIR)"' -Itests -o $@ $< $(SAN_OBJ) $(PKG_LIBS) -lcmocka

build/fuzz/%: tests/fuzz/%.c $(FUZZLIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)$(CLANG) $(CFLAGS_BASE) -O1 -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZLIB_OBJ) $(PKG_LIBS)

build/bench/%: tests/bench/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  BENCH   $@"
	$(Q)$(CC) $(CFLAGS_BASE) -O2 -DSHARED_DIR='"$(SHARED_DIR)"' -o $@ $< $(LIB_OBJ) $(PKG_LIBS)

deps:
	@scripts/deps.sh

unit: $(UNIT_BIN)

run: deps
	@$(MAKE) --no-print-directory build/preptalk
	@scripts/run.sh

test: deps
	@$(MAKE) --no-print-directory build/preptalk $(UNIT_BIN) $(FUZZ_BIN) $(BENCH_BIN)
	@SHARED_DIR=$(SHARED_DIR) scripts/test.sh

bench: deps
	@$(MAKE) --no-print-directory build/preptalk $(BENCH_BIN) O=2
	@SHARED_DIR=$(SHARED_DIR) scripts/bench.sh

fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@scripts/fuzz.sh $(or $(FUZZ_SECONDS),600)

chaos: deps
	@$(MAKE) --no-print-directory build/preptalk
	@scripts/chaos.sh

scale-data: deps
	@$(MAKE) --no-print-directory build/preptalk
	@scripts/scale-data.sh

explain:
	@scripts/explain.sh

scale-bench:
	@scripts/scale-bench.sh

fmt:
	clang-format -i $(APP_SRC) $(shell find app tests -name '*.h' -o -name '*.c' | grep -v '^app/.*\.c$$')

lint: build/preptalk
	@scripts/lint.sh

install: build/preptalk
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/preptalk
	install -m 755 build/preptalk $(DESTDIR)$(PREFIX)/bin/preptalk
	cp -r templates static sql nginx data $(DESTDIR)$(PREFIX)/share/preptalk/

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
