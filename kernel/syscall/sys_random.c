/*
 * sys_random.c - getrandom(2).
 *
 * The bytes come from a small generator (splitmix64) whose state is
 * stirred with arch_random_seed (TSC, and RDRAND when the CPU has it) on
 * every call.  That is unpredictable enough for what programs use
 * getrandom for at startup (hash-table seeds, stack canaries, malloc
 * randomisation), but it is not a cryptographic generator: nothing here
 * should guard a secret.  The pool never runs dry, so GRND_NONBLOCK and
 * GRND_RANDOM change nothing.
 */
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/syscall_table.h"

#define GRND_NONBLOCK 1
#define GRND_RANDOM   2
#define GRND_INSECURE 4
/* Linux's cap on one call: a larger request returns this many bytes. */
#define GETRANDOM_MAX ((32u << 20) - 1)
#define CHUNK	      256

static uint64_t state;

static uint64_t splitmix64(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

long sys_getrandom(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	uint64_t flags = (uint32_t)a2;
	if (a2 & ~(uint64_t)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	uint64_t len = a1 > GETRANDOM_MAX ? GETRANDOM_MAX : a1;
	if (!user_range_ok(a0, len))
		return -EFAULT;
	state ^= arch_random_seed();
	uint8_t chunk[CHUNK];
	uint64_t done = 0;
	while (done < len) {
		uint64_t n = len - done < CHUNK ? len - done : CHUNK;
		for (uint64_t i = 0; i < n; i += 8) {
			uint64_t r = splitmix64();
			for (uint64_t b = 0; b < 8 && i + b < n; b++)
				chunk[i + b] = (uint8_t)(r >> (8 * b));
		}
		if (copy_to_user(a0 + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}
