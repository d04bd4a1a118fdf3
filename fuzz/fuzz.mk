# fuzz.mk - builds the libFuzzer targets with clang (GNU make; run by
# fuzz/fuzz.sh, which `make fuzz` and tests/fuzz-smoke.sh call).
#
#   make -f fuzz/fuzz.mk srcdir=SRC builddir=BUILD ENGINE_SRCS='engine/trace/x.c ...'
#
# The engine is compiled again, by clang, with coverage instrumentation
# (-fsanitize=fuzzer-no-link) and ASan/UBSan, into BUILD/fuzz/build/; each
# target links the objects it needs from that archive. ENGINE_SRCS are the
# library's sources relative to SRC (engine/trace/listings.c, which the build
# generates, is taken from BUILD). Dependencies are tracked (-MMD).

FUZZ_CC ?= clang
FUZZ_CFLAGS ?= -g -O1
SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
      -fno-omit-frame-pointer
TARGETS = scenario maps stat trace quiz

out := $(builddir)/fuzz/build
CPPFLAGS_F = -DHAVE_CONFIG_H -I$(builddir) -I$(srcdir)/engine -I$(srcdir)/labs \
      -I$(srcdir)/fuzz
CFLAGS_F = $(FUZZ_CFLAGS) $(SAN) -fsanitize=fuzzer-no-link -std=gnu11 -w

srcs := $(filter %.c,$(ENGINE_SRCS))
objs := $(patsubst %.c,$(out)/%.o,$(srcs)) $(out)/engine/trace/listings.o
bins := $(addprefix $(out)/fuzz-,$(TARGETS))

all: $(bins)

$(out)/engine/trace/listings.o: $(builddir)/engine/trace/listings.c
	@mkdir -p $(@D)
	@echo "  FUZZCC   $<"
	@$(FUZZ_CC) $(CPPFLAGS_F) $(CFLAGS_F) -MMD -MP -c -o $@ $<

$(out)/engine/%.o: $(srcdir)/engine/%.c
	@mkdir -p $(@D)
	@echo "  FUZZCC   $<"
	@$(FUZZ_CC) $(CPPFLAGS_F) $(CFLAGS_F) -MMD -MP -c -o $@ $<

$(out)/labs/%.o: $(srcdir)/labs/%.c
	@mkdir -p $(@D)
	@echo "  FUZZCC   $<"
	@$(FUZZ_CC) $(CPPFLAGS_F) $(CFLAGS_F) -MMD -MP -c -o $@ $<

$(out)/libengine.a: $(objs)
	@rm -f $@
	@ar cr $@ $^

$(out)/fuzz-%.o: $(srcdir)/fuzz/fuzz-%.c
	@mkdir -p $(@D)
	@echo "  FUZZCC   $<"
	@$(FUZZ_CC) $(CPPFLAGS_F) $(CFLAGS_F) -MMD -MP -c -o $@ $<

$(out)/fuzz-%: $(out)/fuzz-%.o $(out)/libengine.a
	@echo "  FUZZLD   $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(SAN) -fsanitize=fuzzer -o $@ $< $(out)/libengine.a

.PHONY: all
.SECONDARY:
.DELETE_ON_ERROR:

-include $(wildcard $(out)/*.d $(out)/engine/*/*.d $(out)/labs/*/*.d)
