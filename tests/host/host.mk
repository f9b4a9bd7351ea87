# Host unit tests (cmocka, built with ASan + UBSan).
# Each test is registered with two lines:
#   HOST_TESTS += NAME
#   NAME_SRCS  := tests/host/test_NAME.c <the kernel sources it tests>
# The Makefile builds build/host/test_NAME and `make host-test` runs them all.

HOST_TESTS += format
format_SRCS := tests/host/test_format.c kernel/lib/format.c

HOST_TESTS += cmdline
cmdline_SRCS := tests/host/test_cmdline.c kernel/cmdline.c

HOST_TESTS += multiboot2 multiboot2_hostile multiboot2_fuzz
MB2_TEST_COMMON := tests/host/mb2_builder.c kernel/multiboot2.c kernel/efi_mmap.c
multiboot2_SRCS := tests/host/test_multiboot2.c $(MB2_TEST_COMMON)
multiboot2_hostile_SRCS := tests/host/test_multiboot2_hostile.c $(MB2_TEST_COMMON)
multiboot2_fuzz_SRCS := tests/host/test_multiboot2_fuzz.c $(MB2_TEST_COMMON)
HOST_TESTS += efi_mmap
efi_mmap_SRCS := tests/host/test_efi_mmap.c $(MB2_TEST_COMMON)

HOST_TESTS += frame
frame_SRCS := tests/host/test_frame.c kernel/mm/frame.c

HOST_TESTS += heap
heap_SRCS  := tests/host/test_heap.c kernel/mm/heap.c
# The heap's double-free and overrun checks exist only in KDEBUG builds.
$(BUILD)/host/test_heap: HOST_CFLAGS += -DKDEBUG=1

HOST_TESTS += elf elf_fuzz
elf_SRCS := tests/host/test_elf.c tests/host/elf_builder.c kernel/exec/elf.c kernel/lib/format.c
elf_fuzz_SRCS := tests/host/test_elf_fuzz.c tests/host/elf_builder.c kernel/exec/elf.c kernel/lib/format.c

HOST_TESTS += user_stack
user_stack_SRCS := tests/host/test_user_stack.c kernel/exec/user_stack.c

HOST_TESTS += signal_decode
signal_decode_SRCS := tests/host/test_signal_decode.c arch/x86_64/user_fault_decode.c kernel/lib/format.c

HOST_TESTS += io_bits
io_bits_SRCS := tests/host/test_io_bits.c kernel/io/io_bits.c

HOST_TESTS += acpi acpi_tables acpi_fadt
ACPI_TEST_COMMON := tests/host/acpi_builder.c kernel/acpi/acpi.c
acpi_SRCS := tests/host/test_acpi.c $(ACPI_TEST_COMMON)
acpi_tables_SRCS := tests/host/test_acpi_tables.c $(ACPI_TEST_COMMON)
acpi_fadt_SRCS := tests/host/test_acpi_fadt.c $(ACPI_TEST_COMMON)

HOST_TESTS += vm_region
vm_region_SRCS := tests/host/test_vm_region.c kernel/mm/vm_region.c
HOST_TESTS += cpio
cpio_SRCS := tests/host/test_cpio.c kernel/fs/cpio.c kernel/lib/string.c

HOST_TESTS += init_command
init_command_SRCS := tests/host/test_init_command.c kernel/exec/init_command.c
HOST_TESTS += madt
madt_SRCS := tests/host/test_madt.c kernel/acpi/madt.c
