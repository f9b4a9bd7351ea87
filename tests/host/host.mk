# Host unit tests (cmocka, built with ASan + UBSan).
# Each test is registered with two lines:
#   HOST_TESTS += NAME
#   NAME_SRCS  := tests/host/test_NAME.c <the kernel sources it tests>
# The Makefile builds build/host/test_NAME and `make host-test` runs them all.

HOST_TESTS += format
format_SRCS := tests/host/test_format.c kernel/lib/format.c

HOST_TESTS += cmdline
cmdline_SRCS := tests/host/test_cmdline.c kernel/cmdline.c

HOST_TESTS += multiboot2
multiboot2_SRCS := tests/host/test_multiboot2.c kernel/multiboot2.c
