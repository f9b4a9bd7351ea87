/*
 * t_mem.c - brk, mmap/munmap and arch_prctl.
 */
#include <string.h>
#include <sys/mman.h>

#include "ut.h"

#define PAGE_ROUND_UP(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

/* All bytes in [p, p + len) equal to c? */
static bool all_bytes(const volatile char *p, size_t len, char c)
{
	for (size_t i = 0; i < len; i++) {
		if (p[i] != c)
			return false;
	}
	return true;
}

/* Page-fault error code bits (REG_ERR for trap 14). */
#define PF_PRESENT 0x1
#define PF_WRITE   0x2
#define PF_USER	   0x4
#define PF_FETCH   0x10

int test_brk(void)
{
	const unsigned long grow = 64 * 1024;
	unsigned long start = (unsigned long)sys_brk(NULL);

	CHECK(start != 0 && start < 0x800000000000UL, "brk(0) = %p",
	      (void *)start);
	CHECK_EQ(sys_brk((void *)(start + grow)), start + grow);

	/* New memory is zeroed and usable, up to the last byte. */
	volatile char *p = (volatile char *)start;

	CHECK(all_bytes(p, grow, 0), "new brk memory not zeroed");
	memset((char *)p, 0xa5, grow);
	CHECK(all_bytes(p, grow, (char)0xa5), "brk memory did not hold data");

	/* Shrink and grow again: whole pages given back come back zeroed. */
	unsigned long page = PAGE_ROUND_UP(start);

	CHECK_EQ(sys_brk((void *)start), start);
	CHECK_EQ(sys_brk((void *)(start + grow)), start + grow);
	CHECK(all_bytes((volatile char *)page, start + grow - page, 0),
	      "regrown brk memory not zeroed");

	/* Failure is not -errno: brk returns the unchanged break.  A break
	 * in the kernel half, or below the start, must fail. */
	CHECK_EQ(sys_brk((void *)0xffff800000000000UL), start + grow);
	CHECK_EQ(sys_brk((void *)0x1000), start + grow);
	CHECK_EQ(sys_brk(NULL), start + grow);
	return T_OK;
}

static long map_anon(size_t len, int prot)
{
	return sys_mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

int test_mmap_anon(void)
{
	const size_t len = 3 * PAGE_SIZE;
	long r = map_anon(len, PROT_READ | PROT_WRITE);

	CHECK(r > 0, "mmap: error %ld", -r);
	CHECK((r & (PAGE_SIZE - 1)) == 0, "mmap returned unaligned %p",
	      (void *)r);

	volatile char *p = (volatile char *)r;

	CHECK(all_bytes(p, len, 0), "anonymous memory not zeroed");
	for (size_t i = 0; i < len; i++)
		p[i] = (char)i;
	for (size_t i = 0; i < len; i++)
		CHECK(p[i] == (char)i, "byte %zu did not hold its value", i);

	CHECK_EQ(sys_munmap((void *)p, len), 0);

	/* Gone now: reading any of it is a fault on an unmapped address. */
	catch_faults(SIGSEGV);
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		int before = fault.count;

		try_read8(p + off + 5);
		CHECK(fault.count == before + 1, "read after munmap worked");
		CHECK_EQ(fault.signo, SIGSEGV);
		CHECK_EQ(fault.code, SEGV_MAPERR);
		CHECK_EQ(fault.addr, (uint64_t)(p + off + 5));
		CHECK_EQ(fault.cr2, (uint64_t)(p + off + 5));
		CHECK_EQ(fault.trapno, 14);
		CHECK_EQ(fault.err, PF_USER); /* read, not present */
		CHECK_EQ(fault.rip, fault_rip());
	}
	return T_OK;
}

int test_mmap_readonly(void)
{
	long r = map_anon(PAGE_SIZE, PROT_READ);

	CHECK(r > 0, "mmap: error %ld", -r);

	volatile char *p = (volatile char *)r;

	CHECK(all_bytes(p, PAGE_SIZE, 0), "read-only page not zeroed");
	/* The read above made the page present, so this is a protection
	 * fault, not a missing page. */
	catch_faults(SIGSEGV);
	try_write32(p + 16);
	CHECK(fault.count == 1, "write to a read-only page worked");
	CHECK_EQ(fault.code, SEGV_ACCERR);
	CHECK_EQ(fault.addr, (uint64_t)(p + 16));
	CHECK_EQ(fault.trapno, 14);
	CHECK_EQ(fault.err, PF_USER | PF_WRITE | PF_PRESENT);
	CHECK(p[16] == 0, "the faulting write changed memory");
	return T_OK;
}

/* Data pages must be no-execute (EFER.NXE and the NX bit). */
int test_mmap_nx(void)
{
	long r = map_anon(PAGE_SIZE, PROT_READ | PROT_WRITE);

	CHECK(r > 0, "mmap: error %ld", -r);
	*(volatile unsigned char *)r = 0xc3; /* ret */

	catch_faults(SIGSEGV);
	try_jump((void *)r);
	CHECK(fault.count == 1, "executed a page mapped without PROT_EXEC");
	CHECK_EQ(fault.code, SEGV_ACCERR);
	CHECK_EQ(fault.addr, r);
	CHECK_EQ(fault.rip, r);
	CHECK_EQ(fault.trapno, 14);
	CHECK_EQ(fault.err, PF_USER | PF_FETCH | PF_PRESENT);
	return T_OK;
}

/* Each call has exactly one thing wrong.  Checked against Linux. */
int test_mmap_einval(void)
{
	const int rw = PROT_READ | PROT_WRITE;
	const int anon = MAP_PRIVATE | MAP_ANONYMOUS;

	CHECK_EQ(sys_mmap(NULL, 0, rw, anon, -1, 0), -EINVAL);
	CHECK_EQ(sys_mmap(NULL, PAGE_SIZE, rw, MAP_ANONYMOUS, -1, 0), -EINVAL);
	CHECK_EQ(sys_mmap(NULL, PAGE_SIZE, rw,
			  MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		 -EINVAL);
	CHECK_EQ(sys_mmap(NULL, PAGE_SIZE, rw, anon, -1, 123), -EINVAL);
	CHECK_EQ(sys_mmap((void *)0x10000123, PAGE_SIZE, rw, anon | MAP_FIXED,
			  -1, 0),
		 -EINVAL);
	return T_OK;
}

/* Without MAP_ANONYMOUS, mmap maps a file, and fd -1 is no file. */
int test_mmap_ebadf(void)
{
	const int rw = PROT_READ | PROT_WRITE;

	CHECK_EQ(sys_mmap(NULL, PAGE_SIZE, rw, MAP_SHARED, -1, 0), -EBADF);
	CHECK_EQ(sys_mmap(NULL, PAGE_SIZE, rw, MAP_PRIVATE, -1, 0), -EBADF);
	CHECK_EQ(sys_mmap(NULL, PAGE_SIZE, rw, MAP_PRIVATE, 99, 0), -EBADF);
	return T_OK;
}

static uint64_t tls_block[4] = {0x1111, 0x2222222233333333ULL, 0x4444, 0x5555};

static uint64_t load_fs8(void)
{
	uint64_t v;

	__asm__ volatile("movq %%fs:8, %0" : "=r"(v) : : "memory");
	return v;
}

static int fs_child(long unused)
{
	(void)unused;
	/* fork copies the FS base along with everything else. */
	return load_fs8() == tls_block[1] ? 0 : 1;
}

int test_arch_prctl(void)
{
	unsigned long fs = 1;

	CHECK_EQ(sys_arch_prctl(ARCH_SET_FS, (unsigned long)tls_block), 0);
	CHECK_EQ(sys_arch_prctl(ARCH_GET_FS, (unsigned long)&fs), 0);
	CHECK_EQ(fs, (unsigned long)tls_block);
	CHECK_EQ(load_fs8(), tls_block[1]);

	/* It must survive being switched out and back in. */
	for (int i = 0; i < 10; i++)
		sys_sched_yield();
	sleep_ms(10);
	CHECK_EQ(load_fs8(), tls_block[1]);

	long status = reap(spawn(fs_child, 0));

	CHECK(status == 0, "child: %s", describe_status(status));
	return T_OK;
}

/*
 * The kernel loads FS base with WRMSR, which faults in the kernel on a
 * non-canonical address: such addresses (and kernel ones) must be
 * refused up front, with -EPERM as on Linux.
 */
int test_arch_prctl_bad(void)
{
	CHECK_EQ(sys_arch_prctl(ARCH_SET_FS, 0x800000000000UL), -EPERM);
	CHECK_EQ(sys_arch_prctl(ARCH_SET_FS, 0xffff800000000000UL), -EPERM);
	CHECK_EQ(sys_arch_prctl(ARCH_SET_FS, 0xdead000000000000UL), -EPERM);
	CHECK_EQ(sys_arch_prctl(ARCH_GET_FS, 0xffffffff80000000UL), -EFAULT);
	CHECK_EQ(sys_arch_prctl(0x9999, 0), -EINVAL);
	return T_OK;
}
