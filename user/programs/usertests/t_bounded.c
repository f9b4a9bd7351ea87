/*
 * t_bounded.c - memory calls bounded by what exists (issue 14): huge
 * munmap and mmap return at once, the free-space search is not
 * quadratic, the first 64 KiB stay unmapped, and mprotect.  Each stall
 * check runs beside a heartbeat process that must never miss more than a
 * few ticks.
 */
#include <string.h>
#include <sys/mman.h>
#include <syscall.h>

#include "ut.h"

#define TIB	      (1UL << 40)
#define GIB	      (1UL << 30)
#define QUICK_NS      (500 * 1000000L) /* "at once": half a second */
#define ANON	      (MAP_PRIVATE | MAP_ANONYMOUS)
#define USER_HALF_END 0x7ffffffff000UL

static long map_at(unsigned long addr, unsigned long len, int prot, int flags)
{
	return sys_mmap((void *)addr, len, prot, ANON | flags, -1, 0);
}

/* The whole user half from 64 KiB: the program unmaps itself, so it runs
 * in a child that dies of SIGSEGV on the first instruction after. */
static int unmap_everything(long unused)
{
	(void)unused;
	sys_raw(SYS_munmap, 0x10000, USER_HALF_END - 0x10000, 0, 0, 0, 0);
	return 0; /* never reached: the code is gone */
}

int test_munmap_huge(void)
{
	long hb = heartbeat_start();
	CHECK(hb > 0, "heartbeat: error %ld", -hb);

	int64_t t0 = now_ns();
	CHECK_EQ(sys_munmap((void *)(2 * TIB), TIB), 0); /* nothing there */
	CHECK_EQ(sys_munmap((void *)0x10000, 1), 0);
	int64_t t1 = now_ns();
	long status = reap(spawn(unmap_everything, 0));
	int64_t t2 = now_ns();

	long gap = heartbeat_stop(hb);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	      "the self-unmapping child: %s", describe_status(status));
	CHECK(t1 - t0 < QUICK_NS, "munmap of 1 TiB took %ld ms",
	      (long)((t1 - t0) / 1000000));
	CHECK(t2 - t1 < QUICK_NS, "munmap of the user half took %ld ms",
	      (long)((t2 - t1) / 1000000));
	CHECK(gap >= 0 && gap <= HEARTBEAT_MAX_MS, "heartbeat gap %ld ms", gap);
	printf("  (munmap 1 TiB: %ld us, whole user half in a child: %ld us, "
	       "heartbeat gap %ld ms)\n",
	       (long)((t1 - t0) / 1000), (long)((t2 - t1) / 1000), gap);
	return T_OK;
}

int test_mmap_huge(void)
{
	long hb = heartbeat_start();
	CHECK(hb > 0, "heartbeat: error %ld", -hb);
	int64_t t0 = now_ns();

	/* A reservation costs nothing, however large. */
	long fixed = map_at(3 * TIB, TIB, PROT_NONE, MAP_FIXED);
	long any = map_at(0, TIB, PROT_NONE, 0);
	/* Backed memory beyond what exists fails at once. */
	long rw = map_at(0, TIB, PROT_READ | PROT_WRITE, 0);
	long rw_fixed = map_at(5 * TIB, TIB, PROT_READ | PROT_WRITE, MAP_FIXED);
	long unmap = sys_munmap((void *)(3 * TIB), TIB);
	int64_t t1 = now_ns();
	long gap = heartbeat_stop(hb);

	CHECK_EQ(fixed, 3 * TIB);
	CHECK(any > 0 && (any & (PAGE_SIZE - 1)) == 0, "mmap: error %ld", -any);
	CHECK((unsigned long)any + TIB <= 3 * TIB ||
		  (unsigned long)any >= 4 * TIB,
	      "the reservation at %lx overlaps the fixed one", any);
	CHECK_EQ(rw, -ENOMEM);
	CHECK_EQ(rw_fixed, -ENOMEM);
	CHECK_EQ(unmap, 0);
	CHECK(t1 - t0 < QUICK_NS, "the 1 TiB calls took %ld ms",
	      (long)((t1 - t0) / 1000000));
	CHECK(gap >= 0 && gap <= HEARTBEAT_MAX_MS, "heartbeat gap %ld ms", gap);
	/* A reservation is not accessible. */
	catch_faults(SIGSEGV);
	try_read8((void *)any);
	CHECK(fault.count == 1, "read of a PROT_NONE reservation worked");
	printf("  (five 1 TiB mmap/munmap calls: %ld us)\n",
	       (long)((t1 - t0) / 1000));
	return T_OK;
}

/* One page 1 GiB above the next mmap address; a 2 GiB mmap used to slide
 * past it one page at a time, re-checking its whole length each step. */
int test_mmap_search(void)
{
	long first = map_at(0, PAGE_SIZE, PROT_READ, 0);
	CHECK(first > 0, "mmap: error %ld", -first);
	unsigned long blocker = (unsigned long)first + PAGE_SIZE + GIB;
	CHECK_EQ(map_at(blocker, PAGE_SIZE, PROT_READ, MAP_FIXED), blocker);

	long hb = heartbeat_start();
	CHECK(hb > 0, "heartbeat: error %ld", -hb);
	int64_t t0 = now_ns();
	long big = map_at(0, 2 * GIB, PROT_NONE, 0);
	int64_t t1 = now_ns();
	long gap = heartbeat_stop(hb);

	CHECK(big > 0, "mmap 2 GiB: error %ld", -big);
	CHECK((unsigned long)big >= blocker + PAGE_SIZE ||
		  (unsigned long)big + 2 * GIB <= (unsigned long)first,
	      "2 GiB at %lx overlaps the page at %lx", big, blocker);
	CHECK(t1 - t0 < QUICK_NS, "the search took %ld ms",
	      (long)((t1 - t0) / 1000000));
	CHECK(gap >= 0 && gap <= HEARTBEAT_MAX_MS, "heartbeat gap %ld ms", gap);
	/* A free hint is used even below the others, so holes are found. */
	CHECK_EQ(sys_munmap((void *)big, 2 * GIB), 0);
	long again = map_at((unsigned long)big, 2 * GIB, PROT_NONE, 0);
	CHECK_EQ(again, big);
	return T_OK;
}

int test_mmap_min_addr(void)
{
	const int rw = PROT_READ | PROT_WRITE;

	CHECK_EQ(map_at(0, PAGE_SIZE, rw, MAP_FIXED), -EPERM);
	CHECK_EQ(map_at(0x1000, PAGE_SIZE, rw, MAP_FIXED), -EPERM);
	CHECK_EQ(map_at(0xf000, PAGE_SIZE, PROT_NONE, MAP_FIXED), -EPERM);
	CHECK_EQ(map_at(0x10000, PAGE_SIZE, rw, MAP_FIXED), 0x10000);
	*(volatile int *)0x10000 = 1;
	CHECK_EQ(sys_munmap((void *)0x10000, PAGE_SIZE), 0);
	/* A hint below it is moved, not refused. */
	long hinted = map_at(0x1000, PAGE_SIZE, rw, 0);
	CHECK(hinted >= 0x10000, "hint 0x1000 gave %lx", hinted);
	/* A free hint above it is taken, as on Linux. */
	CHECK_EQ(map_at(0x200000000000UL, PAGE_SIZE, rw, 0), 0x200000000000UL);
	return T_OK;
}

int test_mprotect(void)
{
	long r = map_at(0, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE, 0);
	CHECK(r > 0, "mmap: error %ld", -r);
	char *p = (char *)r;
	memset(p, 0x5a, 4 * PAGE_SIZE);

	/* Errors first: nothing may change. */
	CHECK_EQ(sys_mprotect(p + 1, PAGE_SIZE, PROT_READ), -EINVAL);
	CHECK_EQ(sys_mprotect(p, PAGE_SIZE, 0x10), -EINVAL);
	CHECK_EQ(sys_mprotect(p, 5 * PAGE_SIZE, PROT_READ), -ENOMEM);
	CHECK_EQ(sys_mprotect((void *)0x800000000000UL, 1, 0), -ENOMEM);
	CHECK_EQ(sys_mprotect(p, 0, PROT_NONE), 0);
	p[4 * PAGE_SIZE - 1] = 1; /* still writable */

	/* Read-only: reads work, a write is an access fault. */
	CHECK_EQ(sys_mprotect(p + PAGE_SIZE, 1, PROT_READ), 0);
	catch_faults(SIGSEGV);
	CHECK(p[PAGE_SIZE + 7] == 0x5a, "contents lost");
	try_write32(p + PAGE_SIZE + 8);
	CHECK(fault.count == 1, "write to a PROT_READ page worked");
	CHECK_EQ(fault.code, SEGV_ACCERR);
	CHECK_EQ(sys_read(0, p + PAGE_SIZE, 0), 0);
	CHECK_EQ(sys_clock_gettime(CLOCK_MONOTONIC,
				   (struct timespec *)(p + PAGE_SIZE)),
		 -EFAULT);

	/* PROT_NONE: nothing reaches it, not even the kernel's copies. */
	CHECK_EQ(sys_mprotect(p + 2 * PAGE_SIZE, PAGE_SIZE, PROT_NONE), 0);
	try_read8(p + 2 * PAGE_SIZE);
	CHECK(fault.count == 2, "read of a PROT_NONE page worked");
	CHECK_EQ(fault.addr, (uint64_t)(p + 2 * PAGE_SIZE));
	CHECK_EQ(sys_write(1, p + 2 * PAGE_SIZE, 1), -EFAULT);

	/* Contents survive, in a fork too. */
	long pid = sys_fork();
	if (pid == 0) {
		if (sys_mprotect(p, 4 * PAGE_SIZE, PROT_READ) != 0)
			sys_exit_group(1);
		sys_exit_group(p[2 * PAGE_SIZE + 9] == 0x5a ? 0 : 2);
	}
	long status = reap(pid);
	CHECK(status == 0, "child: %s", describe_status(status));
	CHECK_EQ(sys_mprotect(p, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE), 0);
	CHECK(p[2 * PAGE_SIZE + 9] == 0x5a, "PROT_NONE lost the contents");
	p[PAGE_SIZE + 8] = 3;

	/* A reservation made accessible is fresh zeroed memory. */
	long res = map_at(0, 8 * PAGE_SIZE, PROT_NONE, 0);
	CHECK(res > 0, "mmap PROT_NONE: error %ld", -res);
	CHECK_EQ(sys_mprotect((void *)(res + 2 * PAGE_SIZE), 2 * PAGE_SIZE,
			      PROT_READ | PROT_WRITE),
		 0);
	CHECK(((volatile char *)res)[2 * PAGE_SIZE + 100] == 0, "not zero");
	((volatile char *)res)[3 * PAGE_SIZE + 100] = 7;
	try_read8((void *)(res + 4 * PAGE_SIZE));
	CHECK(fault.count == 3, "the rest of the reservation is readable");
	/* A 1 TiB reservation made accessible fails at once. */
	long huge = map_at(0, TIB, PROT_NONE, 0);
	CHECK(huge > 0, "mmap 1 TiB PROT_NONE: error %ld", -huge);
	int64_t t0 = now_ns();
	CHECK_EQ(sys_mprotect((void *)huge, TIB, PROT_READ), -ENOMEM);
	CHECK_EQ(sys_mprotect((void *)huge, TIB, PROT_NONE), 0);
	CHECK(now_ns() - t0 < QUICK_NS, "mprotect of 1 TiB was slow");
	return T_OK;
}

static int mprotect_churn(long unused)
{
	(void)unused;
	for (int i = 0; i < 50; i++) {
		long r = map_at(0, 16 * PAGE_SIZE, PROT_NONE, 0);
		if (r < 0)
			return 1;
		if (sys_mprotect((void *)(r + PAGE_SIZE), 8 * PAGE_SIZE,
				 PROT_READ | PROT_WRITE))
			return 2;
		((volatile char *)r)[PAGE_SIZE] = 1;
		if (sys_mprotect((void *)(r + 2 * PAGE_SIZE), PAGE_SIZE,
				 PROT_NONE))
			return 3;
		if (i & 1 && sys_munmap((void *)r, 16 * PAGE_SIZE))
			return 4;
		map_at((unsigned long)r + GIB * (unsigned long)i, PAGE_SIZE,
		       PROT_READ, MAP_FIXED);
	}
	return 0; /* exit frees the rest, with the page tables */
}

/* mprotect, PROT_NONE pages and scattered mappings give back every frame. */
int test_mprotect_frames(void)
{
	long warm = reap(spawn(mprotect_churn, 0));
	CHECK(warm == 0, "child: %s", describe_status(warm));
	long before = sys_pc_free_frames();
	long status = reap(spawn(mprotect_churn, 0));
	CHECK(status == 0, "child: %s", describe_status(status));
	long after = settled_free_frames(before);
	CHECK(after == before, "%ld frames before, %ld after", before, after);
	return T_OK;
}
