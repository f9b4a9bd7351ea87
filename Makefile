# Portcullis - top-level Makefile.
#
#   make            build/kernel.elf and build/portcullis.iso
#   make run        boot the demo in QEMU (serial on this terminal)
#   make test       every test: host unit tests, then in-guest tests
#   make gdb        QEMU waiting for gdb, and gdb attached to it
#   make bench      the I/O bitmap benchmark (build/bench/results.*)
#   make trace      boot with iotrace and draw build/trace/timeline.svg
#   make usb DEV=/dev/sdX   write the image to a USB stick (checks first)
#   make fmt        clang-format every C source and header
#   make fmt-check  fail if any would change (make test runs it)
#   make deps       install missing Debian packages
#   make clean
# Variables: CC=clang (build the kernel with clang), V=1 (show commands),
#            D=1 (QEMU -d int,cpu_reset,guest_errors log in build/qemu.log),
#            CMDLINE="..." (kernel command line for make run).

BUILD    := build
CC       ?= gcc
ifeq ($(origin CC),default)
CC       := gcc
endif
NASM     := nasm
LD       := ld
HOSTCC   := gcc
PYTHON   := /usr/bin/python3

ifeq ($(V),1)
Q :=
else
Q := @
endif

CC_NAME  := $(notdir $(firstword $(CC)))
# KDEBUG=0 drops the kernel's debug checks (heap poisoning, the I/O map
# invariant check): the benchmark measures such a build.
KDEBUG   ?= 1
OBJDIR   = $(BUILD)/obj-$(CC_NAME)$(if $(filter 0,$(KDEBUG)),-nodebug)

# ---- kernel flags ---------------------------------------------------------
# -mcmodel=kernel: code and data live in the top 2 GiB.  No red zone:
# interrupts arrive on the same stack.  No SSE/x87 in the kernel: we would
# otherwise have to save user FPU state on every kernel entry.  Frame
# pointers stay on for the backtraces in trap reports.
KCFLAGS := -std=c11 -ffreestanding -fno-builtin -nostdlib -mno-red-zone \
	-mcmodel=kernel -fno-pic -fno-pie -mno-sse -mno-sse2 -mno-mmx -mno-80387 \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-O2 -g -Wall -Wextra -Werror -I. -DKDEBUG=$(KDEBUG) -MMD -MP
ifeq ($(CC_NAME),gcc)
# Stop gcc from turning the loops in memset/memcpy into calls to themselves.
KCFLAGS += -fno-tree-loop-distribute-patterns
endif
NASMFLAGS = -f elf64 -g -F dwarf -I./ -I$(OBJDIR)/
LDFLAGS   := -n -z max-page-size=0x1000 -z noexecstack -T linker.ld --no-warn-rwx-segments

# asm_offsets.c is compiled to text, never linked (see the file).
ASM_OFFSETS_C := arch/x86_64/asm_offsets.c
KERNEL_C   := $(filter-out $(ASM_OFFSETS_C),$(shell find kernel arch -name '*.c' | sort))
KERNEL_ASM := $(shell find boot arch -name '*.asm' | sort)
KERNEL_OBJ := $(patsubst %.c,$(OBJDIR)/%.o,$(KERNEL_C)) \
	      $(patsubst %.asm,$(OBJDIR)/%.o,$(KERNEL_ASM)) \
	      $(OBJDIR)/font8x16.o

.PHONY: all
all: $(BUILD)/portcullis.iso

# Plain `make` (and the other build-only goals) stops at once, in one line,
# when a build tool is missing, instead of failing half-way through with
# "nasm: No such file or directory".  Goals that install packages first
# (run, test, bench, gdb, deps) skip this check: their sub-make does it
# after the installation.
BUILD_ONLY_GOALS := all iso kernel host-test guest-test
ifneq ($(filter $(BUILD_ONLY_GOALS),$(or $(MAKECMDGOALS),all)),)
MISSING_PACKAGES := $(shell bash tools/deps.sh missing build)
ifneq ($(MISSING_PACKAGES),)
$(error missing Debian packages: $(MISSING_PACKAGES); `make deps` installs them (`make run` and `make test` do it themselves))
endif
endif

# Rebuild everything when the compiler changes (objects live per compiler,
# but kernel.elf is shared).
$(BUILD)/cc-used: FORCE
	@mkdir -p $(BUILD)
	@echo "$(CC_NAME) KDEBUG=$(KDEBUG)" | cmp -s - $@ || echo "$(CC_NAME) KDEBUG=$(KDEBUG)" > $@

$(OBJDIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(OBJDIR)/%.o: %.asm
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  NASM    $<")
	$(Q)$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) -MP $< -o $@

# Struct offsets and selectors for assembly, from the compiler.
$(OBJDIR)/asm_offsets.s: $(ASM_OFFSETS_C)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KCFLAGS) -S $< -o $@
$(OBJDIR)/asm_offsets.inc: $(OBJDIR)/asm_offsets.s
	$(Q)sed -n 's/.*"@@asm \([A-Z0-9_]*\) \([0-9]*\)".*/%define \1 \2/p' $< > $@
	$(Q)test -s $@ || { echo "error: no constants in $@"; rm -f $@; exit 1; }
$(patsubst %.asm,$(OBJDIR)/%.o,$(KERNEL_ASM)): $(OBJDIR)/asm_offsets.inc

# The console font: drawn as text in the tree, turned into C at build time.
$(BUILD)/font8x16.c: kernel/console/font5x7.txt tools/genfont.py
	@mkdir -p $(BUILD)
	$(Q)$(PYTHON) tools/genfont.py $< $@
$(OBJDIR)/font8x16.o: $(BUILD)/font8x16.c
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

# Two links: see kernel/ksym.h.  The text section must not move between
# them, which the cmp below checks.
$(BUILD)/ksyms-empty.c: tools/gensyms.sh
	@mkdir -p $(BUILD)
	$(Q)sh tools/gensyms.sh - $@
$(OBJDIR)/ksyms-empty.o: $(BUILD)/ksyms-empty.c
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@
$(BUILD)/kernel-stage1.elf: $(KERNEL_OBJ) $(OBJDIR)/ksyms-empty.o linker.ld $(BUILD)/cc-used
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KERNEL_OBJ) $(OBJDIR)/ksyms-empty.o
$(BUILD)/ksyms.c: $(BUILD)/kernel-stage1.elf tools/gensyms.sh
	$(Q)sh tools/gensyms.sh $< $@
$(OBJDIR)/ksyms.o: $(BUILD)/ksyms.c
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@
$(BUILD)/kernel.elf: $(KERNEL_OBJ) $(OBJDIR)/ksyms.o linker.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KERNEL_OBJ) $(OBJDIR)/ksyms.o
	$(Q)sh tools/gensyms.sh $@ $(BUILD)/ksyms-check.c && \
	    cmp -s $(BUILD)/ksyms.c $(BUILD)/ksyms-check.c || \
	    { echo "error: functions moved between the two links (see kernel/ksym.h)"; rm -f $@; exit 1; }

# ---- user programs --------------------------------------------------------
include user/user.mk

# USER_EXTRA="a.elf dir/b": static executables built elsewhere, packed into
# the ISO beside ours and run by name ("a", "b") or as /bin/NAME.
USER_EXTRA ?=
ISO_PROGRAMS := $(USER_PROGS) $(USER_EXTRA)
# The list is part of the image: repack when it changes.
$(BUILD)/programs.list: FORCE
	@mkdir -p $(BUILD)
	@echo "$(ISO_PROGRAMS)" | cmp -s - $@ || echo "$(ISO_PROGRAMS)" > $@

# ---- the ISO --------------------------------------------------------------
ISODIR := $(BUILD)/isodir
$(BUILD)/portcullis.iso: $(BUILD)/kernel.elf boot/grub.cfg tools/cmdline-slot.sh \
		tools/pack-programs.sh $(ISO_PROGRAMS) $(BUILD)/programs.list \
		$(wildcard user/etc/*)
	@mkdir -p $(ISODIR)/boot/grub
	$(Q)cp $(BUILD)/kernel.elf $(ISODIR)/boot/kernel.elf
	$(Q)cp boot/grub.cfg $(ISODIR)/boot/grub/grub.cfg
	$(Q)bash tools/pack-programs.sh $(ISODIR) $(ISO_PROGRAMS)
	$(Q)bash tools/cmdline-slot.sh make "$(ISO_CMDLINE)" > $(ISODIR)/boot/grub/cmdline.cfg
	@$(if $(Q),echo "  ISO     $@")
	$(Q)grub-mkrescue --compress=xz -o $@ $(ISODIR) >$(BUILD)/grub-mkrescue.log 2>&1 || \
	    { cat $(BUILD)/grub-mkrescue.log; exit 1; }

.PHONY: iso kernel
iso: $(BUILD)/portcullis.iso
kernel: $(BUILD)/kernel.elf

# ---- dependencies ---------------------------------------------------------
.PHONY: deps deps-check
deps:
	@bash tools/deps.sh install
deps-check:
	@bash tools/deps.sh check 2>/dev/null || bash tools/deps.sh install

# ---- running --------------------------------------------------------------
RUNFLAGS :=
# make run gives QEMU this many CPUs (docs/smp.md).
SMP ?= 2
ifeq ($(D),1)
RUNFLAGS += --debug-log $(BUILD)/qemu.log
endif
ifdef CMDLINE
RUNFLAGS += --cmdline "$(CMDLINE)"
endif

.PHONY: run gdb
# The two things a newcomer asks first, said before QEMU takes the
# terminal (the demo says them again when it ends).
RUN_HINT_EXIT := make run: the serial console is this terminal; leave QEMU with Ctrl-A X (Ctrl-A, then X)
RUN_HINT_INIT := make run: boot another program with CMDLINE, e.g. make run CMDLINE="init=usertests" (programs: $(USER_PROG_NAMES))
run: deps-check
	$(Q)$(MAKE) --no-print-directory all
	@echo '$(RUN_HINT_EXIT)'
	@echo '$(RUN_HINT_INIT)'
	./run-qemu.sh --smp $(SMP) $(RUNFLAGS)

gdb: deps-check
	$(Q)$(MAKE) --no-print-directory all
	./run-qemu.sh --gdb --headless $(RUNFLAGS) & \
	  sleep 1; gdb -q -x tools/gdbinit $(BUILD)/kernel.elf; kill %1 2>/dev/null || true

# ---- tests ----------------------------------------------------------------
HOST_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra -Werror -I. -DHOST_TEST \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOST_LIBS := -lcmocka

HOST_TESTS :=
include tests/host/host.mk
HOST_BINS := $(addprefix $(BUILD)/host/test_,$(HOST_TESTS))

define host_test_rule
$(BUILD)/host/test_$(1): $$($(1)_SRCS) $$(wildcard kernel/*.h kernel/*/*.h arch/x86_64/*.h tests/host/*.h)
	@mkdir -p $$(dir $$@)
	@$$(if $$(Q),echo "  HOSTCC  $$@")
	$$(Q)$$(HOSTCC) $$(HOST_CFLAGS) -o $$@ $$($(1)_SRCS) $$(HOST_LIBS)
endef
$(foreach t,$(HOST_TESTS),$(eval $(call host_test_rule,$(t))))

.PHONY: test host-test guest-test
test: deps-check
	$(Q)$(MAKE) --no-print-directory fmt-check
	$(Q)$(MAKE) --no-print-directory host-test
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(MAKE) --no-print-directory guest-test

host-test: $(HOST_BINS)
	@set -e; for t in $(HOST_BINS); do echo "== $$t"; $$t; done

# Guest tests run on JOBS workers (pytest-xdist), one test file per worker
# at a time (--dist loadgroup, every file its own group: files share build
# directories and boots), except where a file names finer groups for tests
# that share nothing (test_labs.py: one group per handout).
# Each QEMU is one busy host thread, so JOBS defaults to the host's cores.
# The ten slowest tests are listed at the end: make test has a 10-minute
# budget on 2 cores, and this is where it goes.
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
guest-test: $(BUILD)/portcullis.iso
	$(PYTHON) -m pytest -q -p no:cacheprovider --durations=10 $(if $(filter-out 1,$(JOBS)),-n $(JOBS) --dist loadgroup) tests/guest $(PYTEST_ARGS)

# ---- iotrace timeline -----------------------------------------------------
# make trace [CMDLINE="init=... exit=idle"]: boot with iotrace, keep the
# serial log and draw it (tools/iotrace-svg.py): one lane per CPU, a mark
# per TSS-map decision, coloured copy / skip / all / invalidate / fault.
# CMDLINE goes in single quotes: init="prog args" keeps its double quotes.
TRACE_DIR := $(BUILD)/trace
.PHONY: trace
trace: deps-check
	$(Q)$(MAKE) --no-print-directory all
	@mkdir -p $(TRACE_DIR)
	./run-qemu.sh --test --timeout 300 --cmdline '$(or $(CMDLINE),init=demo exit=idle) iotrace' \
	    > $(TRACE_DIR)/serial.log; echo "make trace: the run ended with status $$? (0 = success)"
	$(PYTHON) tools/iotrace-svg.py $(TRACE_DIR)/serial.log -o $(TRACE_DIR)/timeline.svg
	@echo "make trace: $(TRACE_DIR)/timeline.svg (open it in a browser; hover a mark for its line)"
# ---- soak -----------------------------------------------------------------
# The long forms of the issue-14 soaks (user/programs/soak.c): the system
# call fuzzer with 10^6 calls and the life-cycle soak with 10^5 cycles;
# then issue 12's migration soak on 4 CPUs: iotests' stress runs with
# random pinning, 10^6 probes in all (user/programs/iotests/t_stress.c).
# The serial logs are kept in $(BUILD)/soak.log and $(BUILD)/soak-smp.log;
# exit status as run-qemu.sh (the first failure).
.PHONY: soak
soak: deps-check
	$(Q)$(MAKE) --no-print-directory all
	./run-qemu.sh --test --timeout 7200 --serial-log $(BUILD)/soak.log \
		--cmdline "init=soak exit=idle hz=1000"
	./run-qemu.sh --test --timeout 3600 --smp 4 --serial-log $(BUILD)/soak-smp.log \
		--cmdline 'init="iotests --migrate-soak 1000000" exit=idle iocheck'

# ---- the lab kit (README "For instructors", docs/labs/) ---------------------
# make grade [LAB=n]: the lab's grader (grade/); make handout LAB=n DEST=dir:
# the student tree for lab n, a fresh git repository.
.PHONY: grade handout
grade: deps-check
	$(Q)$(MAKE) --no-print-directory all
	$(PYTHON) grade/grade.py $(if $(LAB),--lab $(LAB)) $(GRADE_ARGS)

handout:
	@test -n "$(LAB)" -a -n "$(DEST)" || { echo "usage: make handout LAB=n DEST=dir"; exit 2; }
	$(PYTHON) tools/handout.py --lab $(LAB) --dest $(DEST)

# ---- USB stick ------------------------------------------------------------
# make usb DEV=/dev/sdX [YES=1]: write the image to a stick, with the checks
# of tools/usb-write.sh (removable, not mounted, not the running system).
.PHONY: usb
usb: $(BUILD)/portcullis.iso
	$(Q)YES=$(YES) bash tools/usb-write.sh $(BUILD)/portcullis.iso "$(DEV)"

# ---- benchmark ------------------------------------------------------------
# A KDEBUG=0 image of its own (no debug checks in the numbers), booted
# under -icount shift=0 (or KVM=1 on a real host): docs/performance.md.
BENCH_BUILD := $(BUILD)/bench
.PHONY: bench
bench: deps-check
	$(Q)$(MAKE) --no-print-directory BUILD=$(BENCH_BUILD) KDEBUG=0 iso
	$(PYTHON) tools/bench.py --iso $(BENCH_BUILD)/portcullis.iso --out $(BENCH_BUILD) \
	    $(if $(filter 1,$(KVM)),--kvm)

# ---- housekeeping ---------------------------------------------------------
.PHONY: fmt fmt-check clean FORCE
FORCE:
FMT_FILES = $$(find boot kernel arch user tests -name '*.[ch]')
fmt:
	clang-format -i $(FMT_FILES)

# Part of make test: format drift fails the run, naming each file and line;
# `make fmt` fixes it.
fmt-check: deps-check
	@clang-format --dry-run -Werror $(FMT_FILES) || \
	    { echo "fmt-check: the files above differ from .clang-format: run make fmt"; exit 1; }

clean:
	rm -rf $(BUILD)

-include $(shell find $(OBJDIR) -name '*.d' 2>/dev/null)
