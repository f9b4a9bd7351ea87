# user/user.mk - user programs and libpc, their runtime library.
#
# Included by the top-level Makefile; also usable alone:
#     make -f user/user.mk [CC=clang]       builds every program
#
#   user-all          build/user/NAME.elf for every program (= $(USER_PROGS))
#   user-host-check   run the host-runnable programs on this Linux machine
#   user-clean        remove build/user
#
# A program is user/programs/NAME.c, or a directory user/programs/NAME/
# whose .c and .asm files are linked together.  Programs are static ELF64
# executables for the Linux x86-64 ABI, so they also run on a Linux host.

# Remember the includer's default goal so including us never changes it.
USER_SAVED_GOAL := $(.DEFAULT_GOAL)
USER_STANDALONE := $(if $(filter 1,$(words $(MAKEFILE_LIST))),yes,)

BUILD ?= build
ifeq ($(origin CC),default)
CC := gcc
endif
NASM ?= nasm
ifeq ($(origin Q),undefined)
Q := $(if $(filter 1,$(V)),,@)
endif

USER_BUILD   := $(BUILD)/user
USER_CC_NAME := $(notdir $(firstword $(CC)))
USER_OBJDIR  := $(USER_BUILD)/obj-$(USER_CC_NAME)

# -nostdinc hides the host's libc headers (they would silently "work"),
# while -isystem brings back the compiler's own freestanding ones:
# stdint.h, stddef.h, stdarg.h, stdbool.h, stdnoreturn.h.
# Asked of the compiler on first use, not when make reads this file: a
# machine without gcc must get the one-line "missing packages" message,
# not "gcc: No such file or directory" first.
USER_CC_INCLUDE = $(eval USER_CC_INCLUDE := $$(shell $(CC) -print-file-name=include))$(USER_CC_INCLUDE)
USER_CFLAGS = -std=c11 -ffreestanding -fno-builtin -nostdlib -nostdinc \
	-isystem $(USER_CC_INCLUDE) -static -fno-pie \
	-O2 -g -Wall -Wextra -Werror -fno-stack-protector \
	-fno-asynchronous-unwind-tables -I user/include -I . -MMD -MP
ifneq ($(findstring gcc,$(USER_CC_NAME)),)
# Otherwise gcc turns the loop inside memset into a call to memset.
USER_CFLAGS += -fno-tree-loop-distribute-patterns
endif
USER_NASMFLAGS := -f elf64 -g -F dwarf
# -no-pie belongs here, not in USER_CFLAGS: we link with ld directly, and
# clang rejects link-only flags when compiling (-Werror).  Text starts at
# 4 MiB like a classic Linux executable; 4 KiB segment alignment keeps the
# files small and the kernel's ELF loader simple.
USER_LDFLAGS := -static -nostdlib -no-pie -e _start -Ttext-segment=0x400000 \
	-z max-page-size=0x1000 -z noexecstack

# ---- libpc -----------------------------------------------------------------
# The kernel's formatter and string functions are compiled a second time
# for user mode: one implementation, tested once (tests/host).
USER_LIB_SRCS := $(sort $(wildcard user/lib/*.c)) kernel/lib/format.c \
	kernel/lib/string.c
USER_LIB_ASM  := $(filter-out user/lib/crt0.asm,$(sort $(wildcard user/lib/*.asm)))
USER_LIB_OBJS := $(patsubst %.c,$(USER_OBJDIR)/%.o,$(USER_LIB_SRCS)) \
	$(patsubst %.asm,$(USER_OBJDIR)/%.o,$(USER_LIB_ASM))
USER_CRT0     := $(USER_OBJDIR)/user/lib/crt0.o
USER_LIB      := $(USER_BUILD)/libpc.a

# ---- programs --------------------------------------------------------------
USER_PROG_NAMES := $(sort $(basename $(notdir $(wildcard user/programs/*.c))) \
	$(notdir $(patsubst %/,%,$(wildcard user/programs/*/))))
USER_PROGS := $(patsubst %,$(USER_BUILD)/%.elf,$(USER_PROG_NAMES))

# Programs that make sense on a Linux host, and the arguments to run them
# with there.  Each must exit 0.
USER_HOST_PROGS := hello usertests
USER_HOST_ARGS_hello := host check

user_prog_srcs = $(wildcard user/programs/$(1).c user/programs/$(1)/*.c \
	user/programs/$(1)/*.asm)
user_objs = $(patsubst %.c,$(USER_OBJDIR)/%.o,$(filter %.c,$(1))) \
	$(patsubst %.asm,$(USER_OBJDIR)/%.o,$(filter %.asm,$(1)))

# ---- rules -----------------------------------------------------------------
.PHONY: user-all user-host-check user-clean user-cc-check

user-all: $(USER_PROGS)

$(USER_OBJDIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

$(USER_OBJDIR)/%.o: %.asm
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  NASM    $<")
	$(Q)$(NASM) $(USER_NASMFLAGS) -MD $(@:.o=.d) -MP $< -o $@

# Objects live in a directory per compiler, but libpc.a and the programs
# don't: relink them when CC changes.  The stamp's recipe always runs, yet
# the file only changes (and triggers relinks) when the compiler does.
$(USER_BUILD)/cc-used: user-cc-check
	@mkdir -p $(dir $@)
	@echo "$(USER_CC_NAME)" | cmp -s - $@ || echo "$(USER_CC_NAME)" > $@

$(USER_LIB): $(USER_LIB_OBJS) $(USER_BUILD)/cc-used
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $(USER_LIB_OBJS)

# crt0.o first, as crt1.o is for a libc program; the entry point is set
# by -e _start in any case.
define user_prog_rule
$(USER_BUILD)/$(1).elf: $(USER_CRT0) $(call user_objs,$(call user_prog_srcs,$(1))) $(USER_LIB)
	@$$(if $$(Q),echo "  LD      $$@")
	$$(Q)$$(LD) $$(USER_LDFLAGS) -o $$@ $$(filter %.o,$$^) $$(USER_LIB)
endef
$(foreach p,$(USER_PROG_NAMES),$(eval $(call user_prog_rule,$(p))))

# No core files from the tests that die on purpose; a timeout so a hung
# test cannot hang the build.
user-host-check: $(patsubst %,$(USER_BUILD)/%.elf,$(USER_HOST_PROGS))
	@ulimit -c 0; failed=""; \
	$(foreach p,$(USER_HOST_PROGS),\
	    echo "== $(USER_BUILD)/$(p).elf $(USER_HOST_ARGS_$(p))"; \
	    timeout 600 $(USER_BUILD)/$(p).elf $(USER_HOST_ARGS_$(p)) || \
		failed="$$failed $(p)";) \
	if [ -n "$$failed" ]; then echo "user-host-check FAILED:$$failed"; exit 1; fi; \
	echo "user-host-check: all passed"

user-clean:
	rm -rf $(USER_BUILD)

-include $(shell find $(USER_OBJDIR) -name '*.d' 2>/dev/null)

ifeq ($(USER_STANDALONE),yes)
.DEFAULT_GOAL := user-all
else
.DEFAULT_GOAL := $(USER_SAVED_GOAL)
endif
